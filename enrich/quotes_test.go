package enrich_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet/enrich"
)

// fmtQuotes renders quotations as "text / speaker".
func fmtQuotes(in string, opts *enrich.Options, tagged bool, t *testing.T) []string {
	var out []string
	for _, q := range enrich.Quotations(in, segment(t, in, tagged), opts) {
		s := q.Text + " / " + q.Speaker
		if q.Code != "" {
			s += " / " + q.Code
		}
		out = append(out, s)
	}
	return out
}

func TestQuotations(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		reason   string
	}{
		{"speaker after, verb last", `"We will not back down," the ministry said.`,
			[]string{"We will not back down / the ministry"}, "the comma inside the marks is dropped"},
		{"speaker after, verb first", `"It is over now," said Foreign Minister Sergei Lavrov on Monday.`,
			[]string{"It is over now / Foreign Minister Sergei Lavrov"}, ""},
		{"comma outside", `"The plan is dead", Lavrov told reporters.`,
			[]string{"The plan is dead / Lavrov"}, ""},
		{"apposition", `"The army is lying," Yasir Adam, the rebel commander, said.`,
			[]string{"The army is lying / Yasir Adam"}, ""},
		{"according to", `"The plan is dead," according to a senior official.`,
			[]string{"The plan is dead / a senior official"}, ""},
		{"speaker before, colon", `Lavrov said: "We are ready to talk."`,
			[]string{"We are ready to talk. / Lavrov"}, ""},
		{"speaker before, phrase", `The ministry said in a statement: "The talks will resume."`,
			[]string{"The talks will resume. / The ministry"}, ""},
		{"speaker before, told", `On Monday, Lavrov told reporters "We are ready to talk."`,
			[]string{"We are ready to talk. / Lavrov"}, ""},
		{"speaker before, of", `The head of the agency said that "aid is blocked at the border".`,
			[]string{"aid is blocked at the border / The head of the agency"}, ""},
		{"curly", `“We won this war,” he said.`, []string{"We won this war / he"}, ""},
		{"low and high", `„Wir haben gewonnen“, sagte er.`, []string{"Wir haben gewonnen / "}, "no English attribution"},
		{"guillemets", `« Nous avons gagné la guerre », a-t-il dit.`, []string{"Nous avons gagné la guerre / "}, ""},
		{"no speaker", `The banner read "no peace without justice" in red.`, []string{"no peace without justice / "}, ""},
		{"same paragraph", `"We are hungry," said Fatima Osman. "We need food and medicine."`,
			[]string{"We are hungry / Fatima Osman", "We need food and medicine. / Fatima Osman"}, "a quotation that goes on keeps its speaker"},
		{"next paragraph", "\"We are hungry,\" said Fatima Osman.\n\nThe UN said \"aid is on the way now\" in a statement.",
			[]string{"We are hungry / Fatima Osman", "aid is on the way now / The UN"}, ""},
		{"several paragraphs", "\"The first part of it goes on.\n\"And the second part ends,\" he said.",
			[]string{"The first part of it goes on. / ", "And the second part ends / he"}, "each paragraph opens again without closing"},

		// Not quotations.
		{"scare quotes", `The so-called "peace plan" failed.`, nil, "fewer than three words"},
		{"unbalanced", `He said "this never ends and goes on.`, nil, ""},
		{"blank line", "He said \"this goes on\n\nand on,\" the end.", nil, "quotations do not cross a blank line"},
		{"empty", `"" "   "`, nil, ""},
	}
	for _, tagged := range []bool{false, true} {
		for _, tc := range tests {
			name := tc.name
			if tagged {
				name += "/tagged"
			}
			t.Run(name, func(t *testing.T) {
				got := fmtQuotes(tc.in, nil, tagged, t)
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Quotations(%q)\n got %q\nwant %q\n%s", tc.in, got, tc.want, tc.reason)
				}
			})
		}
	}
}

func TestQuotationsCode(t *testing.T) {
	in := `"We will respond," the Russian foreign ministry said. "It is over," he said.`
	opts := &enrich.Options{Code: func(s string) string {
		if strings.Contains(s, "Russian") {
			return "RUSGOV"
		}
		return ""
	}}
	got := fmtQuotes(in, opts, false, t)
	want := []string{"We will respond / the Russian foreign ministry / RUSGOV", "It is over / he"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestQuotationsBounded checks the limits: endless and unbalanced quotes,
// thousands of quotes, a megabyte without a closing mark.
func TestQuotationsBounded(t *testing.T) {
	endless := `"` + strings.Repeat("and it goes on ", 300) + `," he said. "Short and sweet here," she said.`
	if got := fmtQuotes(endless, nil, false, t); len(got) != 0 {
		t.Errorf("endless quotation: got %q, want none", got)
	}
	if got := fmtQuotes(endless, &enrich.Options{MaxQuoteBytes: 10000}, false, t); len(got) != 2 {
		t.Errorf("endless quotation under a higher limit: got %d, want 2", len(got))
	}
	many := strings.Repeat(`"one two three," he said. `, 5000)
	if got := enrich.Quotations(many, segment(t, many, false), nil); len(got) != enrich.DefaultMaxQuotations {
		t.Errorf("%d quotations, want %d", len(got), enrich.DefaultMaxQuotations)
	}
	if got := enrich.Quotations(many, nil, &enrich.Options{MaxQuotations: 3}); len(got) != 3 {
		t.Errorf("%d quotations, want 3", len(got))
	}
	huge := `He said "` + strings.Repeat("word ", 1<<18)
	start := time.Now()
	if got := enrich.Quotations(huge, segment(t, huge, false), nil); len(got) != 0 {
		t.Errorf("unclosed megabyte: %d quotations", len(got))
	}
	marks := strings.Repeat(`"`, 1<<20)
	if got := enrich.Quotations(marks, nil, nil); len(got) != 0 {
		t.Errorf("only marks: %d quotations", len(got))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
