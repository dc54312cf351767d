package petrarch

import (
	"strings"

	"github.com/avocet-events/avocet/dict"
)

// This file reads PETRARCH verb patterns as constraints on a dependency
// parse (see "Conversion to avocet" in the package documentation).

// wordClass is what a literal pattern word is taken to be when a word
// sequence is read as syntax. PETRARCH-1 and TABARI patterns are plain
// word sequences, so the conversion relies on English closed classes.
type wordClass uint8

const (
	content     wordClass = iota // a noun, adjective or verb: part of a phrase
	determiner                   // skipped, as PETRARCH skips it in the text
	negDet                       // "no": a determiner the coder reads as negation
	preposition                  // introduces an oblique
	particle                     // a verb particle (compound:prt)
	adverb                       // an adverb of the verb (advmod), negation included
	auxiliary                    // an auxiliary or modal verb
	clauseWord                   // a conjunction or complementiser: a clause boundary
)

// closedClasses maps English closed-class words to their class.
var closedClasses = func() map[string]wordClass {
	m := map[wordClass]string{
		determiner: "the a an its their his her our my your this these those some any each every all both few that it he they",
		negDet:     "no",
		preposition: "about above across after against along alongside amid amidst among amongst around as at atop before " +
			"behind below beneath beside besides between beyond by despite during except for from in inside into near of " +
			"on onto opposite outside over past per since through throughout till to toward towards under underneath " +
			"unlike until unto upon versus via with within without",
		particle:   "up down out off away back aside apart together forward forwards ahead",
		adverb:     "not n't never now again ever also still soon already just even further once then today yesterday here there",
		auxiliary:  "be is are was were am been being do does did have has had will would shall should can could may might must wo ca",
		clauseWord: "and or but nor if whether when because while than though although unless who which where what how",
	}
	out := map[string]wordClass{}
	for class, words := range m {
		for _, w := range strings.Fields(words) {
			out[w] = class
		}
	}
	return out
}()

// notAdverbs end in -ly but are not adverbs.
var notAdverbs = map[string]bool{
	"supply": true, "apply": true, "reply": true, "comply": true, "imply": true, "multiply": true, "assembly": true,
	"family": true, "anomaly": true, "monopoly": true, "rally": true, "ally": true, "italy": true, "july": true,
	"early": true, "only": true, "holy": true, "belly": true, "bully": true, "folly": true, "homily": true,
	"daily": true, "weekly": true, "monthly": true, "yearly": true, "quarterly": true, "friendly": true, "elderly": true,
}

// classOf classifies a lower-cased word.
func classOf(w string) wordClass {
	if c, ok := closedClasses[w]; ok {
		return c
	}
	if len(w) >= 6 && strings.HasSuffix(w, "ly") && !notAdverbs[w] {
		return adverb // heavily, recently, unexpectedly
	}
	return content
}

// A tok is one item of a pattern flattened for reading: a word, a synset,
// a marker, or the end of a "( )" or "{ }" group.
type tok struct {
	kind   Kind   // Word, SynsetRef, Source, Target, Compound, Skip; 0 for the end of a group
	word   string // Word: lower-cased
	alts   []string
	set    string // SynsetRef: the synset's key
	prep   bool   // a Word that opens a PETRARCH-2 "( )" phrase: a preposition whatever the word
	inPrep bool   // inside a PETRARCH-2 "( )" phrase
	group  bool   // inside a PETRARCH-2 "{ }" noun phrase
}

// patternConv converts the patterns of one verb dictionary.
type patternConv struct {
	v         *Verbs
	p2        bool                 // PETRARCH-2: "---" patterns block events; otherwise they give the verb's code
	sets      map[string]*dict.Set // the converted synsets
	isPrep    map[string][]string  // synsets all of whose members are prepositions: their members
	irregular map[string]string    // irregular verb forms and their base forms
}

// branch is one reading of a pattern being built.
type branch struct {
	els       []dict.Element
	lost      []string // what PETRARCH checks and the conversion cannot
	prep      string   // a preposition waiting for its object
	run       []tok    // content words waiting for their head
	hasObj    bool     // the current verb's object is taken (T or an object word)
	hasTarget bool     // a target was placed
	byAgent   bool     // "BY $": the source is a passive agent
	xcomp     bool     // the elements now belong to the verb of a complement
	drop      string   // why this reading has no dependency form; "" when it has
}

