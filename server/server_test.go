package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/store/memstore"
)

// The fixture: four articles, eight events with hand-picked dates, actors
// and codes, so that every count below can be checked by hand.
//
//	id      date        source  target code quad gold  article (publisher)
//	a1-0-0  2024-01-15  USAGOV  RUS    042  1    1.9  a1 (Reuters)
//	a1-1-0  2024-01-17  RUS     UKR    190  4  -10    a1
//	a2-0-0  2024-02-03  UKR     RUS    111  3   -2    a2 (AP)
//	a2-0-1  2024-02-03  USA     UKR    070  2    7    a2
//	a3-0-0  2024-03-05  UKRGOV  TUR    043  1    2.8  a3 (Reuters), non-ASCII sentence
//	a3-1-0  2024-03-06  RUS     UKR    190  4  -10    a3
//	a3-2-0  (undated)   ---     UKR    112  3   -2    a3
//	a4-0-0  2024-03-06  RUS     UKR    190  4  -10    a4 (BBC), 2 mentions
//
// 2024-01-15 is a Monday; 2024-02-03 a Saturday (ISO week of 2024-01-29);
// 2024-03-05 a Tuesday (week of 2024-03-04).

const (
	a3Lead = "KYIV (Reuters) — " // 19 bytes
	// The sentence of a3-0-0. Byte / UTF-16 offsets: Zelenskyy 44-53 / 40-49,
	// met 54-57 / 50-53, Erdoğan 58-66 / 54-61 (🛬 is 4 bytes and 2 UTF-16
	// units, ’ 3 bytes and 1 unit, ğ 2 bytes and 1 unit).
	a3Sent0 = "After a 🛬 landing in Ankara, Ukraine’s Zelenskyy met Erdoğan in Türkiye."
	a3Sent1 = "Russia attacked Ukraine again."
	a3Sent2 = "Someone accused Ukraine."
)

var a3Text = a3Lead + a3Sent0 + " " + a3Sent1 + " " + a3Sent2

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

type ev struct {
	id, date, src, tgt, code string
	quad                     int
	gold                     float64
	mentions                 int
	sent                     string
}

