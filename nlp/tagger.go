package nlp

import (
	"math/rand"
	"strings"
)

// Tag is one class of the tagger: a UPOS tag with its PTB tag.
type Tag struct {
	UPOS, XPOS string
}

// tagger is a greedy left-to-right averaged-perceptron tagger over combined
// UPOS+XPOS classes, with a tag dictionary for frequent unambiguous words.
type tagger struct {
	tags  []Tag
	index map[Tag]int
	dict  map[string]uint8  // exact form -> class, for unambiguous frequent words
	amb   map[uint64]uint64 // normalised word -> ambiguity class (hash of the tags seen with it)
	model *linear
}

const (
	tagBits       = 20
	noTag         = 0xFFFF // sentinel "tag" before the sentence start
	nTagFeats     = 34
	tagDictMin    = 20    // occurrences before a word may enter the tag dictionary
	tagDictPurity = 0.995 // share of its most frequent tag
)

// tagFeatures appends the features for word i given the two previous tags.
func tagFeatures(dst []uint64, w []wordInfo, i int, p1, p2 uint64) []uint64 {
	at := func(k int) *wordInfo {
		if k < 0 || k >= len(w) {
			return &edgeWord
		}
		return &w[k]
	}
	c, l1, l2, r1, r2 := &w[i], at(i-1), at(i-2), at(i+1), at(i+2)
	first := uint64(0)
	if c.first {
		first = 1
	}
	dst = append(dst,
		1,
		f1(2, c.norm),
		f1(3, c.form),
		f1(4, l1.norm),
		f1(5, r1.norm),
		f1(6, l2.norm),
		f1(7, r2.norm),
		f1(8, c.suf[0]),
		f1(9, c.suf[1]),
		f1(10, c.suf[2]),
		f1(11, c.suf[3]),
		f1(12, c.pre[0]),
		f1(13, c.pre[1]),
		f1(14, c.pre[2]),
		f2(15, c.shape, first),
		f1(16, l1.shape),
		f1(17, r1.shape),
		f1(18, p1),
		f1(19, p2),
		f2(20, p1, p2),
		f2(21, p1, c.norm),
		f2(22, l1.norm, c.norm),
		f2(23, c.norm, r1.norm),
		f1(24, l1.suf[2]),
		f1(25, r1.suf[2]),
		f2(26, p1, c.suf[2]),
		f2(27, l1.norm, r1.norm),
		f1(28, r1.suf[1]),
		f2(29, c.suf[2], r1.shape),
		f2(30, p1, r1.norm),
		f1(31, r2.suf[2]),
		f2(32, c.shape, r1.shape),
		f3(33, p1, c.suf[1], r1.suf[1]),
		f2(34, c.norm, r1.suf[2]),
		f1(35, c.amb),
		f1(36, r1.amb),
		f2(37, p1, c.amb),
		f2(38, c.amb, r1.amb),
		f1(39, l1.amb),
	)
	return dst
}

var edgeWord = wordInfo{norm: 0xED6E, form: 0xED6E, shape: 0xED6E, pre: [3]uint64{0xED6E, 0xED6E, 0xED6E}, suf: [4]uint64{0xED6E, 0xED6E, 0xED6E, 0xED6E}}

// tag assigns a class to every word. infos and out must have len(forms).
//
// Where forced is non-nil and forced[i] is set, out[i] already holds the
// class to use (a known name) and is kept.
func (t *tagger) tag(forms []string, infos []wordInfo, out []int, feats []uint64, scores []int32, forced []bool) {
	t.setAmb(infos)
	p1, p2 := uint64(noTag), uint64(noTag)
	for i := range forms {
		if forced != nil && forced[i] {
			// keep the caller's class
		} else if c, ok := t.dict[forms[i]]; ok {
			out[i] = int(c)
		} else {
			feats = tagFeatures(feats[:0], infos, i, p1, p2)
			clear(scores)
			t.model.score(feats, scores)
			best := 0
			for k := 1; k < len(scores); k++ {
				if scores[k] > scores[best] {
					best = k
				}
			}
			out[i] = best
		}
		p2, p1 = p1, uint64(out[i])
	}
}

const rareAmb = 0xA4B

func (t *tagger) setAmb(infos []wordInfo) {
	for i := range infos {
		if a, ok := t.amb[infos[i].norm]; ok {
			infos[i].amb = a
		} else {
			infos[i].amb = rareAmb
		}
	}
}

