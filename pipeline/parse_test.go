package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
)

// countingAnnotator marks every token so tests can see the stage ran.
type countingAnnotator struct{}

func (countingAnnotator) Annotate(s *avocet.Sentence) {
	for i := range s.Tokens {
		s.Tokens[i].UPOS = "X"
	}
}

func collect(t *testing.T, in string, opts ParseOptions) ([]*Chunk, []error) {
	t.Helper()
	var chunks []*Chunk
	var errs []error
	err := Parse(context.Background(), strings.NewReader(in), "in", countingAnnotator{}, opts,
		func(c *Chunk) error { chunks = append(chunks, c); return nil },
		func(err error) { errs = append(errs, err) })
	if err != nil {
		t.Fatal(err)
	}
	return chunks, errs
}

func TestCutPoint(t *testing.T) {
	tests := []struct {
		name   string
		buf    string
		target int
		eof    bool
		want   int
	}{
		{"short buffer waits for more", "abc def", 10, false, 0},
		{"eof takes all", "abc def", 10, true, 7},
		{"blank line after target", "aaaaaaaaaa bb\n\ncc", 10, false, 15},
		{"blank line with CRLF", "aaaaaaaaaa bb\r\n\r\ncc", 10, false, 17},
		{"blank line before target does not count", "aa\n\naaaaaaaaaaa", 10, false, 0},
		{"no blank line yet: wait below 2x", strings.Repeat("a", 15) + "\nb", 10, false, 0},
		{"no blank line by 2x: line end", strings.Repeat("a", 15) + "\n" + strings.Repeat("b", 10), 10, false, 16},
		{"no line end by 2x: space", strings.Repeat("a", 12) + " " + strings.Repeat("b", 10), 10, false, 13},
		{"nothing: hard cut at 2x", strings.Repeat("a", 30), 10, false, 20},
		{"hard cut keeps runes whole", strings.Repeat("a", 19) + "é" + strings.Repeat("a", 10), 10, false, 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cutPoint([]byte(tt.buf), tt.target, tt.eof); got != tt.want {
				t.Errorf("cutPoint = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestParseChunksInOrder feeds many paragraphs through small chunks and
// several workers and checks that nothing is lost, reordered or moved.
func TestParseChunksInOrder(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 500; i++ {
		b.WriteString("Paragraph number ")
		b.WriteString(strings.Repeat("x", i%7+1))
		b.WriteString(" reports clashes.\n\n")
	}
	in := b.String()
	chunks, errs := collect(t, in, ParseOptions{Workers: 4, ChunkBytes: 200})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(chunks) < 10 {
		t.Fatalf("only %d chunks; chunking did not happen", len(chunks))
	}
	var rebuilt strings.Builder
	sentences := 0
	for i, c := range chunks {
		if c.Offset != rebuilt.Len() {
			t.Fatalf("chunk %d at offset %d, want %d", i, c.Offset, rebuilt.Len())
		}
		if c.First != (i == 0) {
			t.Errorf("chunk %d: First = %v", i, c.First)
		}
		rebuilt.WriteString(c.Text)
		for _, s := range c.Sentences {
			sentences++
			for _, tok := range s.Tokens {
				if tok.UPOS != "X" || c.Text[tok.Start:tok.End] != tok.Form {
					t.Fatalf("chunk %d: token %+v not annotated or misplaced", i, tok)
				}
			}
		}
	}
	if rebuilt.String() != in {
		t.Fatal("chunks do not add up to the input")
	}
	if sentences != 500 {
		t.Errorf("got %d sentences, want 500", sentences)
	}
}

func TestParseJSONL(t *testing.T) {
	in := `{"id":"one","text":"Troops crossed the border."}` + "\n" +
		"not json\n" +
		"\n" +
		`{"text":"No id here."}` + "\n" +
		`{"id":"two","text":"Talks resumed."}`
	chunks, errs := collect(t, in, ParseOptions{Workers: 2})
	var ids []string
	for _, c := range chunks {
		ids = append(ids, c.DocID)
	}
	if got := strings.Join(ids, ","); got != "one,in-4,two" {
		t.Errorf("documents %s, want one,in-4,two", got)
	}
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
	}
	var re *RecordError
	if !errors.As(errs[0], &re) || re.Line != 2 || !errors.Is(errs[0], avocet.ErrInvalidInput) {
		t.Errorf("error %v: want a RecordError for line 2 wrapping ErrInvalidInput", errs[0])
	}
}

func TestParseRecordTooLong(t *testing.T) {
	in := `{"id":"big","text":"` + strings.Repeat("a ", 5000) + `"}` + "\n" + `{"id":"ok","text":"Fine."}` + "\n"
	chunks, errs := collect(t, in, ParseOptions{MaxLine: 1000})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "in:1:") {
		t.Fatalf("errors %v, want one naming in:1", errs)
	}
	if len(chunks) != 1 || chunks[0].DocID != "ok" {
		t.Errorf("the record after the long one was not parsed")
	}
}

func TestParseEmitErrorStops(t *testing.T) {
	stop := errors.New("disk full")
	n := 0
	in := strings.Repeat("A sentence here.\n\n", 2000)
	err := Parse(context.Background(), strings.NewReader(in), "in", countingAnnotator{}, ParseOptions{ChunkBytes: 100},
		func(*Chunk) error { n++; return stop }, func(error) {})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want %v", err, stop)
	}
	if n != 1 {
		t.Errorf("emit called %d times after failing", n)
	}
}
