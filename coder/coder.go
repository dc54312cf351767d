package coder

import (
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/dict"
)

// Options controls coding. The zero value codes with the defaults.
type Options struct {
	KeepNegated  bool // emit negated and speculative events (flagged) instead of dropping them
	KeepMentions bool // emit every mention instead of one event per (date, source, target, code) per story
	RequireDyad  bool // emit only events whose source and target are both known
	// PlaceCountry, when set, gives the ISO alpha-3 country of a place
	// name the dictionaries do not know ("shelled Kharkiv", "the town of
	// Bunia"), or false when the name is no place or an ambiguous one; a
	// place as participant is coded as its country. geo.Gazetteer.CountryOf
	// fits.
	PlaceCountry func(name string) (string, bool)
}

// Coder turns parsed sentences into events. It is safe for concurrent use;
// per-story state lives in a Story.
type Coder struct {
	ix   *index
	book *cameo.Codebook
	opts Options
}

// New compiles the dictionaries for coding.
func New(d *dict.Dictionaries, book *cameo.Codebook, opts Options) *Coder {
	if book == nil {
		book = cameo.Default()
	}
	return &Coder{ix: newIndex(d), book: book, opts: opts}
}

// Names returns the dictionaries' multiword proper names ("United
// States", "Abdel Fattah al-Sisi"), split into words as the tokenizer
// splits them, for the tagger (nlp.NewNames). Only phrases written with a
// capital are names.
func (c *Coder) Names() [][]string { return c.ix.names }

// Demonyms returns the one-word demonyms of the dictionaries ("Eritrean"),
// for the tagger.
func (c *Coder) Demonyms() []string { return c.ix.demonyms }

// Story holds what the coder remembers while it reads one article: the
// actors seen so far (for "the ministry", "he") and the events found.
type Story struct {
	c            *Coder
	article      *avocet.Article
	recent       []avocet.Actor // known actors in order of mention, newest last
	recentPerson []bool         // recent[i] names one person ("the foreign minister", "Ruto")
	events       []avocet.Event
	seen         map[eventKey]int
	unknown      map[string]int
	countries    map[string]int // how often the story named each country
	countryOrder []string       // countries in the order the story first named them
	discarded    bool           // a story-level discard phrase was seen
}

type eventKey struct {
	date                 time.Time
	source, target, code string
}

// NewStory starts coding an article. Its Date is the default event date.
func (c *Coder) NewStory(a *avocet.Article) *Story {
	return &Story{c: c, article: a, seen: map[eventKey]int{}, unknown: map[string]int{}, countries: map[string]int{}}
}

// Events returns the events coded so far; none when a story-level discard
// phrase was seen.
func (st *Story) Events() []avocet.Event {
	if st.discarded {
		return nil
	}
	return st.events
}

const (
	keep = iota
	discardSentence
	discardStory
)

// discarded reports whether a discard phrase occurs in the sentence.
func (c *Coder) discarded(ps *parsed) int {
	result := keep
	for i := range ps.lower {
		for _, d := range c.ix.discards[ps.lower[i]] {
			if i+len(d.words) > len(ps.lower) {
				continue
			}
			ok := true
			for k, w := range d.words {
				if ps.lower[i+k] != w {
					ok = false
					break
				}
			}
			if ok {
				if d.story {
					return discardStory
				}
				result = discardSentence
			}
		}
	}
	return result
}

// Unknown returns how often each uncoded noun phrase stood in a subject or
// object position (the start of new-actor discovery).
func (st *Story) Unknown() map[string]int { return st.unknown }

// Code codes one parsed sentence. text is the string the sentence's spans
// point into and base is the byte offset of text in the article, so that
// events carry article offsets.
func (st *Story) Code(text string, base int, s *avocet.Sentence) {
	if len(s.Tokens) == 0 {
		return
	}
	ps := st.c.prepare(text, s)
	switch st.c.discarded(ps) {
	case discardStory:
		st.discarded = true
		return
	case discardSentence:
		return
	}
	st.sentenceCountries(ps)
	st.speakerCountry(ps)
	for v := range s.Tokens {
		if ps.skip[v] {
			continue
		}
		st.codeVerb(ps, v, base, s)
	}
	// remember the sentence's known actors for later references, and count
	// uncoded subjects and objects for new-actor discovery
	for h := range s.Tokens {
		if !isNominal(s.Tokens[h].UPOS) || !ps.isNPHead(h) {
			continue
		}
		a := ps.actor(st, h)
		switch {
		case a.Code != "" && a.Code != unknownCode:
			t := &s.Tokens[h]
			person := a.Canonical != "" && len(a.Code) >= 6 ||
				t.XPOS == "NN" && personTitles[ps.lemma[h]] ||
				t.XPOS == "NNP" && a.Canonical != ""
			st.remember(a, person)
		case s.Tokens[h].UPOS != "PRON" && participantRels[s.Tokens[h].DepRel]:
			st.unknown[strings.ToLower(a.Name)]++
		}
	}
}

