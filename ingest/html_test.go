package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet/ingest"
)

// newsParas are the story paragraphs of testdata/html/news.html.
var newsParas = []string{
	"NAIROBI, Kenya — Water ministers from the three countries along the Tana basin agreed on Tuesday to share the river's flow during droughts, ending a dispute that had simmered for more than a decade.",
	"The agreement, signed in Nairobi after four days of talks, commits each government to release a minimum volume of water downstream, and sets up a joint commission to monitor the dams along the river.",
	`"This is a good day for farmers, for herders and for the cities that depend on this river," the Kenyan minister, Joseph Mwangi, told reporters after the signing ceremony.`,
	"Officials from the downstream country had accused their neighbours of holding back water last year, when a failed rainy season left thousands of families without enough to drink, and some herders crossed the border in search of pasture.",
	"The commission will meet for the first time in May, and diplomats said a more detailed accord on new dams could follow before the end of the year.",
}

const newsTitle = "Ministers agree on river water deal"

// Ensure that the story of a news page comes out paragraph by paragraph,
// without navigation, ads, comments, cookie banner, related links,
// newsletter box or footer.
func TestHTMLNewsPage(t *testing.T) {
	recs, st := readAll(t, "news.html", readFile(t, "testdata/html/news.html"), nil)
	compare(t, recs, []summary{{
		Title:     newsTitle,
		URL:       "https://courier.example/world/2024/03/05/river-water-deal",
		Publisher: "The Lakeside Courier",
		Date:      "2024-03-05",
		Byline:    "Amina Odhiambo",
	}})
	if got, want := recs[0].Article.Text, strings.Join(newsParas, "\n\n"); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	for _, junk := range []string{
		"cookies", "Advertisement", "Courier app", "cheap flights", "riverwatcher", "goats",
		"Sign up", "Related stories", "Drought leaves", "Most read", "Skip to content",
		"All rights reserved", "Share on", "Subscribe now", "Politics", "Amina", "5 March 2024",
	} {
		if strings.Contains(recs[0].Article.Text, junk) {
			t.Errorf("text contains boilerplate %q", junk)
		}
	}
	if st.Records != 1 || st.Articles != 1 {
		t.Errorf("stats %+v", st)
	}
}

// page wraps a body in a minimal HTML page with head elements.
func page(head, body string) []byte {
	return []byte("<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>")
}

const storyP = "<p>The council voted on Monday to raise the tax on cafés, despite protests from owners, who had marched to the town hall.</p>"

