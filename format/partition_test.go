package format_test

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
)

// spanEvents are seven events over three months of 2024 and one without
// a date, out of date order so that several partitions are open at once:
//
//	year=2024/month=01  3 events (earliest 2024-01-05)
//	year=2024/month=02  1 event
//	year=2024/month=03  2 events
//	year=0000/month=00  1 event
func spanEvents() []avocet.StoredEvent {
	mk := func(id string, date time.Time) avocet.StoredEvent {
		e := parquetEvents()[0]
		e.ID, e.Date = id, date
		return e
	}
	noDate := parquetEvents()[1] // no date, no location, non-ASCII sentence
	return []avocet.StoredEvent{
		mk("e1", day(2024, 3, 2)),
		mk("e2", day(2024, 1, 31)),
		mk("e3", day(2024, 1, 5)),
		noDate,
		mk("e5", day(2024, 2, 29)),
		mk("e6", day(2024, 3, 31)),
		mk("e7", day(2024, 1, 20)),
	}
}

// tree returns the files under dir, relative and slash-separated.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func exportEvents(t *testing.T, dir string, opt *format.PartitionOptions, events []avocet.StoredEvent) *format.PartitionWriter {
	t.Helper()
	w := format.NewPartitionWriter(dir, opt)
	for i := range events {
		if err := w.Write(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w
}

// eventIDs reads the event_id column of a Parquet file.
func eventIDs(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range readAll[eventRecord](t, data) {
		ids = append(ids, r.EventID)
	}
	return ids
}

func TestPartitionLayout(t *testing.T) {
	tests := []struct {
		name   string
		opt    *format.PartitionOptions
		events []avocet.StoredEvent
		want   map[string][]string // file → event IDs in it
		reason string
	}{
		{
			name:   "months and no date",
			events: spanEvents(),
			want: map[string][]string{
				"events/year=0000/month=00/part-00000.parquet": {"a2-3-1"},
				"events/year=2024/month=01/part-00000.parquet": {"e2", "e3", "e7"},
				"events/year=2024/month=02/part-00000.parquet": {"e5"},
				"events/year=2024/month=03/part-00000.parquet": {"e1", "e6"},
			},
		},
		{
			name:   "rolls after RowsPerFile",
			opt:    &format.PartitionOptions{RowsPerFile: 2},
			events: spanEvents(),
			want: map[string][]string{
				"events/year=0000/month=00/part-00000.parquet": {"a2-3-1"},
				"events/year=2024/month=01/part-00000.parquet": {"e2", "e3"},
				"events/year=2024/month=01/part-00001.parquet": {"e7"},
				"events/year=2024/month=02/part-00000.parquet": {"e5"},
				"events/year=2024/month=03/part-00000.parquet": {"e1", "e6"},
			},
		},
		{
			name:   "one open file",
			opt:    &format.PartitionOptions{MaxOpen: 1},
			events: spanEvents(),
			want: map[string][]string{
				"events/year=0000/month=00/part-00000.parquet": {"a2-3-1"},
				"events/year=2024/month=01/part-00000.parquet": {"e2", "e3"},
				"events/year=2024/month=01/part-00001.parquet": {"e7"},
				"events/year=2024/month=02/part-00000.parquet": {"e5"},
				"events/year=2024/month=03/part-00000.parquet": {"e1"},
				"events/year=2024/month=03/part-00001.parquet": {"e6"},
			},
			reason: "a partition whose file was finished to make room starts a new part file",
		},
		{
			name:   "local date",
			events: []avocet.StoredEvent{{ID: "x", Event: avocet.Event{Date: time.Date(2024, 4, 1, 0, 30, 0, 0, time.FixedZone("EAT", 3*3600))}}},
			want:   map[string][]string{"events/year=2024/month=04/part-00000.parquet": {"x"}},
			reason: "the month is the calendar month the date names, not the month in UTC (March 31)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			w := exportEvents(t, dir, tc.opt, tc.events)
			var wantFiles []string
			for f := range tc.want {
				wantFiles = append(wantFiles, f)
			}
			slices.Sort(wantFiles)
			if got := tree(t, dir); !reflect.DeepEqual(got, wantFiles) {
				t.Fatalf("files (%s)\n got %q\nwant %q", tc.reason, got, wantFiles)
			}
			if got := w.Files(); !reflect.DeepEqual(got, wantFiles) {
				t.Errorf("Files() = %q, want %q", got, wantFiles)
			}
			for f, want := range tc.want {
				if got := eventIDs(t, filepath.Join(dir, f)); !reflect.DeepEqual(got, want) {
					t.Errorf("%s holds %q, want %q", f, got, want)
				}
			}
		})
	}
}

func TestEventPartition(t *testing.T) {
	for _, tc := range []struct {
		date time.Time
		want string
	}{
		{day(2024, 3, 11), "year=2024/month=03"},
		{day(1999, 12, 31), "year=1999/month=12"},
		{day(812, 7, 1), "year=0812/month=07"},
		{time.Time{}, "year=0000/month=00"},
	} {
		if got := format.EventPartition(tc.date); got != tc.want {
			t.Errorf("EventPartition(%v) = %q, want %q", tc.date, got, tc.want)
		}
	}
}

