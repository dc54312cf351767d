package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
)

// TestMain lets the test binary act as the avocet command for the tests
// that must kill a real process.
func TestMain(m *testing.M) {
	if os.Getenv("AVOCET_TEST_AS_CLI") == "1" {
		os.Exit(exitCode(NewMain(os.Stdin, os.Stdout, os.Stderr).Run(context.Background(), os.Args[1:]), os.Stderr))
	}
	os.Exit(m.Run())
}

// news is a small JSONL input: two stories, one of them twice, and a
// broken line. The stories' events were checked by hand: a Kenyan-Ugandan
// meeting dated by "on Friday" (2024-05-03), and Ugandan police arresting
// protesters in Kampala.
const news = `{"id":"n1","date":"2024-05-06","source":"Test Wire","url":"https://example.org/n1","title":"Leaders meet in Nairobi","text":"Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Friday."}
{"id":"n2","date":"2024-05-06","source":"Test Wire","text":"Ugandan police arrested 12 protesters in Kampala on Sunday."}
{"id":"n1-again","date":"2024-05-06","source":"Test Wire","url":"https://example.org/n1","title":"Leaders meet in Nairobi","text":"Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Friday."}
{"id":"broken", "text": 
`

func TestIngestQueryExport(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "news.jsonl")
	if err := os.WriteFile(in, []byte(news), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "avocet.duckdb")
	_, stderr, code := run(t, "", "ingest", "--db", db, "--progress", "never", in)
	if code != 0 {
		t.Fatalf("ingest failed (%d): %s", code, stderr)
	}
	if !strings.Contains(stderr, "ingested 2 new article(s), 1 duplicate(s)") || !strings.Contains(stderr, "1 error record(s)") {
		t.Errorf("summary: %s", stderr)
	}
	_, stderr, code = run(t, "", "ingest", "--db", db, "--progress", "never", in)
	if code != 0 || !strings.Contains(stderr, "ingested 0 new article(s), 3 duplicate(s), 0 event(s)") {
		t.Errorf("rerun (%d): %s", code, stderr)
	}

	out, stderr, code := run(t, "", "query", "--db", db, "--source", "KEN*", "--target", "UGA*", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("query failed (%d): %s", code, stderr)
	}
	var meet map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("bad JSONL %q: %v", line, err)
		}
		if e["verb"] == "met" {
			meet = e
		}
	}
	if meet == nil {
		t.Fatalf("no meeting event in %s", out)
	}
	if meet["date"] != "2024-05-03" || meet["code"] != "040" || !strings.HasPrefix(meet["id"].(string), "") {
		t.Errorf("meeting event %v", meet)
	}
	out, _, code = run(t, "", "query", "--db", db, "--stats")
	if code != 0 || !regexp.MustCompile(`articles\s+2\b`).MatchString(out) || !regexp.MustCompile(`error records\s+1\b`).MatchString(out) {
		t.Errorf("stats (%d): %s", code, out)
	}
	out, _, code = run(t, "", "query", "--db", db, "--errors", "5")
	if code != 0 || !strings.Contains(out, "news.jsonl") || !strings.Contains(out, "line 4") {
		t.Errorf("errors (%d): %s", code, out)
	}
	out, _, code = run(t, "", "query", "--db", db, "--code", "17")
	if code != 0 || !strings.Contains(out, "UGACOP") || strings.Contains(out, "KENGOV") {
		t.Errorf("query --code 17 (%d): %s", code, out)
	}

	// Parquet export, read back with DuckDB as a user would.
	pq := filepath.Join(dir, "export")
	_, stderr, code = run(t, "", "export", "--db", db, "--format", "parquet", "--out", pq, "--articles")
	if code != 0 {
		t.Fatalf("export failed (%d): %s", code, stderr)
	}
	st, err := duck.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n, may int
	q := fmt.Sprintf("SELECT count(*), count(*) FILTER (WHERE month = 5) FROM read_parquet('%s/events/*/*/*.parquet', hive_partitioning=true)", pq)
	if err := conn.QueryRow(q).Scan(&n, &may); err != nil {
		t.Fatal(err)
	}
	if n != stats.Events || may != stats.Events {
		t.Errorf("parquet holds %d events (%d in May), store %d", n, may, stats.Events)
	}
	var arts int
	if err := conn.QueryRow(fmt.Sprintf("SELECT count(*) FROM read_parquet('%s/articles/*.parquet')", pq)).Scan(&arts); err != nil || arts != 2 {
		t.Errorf("parquet articles %d (%v), want 2", arts, err)
	}
	// GDELT export: one line an event, 61 columns.
	out, _, code = run(t, "", "export", "--db", db, "--format", "gdelt")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != stats.Events {
		t.Fatalf("gdelt export (%d): %d lines for %d events", code, len(lines), stats.Events)
	}
	for _, l := range lines {
		if c := len(strings.Split(l, "\t")); c != 61 {
			t.Errorf("gdelt line has %d columns: %q", c, l)
		}
	}
}

func TestStoreCommandUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.duckdb")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ingest without input", []string{"ingest", "--db", db}, "at least one input"},
		{"bad progress", []string{"ingest", "--db", db, "--progress", "sometimes", "x"}, "--progress"},
		{"bad pattern", []string{"query", "--db", db, "--source", "usa;drop"}, "--source"},
		{"bad date", []string{"query", "--db", db, "--from", "2024-13-01"}, "--from"},
		{"reversed dates", []string{"query", "--db", db, "--from", "2024-02-01", "--to", "2024-01-01"}, "before --from"},
		{"bad quad", []string{"query", "--db", db, "--quad", "5"}, "--quad"},
		{"bad goldstein", []string{"query", "--db", db, "--min-goldstein", "-11"}, "--min-goldstein"},
		{"bad code", []string{"query", "--db", db, "--code", "19a"}, "--code"},
		{"parquet needs out", []string{"export", "--db", db}, "--out"},
		{"bad format", []string{"export", "--db", db, "--format", "xlsx"}, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and a message naming %s", code, stderr, tt.want)
			}
		})
	}
}

// TestIngestKill9 kills an ingest of 20,000 articles with SIGKILL at a
// random moment, checks that every article the process reported as stored
// is there, reruns the ingest, and checks that every article is stored
// exactly once with all its events.
func TestIngestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the 20,000-article kill test in -short mode")
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("AVOCET_KILL_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (set AVOCET_KILL_SEED to replay)", seed)
	rng := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	in := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	actors := []string{"Kenyan police", "Ugandan troops", "The Russian army", "Chinese officials", "French diplomats", "Rebels", "Protesters", "The Turkish government"}
	verbs := []string{"arrested", "met", "criticised", "attacked", "praised", "accused", "welcomed", "condemned"}
	const articles = 20000
	for i := 0; i < articles; i++ {
		target := actors[(i/64+1)%len(actors)]
		if first, rest, ok := strings.Cut(target, " "); ok && first == "The" {
			target = "the " + rest
		} else if !ok {
			target = strings.ToLower(target) // "rebels", "protesters"
		}
		text := fmt.Sprintf("%s %s %s in the town of Town%d on Monday. Officials gave the figure %d.",
			actors[i%len(actors)], verbs[(i/8)%len(verbs)], target, i, i)
		rec, _ := json.Marshal(map[string]string{"id": strconv.Itoa(i), "date": "2024-05-06", "text": text})
		w.Write(rec)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db := filepath.Join(dir, "kill.duckdb")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ingest := func() *exec.Cmd {
		cmd := exec.Command(exe, "ingest", "--db", db, "--progress", "always", "--batch", "200", in)
		cmd.Env = append(os.Environ(), "AVOCET_TEST_AS_CLI=1")
		return cmd
	}
	// First run: killed once it has reported a random number of stored
	// articles, so that the kill lands in the middle of the ingest.
	threshold := 1000 + rng.Intn(articles-4000)
	cmd := ingest()
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	progress := regexp.MustCompile(`(\d+) articles  `)
	reported := 0
	sc := bufio.NewScanner(pipe)
	sc.Split(splitLines)
	for sc.Scan() {
		if m := progress.FindStringSubmatch(sc.Text()); m != nil {
			reported, _ = strconv.Atoi(m[1])
			if reported >= threshold {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	cmd.Wait()
	t.Logf("killed after the process reported %d articles stored (threshold %d)", reported, threshold)
	if reported >= articles {
		t.Fatalf("the ingest finished before it could be killed")
	}
	st, err := duck.Open(db, nil)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	before, err := st.Stats(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if before.Articles < reported {
		t.Fatalf("lost articles: %d reported stored before the kill, %d in the store", reported, before.Articles)
	}
	// Rerun to completion.
	out, err := ingest().CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	st, err = duck.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	after, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Articles != articles {
		t.Fatalf("after the rerun the store holds %d articles, want %d", after.Articles, articles)
	}
	ids := map[string]bool{}
	sum := 0
	err = st.EachArticle(ctx, func(a *avocet.StoredArticle) error {
		if ids[a.ID] {
			return fmt.Errorf("article %s stored twice", a.ID)
		}
		ids[a.ID] = true
		sum += a.Events
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum != after.Events || after.Events < articles/2 {
		t.Errorf("articles account for %d events, the store holds %d (want at least %d)", sum, after.Events, articles/2)
	}
}

// splitLines splits at "\r" (progress bar redraws) and "\n".
func splitLines(data []byte, atEOF bool) (int, []byte, error) {
	for i, c := range data {
		if c == '\r' || c == '\n' {
			return i + 1, data[:i], nil
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// knowledgeNews: three stories of our own. k1 is about sanctions on
// Russia (words "sanctions", "asset freeze"), k2 about a protest in
// Pretoria naming Cyril Ramaphosa twice, k3 about shelling in Kharkiv.
const knowledgeNews = `{"id":"k1","date":"2024-06-03","source":"Test Wire","title":"EU widens sanctions","text":"The European Union imposed new sanctions on Russia on Monday. The package includes an asset freeze on three banks in Moscow, officials said."}
{"id":"k2","date":"2024-06-04","source":"Test Wire","title":"Protest in Pretoria","text":"Thousands of protesters marched in Pretoria on Tuesday against power cuts. President Cyril Ramaphosa promised to meet union leaders, and Ramaphosa urged calm."}
{"id":"k3","date":"2024-06-05","source":"Other Wire","title":"Shelling in Kharkiv","text":"Russian forces shelled Kharkiv on Wednesday, killing 4 civilians, the Ukrainian military said."}
`

func TestIngestKnowledge(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "news.jsonl")
	if err := os.WriteFile(in, []byte(knowledgeNews), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "avocet.duckdb")
	if _, stderr, code := run(t, "", "ingest", "--db", db, "--progress", "never", in); code != 0 {
		t.Fatalf("ingest failed (%d): %s", code, stderr)
	}
	// Article IDs are content hashes: find them by title.
	out, stderr, code := run(t, "", "query", "--db", db, "--articles", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("query --articles (%d): %s", code, stderr)
	}
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var a struct{ ID, Title string }
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("bad JSONL %q: %v", line, err)
		}
		ids[a.Title] = a.ID
	}
	if len(ids) != 3 {
		t.Fatalf("query --articles listed %d articles, want 3: %s", len(ids), out)
	}
	sanctions, protest, shelling := ids["EU widens sanctions"], ids["Protest in Pretoria"], ids["Shelling in Kharkiv"]

	articles := func(args ...string) []string {
		t.Helper()
		out, stderr, code := run(t, "", append([]string{"query", "--db", db, "--articles", "--format", "csv"}, args...)...)
		if code != 0 {
			t.Fatalf("query --articles %v (%d): %s", args, code, stderr)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			got = append(got, strings.SplitN(line, ",", 2)[0])
		}
		return got
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--theme", "SANCTIONS"}, []string{sanctions}},
		{[]string{"--theme", "protest"}, []string{protest}},
		{[]string{"--person", "ramaphosa"}, []string{protest}},
		{[]string{"--place", "Pretoria"}, []string{protest}},
		{[]string{"--place", "UKR"}, []string{shelling}},
		{[]string{"--from", "2024-06-04"}, []string{shelling, protest}},
		{[]string{"--code", "19"}, []string{shelling}},
	} {
		if got := articles(tc.args...); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("query --articles %v = %v, want %v", tc.args, got, tc.want)
		}
	}

	// Events filtered by their article's knowledge and by their place.
	out, _, code = run(t, "", "query", "--db", db, "--theme", "SANCTIONS", "--format", "jsonl")
	// "The European Union imposed new sanctions on Russia": CAMEO 163,
	// impose embargo, boycott or sanctions.
	if code != 0 || !strings.Contains(out, `"code":"163"`) {
		t.Errorf("query --theme SANCTIONS (%d): %s", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(line, sanctions) {
			t.Errorf("query --theme SANCTIONS gave an event of another article: %s", line)
		}
	}
	out, _, code = run(t, "", "query", "--db", db, "--place", "Kharkiv", "--format", "jsonl")
	if code != 0 || !strings.Contains(out, shelling) || strings.Contains(out, sanctions) || strings.Contains(out, protest) {
		t.Errorf("query --place Kharkiv (%d): %s", code, out)
	}

	out, _, code = run(t, "", "query", "--db", db, "--top-entities", "5", "--type", "PER")
	if code != 0 || !regexp.MustCompile(`Cyril Ramaphosa\s+PER\s+ZAFGOV\s+1\s+2`).MatchString(out) {
		t.Errorf("query --top-entities 5 --type PER (%d):\n%s", code, out)
	}
	out, _, code = run(t, "", "query", "--db", db, "--top-themes", "20")
	if code != 0 || !regexp.MustCompile(`(?m)^SANCTIONS\s+1\s+[2-9]`).MatchString(out) || !regexp.MustCompile(`(?m)^PROTEST\s+1\s+`).MatchString(out) {
		t.Errorf("query --top-themes (%d):\n%s", code, out)
	}

	out, _, code = run(t, "", "query", "--db", db, "--knowledge", protest)
	var k struct {
		Entities []struct{ Type, Name, Canonical string }
		Themes   []struct{ Code string }
	}
	if err := json.Unmarshal([]byte(out), &k); code != 0 || err != nil {
		t.Fatalf("query --knowledge (%d, %v): %s", code, err, out)
	}
	if !strings.Contains(out, `"Pretoria`) || !strings.Contains(out, "Cyril Ramaphosa") {
		t.Errorf("knowledge of the protest story lacks Pretoria or Ramaphosa: %s", out)
	}
	if _, stderr, code := run(t, "", "query", "--db", db, "--knowledge", "nope"); code != 1 || !strings.Contains(stderr, "nope") {
		t.Errorf("query --knowledge nope (%d): %s", code, stderr)
	}

	// GKG export: one line an article, 27 columns.
	out, _, code = run(t, "", "export", "--db", db, "--format", "gkg")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 {
		t.Fatalf("gkg export (%d): %d lines, want 3:\n%s", code, len(lines), out)
	}
	for _, l := range lines {
		if c := len(strings.Split(l, "\t")); c != 27 {
			t.Errorf("GKG line has %d columns, want 27: %q", c, l)
		}
	}
	out, _, code = run(t, "", "export", "--db", db, "--format", "gkg", "--theme", "PROTEST")
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "Pretoria") {
		t.Errorf("gkg export --theme PROTEST (%d): %s", code, out)
	}
}
