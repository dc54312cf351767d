package format

import (
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
)

// GDELTColumns names the 61 columns of a GDELT 2.0 Events record, in order.
var GDELTColumns = []string{
	"GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
	"NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// GDELTWriter writes events as GDELT 2.0 Events records: tab-separated,
// no header, one event a line, with GDELT's semantics for the columns
// avocet can fill and the others empty:
//
//   - GlobalEventID is a stable 63-bit hash of the article, sentence,
//     dyad and code (not GDELT's sequence);
//   - actor codes split as GDELT does: country, then up to three type
//     codes; international and non-state roots (IGO, NGO, IMG, MNC, ...)
//     go to Type1Code with the organisation in KnownGroupCode;
//   - IsRootEvent is 1 for events of the headline or the first sentence;
//   - NumSources and NumArticles are 1 (one story), NumMentions the
//     story's mention count; AvgTone is empty until tone exists;
//   - ActionGeo is Event.Location, Actor1Geo and Actor2Geo the actors'
//     places (country codes are ISO alpha-3, not GDELT's FIPS);
//   - DATEADDED is the story date at midnight (GDELT: when it was added);
//   - SOURCEURL is the article URL, else its ID.
type GDELTWriter struct {
	w   io.Writer
	buf []byte
}

// NewGDELTWriter returns a writer over w.
func NewGDELTWriter(w io.Writer) *GDELTWriter { return &GDELTWriter{w: w} }

// Write writes one event of article a.
func (g *GDELTWriter) Write(e avocet.Event, a *avocet.Article) error {
	f := GDELTFields(e, a)
	g.buf = g.buf[:0]
	for i, v := range f {
		if i > 0 {
			g.buf = append(g.buf, '\t')
		}
		g.buf = append(g.buf, cleanTSV(v)...)
	}
	g.buf = append(g.buf, '\n')
	_, err := g.w.Write(g.buf)
	return err
}

// GDELTFields returns the 61 column values of e.
func GDELTFields(e avocet.Event, a *avocet.Article) []string {
	f := make([]string, len(GDELTColumns))
	h := fnv.New64a()
	io.WriteString(h, e.ArticleID+"\x00"+strconv.Itoa(e.Sentence)+"\x00"+e.Source.Code+"\x00"+e.Target.Code+"\x00"+e.Code)
	f[0] = strconv.FormatUint(h.Sum64()>>1, 10)
	if !e.Date.IsZero() {
		d := e.Date
		f[1] = d.Format("20060102")
		f[2] = d.Format("200601")
		f[3] = d.Format("2006")
		f[4] = strconv.FormatFloat(float64(d.Year())+float64(d.YearDay())/365, 'f', 4, 64)
	}
	actor := func(base int, act avocet.Actor) {
		code := act.Code
		if code == "" || code == "---" {
			return
		}
		f[base] = code
		f[base+1] = strings.ToUpper(act.Name)
		parts := split3(code)
		types := parts
		switch {
		case len(parts) > 0 && parts[0] == "---":
			types = parts[1:]
		case len(parts) > 0 && nonState[parts[0]]:
			if len(parts) > 1 {
				f[base+3] = parts[1] // known group: UNO, NAT, AMN ...
			}
			types = parts[:1]
		case len(parts) > 0:
			f[base+2] = parts[0]
			types = parts[1:]
		}
		for i := 0; i < 3 && i < len(types); i++ {
			f[base+7+i] = types[i]
		}
	}
	actor(5, e.Source)
	actor(15, e.Target)
	if e.Sentence <= 0 {
		f[25] = "1"
	} else {
		f[25] = "0"
	}
	f[26], f[27], f[28] = e.Code, e.BaseCode, e.RootCode
	if e.QuadClass > 0 {
		f[29] = strconv.Itoa(e.QuadClass)
	}
	f[30] = strconv.FormatFloat(e.Goldstein, 'f', 1, 64)
	f[31] = strconv.Itoa(max(e.Mentions, 1))
	f[32], f[33] = "1", "1"
	geo := func(base int, l *avocet.Location) {
		if l == nil {
			return
		}
		f[base] = strconv.Itoa(l.Type)
		f[base+1] = l.Name
		f[base+2] = l.Country
		f[base+3] = l.Admin1
		f[base+5] = strconv.FormatFloat(l.Lat, 'f', 4, 64)
		f[base+6] = strconv.FormatFloat(l.Lon, 'f', 4, 64)
		if l.GeoNameID != 0 {
			f[base+7] = strconv.Itoa(l.GeoNameID)
		}
	}
	geo(35, e.Source.Place) // Actor1Geo_*
	geo(43, e.Target.Place) // Actor2Geo_*
	geo(51, e.Location)     // ActionGeo_*
	if a != nil {
		if !a.Date.IsZero() {
			f[59] = a.Date.UTC().Truncate(24 * time.Hour).Format("20060102150405")
		}
		f[60] = a.URL
		if f[60] == "" {
			f[60] = a.ID
		}
	}
	return f
}

// nonState are CAMEO actor roots that are not countries.
var nonState = map[string]bool{"IGO": true, "NGO": true, "IMG": true, "MNC": true, "NGM": true, "UIS": true}

func split3(code string) []string {
	var out []string
	for i := 0; i+3 <= len(code); i += 3 {
		out = append(out, code[i:i+3])
	}
	return out
}

// cleanTSV keeps a field on one line and in one column.
func cleanTSV(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
