package petrarch

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Agents is one agent dictionary (Phoenix.agents.txt): role words and
// phrases that give an actor its sector.
type Agents struct {
	File          string              // name the dictionary was read under
	Entries       []AgentEntry        // in file order
	Substitutions map[string][]string // substitution sets by marker name without '!' ("PERSON" → MAN, MEN, ...)
}

// AgentEntry is one "PHRASE {PLURALS} [CODE]" line.
type AgentEntry struct {
	Phrase  Phrase   // the phrase; a word may hold a substitution marker ("CONGRESS!PERSON!"); see Expand
	Plurals []Phrase // plurals listed in {...}
	Listed  bool     // a {...} list was given (possibly empty: no plural): no regular plural is generated
	Code    string   // agent code as written: "~GOV" is added after the actor's code, "NGO~" before it
	Comment string   // comment on the line
	File    string   // file of the entry
	Line    int      // line of the entry
}

// maxExpansions bounds the phrases one entry may expand to.
const maxExpansions = 4096

// Expand returns p with every substitution marker replaced by each member of
// its set ("CONGRESS!PERSON!" gives CONGRESSMAN, CONGRESSMEN, ...), or p
// itself when it has no marker. Markers missing from Substitutions are left
// as written (ReadAgents rejects them).
func (a *Agents) Expand(p Phrase) []Phrase {
	out := []Phrase{p}
	for w := 0; w < len(p.Words); w++ {
		var next []Phrase
		for _, q := range out {
			for _, word := range expandWord(q.Words[w], a.Substitutions) {
				r := q
				r.Words = append([]string(nil), q.Words...)
				r.Words[w] = word
				next = append(next, r)
				if len(next) >= maxExpansions {
					return next
				}
			}
		}
		out = next
	}
	return out
}

// expandWord substitutes the markers of one word.
func expandWord(w string, subs map[string][]string) []string {
	out := []string{w}
	for k := 0; k < 8; k++ { // a word holds few markers; bound the loop anyway
		var next []string
		changed := false
		for _, s := range out {
			i := strings.IndexByte(s, '!')
			j := -1
			if i >= 0 {
				j = strings.IndexByte(s[i+1:], '!')
			}
			set, ok := []string(nil), false
			if j >= 0 {
				set, ok = subs[s[i+1:i+1+j]]
			}
			if !ok {
				next = append(next, s)
				continue
			}
			changed = true
			for _, m := range set {
				next = append(next, s[:i]+m+s[i+2+j:])
				if len(next) >= maxExpansions {
					return next
				}
			}
		}
		out = next
		if !changed || len(out) >= maxExpansions {
			break
		}
	}
	return out
}

// ReadAgents reads an agent dictionary. name is used in errors and recorded
// on every entry.
func ReadAgents(r io.Reader, name string, opts *Options) (*Agents, error) {
	lr := newLineReader(r, name)
	a := &Agents{File: name, Substitutions: map[string][]string{}}
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
		if line[0] == '!' && strings.Contains(line, "=") {
			perr = a.substitution(line)
		} else {
			var e AgentEntry
			var skip bool
			e, skip, perr = parseAgent(lr, opts, line)
			if perr == nil && !skip {
				e.Comment, e.File, e.Line = comment, name, lr.n
				a.Entries = append(a.Entries, e)
			}
		}
		if perr != nil {
			if err := fail(opts, lr.wrap(perr)); err != nil {
				return nil, err
			}
		}
	}
	// Every marker must name a substitution set.
	kept := a.Entries[:0]
	for _, e := range a.Entries {
		if m := a.undefinedMarker(e); m != "" {
			err := lr.errorAt(e.Line, "substitution marker !%s! is not defined", m)
			if err := fail(opts, err); err != nil {
				return nil, err
			}
			continue
		}
		kept = append(kept, e)
	}
	a.Entries = kept
	return a, nil
}

