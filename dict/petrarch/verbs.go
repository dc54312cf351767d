package petrarch

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Format is the dialect of a verb dictionary.
type Format uint8

// The verb dictionary dialects ReadVerbs recognises.
const (
	FormatUnknown   Format = iota // no verbs or patterns were found
	FormatPETRARCH2               // blocks; patterns over parse phrases with ( ) and { } groups (CAMEO.2.0.txt)
	FormatPETRARCH1               // blocks; TABARI-style word-sequence patterns (CAMEO.verbpatterns.150430.txt)
	FormatTABARI                  // no blocks: each verb line has its own code and patterns (CAMEO.091003.master.verbs)
)

func (f Format) String() string {
	switch f {
	case FormatPETRARCH2:
		return "PETRARCH-2"
	case FormatPETRARCH1:
		return "PETRARCH-1"
	case FormatTABARI:
		return "TABARI"
	}
	return "unknown"
}

// Verbs is one verb dictionary.
type Verbs struct {
	File            string             // name the dictionary was read under
	Format          Format             // dialect, detected from the content (see the package documentation)
	Synsets         map[string]*Synset // synonym sets by key: the label without '&' and final '_'
	Blocks          []VerbBlock        // verb blocks in file order
	Transformations []Transformation   // PETRARCH-2 '~' rules, in file order
}

// Synset is a named set of words or phrases ("&CURRENCY") that patterns
// refer to with "&NAME".
type Synset struct {
	Name     string   // the label as written, without '&' ("AUXVERB1_")
	NoPlural bool     // the label ends in '_': no plurals are generated for the members
	Members  []Member // the '+' lines, in order (a label defined twice collects both lists)
	File     string   // file of the label
	Line     int      // line of the (first) label
}

// Member is one '+' line of a synset.
type Member struct {
	Elements []Element // usually one Word or a run of Joined words; may hold synset references and groups
	Line     int       // line in the synset's file
}

// String returns the member in canonical notation.
func (m Member) String() string { return FormatElements(m.Elements) }

// VerbBlock is a set of verbs that share a default code and a list of
// patterns ("--- ACCELERATE [---] ---" and the lines after it). In a TABARI
// dictionary every verb line makes a block of its own.
type VerbBlock struct {
	Head       string     // block name from the header ("ACCELERATE", "EXPLAIN_VERBAL"); TABARI: the verb as written
	Code       string     // default code of the block's verbs: a CAMEO code, or "---" for no event
	PairedCode string     // second code of a paired default "[040:040]"; empty when none
	Forms      []VerbForm // the verbs of the block
	Patterns   []Pattern  // the patterns, in file order
	Comment    string     // comment on the header line
	File       string     // file of the header
	Line       int        // line of the header
}

// VerbPhrase is a written form of a verb: one word, or a multiword verb
// whose head is the word marked '+' ("+CORDON_OFF", "WIRE_+TAP").
type VerbPhrase struct {
	Phrase     // the words; Exact when the form ends in '_' (TABARI: not a stem)
	Head   int // index in Words of the verb proper (the word marked '+'); 0 when unmarked
}

// String returns the form in dictionary notation, marking the head of a
// multiword verb with '+'.
func (v VerbPhrase) String() string {
	if len(v.Words) < 2 {
		return v.Phrase.String()
	}
	p := v.Phrase
	p.Words = append([]string(nil), p.Words...)
	if v.Head >= 0 && v.Head < len(p.Words) {
		p.Words[v.Head] = "+" + p.Words[v.Head]
	}
	return p.String()
}

// VerbForm is one verb line of a block: "SPEED {SPEEDING SPEEDS SPED}",
// "+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]".
type VerbForm struct {
	VerbPhrase              // the verb as listed (its base form)
	Irregular  []VerbPhrase // the forms listed in {...}
	Listed     bool         // a {...} list was given (possibly empty): Irregular is complete and no regular forms are generated
	Code       string       // code for this verb alone ("[020]"); empty: the block's code
	PairedCode string       // second code of a paired verb code; empty when none
	Comment    string       // comment on the line
	File       string       // file of the verb line
	Line       int          // line of the verb line
}

