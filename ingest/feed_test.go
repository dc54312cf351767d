package ingest_test

import (
	"strings"
	"testing"
)

// Ensure that every item of an RSS 2.0 feed becomes an article, with text
// from content:encoded over description, the channel title as publisher,
// and an error record for an item without text.
func TestFeedRSS2(t *testing.T) {
	recs, st := readAll(t, "world.rss", readFile(t, "testdata/feeds/rss2.xml"), nil)
	compare(t, recs, []summary{
		{
			Record:    "item 1",
			Title:     "Ministers agree on river water deal",
			URL:       "https://courier.example/world/2024/03/05/river-water-deal",
			Publisher: "Lakeside Courier – World",
			Date:      "2024-03-05",
			Byline:    "Amina Odhiambo",
			Text:      "NAIROBI, Kenya — Water ministers agreed on Tuesday to share the river’s flow during droughts.\n\nThe agreement commits each government to release a minimum volume of water downstream.",
		},
		{
			Record:    "item 2",
			Title:     "Border talks resume & hopes rise",
			URL:       "https://courier.example/world/2024/03/06/border-talks",
			Publisher: "Lakeside Courier – World",
			Date:      "2024-03-06",
			Byline:    "Peter Kamau",
			Text:      "Negotiators met again in Addis Ababa on Wednesday.\n\nBoth sides said the atmosphere was constructive.",
		},
		{Record: "item 3", Err: "no article text"},
	})
	if strings.Contains(recs[0].Article.Text, "Share") || strings.Contains(recs[0].Article.Text, "track") {
		t.Errorf("boilerplate in %q", recs[0].Article.Text)
	}
	if st.Records != 3 {
		t.Errorf("stats %+v", st)
	}
}

// Ensure that Atom entries read their alternate link, published date,
// author name and html, xhtml and text content.
func TestFeedAtom(t *testing.T) {
	recs, _ := readAll(t, "gazette.atom", readFile(t, "testdata/feeds/atom.xml"), nil)
	compare(t, recs, []summary{
		{
			Record:    "item 1",
			Title:     "Port workers end strike after pay offer",
			URL:       "https://gazette.example/2024/03/port-strike-ends",
			Publisher: "Harbour Gazette",
			Date:      "2024-03-05",
			Byline:    "Lucia Ferreira",
			Text:      "Dock workers in the harbour accepted a 9% pay rise on Tuesday, ending a strike that had lasted two weeks.\n\nShipping companies said cargo would move again by Friday.",
		},
		{
			Record:    "item 2",
			Title:     "Mayor welcomes deal",
			URL:       "https://gazette.example/2024/03/mayor-welcomes-deal",
			Publisher: "Harbour Gazette",
			Date:      "2024-03-06",
			Text:      "The mayor welcomed the deal & thanked both sides.\n\nShe said the city had lost millions during the strike.",
		},
		{
			Record:    "item 3",
			Title:     "Tide tables for March",
			Publisher: "Harbour Gazette",
			Date:      "2024-03-06",
			Text:      "High tide at 06:12.\n\nLow tide at 12:30.",
		},
	})
}

// Ensure that an RSS 1.0 (RDF) feed in ISO-8859-1 is read.
func TestFeedRSS1(t *testing.T) {
	recs, st := readAll(t, "valley.rdf", readFile(t, "testdata/feeds/rss1.rdf"), nil)
	compare(t, recs, []summary{
		{
			Record:    "item 1",
			Title:     "Café owners protest new tax",
			URL:       "https://valley.example/1",
			Publisher: "Valley Times",
			Date:      "2024-03-04",
			Byline:    "José García",
			Text:      "Owners of cafés marched to the town hall on Monday.",
		},
		{
			Record:    "item 2",
			Title:     "Council delays vote",
			URL:       "https://valley.example/2",
			Publisher: "Valley Times",
			Date:      "2024-03-05",
			Text:      "The council postponed the vote on the café tax until April.",
		},
	})
	if st.Repairs != 0 {
		t.Errorf("repairs %d: ISO-8859-1 bytes are not invalid UTF-8", st.Repairs)
	}
}

// Ensure that a truncated feed gives the items read so far and an error
// record naming the broken item and the XML error.
func TestFeedTruncated(t *testing.T) {
	recs, _ := readAll(t, "cut.xml", readFile(t, "testdata/feeds/truncated.xml"), nil)
	compare(t, recs, []summary{
		{
			Record:    "item 1",
			Title:     "Ministers agree on river water deal",
			URL:       "https://courier.example/world/2024/03/05/river-water-deal",
			Publisher: "Lakeside Courier – World",
			Date:      "2024-03-05",
			Byline:    "Amina Odhiambo",
		},
		{Record: "item 2", Err: "XML syntax error on line 27: unexpected EOF"},
	})
	if !isInvalid(recs[1].Err) {
		t.Errorf("error %v does not wrap ErrInvalidInput", recs[1].Err)
	}
}

// Ensure that feed quirks are tolerated: HTML entities, unescaped markup,
// invalid UTF-8, control characters, and a cut after the last item.
func TestFeedQuirks(t *testing.T) {
	feed := "<rss><channel><title>Q</title>" +
		"<item><title>Caf\xe9 &eacute; &nbsp;ok</title><description>Line one<br>line two &mdash; \x0bend.</description></item>" +
		"<item><title>Raw</title><description><p>Raw <b>markup</b> inside.</p><p>Second.</p></description></item>" +
		"</channel>"
	recs, st := readAll(t, "q.xml", []byte(feed), nil)
	compare(t, recs, []summary{
		{Record: "item 1", Title: "Caf\uFFFD é ok", Publisher: "Q", Text: "Line one line two — end."},
		{Record: "item 2", Title: "Raw", Publisher: "Q", Text: "Raw markup inside.\n\nSecond."},
		{Record: "after item 2", Err: "unexpected EOF"},
	})
	if st.Repairs != 1 {
		t.Errorf("repairs %d, want 1", st.Repairs)
	}
}

// Ensure that an XML file that is no feed is one error record.
func TestFeedNotAFeed(t *testing.T) {
	recs, _ := readAll(t, "sitemap.xml", []byte(`<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>`), nil)
	compare(t, recs, []summary{{Err: "not a feed: root element <urlset>"}})
}