func (b branch) clone() branch {
	b.els = append([]dict.Element(nil), b.els...)
	b.lost = append([]string(nil), b.lost...)
	b.run = append([]tok(nil), b.run...)
	return b
}

// flatten turns pattern elements into toks, forking on TABARI choices and
// on synsets that stand for word sequences (when expand says so).
func flatten(els []Element, expand func(string) [][]Element, depth int) [][]tok {
	out := [][]tok{nil}
	add := func(ts ...tok) {
		for i := range out {
			out[i] = append(out[i], ts...)
		}
	}
	fork := func(alts [][]Element) {
		var next [][]tok
		for _, a := range alts {
			for _, seq := range flatten(a, expand, depth+1) {
				for _, o := range out {
					next = append(next, append(append([]tok(nil), o...), seq...))
				}
			}
		}
		out = next
	}
	for _, e := range els {
		if len(out) > 64 || depth > 4 {
			return nil
		}
		switch e.Kind {
		case Word:
			t := tok{kind: Word, word: strings.ToLower(e.Text)}
			for _, a := range e.Alts {
				t.alts = append(t.alts, strings.ToLower(a))
			}
			add(t)
		case SynsetRef:
			if alts := expand(e.Text); alts != nil {
				fork(alts)
				continue
			}
			add(tok{kind: SynsetRef, set: e.Text})
		case Choice:
			fork(e.Choices)
		case Prep:
			kids := flatten(e.Children, expand, depth+1)
			var next [][]tok
			for _, k := range kids {
				if len(k) > 0 && k[0].kind == Word {
					k[0].prep = true
				}
				for i := range k {
					k[i].inPrep = true
				}
				for _, o := range out {
					next = append(next, append(append(append([]tok(nil), o...), k...), tok{}))
				}
			}
			out = next
		case NounPhrase:
			kids := flatten(e.Children, expand, depth+1)
			var next [][]tok
			for _, k := range kids {
				for i := range k {
					k[i].group = true
				}
				for _, o := range out {
					next = append(next, append(append(append([]tok(nil), o...), k...), tok{}))
				}
			}
			out = next
		default:
			add(tok{kind: e.Kind})
		}
	}
	return out
}

// headOf gives the element that a run of content words asks of its head
// (the last word), recording the other words as lost.
func (c *patternConv) headOf(b *branch, kind dict.ElemKind, prep string) {
	head := b.run[len(b.run)-1]
	for _, m := range b.run[:len(b.run)-1] {
		b.lost = append(b.lost, tokText(m))
	}
	b.run = nil
	el := dict.Element{Kind: kind, Prep: prep}
	if head.kind == SynsetRef {
		name := setName(head.set)
		if c.sets[name] == nil {
			b.drop = "patterns with unknown synsets"
			if c.v.Synsets[head.set] != nil {
				b.drop = "patterns with synsets of several-word members only"
			}
			return
		}
		el.Set = name
	} else {
		if !isLemma(head.word) {
			b.drop = "patterns with words that are not lemmas"
			return
		}
		el.Words = []string{head.word}
		for _, a := range head.alts {
			if isLemma(a) {
				el.Words = append(el.Words, a)
			}
		}
	}
	b.els = append(b.els, el)
}

func tokText(t tok) string {
	switch t.kind {
	case Word:
		return t.word
	case SynsetRef:
		return "&" + t.set
	case Skip:
		return "^"
	case Compound:
		return "%"
	case Source:
		return "$"
	case Target:
		return "+"
	}
	return ""
}

// flush ends the pending run of content words: the head of an oblique's
// noun, or of the object.
func (c *patternConv) flush(b *branch) {
	if len(b.run) == 0 || b.drop != "" {
		return
	}
	switch {
	case b.prep != "":
		c.headOf(b, dict.ElemPrepNoun, b.prep)
		b.prep = ""
	case !b.hasObj && !b.run[0].inPrep: // "(TO + BORDER)": the words belong to the target's phrase
		c.headOf(b, dict.ElemObject, "")
		b.hasObj = true
	default:
		for _, t := range b.run {
			b.lost = append(b.lost, tokText(t))
		}
		b.run = nil
	}
}

