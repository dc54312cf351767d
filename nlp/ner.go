package nlp

import (
	"strings"
	"sync"

	"github.com/avocet-events/avocet"
)

// This file holds the named-entity recogniser: a first-order linear-chain
// model (structured averaged perceptron) over BILOU labels for PER, ORG
// and LOC, decoded with Viterbi under hard constraints, so every span it
// reports is well formed. Emission features are hashed like the tagger's;
// transition weights are the weights of one feature per previous label, so
// the same frozen, quantised model holds both.
//
// Features (ner_features.go): the word, lower-cased and as written, its
// shape, prefixes and suffixes, capitalisation class and the sentence's
// casing, words and shapes at ±2 with bigrams and a trigram, the predicted
// POS tags at ±2, the caller's gazetteer (phrase kind and place, for the
// word and its neighbours, and the kinds of phrases the word is part of),
// a lexicon of the training data's entity phrases used the same way
// (jack-knifed in training, like the tagger's ambiguity classes), word
// clusters learned from raw text (ner_clusters.go; the word's and its
// neighbours' at each level, and cluster bigrams), and, in TagDocument,
// how the rest of the article writes the word.
//
// Measured on the gold tokens with predicted POS tags (span F1, EWT dev /
// EWT test / PUD test): the plain feature set 69.3 / 68.5 / 63.1; adding
// all of the Broad Twitter Corpus instead of its news section about +1;
// the training lexicon +1.5 / +2 / +0.5; trigram, document casing and
// gazetteer word kinds about +1 together; that model 71.6 / 72.4 / 66.5.
// Without its gazetteer at run time it loses 0.3 on EWT test and 2.0 on
// PUD. Tried without a gain beyond seed noise (±0.5): more hash bits, BIO
// labels, margin (cost-augmented) updates, dropout of word features,
// dependency features, wider context bags, longer affixes, a bias against
// O, propagating names across an article, and all place names of the geo
// gazetteer (+1.2 EWT test, -1.4 PUD).
//
// Then, each the mean of three seeds on EWT dev and on a held-out fifth
// of Wikigold's documents (a news-like second dev set): word clusters (64
// and 512 exchange clusters) +0.8 dev, +3.3 Wikigold; WNUT-17 as more
// training data, with clusters, +0.4 / +1.3. Without a clear gain: 100 and
// 1000 clusters, four levels (32 to 2048) from words seen twice, clusters
// of the words at ±2, cluster × sentence-initial, context clusters ×
// capitalisation, gazetteer dropout 0.15 or 0.5, Wikigold counted twice,
// and averaging the weights of three runs (seeds) instead of one (+0.4
// dev, -0.1 Wikigold; kept for a model less at the mercy of one seed).
// The final model (clusters, WNUT-17, three runs): 73.2 / 75.2 / 67.8.
//
// After decoding, names headed like organisations ("University of
// Pennsylvania", "Soleilmoon Records") are retyped ORG (ner_orgfix.go):
// +0.6 to +0.85 held-out Wikigold per seed, 0 to +0.1 EWT dev, and no
// change on EWT test or PUD. Features for such heads (capitalised chunks,
// their first and last words, acronyms in parentheses after them) did
// not help on both dev sets.
//
// The command's gazetteer also holds the geo gazetteer's countries,
// first-level divisions, regions and cities of 100,000 or more people
// (cmd/avocet builtinNERGazetteer), not the smaller towns that are also
// surnames and words: +0.75 EWT dev, +2.0 held-out Wikigold (six seeds
// each); cities from 50,000 the same, from 500,000 worse (72.1 / 72.0
// against 72.8 / 72.1 without places, three seeds). Without a gain on
// top of it: the place kind × the previous word's capitals and gazetteer
// kind (a first name or title before a town), a kind of their own for
// cities (or for cities under a million), gazetteer dropout 0.15 or 0.5,
// hiding LOC, or PER and ORG, phrases from a further 30% of sentences
// (-0.8 / -2.3, -0.3 / -2.0), and a second pass over each document that
// sees the labels the first gave the same word elsewhere (trained on
// labels from two document folds; -0.4 dev, 0 or -0.8 Wikigold). More
// epochs would not help: runs keep their 1st to 7th epoch. That model
// (three runs): 73.7 / 75.4 / 68.8.

