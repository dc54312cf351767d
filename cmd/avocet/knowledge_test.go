package main

import (
	"encoding/json"
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
