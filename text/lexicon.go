package text

import (
	_ "embed"
	"strings"
)

//go:embed lexicon.txt
var lexiconData string

// Abbreviation classes; see lexicon.txt.
const (
	abNone    uint8 = iota
	abTitle         // Mr.: never ends a sentence
	abMid           // e.g., vs.: never ends a sentence
	abEnd           // Inc., U.S.: may end a sentence
	abNum           // No.: an abbreviation only before a number
	abInitial       // a single capital letter: J.
)

type abbrevEntry struct {
	form  string // as written in lexicon.txt
	class uint8
}

// lexicon holds the word lists of lexicon.txt, keyed by lower-case form.
// It is built once at package initialisation and never modified.
type lexicon struct {
	abbrev  map[string]abbrevEntry
	prefix  map[string]bool
	fused   map[string][]int // split offsets inside the word, e.g. "dont" → [2]
	starter map[string]bool
	bad     []string // lines that did not parse (reported by tests)
}

var lex = parseLexicon(lexiconData)

// parseLexicon reads the sectioned word-list format of lexicon.txt.
// Malformed lines are collected in bad rather than failing, so the package
// always initialises; TestLexicon requires bad to be empty.
func parseLexicon(data string) *lexicon {
	l := &lexicon{
		abbrev:  make(map[string]abbrevEntry),
		prefix:  make(map[string]bool),
		fused:   make(map[string][]int),
		starter: make(map[string]bool),
	}
	section := ""
	for n, line := range strings.Split(data, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) == 1 && strings.HasPrefix(f[0], "[") && strings.HasSuffix(f[0], "]") {
			section = f[0][1 : len(f[0])-1]
			continue
		}
		key := strings.ToLower(f[0])
		ok := true
		switch section {
		case "abbrev":
			class := map[string]uint8{"title": abTitle, "mid": abMid, "end": abEnd, "num": abNum}
			c, found := class[strings.Join(f[1:], " ")]
			if _, dup := l.abbrev[key]; !found || dup {
				ok = false
				break
			}
			l.abbrev[key] = abbrevEntry{form: f[0], class: c}
		case "prefix":
			ok = len(f) == 1 && !l.prefix[key]
			l.prefix[key] = true
		case "fused":
			if len(f) < 3 || strings.ToLower(strings.Join(f[1:], "")) != key {
				ok = false
				break
			}
			var cuts []int
			at := 0
			for _, p := range f[1 : len(f)-1] {
				at += len(p)
				cuts = append(cuts, at)
			}
			l.fused[key] = cuts
		case "starter":
			ok = len(f) == 1 && !l.starter[f[0]]
			l.starter[f[0]] = true
		default:
			ok = false
		}
		if !ok {
			l.bad = append(l.bad, "lexicon.txt:"+itoa(n+1)+": "+line)
		}
	}
	return l
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// lowerKey writes the ASCII lower case of w into buf and returns it, or
// returns nil when w is too long or not ASCII. Indexing a map with
// string(key) does not allocate.
func lowerKey(buf []byte, w string) []byte {
	if len(w) > len(buf) {
		return nil
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return nil
		}
		buf[i] = lowerASCII(c)
	}
	return buf[:len(w)]
}

// caseMatches reports whether word w is an accepted spelling of the lexicon
// form: the form itself, its all-capitals variant, or, for a lower-case
// form, its capitalised variant.
func caseMatches(w, form string) bool {
	if w == form {
		return true
	}
	switch shape(w) {
	case shapeUpper:
		return len(w) > 1
	case shapeTitle:
		return shape(form) == shapeLower
	}
	return false
}

// abbrevClass returns the abbreviation class of w (the word before a period).
func (l *lexicon) abbrevClass(w string) uint8 {
	if len(w) == 1 && is(w[0], cUpper) {
		return abInitial
	}
	if strings.IndexByte(w, '.') >= 0 {
		return dottedClass(w)
	}
	var buf [8]byte
	k := lowerKey(buf[:], w)
	if k == nil {
		return abNone
	}
	e, ok := l.abbrev[string(k)]
	if !ok || !caseMatches(w, e.form) {
		return abNone
	}
	return e.class
}

// dottedClass classifies a word with inner periods such as "U.S", "e.g",
// "a.m", "Ph.D" or "U.S.A": groups of one or two letters (three for the
// first) separated by single periods.
func dottedClass(w string) uint8 {
	groups, n := 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case is(c, cLetter):
			n++
			if n > 2 && !(groups == 0 && n == 3) {
				return abNone
			}
		case c == '.' && n > 0:
			groups++
			n = 0
		default:
			return abNone
		}
	}
	if n == 0 || groups == 0 {
		return abNone
	}
	if equalFold(w, "e.g") || equalFold(w, "i.e") || equalFold(w, "a.k.a") || equalFold(w, "p.s") {
		return abMid
	}
	return abEnd
}

// isPrefix reports whether w is a hyphen-keeping prefix (lower case or
// capitalised).
func (l *lexicon) isPrefix(w string) bool {
	if len(w) > 8 {
		return false
	}
	if sh := shape(w); sh != shapeLower && sh != shapeTitle && !(len(w) == 1 && sh == shapeUpper) {
		return false // "E-mail" at the start of a sentence is fine, "ANTI-" is not
	}
	var buf [8]byte
	k := lowerKey(buf[:], w)
	return k != nil && l.prefix[string(k)]
}

// fusedCuts returns the split offsets of an apostrophe-less contraction
// ("dont" → [2]), or nil.
func (l *lexicon) fusedCuts(w string) []int {
	if len(w) < 2 || len(w) > 8 {
		return nil
	}
	switch lowerASCII(w[len(w)-1]) { // every fused word ends in one of these
	case 't', 'm', 'e', 's', 'a', 'o':
	default:
		return nil
	}
	switch shape(w) {
	case shapeLower, shapeTitle:
	case shapeUpper:
		if len(w) < 4 {
			return nil
		}
	default:
		return nil
	}
	var buf [8]byte
	k := lowerKey(buf[:], w)
	if k == nil {
		return nil
	}
	return l.fused[string(k)]
}

// isStarter reports whether w typically opens a sentence.
func (l *lexicon) isStarter(w string) bool {
	if l.starter[w] {
		return true
	}
	if shape(w) != shapeUpper || len(w) > 9 {
		return false
	}
	var buf [9]byte // "THE" → "The"
	b := buf[:len(w)]
	b[0] = w[0]
	for i := 1; i < len(w); i++ {
		b[i] = lowerASCII(w[i])
	}
	return l.starter[string(b)]
}
