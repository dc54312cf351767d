package nlp

import (
	"math/rand"
)

// The parser is a greedy arc-eager transition parser (Nivre 2003) with
// labelled arcs, trained by an averaged perceptron with the dynamic oracle
// of Goldberg and Nivre (2012), and rich non-local features after Zhang and
// Nivre (2011). Word 0 is the artificial root, kept at the bottom of the
// stack; it may take only one dependent, so every tree has one root.

const (
	parseBits = 22
	actShift  = 0
	actReduce = 1
	actLeft   = 2 // + label
	maxDist   = 10
)

// parser holds a trained parsing model.
type parser struct {
	labels []string
	model  *linear
}

func (p *parser) nactions() int { return 2 + 2*len(p.labels) }

// pstate is a parser configuration plus the bookkeeping that features need.
type pstate struct {
	n      int   // number of words; they are numbered 1..n
	stack  []int // word indices, root (0) at the bottom
	b      int   // front of the buffer; b > n means empty
	head   []int // -1 while unattached
	label  []int
	lmost  []int // leftmost dependent, -1 if none
	lmost2 []int // second leftmost
	rmost  []int
	rmost2 []int
	nleft  []int    // number of left dependents
	nright []int    // number of right dependents
	lset   []uint64 // labels of left dependents, as a bit set
	rset   []uint64
	rootOK bool // the root may still take a dependent
}

func (s *pstate) reset(n int) {
	s.n = n
	s.stack = append(s.stack[:0], 0)
	s.b = 1
	grow := func(a []int) []int {
		if cap(a) < n+1 {
			return make([]int, n+1)
		}
		return a[:n+1]
	}
	s.head, s.label = grow(s.head), grow(s.label)
	s.lmost, s.lmost2, s.rmost, s.rmost2 = grow(s.lmost), grow(s.lmost2), grow(s.rmost), grow(s.rmost2)
	s.nleft, s.nright = grow(s.nleft), grow(s.nright)
	if cap(s.lset) < n+1 {
		s.lset, s.rset = make([]uint64, n+1), make([]uint64, n+1)
	}
	s.lset, s.rset = s.lset[:n+1], s.rset[:n+1]
	for i := 0; i <= n; i++ {
		s.head[i], s.label[i] = -1, -1
		s.lmost[i], s.lmost2[i], s.rmost[i], s.rmost2[i] = -1, -1, -1, -1
		s.nleft[i], s.nright[i] = 0, 0
		s.lset[i], s.rset[i] = 0, 0
	}
	s.rootOK = true
}

func (s *pstate) top() int { return s.stack[len(s.stack)-1] }

func (s *pstate) valid(a, nlabels int) bool {
	switch {
	case a == actShift:
		return s.b <= s.n
	case a == actReduce:
		t := s.top()
		return t != 0 && s.head[t] >= 0
	case a < actLeft+nlabels:
		t := s.top()
		return s.b <= s.n && t != 0 && s.head[t] < 0
	default:
		return s.b <= s.n && (s.top() != 0 || s.rootOK)
	}
}

func (s *pstate) addArc(h, d, l int) {
	s.head[d], s.label[d] = h, l
	if d < h {
		if s.lmost[h] < 0 || d < s.lmost[h] {
			s.lmost2[h], s.lmost[h] = s.lmost[h], d
		} else if s.lmost2[h] < 0 || d < s.lmost2[h] {
			s.lmost2[h] = d
		}
		s.nleft[h]++
		s.lset[h] |= 1 << uint(l&63)
	} else {
		if s.rmost[h] < 0 || d > s.rmost[h] {
			s.rmost2[h], s.rmost[h] = s.rmost[h], d
		} else if s.rmost2[h] < 0 || d > s.rmost2[h] {
			s.rmost2[h] = d
		}
		s.nright[h]++
		s.rset[h] |= 1 << uint(l&63)
	}
	if h == 0 {
		s.rootOK = false
	}
}

