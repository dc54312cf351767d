package eval

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// ReadPetrarchXML reads PETRARCH validation records:
//
//	<Config option="require_dyad" value="false"/>
//	<Sentence date="20240311" id="NEWS-01" category="DEMO" sentence="true">
//	<EventCoding sourcecode="KENGOV" targetcode="SOM" eventcode="036"/>
//	<Text>Kenya's government offered to host talks with Somalia.</Text>
//	<Parse>(ROOT (S ...))</Parse>
//	</Sentence>
//
// Each <EventCoding sourcecode= targetcode= eventcode=> is one expected
// event; <EventCoding noevents="True"> expects none and <EventCoding
// error=".."> an error condition. sentence="true", evaluate="true" or
// valid="true" marks a record for evaluation; the category is taken from
// category= or else source=. A <Config option= value=> switch applies to the
// records after it, until the same option is set again. Text and attribute
// values have their XML entities decoded; the text has its white space runs
// collapsed to one space, the parse is trimmed.
//
// Published suites are not all well-formed XML, so the input is read by a
// tolerant scanner rather than an XML parser. A record runs from <Sentence>
// to </Sentence>, or else to the next <Sentence> or </Sentences> or the end
// of the input, so a self-closed <Sentence .../> followed by its content
// and </Sentence> is one record, and unclosed records end where the next
// begins. Comments may nest. Text outside records and unknown elements are
// ignored. A record without <Text> (old PETRARCH-1 records) takes its text
// from its character data outside tags and comments, and its parse from
// the first line that starts a bracketed tree ("(ROOT", "( (S").
//
// A record that cannot be used (no id, no text, an unclosed <Text> or
// <Parse>, an incomplete <EventCoding>, both expected events and noevents,
// untagged text mixed with unknown markup, a malformed <Sentence> tag) is
// reported as a warning and skipped; reading goes on with the next record.
// A repeated id is renamed "ID#2" ("ID#3", ...) with a warning, so that the
// returned ids are unique. Warnings are *avocet.PosError values with the
// line, wrapping avocet.ErrInvalidInput. err is an I/O error only. Invalid
// UTF-8 is replaced by U+FFFD.
func ReadPetrarchXML(r io.Reader, name string) (recs []GoldRecord, warnings []error, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &avocet.PosError{File: name, Err: err}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	p := &pxReader{s: newPxScanner(data, name), name: name}
	p.run()
	warnings = p.s.warnings
	recs, dupWarnings := uniqueIDs(p.recs, name)
	warnings = append(warnings, dupWarnings...)
	sort.SliceStable(warnings, func(i, j int) bool { return warnLine(warnings[i]) < warnLine(warnings[j]) })
	if len(recs) == 0 && len(warnings) == 0 {
		warnings = append(warnings, warnf(name, 0, "no <Sentence> records"))
	}
	return recs, warnings, nil
}

func warnLine(err error) int {
	if pe, ok := err.(*avocet.PosError); ok {
		return pe.Line
	}
	return 0
}

// uniqueIDs renames records whose id was used by an earlier record to
// "ID#2", "ID#3", ..., with a warning for each.
func uniqueIDs(recs []GoldRecord, name string) ([]GoldRecord, []error) {
	var warnings []error
	first := make(map[string]int, len(recs)) // id -> line of the record using it
	next := map[string]int{}                 // id -> next suffix to try
	for i := range recs {
		id := recs[i].ID
		line, dup := first[id]
		if !dup {
			first[id] = recs[i].Line
			continue
		}
		n := max(next[id], 2)
		for ; ; n++ {
			if _, used := first[id+"#"+strconv.Itoa(n)]; !used {
				break
			}
		}
		next[id] = n + 1
		recs[i].ID = id + "#" + strconv.Itoa(n)
		first[recs[i].ID] = recs[i].Line
		warnings = append(warnings, warnf(name, recs[i].Line, "record id %q already used at line %d; renamed %q", id, line, recs[i].ID))
	}
	return recs, warnings
}

// pxReader assembles records from the scanner's tokens.
type pxReader struct {
	s      *pxScanner
	name   string
	recs   []GoldRecord
	cur    *pxRecord         // the open record, or nil
	config map[string]string // <Config> options in force
}

// pxRecord is a record being read.
type pxRecord struct {
	rec        GoldRecord
	broken     string // why the record cannot be used; "" when it can
	brokenLine int
	hasText    bool
	hasParse   bool
	free       strings.Builder // character data outside elements, for untagged records
	markup     string          // first unknown element inside the record, for untagged records
	markupLine int
}

