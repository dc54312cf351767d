package nlp

// Features of the named-entity recogniser. They depend on the words, their
// predicted part-of-speech tags and the gazetteer, never on labels (the
// labels enter only through transition weights), so they are computed
// once per token.

// nerWord is what the recogniser knows about one word.
type nerWord struct {
	wi       wordInfo
	caps     uint64                   // capitalisation class (capsLower, capsTitle, ...)
	upos     uint64                   // hashed predicted UPOS
	xpos     uint64                   // hashed predicted XPOS
	sent     uint64                   // sentence casing: 0 normal, 1 title case, 2 all capitals
	gaz      uint64                   // gazetteer kind and place in the matched phrase; 0 when none
	lex      uint64                   // likewise for the entity phrases of the training data
	gazWords []uint64                 // kinds and places of gazetteer phrases the word is a capitalised word of
	lexWords []uint64                 // likewise for the training data's entity phrases
	docCase  uint64                   // how the document writes the word elsewhere (docCase*); 0 without a document
	clu      [maxClusterLevels]uint64 // hashed cluster id at each level (nerNoCluster when unknown); 0 past the levels
}

// nerNoCluster stands for the cluster of a word the clusters do not know.
const nerNoCluster = 0xC105

// Capitalisation classes.
const (
	capsNone   = iota + 1 // no letters
	capsLower             // "minister"
	capsTitle             // "Kenya"
	capsUpper             // "NATO" (two or more letters)
	capsSingle            // "A", "J."
	capsMixed             // "iPhone", "McDonald" counts as title
)

func capsClass(w string) uint64 {
	up, low := 0, 0
	firstUp := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			if up+low == 0 {
				firstUp = true
			}
			up++
		case 'a' <= c && c <= 'z':
			low++
		case c >= 0xC0: // start of a non-ASCII letter: count as lower unless first
			if up+low == 0 && i+1 < len(w) && c == 0xC3 && w[i+1] >= 0x80 && w[i+1] < 0x9F {
				firstUp = true // Latin-1 capitals (Á, É, Ö, ...)
				up++
			} else {
				low++
			}
		}
	}
	switch {
	case up+low == 0:
		return capsNone
	case up == 0:
		return capsLower
	case low == 0 && up == 1:
		return capsSingle
	case low == 0:
		return capsUpper
	case firstUp:
		return capsTitle
	default:
		return capsMixed
	}
}

// Gazetteer positions within a matched phrase.
const (
	gazBegin = iota + 1
	gazInside
	gazLast
	gazUnit
)

// nerEdge stands for the words beyond the sentence.
var nerEdge = nerWord{wi: edgeWord, caps: 0xED6E, upos: 0xED6E, xpos: 0xED6E, clu: [maxClusterLevels]uint64{0xED6E, 0xED6E, 0xED6E, 0xED6E}}

// nerTransTemplate is the template of the transition features: one per
// previous label, with a weight for each next label.
const nerTransTemplate = 299

