package format

import (
	"encoding/xml"
	"hash/fnv"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// GKGColumns names the 27 columns of a GDELT Global Knowledge Graph 2.1
// record, in order.
var GKGColumns = []string{
	"GKGRECORDID", "DATE", "SourceCollectionIdentifier", "SourceCommonName", "DocumentIdentifier",
	"Counts", "V2Counts", "Themes", "V2Themes", "Locations", "V2Locations",
	"Persons", "V2Persons", "Organizations", "V2Organizations", "V2Tone", "Dates", "GCAM",
	"SharingImage", "RelatedImages", "SocialImageEmbeds", "SocialVideoEmbeds",
	"Quotations", "AllNames", "Amounts", "TranslationInfo", "Extras",
}

// Indexes of GKGColumns.
const (
	gkgRecordID = iota
	gkgDate
	gkgCollection
	gkgCommonName
	gkgDocument
	gkgCounts
	gkgV2Counts
	gkgThemes
	gkgV2Themes
	gkgLocations
	gkgV2Locations
	gkgPersons
	gkgV2Persons
	gkgOrganizations
	gkgV2Organizations
	gkgTone
	gkgDates
	gkgGCAM
	gkgSharingImage
	gkgRelatedImages
	gkgSocialImages
	gkgSocialVideos
	gkgQuotations
	gkgAllNames
	gkgAmounts
	gkgTranslation
	gkgExtras
)

// MaxGKGBlocks bounds the blocks of one delimited GKG column (mentions,
// names, amounts, ...), so that one article cannot make an endless line.
const MaxGKGBlocks = 10000

// GKGWriter writes article knowledge as GDELT GKG 2.1 records:
// tab-separated, no header, one article a line, with GKG's delimiters and
// semantics for the columns avocet can fill and the others empty:
//
//   - GKGRECORDID is DATE-N, N a stable 32-bit hash of the article ID (GKG
//     numbers records within a 15-minute batch instead); without a date,
//     just N. DATE is the publication time, YYYYMMDDHHMMSS in UTC.
//   - SourceCollectionIdentifier is 1 (web) with the URL as
//     DocumentIdentifier, or 2 (citation only) with the article ID.
//     SourceCommonName is the publisher, else the URL's host.
//   - Counts and V2Counts are empty: avocet has no count-type classifier
//     (its numbers are in Amounts). GCAM, the image and video columns and
//     TranslationInfo are empty too.
//   - Themes lists the theme codes once each; V2Themes has
//     CODE,offset for every mention.
//   - Locations lists each place once as
//     Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID; V2Locations
//     adds ADM2Code (empty) and the offset of each mention, taken from the
//     LOC/GPE entity that names the place, else from the first occurrence
//     of the place's name in the text, else 0. CountryCode is
//     avocet.Location.Country as it is (ISO 3166 alpha-3; GDELT uses FIPS
//     10-4), as in GDELTWriter.
//   - Persons and Organizations list the PER and ORG entities' names once
//     each; V2Persons and V2Organizations have Name,offset for every
//     mention. AllNames has the text of every entity mention with its
//     offset.
//   - V2Tone is tone,positive,negative,polarity,activity reference
//     density,self/group reference density,word count; avocet computes no
//     reference densities, so those two are 0. Empty when no word was
//     counted.
//   - Dates is resolution#month#day#year#offset: 3 for a day (a "week" is
//     written as the day of its Monday), 2 for a month, 1 for a year.
//   - Quotations is offset|length|verb|quote, blocks joined by #; the verb
//     is the speech verb next to the quotation when the text has one
//     ("said"), else empty.
//   - Amounts is amount,object,offset; money has its currency in front of
//     the object ("USD aid", or "USD" alone).
//   - Extras has the title as <PAGE_TITLE>...</PAGE_TITLE>.
//
// Offsets and lengths are in characters (Unicode code points) of the
// article text, as GKG counts them. Delimiters inside values (names,
// quotes, objects) become spaces, and tabs and line breaks anywhere become
// spaces, so a record is always one line of 27 columns. A list column has
// at most MaxGKGBlocks blocks.
type GKGWriter struct {
	w   io.Writer
	buf []byte
}

// NewGKGWriter returns a writer over w.
func NewGKGWriter(w io.Writer) *GKGWriter { return &GKGWriter{w: w} }

// Write writes the knowledge k of article a as one record.
func (g *GKGWriter) Write(k avocet.Knowledge, a *avocet.Article) error {
	g.buf = g.buf[:0]
	for i, v := range GKGFields(k, a) {
		if i > 0 {
			g.buf = append(g.buf, '\t')
		}
		g.buf = append(g.buf, cleanTSV(v)...)
	}
	g.buf = append(g.buf, '\n')
	_, err := g.w.Write(g.buf)
	return err
}

// GKGFields returns the 27 column values of the knowledge k of article a
// (a may be nil: then offsets are byte offsets and the article's columns
// are empty but for the ID).
func GKGFields(k avocet.Knowledge, a *avocet.Article) []string {
	f := make([]string, len(GKGColumns))
	var art avocet.Article
	if a != nil {
		art = *a
	}
	id := art.ID
	if id == "" {
		id = k.ArticleID
	}
	h := fnv.New32a()
	io.WriteString(h, id)
	f[gkgRecordID] = strconv.FormatUint(uint64(h.Sum32()), 10)
	if !art.Date.IsZero() {
		f[gkgDate] = art.Date.UTC().Format("20060102150405")
		f[gkgRecordID] = f[gkgDate] + "-" + f[gkgRecordID]
	}
	f[gkgCollection], f[gkgDocument] = "2", id
	if art.URL != "" {
		f[gkgCollection], f[gkgDocument] = "1", art.URL
	}
	f[gkgCommonName] = art.Publisher
	if f[gkgCommonName] == "" && art.URL != "" {
		if u, err := url.Parse(art.URL); err == nil {
			f[gkgCommonName] = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	off := newCharOffsets(art.Text)

	// Themes.
	var v1, v2 blocks
	for _, t := range k.Themes {
		code := clean(t.Code, ",;")
		v1.add(code)
		for _, m := range t.Mentions {
			v2.add(code + "," + off.at(m.Start))
		}
	}
	f[gkgThemes], f[gkgV2Themes] = v1.join(";"), v2.join(";")

	// Persons, organisations and all names.
	var pers1, pers2, orgs1, orgs2 blocks
	var names []nameAt
	for _, e := range k.Entities {
		name := clean(e.Name, ",;")
		switch e.Type {
		case "PER":
			pers1.add(name)
		case "ORG":
			orgs1.add(name)
		}
		for _, m := range e.Mentions {
			switch e.Type {
			case "PER":
				pers2.add(name + "," + off.at(m.Start))
			case "ORG":
				orgs2.add(name + "," + off.at(m.Start))
			}
			written := name
			if m.Start >= 0 && m.End <= len(art.Text) && m.Start < m.End {
				written = clean(art.Text[m.Start:m.End], ",;")
			}
			if len(names) < MaxGKGBlocks {
				names = append(names, nameAt{written, m.Start})
			}
		}
	}
	f[gkgPersons], f[gkgV2Persons] = pers1.join(";"), pers2.join(";")
	f[gkgOrganizations], f[gkgV2Organizations] = orgs1.join(";"), orgs2.join(";")
	sort.SliceStable(names, func(i, j int) bool { return names[i].at < names[j].at })
	var all blocks
	for _, n := range names {
		all.add(n.name + "," + off.at(n.at))
	}
	f[gkgAllNames] = all.join(";")

	f[gkgLocations], f[gkgV2Locations] = gkgLocationColumns(k, art.Text, off)

	// Tone.
	if t := k.Tone; t.Words > 0 {
		f[gkgTone] = strings.Join([]string{num(t.Tone), num(t.Positive), num(t.Negative), num(t.Polarity), "0", "0", strconv.Itoa(t.Words)}, ",")
	}

	// Dates.
	var dates blocks
	for _, d := range k.Dates {
		if d.Date.IsZero() {
			continue
		}
		res, month, day := "3", int(d.Date.Month()), d.Date.Day()
		switch d.Granularity {
		case "month":
			res, day = "2", 0
		case "year":
			res, month, day = "1", 0, 0
		}
		dates.add(res + "#" + strconv.Itoa(month) + "#" + strconv.Itoa(day) + "#" + strconv.Itoa(d.Date.Year()) + "#" + off.at(d.Span.Start))
	}
	f[gkgDates] = dates.join(";")

	// Quotations.
	var quotes blocks
	for _, q := range k.Quotations {
		quotes.add(off.at(q.Span.Start) + "|" + strconv.Itoa(utf8.RuneCountInString(q.Text)) + "|" +
			quoteVerb(art.Text, q.Span) + "|" + clean(q.Text, "#|"))
	}
	f[gkgQuotations] = quotes.join("#")

	// Amounts.
	var amounts blocks
	for _, m := range k.Amounts {
		obj := strings.TrimSpace(m.Unit + " " + m.Object)
		amounts.add(num(m.Value) + "," + clean(obj, ",;") + "," + off.at(m.Span.Start))
	}
	f[gkgAmounts] = amounts.join(";")

	if art.Title != "" {
		var b strings.Builder
		b.WriteString("<PAGE_TITLE>")
		xml.EscapeText(&b, []byte(art.Title))
		b.WriteString("</PAGE_TITLE>")
		f[gkgExtras] = b.String()
	}
	return f
}

type nameAt struct {
	name string
	at   int
}

// gkgLocationColumns returns the Locations and V2Locations columns.
func gkgLocationColumns(k avocet.Knowledge, text string, off charOffsets) (string, string) {
	type place struct {
		loc  avocet.Location
		at   []int // byte offsets of its mentions
		seen bool
	}
	var places []*place
	same := func(a, b avocet.Location) bool {
		if a.GeoNameID != 0 || b.GeoNameID != 0 {
			return a.GeoNameID == b.GeoNameID
		}
		return a.Name == b.Name && a.Country == b.Country
	}
	find := func(l avocet.Location) *place {
		for _, p := range places {
			if same(p.loc, l) {
				return p
			}
		}
		return nil
	}
	for _, l := range k.Locations {
		if find(l) == nil && len(places) < MaxGKGBlocks {
			places = append(places, &place{loc: l})
		}
	}
	for _, e := range k.Entities {
		if e.Place == nil || e.Type != "LOC" && e.Type != "GPE" {
			continue
		}
		p := find(*e.Place)
		if p == nil {
			if len(places) >= MaxGKGBlocks {
				continue
			}
			p = &place{loc: *e.Place}
			places = append(places, p)
		}
		for _, m := range e.Mentions {
			if len(p.at) < MaxGKGBlocks {
				p.at = append(p.at, m.Start)
			}
		}
	}
	var v1, v2 blocks
	for _, p := range places {
		l := p.loc
		typ := ""
		if l.Type > 0 {
			typ = strconv.Itoa(l.Type)
		}
		lat, lon, feature := "", "", ""
		if l.Type > 0 || l.Lat != 0 || l.Lon != 0 {
			lat, lon = strconv.FormatFloat(l.Lat, 'f', 4, 64), strconv.FormatFloat(l.Lon, 'f', 4, 64)
		}
		if l.GeoNameID != 0 {
			feature = strconv.Itoa(l.GeoNameID)
		}
		name, cc, adm1 := clean(l.Name, "#;"), clean(l.Country, "#;"), clean(l.Admin1, "#;")
		v1.add(strings.Join([]string{typ, name, cc, adm1, lat, lon, feature}, "#"))
		at := p.at
		if len(at) == 0 {
			// No entity names it: the first occurrence of its own name.
			first, _, _ := strings.Cut(l.Name, ",")
			i := -1
			if first = strings.TrimSpace(first); first != "" {
				i = strings.Index(text, first)
			}
			at = []int{max(i, 0)}
		}
		sort.Ints(at)
		for _, a := range at {
			v2.add(strings.Join([]string{typ, name, cc, adm1, "", lat, lon, feature, off.at(a)}, "#"))
		}
	}
	return v1.join(";"), v2.join(";")
}

// blocks collects the blocks of a delimited column, at most MaxGKGBlocks.
type blocks struct{ list []string }

func (b *blocks) add(s string) {
	if len(b.list) < MaxGKGBlocks && s != "" {
		b.list = append(b.list, s)
	}
}

// join returns the blocks joined by sep, each block once.
func (b *blocks) join(sep string) string {
	seen := make(map[string]bool, len(b.list))
	out := b.list[:0]
	for _, s := range b.list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// num formats a number the short way GKG does ("3000000000", "1.5",
// "-2.45").
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// clean replaces the delimiters of a GKG column (and tabs and line breaks)
// in a value by spaces.
func clean(s, delims string) string {
	if !strings.ContainsAny(s, delims+"\t\n\r") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || strings.ContainsRune(delims, r) {
			return ' '
		}
		return r
	}, s)
}

// charOffsets converts byte offsets of a text to character offsets.
type charOffsets struct {
	text  string
	runes []int32 // runes[i]: characters that start before byte i; nil for ASCII text
}

func newCharOffsets(text string) charOffsets {
	c := charOffsets{text: text}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			c.runes = make([]int32, len(text)+1)
			n := int32(0)
			for j := 0; j < len(text); j++ {
				c.runes[j] = n
				if utf8.RuneStart(text[j]) {
					n++
				}
			}
			c.runes[len(text)] = n
			break
		}
	}
	return c
}

