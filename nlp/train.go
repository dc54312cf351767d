package nlp

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// TrainSentence is one gold sentence of a treebank, as training reads it.
type TrainSentence struct {
	Forms   []string
	UPOS    []string
	XPOS    []string
	Lemmas  []string
	Heads   []int // 1-based, 0 = root
	DepRels []string
}

// TrainOptions controls training. Zero values take the defaults.
type TrainOptions struct {
	TaggerEpochs int                  // default 8
	ParserEpochs int                  // default 15
	Folds        int                  // jack-knife folds for the parser's training tags; 0 or 1 trains on gold tags
	Seed         int64                // random seed; training is deterministic for a given seed
	Prune        float64              // drop weights below this fraction of the largest; default 0.0125, negative keeps all
	Logf         func(string, ...any) // progress messages; nil for none
}

func (o *TrainOptions) setDefaults() {
	if o.TaggerEpochs == 0 {
		o.TaggerEpochs = 8
	}
	if o.ParserEpochs == 0 {
		o.ParserEpochs = 15
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Prune == 0 {
		o.Prune = 0.0125
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// Train builds an Annotator from gold train sentences, using dev for model
// selection.
func Train(train, dev []TrainSentence, opts TrainOptions) (*Annotator, error) {
	opts.setDefaults()
	if len(train) == 0 || len(dev) == 0 {
		return nil, errors.New("train: need both training and development sentences")
	}
	for i, s := range append(append([]TrainSentence{}, train...), dev...) {
		n := len(s.Forms)
		if len(s.UPOS) != n || len(s.XPOS) != n || len(s.Lemmas) != n || len(s.Heads) != n || len(s.DepRels) != n {
			return nil, fmt.Errorf("train: sentence %d has columns of different lengths", i)
		}
	}
	// Tag classes and labels, in a stable order.
	tagCount := map[Tag]int{}
	labelSet := map[string]bool{"root": true, "dep": true}
	for _, s := range train {
		for i := range s.Forms {
			tagCount[Tag{s.UPOS[i], s.XPOS[i]}]++
			labelSet[s.DepRels[i]] = true
		}
	}
	var tags []Tag
	for t := range tagCount {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].String() < tags[j].String() })
	if len(tags) > 255 {
		return nil, fmt.Errorf("train: %d tag classes, at most 255 supported", len(tags))
	}
	labels := sortedKeys(labelSet)
	if len(labels) > 63 {
		return nil, fmt.Errorf("train: %d dependency labels, at most 63 supported", len(labels))
	}
	tagIndex := map[Tag]int{}
	for i, t := range tags {
		tagIndex[t] = i
	}
	labelIndex := map[string]int{}
	for i, l := range labels {
		labelIndex[l] = i
	}
	toTagged := func(ss []TrainSentence) []taggedSentence {
		out := make([]taggedSentence, len(ss))
		for k, s := range ss {
			ts := taggedSentence{forms: s.Forms, tags: make([]int, len(s.Forms))}
			for i := range s.Forms {
				ti, ok := tagIndex[Tag{s.UPOS[i], s.XPOS[i]}]
				if !ok {
					ti = mostCommonTagFor(tags, tagCount, s.UPOS[i])
				}
				ts.tags[i] = ti
			}
			out[k] = ts
		}
		return out
	}
	ttrain, tdev := toTagged(train), toTagged(dev)

	opts.Logf("training tagger: %d sentences, %d classes", len(train), len(tags))
	tg := trainTagger(tags, ttrain, tdev, opts.TaggerEpochs, opts.Seed, opts.Logf)

	// Tags the parser trains on: predicted by taggers that did not see the
	// sentence (jack-knifing), so the parser learns to live with tagger errors.
	trainTags := make([][]int, len(train))
	if opts.Folds > 1 {
		for f := 0; f < opts.Folds; f++ {
			var in, out []taggedSentence
			var outIdx []int
			for i := range ttrain {
				if i%opts.Folds == f {
					out = append(out, ttrain[i])
					outIdx = append(outIdx, i)
				} else {
					in = append(in, ttrain[i])
				}
			}
			quiet := func(string, ...any) {}
			ft := trainTagger(tags, in, tdev[:min(len(tdev), 200)], opts.TaggerEpochs, opts.Seed+int64(f)+1, quiet)
			for k, s := range out {
				trainTags[outIdx[k]] = tagAll(ft, s.forms)
			}
			opts.Logf("jack-knife fold %d/%d tagged", f+1, opts.Folds)
		}
	} else {
		for i := range ttrain {
			trainTags[i] = ttrain[i].tags
		}
	}
	toParsed := func(s TrainSentence, tagIdx []int) parsedSentence {
		n := len(s.Forms)
		ps := parsedSentence{words: make([]uint64, n+1), sufs: make([]uint64, n+1), tags: make([]uint64, n+1), heads: make([]int, n+1), labels: make([]int, n+1)}
		ps.words[0], ps.tags[0], ps.sufs[0] = rootWord, rootTag, rootWord
		for i := 0; i < n; i++ {
			wi := newWordInfo(s.Forms[i], i == 0)
			ps.words[i+1], ps.sufs[i+1] = wi.norm, wi.suf[2]
			ps.tags[i+1] = uint64(tagIdx[i])
			ps.heads[i+1] = s.Heads[i]
			ps.labels[i+1] = labelIndex[s.DepRels[i]]
		}
		return ps
	}
	ptrain := make([]parsedSentence, len(train))
	for i, s := range train {
		ptrain[i] = toParsed(s, trainTags[i])
	}
	pdev := make([]parsedSentence, len(dev))
	for i, s := range dev {
		pdev[i] = toParsed(s, tagAll(tg, s.Forms))
	}
	evalDev := func(p *parser) float64 {
		var st pstate
		scores := make([]int32, p.nactions())
		var feats []uint64
		correct, total := 0, 0
		for _, s := range pdev {
			n := len(s.words) - 1
			heads, labs := make([]int, n), make([]int, n)
			p.parse(&st, &pwords{w: s.words, p: s.tags, s: s.sufs}, n, feats, scores, heads, labs)
			for i := 0; i < n; i++ {
				if heads[i] == s.heads[i+1] && universal(p.labels[labs[i]]) == universal(labels[s.labels[i+1]]) {
					correct++
				}
				total++
			}
		}
		return float64(correct) / float64(total)
	}
	opts.Logf("training parser: %d labels", len(labels))
	ps := trainParser(labels, ptrain, opts.ParserEpochs, opts.Seed, evalDev, opts.Logf)

	var forms, xpos, lemmas []string
	for _, s := range train {
		forms = append(forms, s.Forms...)
		xpos = append(xpos, s.XPOS...)
		lemmas = append(lemmas, s.Lemmas...)
	}
	lm := trainLemmatizer(forms, xpos, lemmas)
	a := &Annotator{tagger: tg, lemma: lm, parser: ps}
	if opts.Prune > 0 {
		a.Prune(opts.Prune)
		tw, pw := a.Stats()
		opts.Logf("pruned weights below %.2f%% of the largest: tagger keeps %d, parser %d", 100*opts.Prune, tw, pw)
	}
	return a, nil
}

func universal(label string) string {
	u, _, _ := strings.Cut(label, ":")
	return u
}

func tagAll(t *tagger, forms []string) []int {
	infos := make([]wordInfo, len(forms))
	for i, f := range forms {
		infos[i] = newWordInfo(f, i == 0)
	}
	out := make([]int, len(forms))
	t.tag(forms, infos, out, nil, make([]int32, len(t.tags)), nil)
	return out
}

func mostCommonTagFor(tags []Tag, count map[Tag]int, upos string) int {
	best, bn := 0, -1
	for i, t := range tags {
		if t.UPOS == upos && count[t] > bn {
			best, bn = i, count[t]
		}
	}
	return best
}