// sentenceCountries counts the countries the sentence gives as places
// ("in Kenya", "near Goma" when Goma is known, "in the Colombian capital"),
// so that role words without a country ("police", "a rebel faction") can
// take the country where the story happens. A country named as a
// participant ("appreciation for China's assistance") is not a setting.
func (st *Story) sentenceCountries(ps *parsed) {
	for _, m := range ps.mentions {
		a := m.p.actor
		if a == nil || !ps.inPlacePhrase(m.end-1) {
			continue
		}
		switch a.Kind {
		case "country", "demonym", "capital", "region":
			if code := a.CodeAt(st.article.Date); len(code) >= 3 {
				st.countCountry(code[:3])
				if ps.setting == "" {
					ps.setting = code[:3]
				}
			}
		}
	}
}

func (st *Story) countCountry(c string) {
	if st.countries[c] == 0 {
		st.countryOrder = append(st.countryOrder, c)
	}
	st.countries[c]++
}

var participantRels = map[string]bool{"nsubj": true, "nsubj:pass": true, "obj": true, "iobj": true, "obl:agent": true}

const unknownCode = "---"

func (st *Story) remember(a avocet.Actor, person bool) {
	if len(a.Country) == 3 {
		st.countCountry(a.Country)
	}
	st.recent = append(st.recent, a)
	st.recentPerson = append(st.recentPerson, person)
	if len(st.recent) > 64 {
		st.recent = st.recent[len(st.recent)-64:]
		st.recentPerson = st.recentPerson[len(st.recentPerson)-64:]
	}
}

// personTitles are singular role nouns that name one person, whom "he"
// or "she" can refer back to ("The Turkish foreign minister travelled to
// Baghdad. He urged ...").
var personTitles = map[string]bool{
	"president": true, "minister": true, "premier": true, "chancellor": true, "leader": true, "chief": true,
	"king": true, "queen": true, "prince": true, "emir": true, "sultan": true, "monarch": true, "secretary": true,
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "ambassador": true, "envoy": true,
	"general": true, "commander": true, "governor": true, "mayor": true, "senator": true, "lawmaker": true,
	"counterpart": true, "official": true, "diplomat": true, "head": true, "director": true, "judge": true,
	"prosecutor": true, "opposition leader": true, "pope": true, "cleric": true, "ayatollah": true,
	"dictator": true, "candidate": true, "negotiator": true, "mediator": true, "chairman": true,
	"chairwoman": true, "chair": true, "speaker": true, "general secretary": true, "commissioner": true,
}

