package text

import "testing"

// The embedded word lists must parse completely; parseLexicon collects bad
// lines instead of failing so that the package always initialises.
func TestLexicon(t *testing.T) {
	for _, line := range lex.bad {
		t.Errorf("bad line %s", line)
	}
	if len(lex.abbrev) < 50 || len(lex.prefix) < 20 || len(lex.fused) < 10 || len(lex.starter) < 20 {
		t.Errorf("lexicon too small: %d abbreviations, %d prefixes, %d fused, %d starters",
			len(lex.abbrev), len(lex.prefix), len(lex.fused), len(lex.starter))
	}
	bad := parseLexicon("[abbrev]\nMr title\nMr title\nFoo nonsense\n[fused]\ndont do not\n[nowhere]\nx\n")
	if len(bad.bad) != 4 {
		t.Errorf("malformed lexicon: %d bad lines, want 4: %q", len(bad.bad), bad.bad)
	}
}
