package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/nlp/conllu"
)

const trainUsage = `train [flags]

Trains the English tagger, lemmatiser and parser from UD English EWT
(train for learning, dev for choosing the best epoch) and writes the model
bundle. Deterministic for a given --seed. Never trains on GUM (its licence
is non-commercial).`

func (m *Main) runTrain(ctx context.Context, args []string) error {
	fs := m.newFlags("train", trainUsage)
	corpora := fs.String("corpora", "../shared/corpora", "folder holding ud-english-ewt/")
	out := fs.String("out", "models/en-nlp.avm", "where to write the model bundle")
	opts := nlp.TrainOptions{}
	fs.IntVar(&opts.TaggerEpochs, "tagger-epochs", 8, "tagger training epochs")
	fs.IntVar(&opts.ParserEpochs, "parser-epochs", 15, "parser training epochs")
	fs.IntVar(&opts.Folds, "folds", 4, "jack-knife folds for the parser's training tags (0: gold tags)")
	fs.Int64Var(&opts.Seed, "seed", 1, "random seed")
	fs.Float64Var(&opts.Prune, "prune", 0.0125, "drop weights below this fraction of the largest (negative: keep all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("train takes no arguments")
	}
	dir := filepath.Join(*corpora, "ud-english-ewt")
	train, err := readTrain(filepath.Join(dir, "en_ewt-ud-train.conllu"))
	if err != nil {
		return err
	}
	dev, err := readTrain(filepath.Join(dir, "en_ewt-ud-dev.conllu"))
	if err != nil {
		return err
	}
	start := time.Now()
	opts.Logf = func(format string, args ...any) {
		fmt.Fprintf(m.Stderr, "%7.1fs  "+format+"\n", append([]any{time.Since(start).Seconds()}, args...)...)
	}
	ann, err := nlp.Train(train, dev, opts)
	if err != nil {
		return err
	}
	// Write atomically: a crash never leaves a half-written model.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".en-nlp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := ann.Save(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	st, _ := os.Stat(*out)
	fmt.Fprintf(m.Stderr, "wrote %s (%d bytes) in %s\n", *out, st.Size(), time.Since(start).Round(time.Second))
	return nil
}

// readTrain reads a CoNLL-U treebank as training sentences.
func readTrain(path string) ([]nlp.TrainSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ss, err := conllu.ReadAll(f, path)
	if err != nil {
		return nil, err
	}
	out := make([]nlp.TrainSentence, 0, len(ss))
	for _, s := range ss {
		var t nlp.TrainSentence
		for _, w := range s.Words {
			t.Forms = append(t.Forms, w.Form)
			t.Lemmas = append(t.Lemmas, w.Lemma)
			t.UPOS = append(t.UPOS, w.UPOS)
			t.XPOS = append(t.XPOS, w.XPOS)
			t.Heads = append(t.Heads, w.Head)
			t.DepRels = append(t.DepRels, w.DepRel)
		}
		if len(t.Forms) > 0 {
			out = append(out, t)
		}
	}
	return out, nil
}
