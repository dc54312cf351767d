package nlp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// markSpans finds each "TYPE:words" mention in the sentences, in order, and
// returns the spans per sentence.
func markSpans(t *testing.T, sents []avocet.Sentence, mentions []string) [][]nlp.EntitySpan {
	t.Helper()
	out := make([][]nlp.EntitySpan, len(sents))
	si, ti := 0, 0
	for _, m := range mentions {
		typ, phrase, _ := strings.Cut(m, ":")
		w := words(phrase)
		found := false
		for ; si < len(sents) && !found; si, ti = si+1, 0 {
			toks := sents[si].Tokens
			for ; ti+len(w) <= len(toks); ti++ {
				ok := true
				for k := range w {
					if toks[ti+k].Form != w[k] {
						ok = false
						break
					}
				}
				if ok {
					out[si] = append(out[si], nlp.EntitySpan{Start: ti, End: ti + len(w), Type: typ})
					ti += len(w)
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			t.Fatalf("mention %q not found in order", m)
		}
	}
	return out
}

// describe renders entities as "TYPE Name [Canonical/Code] = mention | mention".
func describe(story string, es []avocet.Entity) []string {
	var out []string
	for _, e := range es {
		var ms []string
		for _, sp := range e.Mentions {
			ms = append(ms, story[sp.Start:sp.End])
		}
		line := e.Type + " " + e.Name
		if e.Canonical != "" || e.Code != "" {
			line += fmt.Sprintf(" [%s/%s]", e.Canonical, e.Code)
		}
		out = append(out, line+" = "+strings.Join(ms, " | "))
	}
	return out
}

func TestGroupEntities(t *testing.T) {
	g := nlp.NewPhraseGazetteer()
	g.Add([]string{"United", "Nations"}, "ORG", "United Nations", "IGOUNO")
	g.Add([]string{"UN"}, "ORG", "United Nations", "IGOUNO")
	g.Add([]string{"Cyril", "Ramaphosa"}, "PER", "Cyril Ramaphosa", "ZAFGOV")
	g.Add([]string{"South", "Africa"}, nlp.KindGPE, "South Africa", "ZAF")
	tests := []struct {
		name     string
		story    string
		mentions []string
		lookup   bool
		want     []string
	}{
		{
			name: "surname after full name",
			story: "South African President Cyril Ramaphosa arrived in Addis Ababa on Sunday. " +
				"Ramaphosa will meet Ethiopian officials. Officials said Ramaphosa was tired.",
			mentions: []string{"PER:Cyril Ramaphosa", "GPE:Addis Ababa", "PER:Ramaphosa", "PER:Ramaphosa"},
			lookup:   true,
			want: []string{
				"PER Cyril Ramaphosa [Cyril Ramaphosa/ZAFGOV] = Cyril Ramaphosa | Ramaphosa | Ramaphosa",
				"GPE Addis Ababa = Addis Ababa",
			},
		},
		{
			name:     "full name after surname",
			story:    "Odinga rejected the results. Raila Odinga said he would go to court.",
			mentions: []string{"PER:Odinga", "PER:Raila Odinga"},
			want:     []string{"PER Raila Odinga = Odinga | Raila Odinga"},
		},
		{
			name:     "canonical name joins an acronym the gazetteer knows",
			story:    "The United Nations warned of famine. The UN said aid was blocked.",
			mentions: []string{"ORG:United Nations", "ORG:UN"},
			lookup:   true,
			want:     []string{"ORG United Nations [United Nations/IGOUNO] = United Nations | UN"},
		},
		{
			name:     "acronym of a name the gazetteer does not know",
			story:    "The Economic Community of West African States met in Abuja. ECOWAS leaders agreed on sanctions.",
			mentions: []string{"ORG:Economic Community of West African States", "GPE:Abuja", "ORG:ECOWAS"},
			want: []string{
				"ORG Economic Community of West African States = Economic Community of West African States | ECOWAS",
				"GPE Abuja = Abuja",
			},
		},
		{
			name:     "two people with one surname stay apart",
			story:    "Bill Clinton and Hillary Clinton spoke. Clinton later left.",
			mentions: []string{"PER:Bill Clinton", "PER:Hillary Clinton", "PER:Clinton"},
			want: []string{
				"PER Bill Clinton = Bill Clinton",
				"PER Hillary Clinton = Hillary Clinton | Clinton",
			},
		},
		{
			name:     "same name with different types, majority wins",
			story:    "Jordan closed its border. Jordan said it feared attacks. Troops entered Jordan.",
			mentions: []string{"LOC:Jordan", "PER:Jordan", "GPE:Jordan"},
			want:     []string{"GPE Jordan = Jordan | Jordan | Jordan"},
		},
		{
			name:     "places and organisations are not surnames",
			story:    "New York police arrested a man in York.",
			mentions: []string{"GPE:New York", "GPE:York"},
			want:     []string{"GPE New York = New York", "GPE York = York"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sents := text.Segment(tt.story, nil)
			spans := markSpans(t, sents, tt.mentions)
			var lookup nlp.EntityLookup
			if tt.lookup {
				lookup = g.Lookup
			}
			got := describe(tt.story, nlp.GroupEntities(tt.story, sents, spans, lookup))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestGroupEntitiesPipeline runs the whole chain on a short article:
// segment, annotate, recognise, group.
func TestGroupEntitiesPipeline(t *testing.T) {
	story := "Kenyan President William Ruto met United Nations Secretary-General Antonio Guterres in Nairobi on Monday. " +
		"Ruto told Guterres that Kenya would send police officers to Haiti. " +
		"The UN welcomed the offer."
	sents := segmentAndTag(t, story)
	ner := builtinNER(t)
	spans := make([][]nlp.EntitySpan, len(sents))
	for i := range sents {
		spans[i] = ner.Spans(&sents[i])
	}
	es := nlp.GroupEntities(story, sents, spans, testGazetteer().Lookup)
	got := describe(story, es)
	for _, want := range []string{"PER William Ruto", "GPE Kenya", "GPE Haiti"} {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no entity %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, g := range got {
		if strings.HasPrefix(g, "PER William Ruto") && !strings.HasSuffix(g, "= William Ruto | Ruto") {
			t.Errorf("Ruto's mentions not grouped: %s", g)
		}
	}
}

// TestGroupEntitiesTitles: titles the recogniser took into a person's
// span are not part of the name, as in UNER.
func TestGroupEntitiesTitles(t *testing.T) {
	story := "Minister Kaka Kakaski spoke. Prime Minister Lena Ostrova agreed. Queen Rania visited."
	sents := text.Segment(story, nil)
	spans := markSpans(t, sents, []string{"PER:Minister Kaka Kakaski", "PER:Prime Minister Lena Ostrova", "PER:Queen Rania"})
	got := nlp.GroupEntities(story, sents, spans, nil)
	var names []string
	for _, e := range got {
		names = append(names, e.Name)
	}
	want := []string{"Kaka Kakaski", "Lena Ostrova", "Rania"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("names %q, want %q", names, want)
	}
}