func (r *pxRecord) breakf(line int, format string, args ...any) {
	if r.broken == "" {
		r.broken, r.brokenLine = fmt.Sprintf(format, args...), line
	}
}

func (p *pxReader) run() {
	for {
		t := p.s.next()
		switch t.kind {
		case pxEOF:
			p.finish()
			return
		case pxText:
			if p.cur != nil {
				p.cur.free.WriteString(t.text)
			}
		case pxBadTag:
			p.badTag(t)
		case pxStart:
			p.start(t)
		case pxEnd:
			switch {
			case t.name == "sentence" || t.name == "sentences":
				p.finish()
			case !pxKnown[t.name]:
				p.unknown(t)
			}
		case pxUnknown:
			p.unknown(t)
		}
	}
}

func (p *pxReader) start(t pxToken) {
	line := p.s.lineAt(t.off)
	switch t.name {
	case "sentence":
		p.finish()
		p.cur = &pxRecord{rec: GoldRecord{
			ID:       t.attrs["id"],
			Date:     t.attrs["date"],
			Category: t.attrs["category"],
			Evaluate: isTrue(t.attrs["sentence"]) || isTrue(t.attrs["evaluate"]) || isTrue(t.attrs["valid"]),
			File:     p.name,
			Line:     line,
		}}
		if _, ok := t.attrs["category"]; !ok {
			p.cur.rec.Category = t.attrs["source"]
		}
		if len(p.config) > 0 {
			p.cur.rec.Config = maps.Clone(p.config)
		}
	case "eventcoding":
		if p.cur == nil {
			p.s.warnf(line, "<EventCoding> outside a <Sentence> record; ignored")
			return
		}
		p.coding(t, line)
	case "text", "parse":
		var content string
		closed := true
		if !t.selfClose {
			content, closed = p.s.readRaw(t.name)
		}
		if p.cur == nil {
			p.s.warnf(line, "<%s> outside a <Sentence> record; ignored", t.rawName)
			return
		}
		switch {
		case !closed:
			p.cur.breakf(line, "<%s> is not closed", t.rawName)
		case t.name == "text" && p.cur.hasText, t.name == "parse" && p.cur.hasParse:
			p.cur.breakf(line, "second <%s>", t.rawName)
		case t.name == "text":
			p.cur.hasText = true
			p.cur.rec.Text = collapseSpace(content)
		default:
			p.cur.hasParse = true
			p.cur.rec.Parse = strings.Trim(content, " \t\r\n")
		}
	case "config":
		opt, ok := t.attrs["option"]
		val, hasVal := t.attrs["value"]
		switch {
		case !ok || opt == "":
			p.s.warnf(line, "<Config> without option=; ignored")
		case !hasVal:
			p.s.warnf(line, "<Config option=%q> without value=; ignored", opt)
		default:
			if p.config == nil {
				p.config = map[string]string{}
			}
			p.config[opt] = val
		}
	case "sentences":
		p.finish()
	}
}

// coding adds an <EventCoding> to the open record.
func (p *pxReader) coding(t pxToken, line int) {
	r := p.cur
	_, hasSrc := t.attrs["sourcecode"]
	_, hasTgt := t.attrs["targetcode"]
	_, hasCode := t.attrs["eventcode"]
	noev, hasNo := t.attrs["noevents"]
	errKind := t.attrs["error"]
	switch {
	case hasSrc || hasTgt || hasCode:
		e := GoldEvent{t.attrs["sourcecode"], t.attrs["targetcode"], t.attrs["eventcode"]}
		if e.Source == "" || e.Target == "" || e.Code == "" {
			r.breakf(line, "<EventCoding> needs non-empty sourcecode, targetcode and eventcode")
			return
		}
		r.rec.Events = append(r.rec.Events, e)
	case hasNo && isTrue(noev):
		r.rec.NoEvents = true
	case errKind != "":
		if r.rec.ExpectError == "" {
			r.rec.ExpectError = errKind
		}
	case hasNo:
		// noevents="False" states nothing.
	default:
		r.breakf(line, "<EventCoding> without sourcecode/targetcode/eventcode, noevents or error")
	}
}

// unknown notes an element the reader does not know. It matters only for a
// record without <Text>, whose text is its character data.
func (p *pxReader) unknown(t pxToken) {
	if p.cur != nil && p.cur.markup == "" {
		p.cur.markup = t.rawName
		if t.kind == pxEnd {
			p.cur.markup = "/" + t.rawName
		}
		p.cur.markupLine = p.s.lineAt(t.off)
	}
}

