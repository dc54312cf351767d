package eval

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp/conllu"
)

// Score counts one metric: how many units the gold standard and the system
// output have, how many the system got right, and, for the tagging and
// parsing metrics, how many gold words were aligned to a system word.
type Score struct {
	Gold    int // units in the gold standard
	System  int // units in the system output
	Correct int // system units that match the gold standard
	Aligned int // aligned words, the denominator of AlignedAccuracy; 0 for Tokens, Sentences and Words
}

// Precision returns Correct/System, or 0 when System is 0.
func (s Score) Precision() float64 { return ratio(s.Correct, s.System) }

// Recall returns Correct/Gold, or 0 when Gold is 0.
func (s Score) Recall() float64 { return ratio(s.Correct, s.Gold) }

// F1 returns the harmonic mean of precision and recall,
// 2·Correct/(Gold+System), or 0 when both are 0.
func (s Score) F1() float64 { return ratio(2*s.Correct, s.Gold+s.System) }

// AlignedAccuracy returns Correct/Aligned: the accuracy of a tagging or
// parsing metric on the words the system segmented correctly. It is 0 when
// Aligned is 0, and in particular for the segmentation metrics, where it is
// not defined.
func (s Score) AlignedAccuracy() float64 { return ratio(s.Correct, s.Aligned) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// UDScores holds the CoNLL 2018 shared task metrics for a system's
// tokenization, sentence splitting, tagging and parsing.
type UDScores struct {
	Tokens    Score // surface tokens (multiword tokens count once) with the same character span
	Sentences Score // sentences with the same character span
	Words     Score // syntactic words aligned between gold and system
	UPOS      Score // aligned words with the right universal part of speech
	XPOS      Score // aligned words with the right language-specific part of speech
	Lemmas    Score // aligned words with the right lemma (any lemma is right when the gold lemma is "_")
	UAS       Score // aligned words whose head aligns to the gold head (or both are roots)
	LAS       Score // UAS, and the universal part of the relation (before ":") matches
}

// String formats the scores as a table in the layout of the official
// evaluation script's verbose output, with percentages.
func (s UDScores) String() string {
	var b strings.Builder
	b.WriteString("Metric     | Precision |    Recall |  F1 Score | AligndAcc\n")
	b.WriteString("-----------+-----------+-----------+-----------+-----------\n")
	for _, m := range []struct {
		name    string
		score   Score
		aligned bool
	}{
		{"Tokens", s.Tokens, false},
		{"Sentences", s.Sentences, false},
		{"Words", s.Words, false},
		{"UPOS", s.UPOS, true},
		{"XPOS", s.XPOS, true},
		{"Lemmas", s.Lemmas, true},
		{"UAS", s.UAS, true},
		{"LAS", s.LAS, true},
	} {
		fmt.Fprintf(&b, "%-11s|%10.2f |%10.2f |%10.2f |", m.name,
			100*m.score.Precision(), 100*m.score.Recall(), 100*m.score.F1())
		if m.aligned {
			fmt.Fprintf(&b, "%10.2f", 100*m.score.AlignedAccuracy())
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ScoreUD evaluates system against gold as the CoNLL 2018 shared task
// evaluation script (conll18_ud_eval.py) does; see the package
// documentation for how words are aligned. Both must cover the same text:
// the concatenation of their token forms, with whitespace removed, must be
// identical. If it is not, ScoreUD returns an error wrapping
// avocet.ErrInvalidInput that gives the first differing character with
// some context and the sentences it falls in. A token form made only of
// whitespace is an error too.
func ScoreUD(gold, system []*conllu.Sentence) (UDScores, error) {
	g, err := loadUD(gold, "gold")
	if err != nil {
		return UDScores{}, err
	}
	s, err := loadUD(system, "system")
	if err != nil {
		return UDScores{}, err
	}
	if g.chars != s.chars {
		return UDScores{}, textMismatch(g, s)
	}

	var sc UDScores
	sc.Tokens = spanScore(g.tokens, s.tokens)
	sc.Sentences = spanScore(g.sentences, s.sentences)
	g2s, s2g := alignUDWords(g.words, s.words)

	aligned := 0
	for _, sw := range g2s {
		if sw >= 0 {
			aligned++
		}
	}
	sc.Words = Score{Gold: len(g.words), System: len(s.words), Correct: aligned}
	base := Score{Gold: len(g.words), System: len(s.words), Aligned: aligned}
	sc.UPOS, sc.XPOS, sc.Lemmas, sc.UAS, sc.LAS = base, base, base, base, base
	for gi, si := range g2s {
		if si < 0 {
			continue
		}
		gw, sw := g.words[gi].w, s.words[si].w
		if gw.UPOS == sw.UPOS {
			sc.UPOS.Correct++
		}
		if gw.XPOS == sw.XPOS {
			sc.XPOS.Correct++
		}
		if gw.Lemma == "_" || gw.Lemma == sw.Lemma {
			sc.Lemmas.Correct++
		}
		if g.words[gi].head == systemHead(s.words[si].head, s2g) {
			sc.UAS.Correct++
			if universalRel(gw.DepRel) == universalRel(sw.DepRel) {
				sc.LAS.Correct++
			}
		}
	}
	return sc, nil
}

// Values of udWord.head besides word indexes, and the keys systemHead
// returns for heads that cannot match a gold head.
const (
	headRoot       = -1 // the word is the root
	headNone       = -2 // the HEAD column is "_"
	headNotAligned = -3 // the system head is not aligned to a gold word
	headSysNone    = -4 // the system HEAD column is "_"; differs from every gold head
)

// systemHead returns the UAS key of a system word's head, which is correct
// when it equals the gold word's head: the gold word its head is aligned
// to, or headRoot.
func systemHead(h int, s2g []int) int {
	switch {
	case h == headNone:
		return headSysNone
	case h == headRoot:
		return headRoot
	case s2g[h] < 0:
		return headNotAligned
	}
	return s2g[h]
}

// universalRel returns the universal part of a dependency relation
// ("obl" for "obl:tmod").
func universalRel(rel string) string {
	r, _, _ := strings.Cut(rel, ":")
	return r
}

// udSpan is a half-open range of the whitespace-free character stream, in
// bytes. Byte offsets order and compare exactly as character offsets do.
type udSpan struct{ start, end int }

// udWord is a syntactic word placed in the character stream.
type udWord struct {
	span udSpan       // span of its surface token (the whole multiword token for its words)
	mwt  bool         // part of a multiword token
	form string       // form compared when aligning inside multiword regions
	head int          // index of the head in the document's words; headRoot; or headNone
	w    *conllu.Word // the word itself
}

// udDoc is one side of an evaluation flattened into a character stream.
type udDoc struct {
	name      string             // "gold" or "system"
	chars     string             // token forms concatenated, whitespace removed
	tokens    []udSpan           // surface tokens
	sentences []udSpan           // sentences
	words     []udWord           // syntactic words, in order
	sents     []*conllu.Sentence // the sentences, for messages
}

// loadUD flattens sentences into a udDoc.
func loadUD(ss []*conllu.Sentence, name string) (*udDoc, error) {
	d := &udDoc{name: name, sents: ss}
	nw, nc := 0, 0
	for _, s := range ss {
		nw += len(s.Words)
		for i := range s.Words {
			nc += len(s.Words[i].Form)
		}
	}
	d.words = make([]udWord, 0, nw)
	d.tokens = make([]udSpan, 0, nw)
	d.sentences = make([]udSpan, 0, len(ss))
	chars := make([]byte, 0, nc)
	// addToken appends the whitespace-free form of a surface token.
	addToken := func(s *conllu.Sentence, form string) (udSpan, error) {
		start := len(chars)
		for i, r := range form {
			if !unicode.IsSpace(r) {
				_, size := utf8.DecodeRuneInString(form[i:])
				chars = append(chars, form[i:i+size]...)
			}
		}
		if len(chars) == start {
			return udSpan{}, fmt.Errorf("%s sentence %q (line %d): token %q has no non-whitespace character: %w",
				name, s.ID, s.Line, form, avocet.ErrInvalidInput)
		}
		sp := udSpan{start, len(chars)}
		d.tokens = append(d.tokens, sp)
		return sp, nil
	}
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("%s sentence %q (line %d): %w", name, s.ID, s.Line, err)
		}
		start := len(chars)
		base := len(d.words)
		m := 0
		for i := 0; i < len(s.Words); {
			if m < len(s.MultiWords) && s.MultiWords[m].First == i+1 {
				mw := &s.MultiWords[m]
				m++
				sp, err := addToken(s, mw.Form)
				if err != nil {
					return nil, err
				}
				for ; i < mw.Last; i++ {
					d.words = append(d.words, udWord{span: sp, mwt: true, form: s.Words[i].Form, w: &s.Words[i]})
				}
				continue
			}
			sp, err := addToken(s, s.Words[i].Form)
			if err != nil {
				return nil, err
			}
			d.words = append(d.words, udWord{span: sp, w: &s.Words[i]})
			i++
		}
		for i := base; i < len(d.words); i++ {
			w := &d.words[i]
			switch h := w.w.Head; {
			case h < 0:
				w.head = headNone
			case h == 0:
				w.head = headRoot
			default:
				w.head = base + h - 1
			}
		}
		d.sentences = append(d.sentences, udSpan{start, len(chars)})
	}
	d.chars = string(chars)
	for i := range d.words {
		if w := &d.words[i]; !w.mwt {
			w.form = d.chars[w.span.start:w.span.end] // the form without whitespace
		}
	}
	return d, nil
}

// textMismatch describes where the character streams of g and s part.
func textMismatch(g, s *udDoc) error {
	i := 0
	for i < len(g.chars) && i < len(s.chars) && g.chars[i] == s.chars[i] {
		i++
	}
	for i > 0 && i < len(g.chars) && !utf8.RuneStart(g.chars[i]) {
		i-- // back up to the start of the differing character
	}
	before := g.chars[max(0, i-20):i]
	for before != "" && !utf8.RuneStart(before[0]) {
		before = before[1:]
	}
	return fmt.Errorf("gold and system texts differ at non-whitespace character %d (%s, %s): after %q gold has %q, system has %q: %w",
		utf8.RuneCountInString(g.chars[:i]), g.where(i), s.where(i), before,
		context(g.chars[i:]), context(s.chars[i:]), avocet.ErrInvalidInput)
}

// context returns up to 20 characters from the start of s.
func context(s string) string {
	n := 0
	for i := range s {
		if n == 20 {
			return s[:i]
		}
		n++
	}
	return s
}

// where names the sentence containing character offset i.
func (d *udDoc) where(i int) string {
	k := sort.Search(len(d.sentences), func(k int) bool { return d.sentences[k].end > i })
	if k == len(d.sentences) {
		return d.name + " text ends there"
	}
	s := d.sents[k]
	return fmt.Sprintf("%s sentence %q at line %d", d.name, s.ID, s.Line)
}

// spanScore counts the spans of system that match a gold span exactly.
// Both lists are in text order.
func spanScore(gold, system []udSpan) Score {
	correct := 0
	for gi, si := 0, 0; gi < len(gold) && si < len(system); {
		switch g, s := gold[gi], system[si]; {
		case s.start < g.start:
			si++
		case g.start < s.start:
			gi++
		default:
			if g.end == s.end {
				correct++
			}
			gi++
			si++
		}
	}
	return Score{Gold: len(gold), System: len(system), Correct: correct}
}

// alignUDWords aligns gold and system words and returns, for each gold
// word, the index of its system word or -1, and the reverse.
//
// Outside multiword tokens, words align when their spans are equal. Where
// either side has a multiword token, the words of the smallest region that
// covers it and everything overlapping it are aligned by a longest common
// subsequence of their lowercased forms.
func alignUDWords(g, s []udWord) (g2s, s2g []int) {
	g2s = make([]int, len(g))
	s2g = make([]int, len(s))
	for i := range g2s {
		g2s[i] = -1
	}
	for i := range s2g {
		s2g[i] = -1
	}
	var lcs []int
	gi, si := 0, 0
	for gi < len(g) && si < len(s) {
		if !g[gi].mwt && !s[si].mwt {
			switch {
			case g[gi].span == s[si].span:
				g2s[gi], s2g[si] = si, gi
				gi++
				si++
			case g[gi].span.start <= s[si].span.start:
				gi++
			default:
				si++
			}
			continue
		}
		var gs, ss int
		gs, ss, gi, si = multiwordRegion(g, s, gi, si)
		lcs = alignLCS(g[gs:gi], s[ss:si], g2s[gs:gi], s2g[ss:si], gs, ss, lcs)
	}
	return g2s, s2g
}

// multiwordRegion returns the region [gs, ge) × [ss, se) of words to align
// by LCS, given that g[gi] or s[si] is part of a multiword token.
//
// The region starts at the multiword word; a plain word of the other side
// that starts before it is left out. It then grows word by word, in text
// order, until on both sides the next word lies past the region's end:
// a plain word when it ends after the end, a multiword word when it
// starts at or after it. Multiword tokens met on the way extend the end.
func multiwordRegion(g, s []udWord, gi, si int) (gs, ss, ge, se int) {
	var end int
	if g[gi].mwt {
		end = g[gi].span.end
		if !s[si].mwt && s[si].span.start < g[gi].span.start {
			si++
		}
	} else {
		end = s[si].span.end
		if !g[gi].mwt && g[gi].span.start < s[si].span.start {
			gi++
		}
	}
	gs, ss = gi, si
	for !pastRegion(g, gi, end) || !pastRegion(s, si, end) {
		var w *udWord
		if gi < len(g) && (si >= len(s) || g[gi].span.start <= s[si].span.start) {
			w = &g[gi]
			gi++
		} else {
			w = &s[si]
			si++
		}
		if w.mwt && w.span.end > end {
			end = w.span.end
		}
	}
	return gs, ss, gi, si
}

// pastRegion reports whether words[i] lies past a multiword region ending
// at end.
func pastRegion(words []udWord, i, end int) bool {
	if i >= len(words) {
		return true
	}
	if words[i].mwt {
		return words[i].span.start >= end
	}
	return words[i].span.end > end
}

// alignLCS aligns the words g and s of a multiword region by a longest
// common subsequence of their lowercased forms, recording matches in g2s
// and s2g (offset by gOff and sOff). It returns the table buffer for
// reuse.
func alignLCS(g, s []udWord, g2s, s2g []int, gOff, sOff int, buf []int) []int {
	if len(g) == 0 || len(s) == 0 {
		return buf
	}
	gl := make([]string, len(g))
	for i := range g {
		gl[i] = strings.ToLower(g[i].form)
	}
	sl := make([]string, len(s))
	for i := range s {
		sl[i] = strings.ToLower(s[i].form)
	}
	// t[i*w+j] is the LCS length of gl[i:] and sl[j:].
	w := len(s) + 1
	n := (len(g) + 1) * w
	if cap(buf) < n {
		buf = make([]int, n)
	}
	t := buf[:n]
	clear(t)
	for i := len(g) - 1; i >= 0; i-- {
		for j := len(s) - 1; j >= 0; j-- {
			v := max(t[(i+1)*w+j], t[i*w+j+1])
			if gl[i] == sl[j] {
				v = max(v, 1+t[(i+1)*w+j+1])
			}
			t[i*w+j] = v
		}
	}
	for i, j := 0, 0; i < len(g) && j < len(s); {
		switch {
		case gl[i] == sl[j]:
			g2s[i], s2g[j] = sOff+j, gOff+i
			i++
			j++
		case t[i*w+j] == t[(i+1)*w+j]:
			i++
		default:
			j++
		}
	}
	return buf
}