// nerFeatures appends the features of word i.
func nerFeatures(dst []uint64, w []nerWord, i int) []uint64 {
	at := func(k int) *nerWord {
		if k < 0 || k >= len(w) {
			return &nerEdge
		}
		return &w[k]
	}
	c, l1, l2, r1, r2 := &w[i], at(i-1), at(i-2), at(i+1), at(i+2)
	first := uint64(0)
	if c.wi.first {
		first = 1
	}
	dst = append(dst,
		f1(200, 1),
		f1(201, c.wi.norm),
		f1(202, c.wi.form),
		f1(203, c.wi.shape),
		f2(204, c.wi.shape, first),
		f3(205, c.caps, first, c.sent),
		f1(206, c.wi.pre[0]),
		f1(207, c.wi.pre[1]),
		f1(208, c.wi.pre[2]),
		f1(209, c.wi.suf[0]),
		f1(210, c.wi.suf[1]),
		f1(211, c.wi.suf[2]),
		f1(212, c.wi.suf[3]),
		f1(213, l1.wi.norm),
		f1(214, l2.wi.norm),
		f1(215, r1.wi.norm),
		f1(216, r2.wi.norm),
		f2(217, l1.wi.norm, c.wi.norm),
		f2(218, c.wi.norm, r1.wi.norm),
		f3(219, l1.wi.norm, c.wi.norm, r1.wi.norm),
		f2(220, l2.wi.norm, l1.wi.norm),
		f2(221, r1.wi.norm, r2.wi.norm),
		f1(222, l1.wi.shape),
		f1(223, r1.wi.shape),
		f3(224, l1.caps, c.caps, r1.caps),
		f1(225, c.xpos),
		f1(226, l1.xpos),
		f1(227, r1.xpos),
		f1(228, l2.xpos),
		f1(229, r2.xpos),
		f2(230, l1.xpos, c.xpos),
		f2(231, c.xpos, r1.xpos),
		f2(232, c.xpos, c.caps),
		f1(233, c.upos),
		f2(234, c.wi.norm, c.caps),
		f2(235, l1.wi.norm, c.caps),
		f2(236, r1.wi.norm, c.caps),
		f2(237, c.wi.suf[2], c.caps),
	)
	if c.gaz != 0 {
		dst = append(dst, f1(240, c.gaz), f2(241, c.gaz, c.caps), f2(242, c.gaz, first))
	}
	if l1.gaz != 0 {
		dst = append(dst, f1(243, l1.gaz))
	}
	if r1.gaz != 0 {
		dst = append(dst, f1(244, r1.gaz))
	}
	if c.lex != 0 {
		dst = append(dst, f1(250, c.lex), f2(251, c.lex, c.caps))
	}
	if l1.lex != 0 {
		dst = append(dst, f1(252, l1.lex))
	}
	if r1.lex != 0 {
		dst = append(dst, f1(253, r1.lex))
	}
	for _, h := range c.gazWords {
		dst = append(dst, f2(260, h, c.caps))
	}
	for _, h := range c.lexWords {
		dst = append(dst, f2(261, h, c.caps))
	}
	if c.docCase != 0 {
		dst = append(dst, f3(270, c.caps, first, c.docCase), f2(271, c.xpos, c.docCase))
	}
	if c.clu[0] != 0 {
		for l := 0; l < maxClusterLevels && c.clu[l] != 0; l++ {
			t := uint64(280 + 4*l)
			dst = append(dst, f1(t, c.clu[l]), f2(t+1, c.clu[l], c.caps), f1(t+2, l1.clu[l]), f1(t+3, r1.clu[l]))
		}
		dst = append(dst, f2(296, l1.clu[0], c.clu[0]), f2(297, c.clu[0], r1.clu[0]))
	}
	return dst
}

// sentenceCasing classifies a sentence: 1 for title case (most longer
// words capitalised, as in headlines), 2 for all capitals, else 0.
func sentenceCasing(forms []string) uint64 {
	title, upper, words := 0, 0, 0
	for _, f := range forms {
		switch capsClass(f) {
		case capsTitle, capsMixed:
			if len(f) > 3 {
				title++
				words++
			}
		case capsUpper:
			upper++
			words++
		case capsLower:
			if len(f) > 3 {
				words++
			}
		}
	}
	switch {
	case words >= 4 && upper*10 >= words*8:
		return 2
	case words >= 3 && (title+upper)*10 >= words*8:
		return 1
	}
	return 0
}

// Bits of nerWord.docCase.
const (
	docSeen      = 1 // the word is in a document (always set then)
	docCapMid    = 2 // another sentence has it capitalised, not first and not in a title
	docLowerElse = 4 // another sentence has it in lower case
)

// nerDoc counts how a document writes each word.
type nerDoc struct {
	counts map[uint64][2]int32 // lower-cased word hash -> [capitalised mid-sentence, lower case]
}