// badTag handles a known element whose tag could not be read.
func (p *pxReader) badTag(t pxToken) {
	line := p.s.lineAt(t.off)
	if t.name == "sentence" {
		p.finish()
		p.cur = &pxRecord{rec: GoldRecord{File: p.name, Line: line}}
		p.cur.breakf(line, "malformed <%s> tag: %s", t.rawName, t.err)
		return
	}
	if p.cur == nil {
		p.s.warnf(line, "malformed <%s> tag: %s; ignored", t.rawName, t.err)
		return
	}
	p.cur.breakf(line, "malformed <%s> tag: %s", t.rawName, t.err)
}

// finish closes the open record, if any, and keeps it if it can be used.
func (p *pxReader) finish() {
	r := p.cur
	if r == nil {
		return
	}
	p.cur = nil
	rec := &r.rec
	if !r.hasText && r.broken == "" {
		if r.markup != "" {
			r.breakf(r.markupLine, "record has no <Text>, and its untagged text contains <%s> markup", r.markup)
		} else if r.hasParse {
			rec.Text = collapseSpace(r.free.String())
		} else {
			text, parse := splitUntagged(r.free.String())
			rec.Text, rec.Parse = collapseSpace(text), parse
		}
	}
	rebuilt := false
	if r.broken == "" && strings.TrimSpace(rec.Text) == "" && rec.Parse != "" {
		rec.Text = textFromParse(rec.Parse)
		rebuilt = strings.TrimSpace(rec.Text) != ""
	}
	kinds := 0
	for _, k := range []bool{len(rec.Events) > 0, rec.NoEvents, rec.ExpectError != ""} {
		if k {
			kinds++
		}
	}
	switch {
	case rec.ID == "":
		r.breakf(rec.Line, "<Sentence> without id=")
	case strings.TrimSpace(rec.Text) == "":
		r.breakf(rec.Line, "no text")
	case kinds > 1:
		r.breakf(rec.Line, "mixes expected events, noevents and error")
	}
	if r.broken != "" {
		what := "record"
		if rec.ID != "" {
			what = fmt.Sprintf("record %q", rec.ID)
		}
		if r.brokenLine != rec.Line {
			what += fmt.Sprintf(" (line %d)", rec.Line)
		}
		p.s.warnf(r.brokenLine, "%s: %s; record skipped", what, r.broken)
		return
	}
	if rebuilt {
		p.s.warnf(rec.Line, "record %q: empty <Text>; text rebuilt from the words of the <Parse>", rec.ID)
	}
	p.recs = append(p.recs, *rec)
}

// textFromParse rebuilds a sentence from the words of a parse: the leaves
// of a bracketed PTB tree joined by spaces, with bracket tokens such as
// -LRB- turned back into brackets, or the forms of a CoNLL-U sentence (the
// "# text =" comment when there is one), with SpaceAfter=No honoured.
func textFromParse(parse string) string {
	if strings.HasPrefix(parse, "(") {
		words := strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(parse))
		// A leaf is a token between a label (after "(") and ")".
		var out []string
		for i := 2; i+1 < len(words); i++ {
			if words[i-2] == "(" && words[i-1] != "(" && words[i-1] != ")" && words[i] != "(" && words[i] != ")" && words[i+1] == ")" {
				out = append(out, ptbUnescape(words[i]))
			}
		}
		return strings.Join(out, " ")
	}
	var b strings.Builder
	mwtEnd := 0
	space := false
	for line := range strings.Lines(parse) {
		line = strings.TrimRight(line, "\r\n")
		if t, ok := strings.CutPrefix(line, "# text = "); ok {
			return collapseSpace(t)
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || line[0] == '#' || strings.Contains(f[0], ".") {
			continue
		}
		from, to, isRange := strings.Cut(f[0], "-")
		id, err := strconv.Atoi(from)
		if err != nil || id <= mwtEnd && !isRange {
			continue
		}
		if isRange {
			if mwtEnd, err = strconv.Atoi(to); err != nil {
				mwtEnd = 0
			}
		}
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(f[1])
		space = len(f) < 10 || !strings.Contains("|"+f[9]+"|", "|SpaceAfter=No|")
	}
	return collapseSpace(b.String())
}