// after reads the elements after the verb, from toks[i] on.
func (c *patternConv) after(toks []tok, i int, b branch) []branch {
	for ; i < len(toks) && b.drop == ""; i++ {
		t := toks[i]
		switch t.kind {
		case 0: // end of a group
			if len(b.run) > 0 {
				c.flush(&b)
			}
		case Target, Compound:
			// '%' after the verb is a compound target: the coder gives
			// one event per coordinated actor
			c.flush(&b)
			switch {
			case b.hasTarget:
				b.lost = append(b.lost, tokText(t))
			case b.prep != "":
				b.els = append(b.els, dict.Element{Kind: dict.ElemPrepTarget, Prep: b.prep})
				b.prep, b.hasTarget = "", true
			case !b.hasObj:
				b.els = append(b.els, dict.Element{Kind: dict.ElemTarget})
				b.hasObj, b.hasTarget = true, true
			default:
				b.lost = append(b.lost, tokText(t))
			}
		case Source:
			c.flush(&b)
			if b.prep != "by" {
				b.drop = "patterns with the source after the verb"
				break
			}
			b.prep, b.byAgent = "", true
		case Skip:
			c.flush(&b)
			if b.prep != "" {
				b.lost = append(b.lost, b.prep+" ^") // an oblique with any noun
				b.prep = ""
			}
		case SynsetRef:
			if members := c.isPrep[t.set]; members != nil && len(b.run) == 0 {
				var out []branch
				for _, m := range members {
					nb := b.clone()
					toks2 := append([]tok{{kind: Word, word: m}}, toks[i+1:]...)
					out = append(out, c.after(toks2, 0, nb)...)
				}
				return out
			}
			b.run = append(b.run, t)
		case Word:
			if !isLemma(t.word) {
				b.drop = "patterns with words that are not lemmas"
				break
			}
			class := classOf(t.word)
			if t.prep {
				class = preposition
			}
			if t.group && class != determiner && class != negDet {
				class = content // inside "{ }" every word belongs to the noun phrase
			}
			switch class {
			case determiner:
			case negDet:
				b.lost = append(b.lost, t.word)
			case clauseWord, auxiliary:
				b.drop = "patterns with a clause after the verb"
			case particle, adverb:
				c.flush(&b)
				b.els = append(b.els, dict.Element{Kind: dict.ElemParticle, Words: []string{advLemma(t.word)}})
			case preposition:
				c.flush(&b)
				if b.prep != "" {
					b.lost = append(b.lost, b.prep)
				}
				b.prep = t.word
				// "TO ATTEND": an infinitive complement, or "to" and a noun
				if t.word == "to" && !t.prep && i+1 < len(toks) && toks[i+1].kind == Word && !toks[i+1].prep &&
					classOf(toks[i+1].word) == content && isLemma(toks[i+1].word) {
					inf := b.clone()
					inf.prep = ""
					inf.els = append(inf.els, dict.Element{Kind: dict.ElemXcomp, Words: verbLemmas(toks[i+1].word)})
					inf.hasObj, inf.xcomp = false, true
					out := c.after(toks, i+1, b)
					return append(out, c.after(toks, i+2, inf)...)
				}
			default:
				if !c.p2 && len(b.run) == 0 && b.prep == "" && !b.hasObj && !b.xcomp && !t.group && isLemma(t.word) &&
					(i+1 == len(toks) || toks[i+1].kind != Word || classOf(toks[i+1].word) != content) {
					// a PETRARCH-1 word right after the verb is its
					// object, or the verb of its complement ("* RESIST":
					// "vowed to resist")
					inf := b.clone()
					inf.els = append(inf.els, dict.Element{Kind: dict.ElemXcomp, Words: verbLemmas(t.word)})
					inf.xcomp = true
					b.run = append(b.run, t)
					out := c.after(toks, i+1, b)
					return append(out, c.after(toks, i+1, inf)...)
				}
				b.run = append(b.run, t)
			}
		}
	}
	if b.drop == "" {
		c.flush(&b)
		if b.prep != "" && b.drop == "" {
			// a final preposition: its object is the first actor after
			// the verb, the target
			if b.hasTarget {
				b.lost = append(b.lost, b.prep)
			} else {
				b.els = append(b.els, dict.Element{Kind: dict.ElemPrepTarget, Prep: b.prep})
				b.hasTarget = true
			}
			b.prep = ""
		}
	}
	return []branch{b}
}

