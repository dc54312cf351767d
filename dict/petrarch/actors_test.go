package petrarch_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet/dict/petrarch"
)

func dumpActors(a *petrarch.Actors) []string {
	var out []string
	for _, e := range a.Entries {
		var names, codes []string
		for _, n := range e.Names {
			names = append(names, fmt.Sprintf("%s@%d", n.Phrase, n.Line))
		}
		for _, c := range e.Codes {
			s := c.Code
			if !c.From.IsZero() {
				s += " from " + c.From.Format("2006-01-02")
			}
			if !c.To.IsZero() {
				s += " to " + c.To.Format("2006-01-02")
			}
			codes = append(codes, fmt.Sprintf("%s@%d", s, c.Line))
		}
		out = append(out, fmt.Sprintf("%d %s: %s #%s", e.Line, strings.Join(names, " + "), strings.Join(codes, "; "), e.Comment))
	}
	return out
}

// A fictional actor dictionary.
const actorDict = `# fictional actors
FREEDONIA_  [FRD]
+FREEDONIAN_
+REPUBLIC_OF FREEDONIA
RUFUS_FIREFLY_  ; TABARI comment
	[FRDELI 330101-331231]
	[FRDGOV 19331231 - 19351231]
	[FRDGOV >360101]
	[FRDELI <320101]
	[FRDPTY]
SYLVANIA [SYL] [SYLGOV > 300615]
  +TRENTINO_
	[SYLMIL >991231] # 1999, not 2099
<!-- ignored -->
---STOP---
NOT_READ [XXX]
`

func TestReadActors(t *testing.T) {
	var c collector
	a, err := petrarch.ReadActors(strings.NewReader(actorDict), "a.actors", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2 FREEDONIA_@2 + FREEDONIAN_@3 + REPUBLIC_OF FREEDONIA@4: FRD@2 #",
		"5 RUFUS_FIREFLY_@5: FRDELI from 1933-01-01 to 1933-12-31@6; FRDGOV from 1933-12-31 to 1935-12-31@7; FRDGOV from 1936-01-01@8; FRDELI to 1932-01-01@9; FRDPTY@10 #TABARI comment",
		"11 SYLVANIA@11 + TRENTINO_@12: SYL@11; SYLGOV from 2030-06-15@11; SYLMIL from 1999-12-31@13 #",
	}
	diffLists(t, "dump", dumpActors(a), want)
	if len(c.warns) != 0 {
		t.Errorf("warnings %v", c.lines())
	}
	n := a.Entries[0].Names[2]
	if n.Text() != "REPUBLIC OF FREEDONIA" || len(n.Gaps) != 1 || n.Gaps[0] != 2 || n.Exact {
		t.Errorf("name with a space: %+v", n)
	}
	if e := a.Entries[0]; e.File != "a.actors" || e.Line != 2 {
		t.Errorf("entry position %s:%d", e.File, e.Line)
	}
}

func TestCodesAt(t *testing.T) {
	a, err := petrarch.ReadActors(strings.NewReader(actorDict), "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	rufus := &a.Entries[1]
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(15 * time.Hour) // the time of day does not matter
	}
	cases := []struct {
		day  string
		want string
	}{
		{"1931-06-01", "FRDELI"}, // "<320101" is 1932 (years above 30 are 19YY)
		{"1932-01-01", "FRDELI"}, // the last day is included
		{"1932-06-01", "FRDPTY"}, // no period holds: the default code
		{"1933-06-01", "FRDELI"},
		{"1933-12-31", "FRDELI FRDGOV"}, // both periods include the day
		{"1934-05-05", "FRDGOV"},
		{"1935-12-31", "FRDGOV"},
		{"2036-01-01", "FRDGOV"},
	}
	for _, tc := range cases {
		if got := strings.Join(rufus.CodesAt(day(tc.day)), " "); got != tc.want {
			t.Errorf("CodesAt(%s) = %q, want %q", tc.day, got, tc.want)
		}
	}
}