// buildAmb records, for words seen at least twice, the set of tags that make
// up at least 5% of their occurrences.
func buildAmb(train []taggedSentence, tagNames []Tag) map[uint64]uint64 {
	ntags := len(tagNames)
	// Regular English verb forms are ambiguous whatever one corpus shows:
	// an "-ed" form can be VBD or VBN, a base form VB or VBP.
	partner := make([]int, ntags)
	for i := range partner {
		partner[i] = -1
	}
	find := func(x string) int {
		for i, t := range tagNames {
			if t.UPOS == "VERB" && t.XPOS == x {
				return i
			}
		}
		return -1
	}
	for _, pr := range [][2]string{{"VBD", "VBN"}, {"VB", "VBP"}} {
		a, b := find(pr[0]), find(pr[1])
		if a >= 0 && b >= 0 {
			partner[a], partner[b] = b, a
		}
	}
	counts := map[uint64][]int{}
	fs := map[uint64]string{} // a lowercased form of each normalised word
	for _, s := range train {
		for i, f := range s.forms {
			k := newWordInfo(f, false).norm
			c := counts[k]
			if c == nil {
				c = make([]int, ntags)
				counts[k] = c
				fs[k] = strings.ToLower(f)
			}
			c[s.tags[i]]++
		}
	}
	amb := map[uint64]uint64{}
	for k, c := range counts {
		total := 0
		for _, n := range c {
			total += n
		}
		if total < 2 {
			continue
		}
		in := make([]bool, ntags)
		for tag, n := range c {
			if n*20 >= total {
				in[tag] = true
				if p := partner[tag]; p >= 0 && (tagNames[tag].XPOS != "VBD" && tagNames[tag].XPOS != "VBN" || strings.HasSuffix(fs[k], "ed")) {
					in[p] = true
				}
			}
		}
		h := uint64(0xA3B)
		for tag, ok := range in {
			if ok {
				h = mix(h, uint64(tag)+1)
			}
		}
		amb[k] = h
	}
	return amb
}

// taggedSentence is one training sentence for the tagger.
type taggedSentence struct {
	forms []string
	tags  []int
}

// trainTagger learns a tagger from train, choosing the epoch that does best
// on dev. logf reports progress.
func trainTagger(tags []Tag, train, dev []taggedSentence, epochs int, seed int64, logf func(string, ...any)) *tagger {
	t := &tagger{tags: tags, index: map[Tag]int{}}
	for i, tg := range tags {
		t.index[tg] = i
	}
	t.dict = buildTagDict(train, tags)
	t.amb = buildAmb(train, tags)
	l := newLearner(len(tags), tagBits)
	rng := rand.New(rand.NewSource(seed))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var (
		feats  []uint64
		fscore = make([]float32, len(tags))
		best   *linear
		bestAc = -1.0
	)
	infosOf := func(forms []string) []wordInfo {
		w := make([]wordInfo, len(forms))
		for i, f := range forms {
			w[i] = newWordInfo(f, i == 0)
		}
		return w
	}
	trainInfos := make([][]wordInfo, len(train))
	// Training sentences see ambiguity classes built without them (10
	// folds), so rare words look rare in training as they will at test time.
	const ambFolds = 10
	for f := 0; f < ambFolds; f++ {
		var rest []taggedSentence
		for i, s := range train {
			if i%ambFolds != f {
				rest = append(rest, s)
			}
		}
		ft := &tagger{amb: buildAmb(rest, tags)}
		for i := f; i < len(train); i += ambFolds {
			trainInfos[i] = infosOf(train[i].forms)
			ft.setAmb(trainInfos[i])
		}
	}
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		correct, total := 0, 0
		for _, si := range order {
			s := train[si]
			infos := trainInfos[si]
			p1, p2 := uint64(noTag), uint64(noTag)
			for i := range s.forms {
				gold := s.tags[i]
				guess := gold
				if _, ok := t.dict[s.forms[i]]; !ok {
					feats = tagFeatures(feats[:0], infos, i, p1, p2)
					l.scores(feats, fscore)
					guess = 0
					for k := 1; k < len(fscore); k++ {
						if fscore[k] > fscore[guess] {
							guess = k
						}
					}
					l.update(feats, gold, guess)
					l.tick()
				}
				if guess == gold {
					correct++
				}
				total++
				p2, p1 = p1, uint64(guess)
			}
		}
		t.model = l.freeze(0.5)
		ac := t.accuracy(dev, infosOf)
		logf("tagger epoch %d: train %.2f%%, dev %.2f%% (%d weights)", ep+1, 100*float64(correct)/float64(total), 100*ac, t.model.size())
		if ac > bestAc {
			bestAc, best = ac, t.model
		}
	}
	t.model = best
	return t
}

func (t *tagger) accuracy(dev []taggedSentence, infosOf func([]string) []wordInfo) float64 {
	correct, total := 0, 0
	scores := make([]int32, len(t.tags))
	var feats []uint64
	for _, s := range dev {
		out := make([]int, len(s.forms))
		t.tag(s.forms, infosOf(s.forms), out, feats, scores, nil)
		for i := range out {
			if t.tags[out[i]].UPOS == t.tags[s.tags[i]].UPOS {
				correct++
			}
			total++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(correct) / float64(total)
}

func buildTagDict(train []taggedSentence, tagNames []Tag) map[string]uint8 {
	ntags := len(tagNames)
	counts := map[string][]int{}
	for _, s := range train {
		for i, f := range s.forms {
			c := counts[f]
			if c == nil {
				c = make([]int, ntags)
				counts[f] = c
			}
			c[s.tags[i]]++
		}
	}
	dict := map[string]uint8{}
	for f, c := range counts {
		total, best := 0, 0
		for k, n := range c {
			total += n
			if n > c[best] {
				best = k
			}
		}
		// Verb forms stay out of the dictionary: "-ed" forms are past tense
		// or participles and base forms are infinitives or present tense
		// depending on context, and web text's proportions do not carry
		// over to news ("Police arrested ...").
		if total >= tagDictMin && float64(c[best]) >= tagDictPurity*float64(total) && !strings.HasPrefix(tagNames[best].XPOS, "VB") {
			dict[f] = uint8(best)
		}
	}
	return dict
}

func (t Tag) String() string { return t.UPOS + "|" + t.XPOS }
