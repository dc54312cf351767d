package petrarch

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Actors is one actor dictionary (Phoenix.Countries.actors.txt and the like).
type Actors struct {
	File    string       // name the dictionary was read under
	Entries []ActorEntry // in file order
}

// ActorEntry is a primary name, its '+' synonyms and its codes.
type ActorEntry struct {
	Names   []ActorName // Names[0] is the primary name, the rest are synonyms in file order
	Codes   []DatedCode // codes in file order; see CodesAt
	Comment string      // comment on the primary line
	File    string      // file of the entry
	Line    int         // line of the primary name
}

// ActorName is one name of an actor.
type ActorName struct {
	Phrase     // the words; Exact (final '_') means no plural or suffix
	Line   int // line of the name
}

// DatedCode is an actor code, possibly restricted to a period.
type DatedCode struct {
	Code string    // CAMEO actor code ("AFGGOV"); "---" for no code
	From time.Time // first day the code applies (inclusive); zero: open
	To   time.Time // last day the code applies (inclusive); zero: open
	Line int       // line of the code
}

// Restricted reports whether the code is limited to a period.
func (c DatedCode) Restricted() bool { return !c.From.IsZero() || !c.To.IsZero() }

// Holds reports whether the code applies on day t (the time of day is
// ignored). Unrestricted codes hold at any date.
func (c DatedCode) Holds(t time.Time) bool {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return (c.From.IsZero() || !d.Before(c.From)) && (c.To.IsZero() || !d.After(c.To))
}

// CodesAt returns the codes of the entry that apply on day t, as TABARI
// reads an actor entry: the date-restricted codes whose period holds t, or,
// when none does, the unrestricted (default) codes. The result is in file
// order and may be empty.
func (e *ActorEntry) CodesAt(t time.Time) []string {
	var dated, plain []string
	for _, c := range e.Codes {
		switch {
		case !c.Restricted():
			plain = append(plain, c.Code)
		case c.Holds(t):
			dated = append(dated, c.Code)
		}
	}
	if len(dated) > 0 {
		return dated
	}
	return plain
}

// ReadActors reads an actor dictionary in TABARI/PETRARCH format. name is
// used in errors and recorded on every entry.
func ReadActors(r io.Reader, name string, opts *Options) (*Actors, error) {
	lr := newLineReader(r, name)
	a := &Actors{File: name}
	var cur *ActorEntry // the entry code and synonym lines belong to; nil after a skipped primary line
	skipping := false   // the last primary line was malformed (lenient): its lines are skipped too
	for {
		line, comment, err := lr.next()
		if err == io.EOF {
			return a, nil
		}
		if err != nil {
			if !isPos(err) {
				return nil, err
			}
			if err := fail(opts, err); err != nil {
				return nil, err
			}
			continue
		}
		if line == "---STOP---" {
			return a, nil
		}
		var perr error
		switch line[0] {
		case '[':
			if skipping {
				continue
			}
			if cur == nil {
				perr = errors.New("code line before any actor name")
				break
			}
			perr = addCodes(lr, opts, cur, line)
		case '+':
			if skipping {
				continue
			}
			if cur == nil {
				perr = errors.New("synonym before any actor name")
				break
			}
			perr = addName(lr, opts, cur, line[1:])
		default:
			var e ActorEntry
			e.Comment, e.File, e.Line = comment, name, lr.n
			if perr = addName(lr, opts, &e, line); perr != nil {
				skipping = true
				cur = nil
				break
			}
			skipping = false
			a.Entries = append(a.Entries, e)
			cur = &a.Entries[len(a.Entries)-1]
		}
		if perr != nil {
			if err := fail(opts, lr.wrap(perr)); err != nil {
				return nil, err
			}
		}
	}
}

// addName reads "NAME [CODE]..." (the '+' already removed) into e.
func addName(lr *lineReader, opts *Options, e *ActorEntry, s string) error {
	i := strings.IndexByte(s, '[')
	head := s
	if i >= 0 {
		head = s[:i]
	}
	if strings.ContainsAny(head, "]") {
		// "+FAEROYENE]_": PETRARCH keeps the ']' as a letter of the name.
		opts.warn(lr.errorf("stray ']' in actor name %q removed", clip(strings.TrimSpace(head))))
		head = strings.ReplaceAll(head, "]", "")
	}
	p, err := parsePhrase(head)
	if err != nil {
		return fmt.Errorf("actor name: %w", err)
	}
	if i >= 0 {
		if err := addCodes(lr, opts, e, s[i:]); err != nil {
			return err
		}
	}
	e.Names = append(e.Names, ActorName{Phrase: p, Line: lr.n})
	return nil
}

