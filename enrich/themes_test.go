package enrich_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/enrich"
)

// TestDefaultThemes checks the built-in lexicon: it parses, it has the
// themes the issue asks for, and each theme has tens of phrases.
func TestDefaultThemes(t *testing.T) {
	lex := enrich.DefaultThemes()
	codes := lex.Codes()
	if len(codes) < 60 {
		t.Errorf("%d themes, want at least 60", len(codes))
	}
	have := map[string]bool{}
	for _, c := range codes {
		have[c] = true
	}
	for _, c := range strings.Fields(`HUMAN_RIGHTS HUMAN_TRAFFICKING NUCLEAR_WEAPONS SANCTIONS PROTEST
		TERRORISM ELECTION CORRUPTION REFUGEES TORTURE PRISON SURVEILLANCE CEASEFIRE PEACE_TALKS
		MILITARY_EXERCISE CYBER_ATTACK DISINFORMATION COUP MIGRATION FOOD_SECURITY FAMINE DROUGHT FLOOD
		EARTHQUAKE EPIDEMIC VACCINATION CLIMATE_CHANGE ENERGY OIL GAS TRADE TARIFFS INFLATION
		UNEMPLOYMENT DEBT IMF_LOANS AID HUMANITARIAN_ACCESS GENOCIDE WAR_CRIMES CHILD_SOLDIERS
		SEXUAL_VIOLENCE PRESS_FREEDOM INTERNET_SHUTDOWN DEATH_PENALTY KIDNAPPING PIRACY ARMS_TRADE DRONES
		LANDMINES MISSILES BORDER_DISPUTE SEPARATISM RELIGIOUS_CONFLICT ETHNIC_VIOLENCE GANG_VIOLENCE
		DRUG_TRAFFICKING POLICE_VIOLENCE JUDICIARY CONSTITUTION LGBT_RIGHTS WOMENS_RIGHTS LABOR_STRIKE`) {
		if !have[c] {
			t.Errorf("no theme %s", c)
		}
	}
	if n := lex.Len(); n < 20*len(codes) {
		t.Errorf("%d phrases for %d themes, want tens a theme", n, len(codes))
	}
	t.Logf("%d themes, %d phrases", len(codes), lex.Len())
}

func TestThemesMatch(t *testing.T) {
	lex, err := enrich.ParseThemes("test.txt", strings.NewReader(`
# a test lexicon
SANCTIONS: sanction; asset freeze; impose sanction
OIL: oil; crude oil; oil price
OIL unless: olive oil
KIDNAPPING: kidnap*; hostage
EPIDEMIC: =AIDS; cholera
PROTEST: protest
SANCTIONS: travel ban
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in string
		tagged   bool
		want     []string
		reason   string
	}{
		{"word and plural", "The sanctions hurt. A new sanction came.", false, []string{"SANCTIONS: sanctions | sanction"}, ""},
		{"longest first", "Crude oil prices fell.", false, []string{"OIL: Crude oil"}, "oil and oil price overlap crude oil: one mention"},
		{"negative context", "Olive oil and crude oil rose.", false, nil, "the whole sentence is dropped for OIL"},
		{"negative context is per sentence", "Olive oil rose. Oil fell.", false, []string{"OIL: Oil"}, ""},
		{"prefix", "Gunmen kidnapped two; kidnappers fled.", false, []string{"KIDNAPPING: kidnapped | kidnappers"}, ""},
		{"case-sensitive", "AIDS and aids.", false, []string{"EPIDEMIC: AIDS"}, ""},
		{"second line of a code", "A travel ban.", false, []string{"SANCTIONS: travel ban"}, ""},
		{"order of first mention", "Cholera spread. Oil rose. A hostage.", false, []string{"EPIDEMIC: Cholera", "OIL: Oil", "KIDNAPPING: hostage"}, ""},
		{"no lemma without tags", "They protested.", false, nil, ""},
		{"lemma with tags", "They protested and imposed sanctions.", true, []string{"PROTEST: protested", "SANCTIONS: imposed sanctions"}, ""},
		{"function word lemma", "According to reports, oil rose.", true, []string{"OIL: oil"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := fmtThemes(tc.in, lex.Match(segment(t, tc.in, tc.tagged), 0))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Match(%q)\n got %q\nwant %q\n%s", tc.in, got, tc.want, tc.reason)
			}
		})
	}
}

// TestDefaultThemesMatch checks a few phrases of the built-in lexicon,
// including the hyphen and apostrophe splitting of phrases.
func TestDefaultThemesMatch(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A cease-fire held.", "CEASEFIRE: cease-fire"},
		{"They marched for women's rights.", "WOMENS_RIGHTS: women's rights"},
		{"Tear gas was fired at the crowd.", "PROTEST: Tear gas"},
		{"The IMF agreed a staff-level agreement.", "IMF_LOANS: IMF | staff-level agreement"},
		{"Air strikes hit the town.", "AIRSTRIKE: Air strikes"},
		{"Workers went on a general strike.", "LABOR_STRIKE: general strike"},
	}
	for _, tc := range tests {
		got := fmtThemes(tc.in, enrich.DefaultThemes().Match(segment(t, tc.in, false), 0))
		found := false
		for _, g := range got {
			found = found || g == tc.want
		}
		if !found {
			t.Errorf("Match(%q) = %q, want it to contain %q", tc.in, got, tc.want)
		}
	}
	// Negative context keeps GAS out of tear gas and LABOR_STRIKE out of air strikes.
	for _, in := range []string{"Tear gas was fired at the crowd.", "Air strikes hit the town."} {
		for _, g := range fmtThemes(in, enrich.DefaultThemes().Match(segment(t, in, false), 0)) {
			if strings.HasPrefix(g, "GAS:") || strings.HasPrefix(g, "LABOR_STRIKE:") {
				t.Errorf("Match(%q) has %q", in, g)
			}
		}
	}
}

func TestThemesLimit(t *testing.T) {
	in := strings.Repeat("Sanctions and more sanctions. ", 2000)
	got := enrich.DefaultThemes().Match(segment(t, in, false), 100)
	n := 0
	for _, th := range got {
		n += len(th.Mentions)
	}
	if n != 100 {
		t.Errorf("%d mentions, want 100", n)
	}
}

func TestParseThemesErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no colon here", "x.txt:1: want THEME_CODE: phrase"},
		{"\n\nbad code: x", `x.txt:3: want THEME_CODE: or THEME_CODE unless:`},
		{"lower: x", `x.txt:1: bad theme code "lower"`},
		{"OIL unless: olive oil", "x.txt:1: OIL unless: comes before any phrase of OIL"},
		{"OIL: ab*", `x.txt:1: phrase "ab*": a word ending in * needs at least 3 letters`},
		{"OIL: a*b", `x.txt:1: phrase "a*b": * may only end a word`},
		{"OIL: " + strings.Repeat("w ", 13), "more than 12 words"},
		{"OIL: *", "* may only end a word"},
		{"OIL: " + strings.Repeat("x", 2<<20), "x.txt:1: bufio.Scanner: token too long"},
	}
	for _, tc := range tests {
		_, err := enrich.ParseThemes("x.txt", strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseThemes(%.40q) error %v, want %q", tc.in, err, tc.want)
		}
	}
	lex, err := enrich.ParseThemes("x.txt", strings.NewReader("OIL: oil; oil;;\nOIL: oil"))
	if err != nil || lex.Len() != 1 {
		t.Errorf("repeated phrases: %v, %d phrases", err, lex.Len())
	}
}
