package geo

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/text"
)

// Options tunes a Geocoder. The zero value (or nil) is the default.
type Options struct {
	// MinConfidence drops mentions whose resolution is less sure than
	// this (0..1). 0 keeps every mention found.
	MinConfidence float64
}

// Geocoder finds place mentions in articles and resolves them with a
// Gazetteer. It keeps no state between calls and is safe for concurrent
// use.
type Geocoder struct {
	g    *Gazetteer
	opts Options
}

// New returns a geocoder over g; nil opts means the defaults.
func New(g *Gazetteer, opts *Options) *Geocoder {
	c := &Geocoder{g: g}
	if opts != nil {
		c.opts = *opts
	}
	return c
}

// Mention is one place named in an article.
type Mention struct {
	Span     avocet.Span     // the name as written (without a leading "the")
	Sentence int             // index of the sentence (avocet.Sentence.Index)
	Location avocet.Location // the place it resolved to, with the resolution's confidence
	Kind     Kind            // city, region, admin1 or country
	Locative bool            // a locative word comes before ("in Goma", "north of Kyiv")
}

// spot is a possible place mention before resolution.
type spot struct {
	sent       int // sentence index
	tok0, tok1 int // token range in the sentence
	span       avocet.Span
	key        string  // the name's key
	cands      []int32 // candidate entries, flags kept
	locative   bool
	adminHint  bool    // "Kassala state", "province of Helmand"
	cityHint   bool    // "Gaza city", "the city of Goma"
	weak       bool    // capitalised only by position: sentence start, title-case headline
	hasRegion  bool    // a region follows that narrowed the candidates ("Paris, Texas")
	narrowed   bool    // the candidates were narrowed by a region, or narrowed one
	best       int32   // resolved candidate
	conf       float64 // resolution confidence
}

// context is the evidence of the article as a whole: which countries and
// divisions it is about.
type context struct {
	country map[int]float64   // country index → weight
	admin   map[int32]float64 // admin index → weight
	total   float64
}

func newContext() *context {
	return &context{country: map[int]float64{}, admin: map[int32]float64{}}
}

func (x *context) addEntry(g *Gazetteer, id int32, w float64) {
	if w <= 0 {
		return
	}
	e := &g.entries[id&idMask]
	x.country[int(e.country)] += w
	x.total += w
	if e.admin >= 0 {
		x.admin[e.admin] += w
	}
}

// Places finds the places named in an article and resolves each. sents
// are the article's sentences as package text (and optionally nlp) made
// them; nil means Places segments text itself. dateline is the article's
// dateline place as written ("TRIPOLI, Lebanon"), or "" (a dateline
// sentence at the start of text is then used). Mentions come in text
// order. Places never panics: spans outside text are ignored.
func (c *Geocoder) Places(text string, sents []avocet.Sentence, dateline string) []Mention {
	if sents == nil {
		sents = segment(text)
	}
	var spots []spot
	ctx := newContext()
	datelineSent := -1
	for si := range sents {
		s := &sents[si]
		if !validSentence(text, s) {
			continue
		}
		isDateline := si == 0 && isDatelineSentence(text, *s)
		if isDateline {
			datelineSent = si
		}
		spots = c.spotSentence(text, s, isDateline, spots, ctx)
	}
	if dateline == "" && datelineSent >= 0 {
		s := &sents[datelineSent]
		dateline = text[s.Start:s.End]
	}
	if dl, ok := c.resolveDateline(dateline); ok {
		ctx.addEntry(c.g, dl, 2)
	}
	c.resolve(spots, ctx)
	// Sentences from a caller might be out of order or overlap: keep
	// the mentions in text order and without overlaps.
	sort.SliceStable(spots, func(i, j int) bool { return spots[i].span.Start < spots[j].span.Start })
	out := make([]Mention, 0, len(spots))
	end := 0
	for i := range spots {
		sp := &spots[i]
		if sp.best < 0 || sp.conf < c.opts.MinConfidence || sp.span.Start < end {
			continue
		}
		end = sp.span.End
		p := c.g.place(sp.best & idMask)
		loc := p.Location()
		loc.Confidence = math.Round(sp.conf*100) / 100
		out = append(out, Mention{Span: sp.span, Sentence: sp.sent, Location: loc, Kind: p.Kind, Locative: sp.locative})
	}
	return out
}

// Dateline resolves a dateline place as written ("NAIROBI, Kenya",
// "SPRINGFIELD, Ill.", "WASHINGTON"), or returns nil.
func (c *Geocoder) Dateline(dateline string) *avocet.Location {
	id, ok := c.resolveDateline(dateline)
	if !ok {
		return nil
	}
	loc := c.g.place(id & idMask).Location()
	return &loc
}