// codeVerb codes the events of predicate v.
func (st *Story) codeVerb(ps *parsed, v, base int, s *avocet.Sentence) {
	tok := &s.Tokens[v]
	if tok.UPOS != "VERB" && !ps.adjectivalPassive(v) {
		return
	}
	pats := st.c.ix.patterns[ps.lemma[v]]
	if len(pats) == 0 {
		// The lemmatiser guesses unseen verbs from their suffix
		// ("shelled" -> "shel"); the verb dictionary knows the real ones.
		for _, cand := range verbCandidates(ps.lower[v]) {
			if p := st.c.ix.patterns[cand]; len(p) > 0 {
				pats = p
				ps.lemma[v] = cand
				break
			}
		}
	}
	if len(pats) == 0 {
		return
	}
	passive := ps.passive(v)
	var best *dict.Pattern
	bestTarget := -1
	for _, p := range pats {
		t, ok := ps.match(st.c.ix, v, p, passive)
		if !ok {
			continue
		}
		if p.Negative {
			if best == nil || p.Specificity() >= best.Specificity() {
				return // blocked: "fired the coach", "meet the deadline"
			}
			continue
		}
		if best == nil {
			best, bestTarget = p, t
		}
	}
	if best == nil {
		return
	}
	// A statement whose complement is itself an event is coded through the
	// complement ("X said Y attacked Z" codes Y -> Z).
	if strings.HasPrefix(best.Code, "01") && ps.hasEventComplement(st.c.ix, v) {
		return
	}
	subj := ps.subject(v, passive)
	if subj >= 0 && st.c.ix.sets[nonActorSet][ps.lemma[subj]] {
		return // "A typhoon struck the Philippines", "Stocks rallied"
	}
	sources := ps.sources(st, v, subj, passive)
	var targets []avocet.Actor
	if bestTarget >= 0 && ps.inTimeExpr(bestTarget, st.article.Date) {
		bestTarget = -1 // "return next week": a time, not a target
	}
	if bestTarget >= 0 {
		targets = ps.actors(st, bestTarget)
	}
	// An appeal, intent, demand, threat or rejection without a named
	// target is aimed at the participant of what it is about: "demanded
	// that Russia halt its strikes" targets Russia, "pledged to provide
	// Ukraine with loans" Ukraine.
	if !anyKnown(targets) {
		switch cameo.Root(best.Code) {
		case "02", "03", "10", "12", "13":
			for _, t := range ps.complementParticipants(v) {
				if ts := ps.actors(st, t); anyKnown(ts) {
					targets = ts
					break
				}
			}
		}
	}
	// Coordinated actors that agree, or act jointly or on each other,
	// without a named target act on one another: "Japan and South Korea
	// agreed to share intelligence", "Iran and Pakistan struck targets on
	// each other's territory", "India and Japan held joint exercises".
	reciprocal := !anyKnown(targets) && countKnown(sources) >= 2 &&
		(ps.lemma[v] == "agree" || ps.reciprocalMarker(v))
	if reciprocal {
		targets = nil
		if cameo.Root(best.Code) == "15" {
			// a joint show of force ("held joint naval drills") is
			// military cooperation between the partners
			joint := *best
			joint.Code = "062"
			best = &joint
		}
	}
	// Otherwise the event is aimed at the known actor a preposition or a
	// possessive names: "declined to comment on a South Korean report",
	// "praised Kenya's leadership", "sent relief supplies to Pakistan".
	if !anyKnown(targets) && !reciprocal {
		if ts := ps.fallbackTarget(st, v, passive); len(ts) > 0 {
			targets = ts
		}
	}
	// Last, the country where it happens: "lifted the curfew in Gondar,
	// Ethiopia" is aimed at Ethiopia.
	if !anyKnown(targets) && !(len(targets) == 0 && countKnown(sources) >= 2 && symmetric(best.Code)) && !reciprocal {
		if c := ps.placeCountry(st, v, passive); c != "" {
			targets = []avocet.Actor{{Code: c, Country: c}}
		}
	}
	// Domestic default: a role without a country ("opposition supporters",
	// "protesters") acted on by, or acting on, an actor of a known country
	// belongs to that country ("Turkish police detained opposition
	// supporters": TUROPP).
	sources = inheritCountry(sources, targets)
	targets = inheritCountry(targets, sources)
	flags := ps.flags(v, passive)
	flags.Headline = s.Headline
	if negativePattern(best) {
		// the pattern itself names the negation ("not +not comply"): the
		// negated act is the event
		flags.Negated = false
	}
	if (flags.Negated || flags.Speculative) && !st.c.opts.KeepNegated {
		return // not an event that happened; kept, flagged, on request
	}
	date := st.eventDate(ps, v)
	emit := func(src, tgt avocet.Actor) {
		if src.Code == tgt.Code && src.Code != unknownCode {
			return // an actor acting on itself is not an event between two actors
		}
		if st.c.opts.RequireDyad && (src.Code == unknownCode || tgt.Code == unknownCode) {
			return
		}
		if src.Code == unknownCode && tgt.Code == unknownCode {
			return
		}
		// "X said" without anyone it was said to or about is the most
		// common verb of news and carries no interaction: statements need
		// a known target.
		if strings.HasPrefix(best.Code, "01") && tgt.Code == unknownCode {
			return
		}
		st.add(avocet.Event{
			ArticleID: st.article.ID,
			Sentence:  s.Index,
			Date:      date,
			Source:    shift(src, base),
			Target:    shift(tgt, base),
			Code:      best.Code,
			Flags:     flags,
			Verb:      avocet.Span{Start: base + tok.Start, End: base + tok.End},
			Rule:      avocet.Rule{ID: best.String(), File: best.File, Line: best.Line},
			Issues:    ps.sentenceIssues(st.c),
		})
	}
	// The complement of an appeal, intent, demand, threat or rejection is
	// not itself an event: "urged the EU to mediate" is an appeal, not a
	// mediation; "agreed to meet" an intent, not a meeting.
	switch cameo.Root(best.Code) {
	case "02", "03", "10", "12", "13":
		ps.skipComplements(v, false)
	case "11":
		// "accused the army of shelling villages": the alleged act is
		// not asserted
		ps.skipComplements(v, true)
	}
	switch {
	case len(targets) == 0 && len(sources) >= 2 && (reciprocal || symmetric(best.Code) || ps.theirObject(v, passive)):
		// reciprocal: "Kenya and Ethiopia met" gives both directions
		for i, a := range sources {
			for j, b := range sources {
				if i != j {
					emit(a, b)
				}
			}
		}
	default:
		if len(targets) == 0 {
			targets = []avocet.Actor{{Code: unknownCode}}
		}
		if len(sources) == 0 {
			sources = []avocet.Actor{{Code: unknownCode}}
		}
		for _, a := range sources {
			for _, b := range targets {
				emit(a, b)
			}
		}
	}
}

