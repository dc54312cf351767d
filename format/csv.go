package format

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVColumns are the columns of CSV output: the event, its actors and its
// provenance, flattened.
var CSVColumns = []string{
	"article_id", "sentence", "date", "source_code", "source_name", "source_country",
	"target_code", "target_name", "target_country", "code", "base_code", "root_code",
	"quad_class", "goldstein", "plover_type", "plover_mode",
	"negated", "hypothetical", "future", "reported", "passive", "headline",
	"verb", "verb_start", "verb_end", "rule_pattern", "rule_file", "rule_line",
	"confidence", "mentions", "text",
	"location_name", "location_country", "location_lat", "location_lon",
	"source_geo_name", "source_geo_country", "source_geo_lat", "source_geo_lon",
	"target_geo_name", "target_geo_country", "target_geo_lat", "target_geo_lon",
}

// geoCSV returns a place's name, country, latitude and longitude, or four
// empty strings.
func geoCSV(l *LocationJSON) []string {
	if l == nil {
		return []string{"", "", "", ""}
	}
	return []string{l.Name, l.Country, strconv.FormatFloat(l.Lat, 'f', -1, 64), strconv.FormatFloat(l.Lon, 'f', -1, 64)}
}

// CSVWriter writes events as CSV (RFC 4180) with a header line.
type CSVWriter struct {
	w      *csv.Writer
	header bool
}

// NewCSVWriter returns a writer over w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one event record (as built by NewEventJSON).
func (c *CSVWriter) Write(e EventJSON) error {
	if !c.header {
		c.header = true
		if err := c.w.Write(CSVColumns); err != nil {
			return err
		}
	}
	b := func(v bool) string { return strconv.FormatBool(v) }
	span := func(s []int, i int) string {
		if len(s) != 2 {
			return ""
		}
		return strconv.Itoa(s[i])
	}
	rec := []string{
		e.ArticleID, strconv.Itoa(e.Sentence), e.Date,
		e.Source.Code, e.Source.Name, e.Source.Country,
		e.Target.Code, e.Target.Name, e.Target.Country,
		e.Code, e.BaseCode, e.RootCode, strconv.Itoa(e.QuadClass),
		strconv.FormatFloat(e.Goldstein, 'f', -1, 64), e.PloverType, e.PloverMode,
		b(e.Flags.Negated), b(e.Flags.Hypothetical), b(e.Flags.Future), b(e.Flags.Reported), b(e.Flags.Passive), b(e.Flags.Headline),
		e.Verb, span(e.VerbSpan, 0), span(e.VerbSpan, 1),
		e.Rule.Pattern, e.Rule.File, strconv.Itoa(e.Rule.Line),
		strconv.FormatFloat(e.Confidence, 'f', -1, 64), strconv.Itoa(e.Mentions),
		strings.ReplaceAll(e.Text, "\n", " "),
	}
	rec = append(rec, geoCSV(e.Location)...)
	rec = append(rec, geoCSV(e.Source.Place)...)
	rec = append(rec, geoCSV(e.Target.Place)...)
	if err := c.w.Write(rec); err != nil {
		return err
	}
	return nil
}

// Flush writes buffered records and reports any write error.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
