package nlp_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

var (
	gazOnce sync.Once
	gaz     *nlp.PhraseGazetteer
)

// testGazetteer builds the recogniser's gazetteer from the built-in
// dictionaries and the geo gazetteer's larger places as the command does
// (cmd/avocet builtinNERGazetteer).
func testGazetteer() *nlp.PhraseGazetteer {
	gazOnce.Do(func() {
		d, err := dict.Builtin()
		if err != nil {
			panic(err)
		}
		gaz = nlp.NewPhraseGazetteer()
		for i := range d.Actors {
			a := &d.Actors[i]
			kind := "ORG"
			switch a.Kind {
			case "country", "capital", "region":
				kind = nlp.KindGPE
			case "seat":
				kind = "SEAT"
			case "demonym":
				kind = "NORP"
			case "person":
				kind = "PER"
			}
			name := a.Name
			if name == "" {
				name = a.Phrases[0]
			}
			for _, p := range a.Phrases {
				gaz.Add(words(p), kind, name, a.CodeAt(time.Time{}))
			}
		}
		for i := range d.Agents {
			if a := &d.Agents[i]; a.Kind == "title" {
				for _, p := range a.Phrases {
					gaz.Add(words(p), "TITLE", "", "")
				}
			}
		}
		places, err := geo.Default()
		if err != nil {
			panic(err)
		}
		for p := range places.Places() {
			kind := "LOC"
			switch p.Kind {
			case geo.Country:
				kind = nlp.KindGPE
			case geo.City:
				if p.Population < 100_000 {
					continue
				}
			}
			gaz.Add(words(p.Name), kind, "", "")
			if p.ASCII != p.Name {
				gaz.Add(words(p.ASCII), kind, "", "")
			}
		}
	})
	return gaz
}

// words splits text into words with the tokenizer.
func words(s string) []string {
	var out []string
	for _, sent := range text.Segment(s+" x", &text.Options{Continued: true}) {
		for _, t := range sent.Tokens {
			if t.Start < len(s) {
				out = append(out, t.Form)
			}
		}
	}
	return out
}

var (
	nerOnce sync.Once
	nerM    *nlp.NER
	nerErr  error
)

func builtinNER(t testing.TB) *nlp.NER {
	t.Helper()
	nerOnce.Do(func() { nerM, nerErr = nlp.LoadNERBytes(models.EnglishNER) })
	if nerErr != nil {
		t.Fatal(nerErr)
	}
	return nerM.WithGazetteer(testGazetteer())
}

// segmentAndTag runs the whole language pipeline and the recogniser over
// a text.
func segmentAndTag(t *testing.T, story string) []avocet.Sentence {
	t.Helper()
	sents := text.Segment(story, nil)
	for i := range sents {
		annotator(t).Annotate(&sents[i])
	}
	builtinNER(t).TagDocument(sents)
	return sents
}

func spanText(story string, s avocet.Sentence, sp nlp.EntitySpan) string {
	return story[s.Tokens[sp.Start].Start:s.Tokens[sp.End-1].End]
}

// TestNERNews checks entities a reader can verify on short news sentences
// we wrote.
func TestNERNews(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "Type:words", all of which must be found
	}{
		{"people and places", "South African President Cyril Ramaphosa met Kenyan President William Ruto in Nairobi on Tuesday.",
			[]string{"PER:Cyril Ramaphosa", "PER:William Ruto", "GPE:Nairobi"}},
		{"organisations", "The United Nations and the African Union called for a ceasefire in Sudan.",
			[]string{"ORG:United Nations", "ORG:African Union", "GPE:Sudan"}},
		{"country as place", "Protesters gathered outside the parliament in Lima, Peru, on Monday.",
			[]string{"GPE:Lima", "GPE:Peru"}},
		{"unknown person with a title", "Police spokesman John Kamau said the suspects fled towards Mombasa.",
			[]string{"PER:John Kamau", "LOC:Mombasa"}}, // Mombasa is no capital: LOC
		{"organisation named for a place", "She teaches at the University of Pennsylvania and advises the Bank of Kenya.",
			[]string{"ORG:University of Pennsylvania", "ORG:Bank of Kenya"}},
	}
	ner := builtinNER(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sents := segmentAndTag(t, tt.text)
			var got []string
			for _, s := range sents {
				for _, sp := range ner.Spans(&s) {
					got = append(got, sp.Type+":"+spanText(tt.text, s, sp))
				}
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					if g == w {
						found = true
					}
				}
				if !found {
					t.Errorf("missing %s; got %q", w, got)
				}
			}
		})
	}
}

