package petrarch

import (
	"errors"
	"fmt"
	"strings"
)

// Kind tells what an Element of a pattern is.
type Kind uint8

// The kinds of pattern elements.
const (
	Word       Kind = iota + 1 // a literal word (Text, with alternatives in Alts)
	Verb                       // '*': the position of the verb
	Source                     // '$': the source actor
	Target                     // '+': the target actor
	Compound                   // '%': a compound actor that is both source and target (TABARI)
	Skip                       // '^': skip a noun phrase (TABARI, PETRARCH-1)
	SynsetRef                  // '&NAME': any member of the synset NAME (Text)
	Prep                       // '( ... )': a prepositional phrase (PETRARCH-2); Children[0] is the preposition
	NounPhrase                 // '{ ... }': a multiword noun phrase (PETRARCH-2); its last word is the head
	Choice                     // '{ a | b ... }': one of several word sequences (TABARI); Choices
)

var kindNames = [...]string{
	Word: "word", Verb: "verb", Source: "source", Target: "target", Compound: "compound",
	Skip: "skip", SynsetRef: "synset", Prep: "prep", NounPhrase: "phrase", Choice: "choice",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Element is one item of a verb pattern or a synset member. A pattern is a
// flat list of elements; Prep, NounPhrase and Choice hold one level of
// nested elements (a NounPhrase or Choice may sit inside a Prep).
type Element struct {
	Kind     Kind
	Text     string      // Word: the word as written ("TO"); SynsetRef: the synset's key (name without '&' and final '_')
	Alts     []string    // Word: further alternatives written with '/' ("TO/FOR" has Text "TO", Alts ["FOR"])
	Exact    bool        // Word, SynsetRef: written with a final '_' before a space: whole word only, no generated forms
	Joined   bool        // joined to the next element by '_': nothing may come between them
	Children []Element   // Prep, NounPhrase: the elements inside the brackets
	Choices  [][]Element // Choice: the alternatives, each a sequence of elements
}

// String returns the element in canonical dictionary notation.
func (e Element) String() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (e Element) write(b *strings.Builder) {
	switch e.Kind {
	case Word:
		b.WriteString(e.Text)
		for _, a := range e.Alts {
			b.WriteByte('/')
			b.WriteString(a)
		}
		if e.Exact {
			b.WriteByte('_')
		}
	case Verb:
		b.WriteByte('*')
	case Source:
		b.WriteByte('$')
	case Target:
		b.WriteByte('+')
	case Compound:
		b.WriteByte('%')
	case Skip:
		b.WriteByte('^')
	case SynsetRef:
		b.WriteByte('&')
		b.WriteString(e.Text)
		if e.Exact {
			b.WriteByte('_')
		}
	case Prep:
		b.WriteByte('(')
		writeElements(b, e.Children)
		b.WriteByte(')')
	case NounPhrase:
		b.WriteByte('{')
		writeElements(b, e.Children)
		b.WriteByte('}')
	case Choice:
		b.WriteByte('{')
		for i, c := range e.Choices {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeElements(b, c)
		}
		b.WriteByte('}')
	default:
		b.WriteString("?")
	}
}

// FormatElements returns a sequence of elements in canonical notation:
// elements separated by a space, or by '_' when Joined.
func FormatElements(els []Element) string {
	var b strings.Builder
	writeElements(&b, els)
	return b.String()
}

func writeElements(b *strings.Builder, els []Element) {
	for i, e := range els {
		if i > 0 {
			if els[i-1].Joined {
				b.WriteByte('_')
			} else {
				b.WriteByte(' ')
			}
		}
		e.write(b)
	}
}

// walkElements calls f for every element, nested ones included.
func walkElements(els []Element, f func(*Element)) {
	for i := range els {
		e := &els[i]
		f(e)
		walkElements(e.Children, f)
		for _, c := range e.Choices {
			walkElements(c, f)
		}
	}
}

// patternParser reads the element notation of verb patterns and synset
// members. It never recurses more than two levels: a Prep may hold a
// NounPhrase or Choice, and nothing else nests.
type patternParser struct {
	s     string
	i     int
	n     int      // elements made so far (bounded by maxElements)
	notes []string // tolerated slips, reported as warnings by the caller
}

// parseElements parses s. allowMarkers is false for synset members, which
// may hold words, synsets and groups only.
func parseElements(s string, allowMarkers bool) ([]Element, []string, error) {
	p := &patternParser{s: s}
	els, err := p.seq(0, allowMarkers)
	if err != nil {
		return nil, p.notes, err
	}
	if len(els) == 0 {
		return nil, p.notes, errors.New("empty pattern")
	}
	return els, p.notes, nil
}

const (
	ctxTop   = iota
	ctxPrep  // inside ( )
	ctxBrace // inside { }
)

// seq parses elements until the closer of ctx (or the end at top level).
//
//	seq     = { element [ "_" ] }
//	element = word | marker | "&" name | "(" seq ")" | "{" seq { "|" seq } "}"
func (p *patternParser) seq(ctx int, markers bool) ([]Element, error) {
	var els []Element
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case isSpace(c):
			p.i++
		case c == '_':
			p.i++
			if len(els) == 0 {
				continue
			}
			last := &els[len(els)-1]
			if p.i < len(p.s) && !isSpace(p.s[p.i]) && !isCloser(p.s[p.i]) && p.s[p.i] != '_' && p.s[p.i] != '|' {
				last.Joined = true
			} else if last.Kind == Word || last.Kind == SynsetRef {
				last.Exact = true
			}
		case c == ')':
			if ctx == ctxPrep {
				return els, nil
			}
			if ctx == ctxBrace {
				return nil, errors.New("')' closes a '{' group")
			}
			p.notes = append(p.notes, "stray ')' ignored")
			p.i++
		case c == '}':
			if ctx == ctxBrace {
				return els, nil
			}
			if ctx == ctxPrep {
				return nil, errors.New("'}' closes a '(' group")
			}
			p.notes = append(p.notes, "stray '}' ignored")
			p.i++
		case c == '|':
			if ctx == ctxBrace {
				return els, nil
			}
			return nil, errors.New("'|' outside a '{ | }' choice")
		case c == ']' && ctx == ctxBrace:
			p.notes = append(p.notes, "'{' group closed with ']'; read as '}'")
			return els, nil
		case c == '[' || c == ']':
			return nil, fmt.Errorf("unexpected %q inside a pattern", c)
		case c == '(':
			if ctx != ctxTop {
				return nil, errors.New("'(' groups cannot be nested")
			}
			p.i++
			kids, err := p.seq(ctxPrep, markers)
			if err != nil {
				return nil, err
			}
			if p.i >= len(p.s) {
				return nil, errors.New("'(' is never closed with ')'")
			}
			p.i++ // ')'
			if len(kids) == 0 {
				return nil, errors.New("empty '( )' prepositional phrase")
			}
			if k := kids[0].Kind; k != Word && k != SynsetRef {
				return nil, fmt.Errorf("a prepositional phrase starts with a preposition, not a %s", k)
			}
			if err := p.add(&els, Element{Kind: Prep, Children: kids}); err != nil {
				return nil, err
			}
		case c == '{':
			if ctx == ctxBrace {
				return nil, errors.New("'{' groups cannot be nested")
			}
			p.i++
			e, err := p.brace(markers)
			if err != nil {
				return nil, err
			}
			if err := p.add(&els, e); err != nil {
				return nil, err
			}
		case c == '&':
			p.i++
			start := p.i
			for p.i < len(p.s) && isNameByte(p.s[p.i]) {
				p.i++
			}
			name := p.s[start:p.i]
			e := Element{Kind: SynsetRef}
			if strings.HasSuffix(name, "_") {
				e.Exact = true
				name = strings.TrimRight(name, "_")
			}
			if name == "" {
				return nil, errors.New("'&' without a synset name")
			}
			e.Text = name
			if err := p.add(&els, e); err != nil {
				return nil, err
			}
		case isMarker(c):
			if !markers {
				return nil, fmt.Errorf("marker %q is not allowed here", c)
			}
			p.i++
			if err := p.add(&els, Element{Kind: markerKind(c)}); err != nil {
				return nil, err
			}
		default:
			e, err := p.word()
			if err != nil {
				return nil, err
			}
			if err := p.add(&els, e); err != nil {
				return nil, err
			}
		}
	}
	if ctx == ctxBrace {
		return nil, errors.New("'{' is never closed with '}'")
	}
	return els, nil
}