// substitution reads "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON".
func (a *Agents) substitution(line string) error {
	left, right, _ := strings.Cut(line, "=")
	left = strings.TrimSpace(left)
	if len(left) < 3 || left[len(left)-1] != '!' || strings.Count(left, "!") != 2 {
		return fmt.Errorf("substitution marker %q: want !NAME!", clip(left))
	}
	key := left[1 : len(left)-1]
	if _, ok := a.Substitutions[key]; ok {
		return fmt.Errorf("substitution marker !%s! is defined twice", key)
	}
	var set []string
	for _, m := range strings.Split(right, ",") {
		m = strings.TrimSpace(m)
		if m == "" {
			return fmt.Errorf("empty member in substitution set !%s!", key)
		}
		if strings.ContainsAny(m, "![]{}") {
			return fmt.Errorf("substitution member %q has brackets or '!'", clip(m))
		}
		set = append(set, m)
	}
	a.Substitutions[key] = set
	return nil
}

// parseAgent reads "PHRASE {PLURALS} [CODE]". skip reports a line that is
// tolerated but dropped (no code, as PETRARCH does).
func parseAgent(lr *lineReader, opts *Options, line string) (e AgentEntry, skip bool, err error) {
	head := line
	if i := strings.IndexAny(line, "{["); i >= 0 {
		head = line[:i]
	}
	if strings.ContainsAny(head, "}]") {
		return e, false, errors.New("'}' or ']' without its opening bracket")
	}
	if strings.Count(head, "!")%2 != 0 {
		return e, false, errors.New("substitution marker is not closed with '!'")
	}
	if e.Phrase, err = parsePhrase(head); err != nil {
		return e, false, fmt.Errorf("agent: %w", err)
	}
	rest := strings.TrimSpace(line[len(head):])
	hasCode := false
	for rest != "" {
		switch rest[0] {
		case '{':
			j := strings.IndexByte(rest, '}')
			if j < 0 {
				return e, false, errors.New("'{' is never closed with '}'")
			}
			if e.Listed {
				return e, false, errors.New("more than one {...} plural list")
			}
			inner := rest[1:j]
			if strings.ContainsAny(inner, "{[]") {
				return e, false, errors.New("unexpected bracket inside {...}")
			}
			e.Listed = true
			for _, s := range strings.Split(inner, ",") {
				if strings.TrimSpace(s) == "" {
					continue
				}
				p, err := parsePhrase(s)
				if err != nil {
					return e, false, fmt.Errorf("plural: %w", err)
				}
				e.Plurals = append(e.Plurals, p)
			}
			rest = strings.TrimSpace(rest[j+1:])
		case '[':
			j := strings.IndexAny(rest, "]}")
			if j < 0 || strings.IndexByte(rest[1:j], '[') >= 0 || strings.IndexByte(rest[1:j], '{') >= 0 {
				return e, false, errors.New("'[' is never closed with ']'")
			}
			if rest[j] == '}' {
				// "[~ENV}" in Phoenix.agents.txt.
				opts.warn(lr.errorf("code [%s closed with '}' instead of ']'", rest[1:j]))
			}
			if hasCode {
				return e, false, errors.New("more than one [code]")
			}
			hasCode = true
			e.Code = strings.TrimSpace(rest[1:j])
			if !validCode(e.Code) {
				return e, false, fmt.Errorf("bad agent code %q", clip(e.Code))
			}
			rest = strings.TrimSpace(rest[j+1:])
		default:
			return e, false, fmt.Errorf("unexpected text %q after the agent's code", clip(rest))
		}
	}
	if !hasCode {
		// PETRARCH skips such lines with a warning.
		opts.warn(lr.errorf("agent %q has no [code]; skipped", e.Phrase.String()))
		return e, true, nil
	}
	return e, false, nil
}

// undefinedMarker returns the first marker of e that names no set.
func (a *Agents) undefinedMarker(e AgentEntry) string {
	for _, w := range e.Phrase.Words {
		for {
			i := strings.IndexByte(w, '!')
			if i < 0 {
				break
			}
			j := strings.IndexByte(w[i+1:], '!')
			if j < 0 {
				return w[i+1:]
			}
			if _, ok := a.Substitutions[w[i+1:i+1+j]]; !ok {
				return w[i+1 : i+1+j]
			}
			w = w[i+2+j:]
		}
	}
	return ""
}