// TestNERTagsWellFormed checks that every tag sequence is valid BIO: no
// I- without a B- or I- of its type before it.
func TestNERTagsWellFormed(t *testing.T) {
	story := `Ministers from France, Germany and the UK met in Brussels. ` +
		`"We will not accept this," said Ursula von der Leyen of the European Commission. ` +
		`the un security council meets in new york city next week . ` +
		`AL-SHABAAB FIGHTERS ATTACKED A BASE NEAR MOGADISHU`
	for _, s := range segmentAndTag(t, story) {
		prev := "O"
		for _, tok := range s.Tokens {
			e := tok.Entity
			if e == "" {
				t.Fatalf("token %q has no entity tag", tok.Form)
			}
			if strings.HasPrefix(e, "I-") && prev[min(2, len(prev)):] != e[2:] {
				t.Errorf("%q tagged %s after %s", tok.Form, e, prev)
			}
			prev = e
		}
	}
}

func TestNERWithoutTokens(t *testing.T) {
	ner := builtinNER(t)
	var s avocet.Sentence
	ner.Tag(&s)
	if got := ner.Spans(&s); len(got) != 0 {
		t.Errorf("Spans of an empty sentence = %v", got)
	}
	ner.TagDocument(nil)
}

func TestNERSaveLoad(t *testing.T) {
	n, err := nlp.LoadNERBytes(models.EnglishNER)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	a, _ := gunzip(models.EnglishNER)
	b, _ := gunzip(buf.Bytes())
	if !bytes.Equal(a, b) {
		t.Errorf("Save(Load(model)) differs from the model (%d vs %d bytes)", len(b), len(a))
	}
	if got := n.Labels(); strings.Join(got, " ") != "LOC ORG PER" {
		t.Errorf("Labels() = %v", got)
	}
}

func TestLoadNERCorrupt(t *testing.T) {
	good := models.EnglishNER
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("hello")},
		{"truncated", good[:len(good)/2]},
		{"flipped byte", func() []byte {
			b := bytes.Clone(good)
			b[len(b)/2] ^= 0x55
			return b
		}()},
		{"annotator bundle", models.EnglishNLP[:4096]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := nlp.LoadNERBytes(tt.data)
			if !errors.Is(err, avocet.ErrModel) {
				t.Errorf("LoadNERBytes error = %v, want ErrModel", err)
			}
		})
	}
}

