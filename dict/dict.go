package dict

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/avocet-events/avocet"
)

//go:embed data
var builtinFS embed.FS

// Options controls loading. nil means strict loading with no warnings.
type Options struct {
	Lenient bool        // skip malformed lines, reporting each through Warn, instead of failing
	Warn    func(error) // receives skipped-line errors in lenient mode; nil discards them
}

// Dictionaries is everything the coder knows, as loaded from files.
type Dictionaries struct {
	Actors   []ActorEntry    // countries, people, organisations
	Agents   []AgentEntry    // role words and titles
	Patterns []Pattern       // verb patterns, in file order
	Sets     map[string]*Set // named word sets used by patterns
	Discards []Discard
	Issues   []Issue
}

// ActorCode is a CAMEO actor code valid over a period.
type ActorCode struct {
	Code     string
	From, To time.Time // inclusive bounds; zero means open
}

// ActorEntry is one line of an actor dictionary.
type ActorEntry struct {
	Phrases []string    // names as written, first is the main one
	Codes   []ActorCode // in order of preference; the first whose period holds the date wins
	Kind    string      // country, demonym, capital, seat, person, igo, ngo, armed-group, ...
	Country string      // ISO alpha-3 when the code does not start with it
	Name    string      // canonical name
	Role    string      // free-text role for people
	AnyCase bool        // match in any case (dictionaries converted from PETRARCH, written in capitals)
	File    string
	Line    int
}

// CodeAt returns the entry's code for an event on date t: the first code
// whose period holds t, or "" when none does (the entry does not apply
// then). For a zero t (date unknown) it is the first code without a
// period, else the first code.
func (e *ActorEntry) CodeAt(t time.Time) string {
	for _, c := range e.Codes {
		if t.IsZero() {
			if c.From.IsZero() && c.To.IsZero() {
				return c.Code
			}
			continue
		}
		if (c.From.IsZero() || !t.Before(c.From)) && (c.To.IsZero() || !t.After(c.To)) {
			return c.Code
		}
	}
	if len(e.Codes) > 0 && t.IsZero() {
		return e.Codes[0].Code
	}
	return ""
}

// AgentEntry is one line of the agents dictionary.
type AgentEntry struct {
	Phrases []string
	Code    string // role code: GOV, MIL, COP, ...
	Kind    string // "role" (default) or "title"
	State   bool   // state=yes: the agent belongs to the government (state media)
	Plurals []string
	File    string
	Line    int
}

// Set is a named set of lemmas.
type Set struct {
	Name  string
	Words []string
	File  string
	Line  int
}

// Discard marks a sentence or story as out of scope.
type Discard struct {
	Phrase string
	Story  bool
	File   string
	Line   int
}

// Issue attaches a theme to sentences mentioning one of its phrases.
type Issue struct {
	Issue   string
	Phrases []string
	File    string
	Line    int
}

var builtin = sync.OnceValues(func() (*Dictionaries, error) {
	sub, err := fs.Sub(builtinFS, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub, nil)
})

// Builtin returns the dictionaries embedded in the binary. The result is
// shared and must not be modified.
func Builtin() (*Dictionaries, error) { return builtin() }

// Load reads every dictionary file of fsys's top folder, choosing the
// reader by file name: countries*, people*, organizations* (actors),
// agents*, verbs*, sets*, discards*, issues*; all with the .txt extension.
// Other files are ignored. Files are read in name order.
func Load(fsys fs.FS, opts *Options) (*Dictionaries, error) {
	if opts == nil {
		opts = &Options{}
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	d := &Dictionaries{Sets: map[string]*Set{}}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) == ".txt" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		err = d.read(f, name, opts)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	for i := range d.Patterns {
		p := &d.Patterns[i]
		for _, el := range p.Elements {
			if el.Set != "" && d.Sets[el.Set] == nil {
				return nil, &avocet.PosError{File: p.File, Line: p.Line, Err: fmt.Errorf("%w: undefined set &%s", avocet.ErrInvalidInput, el.Set)}
			}
		}
	}
	return d, nil
}