// advLemma gives the lemma of an adverb as the parser has it.
func advLemma(w string) string {
	if w == "n't" {
		return "not"
	}
	return w
}

// before is what the words before the verb ask.
type before struct {
	particles    []dict.Element // adverbs and negation of the verb
	governor     string         // "FAILED TO *": the verb whose complement the pattern's verb is
	govParticles []dict.Element // adverbs and negation of the governor
	lost         []string
	targetBefore bool   // '+' before the verb
	passiveAux   bool   // a form of "be" before the verb
	drop         string // why the words have no dependency reading; "" when they have
}

// readBefore reads the toks before the verb, from the verb leftwards.
func readBefore(toks []tok) before {
	var r before
	for i := len(toks) - 1; i >= 0 && r.drop == ""; i-- {
		t := toks[i]
		switch t.kind {
		case 0:
		case Source: // the subject: where the coder looks for the source anyway
		case Target:
			r.targetBefore = true
		case Compound:
			r.lost = append(r.lost, "%") // a compound subject: each acts on the others
		case Skip:
			r.drop = "patterns with words before the verb"
		case SynsetRef:
			r.drop = "patterns with words before the verb"
		case Word:
			if !isLemma(t.word) {
				r.drop = "patterns with words that are not lemmas"
				break
			}
			switch class := classOf(t.word); class {
			case determiner:
			case adverb:
				el := dict.Element{Kind: dict.ElemParticle, Words: []string{advLemma(t.word)}}
				if r.governor != "" {
					r.govParticles = append(r.govParticles, el)
				} else {
					r.particles = append(r.particles, el)
				}
			case auxiliary:
				switch t.word {
				case "be", "is", "are", "was", "were", "am", "been", "being":
					if r.governor == "" && !r.passiveAux {
						r.passiveAux = true // the passive when the target is before the verb
						continue
					}
				}
				r.lost = append(r.lost, t.word)
			case preposition:
				// "FAILED TO *": the pattern's verb is the infinitive
				// complement of the word before "to"
				if t.word == "to" && r.governor == "" && i > 0 && toks[i-1].kind == Word &&
					classOf(toks[i-1].word) == content && isLemma(toks[i-1].word) {
					r.governor = toks[i-1].word
					i--
					continue
				}
				r.drop = "patterns with words before the verb"
			default:
				// a subject ("PLANES_*"), a verb the clause depends on
				// ("SAID *") or a verb whose complement it is without
				// "TO" ("BEGUN *"): a dependency pattern cannot say which
				r.drop = "patterns with words before the verb"
			}
		}
	}
	if r.passiveAux && !r.targetBefore {
		r.lost = append(r.lost, "be")
	}
	return r
}

