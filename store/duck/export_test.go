package duck

import (
	"context"
	"database/sql"
)

// MigrateTo brings the database at path to version v of the migrations,
// so that tests can make files of released versions.
func MigrateTo(path string, v int) error {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return err
	}
	defer db.Close()
	return migrate(context.Background(), db, path, migrations[:v])
}

// DB returns the store's database, for tests that look at the tables.
func (s *Store) DB() *sql.DB { return s.db }

// The knowledge document's encoding, for the round-trip fuzz test.
var (
	EncodeKnowledge      = encodeKnowledge
	EncodeKnowledgeBatch = knowledgeDocs
	DecodeKnowledge      = decodeKnowledge
	KnowledgeParts       = parts
)

// PartBytes is the most bytes of a part of a knowledge document.
const PartBytes = partBytes
