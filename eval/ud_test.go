package eval_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/eval"
	"github.com/avocet-events/avocet/nlp/conllu"
)

// sharedDir is the shared data directory, relative to this package.
const sharedDir = "../../shared"

// parse reads a compact CoNLL-U: word lines are "ID FORM LEMMA UPOS XPOS
// HEAD DEPREL" separated by spaces, multiword token lines "N-M FORM";
// comments and blank lines are as in CoNLL-U.
func parse(t *testing.T, src string) []*conllu.Sentence {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(src), "\n") {
		line = strings.TrimSpace(line)
		f := strings.Fields(line)
		switch {
		case line == "" || line[0] == '#':
			b.WriteString(line)
		case len(f) == 2 && strings.Contains(f[0], "-"):
			b.WriteString(f[0] + "\t" + f[1] + "\t_\t_\t_\t_\t_\t_\t_\t_")
		case len(f) == 7:
			b.WriteString(strings.Join([]string{f[0], f[1], f[2], f[3], f[4], "_", f[5], f[6], "_", "_"}, "\t"))
		default:
			t.Fatalf("bad test line %q", line)
		}
		b.WriteByte('\n')
	}
	ss, err := conllu.ReadAll(strings.NewReader(b.String()), t.Name())
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

const protestGold = `
# sent_id = 1
1 Police    police    NOUN  NNS 2 nsubj
2 arrested  arrest    VERB  VBD 0 root
3 the       the       DET   DT  5 det
4 protest   protest   NOUN  NN  5 compound
5 leader    leader    NOUN  NN  2 obj
6 Monday    Monday    PROPN NNP 2 obl:tmod
7 .         .         PUNCT .   2 punct
`

