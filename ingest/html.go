package ingest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/avocet-events/avocet"
)

// page turns an HTML page into an article record. n and over come from
// readCapped; charset is the HTTP charset, if any; pageURL the URL the page
// was fetched from, if known; fallback the date to use when the page gives
// none.
func (rd *reader) page(where string, data []byte, n int64, over bool, charset, pageURL string, fallback time.Time) error {
	rd.stats.Records++
	if over {
		return rd.fail(where, tooLarge("article", n, rd.opts.MaxArticleBytes))
	}
	a, byline, err := pageArticle(data, charset, pageURL, fallback)
	if err != nil {
		return rd.fail(where, err)
	}
	return rd.article(where, a, byline)
}

// pageArticle extracts the article of an HTML page.
func pageArticle(data []byte, charset, pageURL string, fallback time.Time) (avocet.Article, string, error) {
	doc := extractHTML(data, charset, pageURL)
	a := avocet.Article{
		URL:       doc.url,
		Publisher: doc.publisher,
		Title:     doc.title,
		Date:      doc.date,
		Text:      strings.Join(doc.paras, "\n\n"),
	}
	if a.Date.IsZero() {
		a.Date = fallback
	}
	if a.Text == "" {
		return a, "", invalidf("%w in HTML page", ErrNoText)
	}
	return a, doc.byline, nil
}

// htmlDoc is what extractHTML finds in a page.
type htmlDoc struct {
	title, byline, url, publisher string
	date                          time.Time
	paras                         []string // paragraphs of the main text
}

// extractHTML parses a page and extracts its main text and metadata.
//
// The main text is the paragraphs of the element with the best text-density
// score. Boilerplate (scripts, navigation, headers and footers, asides,
// forms, and elements whose class, id or role say menu, ad, comment, share
// button, related links, promotion, cookie banner or newsletter sign-up) is
// left out before scoring. Each paragraph (p, pre, h2-h6, li, blockquote,
// table cells, and long runs of loose text) scores by its length and commas,
// less the part of its text in links; its parent gets the score, its
// grandparent half of it and the next ancestor a quarter. <article>,
// <main>, role=main, itemprop=articleBody and classes such as "story" or
// "content" raise a container's score. When a sibling of the winner scores
// close to it, the story is split across siblings and their parent wins.
//
// All walks over the tree are iterative, so deep nesting costs no stack.
func extractHTML(data []byte, charset, pageURL string) htmlDoc {
	root := parseHTML(toUTF8(data, charset))
	var m pageMeta
	m.collect(root)

	body := findBody(root)
	info := scoreTree(body)
	top := bestCandidate(body, info)
	paras := collectParas(top, true)

	d := htmlDoc{paras: paras}
	d.title = m.titleText()
	d.byline = cleanByline(firstOf(m.author, m.relAuthor, m.bylineClass, m.ldAuthor))
	d.url = resolveURL(pageURL, firstOf(m.canonical, m.ogURL))
	if d.url == "" {
		d.url = httpURL(pageURL)
	}
	d.publisher = collapse(m.siteName)
	if d.publisher == "" {
		d.publisher = hostOf(d.url)
	}
	for _, s := range []string{m.pubTime, m.itempropDate, m.timeIn(articleOf(top)), m.ldDate, m.otherDate} {
		if t := ParseDate(s); !t.IsZero() {
			d.date = t
			break
		}
	}
	return d
}

// maxDepth is the deepest element nesting the x/net parser accepts.
const maxDepth = 512

// parseHTML parses a page with the HTML5 algorithm, or, for a page the
// parser rejects (nested deeper than maxDepth), with parseFlat.
func parseHTML(data []byte) *html.Node {
	if doc, err := html.Parse(bytes.NewReader(data)); err == nil {
		return doc
	}
	return parseFlat(data)
}

// voidTags have no end tag.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Param: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true, atom.Keygen: true,
}

