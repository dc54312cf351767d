package petrarch

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Issues is one issue dictionary (Phoenix.IssueCoding.txt): phrases that
// attach issue codes to the sentences that contain them.
type Issues struct {
	File       string          // name the dictionary was read under
	Categories []IssueCategory // in file order
}

// IssueCategory is one <ISSUE CATEGORY=".." TYPE=".."> ... </ISSUE> block.
// Phrases written outside any block are collected in categories with an
// empty Name.
type IssueCategory struct {
	Name    string        // CATEGORY attribute ("EDUCATION")
	Type    string        // TYPE attribute ("ALL", "COUNTEVENT"); empty when absent
	Phrases []IssuePhrase // coded phrases, in file order
	Ignores []IssuePhrase // '~' and '~~' phrases, in file order (Code empty)
	File    string        // file of the block
	Line    int           // line of the <ISSUE> tag (or of the first loose phrase)
}

// IssuePhrase is one phrase of an issue category.
type IssuePhrase struct {
	Text    string      // the phrase as written, without a leading '~' or '~~' ("n:teacher")
	Words   []IssueWord // the words of Text
	Code    string      // issue code ("TEACHERS"); empty for an ignore phrase
	Story   bool        // ignore phrase written "~~": found anywhere in the story, it blocks the category
	Comment string      // comment on the line
	File    string      // file of the phrase
	Line    int         // line of the phrase
}

// IssueWord is one word of an issue phrase with its expansion prefix.
type IssueWord struct {
	Text string // the word without "n:" or "v:"; a '+' inside it stands for a space or a hyphen ("pre+k")
	Noun bool   // written "n:word": also match the regular plural
	Verb bool   // written "v:word": also match the regular verb forms (-s, -ed, -ing)
}

// String returns the word in dictionary notation: "n:teacher" (a prefix
// written after a '+', as in "pre+n:school", comes back at the front).
func (w IssueWord) String() string {
	switch {
	case w.Noun:
		return "n:" + w.Text
	case w.Verb:
		return "v:" + w.Text
	}
	return w.Text
}

