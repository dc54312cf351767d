package petrarch_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/dict/petrarch"
)

// checkFuzzError asserts that a strict reader's error is a positioned input
// error inside the input.
func checkFuzzError(t *testing.T, err error, data string) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *avocet.PosError
	if !errors.As(err, &pe) || !errors.Is(err, avocet.ErrInvalidInput) {
		t.Fatalf("error is not a positioned input error: %v", err)
	}
	if lines := strings.Count(data, "\n") + 1; pe.Line < 1 || pe.Line > lines {
		t.Fatalf("error at line %d of a %d-line input: %v", pe.Line, lines, err)
	}
}

// lenientOpts fails the test on warnings that are not positioned errors.
func lenientOpts(t *testing.T) *petrarch.Options {
	return &petrarch.Options{Lenient: true, Warn: func(err error) {
		var pe *avocet.PosError
		if !errors.As(err, &pe) || !errors.Is(err, avocet.ErrInvalidInput) {
			t.Fatalf("warning is not a positioned input error: %v", err)
		}
	}}
}

func FuzzReadVerbs(f *testing.F) {
	f.Add(petr2Dict)
	f.Add(HEAD + "WAVE\n- + { A | B C ] * (TO {X &S_Y}) ^ % $ [010:011] ; c\n~ a (b (c d V) W) X = a b Q\n")
	f.Add("GREET [010]\n- *_OF_ IN_ + [011]\n")
	f.Fuzz(func(t *testing.T, data string) {
		v, err := petrarch.ReadVerbs(strings.NewReader(data), "fuzz", nil)
		checkFuzzError(t, err, data)
		if err == nil && v == nil {
			t.Fatal("nil dictionary without an error")
		}
		v, err = petrarch.ReadVerbs(strings.NewReader(data), "fuzz", lenientOpts(t))
		if err != nil {
			t.Fatalf("lenient: %v", err)
		}
		for _, b := range v.Blocks {
			for _, p := range b.Patterns {
				// The canonical form reads back as itself.
				again, err := petrarch.ReadVerbs(strings.NewReader(HEAD+"- "+p.String()+"\n"), "again", nil)
				if err != nil {
					t.Fatalf("canonical %q of line %d does not read back: %v", p, p.Line, err)
				}
				if got := again.Blocks[0].Patterns[0].String(); got != p.String() {
					t.Fatalf("canonical %q reads back as %q", p, got)
				}
			}
		}
		// Whatever converts is a valid avocet pattern, but for codes
		// outside CAMEO ("903", "174K"), which PETRARCH emits as written.
		d := (&petrarch.Set{Verbs: []*petrarch.Verbs{v}}).Dictionaries(nil)
		for _, p := range d.Patterns {
			if p.Negative == (p.Code != "") || strings.ContainsAny(p.Code, " \t") {
				t.Fatalf("converted pattern %q of line %d has code %q", p.String(), p.Line, p.Code)
			}
			q := p
			q.Code, q.Negative = "", true
			if _, err := dict.ParsePattern(q.String()); err != nil {
				t.Fatalf("converted pattern %q of line %d: %v", p.String(), p.Line, err)
			}
		}
	})
}

func FuzzReadActors(f *testing.F) {
	f.Add(actorDict)
	f.Add("A_B C_ [X] [Y >300101] junk\n+D]_\n\t[Z 1999010101-20000101]\n\t[W 330101]\n---STOP---\n")
	f.Fuzz(func(t *testing.T, data string) {
		_, err := petrarch.ReadActors(strings.NewReader(data), "fuzz", nil)
		checkFuzzError(t, err, data)
		a, err := petrarch.ReadActors(strings.NewReader(data), "fuzz", lenientOpts(t))
		if err != nil {
			t.Fatalf("lenient: %v", err)
		}
		for i := range a.Entries {
			e := &a.Entries[i]
			if len(e.Names) == 0 || e.Line < 1 {
				t.Fatalf("entry without a name or line: %+v", e)
			}
			for _, n := range e.Names {
				if len(n.Words) == 0 {
					t.Fatalf("empty name at line %d", n.Line)
				}
			}
			for _, c := range e.Codes {
				if c.Code == "" || (!c.From.IsZero() && !c.To.IsZero() && c.To.Before(c.From)) {
					t.Fatalf("bad code %+v", c)
				}
			}
			e.CodesAt(time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC))
		}
	})
}

func FuzzReadAgents(f *testing.F) {
	f.Add(agentDict)
	f.Add("!A! = X, Y\n!B! = P\n!A!_!B!_!A! {} [~GOV]\nZ [~M}\nQ\n")
	f.Fuzz(func(t *testing.T, data string) {
		_, err := petrarch.ReadAgents(strings.NewReader(data), "fuzz", nil)
		checkFuzzError(t, err, data)
		a, err := petrarch.ReadAgents(strings.NewReader(data), "fuzz", lenientOpts(t))
		if err != nil {
			t.Fatalf("lenient: %v", err)
		}
		for _, e := range a.Entries {
			if e.Code == "" || len(e.Phrase.Words) == 0 {
				t.Fatalf("entry without code or words: %+v", e)
			}
			if n := len(a.Expand(e.Phrase)); n == 0 || n > 4096 {
				t.Fatalf("%d expansions of %s", n, e.Phrase)
			}
		}
	})
}