// parseFlat builds a tree from the tokens of a page the HTML5 parser
// rejects: everything goes into <body>, an end tag closes the nearest open
// element of its name, and elements deeper than maxDepth are dropped while
// their text is kept.
func parseFlat(data []byte) *html.Node {
	doc := &html.Node{Type: html.DocumentNode}
	root := &html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	doc.AppendChild(root)
	root.AppendChild(body)
	stack := []*html.Node{body}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		top := stack[len(stack)-1]
		switch tt {
		case html.ErrorToken:
			return doc
		case html.TextToken:
			if last := top.LastChild; last != nil && last.Type == html.TextNode {
				last.Data += string(z.Text())
			} else {
				top.AppendChild(&html.Node{Type: html.TextNode, Data: string(z.Text())})
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.DataAtom {
			case atom.Html, atom.Head, atom.Body:
				continue
			}
			n := &html.Node{Type: html.ElementNode, Data: t.Data, DataAtom: t.DataAtom, Attr: t.Attr}
			if len(stack) >= maxDepth && tt == html.StartTagToken && !voidTags[t.DataAtom] && !rawTextTags[t.DataAtom] {
				continue // too deep: keep the text only
			}
			top.AppendChild(n)
			if tt == html.StartTagToken && !voidTags[t.DataAtom] {
				stack = append(stack, n)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].Data == string(name) {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// rawTextTags hold raw text the tokenizer does not split into elements;
// they must stay elements so that the text stays out of the article.
var rawTextTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true, atom.Xmp: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Noscript: true, atom.Plaintext: true,
}

// firstOf returns its first argument that is not blank.
func firstOf(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// httpURL returns s if it is an absolute http or https URL, else "".
func httpURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// resolveURL resolves ref against base; it returns "" unless the result is
// an absolute http or https URL.
func resolveURL(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if b, err := url.Parse(base); err == nil && base != "" {
		r = b.ResolveReference(r)
	}
	return httpURL(r.String())
}

// hostOf returns the host of a URL without port and leading "www.".
func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

func cleanByline(s string) string {
	s = collapse(s)
	if len(s) >= 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	if len(s) > 200 || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	return s
}

// pageMeta is the metadata of a page.
type pageMeta struct {
	title, ogTitle, siteName, h1   string
	canonical, ogURL               string
	author, relAuthor, bylineClass string
	ldAuthor, ldDate               string
	pubTime, itempropDate          string
	otherDate                      string
	times                          []*html.Node // <time datetime> elements in document order
}

// dateMetaNames are meta names that carry a publication date.
var dateMetaNames = map[string]bool{
	"date": true, "pubdate": true, "publishdate": true, "publish-date": true, "publish_date": true,
	"dc.date": true, "dc.date.issued": true, "dcterms.date": true, "dcterms.issued": true, "dcterms.created": true,
	"sailthru.date": true, "parsely-pub-date": true, "article.published": true, "og:published_time": true,
	"article:modified_time": false,
}

// authorMetaNames are meta names that carry the byline.
var authorMetaNames = map[string]bool{
	"author": true, "byl": true, "dc.creator": true, "sailthru.author": true, "parsely-author": true,
	"article:author": true,
}

// collect walks the whole tree for metadata.
func (m *pageMeta) collect(root *html.Node) {
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if v := attr(n, "itemprop"); strings.EqualFold(v, "datePublished") && m.itempropDate == "" {
			m.itempropDate = firstOf(attr(n, "content"), attr(n, "datetime"), textOf(n))
		}
		if m.bylineClass == "" && classHasWord(n, "byline") {
			m.bylineClass = textOf(n)
		}
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" && n.Namespace == "" {
				m.title = textOf(n)
			}
		case atom.H1:
			if m.h1 == "" {
				m.h1 = textOf(n)
			}
		case atom.Meta:
			key := strings.ToLower(strings.TrimSpace(firstOf(attr(n, "property"), attr(n, "name"))))
			content := attr(n, "content")
			switch {
			case key == "og:title":
				setOnce(&m.ogTitle, content)
			case key == "og:site_name":
				setOnce(&m.siteName, content)
			case key == "og:url":
				setOnce(&m.ogURL, content)
			case key == "article:published_time" || key == "og:article:published_time":
				setOnce(&m.pubTime, content)
			case authorMetaNames[key]:
				if !strings.Contains(content, "://") {
					setOnce(&m.author, content)
				}
			case dateMetaNames[key]:
				setOnce(&m.otherDate, content)
			}
		case atom.Link, atom.A:
			rel := attr(n, "rel")
			if n.DataAtom == atom.Link && hasToken(rel, "canonical") {
				setOnce(&m.canonical, attr(n, "href"))
			}
			if n.DataAtom == atom.A && hasToken(rel, "author") {
				setOnce(&m.relAuthor, textOf(n))
			}
		case atom.Time:
			if attr(n, "datetime") != "" {
				m.times = append(m.times, n)
			}
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
				m.jsonLD(n.FirstChild.Data)
			}
			return false
		case atom.Style:
			return false
		}
		return true
	})
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
}