// Ensure that title, date, byline, canonical URL and publisher come from
// the sources the page has, in order of preference.
func TestHTMLMetadata(t *testing.T) {
	tests := []struct {
		name       string
		head, body string
		want       summary
		reason     string
	}{
		{
			name: "og:title over <title>",
			head: `<title>Page title</title><meta property="og:title" content="OG title">`,
			body: storyP,
			want: summary{Title: "OG title"},
		},
		{
			name: "<title> without site suffix",
			head: `<title>Tax rises - Valley Times</title><meta property="og:site_name" content="Valley Times">`,
			body: storyP,
			want: summary{Title: "Tax rises", Publisher: "Valley Times"},
		},
		{
			name:   "<title> keeps a suffix that is not the site name",
			head:   `<title>Tax rises | Opinion</title><meta property="og:site_name" content="Valley Times">`,
			body:   storyP,
			want:   summary{Title: "Tax rises | Opinion", Publisher: "Valley Times"},
			reason: "only the site name is a site suffix",
		},
		{
			name: "first h1 when there is no title",
			body: "<h1>Tax rises</h1><h1>Second</h1>" + storyP,
			want: summary{Title: "Tax rises"},
		},
		{
			name: "article:published_time over the rest",
			head: `<meta property="article:published_time" content="2024-03-05T10:00:00Z"><meta itemprop="datePublished" content="2024-01-01">`,
			body: storyP,
			want: summary{Date: "2024-03-05"},
		},
		{
			name: "itemprop=datePublished",
			body: `<article><span itemprop="datePublished" content="2024-02-29">29 Feb</span>` + storyP + `</article>`,
			want: summary{Date: "2024-02-29"},
		},
		{
			name: "<time datetime> in the article, not in the sidebar",
			body: `<div class="box"><time datetime="2020-01-01">old</time></div><article><time datetime="2024-03-04T22:00:00-05:00">4 March</time>` + storyP + `</article>`,
			want: summary{Date: "2024-03-04"},
		},
		{
			name: "JSON-LD datePublished and author",
			head: `<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2024-03-01T08:00:00+01:00", "author": [{"name": "Jo Banda"}]}]}</script>`,
			body: storyP,
			want: summary{Date: "2024-03-01", Byline: "Jo Banda"},
		},
		{
			name: "meta author",
			head: `<meta name="author" content="Jo Banda">`,
			body: `<p class="byline">By Someone Else</p>` + storyP,
			want: summary{Byline: "Jo Banda"},
		},
		{
			name: "rel=author link",
			body: `<p>By <a rel="author" href="/jo">Jo Banda</a></p>` + storyP,
			want: summary{Byline: "Jo Banda"},
		},
		{
			name: "byline class without By",
			body: `<div class="article-byline">By  Jo   Banda</div>` + storyP,
			want: summary{Byline: "Jo Banda"},
		},
		{
			name: "canonical link and publisher from its host",
			head: `<link rel="canonical" href="https://www.valley.example/2024/tax"><meta property="og:url" content="https://valley.example/og">`,
			body: storyP,
			want: summary{URL: "https://www.valley.example/2024/tax", Publisher: "valley.example"},
		},
		{
			name: "og:url without canonical",
			head: `<meta property="og:url" content="https://valley.example/og">`,
			body: storyP,
			want: summary{URL: "https://valley.example/og", Publisher: "valley.example"},
		},
		{
			name:   "relative canonical without a page URL",
			head:   `<link rel="canonical" href="/2024/tax">`,
			body:   storyP,
			want:   summary{},
			reason: "a file has no URL to resolve against, and a relative URL is no use",
		},
		{
			name:   "javascript canonical",
			head:   `<link rel="canonical" href="javascript:alert(1)">`,
			body:   storyP,
			want:   summary{},
			reason: "only http and https URLs are kept",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, _ := readAll(t, "page.html", page(tt.head, tt.body), nil)
			tt.want.Text = "The council voted on Monday"
			compare(t, recs, []summary{tt.want})
		})
	}
}

// Ensure that a page without story text gives an error record.
func TestHTMLNoText(t *testing.T) {
	recs, _ := readAll(t, "nav.html", page("<title>Home</title>", `<nav><a href="/">Home</a></nav><footer><p>© 2024 Valley Times, all rights reserved, no part may be copied.</p></footer>`), nil)
	if len(recs) != 1 || !errors.Is(recs[0].Err, ingest.ErrNoText) || !isInvalid(recs[0].Err) {
		t.Fatalf("got %+v, want one ErrNoText record", summarize(recs))
	}
}

