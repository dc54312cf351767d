package enrich

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/avocet-events/avocet"
)

//go:embed data/themes.txt
var themesData string

// Limits of the theme lexicon format.
const (
	maxPhraseWords = 12      // words in one phrase
	maxLineBytes   = 1 << 20 // bytes in one lexicon line
	minPrefixLen   = 3       // letters before a trailing * wildcard
)

// ThemeLexicon maps phrases to theme codes; see data/themes.txt for the
// format. It is immutable once parsed and safe for concurrent use.
type ThemeLexicon struct {
	codes   []string // theme codes by index, in order of first appearance
	folded  *tnode   // phrases matched on lower-cased words
	exact   *tnode   // phrases matched case-sensitively (written with =)
	phrases int      // phrases, positive and negative
}

// tnode is a node of a word trie.
type tnode struct {
	next   map[string]*tnode
	prefix map[string][]prefixEdge // words with a trailing *, by their first minPrefixLen bytes
	ends   []tend                  // phrases that end here
}

type prefixEdge struct {
	prefix string
	node   *tnode
}

// tend is a phrase ending at a trie node.
type tend struct {
	theme int32
	neg   bool // negative context ("unless"): cancels the theme in the sentence
}

func newNode() *tnode { return &tnode{} }

func (n *tnode) child(w string, prefix bool) *tnode {
	if prefix {
		if n.prefix == nil {
			n.prefix = map[string][]prefixEdge{}
		}
		k := w[:minPrefixLen]
		for _, e := range n.prefix[k] {
			if e.prefix == w {
				return e.node
			}
		}
		c := newNode()
		n.prefix[k] = append(n.prefix[k], prefixEdge{w, c})
		return c
	}
	if n.next == nil {
		n.next = map[string]*tnode{}
	}
	c := n.next[w]
	if c == nil {
		c = newNode()
		n.next[w] = c
	}
	return c
}

var defaultThemes = sync.OnceValues(func() (*ThemeLexicon, error) {
	return ParseThemes("themes.txt", strings.NewReader(themesData))
})

// DefaultThemes returns avocet's built-in theme lexicon, data/themes.txt.
// The file is embedded in the binary and checked by the package's tests, so
// a parse error here is a build defect: DefaultThemes panics on it.
func DefaultThemes() *ThemeLexicon {
	t, err := defaultThemes()
	if err != nil {
		panic("enrich: built-in theme lexicon: " + err.Error())
	}
	return t
}

