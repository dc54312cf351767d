package pipeline_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/pipeline"
	"github.com/avocet-events/avocet/store/memstore"
)

// A story of our own: shelling of Kharkiv, a quotation, a number and a
// person whose surname is also an English town.
const shelling = `Russian forces shelled Kharkiv on Sunday, killing 4 civilians. "We will rebuild," the mayor said. Chester, a local official, said rescue teams were working. The sanctions on Russia were discussed in Brussels.`

// nameEntities is a stand-in recogniser: every listed name, wherever it
// occurs, as an entity of the given type.
func nameEntities(names map[string]string) func(string, []avocet.Sentence, time.Time) []avocet.Entity {
	return func(text string, _ []avocet.Sentence, _ time.Time) []avocet.Entity {
		var out []avocet.Entity
		for name, typ := range names {
			e := avocet.Entity{Type: typ, Name: name}
			for off := 0; ; {
				i := strings.Index(text[off:], name)
				if i < 0 {
					break
				}
				e.Mentions = append(e.Mentions, avocet.Span{Start: off + i, End: off + i + len(name)})
				off += i + len(name)
			}
			if len(e.Mentions) > 0 {
				out = append(out, e)
			}
		}
		return out
	}
}

func TestIngestKnowledge(t *testing.T) {
	ac := *articleCoder(t)
	ac.Knowledge = true
	// The recogniser errs as real ones do: Kharkiv as a person.
	ac.Entities = nameEntities(map[string]string{"Kharkiv": "PER", "Chester": "PER", "Brussels": "GPE"})
	st := memstore.New(nil)
	counts, err := pipeline.Ingest(context.Background(), st, &ac, source(pipeline.Input{Article: article("s1", "Kharkiv shelled", shelling), Input: "test"}), nil)
	if err != nil || counts.Stored != 1 {
		t.Fatalf("Ingest = %+v, %v", counts, err)
	}
	k, err := st.Knowledge(context.Background(), "s1")
	if err != nil {
		t.Fatalf("Knowledge(s1): %v", err)
	}
	types := map[string]avocet.Entity{}
	for _, e := range k.Entities {
		types[e.Name] = e
	}
	// Kharkiv is a place the geocoder is sure of: a place, with its place.
	if e := types["Kharkiv"]; e.Type != "GPE" || e.Place == nil || e.Place.Country != "UKR" {
		t.Errorf("Kharkiv = %+v, want a GPE placed in UKR", e)
	}
	// Chester stays a person and is not among the article's places.
	if e := types["Chester"]; e.Type != "PER" || e.Place != nil {
		t.Errorf("Chester = %+v, want a PER without a place", e)
	}
	if e := types["Brussels"]; e.Place == nil || e.Place.Country != "BEL" {
		t.Errorf("Brussels = %+v, want placed in BEL", e)
	}
	for _, l := range k.Locations {
		if strings.HasPrefix(l.Name, "Chester") {
			t.Errorf("the person Chester is among the places: %+v", k.Locations)
		}
	}
	if len(k.Locations) == 0 || k.Locations[0].Country != "UKR" {
		t.Errorf("locations %+v, want Kharkiv first", k.Locations)
	}
	themes := map[string]bool{}
	for _, th := range k.Themes {
		themes[th.Code] = true
	}
	if !themes["SANCTIONS"] {
		t.Errorf("themes %v lack SANCTIONS", themes)
	}
	if len(k.Quotations) != 1 || k.Quotations[0].Text != "We will rebuild," && k.Quotations[0].Text != "We will rebuild" {
		t.Errorf("quotations %+v, want the mayor's", k.Quotations)
	}
	if len(k.Amounts) == 0 || k.Amounts[0].Value != 4 || k.Amounts[0].Object != "civilians" {
		t.Errorf("amounts %+v, want 4 civilians", k.Amounts)
	}
	if k.Tone.Words < 30 || k.Tone.Negative == 0 {
		t.Errorf("tone %+v: want the story's 30-odd words counted, \"killing\" among the negative", k.Tone)
	}
	// The events are placed in Kharkiv too.
	page, err := st.Events(context.Background(), avocet.EventQuery{Place: "kharkiv"})
	if err != nil || len(page.Events) == 0 {
		t.Errorf("no event placed in Kharkiv: %v", err)
	}
}

// TestIngestNoKnowledge: without Knowledge, nothing is stored for it.
func TestIngestNoKnowledge(t *testing.T) {
	ac := articleCoder(t)
	st := memstore.New(nil)
	if _, err := pipeline.Ingest(context.Background(), st, ac, source(pipeline.Input{Article: article("s1", "", shelling), Input: "test"}), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Knowledge(context.Background(), "s1"); err == nil {
		t.Error("knowledge stored although the coder was not asked for it")
	}
}
