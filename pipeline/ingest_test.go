package pipeline_test

import (
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/coder"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/pipeline"
	"github.com/avocet-events/avocet/store/memstore"
)

var (
	acOnce sync.Once
	acVal  *pipeline.ArticleCoder
	acErr  error
)

func articleCoder(t testing.TB) *pipeline.ArticleCoder {
	t.Helper()
	acOnce.Do(func() {
		ann, err := nlp.LoadBytes(models.EnglishNLP)
		if err != nil {
			acErr = err
			return
		}
		d, err := dict.Builtin()
		if err != nil {
			acErr = err
			return
		}
		g, err := geo.Default()
		if err != nil {
			acErr = err
			return
		}
		acVal = pipeline.NewArticleCoder(ann, d, cameo.Default(), coder.Options{PlaceCountry: g.CountryOf})
		acVal.Geocoder = geo.New(g, nil)
	})
	if acErr != nil {
		t.Fatal(acErr)
	}
	return acVal
}

var storyDate = time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC) // a Monday

func article(id, title, text string) avocet.Article {
	return avocet.Article{ID: id, Title: title, Text: text, Date: storyDate, Publisher: "Test Wire"}
}

// The hand-checked story of these tests: its second sentence is a meeting
// between the Kenyan and Ugandan presidents dated by "on Friday".
const kenya = "NAIROBI, Kenya (AP) — Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Friday. The two leaders did not comment."

func TestArticleCoder(t *testing.T) {
	ac := articleCoder(t)
	c, err := ac.Code(article("k1", "Kenya and Uganda sign trade deal", kenya))
	if err != nil {
		t.Fatal(err)
	}
	if c.Article.Dateline != "NAIROBI, Kenya" {
		t.Errorf("dateline %q, want %q", c.Article.Dateline, "NAIROBI, Kenya")
	}
	if c.Article.Events != len(c.Events) || c.Article.Sentences < 2 {
		t.Errorf("article counts: %d events (have %d), %d sentences", c.Article.Events, len(c.Events), c.Article.Sentences)
	}
	var meet, headline *avocet.StoredEvent
	for i := range c.Events {
		e := &c.Events[i]
		// every span lies inside the stored sentence text
		for _, sp := range []avocet.Span{e.Verb, e.Source.Span, e.Target.Span} {
			if sp == (avocet.Span{}) {
				continue
			}
			if sp.Start < e.SentenceSpan.Start || sp.End > e.SentenceSpan.End {
				t.Errorf("event %s: span %v outside its sentence %v", e.ID, sp, e.SentenceSpan)
			}
		}
		switch {
		case e.Sentence == -1:
			headline = e
		case e.Source.Code == "KENGOV" && e.Target.Code == "UGAGOV":
			meet = e
		}
	}
	if meet == nil {
		t.Fatalf("no KENGOV -> UGAGOV meeting among %+v", c.Events)
	}
	if got := meet.Date.Format("2006-01-02"); got != "2024-05-03" {
		t.Errorf("meeting dated %s, want 2024-05-03 (the Friday before Monday 6 May)", got)
	}
	// the meeting happened where the sentence says: Nairobi, -1.29 36.82
	if l := meet.Location; l == nil || l.Country != "KEN" || math.Abs(l.Lat+1.29) > 0.2 || math.Abs(l.Lon-36.82) > 0.2 {
		t.Errorf("meeting placed at %+v, want Nairobi, Kenya", meet.Location)
	}
	// Actors' places: the Kenyan president by the Kenyan city of his
	// sentence; the Ugandan one by his own phrase, "Ugandan President
	// Yoweri Museveni in Nairobi".
	for _, p := range []*avocet.Location{meet.Source.Place, meet.Target.Place} {
		if p == nil || !strings.HasPrefix(p.Name, "Nairobi") {
			t.Errorf("actor placed at %+v, want Nairobi", p)
		}
	}
	verb := meet.SentenceText[meet.Verb.Start-meet.SentenceSpan.Start : meet.Verb.End-meet.SentenceSpan.Start]
	if verb != "met" || !strings.HasPrefix(meet.SentenceText, "Kenyan President") {
		t.Errorf("verb %q in sentence %q", verb, meet.SentenceText)
	}
	if !strings.HasPrefix(meet.ID, "k1-") {
		t.Errorf("event ID %q does not start with the article ID", meet.ID)
	}
	if headline == nil || headline.SentenceText != "Kenya and Uganda sign trade deal" || !headline.Flags.Headline || !strings.HasPrefix(headline.ID, "k1-h-") {
		t.Errorf("headline event: %+v", headline)
	}
}