func TestPhraseGazetteer(t *testing.T) {
	g := nlp.NewPhraseGazetteer()
	g.Add([]string{"United", "Nations"}, "ORG", "United Nations", "IGOUNO")
	g.Add([]string{"UN"}, "ORG", "United Nations", "IGOUNO")
	g.Add([]string{"United", "Nations", "Security", "Council"}, "ORG", "UN Security Council", "IGOUNO")
	g.Add([]string{"Kenya"}, nlp.KindGPE, "Kenya", "KEN")
	tests := []struct {
		name     string
		text     string
		at       int
		wantLen  int
		wantKind string
	}{
		{"longest phrase", "the United Nations Security Council met", 1, 4, "ORG"},
		{"shorter phrase", "the United Nations met", 1, 2, "ORG"},
		{"any case", "in kenya today", 1, 1, nlp.KindGPE},
		{"acronym in capitals", "the UN said", 1, 1, "ORG"},
		{"acronym needs capitals", "tell un about it", 1, 0, ""},
		{"no phrase", "tell us about it", 1, 0, ""},
		{"past the end", "Kenya", 3, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := strings.Fields(tt.text)
			lower := strings.Fields(strings.ToLower(tt.text))
			n, kind := g.Match(w, lower, tt.at)
			if n != tt.wantLen || kind != tt.wantKind {
				t.Errorf("Match = %d %q, want %d %q", n, kind, tt.wantLen, tt.wantKind)
			}
		})
	}
	if c, code, ok := g.Lookup([]string{"UN"}); !ok || c != "United Nations" || code != "IGOUNO" {
		t.Errorf("Lookup(UN) = %q %q %v", c, code, ok)
	}
	if _, _, ok := g.Lookup([]string{"United"}); ok {
		t.Error("Lookup found a phrase for a part of one")
	}
	if g.Len() != 4 {
		t.Errorf("Len = %d, want 4", g.Len())
	}
}