// ParseThemes reads a theme lexicon in the format of data/themes.txt.
// Errors name the file (name) and the line.
func ParseThemes(name string, r io.Reader) (*ThemeLexicon, error) {
	t := &ThemeLexicon{folded: newNode(), exact: newNode()}
	index := map[string]int32{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			return nil, fmt.Errorf("%s:%d: want THEME_CODE: phrase; phrase; ...", name, n)
		}
		head := strings.Fields(line[:colon])
		neg := false
		switch {
		case len(head) == 2 && head[1] == "unless":
			neg = true
		case len(head) != 1:
			return nil, fmt.Errorf("%s:%d: want THEME_CODE: or THEME_CODE unless:, got %q", name, n, line[:colon])
		}
		code := head[0]
		if !validCode(code) {
			return nil, fmt.Errorf("%s:%d: bad theme code %q (want upper-case letters, digits and _)", name, n, code)
		}
		id, ok := index[code]
		if !ok {
			if neg {
				return nil, fmt.Errorf("%s:%d: %s unless: comes before any phrase of %s", name, n, code, code)
			}
			id = int32(len(t.codes))
			index[code] = id
			t.codes = append(t.codes, code)
		}
		for _, p := range strings.Split(line[colon+1:], ";") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if err := t.add(p, id, neg); err != nil {
				return nil, fmt.Errorf("%s:%d: phrase %q: %w", name, n, p, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return t, nil
}

func validCode(c string) bool {
	if c == "" || c[0] < 'A' || c[0] > 'Z' {
		return false
	}
	for i := 0; i < len(c); i++ {
		if !('A' <= c[i] && c[i] <= 'Z' || '0' <= c[i] && c[i] <= '9' || c[i] == '_') {
			return false
		}
	}
	return true
}

// add inserts one phrase.
func (t *ThemeLexicon) add(p string, id int32, neg bool) error {
	root := t.folded
	if strings.HasPrefix(p, "=") {
		root, p = t.exact, strings.TrimSpace(p[1:])
	}
	type word struct {
		w      string
		prefix bool
	}
	var words []word
	for _, chunk := range strings.Fields(p) {
		star := strings.HasSuffix(chunk, "*")
		chunk = strings.TrimSuffix(chunk, "*")
		if strings.Contains(chunk, "*") || star && chunk == "" {
			return fmt.Errorf("* may only end a word")
		}
		ws := phraseWords(chunk)
		if len(ws) == 0 {
			continue
		}
		for i, w := range ws {
			if root == t.folded {
				w = lowerWord(w)
			}
			words = append(words, word{w, star && i == len(ws)-1})
		}
		if star && len(ws[len(ws)-1]) < minPrefixLen {
			return fmt.Errorf("a word ending in * needs at least %d letters before it", minPrefixLen)
		}
	}
	switch {
	case len(words) == 0:
		return fmt.Errorf("no words")
	case len(words) > maxPhraseWords:
		return fmt.Errorf("more than %d words", maxPhraseWords)
	}
	n := root
	for _, w := range words {
		n = n.child(w.w, w.prefix)
	}
	for _, e := range n.ends {
		if e.theme == id && e.neg == neg {
			return nil // repeated phrase
		}
	}
	n.ends = append(n.ends, tend{theme: id, neg: neg})
	t.phrases++
	return nil
}

// Codes returns the theme codes of the lexicon in the order of the file.
func (t *ThemeLexicon) Codes() []string { return append([]string(nil), t.codes...) }

// Len returns the number of phrases (including negative-context phrases).
func (t *ThemeLexicon) Len() int { return t.phrases }

// Match returns the themes that the sentences evoke, each with the spans of
// its mentions in order, themes in the order of their first mention. Within
// a sentence, overlapping matches of one theme count once (the earliest,
// then the longest), and a theme whose negative context occurs in the
// sentence is dropped from it. At most max mentions are returned in all
// (max <= 0 means DefaultMaxThemeMentions).
func (t *ThemeLexicon) Match(sents []avocet.Sentence, max int) []avocet.Theme {
	m := t.newMatcher(max)
	var low []string
	for i := range sents {
		low = lowerForms(sents[i].Tokens, low)
		if !m.sentence(sents[i].Tokens, low) {
			break
		}
	}
	return m.result()
}

// themeMatcher accumulates theme mentions over the sentences of an article.
type themeMatcher struct {
	t        *ThemeLexicon
	max      int
	total    int
	mentions [][]avocet.Span // by theme index
	found    []match         // scratch: matches of the current sentence
	negs     []int32         // scratch: negated themes of the current sentence
	last     []int           // scratch: end of the last accepted mention by theme, this sentence
}

// match is a phrase match in a sentence: tokens [start, end).
type match struct {
	theme      int32
	start, end int
}

func (t *ThemeLexicon) newMatcher(max int) *themeMatcher {
	if max <= 0 {
		max = DefaultMaxThemeMentions
	}
	return &themeMatcher{t: t, max: max, mentions: make([][]avocet.Span, len(t.codes)), last: make([]int, len(t.codes))}
}

// sentence matches one sentence given the lower-cased forms of its tokens.
// It reports false once the mention limit is reached.
func (m *themeMatcher) sentence(toks []avocet.Token, low []string) bool {
	if m.total >= m.max {
		return false
	}
	m.found, m.negs = m.found[:0], m.negs[:0]
	for i := range toks {
		m.walk(m.t.folded, toks, low, i, i, true)
		if m.t.exact.next != nil || m.t.exact.prefix != nil {
			m.walk(m.t.exact, toks, low, i, i, false)
		}
	}
	if len(m.found) == 0 {
		return true
	}
	slices.SortFunc(m.found, func(x, y match) int {
		if x.start != y.start {
			return x.start - y.start
		}
		return y.end - x.end
	})
	for _, f := range m.found {
		m.last[f.theme] = -1
	}
	for _, f := range m.found {
		if m.negated(f.theme) || f.start < m.last[f.theme] {
			continue
		}
		m.last[f.theme] = f.end
		m.mentions[f.theme] = append(m.mentions[f.theme], tokSpan(toks, f.start, f.end))
		if m.total++; m.total >= m.max {
			return false
		}
	}
	return true
}

func (m *themeMatcher) negated(theme int32) bool {
	for _, n := range m.negs {
		if n == theme {
			return true
		}
	}
	return false
}

// walk follows the trie from node n with the tokens from j on; start is
// where the phrase began.
func (m *themeMatcher) walk(n *tnode, toks []avocet.Token, low []string, start, j int, folded bool) {
	if j-start >= maxPhraseWords || j >= len(toks) {
		return
	}
	var keys [3]string
	nk := 0
	if folded {
		keys[0], nk = low[j], 1
		if l := toks[j].Lemma; l != "" && l != "_" && !functionWord(toks[j].DepRel) {
			if l = lowerWord(l); l != keys[0] {
				keys[nk], nk = l, nk+1
			}
		}
		if s := singular(keys[0]); s != "" && s != keys[nk-1] {
			keys[nk], nk = s, nk+1
		}
	} else {
		keys[0], nk = toks[j].Form, 1
	}
	for _, k := range keys[:nk] {
		if c := n.next[k]; c != nil {
			m.reach(c, toks, low, start, j, folded)
		}
	}
	if n.prefix != nil && len(keys[0]) >= minPrefixLen {
		for _, e := range n.prefix[keys[0][:minPrefixLen]] {
			if strings.HasPrefix(keys[0], e.prefix) {
				m.reach(e.node, toks, low, start, j, folded)
			}
		}
	}
}

// reach records the phrases ending at c (which token j reached) and walks on.
func (m *themeMatcher) reach(c *tnode, toks []avocet.Token, low []string, start, j int, folded bool) {
	for _, e := range c.ends {
		if e.neg {
			if !m.negated(e.theme) {
				m.negs = append(m.negs, e.theme)
			}
			continue
		}
		m.found = append(m.found, match{theme: e.theme, start: start, end: j + 1})
	}
	if c.next != nil || c.prefix != nil {
		m.walk(c, toks, low, start, j+1, folded)
	}
}

// result returns the themes found, in order of first mention.
func (m *themeMatcher) result() []avocet.Theme {
	var out []avocet.Theme
	for id, ms := range m.mentions {
		if len(ms) > 0 {
			out = append(out, avocet.Theme{Code: m.t.codes[id], Mentions: ms})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Mentions[0].Start < out[b].Mentions[0].Start })
	return out
}

// functionWord reports whether a dependency relation marks a function word,
// whose lemma says little about the theme ("according to" is not "accord").
func functionWord(rel string) bool {
	switch rel {
	case "case", "mark", "cc", "det", "aux", "aux:pass", "cop", "fixed":
		return true
	}
	return false
}