// Ensure that an unfinished export shows readers no .parquet file and a
// finished one leaves no .tmp file.
func TestPartitionTempFiles(t *testing.T) {
	dir := t.TempDir()
	events := spanEvents()
	w := format.NewPartitionWriter(dir, &format.PartitionOptions{RowsPerFile: 2})
	for i := range events {
		if err := w.Write(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	before := tree(t, dir)
	if len(before) != 5 {
		t.Errorf("%d files before Close, want 5: %q", len(before), before)
	}
	for _, f := range before {
		if !strings.HasSuffix(f, ".parquet.tmp") {
			t.Errorf("%s exists before Close", f)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	after := tree(t, dir)
	if len(after) != 5 {
		t.Errorf("%d files after Close, want 5: %q", len(after), after)
	}
	for _, f := range after {
		if !strings.HasSuffix(f, ".parquet") {
			t.Errorf("%s left after Close", f)
		}
	}
	if err := w.Write(&events[0]); err == nil {
		t.Error("Write after Close succeeded")
	}
}

// Ensure that a write error removes every file of the export, finished
// or not, and the directories it made, and fails later calls.
func TestPartitionWriteError(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full to fail writes")
	}
	dir := t.TempDir()
	march := filepath.Join(dir, "events", "year=2024", "month=03")
	if err := os.MkdirAll(march, 0o755); err != nil {
		t.Fatal(err)
	}
	// Every write to the March part file fails with ENOSPC.
	if err := os.Symlink("/dev/full", filepath.Join(march, "part-00000.parquet.tmp")); err != nil {
		t.Fatal(err)
	}
	events := spanEvents() // e1 is March, e2 January
	w := format.NewPartitionWriter(dir, &format.PartitionOptions{RowsPerFile: 1})
	if err := w.Write(&events[1]); err != nil {
		t.Fatal(err) // January: written and finished
	}
	if got := tree(t, dir); len(got) != 2 { // January's temp file and the symlink
		t.Fatalf("files before the error: %q", got)
	}
	err := w.Write(&events[0])
	if err == nil {
		t.Fatal("write to /dev/full succeeded")
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("error %v does not wrap ENOSPC", err)
	}
	if got := tree(t, dir); len(got) != 0 {
		t.Errorf("files left after the error %v: %q", err, got)
	}
	if _, err := os.Stat(filepath.Join(dir, "events", "year=2024", "month=01")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("January directory made by the export is left: %v", err)
	}
	if _, err := os.Stat(march); err != nil {
		t.Errorf("March directory, which the export did not make, was removed: %v", err)
	}
	if err2 := w.Write(&events[3]); err2 == nil {
		t.Error("Write after an error succeeded")
	}
	if err2 := w.Close(); err2 == nil {
		t.Error("Close after an error succeeded")
	}
	if got := tree(t, dir); len(got) != 0 {
		t.Errorf("files left after Close: %q", got)
	}
}

func TestPartitionAbort(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	events := spanEvents()
	w := format.NewPartitionWriter(dir, &format.PartitionOptions{RowsPerFile: 1})
	for i := range events {
		if err := w.Write(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("export directory left after Abort: %v %q", err, tree(t, dir))
	}
	if err := w.Close(); err == nil {
		t.Error("Close after Abort succeeded")
	}
}

func TestPartitionOverwrite(t *testing.T) {
	dir := t.TempDir()
	exportEvents(t, dir, &format.PartitionOptions{RowsPerFile: 1}, spanEvents())
	first := tree(t, dir)
	if len(first) != 7 {
		t.Fatalf("first export wrote %q", first)
	}

	// A second export into the same partitions stops at the first
	// existing file and leaves the first export alone.
	again := spanEvents()[:1]
	w := format.NewPartitionWriter(dir, nil)
	err := w.Write(&again[0])
	want := filepath.Join(dir, "events", "year=2024", "month=03", "part-00000.parquet")
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Overwrite") {
		t.Errorf("second export: %v, want an fs.ErrExist error naming %s", err, want)
	}
	if got := tree(t, dir); !reflect.DeepEqual(got, first) {
		t.Errorf("files after the refused export: %q, want %q", got, first)
	}

	// With Overwrite, March is replaced as a whole (its second part file
	// goes) and the other partitions stay.
	march := []avocet.StoredEvent{spanEvents()[5]}
	exportEvents(t, dir, &format.PartitionOptions{Overwrite: true}, march)
	wantFiles := []string{
		"events/year=0000/month=00/part-00000.parquet",
		"events/year=2024/month=01/part-00000.parquet",
		"events/year=2024/month=01/part-00001.parquet",
		"events/year=2024/month=01/part-00002.parquet",
		"events/year=2024/month=02/part-00000.parquet",
		"events/year=2024/month=03/part-00000.parquet",
	}
	if got := tree(t, dir); !reflect.DeepEqual(got, wantFiles) {
		t.Errorf("files after overwrite\n got %q\nwant %q", got, wantFiles)
	}
	if got := eventIDs(t, want); !reflect.DeepEqual(got, []string{"e6"}) {
		t.Errorf("March holds %q, want [e6]", got)
	}
}

func TestArticlesTo(t *testing.T) {
	dir := t.TempDir()
	arts := append(parquetArticles(), avocet.StoredArticle{Article: avocet.Article{ID: "a3", Language: "en"}, Input: "http"})
	w := format.ArticlesTo(dir, &format.PartitionOptions{RowsPerFile: 2})
	for i := range arts {
		if err := w.Write(&arts[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{"articles/part-00000.parquet", "articles/part-00001.parquet"}
	if got := tree(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("files %q, want %q", got, want)
	}
	if got := w.Files(); !reflect.DeepEqual(got, want) {
		t.Errorf("Files() = %q, want %q", got, want)
	}
	var got []avocet.StoredArticle
	for _, f := range want {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range readAll[articleRecord](t, data) {
			got = append(got, r.storedArticle())
		}
	}
	if !reflect.DeepEqual(got, arts) {
		t.Errorf("articles\n got %+v\nwant %+v", got, arts)
	}
	if err := format.ArticlesTo(dir, nil).Write(&arts[0]); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second export into articles: %v, want fs.ErrExist", err)
	}
}

// Ensure that DuckDB reads the data set as analysts will: with Hive
// partition columns, DATE dates, lists of strings and nulls.
func TestPartitionDuckDB(t *testing.T) {
	dir := t.TempDir()
	exportEvents(t, dir, &format.PartitionOptions{RowsPerFile: 2}, spanEvents())
	aw := format.ArticlesTo(dir, nil)
	arts := parquetArticles()
	for i := range arts {
		if err := aw.Write(&arts[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events := "read_parquet('" + filepath.ToSlash(filepath.Join(dir, "events", "*", "*", "*.parquet")) + "', hive_partitioning=true)"
	articles := "read_parquet('" + filepath.ToSlash(filepath.Join(dir, "articles", "*.parquet")) + "')"

	var n int
	var minDate time.Time
	if err := db.QueryRow("SELECT count(*), min(date) FROM "+events).Scan(&n, &minDate); err != nil {
		t.Fatal(err)
	}
	if n != 7 || !minDate.Equal(day(2024, 1, 5)) {
		t.Errorf("count, min(date) = %d, %v; want 7, 2024-01-05", n, minDate)
	}

	// DuckDB infers VARCHAR for zero-padded partition values; hive_types
	// makes them integers. Hand counts per partition, as in spanEvents.
	typed := strings.TrimSuffix(events, ")") + ", hive_types={'year': INTEGER, 'month': INTEGER})"
	rows, err := db.Query("SELECT year, month, count(*), count(date), count(location_lat) FROM " + typed + " GROUP BY ALL ORDER BY ALL")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var y, m, c, dates, locs int
		if err := rows.Scan(&y, &m, &c, &dates, &locs); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d/%d/%d/%d/%d", y, m, c, dates, locs))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"0/0/1/0/0", "2024/1/3/3/3", "2024/2/1/1/1", "2024/3/2/2/2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("year/month/events/dates/locations\n got %q\nwant %q", got, want)
	}

	var types, sectors, sentence string
	var negated bool
	if err := db.QueryRow("SELECT typeof(date) || ' ' || typeof(year) || ' ' || typeof(source_sectors) || ' ' || typeof(quad_class) || ' ' || typeof(negated), "+
		"array_to_string(source_sectors, ','), sentence_text, negated FROM "+typed+" WHERE year = 0").Scan(&types, &sectors, &sentence, &negated); err != nil {
		t.Fatal(err)
	}
	if types != "DATE INTEGER VARCHAR[] INTEGER BOOLEAN" || sectors != "" || !negated || sentence != parquetEvents()[1].SentenceText {
		t.Errorf("undated event: types %q, sectors %q, negated %v, sentence %q", types, sectors, negated, sentence)
	}
	var month string
	if err := db.QueryRow("SELECT array_to_string(source_sectors, ','), month FROM "+events+" WHERE event_id = 'e1'").Scan(&sectors, &month); err != nil {
		t.Fatal(err)
	}
	if sectors != "COP,GOV" || month != "03" {
		t.Errorf("e1: source_sectors %q, month %q; want COP,GOV and 03", sectors, month)
	}

	var nArt, withText int
	var ingested, ingestedType string
	if err := db.QueryRow("SELECT count(*), count(text), max(strftime(ingested AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f')), any_value(typeof(ingested)) FROM "+articles).
		Scan(&nArt, &withText, &ingested, &ingestedType); err != nil {
		t.Fatal(err)
	}
	if nArt != 2 || withText != 1 || ingested != "2024-03-12 08:30:15.123456" || ingestedType != "TIMESTAMP WITH TIME ZONE" {
		t.Errorf("articles: %d rows, %d texts, ingested %s (%s)", nArt, withText, ingested, ingestedType)
	}
}
