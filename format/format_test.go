package format_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
)

func testEvent() avocet.Event {
	return avocet.Event{
		ArticleID: "a1", Sentence: 0, Date: time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC),
		Source: avocet.Actor{Code: "KENCOP", Name: "Kenyan police", Country: "KEN"},
		Target: avocet.Actor{Code: "IGOUNO", Name: "the UN"},
		Code:   "173", BaseCode: "173", RootCode: "17", QuadClass: 4, Goldstein: -5, Mentions: 2,
		Verb: avocet.Span{Start: 14, End: 22},
	}
}

func TestGDELTColumns(t *testing.T) {
	if n := len(format.GDELTColumns); n != 61 {
		t.Fatalf("%d GDELT columns, want 61", n)
	}
	var buf bytes.Buffer
	a := &avocet.Article{ID: "a1", URL: "https://news.example/a1", Date: time.Date(2024, 3, 15, 9, 30, 0, 0, time.UTC)}
	e := testEvent()
	e.Source.Place = &avocet.Location{Name: "Kisumu, Kisumu, Kenya", Country: "KEN", Admin1: "KE.17", Lat: -0.10221, Lon: 34.76171, GeoNameID: 191245, Type: 4}
	if err := format.NewGDELTWriter(&buf).Write(e, a); err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSuffix(buf.String(), "\n")
	f := strings.Split(line, "\t")
	if len(f) != 61 {
		t.Fatalf("%d fields, want 61", len(f))
	}
	col := func(name string) string {
		for i, c := range format.GDELTColumns {
			if c == name {
				return f[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	want := map[string]string{
		"Day": "20240311", "MonthYear": "202403", "Year": "2024",
		"Actor1Code": "KENCOP", "Actor1Name": "KENYAN POLICE", "Actor1CountryCode": "KEN", "Actor1Type1Code": "COP",
		"Actor2Code": "IGOUNO", "Actor2CountryCode": "", "Actor2KnownGroupCode": "UNO", "Actor2Type1Code": "IGO",
		"IsRootEvent": "1", "EventCode": "173", "EventBaseCode": "173", "EventRootCode": "17",
		"QuadClass": "4", "GoldsteinScale": "-5.0", "NumMentions": "2", "NumSources": "1", "NumArticles": "1",
		"AvgTone": "", "ActionGeo_Type": "", "DATEADDED": "20240315000000", "SOURCEURL": "https://news.example/a1",
		"Actor1Geo_Type": "4", "Actor1Geo_FullName": "Kisumu, Kisumu, Kenya", "Actor1Geo_CountryCode": "KEN", "Actor1Geo_ADM1Code": "KE.17",
		"Actor1Geo_Lat": "-0.1022", "Actor1Geo_Long": "34.7617", "Actor1Geo_FeatureID": "191245", "Actor2Geo_Type": "", "Actor2Geo_FullName": "",
	}
	for name, w := range want {
		if got := col(name); got != w {
			t.Errorf("%s = %q, want %q", name, got, w)
		}
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	w := format.NewCSVWriter(&buf)
	e := format.NewEventJSON(testEvent(), "Kenyan police arrested two UN staff, officials said.", "Kenyan police arrested two UN staff, officials said.")
	if err := w.Write(e); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(recs[0]) != len(format.CSVColumns) || len(recs[1]) != len(recs[0]) {
		t.Fatalf("records %v", recs)
	}
	row := map[string]string{}
	for i, c := range recs[0] {
		row[c] = recs[1][i]
	}
	if row["verb"] != "arrested" || row["source_code"] != "KENCOP" || row["code"] != "173" || row["text"] != "Kenyan police arrested two UN staff, officials said." {
		t.Errorf("row %v", row)
	}
}
