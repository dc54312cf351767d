package format

import (
	"math"

	"github.com/avocet-events/avocet"
)

// KnowledgeJSON is one article's knowledge as a JSONL record: entities,
// places, themes, tone, amounts, quotations and dates, with byte spans
// into the article text.
type KnowledgeJSON struct {
	ArticleID  string          `json:"article_id"`
	URL        string          `json:"url,omitempty"`
	Source     string          `json:"source,omitempty"`
	Date       string          `json:"date,omitempty"`
	Title      string          `json:"title,omitempty"`
	Entities   []EntityJSON    `json:"entities"`
	Locations  []LocationJSON  `json:"locations"`
	Themes     []ThemeJSON     `json:"themes"`
	Tone       ToneJSON        `json:"tone"`
	Amounts    []AmountJSON    `json:"amounts"`
	Quotations []QuotationJSON `json:"quotations"`
	Dates      []DateJSON      `json:"dates"`
}

// EntityJSON is a named entity with all its mentions.
type EntityJSON struct {
	Type      string        `json:"type"`
	Name      string        `json:"name"`
	Canonical string        `json:"canonical,omitempty"`
	Code      string        `json:"code,omitempty"`
	Place     *LocationJSON `json:"place,omitempty"` // where a LOC or GPE is, when geocoded
	Mentions  [][]int       `json:"mentions"`
}

// ThemeJSON is a theme with the spans that evoked it.
type ThemeJSON struct {
	Code     string  `json:"code"`
	Mentions [][]int `json:"mentions"`
}

// ToneJSON is GDELT-style tone.
type ToneJSON struct {
	Tone     float64 `json:"tone"`
	Positive float64 `json:"positive"`
	Negative float64 `json:"negative"`
	Polarity float64 `json:"polarity"`
	Words    int     `json:"words"`
}

// AmountJSON is a number with what it counts.
type AmountJSON struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit,omitempty"`
	Object string  `json:"object,omitempty"`
	Span   []int   `json:"span"`
}

// QuotationJSON is quoted speech with its speaker.
type QuotationJSON struct {
	Text    string `json:"text"`
	Span    []int  `json:"span"`
	Speaker string `json:"speaker,omitempty"`
	Code    string `json:"code,omitempty"`
}

// DateJSON is a date the article mentions, resolved.
type DateJSON struct {
	Date        string `json:"date"`
	Granularity string `json:"granularity"`
	Span        []int  `json:"span"`
}

func spanJSON(s avocet.Span) []int { return []int{s.Start, s.End} }

func spansJSON(ss []avocet.Span) [][]int {
	out := make([][]int, len(ss))
	for i, s := range ss {
		out[i] = spanJSON(s)
	}
	return out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// NewKnowledgeJSON builds the output record of k for article a.
func NewKnowledgeJSON(k avocet.Knowledge, a *avocet.Article) KnowledgeJSON {
	out := KnowledgeJSON{ArticleID: k.ArticleID, Entities: []EntityJSON{}, Locations: []LocationJSON{}, Themes: []ThemeJSON{},
		Amounts: []AmountJSON{}, Quotations: []QuotationJSON{}, Dates: []DateJSON{}}
	if a != nil {
		out.URL, out.Source, out.Title = a.URL, a.Publisher, a.Title
		if !a.Date.IsZero() {
			out.Date = a.Date.Format("2006-01-02")
		}
	}
	for _, e := range k.Entities {
		out.Entities = append(out.Entities, EntityJSON{Type: e.Type, Name: e.Name, Canonical: e.Canonical, Code: e.Code, Place: newLocationJSON(e.Place), Mentions: spansJSON(e.Mentions)})
	}
	for i := range k.Locations {
		out.Locations = append(out.Locations, *newLocationJSON(&k.Locations[i]))
	}
	for _, t := range k.Themes {
		out.Themes = append(out.Themes, ThemeJSON{Code: t.Code, Mentions: spansJSON(t.Mentions)})
	}
	out.Tone = ToneJSON{Tone: round2(k.Tone.Tone), Positive: round2(k.Tone.Positive), Negative: round2(k.Tone.Negative), Polarity: round2(k.Tone.Polarity), Words: k.Tone.Words}
	for _, am := range k.Amounts {
		out.Amounts = append(out.Amounts, AmountJSON{Value: am.Value, Unit: am.Unit, Object: am.Object, Span: spanJSON(am.Span)})
	}
	for _, q := range k.Quotations {
		out.Quotations = append(out.Quotations, QuotationJSON{Text: q.Text, Span: spanJSON(q.Span), Speaker: q.Speaker, Code: q.Code})
	}
	for _, d := range k.Dates {
		out.Dates = append(out.Dates, DateJSON{Date: d.Date.Format("2006-01-02"), Granularity: d.Granularity, Span: spanJSON(d.Span)})
	}
	return out
}