// Pattern is one "- ..." line of a block: a sequence of elements around the
// verb and the code it gives.
type Pattern struct {
	Text       string    // the pattern as written between the leading '-' and the code
	Elements   []Element // the parsed pattern; exactly one top-level element is the Verb
	Code       string    // event code ("042", "---" for no event); empty when the line has none (a slip PETRARCH-1 reads as no code)
	PairedCode string    // second code of a paired event "[042:043]"; empty when none
	Comment    string    // the comment after '#' or ';'
	File       string    // file of the pattern
	Line       int       // line of the pattern
}

// String returns the pattern in canonical notation with its code:
// "* (TO {BANNED PARTIES}) $ [1722]".
func (p Pattern) String() string {
	s := FormatElements(p.Elements)
	if p.Code != "" || p.PairedCode != "" {
		s += " [" + p.Code
		if p.PairedCode != "" {
			s += ":" + p.PairedCode
		}
		s += "]"
	}
	return s
}

// Transformation is a PETRARCH-2 rule that rewrites an event about an event
// ("~ a (a b ATTACK) SAY = a b 015": a says that a attacked b, so a threatens
// b).
type Transformation struct {
	Match   EventShape // the nested event the rule looks for
	Source  string     // source of the result: a variable of Match
	Target  string     // target of the result: a variable of Match
	Code    string     // code of the result, or a variable ("Q") standing for a matched code
	Text    string     // the rule as written after '~'
	Comment string
	File    string
	Line    int
}

// EventShape is the left side of a Transformation: a source, a verb and a
// target that is an actor variable or itself an event.
type EventShape struct {
	Source string      // variable naming the source ("a"), or a placeholder as written ("_", ".")
	Target string      // variable naming the target actor; empty when Event is set
	Event  *EventShape // the target event; nil when the target is an actor
	Verb   string      // the verb ("SAY", "WILL_ATTACK"), or a variable ("Q") standing for any verb
}

// String returns the shape in rule notation: "a (a b ATTACK) SAY".
func (e *EventShape) String() string {
	t := e.Target
	if e.Event != nil {
		t = "(" + e.Event.String() + ")"
	}
	return e.Source + " " + t + " " + e.Verb
}

// ReadVerbs reads a verb dictionary in PETRARCH-2, PETRARCH-1 or TABARI
// format (detected from the content). name is used in errors and recorded
// on every entry.
func ReadVerbs(r io.Reader, name string, opts *Options) (*Verbs, error) {
	vr := &verbReader{
		lr:   newLineReader(r, name),
		opts: opts,
		v:    &Verbs{File: name, Synsets: map[string]*Synset{}},
	}
	if err := vr.read(); err != nil {
		return nil, err
	}
	vr.finish()
	return vr.v, nil
}

type verbReader struct {
	lr   *lineReader
	opts *Options
	v    *Verbs

	tabari   bool // the file has no block headers: verb lines start blocks
	started  bool // a header or verb line has been seen (the mode is fixed)
	block    *VerbBlock
	badBlock bool    // the current header was malformed (lenient): its lines are skipped
	synset   *Synset // the synset whose '+' lines are being read; nil otherwise
	petr2    bool    // a PETRARCH-2 feature was seen
}

func (vr *verbReader) read() error {
	for {
		line, comment, err := vr.lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if !isPos(err) {
				return err
			}
			if err := fail(vr.opts, err); err != nil {
				return err
			}
			continue
		}
		if err := vr.line(line, comment); err != nil {
			if err := fail(vr.opts, vr.lr.wrap(err)); err != nil {
				return err
			}
		}
	}
}

// line dispatches one line on its first character.
func (vr *verbReader) line(line, comment string) error {
	if vr.synset != nil && line[0] != '+' {
		vr.synset = nil
	}
	switch {
	case strings.HasPrefix(line, "---"):
		return vr.header(line, comment)
	case line[0] == '-':
		return vr.pattern(line[1:], comment)
	case line[0] == '&':
		return vr.synsetLabel(line)
	case line[0] == '+' && vr.synset != nil:
		return vr.member(line[1:])
	case line[0] == '~':
		return vr.transformation(line[1:], comment)
	case line[0] == '*':
		vr.warnf("pattern line does not start with '-'; read as a pattern")
		return vr.pattern(line, comment)
	default:
		return vr.verbLine(line, comment)
	}
}

func (vr *verbReader) warnf(format string, args ...any) {
	vr.opts.warn(vr.lr.errorf(format, args...))
}