// TestScoreUD checks small cases whose scores were worked out by hand; the
// comments give the reasoning.
func TestScoreUD(t *testing.T) {
	type S = eval.Score
	tests := []struct {
		name   string
		gold   string
		system string
		want   eval.UDScores
	}{{
		name:   "identical",
		gold:   protestGold,
		system: protestGold,
		want: eval.UDScores{
			Tokens: S{7, 7, 7, 0}, Sentences: S{1, 1, 1, 0}, Words: S{7, 7, 7, 0},
			UPOS: S{7, 7, 7, 7}, XPOS: S{7, 7, 7, 7}, Lemmas: S{7, 7, 7, 7}, UAS: S{7, 7, 7, 7}, LAS: S{7, 7, 7, 7},
		},
	}, {
		// "the" attached to "protest" instead of "leader": one UAS and
		// LAS error. "Monday" is obl where gold has obl:tmod, which LAS
		// accepts.
		name: "wrong head",
		gold: protestGold,
		system: `
			1 Police    police    NOUN  NNS 2 nsubj
			2 arrested  arrest    VERB  VBD 0 root
			3 the       the       DET   DT  4 det
			4 protest   protest   NOUN  NN  5 compound
			5 leader    leader    NOUN  NN  2 obj
			6 Monday    Monday    PROPN NNP 2 obl
			7 .         .         PUNCT .   2 punct`,
		want: eval.UDScores{
			Tokens: S{7, 7, 7, 0}, Sentences: S{1, 1, 1, 0}, Words: S{7, 7, 7, 0},
			UPOS: S{7, 7, 7, 7}, XPOS: S{7, 7, 7, 7}, Lemmas: S{7, 7, 7, 7}, UAS: S{7, 7, 6, 7}, LAS: S{7, 7, 6, 7},
		},
	}, {
		// "protest" has the right head but amod for compound: LAS only.
		// Independently, "leader" is tagged PROPN (UPOS only) and
		// "arrested" lemmatized as itself (Lemmas only).
		name: "wrong label, tag and lemma",
		gold: protestGold,
		system: `
			1 Police    police    NOUN  NNS 2 nsubj
			2 arrested  arrested  VERB  VBD 0 root
			3 the       the       DET   DT  5 det
			4 protest   protest   NOUN  NN  5 amod
			5 leader    leader    PROPN NN  2 obj
			6 Monday    Monday    PROPN NNP 2 obl:tmod
			7 .         .         PUNCT .   2 punct`,
		want: eval.UDScores{
			Tokens: S{7, 7, 7, 0}, Sentences: S{1, 1, 1, 0}, Words: S{7, 7, 7, 0},
			UPOS: S{7, 7, 6, 7}, XPOS: S{7, 7, 7, 7}, Lemmas: S{7, 7, 6, 7}, UAS: S{7, 7, 7, 7}, LAS: S{7, 7, 6, 7},
		},
	}, {
		// The system keeps "don't" as one word. Tokens all match (the
		// gold multiword token has the same span), but the gold words
		// "do" and "n't" and the system word "don't" form one multiword
		// region with no common form, so 4 of 6 gold and 4 of 5 system
		// words align. Everything aligned is right.
		name: "contraction not split",
		gold: `
			1   Officials official NOUN  NNS 4 nsubj
			2-3 don't
			2   do        do       AUX   VBP 4 aux
			3   n't       not      PART  RB  4 advmod
			4   expect    expect   VERB  VB  0 root
			5   talks     talk     NOUN  NNS 4 obj
			6   .         .        PUNCT .   4 punct`,
		system: `
			1 Officials official NOUN  NNS 3 nsubj
			2 don't     do       AUX   VBP 3 aux
			3 expect    expect   VERB  VB  0 root
			4 talks     talk     NOUN  NNS 3 obj
			5 .         .        PUNCT .   3 punct`,
		want: eval.UDScores{
			Tokens: S{5, 5, 5, 0}, Sentences: S{1, 1, 1, 0}, Words: S{6, 5, 4, 0},
			UPOS: S{6, 5, 4, 4}, XPOS: S{6, 5, 4, 4}, Lemmas: S{6, 5, 4, 4}, UAS: S{6, 5, 4, 4}, LAS: S{6, 5, 4, 4},
		},
	}, {
		// The system runs two sentences together. The merged sentence
		// starts where the first gold one does but ends elsewhere, so no
		// sentence is right. Words align across the boundary; "died",
		// attached to "attacked" instead of being a root, is the only
		// head error.
		name: "sentence boundary missed",
		gold: `
			# sent_id = 1
			1 Rebels   rebel   NOUN  NNS 2 nsubj
			2 attacked attack  VERB  VBD 0 root
			3 the      the     DET   DT  4 det
			4 base     base    NOUN  NN  2 obj
			5 .        .       PUNCT .   2 punct

			# sent_id = 2
			1 Five     five    NUM   CD  2 nummod
			2 soldiers soldier NOUN  NNS 3 nsubj
			3 died     die     VERB  VBD 0 root
			4 .        .       PUNCT .   3 punct`,
		system: `
			1 Rebels   rebel   NOUN  NNS 2 nsubj
			2 attacked attack  VERB  VBD 0 root
			3 the      the     DET   DT  4 det
			4 base     base    NOUN  NN  2 obj
			5 .        .       PUNCT .   2 punct
			6 Five     five    NUM   CD  7 nummod
			7 soldiers soldier NOUN  NNS 8 nsubj
			8 died     die     VERB  VBD 2 parataxis
			9 .        .       PUNCT .   8 punct`,
		want: eval.UDScores{
			Tokens: S{9, 9, 9, 0}, Sentences: S{2, 1, 0, 0}, Words: S{9, 9, 9, 0},
			UPOS: S{9, 9, 9, 9}, XPOS: S{9, 9, 9, 9}, Lemmas: S{9, 9, 9, 9}, UAS: S{9, 9, 8, 9}, LAS: S{9, 9, 8, 9},
		},
	}, {
		// Gold has two multiword tokens. The system splits "minister's"
		// into two plain tokens, so the gold token "minister's" and the
		// system tokens "minister" and "'s" do not match (5 of 6 gold, 5
		// of 7 system tokens), though LCS aligns both words. It splits
		// "can't" as "can" + "n't": only "n't" aligns. "n't" is attached
		// to the unaligned "can", so its head is wrong.
		name: "multiword tokens",
		gold: `
			1   The      the      DET   DT  4 det
			2-3 minister's
			2   minister minister NOUN  NN  4 nmod:poss
			3   's       's       PART  POS 2 case
			4   aide     aide     NOUN  NN  7 nsubj
			5-6 can't
			5   ca       can      AUX   MD  7 aux
			6   n't      not      PART  RB  7 advmod
			7   comment  comment  VERB  VB  0 root
			8   .        .        PUNCT .   7 punct`,
		system: `
			1   The      the      DET   DT  4 det
			2   minister minister NOUN  NN  4 nmod:poss
			3   's       's       PART  POS 2 case
			4   aide     aide     NOUN  NN  7 nsubj
			5-6 can't
			5   can      can      AUX   MD  7 aux
			6   n't      not      PART  RB  5 advmod
			7   comment  comment  VERB  VB  0 root
			8   .        .        PUNCT .   7 punct`,
		want: eval.UDScores{
			Tokens: S{6, 7, 5, 0}, Sentences: S{1, 1, 1, 0}, Words: S{8, 8, 7, 0},
			UPOS: S{8, 8, 7, 7}, XPOS: S{8, 8, 7, 7}, Lemmas: S{8, 8, 7, 7}, UAS: S{8, 8, 6, 7}, LAS: S{8, 8, 6, 7},
		},
	}, {
		// The system's "_" head is never right; a gold lemma "_"
		// accepts any lemma.
		name: "missing head, gold lemma _",
		gold: `
			1 Crowds  crowd NOUN  NNS 2 nsubj
			2 gathered _    VERB  VBD 0 root`,
		system: `
			1 Crowds   crowd  NOUN  NNS _ _
			2 gathered gather VERB  VBD 0 root`,
		want: eval.UDScores{
			Tokens: S{2, 2, 2, 0}, Sentences: S{1, 1, 1, 0}, Words: S{2, 2, 2, 0},
			UPOS: S{2, 2, 2, 2}, XPOS: S{2, 2, 2, 2}, Lemmas: S{2, 2, 2, 2}, UAS: S{2, 2, 1, 2}, LAS: S{2, 2, 1, 2},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eval.ScoreUD(parse(t, tt.gold), parse(t, tt.system))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ScoreUD:\n got %+v\nwant %+v\n%s", got, tt.want, got)
			}
		})
	}
}