func TestReadActorsErrors(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		want       string
	}{
		{"code before name", "[FRD]\n", 1, "code line before any actor name"},
		{"synonym before name", "+FREEDONIAN\n", 1, "synonym before any actor name"},
		{"empty synonym", "FREEDONIA [FRD]\n+\n", 2, "empty phrase"},
		{"unclosed code", "FREEDONIA [FRD\n", 1, "never closed"},
		{"empty code", "FREEDONIA []\n", 1, "empty code"},
		{"bad date", "FREEDONIA\n\t[FRD >3301]\n", 2, "want YYMMDD or YYYYMMDD"},
		{"no such month", "FREEDONIA\n\t[FRD >331301]\n", 2, "no such date"},
		{"no such day", "FREEDONIA\n\t[FRD 330230-330301]\n", 2, "no such date"},
		{"letters in date", "FREEDONIA\n\t[FRD >33O101]\n", 2, "want YYMMDD"},
		{"bad restriction", "FREEDONIA\n\t[FRD GOV]\n", 2, "bad date restriction"},
		{"half period", "FREEDONIA\n\t[FRD 330101-]\n", 2, "want YYMMDD"},
		{"code with brace", "FREEDONIA [FR{D]\n", 1, "bad actor code"},
		{"code closed by brace", "FREEDONIA [FRD}\n", 1, "closed with '}'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := petrarch.ReadActors(strings.NewReader(tc.text), "bad.actors", nil)
			checkPosError(t, err, "bad.actors", tc.line, tc.want)
			if _, err := petrarch.ReadActors(strings.NewReader(tc.text), "bad.actors", &petrarch.Options{Lenient: true}); err != nil {
				t.Errorf("lenient: %v", err)
			}
		})
	}
}

func TestReadActorsLenient(t *testing.T) {
	const dict = `FREEDONIA [FRD
+FREEDONIAN
	[FRDGOV]
SYLVANIA [SYL]
	[SYLGOV >3301]
	[SYLMIL]
`
	var c collector
	a, err := petrarch.ReadActors(strings.NewReader(dict), "l", c.opts(true))
	if err != nil {
		t.Fatal(err)
	}
	// The synonym and code of a skipped entry go with it, unreported.
	diffLists(t, "dump", dumpActors(a), []string{"4 SYLVANIA@4: SYL@4; SYLMIL@6 #"})
	diffLists(t, "warnings", c.lines(), []string{
		"1: '[' is never closed with ']'",
		"5: [SYLGOV >3301]: bad date \"3301\": want YYMMDD or YYYYMMDD",
	})
}

func TestReadActorsTolerated(t *testing.T) {
	const dict = `FREEDONIA [FRD] trailing notes
+FREEDO]NIAN_
	[FRDGOV 3301017-331231]
	[FRDGOV >201005011]
	[FRDELI 19330101]
	[FRDMIL 340101-330101]
`
	var c collector
	a, err := petrarch.ReadActors(strings.NewReader(dict), "slips", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpActors(a), []string{
		"1 FREEDONIA@1 + FREEDONIAN_@2: FRD@1; FRDGOV from 1933-01-01 to 1933-12-31@3; FRDGOV from 2010-05-01@4; FRDELI@5 #",
	})
	diffLists(t, "warnings", c.lines(), []string{
		"1: text \"trailing notes\" after the code ignored",
		"2: stray ']' in actor name \"FREEDO]NIAN_\" removed",
		"3: date 3301017 in [FRDGOV 3301017-331231] has 7 digits; read as 330101",
		"4: date 201005011 in [FRDGOV >201005011] has 9 digits; read as 20100501",
		"5: date 19330101 in [FRDELI 19330101] has no '<', '>' or '-'; read as an unrestricted code",
		"6: period in [FRDMIL 340101-330101] ends before it starts; code skipped",
	})
}