// wordCase tells whether word i of a sentence with the given casing is
// capitalised mid-sentence or in lower case.
func wordCase(f string, i int, sent uint64) (capMid, lower bool) {
	switch capsClass(f) {
	case capsTitle, capsUpper, capsMixed:
		return i > 0 && sent == 0, false
	case capsLower:
		return false, true
	}
	return false, false
}

func (d *nerDoc) add(forms []string) { countCases(d.counts, forms, sentenceCasing(forms)) }

// countCases adds to counts how a sentence with the given casing writes
// each word (see wordCase).
func countCases(counts map[uint64][2]int32, forms []string, sent uint64) {
	for i, f := range forms {
		cm, lo := wordCase(f, i, sent)
		if !cm && !lo {
			continue
		}
		k := hashString(f, true)
		c := counts[k]
		if cm {
			c[0]++
		}
		if lo {
			c[1]++
		}
		counts[k] = c
	}
}

// prepare computes the words of a sentence for the features. noGaz hides
// the gazetteer (training does now and then); doc, when not nil, counts
// the sentence's document, this sentence included.
func (n *NER) prepare(sc *nerScratch, s *NERSentence, noGaz bool, doc *nerDoc) []nerWord {
	forms := s.Forms
	m := len(forms)
	if cap(sc.words) < m {
		sc.words = make([]nerWord, m)
	}
	w := sc.words[:m]
	sent := sentenceCasing(forms)
	sc.lower = sc.lower[:0]
	for i, f := range forms {
		w[i] = nerWord{
			wi:   newWordInfo(f, i == 0),
			caps: capsClass(f),
			upos: hashString(s.UPOS[i], false),
			xpos: hashString(s.XPOS[i], false),
			sent: sent,
		}
		sc.lower = append(sc.lower, lowerWord(f))
		if n.clu != nil {
			ids := n.clu.lookupLower(sc.lower[i])
			for l := range n.clu.sizes {
				w[i].clu[l] = nerNoCluster
				if ids != nil {
					w[i].clu[l] = mix(uint64(l)+0xC1, uint64(ids[l]))
				}
			}
		}
	}
	if doc != nil {
		// how the other sentences write the word: the document's counts
		// less this sentence's own
		if sc.own == nil {
			sc.own = map[uint64][2]int32{}
		}
		clear(sc.own)
		countCases(sc.own, forms, sent)
		for i, f := range forms {
			k := hashString(f, true)
			dc, oc := doc.counts[k], sc.own[k]
			v := uint64(docSeen)
			if dc[0] > oc[0] {
				v |= docCapMid
			}
			if dc[1] > oc[1] {
				v |= docLowerElse
			}
			w[i].docCase = v
		}
	}
	if n.gaz != nil && !noGaz {
		markGazetteer(n.gaz, forms, sc.lower, w, false)
		if pg, ok := n.gaz.(*PhraseGazetteer); ok {
			for i := range w {
				w[i].gazWords = pg.wordKinds(sc.lower[i])
			}
		}
	}
	lex := n.lex
	if sc.lex != nil {
		lex = sc.lex
	}
	if lex != nil {
		markGazetteer(lex, forms, sc.lower, w, true)
		for i := range w {
			w[i].lexWords = lex.wordKinds(sc.lower[i])
		}
	}
	return w
}

// markGazetteer records the longest gazetteer phrase at each position,
// left to right, in the words it covers (in lex rather than gaz when lex
// is set).
func markGazetteer(g NERGazetteer, forms, lower []string, w []nerWord, lex bool) {
	for i := 0; i < len(forms); {
		l, kind := g.Match(forms, lower, i)
		if l <= 0 || kind == "" {
			i++
			continue
		}
		l = min(l, len(forms)-i)
		kh := hashString(kind, false)
		for k := 0; k < l; k++ {
			pos := uint64(gazInside)
			switch {
			case l == 1:
				pos = gazUnit
			case k == 0:
				pos = gazBegin
			case k == l-1:
				pos = gazLast
			}
			if lex {
				w[i+k].lex = mix(kh, pos)
			} else {
				w[i+k].gaz = mix(kh, pos)
			}
		}
		i += l
	}
}