// TestScoreUDSpaceInForm checks that a token holding a space matches the
// same characters split into two tokens only at the text level.
func TestScoreUDSpaceInForm(t *testing.T) {
	gold := []*conllu.Sentence{{Words: []conllu.Word{
		{ID: 1, Form: "New York", Lemma: "New York", UPOS: "PROPN", Head: 0, DepRel: "root"},
	}}}
	system := []*conllu.Sentence{{Words: []conllu.Word{
		{ID: 1, Form: "New", Lemma: "New", UPOS: "PROPN", Head: 2, DepRel: "compound"},
		{ID: 2, Form: "York", Lemma: "York", UPOS: "PROPN", Head: 0, DepRel: "root"},
	}}}
	got, err := eval.ScoreUD(gold, system)
	if err != nil {
		t.Fatal(err)
	}
	if want := (eval.Score{Gold: 1, System: 2, Correct: 0}); got.Tokens != want || got.Words != want {
		t.Errorf("Tokens %+v, Words %+v; want both %+v", got.Tokens, got.Words, want)
	}
}

func TestScoreUDTextMismatch(t *testing.T) {
	gold := parse(t, protestGold)
	system := parse(t, strings.Replace(protestGold, "leader", "leaders", 1))
	_, err := eval.ScoreUD(gold, system)
	if !errors.Is(err, avocet.ErrInvalidInput) {
		t.Fatalf("error %v does not wrap ErrInvalidInput", err)
	}
	for _, want := range []string{"character 30", `after "stedtheprotestleader"`,
		`gold has "Monday."`, `system has "sMonday."`, `gold sentence "1" at line 1`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}

	// One text a prefix of the other.
	_, err = eval.ScoreUD(gold, gold[:0])
	if err == nil || !strings.Contains(err.Error(), "system text ends there") {
		t.Errorf("empty system: error %v, want one saying where the system text ends", err)
	}

	// A form that is only whitespace.
	blank := []*conllu.Sentence{{Words: []conllu.Word{{ID: 1, Form: " ", Head: 0}}}}
	if _, err := eval.ScoreUD(blank, blank); !errors.Is(err, avocet.ErrInvalidInput) {
		t.Errorf("blank form: error %v, want ErrInvalidInput", err)
	}
}

func TestScoreMethods(t *testing.T) {
	s := eval.Score{Gold: 6, System: 5, Correct: 4, Aligned: 4}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"Precision", s.Precision(), 0.8},
		{"Recall", s.Recall(), 4.0 / 6},
		{"F1", s.F1(), 8.0 / 11},
		{"AlignedAccuracy", s.AlignedAccuracy(), 1},
		{"empty Precision", eval.Score{}.Precision(), 0},
		{"empty F1", eval.Score{}.F1(), 0},
		{"empty AlignedAccuracy", eval.Score{Gold: 3}.AlignedAccuracy(), 0},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestUDScoresString(t *testing.T) {
	s := eval.Score{Gold: 6, System: 5, Correct: 4, Aligned: 4}
	got := eval.UDScores{Tokens: eval.Score{Gold: 1, System: 1, Correct: 1}, UAS: s}.String()
	want := "Metric     | Precision |    Recall |  F1 Score | AligndAcc\n" +
		"-----------+-----------+-----------+-----------+-----------\n" +
		"Tokens     |    100.00 |    100.00 |    100.00 |\n" +
		"Sentences  |      0.00 |      0.00 |      0.00 |\n" +
		"Words      |      0.00 |      0.00 |      0.00 |\n" +
		"UPOS       |      0.00 |      0.00 |      0.00 |      0.00\n" +
		"XPOS       |      0.00 |      0.00 |      0.00 |      0.00\n" +
		"Lemmas     |      0.00 |      0.00 |      0.00 |      0.00\n" +
		"UAS        |     80.00 |     66.67 |     72.73 |    100.00\n" +
		"LAS        |      0.00 |      0.00 |      0.00 |      0.00\n"
	if got != want {
		t.Errorf("String:\n%s\nwant:\n%s", got, want)
	}
}