// header reads "--- NAME [CODE] ---". The code may be missing (it is then
// "---"), the closing dashes may be missing or glued to the code.
func (vr *verbReader) header(line, comment string) error {
	if vr.started && vr.tabari {
		return errors.New("block header in a TABARI-format dictionary (its first verb line had no header)")
	}
	vr.started = true
	vr.block = nil
	vr.badBlock = true
	s := strings.TrimLeft(line, "-")
	s = strings.TrimSpace(strings.TrimRight(s, "- \t"))
	head, groups, junk, brace, err := splitCodes(s)
	if err != nil {
		return err
	}
	if junk != "" {
		return fmt.Errorf("unexpected text %q after the block's code", clip(junk))
	}
	if brace {
		return errors.New("code closed with '}' instead of ']'")
	}
	if head == "" {
		return errors.New("block header without a name")
	}
	b := VerbBlock{Head: head, Code: "---", Comment: comment, File: vr.v.File, Line: vr.lr.n}
	if len(groups) > 0 {
		b.Code, b.PairedCode, err = parseEventCode(groups[0])
		if err != nil {
			return err
		}
		if len(groups) > 1 {
			vr.warnf("block header has %d codes; only the first, [%s], is used", len(groups), groups[0])
		}
	}
	vr.v.Blocks = append(vr.v.Blocks, b)
	vr.block = &vr.v.Blocks[len(vr.v.Blocks)-1]
	vr.badBlock = false
	return nil
}

// parseEventCode reads the inside of "[042]", "[042:043]" or "[:054]".
func parseEventCode(g string) (code, paired string, err error) {
	code, paired, hasColon := strings.Cut(g, ":")
	code, paired = strings.TrimSpace(code), strings.TrimSpace(paired)
	if hasColon {
		if paired == "" {
			return "", "", fmt.Errorf("paired code [%s] has nothing after ':'", g)
		}
		if strings.Contains(paired, ":") {
			return "", "", fmt.Errorf("code [%s] has more than one ':'", g)
		}
		if !validCode(paired) {
			return "", "", fmt.Errorf("bad code %q in [%s]", paired, g)
		}
	}
	if code == "" && !hasColon {
		return "", "", errors.New("empty code []")
	}
	if code != "" && !validCode(code) {
		return "", "", fmt.Errorf("bad code %q in [%s]", code, g)
	}
	return code, paired, nil
}

// pattern reads the text of a "- pattern [code] # comment" line after '-'.
func (vr *verbReader) pattern(s, comment string) error {
	if vr.badBlock {
		return nil // its header was reported already
	}
	if vr.block == nil {
		return errors.New("pattern before any verb block")
	}
	text, code, paired, err := splitPatternCode(s)
	if err != nil {
		return err
	}
	if text == "" {
		return errors.New("pattern has no elements")
	}
	els, notes, err := parseElements(text, true)
	if err != nil {
		return err
	}
	for _, n := range notes {
		vr.warnf("%s", n)
	}
	verbs := 0
	for i := 0; i < len(els); i++ {
		if els[i].Kind != Verb {
			continue
		}
		verbs++
		if verbs > 1 {
			// "- * COMMIT * AID": PETRARCH-1 reads the second '*' as
			// part of the lower phrase, where it matches nothing.
			vr.warnf("second verb marker '*' ignored")
			if i > 0 && !els[i].Joined {
				els[i-1].Joined = false
			}
			els = append(els[:i], els[i+1:]...)
			i--
		}
	}
	if verbs == 0 {
		// "- TIVILIAN [202]": PETRARCH-1 reads everything before the
		// (missing) '*' as the part of the pattern before the verb.
		vr.warnf("pattern has no verb marker '*'; the verb is taken to follow it")
		if len(els) >= maxElements {
			return errors.New("pattern has no verb marker '*'")
		}
		els[len(els)-1].Joined = false
		els = append(els, Element{Kind: Verb})
	}
	if code == "" && paired == "" {
		vr.warnf("pattern has no [code]")
	}
	vr.notePETR2(els)
	vr.block.Patterns = append(vr.block.Patterns, Pattern{
		Text: text, Elements: els, Code: code, PairedCode: paired,
		Comment: comment, File: vr.v.File, Line: vr.lr.n,
	})
	return nil
}