// resolveDateline returns the entry a dateline names: its first place,
// narrowed by the region that follows, else the most prominent reading.
func (c *Geocoder) resolveDateline(dateline string) (int32, bool) {
	dateline = strings.TrimSpace(dateline)
	if dateline == "" || len(dateline) > 200 {
		return -1, false
	}
	sents := segment(dateline)
	if len(sents) == 0 {
		return -1, false
	}
	var spots []spot
	ctx := newContext()
	for si := range sents {
		spots = c.spotSentence(dateline, &sents[si], true, spots, ctx)
	}
	if len(spots) == 0 {
		return -1, false
	}
	c.resolve(spots[:1], newContext())
	if spots[0].best < 0 {
		return -1, false
	}
	return spots[0].best, true
}

func segment(s string) []avocet.Sentence { return text.Segment(s, nil) }

func isDatelineSentence(s string, sent avocet.Sentence) bool { return text.IsDateline(s, sent) }

// validSentence reports whether a sentence's spans lie within text and in
// order, so that slicing text by them cannot panic.
func validSentence(text string, s *avocet.Sentence) bool {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return false
	}
	prev := s.Start
	for i := range s.Tokens {
		t := &s.Tokens[i]
		if t.Start < prev || t.End < t.Start || t.End > len(text) {
			return false
		}
		prev = t.End
	}
	return true
}

// shape of a token's capitalisation.
type shape uint8

const (
	shapeOther shape = iota // punctuation, numbers
	shapeLower              // starts with a lower-case letter
	shapeTitle              // starts with a capital, has lower-case letters
	shapeUpper              // letters, all capitals
)

func shapeOf(s string) shape {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsLower(r):
		return shapeLower
	case !unicode.IsUpper(r):
		return shapeOther
	}
	for _, r := range s {
		if unicode.IsLower(r) {
			return shapeTitle
		}
	}
	return shapeUpper
}

func capital(sh shape) bool { return sh == shapeTitle || sh == shapeUpper }

// hasUpper reports whether s has a capital letter ("d'Ivoire" does).
func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// sentenceInfo describes the tokens of one sentence for the rules.
type sentenceInfo struct {
	text   string
	toks   []avocet.Token
	shapes []shape
	lower  []string // lower-case form without a final period
	weak   []bool   // capitalised by position, not because it is a name
	allow  bool     // capitals are names here (a dateline)
	title  bool     // every word is capitalised (a title-case headline, a line in capitals)
}

func (c *Geocoder) sentenceInfo(text string, s *avocet.Sentence, dateline bool) *sentenceInfo {
	n := len(s.Tokens)
	si := &sentenceInfo{text: text, toks: s.Tokens, shapes: make([]shape, n), lower: make([]string, n), weak: make([]bool, n), allow: dateline}
	words, caps, lowers := 0, 0, 0
	for i := range s.Tokens {
		f := s.Tokens[i].Form
		si.shapes[i] = shapeOf(f)
		si.lower[i] = strings.TrimSuffix(strings.ToLower(f), ".")
		switch si.shapes[i] {
		case shapeTitle, shapeUpper:
			words++
			caps++
		case shapeLower:
			words++
			lowers++
			if len(f) <= 3 {
				words-- // short function words stay lower case in title case
			}
		}
	}
	allWeak := !dateline && words >= 2 && (lowers == 0 || s.Headline && caps*10 >= words*7)
	si.title = allWeak
	start := true // the next word starts the sentence or a quotation
	for i := range s.Tokens {
		f := s.Tokens[i].Form
		switch {
		case isOpener(f):
			start = true
			continue
		case si.shapes[i] == shapeOther && !hasLetterOrDigit(f):
			continue
		}
		si.weak[i] = allWeak || start && !dateline
		start = false
	}
	return si
}

