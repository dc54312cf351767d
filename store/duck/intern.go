package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// internLimit caps the values an interner remembers. When a commit leaves
// more, it forgets them all and starts again: a value seen later gets a
// new row and ID, which costs a little space but no correctness, since
// nothing requires a side table to hold each value once.
const internLimit = 1 << 18

// interner gives the repeated values of a side table (actors, event_types,
// rules, ...) small integer IDs, so that event_rows stores an INTEGER
// instead of the strings. It remembers the IDs of values stored before and
// collects the values new in the running Put, which Put appends to the
// side table in its transaction. Only Put (under Store.wmu) and Open use
// it.
//
// K is the value's comparable key, V what the side table's row is made
// from (often a pointer into the batch, dropped at commit or rollback).
type interner[K comparable, V any] struct {
	table   string                                 // the side table: id INTEGER, then columns
	columns string                                 // its columns after id, for reading it back
	scan    func(*sql.Rows) (K, int32, error)      // reads a row of id, columns
	row     func([]driver.Value, V) []driver.Value // appends the values of columns
	ids     map[K]int32
	next    int32 // ID of the next new value; IDs start at 1
	keys    []K   // keys of the values new in the running Put
	vals    []V   // the values; vals[i] has ID first()+i
}

func newInterner[K comparable, V any](table, columns string, scan func(*sql.Rows) (K, int32, error), row func([]driver.Value, V) []driver.Value) *interner[K, V] {
	return &interner[K, V]{table: table, columns: columns, scan: scan, row: row, ids: make(map[K]int32), next: 1}
}

// id returns the ID of the value with key k, giving v a new one if k is
// not known.
func (in *interner[K, V]) id(k K, v V) int32 {
	if id, ok := in.ids[k]; ok {
		return id
	}
	id := in.next
	in.next++
	in.ids[k] = id
	in.keys = append(in.keys, k)
	in.vals = append(in.vals, v)
	return id
}

// first returns the ID of vals[0].
func (in *interner[K, V]) first() int32 { return in.next - int32(len(in.vals)) }

// appendNew appends the rows of the values new in the running Put.
func (in *interner[K, V]) appendNew(ctx context.Context, c driver.Conn) error {
	if len(in.vals) == 0 {
		return nil
	}
	err := appendTable(ctx, c, in.table, func(ap *duckdb.Appender) error {
		var row []driver.Value
		first := in.first()
		for i, v := range in.vals {
			row = in.row(append(row[:0], first+int32(i)), v)
			if err := ap.AppendRow(row...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", in.table, err)
	}
	return nil
}

// load reads the table's values, newest first, up to internLimit of
// them.
func (in *interner[K, V]) load(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT id, `+in.columns+` FROM `+in.table+
		` ORDER BY id DESC LIMIT `+strconv.Itoa(internLimit))
	if err != nil {
		return fmt.Errorf("%s: %w", in.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		k, id, err := in.scan(rows)
		if err != nil {
			return fmt.Errorf("%s: %w", in.table, err)
		}
		in.ids[k] = id
		in.next = max(in.next, id+1)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", in.table, err)
	}
	return nil
}

// rollback forgets the values of a Put that was rolled back.
func (in *interner[K, V]) rollback() {
	for _, k := range in.keys {
		delete(in.ids, k)
	}
	in.next -= int32(len(in.keys))
	in.reset()
}

// commit keeps the values of a Put that committed.
func (in *interner[K, V]) commit() {
	in.reset()
	if len(in.ids) > internLimit {
		clear(in.ids)
	}
}

func (in *interner[K, V]) reset() {
	clear(in.keys)
	clear(in.vals)
	in.keys, in.vals = in.keys[:0], in.vals[:0]
}