// at returns the character offset of byte i as a decimal string.
func (c charOffsets) at(i int) string {
	if c.runes == nil || i < 0 || i >= len(c.runes) {
		return strconv.Itoa(i)
	}
	return strconv.Itoa(int(c.runes[i]))
}

// gkgVerbs are the speech verbs a quotation's verb field may name.
var gkgVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "added": true, "adds": true,
	"stated": true, "warned": true, "declared": true, "announced": true, "wrote": true, "tweeted": true,
	"asked": true, "replied": true, "insisted": true, "noted": true, "explained": true, "argued": true,
	"urged": true, "claimed": true, "stressed": true, "vowed": true, "promised": true, "recalled": true,
	"continued": true, "responded": true, "admitted": true, "acknowledged": true, "emphasized": true,
	"emphasised": true, "cautioned": true, "reiterated": true, "posted": true, "threatened": true,
}

// quoteVerb finds the speech verb of the quotation at span s: among the
// six words after its closing mark or the six before its opening mark,
// within the sentence.
func quoteVerb(text string, s avocet.Span) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	after := text[s.End:min(len(text), s.End+80)]
	if i := strings.IndexAny(after, ".!?\n"); i >= 0 && i > 2 {
		after = after[:i]
	}
	words := strings.Fields(after)
	for i, w := range words {
		if i >= 6 {
			break
		}
		if w = strings.ToLower(strings.Trim(w, "\"“”„«»,:;'’")); gkgVerbs[w] {
			return w
		}
	}
	before := text[max(0, s.Start-80):s.Start]
	if i := strings.LastIndexAny(before, ".!?\n"); i >= 0 {
		before = before[i+1:]
	}
	words = strings.Fields(before)
	for i := len(words) - 1; i >= 0 && len(words)-i <= 6; i-- {
		if w := strings.ToLower(strings.Trim(words[i], "\"“”„«»,:;'’")); gkgVerbs[w] {
			return w
		}
	}
	return ""
}