// convert translates one pattern of verb into avocet patterns: one for
// each reading of the pattern, and for a reading that names no target and
// no object, one with the direct object as target and one without
// (PETRARCH's target is then the first actor after the verb). A reading
// that leaves out words PETRARCH checks is not converted; why names the
// reason when no reading could be.
func (c *patternConv) convert(verb []string, pat Pattern, code, verbCode string) (out []dict.Pattern, why string) {
	base := dict.Pattern{File: pat.File, Line: pat.Line}
	switch {
	case code == "---" && !c.p2 && eventCodeOK(verbCode):
		// PETRARCH-1 reads a match coded "---" as a match of the verb alone
		base.Code = eventCode(verbCode)
	case code == "---":
		base.Negative = true
	case eventCodeOK(code):
		base.Code = eventCode(code)
	default:
		return nil, "patterns with code " + code
	}
	vi := -1
	for i, e := range pat.Elements {
		if e.Kind == Verb {
			vi = i
			break
		}
	}
	if vi < 0 {
		return nil, "patterns without a verb"
	}
	expandPre := func(key string) [][]Element {
		// before the verb a synset stands for its word sequences
		if s := c.v.Synsets[key]; s != nil && len(s.Members) <= maxPreMembers {
			var alts [][]Element
			for _, m := range s.Members {
				alts = append(alts, m.Elements)
			}
			return alts
		}
		return nil
	}
	noExpand := func(string) [][]Element { return nil }
	pres := flatten(pat.Elements[:vi], expandPre, 0)
	posts := flatten(pat.Elements[vi+1:], noExpand, 0)
	if pres == nil || posts == nil {
		return nil, "patterns with too many alternatives"
	}
	seen := map[string]bool{}
	for _, pre := range pres {
		r := readBefore(pre)
		if r.drop != "" {
			why = r.drop
			continue
		}
		for _, post := range posts {
			for _, b := range c.after(post, 0, branch{}) {
				if b.drop != "" {
					why = b.drop
					continue
				}
				if r.targetBefore {
					if !(r.passiveAux || b.byAgent) || b.hasTarget {
						why = "patterns with the target before the verb"
						continue
					}
					// "+ WAS_ *", "+ * BY $": the passive, which the coder
					// reads as the active "verb T"
					b.els = append([]dict.Element{{Kind: dict.ElemTarget}}, b.els...)
					b.hasTarget = true
				}
				var els []dict.Element
				verbs := [][]string{verb}
				if r.governor != "" {
					if len(verb) > 1 {
						why = "patterns with words the coder cannot check"
						continue
					}
					els = append(els, r.govParticles...)
					els = append(els, dict.Element{Kind: dict.ElemXcomp, Words: []string{verb[0]}})
					verbs = verbKeys([]string{r.governor}, c.irregular, false)
				}
				if len(r.lost) > 0 || len(b.lost) > 0 {
					why = "patterns with words the coder cannot check"
					continue
				}
				els = append(els, r.particles...)
				els = append(els, b.els...)
				variants := [][]dict.Element{els}
				if !b.hasTarget && !b.hasObj {
					withT := append(append([]dict.Element(nil), els...), dict.Element{Kind: dict.ElemTarget})
					variants = [][]dict.Element{withT, els}
				}
				for _, vb := range verbs {
					for _, v := range variants {
						q := base
						q.Verb = vb
						q.Elements = v
						q.Text = q.String()
						q.Text = q.Text[strings.IndexByte(q.Text, ' ')+1:]
						if k := strings.Join(vb, "_") + " " + q.Text; !seen[k] {
							seen[k] = true
							out = append(out, q)
						}
					}
				}
			}
		}
	}
	if len(out) == 0 && why == "" {
		why = "patterns with no dependency reading"
	}
	return out, why
}

// maxPreMembers bounds the synsets expanded before the verb, where they
// stand for adverbs and auxiliaries ("&NEGATVAUXVRB = DID N'T, WO N'T"); a
// larger synset names subjects ("&MILITARY *"), which cannot be checked.
const maxPreMembers = 16

// verbLemmas gives the lemmas a written verb form may have: the form
// itself, and for a regular inflection the base forms it may come from
// ("LINKED": linked, link, linke).
func verbLemmas(w string) []string {
	out := []string{w}
	add := func(s string) {
		if len(s) >= 2 {
			for _, o := range out {
				if o == s {
					return
				}
			}
			out = append(out, s)
		}
	}
	for _, suf := range []string{"ied", "ies", "ed", "ing", "es", "s"} {
		if !strings.HasSuffix(w, suf) || len(w) <= len(suf)+2 {
			continue
		}
		stem := w[:len(w)-len(suf)]
		switch suf {
		case "ied", "ies":
			add(stem + "y") // carried, carries -> carry
			return out
		case "es":
			add(w[:len(w)-1]) // closes -> close
			add(stem)         // watches -> watch
			return out
		case "s":
			if strings.HasSuffix(stem, "s") {
				return out
			}
		}
		add(stem)
		if suf != "s" {
			add(stem + "e")
			if n := len(stem); stem[n-1] == stem[n-2] && !strings.HasSuffix(stem, "ll") && !strings.HasSuffix(stem, "ss") {
				add(stem[:n-1])
			}
		}
		break
	}
	return out
}

