package enrich

import (
	"math"
	"strconv"
	"strings"

	"github.com/avocet-events/avocet"
)

// MaxAmountValue bounds Amount.Value: a larger number (or one that does not
// fit a float64, such as 1e999 or a 400-digit string) is not an amount.
// A thousand trillion is far above any count or sum in the news.
const MaxAmountValue = 1e15

// maxNumberBytes bounds the length of a number written in digits.
const maxNumberBytes = 32

// Amounts returns the amounts of the sentences: a number with the thing it
// counts ("30,000 troops", "two million people", "a dozen villages"), a sum
// of money ("$3 billion in aid", "3bn euros"), a percentage ("12 percent")
// or a level ("level 4", "magnitude 7.1"). text is the article text the
// token spans point into; at most opts.MaxAmounts amounts are returned.
//
// A number alone ("in 2019", "5 killed") is not an amount: it needs an
// object, a currency or a percent sign. Objects are the noun phrase right
// after the number (after "in", "of" or "worth of" for money); with
// part-of-speech tags it is the run of adjectives and nouns ending in a
// noun, without tags a word or two chosen by their shape. Values are
// finite and at most MaxAmountValue.
func Amounts(text string, sents []avocet.Sentence, opts *Options) []avocet.Amount {
	max := DefaultMaxAmounts
	if opts != nil && opts.MaxAmounts > 0 {
		max = opts.MaxAmounts
	}
	var out []avocet.Amount
	var low []string
	for si := range sents {
		toks := sents[si].Tokens
		low = lowerForms(toks, low)
		if out = amountsIn(text, toks, low, tagged(toks), out, max); len(out) >= max {
			break
		}
	}
	return out
}

// amountsIn appends the amounts of one sentence to out.
func amountsIn(text string, toks []avocet.Token, low []string, pos bool, out []avocet.Amount, max int) []avocet.Amount {
	for i := 0; i < len(toks) && len(out) < max; i++ {
		if !mayStartAmount(low[i]) {
			continue
		}
		if a, end, ok := amountAt(text, toks, low, pos, i); ok {
			out = append(out, a)
			i = end - 1
		}
	}
	return out
}

// mayStartAmount is a cheap filter for the first token of an amount.
func mayStartAmount(w string) bool {
	if w == "" {
		return false
	}
	if c := w[0]; '0' <= c && c <= '9' {
		return true
	}
	if _, ok := currencySymbols[w]; ok {
		return true
	}
	return numberWords[w] != 0 || w == "a" || w == "an" || w == "half" || w == "dozen" || levelWords[w]
}