func fixture() avocet.Batch {
	b := avocet.Batch{
		Articles: []avocet.StoredArticle{
			{Article: avocet.Article{ID: "a1", Publisher: "Reuters", Title: "Envoy in Moscow", Date: day("2024-01-15"), Language: "en"}, Input: "feed.jsonl", Sentences: 2},
			{Article: avocet.Article{ID: "a2", Publisher: "AP", Date: day("2024-02-03"), Language: "en"}, Input: "feed.jsonl", Sentences: 1},
			{Article: avocet.Article{ID: "a3", Publisher: "Reuters", URL: "https://example.org/a3", Title: "Zelenskyy in Ankara", Date: day("2024-03-05"), Language: "en", Text: a3Text}, Input: "http", Sentences: 3},
			{Article: avocet.Article{ID: "a4", Publisher: "BBC", Date: day("2024-03-06"), Language: "en"}, Input: "feed.jsonl", Sentences: 1},
		},
		Errors: []avocet.IngestError{
			{Input: "feed.jsonl", Record: "line 7", Stage: "parse", Err: "invalid character 'x'", Time: time.Date(2024, 3, 6, 10, 0, 0, 0, time.UTC)},
			{Input: "http", Record: "a9", Stage: "code", Err: "internal error while coding", Time: time.Date(2024, 3, 7, 10, 0, 0, 0, time.UTC)},
		},
	}
	evs := []ev{
		{"a1-0-0", "2024-01-15", "USAGOV", "RUS", "042", 1, 1.9, 1, "The U.S. envoy visited Moscow."},
		{"a1-1-0", "2024-01-17", "RUS", "UKR", "190", 4, -10, 1, "Russian forces attacked Kharkiv."},
		{"a2-0-0", "2024-02-03", "UKR", "RUS", "111", 3, -2, 1, "Ukraine criticized Russia."},
		{"a2-0-1", "2024-02-03", "USA", "UKR", "070", 2, 7, 1, "Washington sent aid to Kyiv."},
		{"a3-0-0", "2024-03-05", "UKRGOV", "TUR", "043", 1, 2.8, 1, a3Sent0},
		{"a3-1-0", "2024-03-06", "RUS", "UKR", "190", 4, -10, 1, a3Sent1},
		{"a3-2-0", "", "---", "UKR", "112", 3, -2, 1, a3Sent2},
		{"a4-0-0", "2024-03-06", "RUS", "UKR", "190", 4, -10, 2, "Russian troops attacked Ukrainian positions."},
	}
	country := map[string]string{"USAGOV": "USA", "USA": "USA", "RUS": "RUS", "UKR": "UKR", "UKRGOV": "UKR", "TUR": "TUR"}
	sectors := map[string][]string{"USAGOV": {"GOV"}, "UKRGOV": {"GOV"}}
	for _, e := range evs {
		var d time.Time
		if e.date != "" {
			d = day(e.date)
		}
		se := avocet.StoredEvent{
			ID: e.id,
			Event: avocet.Event{
				ArticleID: e.id[:2], Sentence: int(e.id[3] - '0'), Date: d,
				Source: avocet.Actor{Code: e.src, Country: country[e.src], Sectors: sectors[e.src]},
				Target: avocet.Actor{Code: e.tgt, Country: country[e.tgt], Sectors: sectors[e.tgt]},
				Code:   e.code, BaseCode: e.code[:3], RootCode: e.code[:2],
				QuadClass: e.quad, Goldstein: e.gold, Mentions: e.mentions, Confidence: 0.9,
				Rule: avocet.Rule{ID: "r-" + e.code, File: "verbs.txt", Line: 3},
			},
			SentenceText: e.sent,
			SentenceSpan: avocet.Span{Start: 0, End: len(e.sent)},
		}
		switch e.id {
		case "a3-0-0":
			off := len(a3Lead)
			se.SentenceSpan = avocet.Span{Start: off, End: off + len(a3Sent0)}
			se.Source.Name, se.Source.Span = "Zelenskyy", avocet.Span{Start: off + 44, End: off + 53}
			se.Verb = avocet.Span{Start: off + 54, End: off + 57}
			se.Target.Name, se.Target.Span = "Erdoğan", avocet.Span{Start: off + 58, End: off + 66}
		case "a3-1-0":
			off := len(a3Lead + a3Sent0 + " ")
			se.SentenceSpan = avocet.Span{Start: off, End: off + len(a3Sent1)}
			se.Source.Span = avocet.Span{Start: off, End: off + 6}      // Russia
			se.Verb = avocet.Span{Start: off + 7, End: off + 15}        // attacked
			se.Target.Span = avocet.Span{Start: off - 20, End: off - 2} // outside the sentence: left out
		}
		b.Events = append(b.Events, se)
	}
	return b
}