// verbKeys gives the lemmas under which the coder should find the
// patterns of a verb written as lemma (head word first). PETRARCH
// matches the written word; avocet matches lemmas, so a block written as
// an inflected form ("SAID", "KILLED", "URGING") is keyed by its base
// forms as well as by the word itself: irregular forms through the
// dictionaries' own "{...}" lists and English irregular verbs, regular
// ones by their suffix (unless the verb lists its forms, as base forms
// do).
func verbKeys(lemma []string, irregular map[string]string, listed bool) [][]string {
	var heads []string
	switch base, ok := irregular[lemma[0]]; {
	case ok:
		heads = []string{base, lemma[0]}
	case listed:
		heads = lemma[:1] // its forms are listed: a base form
	default:
		heads = verbLemmas(lemma[0])
	}
	var out [][]string
	for _, h := range heads {
		out = append(out, append([]string{h}, lemma[1:]...))
	}
	return out
}

// irregularForms maps irregular verb forms to their base form: those the
// dictionaries list ("BREAK {BROKE BROKEN}"), then common English ones.
func irregularForms(vs []*Verbs) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(englishIrregular, "\n") {
		f := strings.Fields(line)
		for _, w := range f[min(1, len(f)):] {
			if _, ok := m[w]; !ok {
				m[w] = f[0]
			}
		}
	}
	for _, v := range vs {
		for _, b := range v.Blocks {
			for _, f := range b.Forms {
				base := verbLemma(f.VerbPhrase)
				if base == nil {
					continue
				}
				for _, ir := range f.Irregular {
					if form := verbLemma(ir); form != nil && form[0] != base[0] {
						m[form[0]] = base[0]
					}
				}
			}
		}
	}
	return m
}

// englishIrregular lists common irregular English verbs: the base form,
// then its past and participle forms that are not regular and not also
// another verb's base form ("found", "bound", "wound", "saw", "lay" and
// "fell" are left out).
const englishIrregular = `arise arose arisen
awake awoke awoken
be was were been is are am
beat beaten
become became
begin began begun
bend bent
bid bade bidden
bite bit bitten
bleed bled
blow blew blown
break broke broken
breed bred
bring brought
build built
burn burnt
buy bought
catch caught
choose chose chosen
cling clung
come came
creep crept
deal dealt
dig dug
do did done does
draw drew drawn
drink drank drunk
drive drove driven
eat ate eaten
fall fallen
feed fed
feel felt
fight fought
flee fled
fling flung
fly flew flown
forbid forbade forbidden
foresee foresaw foreseen
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got gotten
give gave given
go went gone goes
grow grew grown
hang hung
have had has
hear heard
hide hid hidden
hold held
keep kept
kneel knelt
know knew known
lead led
leave left
lend lent
lose lost
make made
mean meant
meet met
mislead misled
overcome overcame
overtake overtook overtaken
overthrow overthrew overthrown
pay paid
rebuild rebuilt
ride rode ridden
ring rang rung
rise risen
run ran
say said says
see seen
seek sought
sell sold
send sent
shake shook shaken
shoot shot
show shown
shrink shrank shrunk
sing sang sung
sink sank sunk
sit sat
slay slew slain
sleep slept
slide slid
speak spoke spoken
speed sped
spend spent
spin spun
spring sprang sprung
stand stood
steal stole stolen
stick stuck
sting stung
strike struck stricken
strive strove striven
swear swore sworn
sweep swept
swim swam swum
swing swung
take took taken
teach taught
tear tore torn
tell told
think thought
throw threw thrown
undergo underwent undergone
understand understood
undertake undertook undertaken
uphold upheld
wake woke woken
wear wore worn
weave wove woven
weep wept
win won
withdraw withdrew withdrawn
withhold withheld
withstand withstood
write wrote written`