// amountAt parses an amount that starts at token i and returns it with the
// index of the token after it.
//
//	amount = [currency] number [scale...] [currency] [percent | object]
//	       | level-word digits
func amountAt(text string, toks []avocet.Token, low []string, pos bool, i int) (avocet.Amount, int, bool) {
	at := func(k int) string {
		if k < 0 || k >= len(low) {
			return ""
		}
		return low[k]
	}
	var a avocet.Amount
	if levelWords[low[i]] {
		v, ok := digits(at(i + 1))
		if !ok || v > MaxAmountValue || at(i+2) == "-" || at(i+2) == "%" {
			return a, 0, false
		}
		a = avocet.Amount{Value: v, Object: toks[i].Form, Span: tokSpan(toks, i, i+2)}
		return a, i + 2, true
	}
	j := i
	if code, ok := currencySymbols[low[j]]; ok {
		a.Unit = code
		j++
	}
	v, k, isDigits, ok := number(low, j)
	if !ok {
		return a, 0, false
	}
	// A number glued after a hyphen is part of a name ("COVID-19", "F-16").
	if j > 1 && low[j-1] == "-" && !toks[j-2].SpaceAfter {
		return a, 0, false
	}
	// A number glued to a hyphen is part of a compound ("5-year-old",
	// "10-15"); a decimal of a time or a score is not a count either.
	if at(k) == "-" && !toks[k-1].SpaceAfter {
		return a, 0, false
	}
	yearLike := isDigits && k == j+1 && len(low[j]) == 4 && v >= 1800 && v <= 2100
	// Scale words: "3 billion", "3 bn", "1.5 million", "two hundred thousand".
	for n := 0; n < 2; n++ {
		s, ok := scales[at(k)]
		if !ok {
			break
		}
		if (at(k) == "m" || at(k) == "k" || at(k) == "b") && a.Unit == "" {
			// "3.5m people", "3bn euros", but "5 m" and "5m high" are metres.
			if _, money := currencyWords[at(k+1)]; toks[k-1].SpaceAfter || !money && !plainObjectWord(at(k+1)) {
				break
			}
		}
		v *= s
		k++
		yearLike = false
	}
	// A currency after the number: "3bn euros", "5 billion USD",
	// "10 million Canadian dollars".
	if a.Unit == "" {
		if code, ok := currencyWords[at(k)]; ok {
			a.Unit, k = code, k+1
		} else if cc, ok := currencyAdjectives[at(k)]; ok {
			if _, ok := currencyWords[at(k+1)]; ok {
				a.Unit, k = cc, k+2
			}
		}
	}
	if math.IsInf(v, 0) || math.IsNaN(v) || v > MaxAmountValue || v < 0 {
		return a, 0, false
	}
	a.Value = v
	// Percentages: "12 percent", "12 per cent", "12%", "12 pct".
	if a.Unit == "" {
		switch at(k) {
		case "percent", "%", "pct", "per cent", "percentage":
			end := k + 1
			if at(k) == "percentage" && at(k+1) == "points" || at(k) == "percentage" && at(k+1) == "point" {
				end++
			}
			a.Object = span(text, tokSpan(toks, k, end))
			a.Span = tokSpan(toks, i, end)
			return a, end, true
		case "per":
			if at(k+1) == "cent" {
				a.Object = span(text, tokSpan(toks, k, k+2))
				a.Span = tokSpan(toks, i, k+2)
				return a, k + 2, true
			}
		}
	}
	// The object.
	start := k
	if a.Unit != "" {
		switch {
		case at(k) == "in" || at(k) == "of":
			start = k + 1
		case at(k) == "worth" && at(k+1) == "of":
			start = k + 2
		}
	}
	oEnd := objectEnd(toks, low, pos, start)
	if oEnd == start && start != k {
		start, oEnd = k, objectEnd(toks, low, pos, k)
	}
	switch {
	case oEnd > start:
		a.Object = span(text, tokSpan(toks, start, oEnd))
		a.Span = tokSpan(toks, i, oEnd)
		if yearLike && (yearContext(at(i-1)) || !strings.HasSuffix(low[oEnd-1], "s")) {
			return a, 0, false // "the 2019 election", "in 2019 alone"
		}
		return a, oEnd, true
	case a.Unit != "":
		a.Span = tokSpan(toks, i, k)
		return a, k, true
	}
	return a, 0, false
}

// number parses a number at token j: digits ("30,000", "3.5") or number
// words ("twelve", "two hundred and fifty", "twenty-five", "a dozen", "a
// million"). It returns the value, the index of the token after it and
// whether it was written in digits.
func number(low []string, j int) (v float64, end int, isDigits, ok bool) {
	if j >= len(low) {
		return 0, 0, false, false
	}
	if v, ok := digits(low[j]); ok {
		return v, j + 1, true, true
	}
	// "a dozen", "half a dozen", "a hundred", "a million".
	w := low[j]
	if w == "half" && j+2 < len(low) && (low[j+1] == "a" || low[j+1] == "an") {
		if s, ok := wordScales[low[j+2]]; ok {
			return s / 2, j + 3, false, true
		}
	}
	if w == "a" || w == "an" {
		if j+1 < len(low) {
			if s, ok := wordScales[low[j+1]]; ok {
				v, end := wordNumber(low, j+1, s)
				return v, end, false, true
			}
		}
		return 0, 0, false, false
	}
	if w == "dozen" {
		return 12, j + 1, false, true
	}
	if numberWords[w] == 0 && w != "zero" {
		return 0, 0, false, false
	}
	v, end = wordNumber(low, j, 0)
	return v, end, false, end > j
}