func TestArticleCoderBadInput(t *testing.T) {
	ac := articleCoder(t)
	broken := "Police arrested \xff\xfe protesters in Kampala.\x00 " + strings.Repeat("word ", 5000)
	c, err := ac.Code(article("b1", "\xff", broken))
	if err != nil {
		t.Fatal(err)
	}
	if !utf8Valid(c.Article.Text) || !utf8Valid(c.Article.Title) {
		t.Error("stored text is not valid UTF-8")
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "?") == s }

// source emits the inputs in order.
func source(inputs ...pipeline.Input) pipeline.Source {
	return func(ctx context.Context, emit func(pipeline.Input) error) error {
		for _, in := range inputs {
			if err := emit(in); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestIngest(t *testing.T) {
	ac := articleCoder(t)
	st := memstore.New(nil)
	ctx := context.Background()
	inputs := []pipeline.Input{
		{Article: article("a1", "", kenya), Input: "f.jsonl", Record: "line 1"},
		{Article: article("a2", "", "Police arrested 12 protesters in Kampala on Sunday."), Input: "f.jsonl", Record: "line 2"},
		{Article: article("a1", "", kenya), Input: "f.jsonl", Record: "line 3"}, // repeated in the input
		{Input: "f.jsonl", Record: "line 4", Err: errors.New("invalid character 'x'")},
	}
	var progress []pipeline.IngestCounts
	counts, err := pipeline.Ingest(ctx, st, ac, source(inputs...), &pipeline.IngestOptions{Workers: 2, BatchSize: 1, Progress: func(c pipeline.IngestCounts) { progress = append(progress, c) }})
	if err != nil {
		t.Fatal(err)
	}
	if counts.Read != 4 || counts.Stored != 2 || counts.Duplicates != 1 || counts.Errors != 1 || counts.Events == 0 {
		t.Errorf("first run counts %+v, want read 4, stored 2, duplicates 1, errors 1, some events", counts)
	}
	if len(progress) == 0 || progress[len(progress)-1].Stored != 2 {
		t.Errorf("progress reports %+v", progress)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 2 || stats.Events != counts.Events || stats.Errors != 1 {
		t.Errorf("store holds %+v after counts %+v", stats, counts)
	}
	errs, err := st.Errors(ctx, 10)
	if err != nil || len(errs) != 1 || errs[0].Record != "line 4" || errs[0].Input != "f.jsonl" || errs[0].Stage != "read" {
		t.Errorf("error records %+v (%v)", errs, err)
	}
	a, err := st.Article(ctx, "a2")
	if err != nil || a.Input != "f.jsonl" || a.Ingested.IsZero() || a.Sentences != 1 {
		t.Errorf("stored article %+v (%v)", a, err)
	}
	// A second run stores nothing new.
	again, err := pipeline.Ingest(ctx, st, ac, source(inputs...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stored != 0 || again.Duplicates != 3 || again.Events != 0 {
		t.Errorf("rerun counts %+v, want nothing stored and 3 duplicates", again)
	}
	if st2, _ := st.Stats(ctx); st2.Articles != 2 || st2.Events != stats.Events {
		t.Errorf("rerun changed the store: %+v -> %+v", stats, st2)
	}
}

// failingStore fails every Put.
type failingStore struct{ avocet.Store }

func (failingStore) Put(context.Context, avocet.Batch) (avocet.PutResult, error) {
	return avocet.PutResult{}, errors.New("disk full")
}

func TestIngestStoreFailure(t *testing.T) {
	ac := articleCoder(t)
	var inputs []pipeline.Input
	for i := 0; i < 100; i++ {
		inputs = append(inputs, pipeline.Input{Article: article(strings.Repeat("x", i+1), "", "Rebels attacked a convoy."), Input: "f"})
	}
	counts, err := pipeline.Ingest(context.Background(), failingStore{memstore.New(nil)}, ac, source(inputs...), &pipeline.IngestOptions{BatchSize: 10})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the store's error", err)
	}
	if counts.Stored != 0 {
		t.Errorf("reported %d stored articles when no Put succeeded", counts.Stored)
	}
}

func TestIngestCancel(t *testing.T) {
	ac := articleCoder(t)
	ctx, cancel := context.WithCancel(context.Background())
	src := func(ctx context.Context, emit func(pipeline.Input) error) error {
		for i := 0; ; i++ {
			if i == 50 {
				cancel()
			}
			if err := emit(pipeline.Input{Article: article(strings.Repeat("y", i+1), "", "Troops shelled the town."), Input: "f"}); err != nil {
				return err
			}
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := pipeline.Ingest(ctx, memstore.New(nil), ac, src, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ingest did not stop after cancel")
	}
}

// BenchmarkArticleCoder codes the news benchmark article with places, as
// ingest does.
func BenchmarkArticleCoder(b *testing.B) {
	ac := articleCoder(b)
	raw, err := os.ReadFile("../testdata/news/bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	a := article("bench", "Talks resume", string(raw))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ac.Code(a); err != nil {
			b.Fatal(err)
		}
	}
}