// jsonLD reads datePublished and the author's name from JSON-LD.
func (m *pageMeta) jsonLD(s string) {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 32 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				visit(e, depth+1)
			}
		case map[string]any:
			if d, ok := v["datePublished"].(string); ok {
				setOnce(&m.ldDate, d)
			}
			switch a := v["author"].(type) {
			case string:
				setOnce(&m.ldAuthor, a)
			case map[string]any:
				if name, ok := a["name"].(string); ok {
					setOnce(&m.ldAuthor, name)
				}
			case []any:
				if len(a) > 0 {
					if am, ok := a[0].(map[string]any); ok {
						if name, ok := am["name"].(string); ok {
							setOnce(&m.ldAuthor, name)
						}
					}
				}
			}
			for k, e := range v {
				if k == "@graph" || k == "mainEntity" || k == "mainEntityOfPage" {
					visit(e, depth+1)
				}
			}
		}
	}
	visit(v, 0)
}

// titleText picks the title: og:title, then <title> without a " | Site"
// suffix naming og:site_name, then the first h1.
func (m *pageMeta) titleText() string {
	if t := collapse(m.ogTitle); t != "" {
		return t
	}
	if t := collapse(m.title); t != "" {
		if site := collapse(m.siteName); site != "" {
			for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · ", " : "} {
				suffix := sep + site
				if len(t) > len(suffix) && strings.EqualFold(t[len(t)-len(suffix):], suffix) {
					return strings.TrimSpace(t[:len(t)-len(suffix)])
				}
			}
		}
		return t
	}
	return collapse(m.h1)
}

// timeIn returns the datetime of the first <time> inside root.
func (m *pageMeta) timeIn(root *html.Node) string {
	if root == nil {
		return ""
	}
	for _, t := range m.times {
		steps := 0
		for p := t; p != nil && steps < 1024; p = p.Parent {
			if p == root {
				return attr(t, "datetime")
			}
			steps++
		}
	}
	return ""
}

// articleOf returns the nearest <article> around n, or n.
func articleOf(n *html.Node) *html.Node {
	steps := 0
	for p := n; p != nil && steps < 1024; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.Article {
			return p
		}
		steps++
	}
	return n
}

// walk visits root and its descendants in document order without
// recursion; visit returns false to skip a node's children.
func walk(root *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// textOf returns the collapsed text of n, without scripts and styles.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			return c.DataAtom != atom.Script && c.DataAtom != atom.Style && b.Len() < 64<<10
		}
		return true
	})
	return collapse(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// classHasWord reports whether a class name of n has the word w.
func classHasWord(n *html.Node, w string) bool {
	var buf [8]string
	for _, name := range strings.Fields(attr(n, "class")) {
		for _, x := range words(name, buf[:0]) {
			if x == w {
				return true
			}
		}
	}
	return false
}

// hasToken reports whether a space-separated list contains tok, ignoring case.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func findBody(root *html.Node) *html.Node {
	var body *html.Node
	walk(root, func(n *html.Node) bool {
		if body != nil {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			body = n
			return false
		}
		return true
	})
	if body == nil {
		return root
	}
	return body
}

// Boilerplate detection.

// dropTags never hold article text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true, atom.Math: true,
	atom.Template: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Map: true, atom.Dialog: true, atom.Figcaption: true, atom.Menu: true, atom.Head: true,
	atom.Title: true, atom.Link: true, atom.Meta: true, atom.Label: true, atom.Option: true,
}

// junkRoles are ARIA roles of page furniture.
var junkRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "menu": true,
	"menubar": true, "dialog": true, "alertdialog": true, "search": true, "toolbar": true,
	"tablist": true, "tooltip": true,
}

// strongJunk are class and id words that mark boilerplate even inside an
// element that also looks like content ("article-comments").
var strongJunk = map[string]bool{
	"ad": true, "ads": true, "adv": true, "adsense": true, "adslot": true, "adunit": true, "adbox": true,
	"adcontainer": true, "adwrapper": true, "dfp": true, "banner": true, "overlay": true, "lightbox": true,
	"gdpr": true, "signup": true, "sharing": true, "sharebar": true,
}

