package enrich_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/enrich"
)

func TestAmounts(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // fmtAmounts
		reason   string
	}{
		{"digits with separators", "Russia massed 30,000 troops near the border.", []string{"30000 troops [30,000 troops]"}, ""},
		{"money in aid", "The EU pledged $3 billion in aid.", []string{"3e+09 USD aid [$3 billion in aid]"}, ""},
		{"glued scale and currency word", "Egypt borrowed 3bn euros last year.", []string{"3e+09 EUR [3bn euros]"}, "no object: the unit is enough"},
		{"number words and scale", "Two million people have fled.", []string{"2e+06 people [Two million people]"}, ""},
		{"level", "The alert was raised to level 4 on Monday.", []string{"4 level [level 4]"}, ""},
		{"percent", "Inflation rose 12 percent in March.", []string{"12 percent [12 percent]"}, ""},
		{"percent sign", "Turnout was 61.5% in the capital.", []string{"61.5 % [61.5%]"}, ""},
		{"per cent", "Prices rose by 8 per cent.", []string{"8 per cent [8 per cent]"}, ""},
		{"a dozen", "Militants burned a dozen villages.", []string{"12 villages [a dozen villages]"}, ""},
		{"hundred and", "Two hundred and fifty soldiers surrendered.", []string{"250 soldiers [Two hundred and fifty soldiers]"}, ""},
		{"hyphenated words", "Twenty-five people were arrested.", []string{"25 people [Twenty-five people]"}, ""},
		{"half a million", "Half a million people marched.", []string{"500000 people [Half a million people]"}, ""},
		{"decimal scale", "Some 1.2 million people face hunger.", []string{"1.2e+06 people [1.2 million people]"}, ""},
		{"glued m with object", "About 3.5m people need aid.", []string{"3.5e+06 people [3.5m people]"}, ""},
		{"code after", "The deal is worth 1,000.50 USD.", []string{"1000.5 USD [1,000.50 USD]"}, ""},
		{"pound sign", "Britain gave £25 million for food.", []string{"2.5e+07 GBP [£25 million]"}, "for is not in/of: no object"},
		{"adjective currency", "Ottawa sent 10 million Canadian dollars.", []string{"1e+07 CAD [10 million Canadian dollars]"}, ""},
		{"money with object of", "It owes $2.3 billion of debt.", []string{"2.3e+09 USD debt [$2.3 billion of debt]"}, ""},
		{"money with noun after", "The IMF approved a $2.3 billion loan.", []string{"2.3e+09 USD loan [$2.3 billion loan]"}, ""},
		{"demonym and noun", "Police detained 12 Syrian refugees.", []string{"12 Syrian refugees [12 Syrian refugees]"}, ""},
		{"modifier and noun", "Gunmen killed 30 armed men.", []string{"30 armed men [30 armed men]"}, ""},
		{"compound modifier", "They seized a dozen anti-tank missiles.", []string{"12 anti-tank missiles [a dozen anti-tank missiles]"}, ""},
		{"two amounts", "At least 240 people were killed and 85,000 displaced.", []string{"240 people [240 people]"}, "85,000 displaced has no noun"},
		{"range", "Between 10 and 15 people died.", []string{"15 people [15 people]"}, "the first number has no object of its own"},

		// Not amounts.
		{"bare number", "Five killed in the attack.", nil, "a participle is not an object"},
		{"year", "In 2019 the election was held.", nil, ""},
		{"year as modifier", "The 2019 election was rigged.", nil, "a year before a singular noun"},
		{"year-like count", "Some 2000 troops arrived.", []string{"2000 troops [2000 troops]"}, "a plural object and no year context"},
		{"name with number", "COVID-19 cases rose.", nil, ""},
		{"compound", "A 5-year-old boy was hurt.", nil, ""},
		{"date", "On 3 March the army moved.", nil, ""},
		{"duration", "He served 10 years in prison.", nil, "durations are dates' business"},
		{"vague", "Hundreds of people and tens of thousands of others.", nil, ""},
		{"fraction", "It lost two thirds of its value.", nil, ""},
		{"metres", "A 5 m wall.", nil, "a one-letter word is not an object"},
		{"e notation", "They fired 1e999 rockets.", nil, "not a number in news style"},
		{"too big", "They sent 999999999999999999999999 troops.", nil, "beyond MaxAmountValue"},
		{"huge digits", "They sent " + strings.Repeat("9", 400) + " troops.", nil, "longer than a number"},
		{"one of", "One of the soldiers died.", nil, ""},
		{"huge level", "At level 99999999999999999999.", nil, "beyond MaxAmountValue"},
		{"scales do not multiply without end", "They owe 5 trillion trillion dollars.", nil, "5e24 is beyond MaxAmountValue"},
	}
	for _, tagged := range []bool{false, true} {
		for _, tc := range tests {
			name := tc.name
			if tagged {
				name += "/tagged"
			}
			t.Run(name, func(t *testing.T) {
				got := fmtAmounts(tc.in, enrich.Amounts(tc.in, segment(t, tc.in, tagged), nil))
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Amounts(%q)\n got %q\nwant %q\n%s", tc.in, got, tc.want, tc.reason)
				}
			})
		}
	}
}

// TestAmountsTagged checks objects that only the tags get right.
func TestAmountsTagged(t *testing.T) {
	in := "Russia deployed 30,000 troops deployed near Kharkiv and a $2.3 billion loan programme."
	got := fmtAmounts(in, enrich.Amounts(in, segment(t, in, true), nil))
	want := []string{"30000 troops [30,000 troops]", "2.3e+09 USD loan programme [$2.3 billion loan programme]"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestAmountsLimit(t *testing.T) {
	in := strings.Repeat("They sent 5 troops. ", 100)
	got := enrich.Amounts(in, segment(t, in, false), &enrich.Options{MaxAmounts: 7})
	if len(got) != 7 {
		t.Errorf("%d amounts, want 7", len(got))
	}
}