// splitPatternCode cuts the trailing "[code]" off a pattern line. The code
// is the last bracketed group; nothing but white space may follow it.
func splitPatternCode(s string) (text, code, paired string, err error) {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "]") {
		if strings.ContainsAny(s, "[]") {
			return "", "", "", errors.New("text after the pattern's [code], or a '[' that is never closed")
		}
		return s, "", "", nil
	}
	i := strings.LastIndexByte(s, '[')
	if i < 0 {
		return "", "", "", errors.New("']' without '['")
	}
	code, paired, err = parseEventCode(strings.TrimSpace(s[i+1 : len(s)-1]))
	if err != nil {
		return "", "", "", err
	}
	return strings.TrimSpace(s[:i]), code, paired, nil
}

func (vr *verbReader) notePETR2(els []Element) {
	walkElements(els, func(e *Element) {
		if e.Kind == Prep || e.Kind == NounPhrase {
			vr.petr2 = true
		}
	})
}

// synsetLabel starts a synset: "&NAME" or "&NAME_".
func (vr *verbReader) synsetLabel(line string) error {
	name := strings.TrimSpace(line[1:])
	if name == "" {
		return errors.New("'&' without a synset name")
	}
	for i := 0; i < len(name); i++ {
		if !isNameByte(name[i]) {
			return fmt.Errorf("synset label %q has a %q", clip(name), name[i])
		}
	}
	key := strings.TrimRight(name, "_")
	if key == "" {
		return errors.New("synset label has no name")
	}
	if s, ok := vr.v.Synsets[key]; ok {
		vr.warnf("synset &%s is defined again (first at line %d); the members are added to it", name, s.Line)
		vr.synset = s
		return nil
	}
	s := &Synset{Name: name, NoPlural: strings.HasSuffix(name, "_"), File: vr.v.File, Line: vr.lr.n}
	vr.v.Synsets[key] = s
	vr.synset = s
	return nil
}

// member reads a "+..." line of the current synset.
func (vr *verbReader) member(s string) error {
	els, notes, err := parseElements(s, false)
	if err != nil {
		return fmt.Errorf("synset member: %w", err)
	}
	for _, n := range notes {
		vr.warnf("%s", n)
	}
	vr.notePETR2(els)
	vr.synset.Members = append(vr.synset.Members, Member{Elements: els, Line: vr.lr.n})
	return nil
}

// verbLine reads a verb of the current block, or in a TABARI dictionary a
// verb that starts a block of its own.
func (vr *verbReader) verbLine(line, comment string) error {
	if !vr.started {
		vr.started = true
		vr.tabari = true
	}
	if vr.badBlock {
		return nil
	}
	f, notes, err := parseVerbForm(line)
	if err != nil {
		return err
	}
	for _, n := range notes {
		vr.warnf("%s", n)
	}
	f.Comment, f.File, f.Line = comment, vr.v.File, vr.lr.n
	if vr.tabari {
		b := VerbBlock{Head: strings.TrimSpace(verbText(line)), Code: f.Code, PairedCode: f.PairedCode,
			Comment: comment, File: vr.v.File, Line: vr.lr.n}
		if b.Code == "" {
			b.Code = "---"
		}
		f.Code, f.PairedCode, f.Comment = "", "", ""
		b.Forms = []VerbForm{f}
		vr.v.Blocks = append(vr.v.Blocks, b)
		vr.block = &vr.v.Blocks[len(vr.v.Blocks)-1]
		return nil
	}
	if vr.block == nil {
		return errors.New("verb before any block header")
	}
	vr.block.Forms = append(vr.block.Forms, f)
	return nil
}

// verbText returns the verb part of a verb line (before '{' or '[').
func verbText(line string) string {
	if i := strings.IndexAny(line, "{["); i >= 0 {
		return line[:i]
	}
	return line
}