// newStore returns a memstore holding the fixture.
func newStore(t testing.TB) avocet.Store {
	t.Helper()
	st := memstore.New(&memstore.Options{KeepText: true})
	if _, err := st.Put(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newHandler returns the handler of a server over the fixture.
func newHandler(t testing.TB, opts *server.Options) http.Handler {
	t.Helper()
	s, err := server.New(newStore(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// do serves one request and returns the response with its body read.
func do(t testing.TB, h http.Handler, method, target string, body io.Reader, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// get serves a GET, requires 200 and decodes the JSON body into v.
func get(t testing.TB, h http.Handler, target string, v any) {
	t.Helper()
	res, b := do(t, h, http.MethodGet, target, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", target, res.StatusCode, b)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v in %s", target, err, b)
	}
}

// getRaw serves a GET, requires 200 and returns the body without the
// trailing newline.
func getRaw(t testing.TB, h http.Handler, target string) string {
	t.Helper()
	res, b := do(t, h, http.MethodGet, target, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", target, res.StatusCode, b)
	}
	return strings.TrimSpace(string(b))
}

func ids(p server.EventsPage) []string {
	out := []string{}
	for _, e := range p.Events {
		out = append(out, e.ID)
	}
	return out
}

func TestEventsFilters(t *testing.T) {
	h := newHandler(t, nil)
	tests := []struct {
		name, query string
		want        []string // IDs, newest first then by ID
	}{
		{"all", "", []string{"a3-1-0", "a4-0-0", "a3-0-0", "a2-0-0", "a2-0-1", "a1-1-0", "a1-0-0", "a3-2-0"}},
		{"source prefix, lower case", "source=usa*", []string{"a2-0-1", "a1-0-0"}},
		{"source exact", "source=USA", []string{"a2-0-1"}},
		{"target", "target=UKR", []string{"a3-1-0", "a4-0-0", "a2-0-1", "a1-1-0", "a3-2-0"}},
		{"actor either side", "actor=TUR", []string{"a3-0-0"}},
		{"country", "country=tur", []string{"a3-0-0"}},
		{"sector", "sector=GOV", []string{"a3-0-0", "a1-0-0"}},
		{"code root", "code=19", []string{"a3-1-0", "a4-0-0", "a1-1-0"}},
		{"quad list", "quad=1,2", []string{"a3-0-0", "a2-0-1", "a1-0-0"}},
		{"min goldstein", "min_goldstein=0", []string{"a3-0-0", "a2-0-1", "a1-0-0"}},
		{"max goldstein", "max_goldstein=-5", []string{"a3-1-0", "a4-0-0", "a1-1-0"}},
		{"goldstein range", "min_goldstein=-2&max_goldstein=2", []string{"a2-0-0", "a1-0-0", "a3-2-0"}},
		{"dates inclusive", "from=2024-02-03&to=2024-03-05", []string{"a3-0-0", "a2-0-0", "a2-0-1"}},
		{"text, any case", "q=ERDOĞAN", []string{"a3-0-0"}},
		{"article", "article=a2", []string{"a2-0-0", "a2-0-1"}},
		{"nothing", "source=CHN", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p server.EventsPage
			get(t, h, "/api/v1/events?"+tt.query, &p)
			if got := ids(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			if p.Next != "" {
				t.Errorf("next = %q on the only page", p.Next)
			}
		})
	}
}

func TestEventsEmptyPageShape(t *testing.T) {
	h := newHandler(t, nil)
	if got, want := getRaw(t, h, "/api/v1/events?source=CHN"), `{"events":[],"next":""}`; got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
}

// Ensure that walking the pages with cursor returns every event once, in
// order, and that the last page has no next cursor.
func TestEventsPagination(t *testing.T) {
	h := newHandler(t, nil)
	want := [][]string{
		{"a3-1-0", "a4-0-0", "a3-0-0"},
		{"a2-0-0", "a2-0-1", "a1-1-0"},
		{"a1-0-0", "a3-2-0"},
	}
	var got [][]string
	cursor := ""
	for i := 0; i < 10; i++ {
		var p server.EventsPage
		get(t, h, "/api/v1/events?limit=3&cursor="+cursor, &p)
		got = append(got, ids(p))
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}

	// A filtered walk: target=UKR, 2 a page.
	var all []string
	cursor = ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		var p server.EventsPage
		get(t, h, "/api/v1/events?target=UKR&limit=2&cursor="+cursor, &p)
		all = append(all, ids(p)...)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if want := []string{"a3-1-0", "a4-0-0", "a2-0-1", "a1-1-0", "a3-2-0"}; !reflect.DeepEqual(all, want) {
		t.Errorf("filtered walk = %v, want %v", all, want)
	}
}

func TestEventItem(t *testing.T) {
	h := newHandler(t, nil)
	var p server.EventsPage
	get(t, h, "/api/v1/events?article=a3&code=043", &p)
	if len(p.Events) != 1 {
		t.Fatalf("got %d events, want 1", len(p.Events))
	}
	e := p.Events[0]
	if e.ID != "a3-0-0" || e.ArticleID != "a3" || e.Date != "2024-03-05" || e.Code != "043" || e.QuadClass != 1 || e.Goldstein != 2.8 {
		t.Errorf("event = %+v", e)
	}
	if e.Spans != "sentence" || e.Text != a3Sent0 {
		t.Errorf("spans %q, text %q", e.Spans, e.Text)
	}
	// Spans are relative to the sentence, not to the article.
	if want := []int{44, 53}; !reflect.DeepEqual(e.Source.Span, want) {
		t.Errorf("source span = %v, want %v", e.Source.Span, want)
	}
	if want := []int{58, 66}; !reflect.DeepEqual(e.Target.Span, want) {
		t.Errorf("target span = %v, want %v", e.Target.Span, want)
	}
	if want := []int{54, 57}; !reflect.DeepEqual(e.VerbSpan, want) || e.Verb != "met" {
		t.Errorf("verb %q span %v, want met %v", e.Verb, e.VerbSpan, want)
	}
	if e.Source.Country != "UKR" || !reflect.DeepEqual(e.Source.Sectors, []string{"GOV"}) || e.Rule.Pattern != "r-043" {
		t.Errorf("source %+v rule %+v", e.Source, e.Rule)
	}
}

func TestEventDetail(t *testing.T) {
	h := newHandler(t, nil)
	var d server.EventDetail
	get(t, h, "/api/v1/events/a3-0-0", &d)
	if d.Sentence != a3Sent0 || d.Event.ID != "a3-0-0" {
		t.Fatalf("sentence %q, event %q", d.Sentence, d.Event.ID)
	}
	// Hand-computed: see a3Sent0.
	want := []server.Highlight{
		{Role: "source", Start: 44, End: 53, StartChar: 40, EndChar: 49},
		{Role: "verb", Start: 54, End: 57, StartChar: 50, EndChar: 53},
		{Role: "target", Start: 58, End: 66, StartChar: 54, EndChar: 61},
	}
	if !reflect.DeepEqual(d.Highlights, want) {
		t.Errorf("highlights =\n%+v\nwant\n%+v", d.Highlights, want)
	}
	for _, hl := range d.Highlights {
		if got := d.Sentence[hl.Start:hl.End]; got != map[string]string{"source": "Zelenskyy", "verb": "met", "target": "Erdoğan"}[hl.Role] {
			t.Errorf("%s bytes cut %q", hl.Role, got)
		}
		// What JavaScript's sentence.slice(start_char, end_char) gives.
		if got := utf16Slice(d.Sentence, hl.StartChar, hl.EndChar); got != d.Sentence[hl.Start:hl.End] {
			t.Errorf("%s UTF-16 cut %q", hl.Role, got)
		}
	}

	// The raw shape the dashboard reads.
	var raw map[string]json.RawMessage
	get(t, h, "/api/v1/events/a3-0-0", &raw)
	for _, k := range []string{"event", "sentence", "highlights"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %v", k, raw)
		}
	}
	if got, want := string(raw["highlights"]), `[{"role":"source","start":44,"end":53,"start_char":40,"end_char":49},{"role":"verb","start":54,"end":57,"start_char":50,"end_char":53},{"role":"target","start":58,"end":66,"start_char":54,"end_char":61}]`; got != want {
		t.Errorf("highlights JSON = %s, want %s", got, want)
	}
}

// A span outside the event's sentence (a3-1-0's target) is left out rather
// than given with a negative offset.
func TestEventSpanOutsideSentence(t *testing.T) {
	h := newHandler(t, nil)
	var d server.EventDetail
	get(t, h, "/api/v1/events/a3-1-0", &d)
	want := []server.Highlight{
		{Role: "source", Start: 0, End: 6, StartChar: 0, EndChar: 6},
		{Role: "verb", Start: 7, End: 15, StartChar: 7, EndChar: 15},
	}
	if !reflect.DeepEqual(d.Highlights, want) {
		t.Errorf("highlights = %+v, want %+v", d.Highlights, want)
	}
	if d.Event.Target.Span != nil || d.Event.Verb != "attacked" {
		t.Errorf("target span %v, verb %q", d.Event.Target.Span, d.Event.Verb)
	}
}

func TestEventNotFound(t *testing.T) {
	h := newHandler(t, nil)
	res, b := do(t, h, http.MethodGet, "/api/v1/events/nope-0-0", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d, want 404", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	var p struct{ Status int }
	if err := json.Unmarshal(b, &p); err != nil || p.Status != 404 {
		t.Errorf("body %s: %v", b, err)
	}
}

// utf16Slice is JavaScript's s.slice(i, j).
func utf16Slice(s string, i, j int) string {
	var units []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			units = append(units, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
		} else {
			units = append(units, uint16(r))
		}
	}
	var b strings.Builder
	u := units[i:j]
	for k := 0; k < len(u); k++ {
		if u[k] >= 0xD800 && u[k] < 0xDC00 && k+1 < len(u) {
			b.WriteRune(0x10000 + (rune(u[k])-0xD800)<<10 + rune(u[k+1]) - 0xDC00)
			k++
			continue
		}
		b.WriteRune(rune(u[k]))
	}
	return b.String()
}

func TestSeries(t *testing.T) {
	h := newHandler(t, nil)
	tests := []struct {
		name, query, want string
	}{
		{
			// Jan: a1-0-0 (q1, 1.9), a1-1-0 (q4, -10): mean -4.05.
			// Feb: a2-0-0 (q3, -2), a2-0-1 (q2, 7): mean 2.5.
			// Mar: a3-0-0 (q1, 2.8), a3-1-0 and a4-0-0 (q4, -10): mean -17.2/3.
			// a3-2-0 has no date and is in no bucket.
			"month by default", "",
			`{"interval":"month","points":[` +
				`{"start":"2024-01-01","quad":[1,0,0,1],"events":2,"goldstein":-4.05},` +
				`{"start":"2024-02-01","quad":[0,1,1,0],"events":2,"goldstein":2.5},` +
				`{"start":"2024-03-01","quad":[1,0,0,2],"events":3,"goldstein":-5.733}]}`,
		},
		{
			// ISO weeks start on Monday: 2024-01-15 (Mon) holds the 15th
			// and the 17th, 2024-01-29 holds Saturday 2024-02-03, 2024-03-04
			// holds the 5th and the 6th.
			"week", "interval=week",
			`{"interval":"week","points":[` +
				`{"start":"2024-01-15","quad":[1,0,0,1],"events":2,"goldstein":-4.05},` +
				`{"start":"2024-01-29","quad":[0,1,1,0],"events":2,"goldstein":2.5},` +
				`{"start":"2024-03-04","quad":[1,0,0,2],"events":3,"goldstein":-5.733}]}`,
		},
		{
			"day", "interval=day",
			`{"interval":"day","points":[` +
				`{"start":"2024-01-15","quad":[1,0,0,0],"events":1,"goldstein":1.9},` +
				`{"start":"2024-01-17","quad":[0,0,0,1],"events":1,"goldstein":-10},` +
				`{"start":"2024-02-03","quad":[0,1,1,0],"events":2,"goldstein":2.5},` +
				`{"start":"2024-03-05","quad":[1,0,0,0],"events":1,"goldstein":2.8},` +
				`{"start":"2024-03-06","quad":[0,0,0,2],"events":2,"goldstein":-10}]}`,
		},
		{
			"filtered by dyad", "source=RUS&target=UKR&interval=month",
			`{"interval":"month","points":[` +
				`{"start":"2024-01-01","quad":[0,0,0,1],"events":1,"goldstein":-10},` +
				`{"start":"2024-03-01","quad":[0,0,0,2],"events":2,"goldstein":-10}]}`,
		},
		{"empty", "source=CHN", `{"interval":"month","points":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := getRaw(t, h, "/api/v1/series?"+tt.query); got != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestTopActors(t *testing.T) {
	h := newHandler(t, nil)
	tests := []struct {
		name, query, want string
	}{
		// UKR: a1-1-0 a2-0-0 a2-0-1 a3-1-0 a3-2-0 a4-0-0; RUS: a1-0-0
		// a1-1-0 a2-0-0 a3-1-0 a4-0-0; the rest once; --- never.
		{"n=2", "n=2", `{"actors":[{"code":"UKR","events":6},{"code":"RUS","events":5}]}`},
		{"default n lists all 6", "", `{"actors":[{"code":"UKR","events":6},{"code":"RUS","events":5},{"code":"TUR","events":1},{"code":"UKRGOV","events":1},{"code":"USA","events":1},{"code":"USAGOV","events":1}]}`},
		{"ties by code", "source=RUS", `{"actors":[{"code":"RUS","events":3},{"code":"UKR","events":3}]}`},
		{"empty", "source=CHN", `{"actors":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := getRaw(t, h, "/api/v1/top/actors?"+tt.query); got != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestTopDyads(t *testing.T) {
	h := newHandler(t, nil)
	tests := []struct {
		name, query, want string
	}{
		{"all", "", `{"dyads":[{"source":"RUS","target":"UKR","events":3},{"source":"UKR","target":"RUS","events":1},{"source":"UKRGOV","target":"TUR","events":1},{"source":"USA","target":"UKR","events":1},{"source":"USAGOV","target":"RUS","events":1}]}`},
		{"n=1 in March", "n=1&from=2024-03-01", `{"dyads":[{"source":"RUS","target":"UKR","events":2}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := getRaw(t, h, "/api/v1/top/dyads?"+tt.query); got != tt.want {
				t.Errorf("body =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDaily(t *testing.T) {
	h := newHandler(t, nil)
	// a3-1-0 (Reuters, 1 mention) and a4-0-0 (BBC, 2 mentions) collapse.
	all := `{"daily":[` +
		`{"date":"2024-03-06","source":"RUS","target":"UKR","code":"190","quad_class":4,"goldstein":-10,"mentions":3,"articles":2,"sources":2},` +
		`{"date":"2024-03-05","source":"UKRGOV","target":"TUR","code":"043","quad_class":1,"goldstein":2.8,"mentions":1,"articles":1,"sources":1},` +
		`{"date":"2024-02-03","source":"UKR","target":"RUS","code":"111","quad_class":3,"goldstein":-2,"mentions":1,"articles":1,"sources":1},` +
		`{"date":"2024-02-03","source":"USA","target":"UKR","code":"070","quad_class":2,"goldstein":7,"mentions":1,"articles":1,"sources":1},` +
		`{"date":"2024-01-17","source":"RUS","target":"UKR","code":"190","quad_class":4,"goldstein":-10,"mentions":1,"articles":1,"sources":1},` +
		`{"date":"2024-01-15","source":"USAGOV","target":"RUS","code":"042","quad_class":1,"goldstein":1.9,"mentions":1,"articles":1,"sources":1}` +
		`],"truncated":false}`
	if got := getRaw(t, h, "/api/v1/daily"); got != all {
		t.Errorf("body =\n%s\nwant\n%s", got, all)
	}
	var d server.Daily
	get(t, h, "/api/v1/daily?limit=2", &d)
	if len(d.Daily) != 2 || !d.Truncated || d.Daily[1].Code != "043" {
		t.Errorf("limit=2: %+v", d)
	}
	get(t, h, "/api/v1/daily?limit=6", &d)
	if len(d.Daily) != 6 || d.Truncated {
		t.Errorf("limit=6: %d rows, truncated %v", len(d.Daily), d.Truncated)
	}
	get(t, h, "/api/v1/daily?code=19", &d)
	if len(d.Daily) != 2 || d.Daily[0].Mentions != 3 {
		t.Errorf("code=19: %+v", d)
	}
}

func TestArticle(t *testing.T) {
	h := newHandler(t, nil)
	var a server.Article
	get(t, h, "/api/v1/articles/a3", &a)
	if a.ID != "a3" || a.Publisher != "Reuters" || a.Title != "Zelenskyy in Ankara" || a.URL != "https://example.org/a3" ||
		a.Date != "2024-03-05T00:00:00Z" || a.Text != a3Text || a.Input != "http" || a.Sentences != 3 || a.Events != 3 || a.Ingested == "" {
		t.Errorf("article = %+v", a)
	}
	res, b := do(t, h, http.MethodGet, "/api/v1/articles/zz", nil)
	if res.StatusCode != http.StatusNotFound || !strings.Contains(string(b), `article \"zz\" not found`) {
		t.Errorf("unknown article: %d %s", res.StatusCode, b)
	}
}

func TestStats(t *testing.T) {
	h := newHandler(t, &server.Options{Version: "1.2.3"})
	var s server.Stats
	get(t, h, "/api/v1/stats", &s)
	s.LastIngest = s.LastIngest[:0] // set by the store at Put
	want := server.Stats{Articles: 4, Events: 8, Errors: 2, FirstEvent: "2024-01-15", LastEvent: "2024-03-06", Version: "1.2.3"}
	if s != want {
		t.Errorf("stats = %+v, want %+v", s, want)
	}
}

func TestErrorRecords(t *testing.T) {
	h := newHandler(t, nil)
	want := `{"errors":[` +
		`{"input":"http","record":"a9","stage":"code","error":"internal error while coding","time":"2024-03-07T10:00:00Z"},` +
		`{"input":"feed.jsonl","record":"line 7","stage":"parse","error":"invalid character 'x'","time":"2024-03-06T10:00:00Z"}]}`
	if got := getRaw(t, h, "/api/v1/errors"); got != want {
		t.Errorf("body =\n%s\nwant\n%s", got, want)
	}
	var l server.ErrorList
	get(t, h, "/api/v1/errors?limit=1", &l)
	if len(l.Errors) != 1 || l.Errors[0].Record != "a9" {
		t.Errorf("limit=1: %+v", l)
	}
}

func TestHealth(t *testing.T) {
	h := newHandler(t, nil)
	if got := getRaw(t, h, "/healthz"); got != `{"status":"ok"}` {
		t.Errorf("healthz = %s", got)
	}
	st := memstore.New(nil)
	st.Close()
	s, err := server.New(st, &server.Options{Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	res, b := do(t, s.Handler(), http.MethodGet, "/healthz", nil)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "store unavailable") {
		t.Errorf("closed store: %d %s", res.StatusCode, b)
	}
}

func TestOpenAPI(t *testing.T) {
	h := newHandler(t, &server.Options{Version: "9.9.9"})
	res, b := do(t, h, http.MethodGet, "/openapi.json", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
		Paths map[string]map[string]struct {
			Security []map[string][]string `json:"security"`
		} `json:"paths"`
		Components struct {
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	if doc.Info.Version != "9.9.9" {
		t.Errorf("info.version = %q", doc.Info.Version)
	}
	want := map[string]string{
		"/healthz":                        "get",
		"/metrics":                        "get",
		"/api/v1/events":                  "get",
		"/api/v1/events/{id}":             "get",
		"/api/v1/series":                  "get",
		"/api/v1/top/actors":              "get",
		"/api/v1/top/dyads":               "get",
		"/api/v1/top/entities":            "get",
		"/api/v1/top/themes":              "get",
		"/api/v1/daily":                   "get",
		"/api/v1/articles":                "get",
		"/api/v1/articles/{id}":           "get",
		"/api/v1/articles/{id}/knowledge": "get",
		"/api/v1/stats":                   "get",
		"/api/v1/errors":                  "get",
		"/api/v1/ingest":                  "post",
	}
	for path, method := range want {
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("no %s %s in the document", method, path)
		}
	}
	if len(doc.Paths) != len(want) {
		t.Errorf("document has %d paths, want %d", len(doc.Paths), len(want))
	}
	if sec := doc.Paths["/api/v1/ingest"]["post"].Security; len(sec) != 1 || sec[0]["bearer"] == nil {
		t.Errorf("ingest security = %v", sec)
	}
	if doc.Components.SecuritySchemes["bearer"] == nil {
		t.Error("no bearer security scheme")
	}
	if !strings.Contains(string(b), `"spans"`) || !strings.Contains(string(b), "UTF-16") {
		t.Error("the document does not explain sentence spans and UTF-16 offsets")
	}
}

func TestSecurityHeaders(t *testing.T) {
	dash := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<!doctype html>") })
	h := newHandler(t, &server.Options{Dashboard: dash})
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	}
	for _, r := range []struct{ method, target string }{
		{"GET", "/"},
		{"GET", "/app.js"},
		{"GET", "/healthz"},
		{"GET", "/metrics"},
		{"GET", "/openapi.json"},
		{"GET", "/api/v1/events"},
		{"GET", "/api/v1/events?limit=0"},
		{"GET", "/api/v1/events/nope"},
		{"GET", "/api/v1/nope"},
		{"POST", "/api/v1/ingest"},
		{"DELETE", "/api/v1/events"},
	} {
		res, _ := do(t, h, r.method, r.target, nil)
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s %s (%d): %s = %q, want %q", r.method, r.target, res.StatusCode, k, got, v)
			}
		}
	}
}

func TestRouting(t *testing.T) {
	dash := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "dashboard "+r.URL.Path) })
	tests := []struct {
		name       string
		dashboard  http.Handler
		method     string
		target     string
		wantStatus int
		wantBody   string
	}{
		{"dashboard at root", dash, "GET", "/", 200, "dashboard /"},
		{"dashboard assets", dash, "GET", "/app.js", 200, "dashboard /app.js"},
		{"unknown API path is JSON, not the dashboard", dash, "GET", "/api/v2/events", 404, `"detail":"no such endpoint: /api/v2/events"`},
		{"wrong method", dash, "DELETE", "/api/v1/events", 405, `"detail":"method DELETE not allowed on /api/v1/events"`},
		{"GET on a POST route", nil, "GET", "/api/v1/ingest", 405, "not allowed"},
		{"no dashboard", nil, "GET", "/", 404, "no such endpoint: /"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandler(t, &server.Options{Dashboard: tt.dashboard})
			res, b := do(t, h, tt.method, tt.target, nil)
			if res.StatusCode != tt.wantStatus || !strings.Contains(string(b), tt.wantBody) {
				t.Errorf("%d %s, want %d with %q", res.StatusCode, b, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestNewHTTPServer(t *testing.T) {
	h := http.NotFoundHandler()
	s := server.NewHTTPServer(":8080", h)
	if s.Addr != ":8080" || s.ReadHeaderTimeout != 10*time.Second || s.ReadTimeout != 60*time.Second ||
		s.WriteTimeout != 60*time.Second || s.IdleTimeout != 120*time.Second || s.MaxHeaderBytes != 64<<10 {
		t.Errorf("server = %+v", s)
	}
}

func TestNewOptions(t *testing.T) {
	st := memstore.New(nil)
	if _, err := server.New(nil, nil); err == nil {
		t.Error("nil store accepted")
	}
	if _, err := server.New(st, &server.Options{MaxBodyBytes: -1}); err == nil {
		t.Error("negative MaxBodyBytes accepted")
	}
	if _, err := server.New(st, &server.Options{Timeout: -time.Second}); err == nil {
		t.Error("negative Timeout accepted")
	}
}