// inheritCountry gives the country-less role actors of as the country of
// the first actor of others that has one.
func inheritCountry(as, others []avocet.Actor) []avocet.Actor {
	country := ""
	for _, o := range others {
		if len(o.Country) == 3 && known(o.Code) {
			country = o.Country
			break
		}
	}
	if country == "" {
		return as
	}
	for i, a := range as {
		if !strings.HasPrefix(a.Code, unknownCode) || len(a.Code) <= 3 || namesUnknownCountry(a.Name) {
			continue
		}
		code := country + a.Code[3:]
		self := false
		for _, o := range others {
			self = self || o.Code == code
		}
		if self {
			continue // "Russian troops attacked the (unknown-country) army": not RUSMIL on RUSMIL
		}
		as[i].Code, as[i].Country = code, country
	}
	return as
}

// namesUnknownCountry reports a capitalised word after the first in an
// actor's name: a nationality or name the dictionaries do not know ("the
// Ukrainian army" without "Ukrainian"), which the domestic default must
// not overrule.
func namesUnknownCountry(name string) bool {
	f := strings.Fields(name)
	for _, w := range f[min(1, len(f)):] {
		switch w {
		case "in", "of", "from", "at", "near":
			return false // what follows is where they are, not who they are
		}
		if w != "" && 'A' <= w[0] && w[0] <= 'Z' {
			return true
		}
	}
	return false
}

func anyKnown(as []avocet.Actor) bool {
	for _, a := range as {
		if known(a.Code) {
			return true
		}
	}
	return false
}

// verbCandidates returns the base forms an inflected verb may have:
// "shelled" -> shell, shel, shelle; "vetoed" -> veto; "blamed" -> blame;
// "carried" -> carry; "boycotted" -> boycott, boycot.
func verbCandidates(w string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 2 {
			out = append(out, s)
		}
	}
	for _, suf := range []string{"ed", "ing", "es", "s"} {
		if !strings.HasSuffix(w, suf) || len(w) <= len(suf)+1 {
			continue
		}
		stem := w[:len(w)-len(suf)]
		if suf == "ed" && strings.HasSuffix(stem, "i") {
			add(stem[:len(stem)-1] + "y") // carried -> carry
		}
		if suf == "es" && strings.HasSuffix(stem, "i") {
			add(stem[:len(stem)-1] + "y") // carries -> carry
		}
		add(stem)
		add(stem + "e") // blamed -> blame, disbursing -> disburse
		if n := len(stem); n >= 2 && stem[n-1] == stem[n-2] {
			add(stem[:n-1]) // stopped -> stop
		}
	}
	return out
}

// symmetric reports codes whose coordinated subjects act on each other
// when no target is named: "Kenya and Ethiopia met" (consult, diplomatic
// and material cooperation, fighting), but not "X and Y announced".
// countKnown counts actors with a known code.
func countKnown(as []avocet.Actor) int {
	n := 0
	for _, a := range as {
		if known(a.Code) {
			n++
		}
	}
	return n
}

func symmetric(code string) bool {
	switch cameo.Root(code) {
	case "04", "05", "06":
		return true
	}
	switch cameo.Base(code) {
	case "190", "193", "195", "036", "039", "087":
		return true
	}
	return false
}

func shift(a avocet.Actor, base int) avocet.Actor {
	if a.Span != (avocet.Span{}) {
		a.Span.Start += base
		a.Span.End += base
	}
	return a
}

