package conllu_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp/conllu"
)

// sharedDir is the shared data directory, relative to this package.
const sharedDir = "../../../shared"

// corpusFile returns the path of a file under the shared corpora directory,
// skipping the test when the shared directory is absent.
func corpusFile(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(sharedDir, "corpora", rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared corpus not available (%v); these tests need %s", err, sharedDir)
	}
	return p
}

// sample has a multiword token, an empty node, all metadata comments and
// a CRLF line.
const sample = "# newdoc id = doc1\n" +
	"# newpar\n" +
	"# sent_id = s1\n" +
	"# text = They don't protest.\n" +
	"1\tThey\tthey\tPRON\tPRP\tCase=Nom|Number=Plur\t3\tnsubj\t3:nsubj\t_\n" +
	"2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
	"2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\r\n" +
	"3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n" +
	"3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t3:conj\tCopyOf=4\n" +
	"4\tprotest\tprotest\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\tSpaceAfter=No\n" +
	"5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n" +
	"\n" +
	"#sent_id = s2\n" +
	"1\tCalm\tcalm\tADJ\tJJ\t_\t_\t_\t_\t_\n"

func TestReadSample(t *testing.T) {
	got, err := conllu.ReadAll(strings.NewReader(sample), "sample")
	if err != nil {
		t.Fatal(err)
	}
	want := []*conllu.Sentence{{
		ID: "s1", Text: "They don't protest.", NewDoc: true, NewPar: true,
		Comments: []string{"newdoc id = doc1", "newpar", "sent_id = s1", "text = They don't protest."},
		Words: []conllu.Word{
			{1, "They", "they", "PRON", "PRP", "Case=Nom|Number=Plur", 3, "nsubj", "3:nsubj", "_"},
			{2, "do", "do", "AUX", "VBP", "_", 4, "aux", "4:aux", "_"},
			{3, "n't", "not", "PART", "RB", "_", 4, "advmod", "4:advmod", "_"},
			{4, "protest", "protest", "VERB", "VB", "VerbForm=Inf", 0, "root", "0:root", "SpaceAfter=No"},
			{5, ".", ".", "PUNCT", ".", "_", 4, "punct", "4:punct", "_"},
		},
		MultiWords: []conllu.MultiWord{{First: 2, Last: 3, Form: "don't", Feats: "_", Misc: "_"}},
		EmptyNodes: []conllu.EmptyNode{{After: 3, Index: 1, Form: "go", Lemma: "go", UPOS: "VERB", XPOS: "VB",
			Feats: "_", Deps: "3:conj", Misc: "CopyOf=4"}},
		Line: 1,
	}, {
		ID:       "s2",
		Comments: []string{"sent_id = s2"},
		Words:    []conllu.Word{{1, "Calm", "calm", "ADJ", "JJ", "_", -1, "_", "_", "_"}},
		Line:     13,
	}}
	if !reflect.DeepEqual(want, got) {
		for i := range max(len(want), len(got)) {
			if i >= len(want) || i >= len(got) || !reflect.DeepEqual(want[i], got[i]) {
				t.Errorf("sentence %d:\nwant %+v\ngot  %+v", i, at(want, i), at(got, i))
			}
		}
	}

	var buf bytes.Buffer
	if err := conllu.WriteAll(&buf, got); err != nil {
		t.Fatal(err)
	}
	wantText := strings.Replace(sample, "\r\n", "\n", 1)
	wantText = strings.Replace(wantText, "#sent_id = s2", "# sent_id = s2", 1) + "\n"
	if buf.String() != wantText {
		t.Errorf("Write:\nwant %q\ngot  %q", wantText, buf.String())
	}
}

func at(ss []*conllu.Sentence, i int) *conllu.Sentence {
	if i < len(ss) {
		return ss[i]
	}
	return nil
}