func readCorpus(tb testing.TB, rel string) []*conllu.Sentence {
	tb.Helper()
	p := filepath.Join(sharedDir, "corpora", rel)
	f, err := os.Open(p)
	if err != nil {
		tb.Skipf("shared corpus not available (%v); this test needs %s", err, sharedDir)
	}
	defer f.Close()
	ss, err := conllu.ReadAll(f, p)
	if err != nil {
		tb.Fatal(err)
	}
	return ss
}

// TestScoreUDEWTSelf scores EWT dev against itself: 100 everywhere, with
// the corpus's token, sentence and word counts.
func TestScoreUDEWTSelf(t *testing.T) {
	gold := readCorpus(t, "ud-english-ewt/en_ewt-ud-dev.conllu")
	system := readCorpus(t, "ud-english-ewt/en_ewt-ud-dev.conllu")
	got, err := eval.ScoreUD(gold, system)
	if err != nil {
		t.Fatal(err)
	}
	const tokens, sentences, words = 24787, 2001, 25147
	full := func(n int) eval.Score { return eval.Score{Gold: n, System: n, Correct: n, Aligned: n} }
	seg := func(n int) eval.Score { return eval.Score{Gold: n, System: n, Correct: n} }
	want := eval.UDScores{
		Tokens: seg(tokens), Sentences: seg(sentences), Words: seg(words),
		UPOS: full(words), XPOS: full(words), Lemmas: full(words), UAS: full(words), LAS: full(words),
	}
	if got != want {
		t.Errorf("ScoreUD(dev, dev):\n got %+v\nwant %+v", got, want)
	}
}

// TestScoreUDEWTRetokenized scores EWT dev against a copy in which every
// multiword token is replaced by a single word carrying the first word's
// annotation: the words of the gold multiword tokens cannot align, and
// the scores must drop by exactly those words and the heads that point
// to them.
func TestScoreUDEWTRetokenized(t *testing.T) {
	gold := readCorpus(t, "ud-english-ewt/en_ewt-ud-dev.conllu")
	system := readCorpus(t, "ud-english-ewt/en_ewt-ud-dev.conllu")
	lost, mwts := 0, 0
	for _, s := range system {
		if len(s.MultiWords) == 0 {
			continue
		}
		// Renumber: each multiword token becomes its first word.
		newID := make([]int, len(s.Words)+1) // old ID -> new ID
		var words []conllu.Word
		m := 0
		for i := 0; i < len(s.Words); i++ {
			w := s.Words[i]
			if m < len(s.MultiWords) && s.MultiWords[m].First == w.ID {
				mw := s.MultiWords[m]
				w.Form = mw.Form
				for id := mw.First; id <= mw.Last; id++ {
					newID[id] = len(words) + 1
				}
				i = mw.Last - 1
				m++
				mwts++
				lost += mw.Last - mw.First + 1
			} else {
				newID[w.ID] = len(words) + 1
			}
			words = append(words, w)
		}
		for i := range words {
			words[i].ID = i + 1
			if words[i].Head > 0 {
				words[i].Head = newID[words[i].Head]
			}
		}
		s.Words, s.MultiWords = words, nil
	}
	got, err := eval.ScoreUD(gold, system)
	if err != nil {
		t.Fatal(err)
	}
	const words = 25147
	aligned := words - lost
	if want := (eval.Score{Gold: words, System: words - lost + mwts, Correct: aligned}); got.Words != want {
		t.Errorf("Words = %+v, want %+v", got.Words, want)
	}
	if got.Tokens.Correct != got.Tokens.Gold || got.UPOS.Correct != aligned {
		t.Errorf("Tokens %+v, UPOS %+v; want all tokens and all aligned words right", got.Tokens, got.UPOS)
	}
	if got.UAS.Aligned != aligned || got.UAS.Correct >= aligned || got.LAS.Correct > got.UAS.Correct {
		t.Errorf("UAS %+v, LAS %+v: want some head errors among %d aligned words", got.UAS, got.LAS, aligned)
	}
	t.Logf("%d multiword tokens merged\n%s", mwts, got)
}

func BenchmarkScoreUD(b *testing.B) {
	gold := readCorpus(b, "ud-english-ewt/en_ewt-ud-dev.conllu")
	system := readCorpus(b, "ud-english-ewt/en_ewt-ud-dev.conllu")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eval.ScoreUD(gold, system); err != nil {
			b.Fatal(err)
		}
	}
}
