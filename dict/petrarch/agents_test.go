package petrarch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/dict/petrarch"
)

func dumpAgents(a *petrarch.Agents) []string {
	var out []string
	for _, e := range a.Entries {
		s := fmt.Sprintf("%d %s", e.Line, e.Phrase)
		if e.Listed {
			var ps []string
			for _, p := range e.Plurals {
				ps = append(ps, p.String())
			}
			s += " {" + strings.Join(ps, ", ") + "}"
		}
		s += " [" + e.Code + "]"
		if e.Comment != "" {
			s += " #" + e.Comment
		}
		out = append(out, s)
	}
	return out
}

// A fictional agent dictionary.
const agentDict = `# fictional agents
!KEEPER! = KEEPER, KEEPERS , WARDEN
!HALL! = HALL, HALLS

LAMPLIGHTER [~CVL]
FERRY_PILOT {FERRY_PILOTS} [~BUS] # plural given
HARBOR_POLICE {} [~COP]
TOLL!KEEPER! [~GOV]
!HALL!_OF_!KEEPER! [~GOV]
CHIEF  ARCHIVIST [~GOVEDU]
GUILD_OF_BAKERS [BUS~]
CLOCK_MENDER [~BUS] {CLOCK_MENDERS, CLOCKS_MENDERS}
`

func TestReadAgents(t *testing.T) {
	var c collector
	a, err := petrarch.ReadAgents(strings.NewReader(agentDict), "a.agents", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpAgents(a), []string{
		"5 LAMPLIGHTER [~CVL]",
		"6 FERRY_PILOT {FERRY_PILOTS} [~BUS] #plural given",
		"7 HARBOR_POLICE {} [~COP]",
		"8 TOLL!KEEPER! [~GOV]",
		"9 !HALL!_OF_!KEEPER! [~GOV]",
		"10 CHIEF ARCHIVIST [~GOVEDU]",
		"11 GUILD_OF_BAKERS [BUS~]",
		"12 CLOCK_MENDER {CLOCK_MENDERS, CLOCKS_MENDERS} [~BUS]",
	})
	if len(c.warns) != 0 {
		t.Errorf("warnings %v", c.lines())
	}
	if got := strings.Join(a.Substitutions["KEEPER"], "|"); got != "KEEPER|KEEPERS|WARDEN" {
		t.Errorf("substitution set %q", got)
	}
	var got []string
	for _, p := range a.Expand(a.Entries[4].Phrase) {
		got = append(got, p.String())
	}
	diffLists(t, "expand", got, []string{
		"HALL_OF_KEEPER", "HALL_OF_KEEPERS", "HALL_OF_WARDEN",
		"HALLS_OF_KEEPER", "HALLS_OF_KEEPERS", "HALLS_OF_WARDEN",
	})
	if got := a.Expand(a.Entries[0].Phrase); len(got) != 1 || got[0].String() != "LAMPLIGHTER" {
		t.Errorf("expand without marker: %v", got)
	}
	if got := a.Expand(a.Entries[3].Phrase); len(got) != 3 || got[2].String() != "TOLLWARDEN" {
		t.Errorf("expand TOLL!KEEPER!: %v", got)
	}
	if e := a.Entries[5]; len(e.Phrase.Gaps) != 1 || e.File != "a.agents" {
		t.Errorf("CHIEF ARCHIVIST: %+v", e)
	}
}

func TestReadAgentsErrors(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		want       string
	}{
		{"unclosed plural", "CLERK {CLERKS [~GOV]", 1, "never closed"},
		{"two plural lists", "CLERK {CLERKS} {CLERKEN} [~GOV]", 1, "more than one {...}"},
		{"two codes", "CLERK [~GOV] [~BUS]", 1, "more than one [code]"},
		{"unclosed code", "CLERK [~GOV", 1, "never closed"},
		{"bad code", "CLERK [~G V]", 1, "bad agent code"},
		{"text after code", "CLERK [~GOV] extra", 1, "unexpected text"},
		{"stray bracket", "CLERK] [~GOV]", 1, "without its opening bracket"},
		{"empty phrase", "[~GOV]", 1, "empty phrase"},
		{"open marker", "TOLL!KEEPER [~GOV]", 1, "not closed with '!'"},
		{"undefined marker", "!KEEPER! = KEEPER\nTOLL!WARDEN! [~GOV]", 2, "marker !WARDEN! is not defined"},
		{"bad substitution name", "!KEEPER = KEEPER", 1, "want !NAME!"},
		{"empty substitution member", "!KEEPER! = KEEPER,,WARDEN", 1, "empty member"},
		{"substitution defined twice", "!KEEPER! = KEEPER\n!KEEPER! = WARDEN", 2, "defined twice"},
		{"substitution member with bracket", "!KEEPER! = KEEPER [X]", 1, "brackets"},
		{"bad plural", "CLERK {,_,} [~GOV]", 1, "plural: empty phrase"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := petrarch.ReadAgents(strings.NewReader(tc.text), "bad.agents", nil)
			checkPosError(t, err, "bad.agents", tc.line, tc.want)
			if _, err := petrarch.ReadAgents(strings.NewReader(tc.text), "bad.agents", &petrarch.Options{Lenient: true}); err != nil {
				t.Errorf("lenient: %v", err)
			}
		})
	}
}

func TestReadAgentsTolerated(t *testing.T) {
	const dict = `CLERK [~GOV}
WANDERER
SCRIBE [~MED]
`
	var c collector
	a, err := petrarch.ReadAgents(strings.NewReader(dict), "slips", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpAgents(a), []string{"1 CLERK [~GOV]", "3 SCRIBE [~MED]"})
	diffLists(t, "warnings", c.lines(), []string{
		"1: code [~GOV closed with '}' instead of ']'",
		"2: agent \"WANDERER\" has no [code]; skipped",
	})
}

func TestReadAgentsLenient(t *testing.T) {
	const dict = `CLERK {CLERKS [~GOV]
TOLL!WARDEN! [~GOV]
SCRIBE [~MED]
`
	var c collector
	a, err := petrarch.ReadAgents(strings.NewReader(dict), "l", c.opts(true))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpAgents(a), []string{"3 SCRIBE [~MED]"})
	diffLists(t, "warnings", c.lines(), []string{
		"1: '{' is never closed with '}'",
		"2: substitution marker !WARDEN! is not defined",
	})
}