func (s *pstate) apply(a, nlabels int) {
	switch {
	case a == actShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case a == actReduce:
		s.stack = s.stack[:len(s.stack)-1]
	case a < actLeft+nlabels:
		t := s.top()
		s.addArc(s.b, t, a-actLeft)
		s.stack = s.stack[:len(s.stack)-1]
	default:
		s.addArc(s.top(), s.b, a-actLeft-nlabels)
		s.stack = append(s.stack, s.b)
		s.b++
	}
}

// finish attaches words left without a head once the buffer is empty: to the
// root word if there is one, else the first such word becomes the root.
func (s *pstate) finish(rootLabel, depLabel int) {
	root := -1
	for i := 1; i <= s.n; i++ {
		if s.head[i] == 0 {
			root = i
			break
		}
	}
	for i := 1; i <= s.n; i++ {
		if s.head[i] >= 0 {
			continue
		}
		if root < 0 {
			root = i
			s.head[i], s.label[i] = 0, rootLabel
			continue
		}
		s.head[i], s.label[i] = root, depLabel
	}
}

// pwords holds per-word values for parser features; index 0 is the root.
type pwords struct {
	w []uint64 // normalised word hash
	p []uint64 // tag class
	s []uint64 // three-letter suffix hash, for unknown words
}

const (
	noneW = 0x4E4F4E45 // "NONE" word
	noneP = 0xFFFE     // "NONE" tag
	noneL = 0xFFFD     // "NONE" label
)

// features appends the Zhang & Nivre style features of state s.
func (s *pstate) features(dst []uint64, pw *pwords) []uint64 {
	W := func(i int) uint64 {
		if i < 0 {
			return noneW
		}
		return pw.w[i]
	}
	P := func(i int) uint64 {
		if i < 0 {
			return noneP
		}
		return pw.p[i]
	}
	S := func(i int) uint64 {
		if i < 0 {
			return noneW
		}
		return pw.s[i]
	}
	L := func(i int) uint64 {
		if i < 0 || s.label[i] < 0 {
			return noneL
		}
		return uint64(s.label[i])
	}
	at := func(a []int, i int) int {
		if i < 0 {
			return -1
		}
		return a[i]
	}
	s0 := s.top()
	s1 := -1
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	n0, n1, n2 := -1, -1, -1
	if s.b <= s.n {
		n0 = s.b
	}
	if s.b+1 <= s.n {
		n1 = s.b + 1
	}
	if s.b+2 <= s.n {
		n2 = s.b + 2
	}
	s0h := at(s.head, s0)
	s0h2 := at(s.head, s0h)
	s0l, s0r := at(s.lmost, s0), at(s.rmost, s0)
	s0l2, s0r2 := at(s.lmost2, s0), at(s.rmost2, s0)
	n0l, n0l2 := at(s.lmost, n0), at(s.lmost2, n0)

	s0w, s0p := W(s0), P(s0)
	n0w, n0p := W(n0), P(n0)
	n1w, n1p := W(n1), P(n1)
	n2w, n2p := W(n2), P(n2)
	dist := uint64(0)
	if n0 >= 0 && s0 > 0 {
		d := n0 - s0
		if d > maxDist {
			d = maxDist
		}
		dist = uint64(d)
	}
	vl := uint64(0)
	vr := uint64(0)
	nvl := uint64(0)
	var ssl, ssr, nsl uint64
	if s0 >= 0 {
		vl, vr = uint64(s.nleft[s0]), uint64(s.nright[s0])
		ssl, ssr = s.lset[s0], s.rset[s0]
	}
	if n0 >= 0 {
		nvl = uint64(s.nleft[n0])
		nsl = s.lset[n0]
	}
	dst = append(dst,
		1,
		// single words
		f2(1, s0w, s0p), f1(2, s0w), f1(3, s0p),
		f2(4, n0w, n0p), f1(5, n0w), f1(6, n0p),
		f2(7, n1w, n1p), f1(8, n1w), f1(9, n1p),
		f2(10, n2w, n2p), f1(11, n2w), f1(12, n2p),
		// pairs
		f3(13, s0w, s0p, mix(n0w, n0p)), f3(14, s0w, s0p, n0w), f3(15, s0w, n0w, n0p),
		f3(16, s0w, s0p, n0p), f3(17, s0p, n0w, n0p), f2(18, s0w, n0w), f2(19, s0p, n0p),
		f2(20, n0p, n1p),
		// triples of tags
		f3(21, n0p, n1p, n2p), f3(22, s0p, n0p, n1p), f3(23, P(s0h), s0p, n0p),
		f3(24, s0p, P(s0l), n0p), f3(25, s0p, P(s0r), n0p), f3(26, s0p, n0p, P(n0l)),
		// distance
		f2(27, s0w, dist), f2(28, s0p, dist), f2(29, n0w, dist), f2(30, n0p, dist),
		f3(31, s0w, n0w, dist), f3(32, s0p, n0p, dist),
		// valency
		f2(33, s0w, vr), f2(34, s0p, vr), f2(35, s0w, vl), f2(36, s0p, vl),
		f2(37, n0w, nvl), f2(38, n0p, nvl),
		// second order
		f1(39, W(s0h)), f1(40, P(s0h)), f1(41, L(s0)),
		f1(42, W(s0l)), f1(43, P(s0l)), f1(44, L(s0l)),
		f1(45, W(s0r)), f1(46, P(s0r)), f1(47, L(s0r)),
		f1(48, W(n0l)), f1(49, P(n0l)), f1(50, L(n0l)),
		// third order
		f1(51, W(s0h2)), f1(52, P(s0h2)), f1(53, L(s0h)),
		f1(54, W(s0l2)), f1(55, P(s0l2)), f1(56, L(s0l2)),
		f1(57, W(s0r2)), f1(58, P(s0r2)), f1(59, L(s0r2)),
		f1(60, W(n0l2)), f1(61, P(n0l2)), f1(62, L(n0l2)),
		f3(63, s0p, P(s0l), P(s0l2)), f3(64, s0p, P(s0r), P(s0r2)),
		f3(65, s0p, P(s0h), P(s0h2)), f3(66, n0p, P(n0l), P(n0l2)),
		// label sets
		f2(67, s0w, ssr), f2(68, s0p, ssr), f2(69, s0w, ssl), f2(70, s0p, ssl),
		f2(71, n0w, nsl), f2(72, n0p, nsl),
		// second stack item
		f2(73, W(s1), P(s1)), f3(74, P(s1), s0p, n0p), f3(75, W(s1), s0w, n0p),
		f2(76, P(s1), L(s1)),
		// suffixes help with words unseen in training
		f2(77, S(s0), s0p), f2(78, S(n0), n0p), f3(79, S(s0), S(n0), n0p),
	)
	return dst
}