// strongJunkPrefixes mark boilerplate as word prefixes ("comments",
// "shareButtons", "newsletter-signup").
var strongJunkPrefixes = []string{
	"advert", "sponsor", "promo", "comment", "disqus", "share", "social", "related", "recommend",
	"recirc", "outbrain", "taboola", "cookie", "consent", "newsletter", "subscri", "popup", "modal",
}

// weakJunk are class and id words of page furniture that content words
// ("story", "article") overrule.
var weakJunk = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "sidebar": true, "footer": true,
	"header": true, "masthead": true, "breadcrumb": true, "breadcrumbs": true, "widget": true,
	"toolbar": true, "pagination": true, "pager": true, "byline": true, "author": true, "meta": true,
	"tags": true, "caption": true, "credit": true, "credits": true, "timestamp": true, "skip": true,
	"sr": true, "login": true, "search": true, "topbar": true, "trending": true, "popular": true,
	"mostread": true, "most": true, "follow": true, "dropdown": true, "offcanvas": true, "drawer": true,
	"ticker": true, "flyout": true, "utility": true,
}

// contentWords mark containers of article text.
var contentWords = map[string]bool{
	"article": true, "articlebody": true, "content": true, "story": true, "storybody": true,
	"body": true, "entry": true, "main": true, "text": true, "post": true, "prose": true,
}

// stateWords start class names that describe a state, not a part
// ("has-comments", "is-sticky"); such names are ignored.
var stateWords = map[string]bool{
	"has": true, "with": true, "no": true, "is": true, "js": true, "show": true, "hide": true,
	"enable": true, "enabled": true, "disable": true, "disabled": true, "can": true, "allow": true,
}

// words splits a class name into lower-case words at non-alphanumerics
// and lower-to-upper case changes ("shareButtons" → share, buttons).
func words(name string, dst []string) []string {
	start := -1
	var prev rune
	for i, r := range name {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case !alnum:
			if start >= 0 {
				dst = append(dst, strings.ToLower(name[start:i]))
				start = -1
			}
		case start < 0:
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			dst = append(dst, strings.ToLower(name[start:i]))
			start = i
		}
		prev = r
	}
	if start >= 0 {
		dst = append(dst, strings.ToLower(name[start:]))
	}
	return dst
}

func isStrongJunk(w string) bool {
	if strongJunk[w] {
		return true
	}
	for _, p := range strongJunkPrefixes {
		if strings.HasPrefix(w, p) {
			return !strings.HasPrefix(w, "commentary")
		}
	}
	return false
}

// classSays reports what the class and id of n say: junk, and content.
func classSays(n *html.Node) (junk, content bool) {
	cls, id := attr(n, "class"), attr(n, "id")
	if cls == "" && id == "" {
		return false, false
	}
	strongAny, strongHead, weak := false, false, false
	var buf [8]string
	names := strings.Fields(cls)
	if id != "" {
		names = append(names, id)
	}
	for _, name := range names {
		ws := words(name, buf[:0])
		if len(ws) == 0 || stateWords[ws[0]] {
			continue
		}
		for i, w := range ws {
			switch {
			case isStrongJunk(w):
				strongAny = true
				if i == len(ws)-1 {
					strongHead = true
				}
			case weakJunk[w]:
				weak = true
			case contentWords[w]:
				content = true
			}
		}
	}
	junk = strongHead || (strongAny || weak) && !content
	return junk, content
}

// isJunk reports whether n is boilerplate to leave out with its subtree.
func isJunk(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type != html.TextNode
	}
	if n.Namespace != "" {
		return true // svg, math
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main:
		return false
	case atom.Form:
		return !holdsParagraphs(n, 3)
	}
	if dropTags[n.DataAtom] {
		return true
	}
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		return false
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if style := attr(n, "style"); style != "" {
		s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
		if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
			return true
		}
	}
	role := strings.ToLower(attr(n, "role"))
	if role == "main" || role == "article" {
		return false
	}
	if junkRoles[role] {
		return true
	}
	junk, _ := classSays(n)
	return junk
}

