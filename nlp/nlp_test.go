package nlp_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
)

var (
	loadOnce sync.Once
	builtin  *nlp.Annotator
	loadErr  error
)

func annotator(t testing.TB) *nlp.Annotator {
	t.Helper()
	loadOnce.Do(func() { builtin, loadErr = nlp.LoadBytes(models.EnglishNLP) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return builtin
}

func annotate(t *testing.T, words ...string) avocet.Sentence {
	t.Helper()
	var s avocet.Sentence
	for _, w := range words {
		s.Tokens = append(s.Tokens, avocet.Token{Form: w})
	}
	annotator(t).Annotate(&s)
	return s
}

// TestParseNewsSentences checks analyses a linguist can verify by hand on
// short news sentences we wrote; they are the relations the event coder
// relies on (subject, object, passive agent, negation).
func TestParseNewsSentences(t *testing.T) {
	type rel struct {
		dep, head int // 1-based word positions
		label     string
	}
	tests := []struct {
		name  string
		words string
		upos  string // space-separated, checked when set
		rels  []rel
	}{
		{
			name:  "transitive clause",
			words: "Police arrested two protesters .",
			upos:  "NOUN VERB NUM NOUN PUNCT",
			rels:  []rel{{1, 2, "nsubj"}, {2, 0, "root"}, {3, 4, "nummod"}, {4, 2, "obj"}, {5, 2, "punct"}},
		},
		{
			name:  "passive with agent",
			words: "The embassy was attacked by rebels .",
			rels:  []rel{{2, 4, "nsubj:pass"}, {3, 4, "aux:pass"}, {4, 0, "root"}, {5, 6, "case"}, {6, 4, "obl:agent"}},
		},
		{
			name:  "negation",
			words: "The government did not sign the agreement .",
			rels:  []rel{{2, 5, "nsubj"}, {3, 5, "aux"}, {4, 5, "advmod"}, {5, 0, "root"}, {7, 5, "obj"}},
		},
		{
			name:  "reported speech",
			words: "Officials said the army shelled the village .",
			rels:  []rel{{1, 2, "nsubj"}, {2, 0, "root"}, {4, 5, "nsubj"}, {5, 2, "ccomp"}, {7, 5, "obj"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := annotate(t, strings.Fields(tt.words)...)
			if tt.upos != "" {
				var got []string
				for _, tok := range s.Tokens {
					got = append(got, tok.UPOS)
				}
				if g := strings.Join(got, " "); g != tt.upos {
					t.Errorf("UPOS = %s, want %s", g, tt.upos)
				}
			}
			for _, r := range tt.rels {
				tok := s.Tokens[r.dep-1]
				if tok.Head != r.head || tok.DepRel != r.label {
					t.Errorf("%s: head %d %s, want %d %s", tok.Form, tok.Head, tok.DepRel, r.head, r.label)
				}
			}
			roots := 0
			for _, tok := range s.Tokens {
				if tok.Head == 0 {
					roots++
				}
			}
			if roots != 1 {
				t.Errorf("%d roots, want exactly 1", roots)
			}
		})
	}
}

func TestLemmas(t *testing.T) {
	tests := []struct{ sentence, word, lemma string }{
		{"Rebels fled the city .", "fled", "flee"},
		{"The troops were withdrawn yesterday .", "withdrawn", "withdraw"},
		{"Two children were killed .", "children", "child"},
		{"The ministries issued statements .", "ministries", "ministry"},
		{"He is meeting the envoys .", "meeting", "meet"},
		{"Talks went badly .", "went", "go"},
		{"She was better prepared .", "was", "be"},
		{"Protesters carried banners .", "carried", "carry"},
	}
	for _, tt := range tests {
		s := annotate(t, strings.Fields(tt.sentence)...)
		found := false
		for _, tok := range s.Tokens {
			if tok.Form == tt.word {
				found = true
				if tok.Lemma != tt.lemma {
					t.Errorf("%q in %q: lemma %q, want %q", tt.word, tt.sentence, tok.Lemma, tt.lemma)
				}
			}
		}
		if !found {
			t.Fatalf("word %q not in %q", tt.word, tt.sentence)
		}
	}
}

// TestEveryTreeIsWellFormed parses odd inputs and checks the tree
// invariants: heads in range, exactly one root, no cycles.
func TestEveryTreeIsWellFormed(t *testing.T) {
	inputs := [][]string{
		{"."},
		{"Kenya"},
		{",", ",", ",", ","},
		strings.Fields("the the the the the the the the the"),
		strings.Fields("BREAKING : 3 dead , 12 hurt in blast near Kabul airport -- officials"),
		strings.Fields(strings.Repeat("and ", 300)),
	}
	for _, words := range inputs {
		s := annotate(t, words...)
		n := len(s.Tokens)
		roots := 0
		for i, tok := range s.Tokens {
			if tok.Head < 0 || tok.Head > n || tok.Head == i+1 {
				t.Fatalf("%v: word %d has head %d", words, i+1, tok.Head)
			}
			if tok.Head == 0 {
				roots++
			}
			// follow heads: must reach the root within n steps
			h, steps := i+1, 0
			for h != 0 && steps <= n {
				h = s.Tokens[h-1].Head
				steps++
			}
			if h != 0 {
				t.Fatalf("%v: cycle through word %d", words, i+1)
			}
			if tok.DepRel == "" || tok.UPOS == "" || tok.Lemma == "" {
				t.Fatalf("%v: word %d not annotated: %+v", words, i+1, tok)
			}
		}
		if roots != 1 {
			t.Fatalf("%v: %d roots", words, roots)
		}
	}
}

func TestModelRoundTrip(t *testing.T) {
	a := annotator(t)
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := nlp.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("The foreign minister condemned the attack on the embassy in Kabul .")
	var s1, s2 avocet.Sentence
	for _, w := range words {
		s1.Tokens = append(s1.Tokens, avocet.Token{Form: w})
		s2.Tokens = append(s2.Tokens, avocet.Token{Form: w})
	}
	a.Annotate(&s1)
	b.Annotate(&s2)
	for i := range s1.Tokens {
		if s1.Tokens[i] != s2.Tokens[i] {
			t.Errorf("word %d: %+v after reload, %+v before", i, s2.Tokens[i], s1.Tokens[i])
		}
	}
}

func TestLoadRejectsBadBundles(t *testing.T) {
	good := models.EnglishNLP
	tests := map[string][]byte{
		"empty":        nil,
		"not gzip":     []byte("hello, world"),
		"truncated":    good[:len(good)/2],
		"tiny prefix":  good[:20],
		"flipped byte": func() []byte { b := bytes.Clone(good); b[len(b)/3] ^= 0xFF; return b }(),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := nlp.LoadBytes(data)
			if err == nil {
				t.Fatal("bad bundle loaded without error")
			}
			if !errors.Is(err, avocet.ErrModel) {
				t.Errorf("error %v does not wrap ErrModel", err)
			}
		})
	}
}

// TestSaveIsStable checks that loading and saving the built-in bundle gives
// back the same bytes: the in-memory scoring form loses nothing.
func TestSaveIsStable(t *testing.T) {
	var buf bytes.Buffer
	if err := annotator(t).Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), models.EnglishNLP) {
		t.Errorf("re-saved bundle differs from the embedded one (%d vs %d bytes)", buf.Len(), len(models.EnglishNLP))
	}
}