// addCodes reads one or more "[CODE restriction]" groups into e.
func addCodes(lr *lineReader, opts *Options, e *ActorEntry, s string) error {
	// s starts with '[', so there is no text before the codes.
	_, groups, junk, brace, err := splitCodes(s)
	if err != nil {
		return err
	}
	if junk != "" {
		// "A.H._BELO_CORPORATION_ [MNCMED] Newspapers/Magazines ...":
		// PETRARCH reads up to the first ']' and ignores the rest.
		opts.warn(lr.errorf("text %q after the code ignored", clip(junk)))
	}
	if brace {
		return errors.New("code closed with '}' instead of ']'")
	}
	var codes []DatedCode
	for _, g := range groups {
		c, note, err := parseDatedCode(g)
		if err == errReversed {
			opts.warn(lr.errorf("period in [%s] ends before it starts; code skipped", g))
			continue
		}
		if err != nil {
			return err
		}
		if note != "" {
			opts.warn(lr.errorf("%s", note))
		}
		c.Line = lr.n
		codes = append(codes, c)
	}
	e.Codes = append(e.Codes, codes...)
	return nil
}

// errReversed reports a period that ends before it starts.
var errReversed = errors.New("period ends before it starts")

// parseDatedCode reads the inside of "[AFGGOV]", "[AFGGOV >011222]",
// "[AFGGOV <011222]" or "[AFGELI 750101-000101]"; white space around '<',
// '>' and '-' is allowed.
func parseDatedCode(g string) (DatedCode, string, error) {
	var c DatedCode
	f := strings.Fields(g)
	if len(f) == 0 {
		return c, "", errors.New("empty code []")
	}
	c.Code = f[0]
	if !validCode(c.Code) {
		return c, "", fmt.Errorf("bad actor code %q", clip(c.Code))
	}
	rest := strings.Join(f[1:], "")
	if rest == "" {
		return c, "", nil
	}
	var err error
	var note string
	date := func(s string) time.Time {
		if err != nil {
			return time.Time{}
		}
		var t time.Time
		if isDigits(s) && (len(s) == 7 || len(s) > 8) {
			// "[ARMUNR 9008223-911221]", "[GBRGOV >201005011]": PETRARCH
			// reads up to 7 digits as YYMMDD and more as YYYYMMDD, and
			// ignores the digits after those.
			n := 6
			if len(s) > 8 {
				n = 8
			}
			note = fmt.Sprintf("date %s in [%s] has %d digits; read as %s", s, g, len(s), s[:n])
			s = s[:n]
		}
		t, err = parseDate(s)
		return t
	}
	switch {
	case rest[0] == '<':
		c.To = date(rest[1:])
	case rest[0] == '>':
		c.From = date(rest[1:])
	case strings.Contains(rest, "-"):
		a, b, _ := strings.Cut(rest, "-")
		c.From, c.To = date(a), date(b)
		if err == nil && c.To.Before(c.From) {
			// PETRARCH-1 skips such a code with a warning.
			return c, "", errReversed
		}
	default:
		if _, derr := parseDate(rest); derr != nil {
			return c, "", fmt.Errorf("bad date restriction %q in [%s]", clip(rest), clip(g))
		}
		// "[MNEGOV 20121204]": PETRARCH-1 reads a date without '<', '>'
		// or '-' as no restriction at all.
		return c, fmt.Sprintf("date %s in [%s] has no '<', '>' or '-'; read as an unrestricted code", rest, g), nil
	}
	if err != nil {
		return c, "", fmt.Errorf("[%s]: %w", clip(g), err)
	}
	return c, note, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseDate reads YYMMDD (years 00-30 are 20YY, others 19YY, as in TABARI)
// or YYYYMMDD.
func parseDate(s string) (time.Time, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, fmt.Errorf("bad date %q: want YYMMDD or YYYYMMDD", clip(s))
		}
	}
	var y, m, d int
	switch len(s) {
	case 6:
		y = atoi(s[:2])
		if y <= 30 {
			y += 2000
		} else {
			y += 1900
		}
		m, d = atoi(s[2:4]), atoi(s[4:6])
	case 8:
		y, m, d = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
	default:
		return time.Time{}, fmt.Errorf("bad date %q: want YYMMDD or YYYYMMDD", clip(s))
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("no such date %q", s)
	}
	return t, nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
