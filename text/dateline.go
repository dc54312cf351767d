package text

import (
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// DatelineInfo describes a news dateline such as
// "NAIROBI, Kenya, March 3 (AP) — ". Spans are byte offsets into the text
// given to Dateline.
type DatelineInfo struct {
	Place  avocet.Span // place as written, with its region: "NAIROBI, Kenya"
	Date   avocet.Span // date if the dateline has one ("March 3"); zero otherwise
	Agency avocet.Span // agency inside the parentheses ("AP"); zero when absent
	Body   int         // offset where the body proper starts, after the separator and spaces
}

// Limits that keep a dateline from swallowing a sentence.
const (
	maxPlaceWords  = 5
	maxRegionWords = 4
	maxAgencyBytes = 40
	maxDateline    = 160
)

// Dateline finds a news dateline at the start of text (after leading
// whitespace) and reports where its parts are and where the body starts.
// Accepted forms, with "—", "–", "-", "--" or (after an all-capitals place)
// ":" as the separator:
//
//	WASHINGTON —                       all-capitals place and separator
//	NAIROBI, Kenya (AP) —              region, agency
//	BEIRUT, March 3 (AFP) -            date
//	WASHINGTON, Dec 5 (Reuters) -
//	Kabul (AFP) -                      a place in ordinary case needs an agency
//	NEW DELHI:
//
// A line that is all capitals after the separator is a title, not a
// dateline, and so are labels such as "UPDATE:" or "BREAKING —".
func Dateline(text string) (d DatelineInfo, ok bool) {
	t := text
	if len(t) > maxDateline+64 {
		t = t[:maxDateline+64] // everything of interest is near the start
	}
	i := 0
	for i < len(t) {
		size, _, sp := spaceAt(t, i)
		if !sp {
			break
		}
		i += size
	}
	if i < len(t) && t[i] == '(' {
		return agencyOnly(t, i)
	}
	// Place: one to five capitalised words separated by single spaces.
	placeStart := i
	caps := true
	words := 0
	for words < maxPlaceWords {
		e, sh := dlWord(t, i)
		if e == i || (sh != shapeUpper && sh != shapeTitle) {
			break
		}
		if words == 0 && sh == shapeUpper && e-i < 2 {
			return d, false
		}
		if words > 0 && caps && sh != shapeUpper {
			break // "NEW YORK Times"
		}
		if sh != shapeUpper {
			caps = false
		}
		words++
		i = e
		if i+1 < len(t) && t[i] == ' ' && caseAt(t, i+1) > 0 {
			if _, sh2 := dlWord(t, i+1); caps && sh2 != shapeUpper {
				break
			}
			i++
			continue
		}
		break
	}
	if words == 0 || isLabel(t[placeStart:i]) {
		return d, false
	}
	d.Place = avocet.Span{Start: placeStart, End: i}
	region := false
	// Region and date: up to two ", ..." groups.
	for g := 0; g < 2 && i+2 < len(t) && t[i] == ',' && t[i+1] == ' '; g++ {
		j := i + 2
		if e := dlDate(t, j); e > j {
			d.Date = avocet.Span{Start: j, End: e}
			i = e
			break // the date comes last
		}
		e := j
		n := 0
		for n < maxRegionWords {
			we, sh := dlWord(t, e)
			if we == e || sh == shapeLower || caseAt(t, e) <= 0 {
				break
			}
			n++
			e = we
			if e+1 < len(t) && t[e] == ' ' && caseAt(t, e+1) > 0 && t[e+1] != '(' {
				if we2, _ := dlWord(t, e+1); we2 > e+1 {
					e++
					continue
				}
			}
			break
		}
		if n == 0 {
			return d, false
		}
		i = e
		d.Place.End = e
		region = true
	}
	// Agency: " (AP)".
	if i+1 < len(t) && t[i] == ' ' && t[i+1] == '(' {
		if d.Agency, i = agency(t, i+1); i < 0 {
			return d, false
		}
	}
	if !caps && d.Agency.End == 0 {
		return d, false
	}
	return separator(text, t, i, d, caps, caps && !region && d.Agency.End == 0 && d.Date.End == 0)
}

// agencyOnly parses a dateline that is just an agency: "(CNN) — ".
func agencyOnly(t string, i int) (d DatelineInfo, ok bool) {
	if d.Agency, i = agency(t, i); i < 0 {
		return d, false
	}
	return separator(t, t, i, d, false, false)
}

// agency parses "(Agency)" at i and returns the span inside the
// parentheses and the offset after them, or -1.
func agency(t string, i int) (avocet.Span, int) {
	j := i + 1
	k := j
	for k < len(t) && k-j <= maxAgencyBytes && t[k] != ')' {
		c := t[k]
		if !(is(c, cLetter) || c == ' ' || c == '&' || c == '-' || c == '.' || c == '/' || c >= utf8.RuneSelf) {
			return avocet.Span{}, -1
		}
		k++
	}
	if k >= len(t) || t[k] != ')' || k == j || caseAt(t, j) <= 0 {
		return avocet.Span{}, -1
	}
	return avocet.Span{Start: j, End: k}, k + 1
}

// separator parses the dash or colon that ends a dateline at i and sets
// d.Body. A colon may only follow an all-capitals place (caps). bare
// reports a dateline that is only an all-capitals place, which must not be
// followed by an all-capitals line (a title).
func separator(text, t string, i int, d DatelineInfo, caps, bare bool) (DatelineInfo, bool) {
	sepStart := i
	for i < len(t) && t[i] == ' ' {
		i++
	}
	spaced := i > sepStart
	n := 0
	switch {
	case hasPrefixFold(t, i, "\u2014"), hasPrefixFold(t, i, "\u2013"): // — –
		n = 3
	case hasPrefixFold(t, i, "--"):
		n = 2
	case i < len(t) && t[i] == '-':
		n = 1
		if !spaced {
			return d, false // "WASHINGTON-based"
		}
	case i < len(t) && t[i] == ':' && !spaced && caps:
		n = 1
	default:
		return d, false
	}
	i += n
	body := i
	for body < len(t) {
		size, lines, sp := spaceAt(t, body)
		if !sp || lines > 0 {
			break
		}
		body += size
	}
	if body == i && n == 1 {
		return d, false // "-" and ":" need a space after them
	}
	if body >= len(t) || body > maxDateline {
		return d, false
	}
	if _, lines, sp := spaceAt(t, body); sp && lines > 0 {
		return d, false
	}
	if bare && allCapsLine(text, body) {
		return d, false // "KENYA — OPPOSITION CALLS FOR PROTESTS"
	}
	d.Body = body
	return d, true
}

// dlWord scans a dateline word at i: letters with inner periods,
// apostrophes, hyphens and slashes ("ST. LOUIS", "N.Y.", "Calif.",
// "Wilkes-Barre", "MOSCOW/KYIV").
// It returns the end and the capitalisation shape.
func dlWord(t string, i int) (int, int) {
	e := i
	letters := 0
	for e < len(t) {
		c := t[e]
		switch {
		case is(c, cLetter):
			letters++
			e++
		case c == '.' && letters > 0:
			e++
		case (c == '\'' || c == '-' || c == '/') && letters > 0 && letterAt(t, e+1):
			e++
		case c >= utf8.RuneSelf && letterAt(t, e):
			_, size := utf8.DecodeRuneInString(t[e:])
			letters++
			e += size
		default:
			goto done
		}
	}
done:
	if letters == 0 {
		return i, shapeOther
	}
	return e, shape(t[i:e])
}

// dlDate scans a date such as "March 3", "Dec. 5" or "Dec 5" at i and
// returns its end, or i.
func dlDate(t string, i int) int {
	e, _ := dlWord(t, i)
	if e == i || !isMonth(t[i:e]) || e+1 >= len(t) || t[e] != ' ' {
		return i
	}
	k := e + 1
	for k < len(t) && k-e <= 2 && is(t[k], cDigit) {
		k++
	}
	if k == e+1 || digitAt(t, k) {
		return i
	}
	return k
}

// isMonth reports whether w names a month, in full or abbreviated.
func isMonth(w string) bool {
	if len(w) > 1 && w[len(w)-1] == '.' {
		w = w[:len(w)-1]
	}
	if len(w) < 3 {
		return false
	}
	for _, m := range [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "sept"} {
		if len(w) <= len(m) && equalFold(w, m[:len(w)]) && (len(w) == len(m) || len(w) <= 4) {
			return true
		}
	}
	return false
}

// isLabel reports whether an all-capitals word is a news label rather than a
// place ("BREAKING:", "UPDATE -").
func isLabel(w string) bool {
	switch w {
	case "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "ANALYSIS", "OPINION",
		"EDITORIAL", "NOTE", "EDITOR'S NOTE", "PHOTOS", "PHOTO", "VIDEO", "COMMENT", "CORRECTION", "REVIEW",
		"INTERVIEW", "FACTBOX", "EXPLAINER", "TIMELINE", "ADVISORY", "URGENT", "FLASH", "BULLETIN", "NEWS",
		"BY", "FROM", "FILE", "WARNING", "ALERT", "SPONSORED", "PODCAST", "AUDIO", "LISTEN", "READ MORE", "RELATED":
		return true
	}
	return false
}

// allCapsLine reports whether the line starting at i has no lower-case
// letters (looking at most maxDateline bytes ahead).
func allCapsLine(t string, i int) bool {
	for end := i + maxDateline; i < len(t) && i < end && t[i] != '\n'; i++ {
		if is(t[i], cLower) {
			return false
		}
	}
	return true
}

// IsDateline reports whether sentence s of text (as returned by Segment)
// is a dateline that Segment split off the body.
func IsDateline(text string, s avocet.Sentence) bool {
	if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
		return false
	}
	d, ok := Dateline(text[s.Start:])
	return ok && s.Start+d.Body >= s.End && d.Place.Start == 0
}
