package nlp

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
)

// NERTrainOptions controls TrainNER. Zero values take the defaults.
type NERTrainOptions struct {
	Epochs     int                  // passes over the training data; default 12
	Runs       int                  // training runs (seeds Seed, Seed+1, ...) whose weights are averaged; default 1
	Seed       int64                // random seed; training is deterministic for a given seed
	Bits       int                  // feature hash bits during training; default 21
	GazDropout float64              // share of training sentences that do not see the gazetteer in an epoch; default 0.3, negative for none
	Prune      float64              // drop weights below this fraction of the largest; default 0.01, negative keeps all
	Gazetteer  NERGazetteer         // the gazetteer the model will run with; may be nil
	Clusters   *WordClusters        // word clusters for features, saved with the model; may be nil
	Logf       func(string, ...any) // progress messages; nil for none
}

func (o *NERTrainOptions) setDefaults() {
	if o.Epochs == 0 {
		o.Epochs = 12
	}
	if o.Runs == 0 {
		o.Runs = 1
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Bits == 0 {
		o.Bits = 21
	}
	if o.GazDropout == 0 {
		o.GazDropout = 0.3
	}
	if o.Prune == 0 {
		o.Prune = 0.01
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// TrainNER learns a recogniser from train with a structured averaged
// perceptron (Viterbi decoding inside training), keeping the epoch that
// scores best on dev. Sentences must carry Forms, Tags, and UPOS and XPOS
// as the Annotator predicts them (for training sentences, ideally from a
// tagger that did not learn from them: see Annotator.Jackknife).
func TrainNER(train, dev []NERSentence, opts NERTrainOptions) (*NER, error) {
	opts.setDefaults()
	if len(train) == 0 || len(dev) == 0 {
		return nil, errors.New("train NER: need training and development sentences")
	}
	if opts.Bits < 10 || opts.Bits > 24 {
		return nil, fmt.Errorf("train NER: %d hash bits out of range 10..24", opts.Bits)
	}
	for i, s := range append(append([]NERSentence{}, train...), dev...) {
		if len(s.Tags) != len(s.Forms) || len(s.UPOS) != len(s.Forms) || len(s.XPOS) != len(s.Forms) {
			return nil, fmt.Errorf("train NER: sentence %d (%s) lacks tags or part-of-speech tags", i, s.ID)
		}
	}
	n := &NER{labels: bilouLabels(nerTypes), gaz: opts.Gazetteer, clu: opts.Clusters}
	n.setup()
	k := len(n.labels)
	index := map[string]int{}
	for i, l := range n.labels {
		index[l] = i
	}
	gold := make([][]int, len(train))
	for i, s := range train {
		gold[i] = toBILOU(s.Tags, index)
	}
	// The entity phrases of the training data become a second gazetteer
	// (the lexicon). A training sentence sees the lexicon of the other
	// folds, so the model learns how far a phrase seen in training
	// predicts the same phrase elsewhere, as it will at run time.
	all := make([]*NERSentence, len(train))
	for i := range train {
		all[i] = &train[i]
	}
	n.lex = buildLexicon(all)
	lexOf := make([]*PhraseGazetteer, len(train))
	fold := func(i int) int {
		if train[i].Doc != "" { // a document's sentences share a fold
			return int(hashString(train[i].Doc, false) % nerLexFolds)
		}
		return i % nerLexFolds
	}
	for f := 0; f < nerLexFolds; f++ {
		var in []*NERSentence
		for i := range train {
			if fold(i) != f {
				in = append(in, &train[i])
			}
		}
		lx := buildLexicon(in)
		for i := range train {
			if fold(i) == f {
				lexOf[i] = lx
			}
		}
	}
	docs := nerDocs(train)

	var (
		devGold = make([][]string, len(dev))
		best    *linear
		bestF1  = -1.0
		bestEp  = 0
		mixed   []float32 // sum over runs of each run's averaged weights at its best epoch
		tf      = make([]uint64, k+1)
	)
	for i, s := range dev {
		devGold[i] = s.Tags
	}
	for p := range tf {
		tf[p] = transFeature(p)
	}
	l := newLearner(k, opts.Bits)
	for run := 0; run < opts.Runs; run++ {
		if run > 0 {
			clear(l.w)
			clear(l.u)
			l.step = 0
		}
		seed := opts.Seed + int64(run)
		if opts.Runs == 1 {
			n.model, bestF1, bestEp = n.trainRun(l, train, dev, devGold, gold, lexOf, docs, tf, seed, nil, opts)
			best = n.model
			break
		}
		if mixed == nil {
			mixed = make([]float32, len(l.w))
		}
		_, f1, ep := n.trainRun(l, train, dev, devGold, gold, lexOf, docs, tf, seed, mixed, opts)
		opts.Logf("NER run %d (seed %d): kept epoch %d, dev span F1 %.2f", run+1, seed, ep, 100*f1)
	}
	if mixed != nil {
		// The mixed model: the mean of the runs' averaged weights.
		for i := range mixed {
			mixed[i] /= float32(opts.Runs)
		}
		mix := &learner{nclass: k, mask: l.mask, w: mixed, u: l.u, step: 1}
		clear(mix.u)
		best = mix.freeze(0.05)
		n.model = best
		n.setTransitions()
		bestF1, bestEp = n.score(dev, devGold).All.F1(), 0
	}
	n.model = best
	if opts.Prune > 0 {
		n.model.prune(int16(min(opts.Prune*quantMax, quantMax)))
	}
	n.setTransitions()
	if bestEp == 0 {
		opts.Logf("NER: mixed %d runs (dev span F1 %.2f); %d weights after pruning, dev span F1 %.2f", opts.Runs, 100*bestF1, n.model.size(), 100*n.score(dev, devGold).All.F1())
	} else {
		opts.Logf("NER: kept epoch %d (dev span F1 %.2f); %d weights after pruning, dev span F1 %.2f", bestEp, 100*bestF1, n.model.size(), 100*n.score(dev, devGold).All.F1())
	}
	return n, nil
}

// trainRun trains l for opts.Epochs epochs with a shuffle seeded by seed
// and returns the frozen model of the epoch that scores best on dev, its
// F1 and its number. When mixed is not nil, it also adds the averaged
// weights of that epoch to mixed.
func (n *NER) trainRun(l *learner, train, dev []NERSentence, devGold [][]string, gold [][]int, lexOf []*PhraseGazetteer, docs []*nerDoc, tf []uint64, seed int64, mixed []float32, opts NERTrainOptions) (best *linear, bestF1 float64, bestEp int) {
	k := len(n.labels)
	rng := rand.New(rand.NewSource(seed))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	bestF1 = -1.0
	var snap []float32
	if mixed != nil {
		snap = make([]float32, len(mixed))
	}
	var (
		sc    nerScratch
		feats []uint64
		offs  []int
		emit  []float32
		pred  []int
		trans = make([][]float32, k+1)
	)
	for p := range trans {
		trans[p] = make([]float32, k)
	}
	for ep := 0; ep < opts.Epochs; ep++ {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		errs, total := 0, 0
		for _, si := range order {
			s := &train[si]
			noGaz := opts.GazDropout > 0 && rng.Float64() < opts.GazDropout
			sc.lex = lexOf[si]
			words := n.prepare(&sc, s, noGaz, docs[si])
			m := len(words)
			feats, offs = feats[:0], offs[:0]
			for i := range words {
				offs = append(offs, len(feats))
				feats = nerFeatures(feats, words, i)
			}
			offs = append(offs, len(feats))
			if cap(emit) < m*k {
				emit = make([]float32, m*k)
			}
			emit = emit[:m*k]
			for i := 0; i < m; i++ {
				l.scores(feats[offs[i]:offs[i+1]], emit[i*k:i*k+k])
			}
			for p := 0; p <= k; p++ {
				l.scores(tf[p:p+1], trans[p])
			}
			pred = growInts(pred, m)
			viterbi(emit, m, k, trans, n.allow, n.final, &sc, pred)
			// Structured perceptron update: towards the gold sequence,
			// away from the predicted one, where they differ.
			g := gold[si]
			for i := 0; i < m; i++ {
				total++
				pg, pp := k, k
				if i > 0 {
					pg, pp = g[i-1], pred[i-1]
				}
				if g[i] != pred[i] {
					errs++
					l.update(feats[offs[i]:offs[i+1]], g[i], pred[i])
				}
				if g[i] != pred[i] || pg != pp {
					l.nerAdd(tf[pg], g[i], 1)
					l.nerAdd(tf[pp], pred[i], -1)
				}
			}
			l.tick()
		}
		sc.lex = nil
		n.model = l.freeze(0.05)
		n.setTransitions()
		f1 := n.score(dev, devGold).All.F1()
		opts.Logf("NER epoch %d: train token error %.2f%%, dev span F1 %.2f (%d weights)", ep+1, 100*float64(errs)/float64(max(total, 1)), 100*f1, n.model.size())
		if f1 > bestF1 {
			bestF1, best, bestEp = f1, n.model, ep+1
			if snap != nil {
				c := l.step
				for i := range snap {
					snap[i] = float32(float64(l.w[i]) - l.u[i]/c)
				}
			}
		}
	}
	if mixed != nil {
		for i, v := range snap {
			mixed[i] += v
		}
	}
	return best, bestF1, bestEp
}

// nerLexFolds is the number of folds for the training lexicon.
const nerLexFolds = 5

// nerAdd adds d to the weight of feature f for class c, keeping the
// running sum for averaging.
func (l *learner) nerAdd(f uint64, c int, d float32) {
	i := int(f&l.mask)*l.nclass + c
	l.w[i] += d
	l.u[i] += float64(d) * l.step
}

// toBILOU converts IOB2 tags to label indices; unknown types become O.
func toBILOU(tags []string, index map[string]int) []int {
	out := make([]int, len(tags))
	spans := SpansOf(tags)
	for _, sp := range spans {
		if _, ok := index["U-"+sp.Type]; !ok {
			continue
		}
		if sp.End-sp.Start == 1 {
			out[sp.Start] = index["U-"+sp.Type]
			continue
		}
		out[sp.Start] = index["B-"+sp.Type]
		for i := sp.Start + 1; i < sp.End-1; i++ {
			out[i] = index["I-"+sp.Type]
		}
		out[sp.End-1] = index["L-"+sp.Type]
	}
	return out
}

// TagSentences runs the recogniser over sentences that carry Forms, UPOS
// and XPOS and returns their BIO tags. Consecutive sentences of one Doc are
// tagged as one document (see TagDocument).
func (n *NER) TagSentences(ss []NERSentence) [][]string {
	out := make([][]string, len(ss))
	var sc nerScratch
	docs := nerDocs(ss)
	for i := range ss {
		out[i] = n.tagWords(&sc, &ss[i], docs[i])
	}
	return out
}

// nerDocs groups consecutive sentences of the same non-empty Doc.
func nerDocs(ss []NERSentence) []*nerDoc {
	out := make([]*nerDoc, len(ss))
	for i := 0; i < len(ss); {
		j := i + 1
		if ss[i].Doc == "" {
			i = j
			continue
		}
		for j < len(ss) && ss[j].Doc == ss[i].Doc {
			j++
		}
		d := &nerDoc{counts: map[uint64][2]int32{}}
		for k := i; k < j; k++ {
			d.add(ss[k].Forms)
			out[k] = d
		}
		i = j
	}
	return out
}

func (n *NER) tagWords(sc *nerScratch, s *NERSentence, doc *nerDoc) []string {
	if len(s.Forms) == 0 {
		return nil
	}
	words := n.prepare(sc, s, false, doc)
	n.decode(sc, words, s.Forms)
	tags := make([]string, len(s.Forms))
	for i := range tags {
		tags[i] = n.bio[sc.labels[i]]
	}
	return tags
}

func (n *NER) score(ss []NERSentence, gold [][]string) NERScores {
	s, _ := ScoreNER(gold, n.TagSentences(ss))
	return s
}

// Jackknife returns folds annotators that share a's lemmatiser, parser and
// names but whose taggers each learned from the train sentences outside
// one fold (sentence i is in fold i%folds), choosing their epoch on dev.
// Tagging sentence i with annotator i%folds gives the tags a tagger makes
// on text it has not seen, which is what a model trained on those tags
// (the recogniser) meets at run time.
func (a *Annotator) Jackknife(train, dev []TrainSentence, folds int, opts TrainOptions) ([]*Annotator, error) {
	opts.setDefaults()
	if folds < 2 {
		return nil, errors.New("jackknife: need at least 2 folds")
	}
	tags := a.tagger.tags
	count := map[Tag]int{}
	for _, s := range train {
		for i := range s.Forms {
			count[Tag{s.UPOS[i], s.XPOS[i]}]++
		}
	}
	conv := func(ss []TrainSentence) ([]taggedSentence, error) {
		out := make([]taggedSentence, len(ss))
		for k, s := range ss {
			if len(s.UPOS) != len(s.Forms) || len(s.XPOS) != len(s.Forms) {
				return nil, fmt.Errorf("jackknife: sentence %d has columns of different lengths", k)
			}
			ts := taggedSentence{forms: s.Forms, tags: make([]int, len(s.Forms))}
			for i := range s.Forms {
				ti, ok := a.tagger.index[Tag{s.UPOS[i], s.XPOS[i]}]
				if !ok {
					ti = mostCommonTagFor(tags, count, s.UPOS[i])
				}
				ts.tags[i] = ti
			}
			out[k] = ts
		}
		return out, nil
	}
	ttrain, err := conv(train)
	if err != nil {
		return nil, err
	}
	tdev, err := conv(dev)
	if err != nil {
		return nil, err
	}
	tdev = tdev[:min(len(tdev), 500)]
	out := make([]*Annotator, folds)
	for f := 0; f < folds; f++ {
		var in []taggedSentence
		for i := range ttrain {
			if i%folds != f {
				in = append(in, ttrain[i])
			}
		}
		ft := trainTagger(tags, in, tdev, opts.TaggerEpochs, opts.Seed+int64(f)+1, func(string, ...any) {})
		ft.model.prune(int16(min(opts.Prune*quantMax, quantMax)))
		out[f] = &Annotator{tagger: ft, lemma: a.lemma, parser: a.parser, names: a.names, propn: a.propn}
		opts.Logf("jack-knife tagger %d/%d trained", f+1, folds)
	}
	return out, nil
}

// buildLexicon collects the entity phrases of ss with their majority type
// ("MIX" when no type has 70% of the occurrences).
func buildLexicon(ss []*NERSentence) *PhraseGazetteer {
	type key string
	counts := map[key]map[string]int{}
	words := map[key][]string{}
	var order []key
	for _, s := range ss {
		for _, sp := range SpansOf(s.Tags) {
			ws := s.Forms[sp.Start:sp.End]
			letters := false
			for _, w := range ws {
				if len(w) >= 2 {
					letters = true
				}
			}
			if !letters {
				continue
			}
			k := key(strings.ToLower(strings.Join(ws, " ")))
			if counts[k] == nil {
				counts[k] = map[string]int{}
				words[k] = ws
				order = append(order, k)
			}
			counts[k][sp.Type]++
		}
	}
	g := NewPhraseGazetteer()
	for _, k := range order {
		total, best, bt := 0, 0, ""
		for _, t := range nerTypes {
			c := counts[k][t]
			total += c
			if c > best {
				best, bt = c, t
			}
		}
		kind := "LEX-" + bt
		if best*10 < total*7 {
			kind = "LEX-MIX"
		}
		g.Add(words[k], kind, "", "")
	}
	return g
}