func TestReadMalformed(t *testing.T) {
	const ok1 = "1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n"
	tests := []struct {
		name  string
		input string
		line  int    // wanted line of the error
		msg   string // wanted part of the message
	}{
		{"too few columns", "# x\n1\tA\ta\tX\tX\t_\t0\troot\t_\n", 2, "9 columns, want 10"},
		{"too many columns", "1\tA\ta\tX\tX\t_\t0\troot\t_\t_\t_\n", 1, "11 columns"},
		{"spaces not tabs", "1 A a X X _ 0 root _ _\n", 1, "1 columns"},
		{"non-numeric ID", "x\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", 1, `bad ID "x"`},
		{"negative ID", "-1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", 1, "multiword token ID"},
		{"huge ID", "1234567890\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", 1, "bad ID"},
		{"non-numeric HEAD", "1\tA\ta\tX\tX\t_\tx\troot\t_\t_\n", 1, `bad HEAD "x"`},
		{"negative HEAD", "1\tA\ta\tX\tX\t_\t-1\troot\t_\t_\n", 1, "bad HEAD"},
		{"HEAD out of range", ok1 + "2\tB\tb\tX\tX\t_\t3\tdep\t_\t_\n\n", 2, "HEAD 3 out of range (sentence has 2 words)"},
		{"ID skipped", ok1 + "3\tB\tb\tX\tX\t_\t1\tdep\t_\t_\n", 2, "word ID 3 out of order, want 2"},
		{"ID zero", "0\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", 1, "word ID 0 out of order, want 1"},
		{"ID repeated", ok1 + ok1, 2, "word ID 1 out of order, want 2"},
		{"empty column", "1\tA\t\tX\tX\t_\t0\troot\t_\t_\n", 1, "empty LEMMA column"},
		{"stray CR", "1\tA\ta\tX\r\tX\t_\t0\troot\t_\t_\n", 1, "carriage return"},
		{"comment inside sentence", ok1 + "# sent_id = 2\n" + ok1, 2, "comment line inside sentence"},
		{"comments only", "# sent_id = 1\n# text = A\n\n", 1, "sentence has no words"},
		{"comments only at EOF", ok1 + "\n\n# sent_id = 2\n", 4, "sentence has no words"},
		{"MWT beyond sentence", "1-2\tAB\t_\t_\t_\t_\t_\t_\t_\t_\n" + ok1, 1, "multiword token 1-2 out of range (sentence has 1 words)"},
		{"MWT after its words", ok1 + "1-2\tAB\t_\t_\t_\t_\t_\t_\t_\t_\n", 2, "multiword token 1-2 out of order, want it before word 2"},
		{"MWT of one word", "1-1\tA\t_\t_\t_\t_\t_\t_\t_\t_\n", 1, "bad multiword token range 1-1"},
		{"MWT overlap", "1-3\tABC\t_\t_\t_\t_\t_\t_\t_\t_\n" + ok1 + "2-3\tBC\t_\t_\t_\t_\t_\t_\t_\t_\n", 3, "overlaps 1-3"},
		{"MWT with lemma", "1-2\tAB\tab\t_\t_\t_\t_\t_\t_\t_\n", 1, `has LEMMA "ab", want _`},
		{"MWT bad ID", "1-x\tAB\t_\t_\t_\t_\t_\t_\t_\t_\n", 1, `bad multiword token ID "1-x"`},
		{"empty node before its word", "1.1\tA\ta\tX\tX\t_\t_\t_\t_\t_\n", 1, "empty node 1.1 out of order, want it after word 1"},
		{"empty node index skipped", ok1 + "1.2\tB\tb\tX\tX\t_\t_\t_\t_\t_\n", 2, "want 1.1"},
		{"empty node with head", ok1 + "1.1\tB\tb\tX\tX\t_\t1\tdep\t_\t_\n", 2, "want _"},
		{"empty node bad ID", ok1 + "1.x\tB\tb\tX\tX\t_\t_\t_\t_\t_\n", 2, `bad empty node ID "1.x"`},
		{"long line", ok1 + "\n" + "# " + strings.Repeat("x", conllu.MaxLineLen) + "\n", 3, "line longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conllu.ReadAll(strings.NewReader(tt.input), "bad.conllu")
			if err == nil {
				t.Fatalf("no error, want %q", tt.msg)
			}
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Errorf("error %v does not wrap ErrInvalidInput", err)
			}
			var pe *avocet.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *avocet.PosError", err)
			}
			if pe.File != "bad.conllu" || pe.Line != tt.line {
				t.Errorf("error at %s:%d, want bad.conllu:%d (%v)", pe.File, pe.Line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

// TestReadLenient checks input that is not canonical but acceptable.
func TestReadLenient(t *testing.T) {
	tests := []struct {
		name  string
		input string
		words int // total words read
	}{
		{"no final blank line", "1\tA\ta\tX\tX\t_\t0\troot\t_\t_", 1},
		{"extra blank lines", "\n\n1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n\n\n \t\n1\tB\tb\tX\tX\t_\t0\troot\t_\t_\n\n\n", 2},
		{"CRLF", "# sent_id = 1\r\n1\tA\ta\tX\tX\t_\t0\troot\t_\t_\r\n\r\n", 1},
		{"byte order mark", "\uFEFF1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", 1},
		{"empty input", "", 0},
		{"long but allowed line", "1\t" + strings.Repeat("a", 200000) + "\ta\tX\tX\t_\t0\troot\t_\t_\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := conllu.ReadAll(strings.NewReader(tt.input), "ok")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, s := range ss {
				n += len(s.Words)
			}
			if n != tt.words {
				t.Errorf("read %d words, want %d", n, tt.words)
			}
		})
	}
}

// TestReaderRecovers checks that reading continues with the next sentence
// after a malformed one.
func TestReaderRecovers(t *testing.T) {
	input := "# sent_id = 1\n1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n\n" +
		"# sent_id = 2\n1\tB\tb\tX\tX\t_\tx\troot\t_\t_\n2\tC\tc\tX\tX\t_\t1\tdep\t_\t_\n\n" +
		"# sent_id = 3\n" + strings.Repeat("y", conllu.MaxLineLen+10) + "\n1\tD\td\tX\tX\t_\t0\troot\t_\t_\n\n" +
		"# sent_id = 4\n1\tE\te\tX\tX\t_\t0\troot\t_\t_\n"
	r := conllu.NewReader(strings.NewReader(input), "in")
	var ids []string
	var lines []int
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *avocet.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("unexpected error %v", err)
			}
			lines = append(lines, pe.Line)
			continue
		}
		ids = append(ids, s.ID)
	}
	if want := []string{"1", "4"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("read sentences %q, want %q", ids, want)
	}
	if want := []int{5, 9}; !reflect.DeepEqual(lines, want) {
		t.Errorf("errors at lines %v, want %v", lines, want)
	}
}