func (d *Dictionaries) read(r io.Reader, name string, opts *Options) error {
	base := strings.ToLower(path.Base(name))
	// parse reads one entry line and files it, with its file and line.
	var parse func(line string, at int) error
	switch {
	case strings.HasPrefix(base, "countries"), strings.HasPrefix(base, "people"), strings.HasPrefix(base, "organizations"), strings.HasPrefix(base, "actors"):
		parse = func(line string, at int) error {
			e, err := parseActor(line)
			e.File, e.Line = name, at
			return add(&d.Actors, e, err)
		}
	case strings.HasPrefix(base, "agents"):
		parse = func(line string, at int) error {
			e, err := parseAgent(line)
			e.File, e.Line = name, at
			return add(&d.Agents, e, err)
		}
	case strings.HasPrefix(base, "verbs"):
		parse = func(line string, at int) error {
			p, err := ParsePattern(line)
			p.File, p.Line = name, at
			return add(&d.Patterns, p, err)
		}
	case strings.HasPrefix(base, "sets"):
		parse = func(line string, at int) error {
			s, err := parseSet(line)
			if err != nil {
				return err
			}
			if old := d.Sets[s.Name]; old != nil {
				return fmt.Errorf("set &%s already defined at %s:%d", s.Name, old.File, old.Line)
			}
			s.File, s.Line = name, at
			d.Sets[s.Name] = &s
			return nil
		}
	case strings.HasPrefix(base, "discards"):
		parse = func(line string, at int) error {
			x, err := parseDiscard(line)
			x.File, x.Line = name, at
			return add(&d.Discards, x, err)
		}
	case strings.HasPrefix(base, "issues"):
		parse = func(line string, at int) error {
			x, err := parseIssue(line)
			x.File, x.Line = name, at
			return add(&d.Issues, x, err)
		}
	default:
		return nil
	}
	br := bufio.NewReaderSize(r, 1<<16)
	for lineNo := 1; ; lineNo++ {
		raw, err := br.ReadString('\n')
		if len(raw) > maxLine {
			return &avocet.PosError{File: name, Line: lineNo, Err: fmt.Errorf("%w: line longer than %d bytes", avocet.ErrInvalidInput, maxLine)}
		}
		if line := stripComment(strings.TrimRight(raw, "\r\n")); strings.TrimSpace(line) != "" {
			if perr := parse(line, lineNo); perr != nil {
				pe := &avocet.PosError{File: name, Line: lineNo, Err: fmt.Errorf("%w: %v", avocet.ErrInvalidInput, perr)}
				if !opts.Lenient {
					return pe
				}
				if opts.Warn != nil {
					opts.Warn(pe)
				}
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("read %s: %w", name, err)
		}
	}
}

// add appends e to list unless parsing it failed.
func add[T any](list *[]T, e T, err error) error {
	if err == nil {
		*list = append(*list, e)
	}
	return err
}

// maxLine bounds a dictionary line; real lines are well under 1 KiB.
const maxLine = 64 << 10

func stripComment(line string) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		return line[:i]
	}
	return line
}

// splitPhrases splits "a; b; c" into trimmed, non-empty phrases with
// single spaces between words.
func splitPhrases(s string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(s, ";") {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, errors.New("no phrase")
	}
	return out, nil
}