// isOpener reports tokens after which a capital means nothing: opening
// quotes and brackets, colons, dashes and list bullets.
func isOpener(f string) bool {
	switch f {
	case "\"", "“", "‘", "'", "(", "[", ":", "—", "–", "--", "-", "•", "*", "«", "``":
		return true
	}
	return false
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// gap reports whether tokens i and i+1 are adjacent or one space apart.
func (si *sentenceInfo) gap(i int) bool {
	d := si.toks[i+1].Start - si.toks[i].End
	return d == 0 || d == 1 && si.text[si.toks[i].End] == ' '
}

func (si *sentenceInfo) word(i int) string {
	if i < 0 || i >= len(si.toks) {
		return ""
	}
	return si.lower[i]
}

// startable reports whether a place name may begin at token i: a capital,
// or an Arabic article before a hyphen and a capital ("al-Fashir").
func (si *sentenceInfo) startable(i int) bool {
	if capital(si.shapes[i]) {
		return true
	}
	switch si.lower[i] {
	case "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ad-", "al-", "el-":
		return i+2 < len(si.toks) && si.toks[i+1].Form == "-" && capital(si.shapes[i+2]) && si.gap(i) && si.gap(i+1)
	}
	return false
}

// maxSpotTokens bounds the tokens of one name ("Saint Vincent and the
// Grenadines", "Sharm el - Sheikh").
const maxSpotTokens = 10

// spotSentence appends the possible place mentions of one sentence, and
// adds its demonyms to the context.
func (c *Geocoder) spotSentence(text string, s *avocet.Sentence, dateline bool, spots []spot, ctx *context) []spot {
	g := c.g
	si := c.sentenceInfo(text, s, dateline)
	first := len(spots)
	maxTok := min(g.maxWords+3, maxSpotTokens)
	for i := 0; i < len(si.toks); i++ {
		if !si.startable(i) {
			continue
		}
		matched := false
		for n := min(maxTok, len(si.toks)-i); n >= 1 && !matched; n-- {
			j := i + n // end, exclusive
			if n > 1 && (!hasUpper(si.toks[j-1].Form) || !contiguous(si, i, j)) || n < 3 && !capital(si.shapes[i]) {
				continue
			}
			k := Key(text[si.toks[i].Start:si.toks[j-1].End])
			if k == "" {
				continue
			}
			if g.blocked[k] {
				i, matched = j-1, true
				break
			}
			if cands := g.index[k]; len(cands) > 0 {
				sp, ok := c.newSpot(si, s.Index, i, j, k, cands, spots[first:])
				i, matched = j-1, true
				if ok {
					spots = append(spots, sp)
				}
				break
			}
			if ci, ok := g.demonyms[k]; ok && capital(si.shapes[i]) {
				ctx.country[ci] += 0.5
				ctx.total += 0.5
				i, matched = j-1, true
			}
		}
	}
	c.narrow(si, spots[first:])
	return spots
}

// contiguous reports whether tokens [i, j) are separated by at most single
// spaces.
func contiguous(si *sentenceInfo, i, j int) bool {
	for k := i; k < j-1; k++ {
		if !si.gap(k) {
			return false
		}
	}
	return true
}

// newSpot applies the mention rules to tokens [i, j) whose key has
// candidates, and reports whether they name a place.
func (c *Geocoder) newSpot(si *sentenceInfo, sent, i, j int, k string, cands []int32, prev []spot) (spot, bool) {
	g := c.g
	w := g.words
	sp := spot{sent: sent, tok0: i, tok1: j, key: k, span: avocet.Span{Start: si.toks[i].Start, End: si.toks[j-1].End}, best: -1}
	// A region of "City, Region" directly after a spot and a comma.
	afterComma := len(prev) > 0 && prev[len(prev)-1].tok1 == i-1 && si.toks[i-1].Form == ","
	cands = filter(cands, func(id int32) bool {
		if only, ok := g.afterOnly[k]; ok && only == id&idMask && !afterComma {
			return false
		}
		return true
	})
	allCaps := j-i == 1 && si.shapes[i] == shapeUpper && !si.allow && !si.weak[i]
	if allCaps {
		// "US", "UAE": in running text a word in capitals is an acronym;
		// only a country or one of our aliases reads as a place.
		cands = filter(cands, func(id int32) bool {
			return id&viaAlias != 0 || g.entries[id&idMask].kind == Country
		})
	}
	if len(cands) == 0 {
		return sp, false
	}
	sp.cands = cands
	prevWord, prev2 := si.word(i-1), si.word(i-2)
	nextWord := si.word(j)
	topKind := g.entries[cands[0]&idMask].kind
	// Person names: a title before ("Mr Washington", "President Lincoln").
	if i > 0 && w["title"][prevWord] && (capital(si.shapes[i-1]) || j-i == 1) {
		return sp, false
	}
	// Newspapers, universities, streets, treaties after the name: any of
	// the next capitalised words ("Moscow State University"), or the
	// next word in lower case ("the Paris agreement").
	for t := j; t < len(si.toks) && t < j+3; t++ {
		if !capital(si.shapes[t]) && t > j {
			break
		}
		if w["org-after"][si.lower[t]] && (capital(si.shapes[t]) || t == j) && si.gap(t-1) {
			return sp, false
		}
		if !capital(si.shapes[t]) {
			break
		}
	}
	if !si.title && !si.allow {
		// Part of a longer name: a capitalised word right before that is
		// no modifier ("George Washington", "Denzel Washington").
		if i > 0 && !si.weak[i] && si.shapes[i-1] == shapeTitle && !si.weak[i-1] && si.gap(i-1) && !w["modifier"][prevWord] &&
			!isCalendarWord(prevWord) && !endsSpot(prev, i-1) && !w["title"][prevWord] {
			return sp, false
		}
		// ... or right after that is no role or place word ("Jordan
		// Peterson", "Paris Hilton", "Mobile World Congress").
		if j < len(si.toks) && capital(si.shapes[j]) && si.gap(j-1) && !w["role-after"][nextWord] &&
			!w["admin-word"][nextWord] && !w["city-word"][nextWord] && !isCalendarWord(nextWord) {
			personLike := j+1 >= len(si.toks) || !capital(si.shapes[j+1]) || !si.gap(j)
			if topKind != Country || personLike {
				return sp, false
			}
		}
	}
	// A month or weekday is never a place ("until March").
	if j-i == 1 && isCalendarWord(si.lower[i]) {
		return sp, false
	}
	// A common word ("Police said", "Most of") or a small town,
	// capitalised only by its position, is no place unless a region
	// follows; elsewhere a common word is a place only when a big city
	// has its name ("Congress" is a village in Arizona, "Nice" a city).
	if j-i == 1 {
		regionFollows := nextWord == "," && j+1 < len(si.toks) && capital(si.shapes[j+1])
		common := w["common"][si.lower[i]]
		switch {
		case regionFollows:
		case si.weak[i] && (common || onlySmallCities(g, cands, 20000)):
			return sp, false
		case common && onlySmallCities(g, cands, 100000):
			return sp, false
		}
	}
	sp.weak = si.weak[i]
	// Hints from the words around.
	if j < len(si.toks) && si.gap(j-1) {
		sp.adminHint = w["admin-word"][nextWord]
		sp.cityHint = w["city-word"][nextWord] && si.shapes[j] == shapeLower
	}
	if prevWord == "of" {
		sp.adminHint = sp.adminHint || w["admin-word"][prev2]
		sp.cityHint = sp.cityHint || w["city-word"][prev2]
	}
	switch {
	case w["locative"][prevWord] && (si.shapes[i-1] == shapeLower || si.weak[i-1]):
		sp.locative = true
	case prevWord == "of" && w["locative-of"][prev2]:
		sp.locative = true
	case i >= 2 && w["modifier"][prevWord] && w["locative"][prev2]:
		sp.locative = true // "in northern Kenya"
	case i >= 2 && prevWord == "the" && w["locative"][prev2]:
		sp.locative = true // "in the Donbas"
	}
	return sp, true
}

// endsSpot reports whether a spot of this sentence ends at token t.
func endsSpot(spots []spot, t int) bool {
	return len(spots) > 0 && spots[len(spots)-1].tok1 == t+1
}

func isCalendarWord(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "jan", "feb", "mar", "apr",
		"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today", "tonight":
		return true
	}
	return false
}

