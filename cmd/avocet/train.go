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
English-EWT train (dev for choosing the epoch), Wikigold, sections of
the Broad Twitter Corpus and WNUT-17, with the built-in dictionaries and
the geo gazetteer's larger places as its gazetteer, the word clusters of
--ner-clusters, and part-of-speech tags from the new bundle (jack-knifed
on EWT). --ner-learn-clusters first learns those clusters afresh from
the raw text of the open corpora (UD
EWT train and dev, Wikigold, BTC, WNUT-17, re3d without its BBC documents;
never a test set of ours) and writes them to --ner-clusters.
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
	wnut       bool
	clusters   string
	learnClu   bool
}

func (nf *nerFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&nf.only, "ner-only", false, "train only the named-entity recogniser (POS tags from the bundle at --out)")
	fs.BoolVar(&nf.skip, "skip-ner", false, "train only the tagger, lemmatiser and parser bundle")
	fs.StringVar(&nf.out, "ner-out", "models/en-ner.avm", "where to write the NER model")
	fs.IntVar(&nf.opts.Epochs, "ner-epochs", 12, "NER training epochs")
	fs.IntVar(&nf.opts.Runs, "ner-runs", 3, "NER training runs with consecutive seeds whose weights are averaged")
	fs.IntVar(&nf.opts.Bits, "ner-bits", 21, "NER feature hash bits during training")
	fs.Float64Var(&nf.opts.GazDropout, "ner-gaz-dropout", 0.3, "share of NER training sentences that do not see the gazetteer in an epoch (negative: none)")
	fs.Float64Var(&nf.opts.Prune, "ner-prune", 0.01, "drop NER weights below this fraction of the largest (negative: keep all)")
	fs.IntVar(&nf.folds, "ner-folds", 4, "jack-knife folds for the POS tags of the EWT training sentences (0: tags from the bundle)")
	fs.StringVar(&nf.btc, "ner-btc", "abefgh", "sections of the Broad Twitter Corpus to train on (letters of a,b,e,f,g,h; empty for none)")
	fs.BoolVar(&nf.wikigold, "ner-wikigold", true, "train on Wikigold too")
	fs.BoolVar(&nf.wnut, "ner-wnut", true, "train on WNUT-17 too (person, location, group and corporation entities)")
	fs.StringVar(&nf.clusters, "ner-clusters", "models/en-clusters.txt", "word cluster file for NER features (empty for none)")
	fs.BoolVar(&nf.learnClu, "ner-learn-clusters", false, "learn the word clusters from the corpora's raw text and write them to --ner-clusters first")
}

// wnutTypes maps WNUT-17's entity types to ours; products and creative
// works are not entities of ours.
var wnutTypes = map[string]string{"person": "PER", "location": "LOC", "group": "ORG", "corporation": "ORG"}

// wnutFiles are the WNUT-17 files trained on (none is a test set of ours).
var wnutFiles = []string{"wnut17train.conll", "emerging.dev.conll", "emerging.test.annotated"}

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
	if nf.wnut {
		for _, name := range wnutFiles {
			ws, err := readIOBFile(filepath.Join(corpora, "wnut17", name), nlp.IOBOptions{Types: wnutTypes, StripHash: true})
			if err != nil {
				return err
			}
			posTagNER(ann, ws)
			train = append(train, ws...)
			logf("added %d WNUT-17 sentences from %s", len(ws), name)
		}
	}
	posTagNER(ann, dev)
	var clusters *nlp.WordClusters
	if nf.learnClu {
		if nf.clusters == "" {
			return usagef("train: --ner-learn-clusters needs --ner-clusters FILE")
		}
		if err := learnNERClusters(corpora, nf.clusters, logf); err != nil {
			return err
		}
	}
	if nf.clusters != "" {
		if clusters, err = readClusterFile(nf.clusters); err != nil {
			return err
		}
		logf("read %d word clusters from %s", clusters.Len(), nf.clusters)
	}
	gaz, err := builtinNERGazetteer()
	if err != nil {
		return err
	}
	opts := nf.opts
	opts.Seed, opts.Gazetteer, opts.Clusters, opts.Logf = seed, gaz, clusters, logf
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