// parse fills heads (1-based, 0 = root) and label indices for one sentence.
func (p *parser) parse(s *pstate, pw *pwords, n int, feats []uint64, scores []int32, heads, labels []int) {
	nl := len(p.labels)
	na := p.nactions()
	s.reset(n)
	for s.b <= s.n {
		feats = s.features(feats[:0], pw)
		clear(scores[:na])
		p.model.score(feats, scores[:na])
		best := -1
		for a := 0; a < na; a++ {
			if (best < 0 || scores[a] > scores[best]) && s.valid(a, nl) {
				best = a
			}
		}
		s.apply(best, nl)
	}
	s.finish(p.rootLabel(), p.depLabel())
	for i := 1; i <= n; i++ {
		heads[i-1], labels[i-1] = s.head[i], s.label[i]
	}
}

func (p *parser) labelIndex(name string) int {
	for i, l := range p.labels {
		if l == name {
			return i
		}
	}
	return 0
}

func (p *parser) rootLabel() int { return p.labelIndex("root") }
func (p *parser) depLabel() int  { return p.labelIndex("dep") }

// oracle computes action costs against a gold tree (heads and labels 1..n,
// index 0 unused) for the dynamic oracle.
type oracle struct {
	gh, gl []int
}

func inBuffer(s *pstate, k int) bool { return k >= s.b && k <= s.n }

