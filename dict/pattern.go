package dict

import (
	"errors"
	"fmt"
	"strings"
)

// ElemKind says what a pattern element requires of the parse.
type ElemKind int

const (
	ElemParticle   ElemKind = iota // +off: a phrasal particle (compound:prt) of the verb
	ElemTarget                     // T: the direct object is the target
	ElemPrepTarget                 // with:T: the oblique introduced by Prep is the target
	ElemObject                     // noun, a|b or &SET: the direct object's lemma
	ElemPrepNoun                   // under:arrest: an oblique with Prep and this head lemma
	ElemXcomp                      // xcomp:attack: an open complement with this verb lemma
)

// Element is one constraint of a verb pattern after the verb itself.
type Element struct {
	Kind  ElemKind
	Prep  string   // preposition, for ElemPrepTarget and ElemPrepNoun
	Words []string // accepted lemmas (ElemParticle, ElemObject, ElemPrepNoun, ElemXcomp)
	Set   string   // set name instead of Words, for ElemObject and ElemPrepNoun
}

// Pattern is one line of a verb dictionary.
type Pattern struct {
	Code     string    // CAMEO event code; "" for a negative pattern
	Negative bool      // blocks events of the same verb when it matches
	Verb     []string  // the verb lemma; several words for a multiword verb (step_up)
	Elements []Element // constraints in written order
	Text     string    // the pattern as written (after the code)
	File     string
	Line     int
}

// Specificity measures the constraints a pattern places beyond the verb;
// the coder prefers more specific patterns. A constraint on words (an
// object noun, a preposition's noun, a particle, a complement verb, a
// word of a multiword verb) counts 4, a target named by its preposition 3
// and a bare object target 2: "investigate &CRIME" beats "investigate T",
// and "fire at:T" beats "fire T".
func (p *Pattern) Specificity() int {
	n := 4 * (len(p.Verb) - 1)
	for _, e := range p.Elements {
		switch e.Kind {
		case ElemTarget:
			n += 2
		case ElemPrepTarget:
			n += 3
		default:
			n += 4
		}
	}
	return n
}

// ParsePattern parses `CODE pattern` (comments already removed).
//
//	line     = code verb { element }
//	code     = "-" | digit digit [digit [digit]]
//	verb     = word { "_" word }
//	element  = "+" word | "T" | prep ":T" | alts | prep ":" alts | "xcomp:" word
//	alts     = word { "|" word } | "&" SETNAME
func ParsePattern(line string) (Pattern, error) {
	var p Pattern
	f := strings.Fields(line)
	if len(f) < 2 {
		return p, errors.New("pattern needs a code and a verb")
	}
	code := f[0]
	switch {
	case code == "-":
		p.Negative = true
	case validEventCode(code):
		p.Code = code
	default:
		return p, fmt.Errorf("event code %q is not '-' or 2 to 4 digits", code)
	}
	p.Text = strings.Join(f[1:], " ")
	verb := f[1]
	for _, w := range strings.Split(verb, "_") {
		if !validWord(w) {
			return p, fmt.Errorf("verb %q is not a lower-case lemma", verb)
		}
		p.Verb = append(p.Verb, w)
	}
	targets := 0
	for _, tok := range f[2:] {
		el, err := parseElement(tok)
		if err != nil {
			return p, err
		}
		if el.Kind == ElemXcomp {
			targets = 0 // a target after the complement belongs to it
		}
		if el.Kind == ElemTarget || el.Kind == ElemPrepTarget {
			targets++
			if targets > 1 {
				return p, fmt.Errorf("pattern %q names more than one target", p.Text)
			}
		}
		p.Elements = append(p.Elements, el)
	}
	return p, nil
}

func parseElement(tok string) (Element, error) {
	switch {
	case tok == "T":
		return Element{Kind: ElemTarget}, nil
	case strings.HasPrefix(tok, "+"):
		w := tok[1:]
		if !validWord(w) {
			return Element{}, fmt.Errorf("particle %q is not a lower-case word", tok)
		}
		return Element{Kind: ElemParticle, Words: []string{w}}, nil
	case strings.HasPrefix(tok, "xcomp:"):
		w := tok[len("xcomp:"):]
		ws, set, err := alternatives(w)
		if err != nil || set != "" {
			return Element{}, fmt.Errorf("complement %q needs verb lemmas", tok)
		}
		return Element{Kind: ElemXcomp, Words: ws}, nil
	}
	if prep, rest, ok := strings.Cut(tok, ":"); ok {
		if !validWord(prep) {
			return Element{}, fmt.Errorf("preposition %q in %q is not a lower-case word", prep, tok)
		}
		if rest == "T" {
			return Element{Kind: ElemPrepTarget, Prep: prep}, nil
		}
		ws, set, err := alternatives(rest)
		if err != nil {
			return Element{}, fmt.Errorf("%q: %v", tok, err)
		}
		return Element{Kind: ElemPrepNoun, Prep: prep, Words: ws, Set: set}, nil
	}
	ws, set, err := alternatives(tok)
	if err != nil {
		return Element{}, fmt.Errorf("%q: %v", tok, err)
	}
	return Element{Kind: ElemObject, Words: ws, Set: set}, nil
}

// alternatives parses "a|b|c" or "&SET".
func alternatives(s string) ([]string, string, error) {
	if strings.HasPrefix(s, "&") {
		if !validSetName(s[1:]) {
			return nil, "", fmt.Errorf("set name %q must be capitals, digits or _", s)
		}
		return nil, s[1:], nil
	}
	var out []string
	for _, w := range strings.Split(s, "|") {
		if !validWord(w) {
			return nil, "", fmt.Errorf("%q is not a lower-case lemma", w)
		}
		out = append(out, w)
	}
	return out, "", nil
}

// validWord accepts lower-case words with letters, digits, hyphens and
// apostrophes (lemmas such as "cease-fire" or "o'clock").
func validWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-', r == '\'', r == '.':
		case r >= 0x80 && !('A' <= r && r <= 'Z'):
		default:
			return false
		}
	}
	return true
}

func validEventCode(c string) bool {
	if len(c) < 2 || len(c) > 4 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	root := c[:2]
	return root >= "01" && root <= "20"
}

// String gives the canonical text of an element, as written in a pattern.
func (e Element) String() string {
	alts := strings.Join(e.Words, "|")
	if e.Set != "" {
		alts = "&" + e.Set
	}
	switch e.Kind {
	case ElemParticle:
		return "+" + alts
	case ElemTarget:
		return "T"
	case ElemPrepTarget:
		return e.Prep + ":T"
	case ElemPrepNoun:
		return e.Prep + ":" + alts
	case ElemXcomp:
		return "xcomp:" + alts
	default:
		return alts
	}
}

// String gives the canonical text of a pattern: code, verb, elements.
func (p Pattern) String() string {
	code := p.Code
	if p.Negative {
		code = "-"
	}
	parts := []string{code, strings.Join(p.Verb, "_")}
	for _, e := range p.Elements {
		parts = append(parts, e.String())
	}
	return strings.Join(parts, " ")
}