// onlySmallCities reports whether every candidate is a city smaller than
// pop.
func onlySmallCities(g *Gazetteer, cands []int32, pop uint32) bool {
	for _, id := range cands {
		e := &g.entries[id&idMask]
		if e.kind != City || e.pop >= pop || id&viaAlias != 0 {
			return false
		}
	}
	return true
}

func filter(ids []int32, keep func(int32) bool) []int32 {
	for i, id := range ids {
		if !keep(id) {
			out := append([]int32(nil), ids[:i]...)
			for _, id := range ids[i+1:] {
				if keep(id) {
					out = append(out, id)
				}
			}
			return out
		}
	}
	return ids
}

// narrow applies "City, Region": a spot directly followed by a comma and
// a spot that contains some of its candidates keeps only those, and the
// region keeps only the candidates that contain them ("Paris, Texas",
// "Tripoli, Lebanon", "Springfield, Ill.").
func (c *Geocoder) narrow(si *sentenceInfo, spots []spot) {
	g := c.g
	for a := 0; a+1 < len(spots); a++ {
		A, B := &spots[a], &spots[a+1]
		if B.tok0 != A.tok1+1 || si.toks[A.tok1].Form != "," {
			continue
		}
		var inA, inB []int32
		for _, ca := range A.cands {
			ea := &g.entries[ca&idMask]
			if ea.kind == Country {
				continue
			}
			for _, cb := range B.cands {
				if g.contains(cb&idMask, ea) {
					inA = appendOnce(inA, ca)
					inB = appendOnce(inB, cb)
				}
			}
		}
		if len(inA) == 0 {
			continue
		}
		A.cands, B.cands = inA, inB
		A.hasRegion, A.narrowed, B.narrowed = true, true, true
	}
}

// contains reports whether entry id (a country or division) contains e.
func (g *Gazetteer) contains(id int32, e *entry) bool {
	r := &g.entries[id]
	switch r.kind {
	case Country:
		return r.country == e.country && e.kind != Country
	case Admin1:
		return e.kind == City && e.admin == r.admin
	}
	return false
}

func appendOnce(ids []int32, id int32) []int32 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
