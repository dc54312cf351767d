package ingest

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"github.com/avocet-events/avocet"
)

// XML namespaces of feed elements.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsAtom03  = "http://purl.org/atom/ns#"
	nsRSS1    = "http://purl.org/rss/1.0/"
	nsRSS090  = "http://my.netscape.com/rdf/simple/0.9/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsDCTerms = "http://purl.org/dc/terms/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
)

// feedItem is an RSS item or Atom entry being read.
type feedItem struct {
	fields map[string]string // first value of each field
	types  map[string]string // Atom type attribute of content and summary
	link   string            // Atom link href or RSS link text
	about  string            // RSS 1.0 rdf:about
	perma  bool              // guid isPermaLink is not "false"
	size   int64             // bytes captured
}

// feedField names the item field an element holds, or "".
func feedField(name xml.Name) string {
	sp, local := name.Space, name.Local
	switch sp {
	case "", nsAtom, nsAtom03, nsRSS1, nsRSS090, "atom":
		switch local {
		case "title", "link", "description", "summary", "content", "pubDate", "published",
			"updated", "issued", "modified", "guid", "author", "id":
			return local
		}
	case nsDC, "dc", nsDCTerms, "dcterms":
		switch local {
		case "date", "issued", "created":
			return "dc:date"
		case "creator":
			return "creator"
		}
	case nsContent, "content":
		if local == "encoded" {
			return "encoded"
		}
	}
	return ""
}

// feedAutoClose is xml.HTMLAutoClose without "link": RSS's <link> holds
// the item's URL as text, while HTML's is an empty element.
var feedAutoClose = func() []string {
	var out []string
	for _, s := range xml.HTMLAutoClose {
		if s != "link" {
			out = append(out, s)
		}
	}
	return out
}()