func TestSpansOf(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []nlp.EntitySpan
	}{
		{"plain", "B-PER I-PER O B-LOC", []nlp.EntitySpan{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{"I- after O starts an entity", "O I-ORG I-ORG", []nlp.EntitySpan{{1, 3, "ORG"}}},
		{"type change", "B-PER I-ORG", []nlp.EntitySpan{{0, 1, "PER"}, {1, 2, "ORG"}}},
		{"adjacent", "B-LOC B-LOC", []nlp.EntitySpan{{0, 1, "LOC"}, {1, 2, "LOC"}}},
		{"none", "O O", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nlp.SpansOf(strings.Fields(tt.tags))
			if len(got) != len(tt.want) {
				t.Fatalf("SpansOf = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("SpansOf = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestScoreNER(t *testing.T) {
	gold := [][]string{strings.Fields("B-PER I-PER O B-LOC O B-ORG")}
	pred := [][]string{strings.Fields("B-PER I-PER O B-ORG O B-ORG")}
	s, err := nlp.ScoreNER(gold, pred)
	if err != nil {
		t.Fatal(err)
	}
	if s.All != (nlp.SpanCounts{Gold: 3, Predicted: 3, Correct: 2}) {
		t.Errorf("All = %+v", s.All)
	}
	if c := s.ByType["LOC"]; c != (nlp.SpanCounts{Gold: 1}) {
		t.Errorf("LOC = %+v", c)
	}
	if c := s.ByType["ORG"]; c.F1() < 0.66 || c.F1() > 0.67 {
		t.Errorf("ORG F1 = %v, want 2/3", c.F1())
	}
	// GPE is scored as LOC
	s, _ = nlp.ScoreNER([][]string{{"B-LOC"}}, [][]string{{"B-GPE"}})
	if s.All.Correct != 1 {
		t.Errorf("GPE not scored as LOC: %+v", s.All)
	}
	if _, err := nlp.ScoreNER(gold, [][]string{{"O"}}); err == nil {
		t.Error("no error for sentences of different lengths")
	}
}

func TestReadIOB(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		opts  nlp.IOBOptions
		words string
		tags  string
		id    string
		doc   string
	}{
		{
			name:  "universal NER",
			in:    "# newdoc id = d1\n# sent_id = s1\n# text = Kori Schulman wrote\n1\tKori\tB-PER\t-\tx\n2\tSchulman\tI-PER\t-\tx\n3\twrote\tO\t-\t-\n\n",
			words: "Kori Schulman wrote", tags: "B-PER I-PER O", id: "s1", doc: "d1",
		},
		{
			name:  "IOB1 with MISC",
			in:    "-DOCSTART- O\n\nThe I-ORG\nMad I-ORG\nCapsule I-ORG\nis O\nJapanese I-MISC\nand O\nParis I-LOC\nLondon B-LOC\n",
			opts:  nlp.IOBOptions{IOB1: true},
			words: "The Mad Capsule is Japanese and Paris London", tags: "B-ORG I-ORG I-ORG O O O B-LOC B-LOC", doc: "doc1",
		},
		{
			name:  "tweet",
			in:    "#UN\tB-ORG\nreport\tO\n \tO\nhttp://t.co/x\tO\n",
			opts:  nlp.IOBOptions{StripHash: true},
			words: "UN report http://t.co/x", tags: "B-ORG O O",
		},
		{
			name:  "I- after O repaired, GPE read as LOC",
			in:    "in O\nParis I-GPE\n",
			words: "in Paris", tags: "O B-LOC",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := nlp.ReadIOB(strings.NewReader(tt.in), "test", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(ss) != 1 {
				t.Fatalf("%d sentences, want 1", len(ss))
			}
			s := ss[0]
			if got := strings.Join(s.Forms, " "); got != tt.words {
				t.Errorf("words %q, want %q", got, tt.words)
			}
			if got := strings.Join(s.Tags, " "); got != tt.tags {
				t.Errorf("tags %q, want %q", got, tt.tags)
			}
			if s.ID != tt.id || s.Doc != tt.doc {
				t.Errorf("id %q doc %q, want %q %q", s.ID, s.Doc, tt.id, tt.doc)
			}
		})
	}
	for _, bad := range []string{"word\n", "1\tword\tX-PER\t-\t-\n", ""} {
		_, err := nlp.ReadIOB(strings.NewReader(bad), "bad.iob2", nlp.IOBOptions{})
		if !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("ReadIOB(%q) error = %v, want ErrInvalidInput", bad, err)
		}
		if err != nil && bad != "" && !strings.Contains(err.Error(), "bad.iob2:1") {
			t.Errorf("error %q does not name the line", err)
		}
	}
}

// TestTrainNERDeterministic trains a tiny model twice with the same seed
// and checks that the files are identical and that it learned its data.
func TestTrainNERDeterministic(t *testing.T) {
	var train []nlp.NERSentence
	add := func(s, tags, pos string) {
		train = append(train, nlp.NERSentence{Forms: strings.Fields(s), Tags: strings.Fields(tags),
			UPOS: strings.Fields(strings.ReplaceAll(pos, "NNP", "PROPN")), XPOS: strings.Fields(pos)})
	}
	for i := 0; i < 20; i++ {
		add("Maria Lopez visited Lima", "B-PER I-PER O B-LOC", "NNP NNP VBD NNP")
		add("Acme Corp hired John", "B-ORG I-ORG O B-PER", "NNP NNP VBD NNP")
		add("he visited Quito", "O O B-LOC", "PRP VBD NNP")
	}
	g := nlp.NewPhraseGazetteer()
	g.Add([]string{"Lima"}, nlp.KindGPE, "Lima", "PER")
	model := func() []byte {
		n, err := nlp.TrainNER(train, train[:3], nlp.NERTrainOptions{Epochs: 3, Bits: 12, Seed: 7, Gazetteer: g})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := n.Save(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := model(), model()
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings with one seed gave different models")
	}
	n, err := nlp.LoadNERBytes(a)
	if err != nil {
		t.Fatal(err)
	}
	n = n.WithGazetteer(g)
	s := avocet.Sentence{}
	for i, f := range train[0].Forms {
		s.Tokens = append(s.Tokens, avocet.Token{Form: f, UPOS: train[0].UPOS[i], XPOS: train[0].XPOS[i]})
	}
	spans := n.Spans(&s)
	want := []nlp.EntitySpan{{0, 2, "PER"}, {3, 4, nlp.KindGPE}}
	if len(spans) != 2 || spans[0] != want[0] || spans[1] != want[1] {
		t.Errorf("Spans = %v, want %v", spans, want)
	}
	if _, err := nlp.TrainNER(nil, train, nlp.NERTrainOptions{}); err == nil {
		t.Error("no error without training data")
	}
}
