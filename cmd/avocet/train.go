package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/nlp/conllu"
)

const trainUsage = `train [flags]

Trains the English tagger, lemmatiser and parser from UD English EWT
(train for learning, dev for choosing the best epoch) and writes the model
bundle, then the named-entity recogniser (--ner-out) from Universal NER
English-EWT train (dev for choosing the epoch), Wikigold and sections of
the Broad Twitter Corpus, with the built-in dictionaries as its gazetteer
and part-of-speech tags from the new bundle (jack-knifed on EWT).
--ner-only trains just the recogniser, reading the bundle at --out;
--skip-ner just the bundle. Deterministic for a given --seed. Never trains
on GUM (its licence is non-commercial) nor on re3d's BBC documents.`

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
	var nf nerFlags
	nf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("train takes no arguments")
	}
	if nf.only && nf.skip {
		return usagef("train: --ner-only and --skip-ner exclude each other")
	}
	if nf.only {
		start := time.Now()
		ann, err := loadAnnotator(*out)
		if err != nil {
			return err
		}
		return m.trainNER(ann, *corpora, opts.Seed, nf, start)
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
	if nf.skip {
		return nil
	}
	return m.trainNER(ann, *corpora, opts.Seed, nf, time.Now())
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

// nerFlags are train's flags for the named-entity recogniser.
type nerFlags struct {
	only, skip bool
	out        string
	opts       nlp.NERTrainOptions
	folds      int
	btc        string
	wikigold   bool
}

func (nf *nerFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&nf.only, "ner-only", false, "train only the named-entity recogniser (POS tags from the bundle at --out)")
	fs.BoolVar(&nf.skip, "skip-ner", false, "train only the tagger, lemmatiser and parser bundle")
	fs.StringVar(&nf.out, "ner-out", "models/en-ner.avm", "where to write the NER model")
	fs.IntVar(&nf.opts.Epochs, "ner-epochs", 12, "NER training epochs")
	fs.IntVar(&nf.opts.Bits, "ner-bits", 21, "NER feature hash bits during training")
	fs.Float64Var(&nf.opts.GazDropout, "ner-gaz-dropout", 0.3, "share of NER training sentences that do not see the gazetteer in an epoch (negative: none)")
	fs.Float64Var(&nf.opts.Prune, "ner-prune", 0.01, "drop NER weights below this fraction of the largest (negative: keep all)")
	fs.IntVar(&nf.folds, "ner-folds", 4, "jack-knife folds for the POS tags of the EWT training sentences (0: tags from the bundle)")
	fs.StringVar(&nf.btc, "ner-btc", "abefgh", "sections of the Broad Twitter Corpus to train on (letters of a,b,e,f,g,h; empty for none)")
	fs.BoolVar(&nf.wikigold, "ner-wikigold", true, "train on Wikigold too")
}

// trainNER trains the named-entity recogniser and writes it to nf.out.
func (m *Main) trainNER(ann *nlp.Annotator, corpora string, seed int64, nf nerFlags, start time.Time) error {
	logf := func(format string, args ...any) {
		fmt.Fprintf(m.Stderr, "%7.1fs  "+format+"\n", append([]any{time.Since(start).Seconds()}, args...)...)
	}
	uner := filepath.Join(corpora, "uner-english-ewt")
	train, err := readIOBFile(filepath.Join(uner, "en_ewt-ud-train.iob2"), nlp.IOBOptions{})
	if err != nil {
		return err
	}
	dev, err := readIOBFile(filepath.Join(uner, "en_ewt-ud-dev.iob2"), nlp.IOBOptions{})
	if err != nil {
		return err
	}
	// EWT training sentences get POS tags from taggers that did not learn
	// from them (the bundle's tagger did), matched to UD by sentence id.
	fold := func(int) *nlp.Annotator { return ann }
	if nf.folds > 1 {
		ud := filepath.Join(corpora, "ud-english-ewt")
		udTrain, ids, err := readTrainIDs(filepath.Join(ud, "en_ewt-ud-train.conllu"))
		if err != nil {
			return err
		}
		udDev, err := readTrain(filepath.Join(ud, "en_ewt-ud-dev.conllu"))
		if err != nil {
			return err
		}
		anns, err := ann.Jackknife(udTrain, udDev, nf.folds, nlp.TrainOptions{Seed: seed, Logf: logf})
		if err != nil {
			return err
		}
		fold = func(i int) *nlp.Annotator {
			if k, ok := ids[train[i].ID]; ok {
				return anns[k%len(anns)]
			}
			return ann
		}
	}
	posTagNERWith(fold, train)
	logf("POS-tagged %d UNER EWT training sentences", len(train))
	if nf.wikigold {
		wg, err := readIOBFile(filepath.Join(corpora, "wikigold", "wikigold.conll.txt"), nlp.IOBOptions{IOB1: true})
		if err != nil {
			return err
		}
		posTagNER(ann, wg)
		train = append(train, wg...)
		logf("added %d Wikigold sentences", len(wg))
	}
	for _, sec := range nf.btc {
		if !strings.ContainsRune("abefgh", sec) {
			return usagef("train: no BTC section %q", sec)
		}
		bs, err := readIOBFile(filepath.Join(corpora, "btc", string(sec)+".conll"), nlp.IOBOptions{StripHash: true})
		if err != nil {
			return err
		}
		posTagNER(ann, bs)
		train = append(train, bs...)
		logf("added %d BTC section %c tweets", len(bs), sec)
	}
	posTagNER(ann, dev)
	gaz, err := builtinNERGazetteer()
	if err != nil {
		return err
	}
	opts := nf.opts
	opts.Seed, opts.Gazetteer, opts.Logf = seed, gaz, logf
	logf("training NER: %d sentences, gazetteer of %d phrases", len(train), gaz.Len())
	ner, err := nlp.TrainNER(train, dev, opts)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(nf.out), ".en-ner-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := ner.Save(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it private
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), nf.out); err != nil {
		return err
	}
	st, _ := os.Stat(nf.out)
	fmt.Fprintf(m.Stderr, "wrote %s (%d bytes) in %s\n", nf.out, st.Size(), time.Since(start).Round(time.Second))
	return nil
}

// readTrainIDs reads a CoNLL-U treebank as training sentences, with the
// index of each sentence id.
func readTrainIDs(path string) ([]nlp.TrainSentence, map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	ss, err := conllu.ReadAll(f, path)
	if err != nil {
		return nil, nil, err
	}
	out := make([]nlp.TrainSentence, 0, len(ss))
	ids := map[string]int{}
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
			ids[s.ID] = len(out)
			out = append(out, t)
		}
	}
	return out, ids, nil
}