// errReader fails after returning its data.
type errReader struct {
	data string
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	boom := errors.New("boom")
	r := conllu.NewReader(&errReader{data: "1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n\n1\tB", err: boom}, "in")
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the error is sticky
		_, err := r.Next()
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want %v", err, boom)
		}
	}
}

func TestSpaceAfter(t *testing.T) {
	s := &conllu.Sentence{
		Words: []conllu.Word{
			{ID: 1, Form: "He"},
			{ID: 2, Form: "said", Misc: "SpaceAfter=No"},
			{ID: 3, Form: ":", Misc: "Foo=Bar|SpaceAfter=No|Baz=1"},
			{ID: 4, Form: "do"},
			{ID: 5, Form: "n't"},
			{ID: 6, Form: "ca"},
			{ID: 7, Form: "n't"},
			{ID: 8, Form: "go", Misc: "SpaceAfter=Yes"},
		},
		MultiWords: []conllu.MultiWord{
			{First: 4, Last: 5, Form: "don't"},
			{First: 6, Last: 7, Form: "can't", Misc: "SpaceAfter=No"},
		},
	}
	want := []bool{true, false, false, false, true, false, false, true}
	for i, w := range want {
		if got := s.SpaceAfter(i); got != w {
			t.Errorf("SpaceAfter(%d) [%s] = %v, want %v", i, s.Words[i].Form, got, w)
		}
	}
	if s.SpaceAfter(-1) || s.SpaceAfter(8) {
		t.Error("SpaceAfter out of range = true")
	}
}

// TestCorporaRoundTrip reads the shared UD corpora, checks their size, and
// writes them back byte for byte.
func TestCorporaRoundTrip(t *testing.T) {
	tests := []struct {
		file      string
		sentences int
		words     int
	}{
		{"ud-english-ewt/en_ewt-ud-dev.conllu", 2001, 25147},
		{"ud-english-ewt/en_ewt-ud-test.conllu", 2077, 25094},
		{"ud-english-ewt/en_ewt-ud-train.conllu", 12544, 204577},
		{"ud-english-pud/en_pud-ud-test.conllu", 1000, 21180},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			data, err := os.ReadFile(corpusFile(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			ss, err := conllu.ReadAll(bytes.NewReader(data), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			words := 0
			for _, s := range ss {
				words += len(s.Words)
				if s.ID == "" || s.Text == "" {
					t.Errorf("%s:%d: sentence without sent_id or text", tt.file, s.Line)
				}
			}
			if len(ss) != tt.sentences || words != tt.words {
				t.Errorf("read %d sentences, %d words; want %d, %d", len(ss), words, tt.sentences, tt.words)
			}

			var buf bytes.Buffer
			if err := conllu.WriteAll(&buf, ss); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), data) {
				t.Errorf("written file differs from the original at byte %d", firstDiff(buf.Bytes(), data))
			}
			again, err := conllu.ReadAll(&buf, "rewritten")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ss, again) {
				t.Error("sentences differ after a write and read")
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(corpusFile(b, "ud-english-ewt/en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conllu.ReadAll(bytes.NewReader(data), "dev"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	data, err := os.ReadFile(corpusFile(b, "ud-english-ewt/en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	ss, err := conllu.ReadAll(bytes.NewReader(data), "dev")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := conllu.WriteAll(io.Discard, ss); err != nil {
			b.Fatal(err)
		}
	}
}