// ReadIssues reads an issue dictionary. name is used in errors and recorded
// on every category.
func ReadIssues(r io.Reader, name string, opts *Options) (*Issues, error) {
	lr := newLineReader(r, name)
	is := &Issues{File: name}
	open := -1 // index of the open category; -1 when none
	loose := -1
	for {
		line, comment, err := lr.next()
		if err == io.EOF {
			break
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
		var perr error
		switch {
		case strings.HasPrefix(line, "</"):
			if !strings.EqualFold(strings.Join(strings.Fields(line), ""), "</ISSUE>") {
				perr = fmt.Errorf("unknown closing tag %q", clip(line))
			} else if open < 0 {
				opts.warn(lr.errorf("</ISSUE> without an open <ISSUE>; ignored"))
			}
			open = -1
		case line[0] == '<':
			if open >= 0 {
				perr = fmt.Errorf("<ISSUE> inside the block opened at line %d", is.Categories[open].Line)
				break
			}
			var c IssueCategory
			if c, perr = parseIssueTag(line); perr == nil {
				c.File, c.Line = name, lr.n
				is.Categories = append(is.Categories, c)
				open = len(is.Categories) - 1
				loose = -1
			}
		default:
			cat := open
			if cat < 0 {
				if loose < 0 {
					is.Categories = append(is.Categories, IssueCategory{File: name, Line: lr.n})
					loose = len(is.Categories) - 1
				}
				cat = loose
			}
			var p IssuePhrase
			var skip bool
			p, skip, perr = parseIssuePhrase(lr, opts, line)
			if perr != nil || skip {
				break
			}
			p.Comment, p.File, p.Line = comment, name, lr.n
			c := &is.Categories[cat]
			if p.Code == "" {
				c.Ignores = append(c.Ignores, p)
			} else {
				c.Phrases = append(c.Phrases, p)
			}
		}
		if perr != nil {
			if err := fail(opts, lr.wrap(perr)); err != nil {
				return nil, err
			}
		}
	}
	if open >= 0 {
		err := lr.errorAt(is.Categories[open].Line, "<ISSUE> is never closed with </ISSUE>")
		if err := fail(opts, err); err != nil {
			return nil, err
		}
	}
	// Drop loose categories that ended up empty (every phrase skipped).
	kept := is.Categories[:0]
	for _, c := range is.Categories {
		if c.Name != "" || len(c.Phrases)+len(c.Ignores) > 0 {
			kept = append(kept, c)
		}
	}
	is.Categories = kept
	return is, nil
}

// parseIssueTag reads <ISSUE CATEGORY="EDUCATION" TYPE="ALL">.
func parseIssueTag(line string) (IssueCategory, error) {
	var c IssueCategory
	if !strings.HasSuffix(line, ">") {
		return c, errors.New("tag is not closed with '>'")
	}
	s := strings.TrimSpace(line[1 : len(line)-1])
	tag, attrs, _ := strings.Cut(s, " ")
	if !strings.EqualFold(tag, "ISSUE") {
		return c, fmt.Errorf("unknown tag <%s>", clip(tag))
	}
	for {
		attrs = strings.TrimSpace(attrs)
		if attrs == "" {
			break
		}
		key, rest, ok := strings.Cut(attrs, "=")
		key = strings.TrimSpace(key)
		rest = strings.TrimSpace(rest)
		if !ok || key == "" || strings.ContainsAny(key, " \t\"") || !strings.HasPrefix(rest, `"`) {
			return c, fmt.Errorf("bad attribute in <ISSUE>: want KEY=\"VALUE\", got %q", clip(attrs))
		}
		val, after, ok := strings.Cut(rest[1:], `"`)
		if !ok {
			return c, errors.New("attribute value is not closed with '\"'")
		}
		switch strings.ToUpper(key) {
		case "CATEGORY":
			c.Name = val
		case "TYPE":
			c.Type = val
		default:
			return c, fmt.Errorf("unknown attribute %s in <ISSUE>", clip(key))
		}
		attrs = after
	}
	if c.Name == "" {
		return c, errors.New("<ISSUE> without a CATEGORY")
	}
	return c, nil
}

// parseIssuePhrase reads "n:teacher [TEACHERS]", "~a head start" or
// "~~Armenian genocide". skip reports a tolerated line that is dropped.
func parseIssuePhrase(lr *lineReader, opts *Options, line string) (p IssuePhrase, skip bool, err error) {
	ignore := line[0] == '~'
	if ignore {
		line = line[1:]
		if line != "" && line[0] == '~' {
			p.Story = true
			line = line[1:]
		}
	}
	text := line
	if i := strings.IndexByte(line, '['); i >= 0 {
		if ignore {
			return p, false, errors.New("an ignore phrase ('~') takes no [code]")
		}
		j := strings.IndexByte(line[i:], ']')
		if j < 0 {
			return p, false, errors.New("'[' is never closed with ']'")
		}
		text = line[:i]
		p.Code = strings.TrimSpace(line[i+1 : i+j])
		if !validCode(p.Code) {
			return p, false, fmt.Errorf("bad issue code %q", clip(p.Code))
		}
		if after := strings.TrimSpace(line[i+j+1:]); after != "" {
			// "intimidation of press [MEDIA_CENSORSHIP]intimidation of the
			// media [MEDIA_CENSORSHIP]": PETRARCH reads the first entry only.
			opts.warn(lr.errorf("text %q after the code ignored", clip(after)))
		}
	} else if !ignore {
		if strings.IndexByte(line, ']') >= 0 {
			return p, false, errors.New("']' without '['")
		}
		// PETRARCH skips phrases without a code.
		opts.warn(lr.errorf("issue phrase %q has no [code]; skipped", clip(strings.TrimSpace(line))))
		return p, true, nil
	}
	if strings.ContainsAny(text, "]{}<>") {
		return p, false, errors.New("unexpected bracket in an issue phrase")
	}
	p.Text = strings.Join(strings.Fields(text), " ")
	if p.Text == "" {
		return p, false, errors.New("empty issue phrase")
	}
	for _, f := range strings.Fields(p.Text) {
		w, err := parseIssueWord(f)
		if err != nil {
			return p, false, err
		}
		p.Words = append(p.Words, w)
		if len(p.Words) > maxElements {
			return p, false, fmt.Errorf("more than %d words", maxElements)
		}
	}
	return p, false, nil
}

// parseIssueWord reads "teacher", "n:teacher", "v:arrest" or "pre+n:school"
// (the prefix may follow a '+').
func parseIssueWord(f string) (IssueWord, error) {
	w := IssueWord{Text: f}
	low := strings.ToLower(f)
	for _, pre := range []string{"n:", "v:"} {
		i := strings.Index(low, pre)
		if i < 0 || (i > 0 && f[i-1] != '+') {
			continue
		}
		if w.Noun || w.Verb || strings.Contains(low[i+2:], pre) {
			return w, fmt.Errorf("word %q has more than one n: or v: prefix", clip(f))
		}
		w.Text = f[:i] + f[i+2:]
		low = strings.ToLower(w.Text)
		w.Noun, w.Verb = pre == "n:", pre == "v:"
	}
	if w.Text == "" || strings.HasSuffix(w.Text, "+") && len(w.Text) == 1 {
		return w, fmt.Errorf("empty word in %q", clip(f))
	}
	return w, nil
}
