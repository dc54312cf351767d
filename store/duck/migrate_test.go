package duck

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// openRaw opens a DuckDB file without the store around it.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func tableExists(t *testing.T, db *sql.DB, name string) bool {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM duckdb_tables() WHERE table_name = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// Ensure that a later migration runs on a database of an earlier version.
func TestMigrateUp(t *testing.T) {
	ctx := context.Background()
	db := openRaw(t, filepath.Join(t.TempDir(), "m.duckdb"))
	if err := migrate(ctx, db, "m", migrations); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO ingest_errors VALUES (1, 'in', '', 'read', 'boom', now()::TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	next := SchemaVersion() + 1
	later := append(append([]migration(nil), migrations...), migration{version: next, stmts: []string{
		`ALTER TABLE ingest_errors ADD COLUMN severity VARCHAR DEFAULT 'error'`,
	}})
	if err := migrate(ctx, db, "m", later); err != nil {
		t.Fatal(err)
	}
	var v int
	var severity string
	if err := db.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&v); err != nil || v != next {
		t.Errorf("version after migrating = %d, %v; want %d", v, err, next)
	}
	if err := db.QueryRow(`SELECT severity FROM ingest_errors`).Scan(&severity); err != nil || severity != "error" {
		t.Errorf("migrated row: severity %q, %v", severity, err)
	}
	// Running the list again changes nothing.
	if err := migrate(ctx, db, "m", later); err != nil {
		t.Errorf("migrate again: %v", err)
	}
}

// Ensure that a failing migration leaves the database as it was.
func TestMigrateAtomic(t *testing.T) {
	ctx := context.Background()
	db := openRaw(t, filepath.Join(t.TempDir(), "m.duckdb"))
	if err := migrate(ctx, db, "m", migrations); err != nil {
		t.Fatal(err)
	}
	cur := SchemaVersion()
	bad := append(append([]migration(nil), migrations...), migration{version: cur + 1, stmts: []string{
		`CREATE TABLE half_done (x INTEGER)`,
		`ALTER TABLE no_such_table ADD COLUMN y INTEGER`,
	}})
	err := migrate(ctx, db, "m.duckdb", bad)
	if want := fmt.Sprintf("version %d", cur+1); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "m.duckdb") {
		t.Errorf("failing migration: err = %v; want one naming the file and %s", err, want)
	}
	if v, err := schemaVersion(ctx, db); err != nil || v != cur {
		t.Errorf("version after a failed migration = %d, %v; want %d", v, err, cur)
	}
	if tableExists(t, db, "half_done") {
		t.Error("a failed migration left its first statement's table behind")
	}
	// A fresh database where the first migration fails keeps no schema_version.
	db0 := openRaw(t, filepath.Join(t.TempDir(), "m0.duckdb"))
	if err := migrate(ctx, db0, "m0", []migration{{version: 1, stmts: []string{`CREATE TABLE a (x INTEGER)`, `nonsense`}}}); err == nil {
		t.Error("migrate with a broken first migration succeeded")
	}
	if tableExists(t, db0, "schema_version") || tableExists(t, db0, "a") {
		t.Error("a failed first migration left tables behind")
	}
}

func TestMigrationsOrdered(t *testing.T) {
	for i, m := range migrations {
		if m.version != i+1 {
			t.Errorf("migrations[%d] has version %d, want %d", i, m.version, i+1)
		}
	}
}

// Ensure that Daily aggregates as the daily_events view does: the view is
// the query Daily runs without filters.
func TestDailyView(t *testing.T) {
	if got := dailySelect(&where{}); got != dailyV2 {
		t.Errorf("dailySelect(TRUE) =\n%s\nthe daily_events view of version 2 is\n%s", got, dailyV2)
	}
}