func (o *oracle) cost(s *pstate, a, nl int) int {
	t := s.top()
	b := s.b
	switch {
	case a == actShift:
		c := 0
		for _, k := range s.stack {
			if o.gh[b] == k && (k != 0 || s.rootOK) {
				c++
			}
			if k != 0 && o.gh[k] == b && s.head[k] < 0 {
				c++
			}
		}
		return c
	case a == actReduce:
		c := 0
		for d := b; d <= s.n; d++ {
			if o.gh[d] == t {
				c++
			}
		}
		return c
	case a < actLeft+nl:
		c := 0
		if o.gh[t] != b && inBuffer(s, o.gh[t]) {
			c++
		}
		for d := b; d <= s.n; d++ {
			if o.gh[d] == t {
				c++
			}
		}
		if o.gh[t] == b && o.gl[t] != a-actLeft {
			c++
		}
		return c
	default:
		c := 0
		g := o.gh[b]
		if g != t {
			if inBuffer(s, g) {
				c++
			} else if g == 0 {
				if s.rootOK {
					c++
				}
			} else {
				for _, k := range s.stack {
					if k == g {
						c++
						break
					}
				}
			}
		} else if o.gl[b] != a-actLeft-nl {
			c++
		}
		for _, k := range s.stack {
			if k != 0 && o.gh[k] == b && s.head[k] < 0 {
				c++
			}
		}
		return c
	}
}

// parsedSentence is one training sentence for the parser.
type parsedSentence struct {
	words  []uint64 // normalised word hashes, 1..n (index 0 is the root)
	sufs   []uint64
	tags   []uint64
	heads  []int // 1..n, index 0 unused
	labels []int
}

func projective(heads []int) bool {
	n := len(heads) - 1
	for d := 1; d <= n; d++ {
		h := heads[d]
		lo, hi := h, d
		if lo > hi {
			lo, hi = hi, lo
		}
		for k := lo + 1; k < hi; k++ {
			// every word between must be dominated by h
			a := k
			for steps := 0; a != h && a != 0 && steps <= n; steps++ {
				a = heads[a]
			}
			if a != h {
				return false
			}
		}
	}
	return true
}

// trainParser learns a parser with the dynamic oracle; evalDev returns the
// LAS of a frozen candidate so the best epoch is kept.
func trainParser(labels []string, train []parsedSentence, epochs int, seed int64, evalDev func(*parser) float64, logf func(string, ...any)) *parser {
	p := &parser{labels: labels}
	nl := len(labels)
	na := p.nactions()
	l := newLearner(na, parseBits)
	rng := rand.New(rand.NewSource(seed))
	var usable []int
	for i, s := range train {
		if projective(s.heads) {
			usable = append(usable, i)
		}
	}
	logf("parser: %d of %d training sentences are projective", len(usable), len(train))
	var (
		st     pstate
		feats  []uint64
		scores = make([]float32, na)
		best   *linear
		bestS  = -1.0
	)
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(usable), func(a, b int) { usable[a], usable[b] = usable[b], usable[a] })
		explore := ep > 0
		errs, steps := 0, 0
		for _, si := range usable {
			s := &train[si]
			n := len(s.words) - 1
			pw := pwords{w: s.words, p: s.tags, s: s.sufs}
			o := oracle{gh: s.heads, gl: s.labels}
			st.reset(n)
			for st.b <= st.n {
				feats = st.features(feats[:0], &pw)
				l.scores(feats, scores)
				guess, gold := -1, -1
				for a := 0; a < na; a++ {
					if !st.valid(a, nl) {
						continue
					}
					if guess < 0 || scores[a] > scores[guess] {
						guess = a
					}
					if (gold < 0 || scores[a] > scores[gold]) && o.cost(&st, a, nl) == 0 {
						gold = a
					}
				}
				if gold < 0 {
					gold = guess // no zero-cost action (non-projective leftovers)
				}
				if guess != gold {
					l.update(feats, gold, guess)
					errs++
				}
				l.tick()
				steps++
				next := gold
				if explore && guess != gold && rng.Float64() < 0.9 {
					next = guess
				}
				st.apply(next, nl)
			}
		}
		p.model = l.freeze(0.5)
		las := evalDev(p)
		logf("parser epoch %d: %.2f%% oracle disagreements, dev LAS %.2f (%d weights)", ep+1, 100*float64(errs)/float64(steps), 100*las, p.model.size())
		if las > bestS {
			bestS, best = las, p.model
		}
	}
	p.model = best
	return p
}
