package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

const evalNERUsage = `eval-ner --gold FILE.iob2 [--iob1] [--json]

Scores avocet's named-entity recogniser against gold entities: span
precision, recall and F1 in the CoNLL manner (a span counts when its
tokens and type match a gold span; micro-averaged, and per type), GPE
counted as LOC. The gold file has one word a line and a blank line between
sentences: Universal NER's "index word tag" lines, or "word tag" lines as
in CoNLL and Wikigold (pass --iob1 for the older IOB scheme). The words are
tagged and parsed by the language model first, as in the pipeline; the
recogniser uses the built-in dictionaries and the geo gazetteer's larger
places as its gazetteer.`

func (m *Main) runEvalNER(ctx context.Context, args []string) error {
	fs := m.newFlags("eval-ner", evalNERUsage)
	goldPath := fs.String("gold", "", "gold IOB file (required)")
	iob1 := fs.Bool("iob1", false, "the gold file uses IOB1 (entities start with I-)")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	model := fs.String("model", "", "NER model to use instead of the built-in one")
	nlpModel := fs.String("nlp-model", "", "language model bundle to use instead of the built-in one")
	useGaz := fs.Bool("gazetteer", true, "consult the built-in dictionaries and places (false measures the model without them)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *goldPath == "" || fs.NArg() > 0 {
		return usagef("eval-ner needs --gold FILE and no other arguments")
	}
	gold, err := readIOBFile(*goldPath, nlp.IOBOptions{IOB1: *iob1})
	if err != nil {
		return err
	}
	ann, err := loadAnnotator(*nlpModel)
	if err != nil {
		return err
	}
	gaz, err := builtinNERGazetteer()
	if err != nil {
		return err
	}
	ner, err := loadNERModel(*model)
	if err != nil {
		return err
	}
	if *useGaz {
		ner = ner.WithGazetteer(gaz)
	}
	start := time.Now()
	posTagNER(ann, gold)
	pred := ner.TagSentences(gold)
	elapsed := time.Since(start)
	want := make([][]string, len(gold))
	tokens := 0
	for i, s := range gold {
		want[i] = s.Tags
		tokens += len(s.Forms)
	}
	scores, err := nlp.ScoreNER(want, pred)
	if err != nil {
		return err
	}
	types := make([]string, 0, len(scores.ByType))
	for t := range scores.ByType {
		types = append(types, t)
	}
	sort.Strings(types)
	if *asJSON {
		row := func(c nlp.SpanCounts) map[string]any {
			return map[string]any{"precision": 100 * c.Precision(), "recall": 100 * c.Recall(), "f1": 100 * c.F1(),
				"gold": c.Gold, "predicted": c.Predicted, "correct": c.Correct}
		}
		out := map[string]any{"all": row(scores.All), "sentences": len(gold), "tokens": tokens}
		for _, t := range types {
			out[strings.ToLower(t)] = row(scores.ByType[t])
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(m.Stdout, "%-6s %9s %9s %9s %7s %7s %7s\n", "type", "precision", "recall", "F1", "gold", "pred", "correct")
	line := func(name string, c nlp.SpanCounts) {
		fmt.Fprintf(m.Stdout, "%-6s %9.2f %9.2f %9.2f %7d %7d %7d\n", name, 100*c.Precision(), 100*c.Recall(), 100*c.F1(), c.Gold, c.Predicted, c.Correct)
	}
	for _, t := range types {
		line(t, scores.ByType[t])
	}
	line("all", scores.All)
	fmt.Fprintf(m.Stderr, "%d sentences, %d tokens, tagged, parsed and recognised in %s\n", len(gold), tokens, elapsed.Round(time.Millisecond))
	return nil
}

// readIOBFile reads named-entity data from a file.
func readIOBFile(path string, opts nlp.IOBOptions) ([]nlp.NERSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return nlp.ReadIOB(f, path, opts)
}

// loadNERModel loads the NER model from path, or the built-in one.
func loadNERModel(path string) (*nlp.NER, error) {
	if path == "" {
		return nlp.LoadNERBytes(models.EnglishNER)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := nlp.LoadNER(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// builtinNERGazetteer is the recogniser's gazetteer from the built-in
// dictionaries and the geo gazetteer's larger places, the one the shipped
// model is trained with.
func builtinNERGazetteer() (*nlp.PhraseGazetteer, error) {
	d, err := dict.Builtin()
	if err != nil {
		return nil, err
	}
	g := nerGazetteer(d)
	places, err := geo.Default()
	if err != nil {
		return nil, err
	}
	addNERPlaces(g, places)
	return g, nil
}

// nerMinCityPopulation is the population from which a city of the geo
// gazetteer is a LOC phrase of the recogniser's gazetteer. Smaller towns
// are too often surnames or common words ("Mobile", "Reading"); with every
// place the model gained 1.2 on EWT test but lost 1.4 on PUD, with these
// (and countries, first-level divisions and regions) it gained 0.9 on EWT
// dev and 2.7 on held-out Wikigold (mean of three seeds).
const nerMinCityPopulation = 100_000

// addNERPlaces adds the countries (GPE), first-level divisions, regions
// and cities of at least nerMinCityPopulation of places to g (LOC), by
// name and by name without diacritics, after the dictionaries' phrases
// (which win where both have a phrase).
func addNERPlaces(g *nlp.PhraseGazetteer, places *geo.Gazetteer) {
	for p := range places.Places() {
		kind := "LOC"
		switch p.Kind {
		case geo.Country:
			kind = nlp.KindGPE
		case geo.City:
			if p.Population < nerMinCityPopulation {
				continue
			}
		}
		g.Add(nerPhraseWords(p.Name), kind, "", "")
		if p.ASCII != p.Name {
			g.Add(nerPhraseWords(p.ASCII), kind, "", "")
		}
	}
}

// nerGazetteer builds the recogniser's gazetteer from actor dictionaries:
// countries, capitals and regions are GPE, seats of power SEAT (the
// Kremlin), demonyms NORP (not entities, but worth knowing), people PER,
// other actors (IGOs, NGOs, armed groups, parties) ORG, and titles from
// the agents TITLE ("President"). Canonical names and undated codes come
// along for grouping mentions.
func nerGazetteer(d *dict.Dictionaries) *nlp.PhraseGazetteer {
	g := nlp.NewPhraseGazetteer()
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
		canonical := a.Name
		if canonical == "" && len(a.Phrases) > 0 {
			canonical = a.Phrases[0]
		}
		code := a.CodeAt(time.Time{})
		for _, p := range a.Phrases {
			g.Add(nerPhraseWords(p), kind, canonical, code)
		}
	}
	for i := range d.Agents {
		if a := &d.Agents[i]; a.Kind == "title" {
			for _, p := range a.Phrases {
				g.Add(nerPhraseWords(p), "TITLE", "", "")
			}
		}
	}
	return g
}

// nerPhraseWords splits a dictionary phrase into words as the tokenizer
// splits running text.
func nerPhraseWords(p string) []string {
	var out []string
	padded := p + " x" // so a final period stays part of "U.N."
	for _, s := range text.Segment(padded, &text.Options{Continued: true}) {
		for _, t := range s.Tokens {
			if t.Start < len(p) {
				out = append(out, t.Form)
			}
		}
	}
	return out
}

// posTagNER fills UPOS and XPOS of NER sentences with the annotator's
// predictions. A gold word that avocet's tokenizer splits ("221bn" in
// PUD) is tagged as the words it splits into, in context, and takes the
// tags of its last part.
func posTagNER(ann *nlp.Annotator, ss []nlp.NERSentence) {
	posTagNERWith(func(int) *nlp.Annotator { return ann }, ss)
}

// posTagNERWith is posTagNER with the annotator of sentence i given by
// ann(i).
func posTagNERWith(ann func(i int) *nlp.Annotator, ss []nlp.NERSentence) {
	for i := range ss {
		s := &ss[i]
		var as avocet.Sentence
		last := make([]int, len(s.Forms)) // index of each gold word's last part
		for k, f := range s.Forms {
			parts := nerSplitWord(f)
			for _, p := range parts {
				as.Tokens = append(as.Tokens, avocet.Token{Form: p})
			}
			last[k] = len(as.Tokens) - 1
		}
		ann(i).Annotate(&as)
		s.UPOS = make([]string, len(s.Forms))
		s.XPOS = make([]string, len(s.Forms))
		for k := range s.Forms {
			t := &as.Tokens[last[k]]
			s.UPOS[k], s.XPOS[k] = t.UPOS, t.XPOS
		}
	}
}

// nerSplitWord returns the words avocet's tokenizer makes of one gold word;
// usually just the word.
func nerSplitWord(f string) []string {
	simple := true
	for i := 0; i < len(f); i++ {
		c := f[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			simple = false
			break
		}
	}
	if simple {
		return []string{f}
	}
	parts := nerPhraseWords(f)
	if len(parts) <= 1 || strings.Join(parts, "") != f {
		return []string{f}
	}
	return parts
}