// brace parses the inside of "{ ... }" after the '{': a noun phrase, or a
// choice when '|' separates alternatives.
func (p *patternParser) brace(markers bool) (Element, error) {
	var alts [][]Element
	for {
		seq, err := p.seq(ctxBrace, markers)
		if err != nil {
			return Element{}, err
		}
		if p.i >= len(p.s) {
			return Element{}, errors.New("'{' is never closed with '}'")
		}
		alts = append(alts, seq)
		c := p.s[p.i]
		p.i++
		if c == '}' || c == ']' {
			break
		}
	}
	if len(alts) == 1 {
		if len(alts[0]) == 0 {
			return Element{}, errors.New("empty '{ }' group")
		}
		return Element{Kind: NounPhrase, Children: alts[0]}, nil
	}
	for _, a := range alts {
		if len(a) == 0 {
			return Element{}, errors.New("empty alternative in a '{ | }' choice")
		}
	}
	return Element{Kind: Choice, Choices: alts}, nil
}

// word reads a literal word, with '/' alternatives.
func (p *patternParser) word() (Element, error) {
	start := p.i
	for p.i < len(p.s) && isWordByte(p.s[p.i]) {
		p.i++
	}
	w := p.s[start:p.i]
	parts := strings.Split(w, "/")
	for _, a := range parts {
		if a == "" {
			return Element{}, fmt.Errorf("empty alternative in %q", w)
		}
	}
	e := Element{Kind: Word, Text: parts[0]}
	if len(parts) > 1 {
		e.Alts = parts[1:]
	}
	return e, nil
}

func (p *patternParser) add(els *[]Element, e Element) error {
	p.n++
	if p.n > maxElements {
		return fmt.Errorf("more than %d elements", maxElements)
	}
	*els = append(*els, e)
	return nil
}

func isCloser(c byte) bool { return c == ')' || c == '}' }

func isMarker(c byte) bool { return c == '*' || c == '$' || c == '+' || c == '%' || c == '^' }

func markerKind(c byte) Kind {
	switch c {
	case '*':
		return Verb
	case '$':
		return Source
	case '+':
		return Target
	case '%':
		return Compound
	}
	return Skip
}

// isWordByte reports whether c may appear in a literal word: anything but
// white space, '_' and the pattern punctuation.
func isWordByte(c byte) bool {
	if isSpace(c) || c == '\n' {
		return false
	}
	switch c {
	case '_', '*', '$', '+', '%', '^', '&', '(', ')', '{', '}', '[', ']', '|':
		return false
	}
	return true
}

// isNameByte reports whether c may appear in a synset name.
func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
}