// wordNumber reads number words from low[j] on. first, when not zero, is
// the value of low[j] as a scale word already recognised ("a hundred").
//
//	number = word { ["-" | "and"] word }
func wordNumber(low []string, j int, first float64) (float64, int) {
	var total, cur float64
	k := j
	if first != 0 {
		cur, k = first, j+1
		if first >= 1000 {
			total, cur = first, 0
		}
	}
	for ; k < len(low); k++ {
		w := low[k]
		if (w == "-" || w == "and") && k+1 < len(low) && numberWords[low[k+1]] != 0 && k > j {
			continue
		}
		if n := numberWords[w]; n != 0 {
			cur += float64(n)
			continue
		}
		s, ok := wordScales[w]
		if !ok || k == j && first == 0 {
			break
		}
		switch {
		case s == 12: // "two dozen"
			cur *= 12
		case s == 100:
			cur *= 100
		default:
			total += max(cur, 1) * s
			cur = 0
		}
	}
	return total + cur, k
}

// digits parses a number written in digits: 30,000 / 3.5 / 1,000.50 / 12.
// Thousands separators must group three digits; at most maxNumberBytes
// bytes.
func digits(w string) (float64, bool) {
	if w == "" || len(w) > maxNumberBytes || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	var b [maxNumberBytes]byte
	n, group, dot := 0, -1, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case '0' <= c && c <= '9':
			b[n], n = c, n+1
			if group >= 0 && !dot {
				group++
			}
		case c == ',' && !dot:
			if group >= 0 && group != 3 || i+1 >= len(w) {
				return 0, false
			}
			group = 0
		case c == '.' && !dot && i+1 < len(w):
			if group >= 0 && group != 3 {
				return 0, false
			}
			dot = true
			b[n], n = c, n+1
		default:
			return 0, false
		}
	}
	if group >= 0 && !dot && group != 3 {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b[:n]), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// objectEnd returns the end of the object noun phrase that starts at token
// k, or k when there is none.
func objectEnd(toks []avocet.Token, low []string, pos bool, k int) int {
	if k >= len(toks) || len(low[k]) < 2 || !isAlpha(low[k]) || objectStop[low[k]] || timeWords[low[k]] || fractions[low[k]] {
		return k
	}
	if pos && toks[k].UPOS != "" {
		// The run of adjectives, nouns and proper nouns, cut after its last
		// noun; a participle may only come before the first noun ("armed
		// men", not "troops deployed").
		end, last := k, k
	run:
		for end < len(toks) && end-k < 4 && !objectStop[low[end]] {
			switch u := toks[end].UPOS; {
			case u == "NOUN" || u == "PROPN":
				end++
				last = end
				if x := toks[end-1].XPOS; (x == "NNS" || x == "NNPS") && low[end-1] != "arms" {
					break run // a plural noun ends the phrase: "people face hunger"
				}
			case u == "ADJ" || u == "VERB" && last == k && (toks[end].XPOS == "VBN" || toks[end].XPOS == "VBG"):
				end++
			default:
				break run
			}
		}
		if last > k && !timeWords[low[last-1]] {
			return last
		}
		return k
	}
	// Without tags: one word, or two when the first looks like a modifier
	// ("armed men", "Syrian refugees", "more people").
	if k+1 < len(toks) && plainObjectWord(low[k+1]) && !timeWords[low[k+1]] &&
		(modifierLike(low[k]) || isCap(toks[k].Form) && !isCap(toks[k+1].Form)) {
		return k + 2
	}
	if adjectives[low[k]] || pastParticiple(low[k]) {
		return k // "5 killed", "85,000 displaced": no noun
	}
	return k + 1
}

// plainObjectWord reports whether w can be (part of) an object.
func plainObjectWord(w string) bool {
	return w != "" && isAlpha(w) && !objectStop[w]
}