// NER tags the words of annotated sentences with PER, ORG and LOC entities.
// It is safe for concurrent use.
type NER struct {
	labels []string // internal labels (BILOU), index = class
	bio    []string // BIO tag of each internal label, as Token.Entity shows it
	typ    []string // entity type of each label; "" for O
	allow  [][]bool // allow[prev][cur]; prev == len(labels) is the sentence start
	final  []bool   // a label may end a sentence
	orgOf  []int    // the label of the same place (B, I, L, U) in an ORG span; itself for O
	model  *linear
	trans  [][]int32 // trans[prev][cur] from the model, prev == len(labels) the start
	gaz    NERGazetteer
	lex    *PhraseGazetteer // entity phrases of the training data
	clu    *WordClusters    // word clusters; nil for none
	pool   sync.Pool
}

// EntitySpan is one entity of a sentence: tokens [Start, End) and its
// type (PER, ORG, LOC, or GPE for a place the gazetteer knows as a
// country, capital or region).
type EntitySpan struct {
	Start, End int
	Type       string
}

// NERGazetteer is a list of known names the recogniser consults, such as
// avocet's actor dictionaries. Match reports the longest known phrase that
// starts at word i, as its number of words and its kind, or 0. words are
// the words as written and lower their lower-cased forms (curly
// apostrophes straightened), so a gazetteer can insist on capitals for
// acronyms ("WHO", "US").
//
// Kinds are free strings that become features; the model learns what each
// kind means from training, so the gazetteer used at run time must be the
// one the model was trained with. Kinds the recogniser knows: "PER",
// "ORG", "LOC", and "GPE" (countries, capitals, regions: a LOC span that is
// exactly such a phrase is reported as GPE by Spans).
type NERGazetteer interface {
	Match(words, lower []string, i int) (length int, kind string)
}

// KindGPE is the gazetteer kind of countries, capitals and regions.
const KindGPE = "GPE"

// Internally the model uses BILOU labels (begin, inside, last, unit,
// outside); tokens get BIO tags.
var nerTypes = []string{"LOC", "ORG", "PER"}

func bilouLabels(types []string) []string {
	out := []string{"O"}
	for _, t := range types {
		for _, p := range []string{"B-", "I-", "L-", "U-"} {
			out = append(out, p+t)
		}
	}
	return out
}

// setup derives BIO tags, types and the allowed transitions from labels.
func (n *NER) setup() {
	k := len(n.labels)
	n.bio = make([]string, k)
	n.typ = make([]string, k)
	for i, l := range n.labels {
		p, t, _ := strings.Cut(l, "-")
		n.typ[i] = t
		switch p {
		case "O":
			n.bio[i] = "O"
		case "B", "U":
			n.bio[i] = "B-" + t
		default:
			n.bio[i] = "I-" + t
		}
	}
	n.allow = make([][]bool, k+1)
	n.final = make([]bool, k)
	for prev := 0; prev <= k; prev++ {
		n.allow[prev] = make([]bool, k)
		pp, pt := "O", ""
		if prev < k {
			pp, pt, _ = strings.Cut(n.labels[prev], "-")
		}
		open := pp == "B" || pp == "I" // an entity is open and must go on
		for cur := 0; cur < k; cur++ {
			cp, ct, _ := strings.Cut(n.labels[cur], "-")
			cont := cp == "I" || cp == "L"
			n.allow[prev][cur] = open == cont && (!open || ct == pt)
		}
	}
	index := map[string]int{}
	for i, l := range n.labels {
		index[l] = i
	}
	n.orgOf = make([]int, k)
	for i, l := range n.labels {
		p, _, _ := strings.Cut(l, "-")
		n.final[i] = p != "B" && p != "I"
		n.orgOf[i] = i
		if o, ok := index[p+"-ORG"]; ok {
			n.orgOf[i] = o
		}
	}
}