// options parses "key=value key=value" after a '|'. Values run to the next
// " key=" so free text (role=President of France) needs no quoting.
func options(s string) (map[string]string, error) {
	out := map[string]string{}
	s = strings.TrimSpace(s)
	for s != "" {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, fmt.Errorf("option %q is not key=value", s)
		}
		key := strings.TrimSpace(s[:eq])
		if strings.ContainsAny(key, " \t") {
			return nil, fmt.Errorf("option %q is not key=value", s)
		}
		rest := s[eq+1:]
		end := len(rest)
		// the value ends where the next " word=" begins
		for i := 0; i < len(rest); i++ {
			if rest[i] != ' ' {
				continue
			}
			j := i + 1
			for j < len(rest) && rest[j] != ' ' && rest[j] != '=' {
				j++
			}
			if j < len(rest) && rest[j] == '=' && j > i+1 {
				end = i
				break
			}
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("option %s given twice", key)
		}
		out[key] = strings.TrimSpace(rest[:end])
		s = strings.TrimSpace(rest[end:])
	}
	return out, nil
}

var actorKinds = map[string]bool{"country": true, "demonym": true, "capital": true, "seat": true, "person": true, "igo": true, "ngo": true, "armed-group": true, "party": true, "company": true, "media": true, "region": true}

// parseActor parses `phrases => CODE[@from..to] ... [| options]`.
func parseActor(line string) (ActorEntry, error) {
	var e ActorEntry
	lhs, rhs, ok := strings.Cut(line, "=>")
	if !ok {
		return e, errors.New(`missing "=>" between names and codes`)
	}
	var err error
	if e.Phrases, err = splitPhrases(lhs); err != nil {
		return e, err
	}
	codes, opts, _ := strings.Cut(rhs, "|")
	for _, f := range strings.Fields(codes) {
		c, err := parseActorCode(f)
		if err != nil {
			return e, err
		}
		e.Codes = append(e.Codes, c)
	}
	if len(e.Codes) == 0 {
		return e, errors.New("no actor code after =>")
	}
	o, err := options(opts)
	if err != nil {
		return e, err
	}
	for k, v := range o {
		switch k {
		case "kind":
			if !actorKinds[v] {
				return e, fmt.Errorf("unknown kind %q", v)
			}
			e.Kind = v
		case "country":
			if !isCodePart(v) {
				return e, fmt.Errorf("country %q is not a three-letter code", v)
			}
			e.Country = v
		case "name":
			e.Name = v
		case "role":
			e.Role = v
		default:
			return e, fmt.Errorf("unknown option %q", k)
		}
	}
	return e, nil
}

func parseActorCode(f string) (ActorCode, error) {
	code, period, hasPeriod := strings.Cut(f, "@")
	c := ActorCode{Code: code}
	if len(code) < 3 || len(code)%3 != 0 {
		return c, fmt.Errorf("actor code %q is not made of three-letter parts", code)
	}
	for i := 0; i < len(code); i += 3 {
		if !isCodePart(code[i : i+3]) {
			return c, fmt.Errorf("actor code %q has a part that is not three capital letters or digits", code)
		}
	}
	if !hasPeriod {
		return c, nil
	}
	from, to, ok := strings.Cut(period, "..")
	if !ok {
		return c, fmt.Errorf("period %q is not FROM..TO", period)
	}
	var err error
	if from != "" {
		if c.From, err = parseDate(from, false); err != nil {
			return c, err
		}
	}
	if to != "" {
		if c.To, err = parseDate(to, true); err != nil {
			return c, err
		}
	}
	if !c.From.IsZero() && !c.To.IsZero() && c.To.Before(c.From) {
		return c, fmt.Errorf("period %q ends before it starts", period)
	}
	if c.From.IsZero() && c.To.IsZero() {
		return c, fmt.Errorf("period %q is open at both ends; drop the @", period)
	}
	return c, nil
}

// parseDate reads YYYY-MM-DD, YYYY-MM or YYYY; for an end date a partial
// date means the end of that month or year.
func parseDate(s string, end bool) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if end {
			switch layout {
			case "2006-01":
				t = t.AddDate(0, 1, -1)
			case "2006":
				t = t.AddDate(1, 0, -1)
			}
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD, YYYY-MM or YYYY", s)
}