// readClusterFile reads a word cluster file.
func readClusterFile(path string) (*nlp.WordClusters, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return nlp.ReadWordClusters(f, path)
}

// clusterCredits head the cluster file: what it was learned from.
var clusterCredits = []string{
	"avocet word clusters for the named-entity recogniser (nlp.ReadWordClusters format)",
	"learned by 'avocet train --ner-learn-clusters' (nlp.LearnWordClusters: exchange clustering",
	"of a class bigram model, words lower-cased with digits as 0, seen at least 3 times)",
	"from the raw text (words only, no labels) of:",
	"  UD English EWT v2.16 train and dev (CC BY-SA 4.0; LDC2012T13 text, see models/NOTICE)",
	"  Wikigold (CC BY 4.0; Balasuriya et al. 2009, Nothman et al. 2013)",
	"  Broad Twitter Corpus sections A B E F G H (CC BY 4.0; Derczynski et al. 2016)",
	"  WNUT-17 train, dev and test (CC BY 4.0; Derczynski et al. 2017)",
	"  re3d (Dstl) without its BBC Online documents: US State Department and CENTCOM (public domain),",
	"    UK Government (Open Government Licence v3.0), Australian DFAT (CC BY 3.0 AU),",
	"    Wikipedia (CC BY-SA 3.0), Delegation of the EU to Syria (reuse with acknowledgement)",
	"No test set avocet is measured on (UD/UNER EWT test, PUD) and nothing from GUM was used.",
	"Each line: word, then its cluster at each level, tab-separated.",
}

// learnNERClusters learns word clusters from the raw text of the open
// corpora and writes them to path (atomically).
func learnNERClusters(corpora, path string, logf func(string, ...any)) error {
	var sents [][]string
	addIOB := func(file string, opts nlp.IOBOptions) error {
		ss, err := readIOBFile(file, opts)
		if err != nil {
			return err
		}
		for _, s := range ss {
			sents = append(sents, s.Forms)
		}
		return nil
	}
	for _, name := range []string{"en_ewt-ud-train.conllu", "en_ewt-ud-dev.conllu"} {
		ts, err := readTrain(filepath.Join(corpora, "ud-english-ewt", name))
		if err != nil {
			return err
		}
		for _, t := range ts {
			sents = append(sents, t.Forms)
		}
	}
	none := map[string]string{} // the words only
	if err := addIOB(filepath.Join(corpora, "wikigold", "wikigold.conll.txt"), nlp.IOBOptions{IOB1: true, Types: none}); err != nil {
		return err
	}
	for _, sec := range "abefgh" {
		if err := addIOB(filepath.Join(corpora, "btc", string(sec)+".conll"), nlp.IOBOptions{StripHash: true, Types: none}); err != nil {
			return err
		}
	}
	for _, name := range wnutFiles {
		if err := addIOB(filepath.Join(corpora, "wnut17", name), nlp.IOBOptions{StripHash: true, Types: none}); err != nil {
			return err
		}
	}
	root := filepath.Join(corpora, "re3d", "conll-juand-r", "CONLL-format", "data-by-source", "conll")
	dirs, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if !d.IsDir() || strings.Contains(d.Name(), "BBC") { // BBC Online: non-commercial licence
			continue
		}
		files, err := filepath.Glob(filepath.Join(root, d.Name(), "*.conll"))
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := addIOB(f, nlp.IOBOptions{Types: none}); err != nil {
				return err
			}
		}
	}
	logf("learning word clusters from %d sentences", len(sents))
	c, err := nlp.LearnWordClusters(sents, nlp.ClusterOptions{})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".en-clusters-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := c.Write(tmp, clusterCredits); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	logf("wrote %d word clusters to %s", c.Len(), path)
	return nil
}