// add fills the codebook fields and records the event, once per
// (date, source, target, code) unless KeepMentions.
func (st *Story) add(e avocet.Event) {
	if c, ok := st.c.book.Resolve(e.Code); ok {
		e.BaseCode, e.RootCode = cameo.Base(e.Code), cameo.Root(e.Code)
		e.QuadClass, e.Goldstein = c.QuadClass, c.Goldstein
		e.PloverType, e.PloverMode = c.Plover, c.PloverMode
	}
	e.Mentions = 1
	e.Confidence = confidence(e)
	if !st.c.opts.KeepMentions {
		k := eventKey{e.Date, e.Source.Code, e.Target.Code, e.Code}
		if i, ok := st.seen[k]; ok {
			st.events[i].Mentions++
			return
		}
		st.seen[k] = len(st.events)
	}
	st.events = append(st.events, e)
}

// confidence is a simple prior: full dyads from active, asserted clauses
// are the most reliable.
func confidence(e avocet.Event) float64 {
	c := 0.9
	if e.Source.Code == unknownCode || e.Target.Code == unknownCode {
		c -= 0.3
	}
	if e.Flags.Hypothetical || e.Flags.Future {
		c -= 0.2
	}
	if e.Flags.Reported {
		c -= 0.1
	}
	if e.Flags.Negated {
		c -= 0.3
	}
	return max(c, 0.05)
}

// eventDate is the story date, moved by a date phrase on the verb ("on
// Friday", "yesterday") when there is one.
func (st *Story) eventDate(ps *parsed, v int) time.Time {
	d := st.article.Date
	if d.IsZero() {
		return d
	}
	toks := ps.s.Tokens
	for _, e := range ps.timeExprs(d) {
		// the expression's head word, then up through nominals to the
		// clause it modifies: "met ... in Nairobi on Friday" reaches "met"
		h := -1
		for i := e.Start; i < e.End; i++ {
			if hd := toks[i].Head - 1; hd < e.Start || hd >= e.End {
				h = i
				break
			}
		}
		for steps := 0; h >= 0 && steps < len(toks); steps++ {
			if h == v {
				return e.Date
			}
			if toks[h].UPOS == "VERB" && h != e.Start {
				break
			}
			h = toks[h].Head - 1
		}
	}
	return d
}

func isNominal(upos string) bool { return upos == "NOUN" || upos == "PROPN" || upos == "PRON" }

// negativePattern reports a pattern that requires a negation particle
// ("+not", "+never"), so that its event is the negated act itself.
func negativePattern(p *dict.Pattern) bool {
	for _, el := range p.Elements {
		if el.Kind != dict.ElemParticle {
			continue
		}
		for _, w := range el.Words {
			switch w {
			case "not", "n't", "never", "no":
				return true
			}
		}
	}
	return false
}

// issues returns the issue labels whose phrases the sentence contains, in
// the order the dictionaries list them, each once. A phrase's words match
// the sentence's words in order; the last one may also match a lemma
// ("sanctions" for "sanction").
func (c *Coder) issues(ps *parsed) []string {
	var out []string
	seen := map[string]bool{}
	for i := range ps.lower {
		cands := c.ix.issues[ps.lower[i]]
		if ps.lemma[i] != ps.lower[i] {
			cands = append(cands[:len(cands):len(cands)], c.ix.issues[ps.lemma[i]]...)
		}
		for _, ip := range cands {
			if seen[ip.issue] || i+len(ip.words) > len(ps.lower) {
				continue
			}
			ok := true
			for k, w := range ip.words {
				if ps.lower[i+k] != w && ps.lemma[i+k] != w {
					ok = false
					break
				}
			}
			if ok {
				seen[ip.issue] = true
				out = append(out, ip.issue)
			}
		}
	}
	return out
}

// speakerCountry makes the country of a reporting clause's speaker the
// sentence's setting: in "Congolese officials said rebels attacked the
// town" the rebels are Congolese, in "Turkish state media said the army
// struck targets in Syria" the army is Turkey's. It outranks a place
// phrase, which says where the act happened, not whose actors did it.
func (st *Story) speakerCountry(ps *parsed) {
	for v := range ps.s.Tokens {
		if ps.s.Tokens[v].UPOS != "VERB" || !speechVerbs[ps.lemma[v]] {
			continue
		}
		hasComplement := false
		for _, k := range ps.kids[v] {
			if r := ps.rel(k); r == "ccomp" || r == "parataxis" {
				hasComplement = true
			}
		}
		subj := ps.child(v, "nsubj")
		if !hasComplement || subj < 0 || ps.s.Tokens[subj].UPOS == "PRON" {
			continue
		}
		a := ps.actor(st, subj)
		if len(a.Country) == 3 && a.Country != unknownCode {
			ps.setting = a.Country
			return
		}
	}
}