// ptbUnescape undoes the Penn Treebank escapes of brackets and quotes.
func ptbUnescape(w string) string {
	switch w {
	case "-LRB-":
		return "("
	case "-RRB-":
		return ")"
	case "-LSB-":
		return "["
	case "-RSB-":
		return "]"
	case "-LCB-":
		return "{"
	case "-RCB-":
		return "}"
	case "``", "''":
		return "\""
	}
	return w
}

// splitUntagged cuts the character data of a record without <Text> into
// the sentence and a bracketed parse tree, which starts at the first line
// that looks like one.
func splitUntagged(free string) (text, parse string) {
	off := 0
	for off < len(free) {
		end := strings.IndexByte(free[off:], '\n')
		if end < 0 {
			end = len(free)
		} else {
			end += off
		}
		if startsTree(free[off:end]) {
			return free[:off], strings.Trim(free[off:], " \t\r\n")
		}
		off = end + 1
	}
	return free, ""
}

// startsTree reports whether a line opens a Penn Treebank tree: "(" and
// then "(" or a bracket label (upper-case letters, digits, PTB punctuation)
// followed by a space, "(" or the end of the line.
func startsTree(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(t, "(") {
		return false
	}
	t = strings.TrimLeft(t[1:], " \t")
	if strings.HasPrefix(t, "(") {
		return true
	}
	n := 0
	for n < len(t) && strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$.,:`'#-", t[n]) >= 0 {
		n++
	}
	return n > 0 && (n == len(t) || strings.IndexByte(" \t\r(", t[n]) >= 0)
}

// collapseSpace trims s and replaces each run of XML white space (space,
// tab, CR, LF) by one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\r', '\n':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isTrue(v string) bool { return strings.EqualFold(v, "true") }

// The scanner: a hand-written, forgiving tokenizer for XML-like text.

type pxKind int

const (
	pxEOF     pxKind = iota
	pxText           // character data, entities decoded, or a CDATA section
	pxStart          // a start tag of a known element
	pxEnd            // an end tag
	pxUnknown        // a start tag of an element the reader does not use
	pxBadTag         // a start tag of a known element that could not be read
)

// pxKnown are the elements whose attributes the reader reads.
var pxKnown = map[string]bool{"sentence": true, "eventcoding": true, "text": true, "parse": true, "config": true, "sentences": true}

type pxToken struct {
	kind      pxKind
	off       int               // byte offset of the token
	name      string            // element name, lower case
	rawName   string            // element name as written
	attrs     map[string]string // attributes (lower-case names, trimmed decoded values)
	selfClose bool              // <X ... />
	text      string            // pxText
	err       string            // pxBadTag: what was wrong
}

// pxScanner splits the input into tokens. It never fails: what is not
// markup is text.
type pxScanner struct {
	src      []byte
	pos      int
	name     string
	lines    []int // byte offset of the start of each line
	warnings []error
	flat     bool           // comments no longer nest
	absent   map[string]int // separator -> an offset after which it does not occur
}

// maxNestedScan bounds how far past its first "-->" a comment with a
// nested "<!--" is searched for its balancing "-->".
const maxNestedScan = 256 << 10

func newPxScanner(src []byte, name string) *pxScanner {
	s := &pxScanner{src: src, name: name, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// lineAt returns the 1-based line of byte offset off.
func (s *pxScanner) lineAt(off int) int {
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
}

func (s *pxScanner) warnf(line int, format string, args ...any) {
	s.warnings = append(s.warnings, warnf(s.name, line, format, args...))
}

// next returns the next token.
func (s *pxScanner) next() pxToken {
	for s.pos < len(s.src) {
		start := s.pos
		rest := s.src[s.pos:]
		if rest[0] != '<' {
			end := bytes.IndexByte(rest, '<')
			if end < 0 {
				end = len(rest)
			}
			s.pos += end
			return pxToken{kind: pxText, off: start, text: decodeEntities(string(rest[:end]))}
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			s.skipComment()
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			return pxToken{kind: pxText, off: start, text: s.cdata()}
		case bytes.HasPrefix(rest, []byte("<?")):
			s.skipTo(start+2, "?>")
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			switch lt := s.indexFrom(start+2, ">"); {
			case lt < 0:
				s.pos++
			case bytes.IndexByte(s.src[start:lt], '[') >= 0:
				s.skipTo(start+2, "]>") // a DOCTYPE with an internal subset
			default:
				s.pos = lt + 1
			}
			continue
		}
		name, isEnd, ok := tagName(rest)
		if !ok {
			s.pos++
			return pxToken{kind: pxText, off: start, text: "<"}
		}
		after := start + 1 + len(name)
		if isEnd {
			after++
		}
		lower := strings.ToLower(name)
		if isEnd || !pxKnown[lower] {
			// Skip to the closing '>', unless a '<' comes first: then only
			// the name was markup.
			s.pos = after
			if j := bytes.IndexAny(s.src[after:], "<>"); j >= 0 && s.src[after+j] == '>' {
				s.pos = after + j + 1
			}
			kind := pxUnknown
			if isEnd {
				kind = pxEnd
			}
			return pxToken{kind: kind, off: start, name: lower, rawName: name}
		}
		attrs, selfClose, end, msg := s.attrs(after)
		if msg != "" {
			s.pos = after
			return pxToken{kind: pxBadTag, off: start, name: lower, rawName: name, err: msg}
		}
		s.pos = end
		return pxToken{kind: pxStart, off: start, name: lower, rawName: name, attrs: attrs, selfClose: selfClose}
	}
	return pxToken{kind: pxEOF, off: len(s.src)}
}

// tagName reads the element name of a tag at the start of b ("<Name" or
// "</Name"). ok is false when b does not start a tag.
func tagName(b []byte) (name string, isEnd, ok bool) {
	i := 1
	if len(b) > 1 && b[1] == '/' {
		isEnd = true
		i = 2
	}
	if i >= len(b) || !isNameStart(b[i]) {
		return "", false, false
	}
	j := i + 1
	for j < len(b) && isNameByte(b[j]) {
		j++
	}
	return string(b[i:j]), isEnd, true
}

func isNameStart(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// attrs reads the attributes of a start tag from offset i, just after the
// element name, to the closing '>' or "/>". msg says what was wrong when
// the tag cannot be read.
func (s *pxScanner) attrs(i int) (attrs map[string]string, selfClose bool, end int, msg string) {
	b := s.src
	attrs = map[string]string{}
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return nil, false, 0, "tag not closed before the end of the input"
		}
		switch b[i] {
		case '>':
			return attrs, false, i + 1, ""
		case '/':
			if i+1 < len(b) && b[i+1] == '>' {
				return attrs, true, i + 2, ""
			}
			i++
			continue
		case '<':
			return nil, false, 0, "tag not closed before the next '<'"
		case '"', '\'', '=':
			return nil, false, 0, fmt.Sprintf("unexpected %q where an attribute name should be", b[i])
		}
		j := i
		for j < len(b) && !isSpace(b[j]) && strings.IndexByte("=></\"'", b[j]) < 0 {
			j++
		}
		key := strings.ToLower(string(b[i:j]))
		i = j
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		val := ""
		if i < len(b) && b[i] == '=' {
			i++
			for i < len(b) && isSpace(b[i]) {
				i++
			}
			if i < len(b) && (b[i] == '"' || b[i] == '\'') {
				q := b[i]
				k := bytes.IndexAny(b[i+1:], string(q)+"<")
				if k < 0 || b[i+1+k] == '<' {
					return nil, false, 0, fmt.Sprintf("value of %s= not closed by %c", key, q)
				}
				val = decodeEntities(string(b[i+1 : i+1+k]))
				i += k + 2
			} else {
				k := i
				for k < len(b) && !isSpace(b[k]) && b[k] != '>' && b[k] != '<' {
					k++
				}
				val = decodeEntities(string(b[i:k]))
				i = k
			}
		}
		if _, dup := attrs[key]; !dup {
			attrs[key] = strings.TrimSpace(val)
		}
	}
}

// skipComment skips the comment at s.pos. A "<!--" inside a comment opens a
// nested comment, closed by its own "-->", as in the header of
// PETR_Validate_records_2_02.xml. When the nesting does not balance within
// maxNestedScan bytes of the first "-->", the comment ends at that first
// "-->", as in XML, and nesting is no longer looked for in the rest of the
// input, so that reading stays linear.
func (s *pxScanner) skipComment() {
	start := s.pos
	i := start + 4
	depth, firstEnd, nested := 1, -1, -1
	nextOpen := s.indexFrom(i, "<!--")
	for depth > 0 {
		c := s.indexFrom(i, "-->")
		if c < 0 || (firstEnd >= 0 && i-firstEnd > maxNestedScan) {
			break
		}
		if nextOpen >= 0 && nextOpen < c && !s.flat {
			if nested < 0 {
				nested = nextOpen
			}
			depth++
			i = nextOpen + 4
			nextOpen = s.indexFrom(i, "<!--")
			continue
		}
		depth--
		i = c + 3
		if firstEnd < 0 {
			firstEnd = i
		}
	}
	switch {
	case depth == 0 && nested >= 0:
		s.warnf(s.lineAt(nested), "comment opened at line %d contains a nested \"<!--\"; read as nested, to the \"-->\" at line %d", s.lineAt(start), s.lineAt(i-3))
		s.pos = i
	case depth == 0:
		s.pos = i
	case firstEnd >= 0:
		s.warnf(s.lineAt(nested), "comment opened at line %d contains a \"<!--\" that is never closed; the comment ends at line %d", s.lineAt(start), s.lineAt(firstEnd-3))
		s.pos = firstEnd
		s.flat = true
	default:
		s.warnf(s.lineAt(start), "comment not closed; the rest of the input is ignored")
		s.pos = len(s.src)
	}
}

// indexFrom returns the offset of the first occurrence of sep at or after
// i, or -1. It remembers where a search failed, so that searching again
// for an absent separator costs nothing.
func (s *pxScanner) indexFrom(i int, sep string) int {
	if from, ok := s.absent[sep]; ok && i >= from {
		return -1
	}
	j := bytes.Index(s.src[i:], []byte(sep))
	if j < 0 {
		if s.absent == nil {
			s.absent = map[string]int{}
		}
		if from, ok := s.absent[sep]; !ok || i < from {
			s.absent[sep] = i
		}
		return -1
	}
	return i + j
}

// cdata returns the content of the CDATA section at s.pos.
func (s *pxScanner) cdata() string {
	body := s.pos + len("<![CDATA[")
	end := s.indexFrom(body, "]]>")
	if end < 0 {
		s.warnf(s.lineAt(s.pos), "CDATA section not closed; read to the end of the input")
		s.pos = len(s.src)
		return string(s.src[body:])
	}
	s.pos = end + 3
	return string(s.src[body:end])
}

// skipTo moves past the next occurrence of end at or after i, or past the
// '<' at s.pos when there is none.
func (s *pxScanner) skipTo(i int, end string) {
	if j := s.indexFrom(i, end); j >= 0 {
		s.pos = j + len(end)
	} else {
		s.pos++
	}
}

// readRaw reads the content of a <Text> or <Parse> element (name, lower
// case) up to its end tag, decoding entities and dropping comments. Any
// other '<' is content, except the tags of records and their parts: they
// mean the element was not closed, and are left for next to read.
func (s *pxScanner) readRaw(name string) (content string, closed bool) {
	var b strings.Builder
	for s.pos < len(s.src) {
		rest := s.src[s.pos:]
		j := bytes.IndexByte(rest, '<')
		if j < 0 {
			b.WriteString(decodeEntities(string(rest)))
			s.pos = len(s.src)
			break
		}
		b.WriteString(decodeEntities(string(rest[:j])))
		s.pos += j
		rest = rest[j:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			s.skipComment()
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			b.WriteString(s.cdata())
			continue
		}
		if tag, isEnd, ok := tagName(rest); ok {
			lower := strings.ToLower(tag)
			if isEnd && lower == name {
				s.pos += 2 + len(tag)
				if k := bytes.IndexAny(s.src[s.pos:], "<>"); k >= 0 && s.src[s.pos+k] == '>' {
					s.pos += k + 1
				}
				return b.String(), true
			}
			if pxKnown[lower] {
				return b.String(), false
			}
		}
		b.WriteByte('<')
		s.pos++
	}
	return b.String(), false
}

// decodeEntities replaces the XML entities &amp; &lt; &gt; &quot; &apos;
// and character references (&#38; &#x26;) in s. Anything else after '&' is
// left as written; a reference to an invalid character becomes U+FFFD.
func decodeEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		semi := strings.IndexByte(s, ';')
		if semi < 0 || semi > 12 {
			b.WriteByte('&')
			s = s[1:]
		} else if r, ok := entity(s[1:semi]); ok {
			b.WriteRune(r)
			s = s[semi+1:]
		} else {
			b.WriteByte('&')
			s = s[1:]
		}
		i = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

// entity returns the character an entity or character reference stands for.
func entity(name string) (rune, bool) {
	switch name {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return 0, false
	}
	if r := rune(n); n != 0 && n <= utf8.MaxRune && utf8.ValidRune(r) {
		return r, true
	}
	return utf8.RuneError, true
}
