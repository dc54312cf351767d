package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/eval"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/nlp/conllu"
	"github.com/avocet-events/avocet/text"
)

const evalUDUsage = `eval-ud --gold FILE.conllu [--gold-tokens] [--json]

Scores avocet's segmentation, tagging, lemmatisation and parsing against a
CoNLL-U gold file, with the CoNLL 2018 shared task metrics. By default it
starts from raw text: the "# text" lines, joined by spaces within a
paragraph and by blank lines between paragraphs and documents. With
--gold-tokens it tags and parses the gold words of the gold sentences.`

func (m *Main) runEvalUD(ctx context.Context, args []string) error {
	fs := m.newFlags("eval-ud", evalUDUsage)
	goldPath := fs.String("gold", "", "gold CoNLL-U file (required)")
	goldTokens := fs.Bool("gold-tokens", false, "start from the gold tokenisation and sentences")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	model := fs.String("model", "", "model bundle to use instead of the built-in one")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *goldPath == "" || fs.NArg() > 0 {
		return usagef("eval-ud needs --gold FILE and no other arguments")
	}
	f, err := os.Open(*goldPath)
	if err != nil {
		return err
	}
	gold, err := conllu.ReadAll(f, *goldPath)
	f.Close()
	if err != nil {
		return err
	}
	ann, err := loadAnnotator(*model)
	if err != nil {
		return err
	}
	var system []*conllu.Sentence
	if *goldTokens {
		system = annotateGoldTokens(gold, ann)
	} else {
		system = annotateRaw(gold, ann)
	}
	scores, err := eval.ScoreUD(gold, system)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(udJSON(scores))
	}
	fmt.Fprintf(m.Stdout, "%-10s %9s %9s %9s %9s\n", "metric", "precision", "recall", "F1", "aligned")
	for _, r := range udRows(scores) {
		fmt.Fprintf(m.Stdout, "%-10s %9.2f %9.2f %9.2f %9s\n", r.name, 100*r.s.Precision(), 100*r.s.Recall(), 100*r.s.F1(), aligned(r))
	}
	return nil
}

type udRow struct {
	name string
	s    eval.Score
	acc  bool
}

func udRows(s eval.UDScores) []udRow {
	return []udRow{
		{"Tokens", s.Tokens, false}, {"Sentences", s.Sentences, false}, {"Words", s.Words, false},
		{"UPOS", s.UPOS, true}, {"XPOS", s.XPOS, true}, {"Lemmas", s.Lemmas, true},
		{"UAS", s.UAS, true}, {"LAS", s.LAS, true},
	}
}

func aligned(r udRow) string {
	if !r.acc {
		return ""
	}
	return strconv.FormatFloat(100*r.s.AlignedAccuracy(), 'f', 2, 64)
}

func udJSON(s eval.UDScores) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, r := range udRows(s) {
		m := map[string]float64{"precision": 100 * r.s.Precision(), "recall": 100 * r.s.Recall(), "f1": 100 * r.s.F1()}
		if r.acc {
			m["aligned_accuracy"] = 100 * r.s.AlignedAccuracy()
		}
		out[strings.ToLower(r.name)] = m
	}
	return out
}

// annotateGoldTokens tags and parses the gold words of each gold sentence.
func annotateGoldTokens(gold []*conllu.Sentence, ann *nlp.Annotator) []*conllu.Sentence {
	out := make([]*conllu.Sentence, len(gold))
	for i, g := range gold {
		s := &conllu.Sentence{ID: g.ID, Text: g.Text, Comments: g.Comments, MultiWords: g.MultiWords}
		var as avocet.Sentence
		for _, w := range g.Words {
			as.Tokens = append(as.Tokens, avocet.Token{Form: w.Form})
		}
		ann.Annotate(&as)
		for k, t := range as.Tokens {
			w := g.Words[k]
			w.Lemma, w.UPOS, w.XPOS, w.Head, w.DepRel = t.Lemma, t.UPOS, t.XPOS, t.Head, t.DepRel
			w.Feats, w.Deps = "_", "_"
			s.Words = append(s.Words, w)
		}
		out[i] = s
	}
	return out
}

// annotateRaw rebuilds the raw text of the gold file and runs the whole
// language pipeline on it.
func annotateRaw(gold []*conllu.Sentence, ann *nlp.Annotator) []*conllu.Sentence {
	var b strings.Builder
	for i, g := range gold {
		if i > 0 {
			if g.NewDoc || g.NewPar {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.Text)
	}
	doc := b.String()
	sents := text.Segment(doc, nil)
	cc := conllu.NewCharCounter(doc)
	out := make([]*conllu.Sentence, len(sents))
	for i := range sents {
		ann.Annotate(&sents[i])
		out[i] = conllu.FromSentence(doc, &sents[i], "s"+strconv.Itoa(i+1), cc)
	}
	return out
}