// Ensure that the extractor keeps the right parts in harder layouts.
func TestHTMLLayouts(t *testing.T) {
	p := func(s string) string {
		return "<p>" + s + " The minister said the talks, which began on Monday, would go on until a deal was reached.</p>"
	}
	tests := []struct {
		name   string
		body   string
		want   []string // paragraphs, each a prefix
		reason string
	}{
		{
			name: "story split across sibling blocks by an ad",
			body: `<div class="story"><div class="part">` + p("One.") + p("Two.") + `</div><div class="ad">` + p("Buy.") + `</div><div class="part">` + p("Three.") + p("Four.") + p("Five.") + `</div></div><div class="box">` + p("Elsewhere.") + `</div>`,
			want: []string{"One.", "Two.", "Three.", "Four.", "Five."},
		},
		{
			name:   "text split by double br",
			body:   `<table><tr><td class="nav"><a href="/">Home</a><br><a href="/a">News</a></td><td>Officials in the capital said on Monday that the border would reopen next week.<br><br>Traders welcomed the decision, which ends a closure that lasted six months.<br>It was the longest in a decade.</td></tr></table>`,
			want:   []string{"Officials in the capital", "Traders welcomed the decision, which ends a closure that lasted six months. It was"},
			reason: "a single br is a line break inside the paragraph",
		},
		{
			name: "list and quote in the story, headings kept, h1 dropped",
			body: `<article><h1>Headline</h1>` + p("Intro.") + `<h2>What was agreed</h2><ul><li>A joint commission on the river.</li><li>Minimum flows in droughts.</li></ul><blockquote>"It is a good day," she said.</blockquote>` + p("End.") + `</article>`,
			want: []string{"Intro.", "What was agreed", "A joint commission", "Minimum flows", `"It is a good day,"`, "End."},
		},
		{
			name: "hidden and aria-hidden elements",
			body: `<article>` + p("Shown.") + `<p hidden>Hidden text that must not appear in the article at all.</p><div aria-hidden="true">` + p("Aria.") + `</div><div style="display: none">` + p("Styled.") + `</div>` + p("Also shown.") + `</article>`,
			want: []string{"Shown.", "Also shown."},
		},
		{
			name:   "link list inside the story",
			body:   `<article>` + p("Body.") + `<ul><li><a href="/1">Read more: the budget explained in full detail</a></li><li><a href="/2">Read more: who are the new ministers</a></li></ul>` + p("More.") + `</article>`,
			want:   []string{"Body.", "More."},
			reason: "paragraphs that are mostly link text are left out",
		},
		{
			name:   "page wrapped in an ASP.NET form",
			body:   `<form id="aspnetForm"><div id="main">` + p("A.") + p("B.") + p("C.") + `</div><form class="search"><input name="q"></form></form>`,
			want:   []string{"A.", "B.", "C."},
			reason: "a form holding the page's paragraphs is not a sign-up box",
		},
		{
			name: "WordPress theme",
			body: `<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title">Valley Blog</p></header>` +
				`<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">` +
				`<article id="post-123" class="post-123 post type-post status-publish"><header class="entry-header"><h1 class="entry-title">Title</h1>` +
				`<div class="entry-meta"><span class="posted-on">March 5, 2024</span></div></header>` +
				`<div class="entry-content">` + p("First.") + p("Second.") +
				`<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li></ul></div>` +
				`<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>` + p("Related post.") + `</div></div>` +
				`<footer class="entry-footer"><span class="cat-links">Posted in News</span></footer></article>` +
				`<nav class="navigation post-navigation"><a href="/prev">Previous post</a></nav>` +
				`<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment"><article class="comment-body">` + p("A comment.") + `</article></li></ol>` +
				`<div id="respond" class="comment-respond"><form class="comment-form"><p>Leave a reply, your email address will not be published.</p></form></div></div>` +
				`</main></div><aside id="secondary" class="widget-area">` + p("Widget.") + `</aside></div></div>`,
			want: []string{"First.", "Second."},
		},
		{
			name: "content class overrules a weak junk word, not a strong one",
			body: `<div class="entry-content has-share-buttons">` + p("Kept.") + p("Kept too.") + `</div><div class="article-comments">` + p("Comment.") + `</div>`,
			want: []string{"Kept.", "Kept too."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, _ := readAll(t, "page.html", page("", tt.body), nil)
			if len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("got %+v", summarize(recs))
			}
			paras := strings.Split(recs[0].Article.Text, "\n\n")
			ok := len(paras) == len(tt.want)
			for i := 0; ok && i < len(paras); i++ {
				ok = strings.HasPrefix(paras[i], tt.want[i])
			}
			if !ok {
				t.Errorf("paragraphs:\n%s\nwant prefixes:\n%s", strings.Join(paras, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Ensure that a Windows-1252 page is decoded.
func TestHTMLWindows1252(t *testing.T) {
	body := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Caf\xe9 tax</title></head><body><p>\x93We will not pay,\x94 said the owner of the caf\xe9 on the square, who has run it for 30 years.</p></body></html>"
	recs, st := readAll(t, "old.html", []byte(body), nil)
	compare(t, recs, []summary{{Title: "Café tax", Text: "“We will not pay,” said the owner of the café"}})
	if st.Repairs != 0 {
		t.Errorf("repairs %d, want 0", st.Repairs)
	}
}

// Ensure that very deep nesting costs neither the stack nor much time.
func TestHTMLDeepNesting(t *testing.T) {
	const depth = 20000
	var b strings.Builder
	b.WriteString("<html><body>")
	for i := 0; i < depth; i++ {
		b.WriteString(`<div class="x">`)
	}
	b.WriteString(storyP)
	for i := 0; i < depth; i++ {
		b.WriteString("</div>")
	}
	start := time.Now()
	recs, _ := readAll(t, "deep.html", []byte(b.String()), nil)
	if len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("got %+v", summarize(recs))
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}