// isVoid reports whether an HTML element has no end tag.
func isVoid(name string) bool {
	for _, s := range xml.HTMLAutoClose {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// markupFields may hold HTML, escaped or as XML elements.
var markupFields = map[string]bool{"description": true, "summary": true, "content": true, "encoded": true}

// xmlEncoding returns the encoding an XML declaration at the start of head
// names, or "".
func xmlEncoding(head []byte) string {
	b := trimLeftSpace(head)
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return ""
	}
	m := encodingRE.FindSubmatch(b[:end])
	if m == nil {
		return ""
	}
	return string(m[1])
}

var encodingRE = regexp.MustCompile(`encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// maxFeedDepth caps the nesting of a feed's elements.
const maxFeedDepth = 10000

// tokenGuard fails reads that run more than allow bytes past the last
// token, so that one huge token cannot take unbounded memory.
type tokenGuard struct {
	r     io.Reader
	read  int64
	allow int64
}

var errTokenTooLarge = errors.New("XML token too large")

func (g *tokenGuard) Read(p []byte) (int, error) {
	if g.read >= g.allow {
		return 0, errTokenTooLarge
	}
	if rest := g.allow - g.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := g.r.Read(p)
	g.read += int64(n)
	return n, err
}

// readFeed reads an RSS 2.0, RSS 1.0 or Atom feed: one article per item.
func (rd *reader) readFeed(br *bufio.Reader) error {
	head, _ := br.Peek(1024)
	var in io.Reader = br
	var cleaner *xmlCleaner
	if enc := xmlEncoding(head); enc == "" || isUTF8Label(enc) {
		cleaner = &xmlCleaner{r: br}
		in = cleaner
	}
	slack := int64(256 << 10)
	guard := &tokenGuard{r: in, allow: rd.opts.MaxRecordBytes + slack}
	dec := xml.NewDecoder(guard)
	dec.Strict = false
	dec.AutoClose = feedAutoClose
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charsetReader
	defer func() {
		if cleaner != nil {
			rd.stats.Repairs += cleaner.repairs
		}
	}()

	var (
		stack     []string // local names of open elements
		rootSeen  bool
		publisher strings.Builder
		pubDepth  = -1 // depth of the channel title being read
		items     int
		item      *feedItem
		itemDepth = -1
		field     string // field being captured
		fieldAt   = -1   // its depth
		fieldBuf  strings.Builder
	)
	limit := rd.opts.MaxArticleBytes
	for {
		tok, err := dec.Token()
		guard.allow = dec.InputOffset() + rd.opts.MaxRecordBytes + slack
		if err == io.EOF {
			if !rootSeen {
				rd.stats.Records++
				return rd.fail("", invalidf("no feed element found"))
			}
			return nil
		}
		if err != nil {
			if errors.Is(err, errTokenTooLarge) {
				err = tooLarge("XML token", -1, rd.opts.MaxRecordBytes)
			} else {
				err = &inputError{err}
			}
			where := fmt.Sprintf("after item %d", items)
			switch {
			case item != nil:
				where = fmt.Sprintf("item %d", items)
			case items == 0:
				where = ""
				rd.stats.Records++
			default:
				rd.stats.Records++
			}
			return rd.fail(where, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth := len(stack)
			parent := ""
			if depth > 0 {
				parent = stack[depth-1]
			}
			if depth >= maxFeedDepth {
				where := ""
				if item != nil {
					where = fmt.Sprintf("item %d", items)
				} else {
					rd.stats.Records++
				}
				return rd.fail(where, invalidf("XML nested deeper than %d elements", maxFeedDepth))
			}
			stack = append(stack, t.Name.Local)
			if !rootSeen {
				rootSeen = true
				switch t.Name.Local {
				case "rss", "feed", "RDF", "rdf", "channel":
				default:
					rd.stats.Records++
					return rd.fail("", invalidf("not a feed: root element <%s>", t.Name.Local))
				}
				continue
			}
			switch {
			case item == nil && (t.Name.Local == "item" || t.Name.Local == "entry"):
				items++
				rd.stats.Records++
				item = &feedItem{fields: map[string]string{}, types: map[string]string{}, perma: true}
				itemDepth = depth
				for _, a := range t.Attr {
					if a.Name.Local == "about" {
						item.about = a.Value
					}
				}
			case item == nil && t.Name.Local == "title" && (parent == "channel" || parent == "feed") && pubDepth < 0 && publisher.Len() == 0:
				pubDepth = depth
			case item != nil && depth == itemDepth+1:
				f := feedField(t.Name)
				if f == "" {
					continue
				}
				var href, rel, typ string
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "href":
						href = a.Value
					case "rel":
						rel = a.Value
					case "type":
						typ = a.Value
					case "isPermaLink":
						if f == "guid" {
							item.perma = !strings.EqualFold(strings.TrimSpace(a.Value), "false")
						}
					case "src":
						if f == "content" {
							f = "" // out-of-line content
						}
					}
				}
				if f == "link" && href != "" {
					if (rel == "" || rel == "alternate") && item.link == "" {
						item.link = href
					}
					continue
				}
				if f == "" {
					continue
				}
				if f == "content" || f == "summary" {
					if _, ok := item.types[f]; !ok {
						item.types[f] = strings.ToLower(typ)
					}
				}
				field, fieldAt = f, depth
				fieldBuf.Reset()
			case field != "" && markupFields[field] && depth > fieldAt:
				item.size += int64(len(t.Name.Local)) + 2
				for _, a := range t.Attr {
					item.size += int64(len(a.Name.Local)+len(a.Value)) + 4
				}
				if item.size <= limit {
					fieldBuf.WriteByte('<')
					fieldBuf.WriteString(t.Name.Local)
					for _, a := range t.Attr {
						fieldBuf.WriteByte(' ')
						fieldBuf.WriteString(a.Name.Local)
						fieldBuf.WriteString(`="`)
						fieldBuf.WriteString(html.EscapeString(a.Value))
						fieldBuf.WriteByte('"')
					}
					fieldBuf.WriteByte('>')
				}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			stack = stack[:len(stack)-1]
			depth := len(stack)
			switch {
			case depth == pubDepth:
				pubDepth = -1
			case item != nil && depth == fieldAt:
				if _, ok := item.fields[field]; !ok {
					item.fields[field] = fieldBuf.String()
				}
				fieldBuf.Reset()
				field, fieldAt = "", -1
			case field != "" && markupFields[field] && depth > fieldAt && !isVoid(t.Name.Local):
				item.size += int64(len(t.Name.Local)) + 3
				if item.size <= limit {
					fieldBuf.WriteString("</")
					fieldBuf.WriteString(t.Name.Local)
					fieldBuf.WriteByte('>')
				}
			case item != nil && depth == itemDepth:
				where := fmt.Sprintf("item %d", items)
				it := item
				item, itemDepth = nil, -1
				if it.size > limit {
					if err := rd.fail(where, tooLarge("item", it.size, limit)); err != nil {
						return err
					}
					continue
				}
				a, byline := it.article()
				a.Publisher = feedText(publisher.String())
				if err := rd.article(where, a, byline); err != nil {
					return err
				}
			}
		case xml.CharData:
			switch {
			case pubDepth >= 0 && item == nil:
				if publisher.Len() < 4096 {
					publisher.Write(t)
				}
			case item != nil && field != "":
				if field == "author" && len(stack) > fieldAt+1 && stack[len(stack)-1] != "name" {
					continue // Atom author's email and uri
				}
				item.size += int64(len(t))
				if item.size <= limit {
					if markupFields[field] && len(stack) > fieldAt+1 {
						xml.EscapeText(&fieldBuf, t)
					} else {
						fieldBuf.Write(t)
					}
				}
			}
		}
	}
}