// setTransitions reads the transition weights out of the model.
func (n *NER) setTransitions() {
	k := len(n.labels)
	n.trans = make([][]int32, k+1)
	for p := 0; p <= k; p++ {
		n.trans[p] = make([]int32, k)
		n.model.score([]uint64{transFeature(p)}, n.trans[p])
	}
}

func transFeature(prev int) uint64 { return f1(nerTransTemplate, uint64(prev)+1) }

// WithGazetteer returns a recogniser sharing n's model that consults g.
// The model should have been trained with the same gazetteer (see
// NERGazetteer); nil means none.
func (n *NER) WithGazetteer(g NERGazetteer) *NER {
	return &NER{labels: n.labels, bio: n.bio, typ: n.typ, allow: n.allow, final: n.final, orgOf: n.orgOf, model: n.model, trans: n.trans, gaz: g, lex: n.lex, clu: n.clu}
}

// Labels returns the entity types the recogniser tags.
func (n *NER) Labels() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range n.typ {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// nerScratch is per-call working space.
type nerScratch struct {
	words  []nerWord
	sent   NERSentence
	lower  []string
	own    map[uint64][2]int32 // a sentence's own word-case counts (see nerDoc)
	lex    *PhraseGazetteer    // overrides the NER's lexicon (training folds)
	feats  []uint64
	emit   []int32
	score  []int64
	back   []uint8
	labels []int
}

// Tag sets Token.Entity of every token of s to a BIO tag ("B-PER",
// "I-ORG", "O"). Tokens must carry Form, and UPOS and XPOS as the
// Annotator predicts them.
func (n *NER) Tag(s *avocet.Sentence) { n.tag(s, nil) }

// TagDocument tags the sentences of one article like Tag, and lets each
// sentence see how the others write its words: a name capitalised in the
// middle of one sentence is a name at the start of another, and a word
// written in lower case elsewhere is less likely one.
func (n *NER) TagDocument(sents []avocet.Sentence) {
	if len(sents) == 0 {
		return
	}
	doc := &nerDoc{counts: map[uint64][2]int32{}}
	var forms []string
	for i := range sents {
		forms = forms[:0]
		for k := range sents[i].Tokens {
			forms = append(forms, sents[i].Tokens[k].Form)
		}
		doc.add(forms)
	}
	for i := range sents {
		n.tag(&sents[i], doc)
	}
}

func (n *NER) tag(s *avocet.Sentence, doc *nerDoc) {
	if len(s.Tokens) == 0 {
		return
	}
	sc, _ := n.pool.Get().(*nerScratch)
	if sc == nil {
		sc = &nerScratch{}
	}
	defer n.pool.Put(sc)
	ns := &sc.sent
	ns.Forms, ns.UPOS, ns.XPOS = ns.Forms[:0], ns.UPOS[:0], ns.XPOS[:0]
	for i := range s.Tokens {
		t := &s.Tokens[i]
		ns.Forms = append(ns.Forms, t.Form)
		ns.UPOS = append(ns.UPOS, t.UPOS)
		ns.XPOS = append(ns.XPOS, t.XPOS)
	}
	sc.words = n.prepare(sc, ns, false, doc)
	n.decode(sc, sc.words, ns.Forms)
	for i := range s.Tokens {
		s.Tokens[i].Entity = n.bio[sc.labels[i]]
	}
}

// Spans returns the entities of s. It tags s first unless every token
// already has an Entity tag (as Tag leaves them). A LOC span that the
// gazetteer knows as a GPE phrase, exactly, is reported as GPE.
func (n *NER) Spans(s *avocet.Sentence) []EntitySpan {
	tagged := len(s.Tokens) > 0
	for i := range s.Tokens {
		if s.Tokens[i].Entity == "" {
			tagged = false
			break
		}
	}
	if !tagged {
		n.Tag(s)
	}
	tags := make([]string, len(s.Tokens))
	for i := range s.Tokens {
		tags[i] = s.Tokens[i].Entity
	}
	spans := SpansOf(tags)
	if n.gaz != nil {
		var forms, lower []string
		for k := range spans {
			sp := &spans[k]
			if sp.Type != "LOC" {
				continue
			}
			if forms == nil {
				forms = make([]string, len(s.Tokens))
				lower = make([]string, len(s.Tokens))
				for i := range s.Tokens {
					forms[i] = s.Tokens[i].Form
					lower[i] = lowerWord(forms[i])
				}
			}
			if l, kind := n.gaz.Match(forms, lower, sp.Start); l == sp.End-sp.Start && kind == KindGPE {
				sp.Type = KindGPE
			}
		}
	}
	return spans
}

// SpansOf reads entity spans from BIO tags as CoNLL's scorer does: an I-
// tag that does not continue an entity of its type starts one.
func SpansOf(tags []string) []EntitySpan {
	var out []EntitySpan
	for i := 0; i < len(tags); {
		p, t, ok := strings.Cut(tags[i], "-")
		if !ok || (p != "B" && p != "I") {
			i++
			continue
		}
		j := i + 1
		for j < len(tags) {
			q, u, _ := strings.Cut(tags[j], "-")
			if q != "I" || u != t {
				break
			}
			j++
		}
		out = append(out, EntitySpan{Start: i, End: j, Type: t})
		i = j
	}
	return out
}

// decode fills sc.labels with the best label sequence under the model,
// then retypes organisations' names (ner_orgfix.go). sc.lower must hold
// the lower-cased forms, as prepare leaves them.
func (n *NER) decode(sc *nerScratch, words []nerWord, forms []string) {
	k := len(n.labels)
	m := len(words)
	if cap(sc.emit) < m*k {
		sc.emit = make([]int32, m*k)
	}
	emit := sc.emit[:m*k]
	clear(emit)
	for i := range words {
		sc.feats = nerFeatures(sc.feats[:0], words, i)
		n.model.score(sc.feats, emit[i*k:i*k+k])
	}
	sc.labels = growInts(sc.labels, m)
	viterbi(emit, m, k, n.trans, n.allow, n.final, sc, sc.labels)
	n.retypeOrgs(forms, sc.lower, sc.labels)
}

const negInf = -1 << 60

// viterbi finds the best allowed label sequence given emission scores
// (m×k), transition scores (trans[prev][cur], prev == k the start) and the
// allowed transitions; out receives it.
func viterbi[T int32 | float32](emit []T, m, k int, trans [][]T, allow [][]bool, final []bool, sc *nerScratch, out []int) {
	if cap(sc.score) < m*k {
		sc.score = make([]int64, m*k)
		sc.back = make([]uint8, m*k)
	}
	score, back := sc.score[:m*k], sc.back[:m*k]
	for c := 0; c < k; c++ {
		score[c] = negInf
		if allow[k][c] {
			score[c] = int64(emit[c]) + int64(trans[k][c])
		}
	}
	for i := 1; i < m; i++ {
		prev := score[(i-1)*k : i*k]
		cur := score[i*k : i*k+k]
		for c := 0; c < k; c++ {
			best, arg := int64(negInf), 0
			for p := 0; p < k; p++ {
				if prev[p] == negInf || !allow[p][c] {
					continue
				}
				if v := prev[p] + int64(trans[p][c]); v > best {
					best, arg = v, p
				}
			}
			if best != negInf {
				best += int64(emit[i*k+c])
			}
			cur[c], back[i*k+c] = best, uint8(arg)
		}
	}
	last := score[(m-1)*k:]
	best, arg := int64(negInf), 0
	for c := 0; c < k; c++ {
		if final[c] && last[c] > best {
			best, arg = last[c], c
		}
	}
	for i := m - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(back[i*k+arg])
	}
}

// lowerWord lower-cases w and straightens curly apostrophes, allocating
// only when something changes.
func lowerWord(w string) string {
	l := strings.ToLower(w)
	if strings.Contains(l, "\u2019") {
		l = strings.ReplaceAll(l, "\u2019", "'")
	}
	return l
}
