package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKnowledgeSample checks the sample article's knowledge against what
// the article says (read by hand): it is set in Nairobi, Addis Ababa and
// Moyale; it names Foreign Minister Amina Odhiambo; its only date phrase, "on Tuesday" in a story of Friday 15 March
// 2024, is 12 March; it quotes "We don't want another war"; it counts 12
// people, 30 protesters and two villages.
func TestKnowledgeSample(t *testing.T) {
	out, stderr, code := run(t, "", "knowledge", "--date", "2024-03-15", "sample/article.txt")
	if code != 0 {
		t.Fatalf("knowledge failed (%d): %s", code, stderr)
	}
	var k struct {
		Entities []struct {
			Type string `json:"type"`
			Name string `json:"name"`
		} `json:"entities"`
		Locations []struct {
			Name    string `json:"name"`
			Country string `json:"country"`
		} `json:"locations"`
		Themes []struct {
			Code string `json:"code"`
		} `json:"themes"`
		Amounts []struct {
			Value  float64 `json:"value"`
			Object string  `json:"object"`
		} `json:"amounts"`
		Quotations []struct {
			Text string `json:"text"`
		} `json:"quotations"`
		Dates []struct {
			Date string `json:"date"`
		} `json:"dates"`
		Tone struct {
			Tone float64 `json:"tone"`
		} `json:"tone"`
	}
	if err := json.Unmarshal([]byte(out), &k); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}
	entities := map[string]string{}
	for _, e := range k.Entities {
		entities[e.Name] = e.Type
	}
	if entities["Amina Odhiambo"] != "PER" || entities["Ethiopia"] != "GPE" {
		t.Errorf("entities %+v lack Amina Odhiambo (PER) or Ethiopia (GPE)", k.Entities)
	}
	places := map[string]string{}
	for _, l := range k.Locations {
		places[strings.SplitN(l.Name, ",", 2)[0]] = l.Country
	}
	for name, country := range map[string]string{"Nairobi": "KEN", "Addis Ababa": "ETH", "Ethiopia": "ETH", "Kenya": "KEN"} {
		if places[name] != country {
			t.Errorf("place %s: got country %q, want %s (places %v)", name, places[name], country, places)
		}
	}
	if len(k.Dates) != 1 || k.Dates[0].Date != "2024-03-12" {
		t.Errorf("dates %+v, want only 2024-03-12", k.Dates)
	}
	if len(k.Quotations) != 1 || k.Quotations[0].Text != "We don't want another war" {
		t.Errorf("quotations %+v", k.Quotations)
	}
	amounts := map[string]float64{}
	for _, a := range k.Amounts {
		amounts[a.Object] = a.Value
	}
	if amounts["people"] != 12 || amounts["protesters"] != 30 || amounts["villages"] != 2 {
		t.Errorf("amounts %+v", k.Amounts)
	}
	if k.Tone.Tone >= 0 {
		t.Errorf("tone %v: a story of clashes, deaths and arrests should read negative", k.Tone.Tone)
	}
	var protest bool
	for _, th := range k.Themes {
		protest = protest || th.Code == "PROTEST"
	}
	if !protest {
		t.Errorf("themes %+v lack PROTEST", k.Themes)
	}

	out, _, code = run(t, "", "knowledge", "--format", "gkg", "--date", "2024-03-15", "sample/article.txt")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 1 {
		t.Fatalf("gkg: exit %d, %d lines", code, len(lines))
	}
	cols := strings.Split(lines[0], "\t")
	if len(cols) != 27 || !strings.HasPrefix(cols[1], "20240315") {
		t.Errorf("gkg record has %d columns, DATE %q", len(cols), cols[1])
	}
}

// TestKnowledgeNameList: an "article" that is a list of 6,000 distinct
// names completes, with entities capped (grouping compares each mention
// with the entities before it) and every entity a real span of the text.
func TestKnowledgeNameList(t *testing.T) {
	syll := []string{"ka", "lo", "mi", "ra", "su", "te", "vo", "zu", "ne", "pa"}
	var b strings.Builder
	for i := 0; i < 6000; i++ {
		first := strings.ToUpper(syll[i%10][:1]) + syll[i%10][1:] + syll[(i/10)%10]
		last := strings.ToUpper(syll[(i/100)%10][:1]) + syll[(i/100)%10][1:] + syll[(i/1000)%10] + "ski"
		b.WriteString("Minister " + first + " " + last + " spoke. ")
	}
	in := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "", "knowledge", "--date", "2024-03-15", in)
	if code != 0 {
		t.Fatalf("knowledge failed (%d): %s", code, stderr)
	}
	var k struct {
		Entities []struct {
			Name     string  `json:"name"`
			Mentions [][]int `json:"mentions"`
		} `json:"entities"`
	}
	if err := json.Unmarshal([]byte(out), &k); err != nil {
		t.Fatalf("bad JSON: %v", err)
	}
	mentions := 0
	for _, e := range k.Entities {
		mentions += len(e.Mentions)
		for _, m := range e.Mentions {
			if len(m) != 2 || m[0] < 0 || m[1] > b.Len() || m[0] >= m[1] {
				t.Fatalf("entity %q has a bad span %v", e.Name, m)
			}
		}
	}
	if mentions > maxEntityMentions+50 || len(k.Entities) < 1000 {
		t.Errorf("%d entities with %d mentions; want many, and mentions capped near %d", len(k.Entities), mentions, maxEntityMentions)
	}
}