// feedText turns a feed's title-like text, which may hold escaped HTML,
// into plain text.
func feedText(s string) string {
	if strings.Contains(s, "<") {
		return strings.Join(fragmentParas(s), " ")
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return collapse(s)
}

// article makes the article of an item.
func (it *feedItem) article() (avocet.Article, string) {
	f := it.fields
	a := avocet.Article{Title: feedText(f["title"])}
	switch {
	case it.link != "":
		a.URL = it.link
	case httpURL(f["link"]) != "":
		a.URL = httpURL(f["link"])
	case it.perma && httpURL(f["guid"]) != "":
		a.URL = httpURL(f["guid"])
	case httpURL(it.about) != "":
		a.URL = httpURL(it.about)
	case httpURL(f["id"]) != "":
		a.URL = httpURL(f["id"])
	}
	a.URL = strings.TrimSpace(a.URL)
	for _, k := range []string{"pubDate", "dc:date", "published", "updated", "issued", "modified"} {
		if t := ParseDate(f[k]); !t.IsZero() {
			a.Date = t
			break
		}
	}
	for _, k := range []string{"encoded", "content", "description", "summary"} {
		s, ok := f[k]
		if !ok || strings.TrimSpace(s) == "" {
			continue
		}
		var paras []string
		switch typ := it.types[k]; {
		case typ == "text" || typ == "text/plain":
			for _, p := range splitBlankLines(s) {
				if t := collapse(p); t != "" {
					paras = append(paras, t)
				}
			}
		case typ == "" || typ == "html" || typ == "xhtml" || strings.Contains(typ, "html"):
			paras = fragmentParas(s)
		}
		if len(paras) > 0 {
			a.Text = strings.Join(paras, "\n\n")
			break
		}
	}
	byline := feedText(firstOf(f["creator"], f["author"]))
	// RSS author: "jo@example.com (Jo Smith)".
	if i := strings.IndexByte(byline, '('); i > 0 && strings.Contains(byline[:i], "@") && strings.HasSuffix(byline, ")") {
		byline = strings.TrimSpace(byline[i+1 : len(byline)-1])
	}
	return a, byline
}
