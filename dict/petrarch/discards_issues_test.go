package petrarch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/dict/petrarch"
)

func TestReadDiscards(t *testing.T) {
	const dict = `# fictional discards
+ Grand Regatta   # story level, space after '+'
HOPSCOTCH FINAL
+CROQUET
  LEAGUE   TABLE_	
1887
`
	d, err := petrarch.ReadDiscards(strings.NewReader(dict), "d.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range d.Entries {
		got = append(got, fmt.Sprintf("%s:%d %q story=%v exact=%v #%s", e.File, e.Line, e.Phrase, e.WholeStory, e.Exact, e.Comment))
	}
	diffLists(t, "discards", got, []string{
		`d.txt:2 "Grand Regatta" story=true exact=false #story level, space after '+'`,
		`d.txt:3 "HOPSCOTCH FINAL" story=false exact=false #`,
		`d.txt:4 "CROQUET" story=true exact=false #`,
		`d.txt:5 "LEAGUE TABLE" story=false exact=true #`,
		`d.txt:6 "1887" story=false exact=false #`,
	})
}

func TestReadDiscardsErrors(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		want       string
	}{
		{"empty story phrase", "CROQUET\n+\n", 2, "empty discard phrase"},
		{"only underscore", "+ _\n", 1, "empty discard phrase"},
		{"brackets", "CROQUET [SPORT]\n", 1, "brackets"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := petrarch.ReadDiscards(strings.NewReader(tc.text), "bad.txt", nil)
			checkPosError(t, err, "bad.txt", tc.line, tc.want)
			var c collector
			d, err := petrarch.ReadDiscards(strings.NewReader(tc.text), "bad.txt", c.opts(true))
			if err != nil || len(c.warns) != 1 {
				t.Errorf("lenient: %v, warnings %v", err, c.lines())
			}
			if d != nil && len(d.Entries) > 1 {
				t.Errorf("lenient kept the bad line: %+v", d.Entries)
			}
		})
	}
}

func dumpIssues(is *petrarch.Issues) []string {
	var out []string
	for _, c := range is.Categories {
		out = append(out, fmt.Sprintf("C %d %q %q", c.Line, c.Name, c.Type))
		for _, p := range c.Phrases {
			var ws []string
			for _, w := range p.Words {
				ws = append(ws, w.String())
			}
			out = append(out, fmt.Sprintf("P %d %s => [%s] words=%s", p.Line, p.Text, p.Code, strings.Join(ws, "|")))
		}
		for _, p := range c.Ignores {
			out = append(out, fmt.Sprintf("I %d %s story=%v", p.Line, p.Text, p.Story))
		}
	}
	return out
}

const issueDict = `# fictional issues
loose phrase [LOOSE]

<ISSUE CATEGORY="CANALS" TYPE="ALL">
n:lock [CANAL_LOCKS]
n:lock v:keep [CANAL_LOCKS]   # two prefixes
tow+n:path [TOWPATHS]
~combination lock
~~lock of hair
</ISSUE>
<issue category="BRIDGES">
n:bridge [BRIDGES]
</issue>
`

func TestReadIssues(t *testing.T) {
	var c collector
	is, err := petrarch.ReadIssues(strings.NewReader(issueDict), "i.txt", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpIssues(is), []string{
		`C 2 "" ""`,
		"P 2 loose phrase => [LOOSE] words=loose|phrase",
		`C 4 "CANALS" "ALL"`,
		"P 5 n:lock => [CANAL_LOCKS] words=n:lock",
		"P 6 n:lock v:keep => [CANAL_LOCKS] words=n:lock|v:keep",
		"P 7 tow+n:path => [TOWPATHS] words=n:tow+path",
		"I 8 combination lock story=false",
		"I 9 lock of hair story=true",
		`C 11 "BRIDGES" ""`,
		"P 12 n:bridge => [BRIDGES] words=n:bridge",
	})
	if len(c.warns) != 0 {
		t.Errorf("warnings %v", c.lines())
	}
	w := is.Categories[1].Phrases[2].Words[0]
	if w.Text != "tow+path" || !w.Noun || w.Verb {
		t.Errorf("tow+n:path: %+v", w)
	}
	if c := is.Categories[1]; c.File != "i.txt" || c.Phrases[0].File != "i.txt" || c.Ignores[0].File != "i.txt" {
		t.Errorf("category or phrase file %q", c.File)
	}
}

func TestReadIssuesErrors(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		want       string
	}{
		{"nested block", "<ISSUE CATEGORY=\"A\">\n<ISSUE CATEGORY=\"B\">\n</ISSUE>", 2, "inside the block opened at line 1"},
		{"unclosed block", "<ISSUE CATEGORY=\"A\">\nlock [L]\n", 1, "never closed with </ISSUE>"},
		{"unknown tag", "<THEME CATEGORY=\"A\">", 1, "unknown tag"},
		{"unknown closing tag", "<ISSUE CATEGORY=\"A\">\n</THEME>", 2, "unknown closing tag"},
		{"no category", "<ISSUE TYPE=\"ALL\">", 1, "without a CATEGORY"},
		{"unknown attribute", "<ISSUE CATEGORY=\"A\" COLOR=\"RED\">", 1, "unknown attribute"},
		{"unquoted attribute", "<ISSUE CATEGORY=A>", 1, "want KEY=\"VALUE\""},
		{"unclosed quote", "<ISSUE CATEGORY=\"A>", 1, "not closed with '\"'"},
		{"unclosed tag", "<ISSUE CATEGORY=\"A\"", 1, "not closed with '>'"},
		{"ignore with code", "~lock [L]", 1, "takes no [code]"},
		{"unclosed code", "lock [L", 1, "never closed"},
		{"bad code", "lock [L M]", 1, "bad issue code"},
		{"empty phrase", "[L]", 1, "empty issue phrase"},
		{"empty ignore", "~~", 1, "empty issue phrase"},
		{"stray bracket", "lock ]", 1, "']' without '['"},
		{"brace in phrase", "lo{ck [L]", 1, "unexpected bracket"},
		{"two prefixes", "n:v:lock [L]", 1, "more than one n: or v:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := petrarch.ReadIssues(strings.NewReader(tc.text), "bad.txt", nil)
			checkPosError(t, err, "bad.txt", tc.line, tc.want)
			if _, err := petrarch.ReadIssues(strings.NewReader(tc.text), "bad.txt", &petrarch.Options{Lenient: true}); err != nil {
				t.Errorf("lenient: %v", err)
			}
		})
	}
}

func TestReadIssuesTolerated(t *testing.T) {
	const dict = `<ISSUE CATEGORY="CANALS">
lock keeper
n:lock [LOCKS]n:sluice [LOCKS]
</ISSUE>
</ISSUE>
`
	var c collector
	is, err := petrarch.ReadIssues(strings.NewReader(dict), "slips", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpIssues(is), []string{
		`C 1 "CANALS" ""`,
		"P 3 n:lock => [LOCKS] words=n:lock",
	})
	diffLists(t, "warnings", c.lines(), []string{
		`2: issue phrase "lock keeper" has no [code]; skipped`,
		`3: text "n:sluice [LOCKS]" after the code ignored`,
		"5: </ISSUE> without an open <ISSUE>; ignored",
	})
}