// parseVerbForm reads "VERB {FORMS} [CODE]"; the forms and the code may
// come in either order. notes are tolerated slips.
func parseVerbForm(line string) (f VerbForm, notes []string, err error) {
	head := verbText(line)
	if strings.ContainsAny(head, "}]") {
		return f, nil, errors.New("'}' or ']' without its opening bracket")
	}
	vp, err := parseVerbPhrase(head)
	if err != nil {
		return f, nil, err
	}
	f.VerbPhrase = vp
	rest := strings.TrimSpace(line[len(head):])
	hasCode := false
	for rest != "" {
		var closer byte
		switch rest[0] {
		case '{':
			closer = '}'
		case '[':
			closer = ']'
		default:
			return f, notes, fmt.Errorf("unexpected text %q in a verb line", clip(rest))
		}
		j := strings.IndexByte(rest, closer)
		if j < 0 {
			return f, notes, fmt.Errorf("%q is never closed with %q", rest[0], closer)
		}
		inner := rest[1:j]
		if strings.ContainsAny(inner, "{}[]") {
			return f, notes, fmt.Errorf("unexpected bracket inside %c...%c", rest[0], closer)
		}
		if closer == ']' {
			if hasCode {
				return f, notes, errors.New("verb line has more than one code")
			}
			hasCode = true
			if f.Code, f.PairedCode, err = parseEventCode(strings.TrimSpace(inner)); err != nil {
				return f, notes, err
			}
		} else {
			if f.Listed {
				return f, notes, errors.New("verb line has more than one {...} list")
			}
			f.Listed = true
			if notes, err = f.irregular(inner, notes); err != nil {
				return f, notes, err
			}
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	return f, notes, nil
}

// irregular reads the forms inside {...}, separated by spaces or commas.
func (f *VerbForm) irregular(inner string, notes []string) ([]string, error) {
	for _, w := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		ip, err := parseVerbPhrase(w)
		if err != nil {
			// A slip in one form ("BLOWING_UP+") spoils only that form.
			notes = append(notes, fmt.Sprintf("irregular form %q skipped: %v", w, err))
			continue
		}
		if len(ip.Words) > 1 && !strings.Contains(w, "+") && f.Head < len(ip.Words) {
			ip.Head = f.Head
		}
		f.Irregular = append(f.Irregular, ip)
		if len(f.Irregular) > maxElements {
			return notes, fmt.Errorf("more than %d irregular forms", maxElements)
		}
	}
	return notes, nil
}

// parseVerbPhrase reads "SPEED", "+CORDON_OFF", "WIRE_+TAP", "CORDON OFF_".
func parseVerbPhrase(s string) (VerbPhrase, error) {
	var v VerbPhrase
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "(){}[]&*$%^|") {
		return v, fmt.Errorf("unexpected punctuation in verb %q", clip(s))
	}
	marks := strings.Count(s, "+")
	if marks > 1 {
		return v, fmt.Errorf("verb %q marks more than one word with '+'", clip(s))
	}
	p, err := parsePhrase(s)
	if err != nil {
		return v, fmt.Errorf("verb: %w", err)
	}
	v.Phrase = p
	if marks == 1 {
		v.Head = -1
		for i, w := range p.Words {
			if strings.HasPrefix(w, "+") {
				v.Head = i
				p.Words[i] = w[1:]
				if p.Words[i] == "" {
					return v, errors.New("'+' does not mark a word")
				}
			}
		}
		if v.Head < 0 {
			return v, fmt.Errorf("'+' inside a word in verb %q; it must start the verb word", clip(s))
		}
	}
	return v, nil
}

// transformation reads "~ a (a b ATTACK) SAY = a b 015" after the '~'.
func (vr *verbReader) transformation(s, comment string) error {
	left, right, ok := strings.Cut(s, "=")
	if !ok {
		return errors.New("transformation without '='")
	}
	toks := tokenizeShape(left)
	shape, rest, err := parseShape(toks, 0)
	if err != nil {
		return fmt.Errorf("transformation: %w", err)
	}
	if len(rest) > 0 {
		return fmt.Errorf("transformation: unexpected %q after the event", rest[0])
	}
	res := strings.Fields(right)
	if len(res) != 3 {
		return fmt.Errorf("transformation result %q: want source, target and code", strings.TrimSpace(right))
	}
	vr.petr2 = true
	vr.v.Transformations = append(vr.v.Transformations, Transformation{
		Match: *shape, Source: res[0], Target: res[1], Code: res[2],
		Text: strings.TrimSpace(s), Comment: comment, File: vr.v.File, Line: vr.lr.n,
	})
	return nil
}

func tokenizeShape(s string) []string {
	s = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s)
	return strings.Fields(s)
}