// holdsParagraphs reports whether n has at least k <p> descendants.
func holdsParagraphs(n *html.Node, k int) bool {
	found := 0
	walk(n, func(c *html.Node) bool {
		if found >= k {
			return false
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.P {
			found++
		}
		return true
	})
	return found >= k
}

// Scoring.

// blockTags start and end a paragraph.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Dd: true,
	atom.Details: true, atom.Dialog: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Caption: true, atom.Center: true, atom.Summary: true,
	atom.Ul: true, atom.Body: true, atom.Html: true,
}

// paraTags hold a paragraph of their own.
var paraTags = map[atom.Atom]bool{
	atom.P: true, atom.Pre: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Blockquote: true, atom.Td: true, atom.Th: true,
	atom.Dd: true, atom.Dt: true, atom.Caption: true,
}

// nodeInfo is what scoreTree learns about an element.
type nodeInfo struct {
	text   int     // bytes of collapsed text below, without boilerplate
	links  int     // of those, bytes inside links
	commas int     // commas below
	loose  int     // bytes of text not inside a block-level descendant
	score  float64 // sum of the paragraph scores given to it
}

// scoreTree gathers text statistics bottom-up over the non-boilerplate
// elements below root and spreads paragraph scores to their ancestors.
func scoreTree(root *html.Node) map[*html.Node]*nodeInfo {
	info := make(map[*html.Node]*nodeInfo)
	type frame struct {
		n    *html.Node
		next *html.Node // next child to visit
	}
	stack := []frame{{root, root.FirstChild}}
	info[root] = new(nodeInfo)
	var order []*html.Node // elements in post-order
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if c := f.next; c != nil {
			f.next = c.NextSibling
			switch {
			case c.Type == html.TextNode:
				l, commas := textLen(c.Data)
				in := info[f.n]
				in.text += l
				in.loose += l
				in.commas += commas
			case c.Type == html.ElementNode && !isJunk(c):
				info[c] = new(nodeInfo)
				stack = append(stack, frame{c, c.FirstChild})
			}
			continue
		}
		n := f.n
		stack = stack[:len(stack)-1]
		order = append(order, n)
		in := info[n]
		if n.DataAtom == atom.A {
			in.links = in.text
		}
		if len(stack) > 0 {
			p := info[stack[len(stack)-1].n]
			p.text += in.text
			p.links += in.links
			p.commas += in.commas
			if !blockTags[n.DataAtom] {
				p.loose += in.loose
			}
		}
	}
	for _, n := range order {
		in := info[n]
		var l int
		var target *html.Node
		switch {
		case n.DataAtom == atom.P || n.DataAtom == atom.Pre:
			l, target = in.text, n.Parent
		case in.loose >= 25 && (n.DataAtom == atom.Div || n.DataAtom == atom.Section || n.DataAtom == atom.Article || n.DataAtom == atom.Td || n.DataAtom == atom.Main):
			l, target = in.loose, n
		default:
			continue
		}
		if l < 25 {
			continue
		}
		s := (1 + float64(in.commas) + min(float64(l)/100, 3)) * (1 - density(in))
		for k, w := 0, 1.0; k < 3 && target != nil; k, w = k+1, w/2 {
			if t := info[target]; t != nil {
				t.score += s * w
			}
			if target == root {
				break
			}
			target = target.Parent
		}
	}
	return info
}

func density(in *nodeInfo) float64 {
	if in.text == 0 {
		return 0
	}
	return min(float64(in.links)/float64(in.text), 1)
}

// textLen returns the length of s with white space collapsed, and its commas.
func textLen(s string) (n, commas int) {
	space := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n += utf8.RuneLen(r)
		if r == ',' {
			commas++
		}
	}
	return n, commas
}

// weight scales the score of a candidate container.
func weight(n *html.Node) float64 {
	w := 1.0
	switch n.DataAtom {
	case atom.Article, atom.Main:
		w += 0.25
	case atom.Body, atom.Html:
		w -= 0.5
	}
	if strings.EqualFold(attr(n, "role"), "main") {
		w += 0.25
	}
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		w += 1
	}
	if _, content := classSays(n); content {
		w += 0.25
	}
	return w
}