func isCodePart(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// parseAgent parses `phrases => ROLE [| options]`.
func parseAgent(line string) (AgentEntry, error) {
	var e AgentEntry
	lhs, rhs, ok := strings.Cut(line, "=>")
	if !ok {
		return e, errors.New(`missing "=>" between phrases and code`)
	}
	var err error
	if e.Phrases, err = splitPhrases(lhs); err != nil {
		return e, err
	}
	code, opts, _ := strings.Cut(rhs, "|")
	code = strings.TrimSpace(code)
	if code == "" || len(code)%3 != 0 {
		return e, fmt.Errorf("agent code %q is not made of three-letter parts", code)
	}
	for i := 0; i < len(code); i += 3 {
		if !isCodePart(code[i : i+3]) {
			return e, fmt.Errorf("agent code %q has a part that is not three capital letters", code)
		}
	}
	e.Code = code
	e.Kind = "role"
	o, err := options(opts)
	if err != nil {
		return e, err
	}
	for k, v := range o {
		switch k {
		case "kind":
			if v != "role" && v != "title" {
				return e, fmt.Errorf("agent kind %q is not role or title", v)
			}
			e.Kind = v
		case "state":
			if v != "yes" && v != "no" {
				return e, fmt.Errorf("state=%q: want yes or no", v)
			}
			e.State = v == "yes"
		case "plural":
			e.Plurals = strings.Fields(strings.ReplaceAll(v, ",", " "))
		default:
			return e, fmt.Errorf("unknown option %q", k)
		}
	}
	return e, nil
}

// parseSet parses `&NAME = word; word`.
func parseSet(line string) (Set, error) {
	var s Set
	lhs, rhs, ok := strings.Cut(line, "=")
	if !ok {
		return s, errors.New(`set line needs "&NAME = words"`)
	}
	name := strings.TrimSpace(lhs)
	if !strings.HasPrefix(name, "&") || !validSetName(name[1:]) {
		return s, fmt.Errorf("set name %q must be & followed by capitals, digits or _", name)
	}
	s.Name = name[1:]
	var err error
	if s.Words, err = splitPhrases(rhs); err != nil {
		return s, err
	}
	return s, nil
}

func validSetName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func parseDiscard(line string) (Discard, error) {
	var x Discard
	phrase, opts, _ := strings.Cut(line, "|")
	x.Phrase = strings.Join(strings.Fields(phrase), " ")
	if x.Phrase == "" {
		return x, errors.New("empty discard phrase")
	}
	o, err := options(opts)
	if err != nil {
		return x, err
	}
	for k, v := range o {
		switch {
		case k == "scope" && v == "story":
			x.Story = true
		case k == "scope" && v == "sentence":
		default:
			return x, fmt.Errorf("unknown option %s=%s (want scope=sentence or scope=story)", k, v)
		}
	}
	return x, nil
}

func parseIssue(line string) (Issue, error) {
	var x Issue
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return x, errors.New("issue line needs a label and phrases")
	}
	x.Issue = fields[0]
	if !validSetName(x.Issue) {
		return x, fmt.Errorf("issue label %q must be capitals, digits or _", x.Issue)
	}
	var err error
	x.Phrases, err = splitPhrases(strings.TrimSpace(line)[len(x.Issue):])
	return x, err
}

// Merge returns dictionaries holding first's entries and then second's:
// where both define a phrase or pattern, first's comes first and wins.
// Sets of the same name are taken from first.
func Merge(first, second *Dictionaries) *Dictionaries {
	d := &Dictionaries{Sets: map[string]*Set{}}
	for _, x := range []*Dictionaries{first, second} {
		d.Actors = append(d.Actors, x.Actors...)
		d.Agents = append(d.Agents, x.Agents...)
		d.Patterns = append(d.Patterns, x.Patterns...)
		d.Discards = append(d.Discards, x.Discards...)
		d.Issues = append(d.Issues, x.Issues...)
		for k, v := range x.Sets {
			if _, ok := d.Sets[k]; !ok {
				d.Sets[k] = v
			}
		}
	}
	return d
}