// parseShape reads "source target verb" where target may be "( shape )".
func parseShape(toks []string, depth int) (*EventShape, []string, error) {
	if depth > maxNesting {
		return nil, nil, fmt.Errorf("events nested more than %d deep", maxNesting)
	}
	if len(toks) < 3 {
		return nil, nil, errors.New("an event needs a source, a target and a verb")
	}
	e := &EventShape{Source: toks[0]}
	if e.Source == "(" || e.Source == ")" {
		return nil, nil, errors.New("an event starts with its source")
	}
	toks = toks[1:]
	if toks[0] == "(" {
		inner, rest, err := parseShape(toks[1:], depth+1)
		if err != nil {
			return nil, nil, err
		}
		if len(rest) == 0 || rest[0] != ")" {
			return nil, nil, errors.New("'(' is never closed with ')'")
		}
		e.Event = inner
		toks = rest[1:]
	} else {
		if toks[0] == ")" {
			return nil, nil, errors.New("unexpected ')'")
		}
		e.Target = toks[0]
		toks = toks[1:]
	}
	if len(toks) == 0 || toks[0] == "(" || toks[0] == ")" {
		return nil, nil, errors.New("event without a verb")
	}
	e.Verb = toks[0]
	return e, toks[1:], nil
}

// finish checks synset references and decides the format.
func (vr *verbReader) finish() {
	v := vr.v
	switch {
	case vr.tabari:
		v.Format = FormatTABARI
	case vr.petr2:
		v.Format = FormatPETRARCH2
	case len(v.Blocks) > 0 || len(v.Synsets) > 0:
		v.Format = FormatPETRARCH1
	}
	// "&TIETYPES_RELATIONS" names no synset but starts with one: read it
	// as "&TIETYPES_RELATIONS" = &TIETYPES joined to RELATIONS.
	for _, s := range v.Synsets {
		for i := range s.Members {
			s.Members[i].Elements = splitRefs(s.Members[i].Elements, v.Synsets)
		}
	}
	for i := range v.Blocks {
		for j := range v.Blocks[i].Patterns {
			p := &v.Blocks[i].Patterns[j]
			p.Elements = splitRefs(p.Elements, v.Synsets)
		}
	}
	// Undefined synsets: PETRARCH ignores the patterns that use them.
	type ref struct {
		line int
		name string
	}
	var refs []ref
	check := func(els []Element, line int) {
		walkElements(els, func(e *Element) {
			if e.Kind == SynsetRef {
				if _, ok := v.Synsets[e.Text]; !ok {
					refs = append(refs, ref{line, e.Text})
				}
			}
		})
	}
	for _, s := range v.Synsets {
		for _, m := range s.Members {
			check(m.Elements, m.Line)
		}
	}
	for i := range v.Blocks {
		for _, p := range v.Blocks[i].Patterns {
			check(p.Elements, p.Line)
		}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].line < refs[j].line })
	for _, r := range refs {
		vr.opts.warn(vr.lr.errorAt(r.line, "synset &%s is not defined", r.name))
	}
}

// splitRefs rewrites references to undefined synsets whose name starts with
// a defined synset followed by '_' into that synset joined to the words
// after it. Other elements are returned unchanged.
func splitRefs(els []Element, sets map[string]*Synset) []Element {
	var out []Element
	changed := false
	for i, e := range els {
		if len(e.Children) > 0 {
			e.Children = splitRefs(e.Children, sets)
		}
		for k, c := range e.Choices {
			e.Choices[k] = splitRefs(c, sets)
		}
		repl := []Element{e}
		if e.Kind == SynsetRef {
			if _, ok := sets[e.Text]; !ok {
				repl = splitRef(e, sets)
			}
		}
		if !changed && len(repl) != 1 {
			changed = true
			out = append(make([]Element, 0, len(els)+len(repl)), els[:i]...)
		}
		if changed {
			out = append(out, repl...)
		} else {
			els[i] = e
		}
	}
	if !changed {
		return els
	}
	return out
}

func splitRef(e Element, sets map[string]*Synset) []Element {
	parts := strings.Split(e.Text, "_")
	for k := len(parts) - 1; k >= 1; k-- {
		name := strings.Join(parts[:k], "_")
		if _, ok := sets[name]; !ok {
			continue
		}
		out := []Element{{Kind: SynsetRef, Text: name, Joined: true}}
		for _, w := range parts[k:] {
			if w != "" {
				out = append(out, Element{Kind: Word, Text: w, Joined: true})
			}
		}
		last := &out[len(out)-1]
		last.Joined, last.Exact = e.Joined, e.Exact
		return out
	}
	return []Element{e}
}