// bestCandidate picks the main content element below root.
func bestCandidate(root *html.Node, info map[*html.Node]*nodeInfo) *html.Node {
	var top *html.Node
	best := 0.0
	final := func(n *html.Node) float64 {
		in := info[n]
		if in == nil || in.score == 0 {
			return 0
		}
		return in.score * (1 - density(in)) * weight(n)
	}
	walk(root, func(n *html.Node) bool {
		if info[n] == nil || (n != root && n.Type != html.ElementNode) {
			return false
		}
		if s := final(n); s > best {
			top, best = n, s
		}
		return true
	})
	if top == nil {
		return root
	}
	// A story split across siblings: take their parent.
	if p := top.Parent; p != nil && top != root && info[p] != nil && p.DataAtom != atom.Body && p.DataAtom != atom.Html {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c != top && c.Type == html.ElementNode {
				if s := final(c); s >= 3 && s >= 0.2*best {
					return p
				}
			}
		}
	}
	return top
}

// Paragraph collection.

// boilerplateLines are whole paragraphs that are never article text.
var boilerplateLines = map[string]bool{
	"advertisement": true, "advert": true, "sponsored": true, "sponsored content": true,
	"story continues below advertisement": true, "continue reading": true, "read more": true,
	"share this article": true, "share": true, "skip to content": true, "related": true,
}

// collectParas returns the paragraphs of the text below root. In page
// mode, link lists, headline h1s, boilerplate lines and short loose text
// are left out; a feed's fragment keeps every paragraph.
func collectParas(root *html.Node, page bool) []string {
	type frame struct {
		n    *html.Node
		exit bool
	}
	var (
		paras  []string
		buf    strings.Builder
		linkN  int
		inLink int
		lastBR bool
		blocks []atom.Atom
	)
	flush := func() {
		raw := buf.String()
		buf.Reset()
		links := linkN
		linkN = 0
		lastBR = false
		t := collapse(raw)
		if t == "" {
			return
		}
		kind := atom.Div
		if len(blocks) > 0 {
			kind = blocks[len(blocks)-1]
		}
		if page {
			if float64(links) > 0.5*float64(len(raw)) {
				return
			}
			if boilerplateLines[strings.ToLower(strings.TrimRight(t, ".:!…"))] {
				return
			}
			if !paraTags[kind] {
				r := utf8.RuneCountInString(t)
				if r < 60 && !(r >= 20 && endsSentence(t)) {
					return
				}
			}
		}
		if len(paras) > 0 && paras[len(paras)-1] == t {
			return
		}
		paras = append(paras, t)
	}
	stack := []frame{{root, false}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			switch {
			case n.DataAtom == atom.A:
				inLink--
			case blockTags[n.DataAtom] || n == root:
				flush()
				blocks = blocks[:len(blocks)-1]
			}
			continue
		}
		switch n.Type {
		case html.TextNode:
			if strings.TrimFunc(n.Data, unicode.IsSpace) != "" {
				lastBR = false
			}
			if buf.Len() < 16<<20 {
				buf.WriteString(n.Data)
				if inLink > 0 {
					linkN += len(n.Data)
				}
			}
			continue
		case html.ElementNode, html.DocumentNode:
		default:
			continue
		}
		if n != root && isJunk(n) {
			continue
		}
		switch {
		case n.DataAtom == atom.Br:
			if lastBR {
				flush()
			} else {
				buf.WriteByte('\n')
				lastBR = true
			}
			continue
		case n.DataAtom == atom.H1 && page:
			continue
		case n.DataAtom == atom.A:
			inLink++
			stack = append(stack, frame{n, true})
		case blockTags[n.DataAtom] || n == root:
			flush()
			blocks = append(blocks, n.DataAtom)
			stack = append(stack, frame{n, true})
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{c, false})
		}
	}
	flush()
	return paras
}

// endsSentence reports whether t ends like a sentence.
func endsSentence(t string) bool {
	t = strings.TrimRight(t, "\"'”’)»")
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// fragmentParas returns the paragraphs of a feed's HTML fragment (or of
// plain text, split at blank lines).
func fragmentParas(s string) []string {
	if !strings.ContainsRune(s, '<') {
		var paras []string
		for _, p := range splitBlankLines(s) {
			if t := collapse(p); t != "" {
				paras = append(paras, t)
			}
		}
		return paras
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		return collectParas(findBody(parseFlat([]byte(s))), false)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
		root.AppendChild(n)
	}
	return collectParas(root, false)
}

// splitBlankLines splits text at lines that are empty or white space.
func splitBlankLines(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimFunc(line, unicode.IsSpace) == "" {
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