// modifierLike reports whether a word is probably an adjective or a
// quantifier in front of a noun.
func modifierLike(w string) bool {
	if adjectives[w] || nounModifiers[w] || strings.Contains(w, "-") && len(w) > 3 {
		return true // and compounds: "anti-tank", "long-range", "Iranian-made"
	}
	for _, suf := range []string{"ed", "al", "ive", "ous", "ful", "ic", "ian", "ese", "ish", "ary", "ern", "less", "ite", "i"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// pastParticiple reports whether w is a verb form that often follows a
// bare count ("5 killed", "30 wounded").
func pastParticiple(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ed")
}

// yearContext reports whether a word before a four-digit number makes it a
// year ("the 2019 election", "in 2019").
func yearContext(w string) bool {
	switch w {
	case "the", "in", "since", "of", "by", "until", "from", "a", "an", "'s", "during", "before", "after",
		"between", "and", "to", "its", "their", "his", "her", "this", "that", "early", "late", "mid":
		return true
	}
	return false
}

// levelWords precede a number that they name: "level 4", "category 5".
var levelWords = map[string]bool{
	"level": true, "category": true, "phase": true, "stage": true, "grade": true, "magnitude": true,
	"tier": true, "defcon": true,
}

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// wordScales multiply the number words before them.
var wordScales = map[string]float64{
	"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}

// scales follow a number in digits: "3 billion", "3 bn", "5 m".
var scales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
	"dozen": 12,
}

// currencySymbols come before the number: "$3", "€2.5bn", "USD 5 million".
var currencySymbols = map[string]string{
	"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
	"¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "₹": "INR", "inr": "INR", "rs": "INR", "rs.": "INR",
	"₽": "RUB", "rub": "RUB", "₺": "TRY", "₦": "NGN", "₴": "UAH", "₪": "ILS", "₩": "KRW", "chf": "CHF",
	"c$": "CAD", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "hk$": "HKD",
	"r$": "BRL", "brl": "BRL", "kes": "KES", "ksh": "KES", "zar": "ZAR", "ngn": "NGN", "egp": "EGP",
	"sar": "SAR", "aed": "AED", "pkr": "PKR", "uah": "UAH", "ils": "ILS",
}

// currencyWords come after the number: "3bn euros", "500 yuan".
var currencyWords = map[string]string{
	"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
	"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY",
	"yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rmb": "CNY",
	"ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "rub": "RUB",
	"rupee": "INR", "rupees": "INR", "inr": "INR", "hryvnia": "UAH", "hryvnias": "UAH",
	"shekel": "ILS", "shekels": "ILS", "lira": "TRY", "liras": "TRY", "naira": "NGN", "rand": "ZAR",
	"riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED",
	"peso": "MXN", "pesos": "MXN", "reais": "BRL", "francs": "CHF", "franc": "CHF",
	"shilling": "KES", "shillings": "KES", "cedi": "GHS", "cedis": "GHS", "birr": "ETB", "kwacha": "ZMW",
	"taka": "BDT", "rial": "IRR", "rials": "IRR", "dinar": "IQD", "dinars": "IQD", "afghani": "AFN",
	"afghanis": "AFN", "kyat": "MMK", "bolivars": "VES", "bolivar": "VES", "lari": "GEL", "dram": "AMD",
	"manat": "AZN", "tenge": "KZT", "som": "KGS", "zloty": "PLN", "zlotys": "PLN", "forint": "HUF",
	"forints": "HUF", "koruna": "CZK", "kronor": "SEK", "krona": "SEK", "kroner": "NOK", "krone": "NOK",
	"bitcoin": "BTC", "bitcoins": "BTC",
}

// currencyAdjectives name whose dollars, pesos or francs follow.
var currencyAdjectives = map[string]string{
	"canadian": "CAD", "australian": "AUD", "singapore": "SGD", "taiwan": "TWD",
	"zimbabwean": "ZWL", "zimbabwe": "ZWL", "liberian": "LRD", "namibian": "NAD", "jamaican": "JMD",
	"swiss": "CHF", "mexican": "MXN", "argentine": "ARS", "argentinian": "ARS", "colombian": "COP",
	"chilean": "CLP", "philippine": "PHP", "cuban": "CUP", "egyptian": "EGP", "lebanese": "LBP",
	"syrian": "SYP", "sudanese": "SDG", "iraqi": "IQD", "jordanian": "JOD", "kuwaiti": "KWD",
	"tunisian": "TND", "libyan": "LYD", "algerian": "DZD", "iranian": "IRR", "saudi": "SAR",
	"pakistani": "PKR", "indian": "INR", "turkish": "TRY", "russian": "RUB", "ukrainian": "UAH",
	"kenyan": "KES", "ugandan": "UGX", "tanzanian": "TZS", "somali": "SOS", "british": "GBP",
	"us": "USD", "u.s.": "USD", "american": "USD",
}

// objectStop are words that never start or continue an object.
var objectStop = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "at": true, "to": true, "for": true,
	"from": true, "by": true, "with": true, "and": true, "or": true, "but": true, "nor": true, "as": true,
	"than": true, "that": true, "which": true, "who": true, "whom": true, "whose": true, "this": true,
	"these": true, "those": true, "it": true, "its": true, "they": true, "them": true, "their": true,
	"he": true, "she": true, "his": true, "her": true, "we": true, "our": true, "you": true, "your": true,
	"i": true, "me": true, "my": true, "is": true, "are": true, "was": true, "were": true, "be": true,
	"been": true, "being": true, "have": true, "has": true, "had": true, "do": true, "does": true,
	"did": true, "will": true, "would": true, "shall": true, "should": true, "can": true, "could": true,
	"may": true, "might": true, "must": true, "not": true, "n't": true, "no": true, "so": true,
	"if": true, "when": true, "where": true, "while": true, "after": true, "before": true, "since": true,
	"until": true, "into": true, "over": true, "under": true, "about": true, "around": true,
	"against": true, "between": true, "among": true, "per": true, "each": true, "every": true,
	"all": true, "both": true, "either": true, "also": true, "only": true, "just": true, "still": true,
	"up": true, "down": true, "out": true, "off": true, "times": true,
	"percent": true, "cent": true, "pct": true, "'s": true, "'": true, "said": true,
	"says": true, "say": true, "told": true, "according": true, "there": true, "here": true, "then": true,
	"ago": true, "later": true, "earlier": true, "away": true, "long": true, "high": true, "wide": true,
	"deep": true, "tall": true, "above": true, "below": true, "x": true, "vs": true, "versus": true,
	"what": true, "how": true, "why": true, "some": true, "any": true, "many": true,
	"much": true, "few": true, "several": true, "most": true, "least": true, "last": true, "next": true,
	"first": true, "second": true, "third": true, "one": true, "two": true, "three": true, "ten": true,
	"hundred": true, "thousand": true, "million": true, "billion": true, "trillion": true, "dozen": true,
	"via": true, "like": true, "unlike": true, "because": true, "through": true, "during": true,
	"without": true, "within": true, "across": true, "toward": true, "towards": true, "onto": true,
	"upon": true, "including": true, "except": true, "yet": true, "even": true, "again": true,
}

// timeWords are not objects: a number before them is a date, a time or a
// duration, which package temporal handles.
var timeWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "jan.": true, "feb": true, "feb.": true, "mar": true, "mar.": true, "apr": true, "apr.": true,
	"jun": true, "jun.": true, "jul": true, "jul.": true, "aug": true, "aug.": true, "sep": true, "sep.": true,
	"sept": true, "sept.": true, "oct": true, "oct.": true, "nov": true, "nov.": true, "dec": true, "dec.": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"am": true, "pm": true, "a.m.": true, "p.m.": true, "gmt": true, "utc": true, "o'clock": true, "h": true,
	"second": true, "seconds": true, "minute": true, "minutes": true, "hour": true, "hours": true,
	"day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true,
	"year": true, "years": true, "decade": true, "decades": true, "century": true, "centuries": true,
	"st": true, "nd": true, "rd": true, "th": true, "years-old": true, "year-old": true,
}

// adjectives are common adjectives and participles in front of the noun
// of an object; alone they are not one ("85,000 displaced").
var adjectives = map[string]bool{
	"more": true, "other": true, "additional": true, "extra": true, "new": true, "old": true, "armed": true,
	"foreign": true, "local": true, "young": true, "elderly": true, "small": true, "large": true,
	"heavy": true, "light": true, "former": true, "senior": true, "junior": true, "unarmed": true,
	"suspected": true, "alleged": true, "displaced": true, "injured": true, "wounded": true, "dead": true,
	"missing": true, "detained": true, "jailed": true, "arrested": true, "trained": true, "active": true,
	"fresh": true, "further": true, "registered": true, "eligible": true, "unregistered": true,
	"internally": true, "mostly": true, "foreign-born": true,
}

// nounModifiers are nouns often in front of another noun ("police
// officers", "aid workers").
var nounModifiers = map[string]bool{
	"civilian": true, "military": true, "police": true, "security": true, "government": true,
	"rebel": true, "opposition": true, "health": true, "aid": true, "army": true, "border": true,
	"riot": true, "peace": true, "election": true, "party": true, "prison": true,
}

// fractions are not objects: "two thirds of", "a quarter".
var fractions = map[string]bool{
	"half": true, "halves": true, "third": true, "thirds": true, "quarter": true, "quarters": true,
	"fifth": true, "fifths": true, "tenth": true, "tenths": true, "percentile": true,
}
