package nlp

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/avocet-events/avocet"
)

// Annotator tags, lemmatises and parses segmented sentences. It is safe for
// concurrent use: all mutable scratch space is taken from a pool per call.
type Annotator struct {
	tagger *tagger
	lemma  *lemmatizer
	parser *parser
	names  *Names // known multiword names, tagged as proper nouns; may be nil
	propn  int    // tag class of PROPN|NNP
	pool   sync.Pool
}

type scratch struct {
	forms  []string
	infos  []wordInfo
	tags   []int
	forced []bool
	feats  []uint64
	scores []int32
	pw     pwords
	st     pstate
	heads  []int
	labels []int
}

// Annotate fills Lemma, UPOS, XPOS, Head and DepRel of every token of s in
// place. Tokens must already carry their Form.
func (a *Annotator) Annotate(s *avocet.Sentence) {
	n := len(s.Tokens)
	if n == 0 {
		return
	}
	sc, _ := a.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer a.pool.Put(sc)
	sc.forms = sc.forms[:0]
	sc.infos = sc.infos[:0]
	titleCase := s.Headline && a.titleCased(s)
	for i := range s.Tokens {
		f := s.Tokens[i].Form
		if titleCase && i > 0 {
			f = a.lemma.truecase(f)
		}
		sc.forms = append(sc.forms, f)
		sc.infos = append(sc.infos, newWordInfo(f, i == 0))
	}
	sc.tags = growInts(sc.tags, n)
	ncl := len(a.tagger.tags)
	if na := a.parser.nactions(); na > ncl {
		ncl = na
	}
	if len(sc.scores) < ncl {
		sc.scores = make([]int32, ncl)
	}
	var forced []bool
	if a.names != nil {
		sc.forced = growBools(sc.forced, n)
		a.names.mark(sc.forms, sc.forced, sc.tags, a.propn)
		forced = sc.forced
	}
	a.tagger.tag(sc.forms, sc.infos, sc.tags, sc.feats, sc.scores[:len(a.tagger.tags)], forced)
	if a.names != nil {
		a.names.repairDemonyms(sc.forms, sc.tags, a.tagger)
	}
	if !a.repairFinite(sc.forms, sc.tags) && (s.Headline || unpunctuated(sc.forms)) {
		a.repairHeadline(sc.forms, sc.tags)
	}
	sc.pw.w = append(sc.pw.w[:0], rootWord)
	sc.pw.p = append(sc.pw.p[:0], rootTag)
	sc.pw.s = append(sc.pw.s[:0], rootWord)
	for i := range s.Tokens {
		t := &s.Tokens[i]
		tg := a.tagger.tags[sc.tags[i]]
		t.UPOS, t.XPOS = tg.UPOS, tg.XPOS
		t.Lemma = a.lemma.lemma(sc.forms[i], tg.UPOS, tg.XPOS)
		sc.pw.w = append(sc.pw.w, sc.infos[i].norm)
		sc.pw.p = append(sc.pw.p, uint64(sc.tags[i]))
		sc.pw.s = append(sc.pw.s, sc.infos[i].suf[2])
	}
	sc.heads, sc.labels = growInts(sc.heads, n), growInts(sc.labels, n)
	a.parser.parse(&sc.st, &sc.pw, n, sc.feats, sc.scores, sc.heads, sc.labels)
	for i := range s.Tokens {
		s.Tokens[i].Head = sc.heads[i]
		s.Tokens[i].DepRel = a.parser.labels[sc.labels[i]]
	}
	repairRoot(s.Tokens)
}

// unpunctuated reports a sentence without final punctuation: a headline or
// caption even where the splitter could not tell ("Turkey backs Sweden's
// NATO bid" as a text of its own).
func unpunctuated(forms []string) bool {
	if len(forms) == 0 {
		return false
	}
	switch forms[len(forms)-1] {
	case ".", "!", "?", "...", "…", ":", ";", "\"", "'", "”", "’", ")":
		return false
	}
	return true
}

// subordinators open a clause whose finite verb is not the sentence's
// predicate.
var subordinators = map[string]bool{
	"after": true, "before": true, "when": true, "while": true, "because": true, "as": true, "since": true,
	"if": true, "until": true, "although": true, "though": true, "whereas": true, "once": true, "that": true,
	"which": true, "who": true, "whom": true, "whose": true, "where": true, "unless": true,
}

// timeWords are the words of dates that the parser takes for subjects.
var timeWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "yesterday": true, "today": true, "tonight": true,
}

// repairRoot fixes the parser's commonest slip on news sentences that open
// with names: "Brazil and Colombia expressed support for ..." parsed with
// the first name as the root and the finite verb hanging from a noun. When
// the root is a noun or name and a later past- or present-tense verb with
// no subject of its own hangs from it (or from a noun that does) as a
// modifier, list item or parataxis, with no verb between them, the verb
// becomes the root, the old root its subject, and the old root's later
// dependents the verb's, the first noun among them its object.
func repairRoot(toks []avocet.Token) {
	r := -1
	for i := range toks {
		if toks[i].Head == 0 {
			r = i
			break
		}
	}
	if r < 0 || toks[r].UPOS != "NOUN" && toks[r].UPOS != "PROPN" {
		return
	}
	v := -1
	for i := r + 1; i < len(toks); i++ {
		t := &toks[i]
		if t.UPOS == "VERB" || t.UPOS == "AUX" {
			if t.XPOS == "VBD" || t.XPOS == "VBZ" || t.XPOS == "VBP" {
				v = i
			}
			break
		}
		if t.UPOS == "SCONJ" || t.UPOS == "PRON" && (t.XPOS == "WP" || t.XPOS == "WDT") || t.Form == ":" || t.Form == ";" {
			return
		}
	}
	if v < 0 {
		return
	}
	switch toks[v].DepRel {
	case "amod", "parataxis", "list", "dep", "appos", "compound", "acl":
	default:
		return
	}
	h := toks[v].Head - 1 // the verb's head: the root, or a noun hanging from it
	if h < 0 || h != r && toks[h].Head-1 != r {
		return
	}
	for i := range toks {
		if toks[i].Head-1 == v && strings.HasPrefix(toks[i].DepRel, "nsubj") {
			if !timeWords[strings.ToLower(toks[i].Form)] {
				return
			}
			// "Kenya on Tuesday criticized": the day is not the subject
			toks[i].DepRel = "obl"
			for j := range toks {
				if toks[j].Head-1 == v && toks[j].DepRel == "mark" && j < i {
					toks[j].Head, toks[j].DepRel = i+1, "case"
				}
			}
		}
	}
	toks[v].Head, toks[v].DepRel = 0, "root"
	toks[r].Head, toks[r].DepRel = v+1, "nsubj"
	obj := false
	if h != r && h > v {
		toks[h].Head, toks[h].DepRel = v+1, "obj"
		obj = true
	}
	for i := v + 1; i < len(toks); i++ {
		if toks[i].Head-1 != r || i == h {
			continue
		}
		toks[i].Head = v + 1
		if !obj && (toks[i].UPOS == "NOUN" || toks[i].UPOS == "PROPN") && toks[i].DepRel != "obl" && !strings.HasPrefix(toks[i].DepRel, "nmod") {
			toks[i].DepRel = "obj"
			obj = true
		}
	}
}

// repairFinite fixes the tagger's commonest slip on news: a sentence with
// no finite verb whose past participle follows its subject noun ("The
// Turkish foreign minister expressed sympathy") is a clause in the past
// tense, not a noun phrase; the participle becomes VBD. Sentences with an
// auxiliary before the participle keep it.
//
// It reports whether the sentence has (now) a finite verb.
func (a *Annotator) repairFinite(forms []string, tags []int) bool {
	vbd, ok := a.tagger.index[Tag{"VERB", "VBD"}]
	if !ok || len(tags) < 3 {
		return true
	}
	// The first participle after a noun, the candidate predicate.
	cand := -1
	for i := 1; i < len(tags); i++ {
		if tg := a.tagger.tags[tags[i]]; tg.XPOS == "VBN" && tg.UPOS == "VERB" {
			cand = i
			break
		}
	}
	// A finite verb before it, or after it in the same clause, is the
	// predicate; one after a subordinator or a comma ("Police fired tear
	// gas after protesters threw stones", "..., officials said") is not.
	sub := false
	for i, t := range tags {
		if cand >= 0 && i > cand && (forms[i] == "," || subordinators[strings.ToLower(forms[i])]) {
			sub = true
		}
		switch a.tagger.tags[t].XPOS {
		case "VBD", "VBZ", "VBP", "MD":
			if cand < 0 || i < cand || !sub {
				return true // the sentence has a finite verb
			}
		}
	}
	for i := 1; i < len(tags); i++ {
		tg := a.tagger.tags[tags[i]]
		if tg.XPOS != "VBN" || tg.UPOS != "VERB" {
			continue
		}
		// the subject ends just before it, or just before the comma that
		// closes an apposition ("Sergei Lavrov, Russia's foreign minister,
		// criticised ...")
		j := i - 1
		if a.tagger.tags[tags[j]].XPOS == "," && j > 0 {
			j--
		}
		switch a.tagger.tags[tags[j]].XPOS {
		case "NN", "NNS", "NNP", "NNPS", "PRP":
			tags[i] = vbd
			return true
		}
		return false // only the first participle can be the predicate
	}
	return false
}

// repairHeadline gives a headline without a finite verb its verb:
// headlines drop articles and use the present tense ("Kenya, Ethiopia sign
// border pact", "UN chief urges ceasefire"), which the tagger, trained on
// full sentences, reads as one long noun phrase. The first word after a
// noun that the treebank knows as a present-tense verb becomes one.
func (a *Annotator) repairHeadline(forms []string, tags []int) {
	vbz, ok1 := a.tagger.index[Tag{"VERB", "VBZ"}]
	vbp, ok2 := a.tagger.index[Tag{"VERB", "VBP"}]
	if !ok1 || !ok2 {
		return
	}
	for i := 1; i < len(tags); i++ {
		prev := a.tagger.tags[tags[i-1]].XPOS
		if prev != "NN" && prev != "NNS" && prev != "NNP" && prev != "NNPS" {
			continue
		}
		switch a.tagger.tags[tags[i]].XPOS {
		case "NN", "NNS", "NNP", "NNPS", "JJ", "VB":
		default:
			continue
		}
		low := strings.ToLower(forms[i])
		if _, ok := a.lemma.lower[key(low, "VBZ")]; ok {
			tags[i] = vbz
			return
		}
		if _, ok := a.lemma.lower[key(low, "VBP")]; ok {
			tags[i] = vbp
			return
		}
		if _, ok := a.lemma.lower[key(low, "VB")]; ok && !strings.HasSuffix(low, "s") {
			tags[i] = vbp
			return
		}
	}
}

// titleCased reports whether a headline capitalises most of its words
// ("Ministers Agree to Resume Border Talks"), as news titles do; then the
// capitals say nothing about proper nouns.
func (a *Annotator) titleCased(s *avocet.Sentence) bool {
	upper, words := 0, 0
	for _, t := range s.Tokens {
		if t.Form == "" {
			continue
		}
		c := t.Form[0]
		switch {
		case 'A' <= c && c <= 'Z':
			upper++
			words++
		case 'a' <= c && c <= 'z':
			if len(t.Form) > 3 { // short function words stay lower case in titles
				words++
			}
		}
	}
	return words >= 3 && upper*10 >= words*8
}

const (
	rootWord = 0x524F4F54 // "ROOT"
	rootTag  = 0xFFFC
)

func growBools(a []bool, n int) []bool {
	if cap(a) < n {
		return make([]bool, n)
	}
	a = a[:n]
	clear(a)
	return a
}

func growInts(a []int, n int) []int {
	if cap(a) < n {
		return make([]int, n)
	}
	return a[:n]
}

const bundleMagic = "AVOCET-NLP-EN-1\n"

// Save writes the annotator as a gzip-compressed model bundle.
func (a *Annotator) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	e := &encoder{w: bw}
	e.str(bundleMagic)
	e.uint(uint64(len(a.tagger.tags)))
	for _, t := range a.tagger.tags {
		e.str(t.UPOS)
		e.str(t.XPOS)
	}
	keys := sortedKeys(a.tagger.dict)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.uint(uint64(a.tagger.dict[k]))
	}
	ak := make([]uint64, 0, len(a.tagger.amb))
	for k := range a.tagger.amb {
		ak = append(ak, k)
	}
	slices.Sort(ak)
	e.uint(uint64(len(ak)))
	for _, k := range ak {
		e.u64(k)
		e.u64(a.tagger.amb[k])
	}
	if e.err == nil {
		e.err = a.tagger.model.writeTo(bw)
	}
	for _, m := range []map[lemKey]string{a.lemma.lex, a.lemma.lower} {
		keys := sortedLemKeys(m)
		e.uint(uint64(len(keys)))
		for _, k := range keys {
			e.str(k.String())
			e.str(m[k])
		}
	}
	rk := sortedLemKeys(a.lemma.rules)
	sort.Slice(rk, func(i, j int) bool { return rk[i].xpos+"\t"+rk[i].form < rk[j].xpos+"\t"+rk[j].form })
	e.uint(uint64(len(rk)))
	for _, k := range rk {
		// rules are stored as "xpos\tsuffix"
		e.str(k.xpos + "\t" + k.form)
		e.uint(uint64(a.lemma.rules[k].cut))
		e.str(a.lemma.rules[k].add)
	}
	e.uint(uint64(len(a.parser.labels)))
	for _, l := range a.parser.labels {
		e.str(l)
	}
	if e.err == nil {
		e.err = a.parser.model.writeTo(bw)
	}
	if e.err != nil {
		return e.err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads a model bundle written by Save.
func Load(r io.Reader) (*Annotator, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: model bundle: %v", avocet.ErrModel, err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	d := &decoder{r: br}
	if d.str() != bundleMagic {
		return nil, fmt.Errorf("%w: model bundle: not an avocet English model", avocet.ErrModel)
	}
	a := &Annotator{
		tagger: &tagger{index: map[Tag]int{}, dict: map[string]uint8{}},
		lemma:  &lemmatizer{lex: map[lemKey]string{}, lower: map[lemKey]string{}, rules: map[lemKey]rewrite{}},
		parser: &parser{},
	}
	nt := d.count(256)
	for i := 0; i < nt && d.err == nil; i++ {
		t := Tag{d.str(), d.str()}
		a.tagger.index[t] = i
		a.tagger.tags = append(a.tagger.tags, t)
	}
	nd := d.count(1 << 22)
	for i := 0; i < nd && d.err == nil; i++ {
		k := d.str()
		c := d.uint()
		if c >= uint64(nt) {
			d.fail(errors.New("tag dictionary class out of range"))
		}
		a.tagger.dict[k] = uint8(c)
	}
	na := d.count(1 << 24)
	a.tagger.amb = make(map[uint64]uint64, na)
	for i := 0; i < na && d.err == nil; i++ {
		k := d.u64()
		a.tagger.amb[k] = d.u64()
	}
	if d.err == nil {
		a.tagger.model, d.err = readLinear(br)
	}
	for _, m := range []map[lemKey]string{a.lemma.lex, a.lemma.lower} {
		n := d.count(1 << 24)
		for i := 0; i < n && d.err == nil; i++ {
			k := parseLemKey(d.str())
			m[k] = d.str()
		}
	}
	nr := d.count(1 << 24)
	for i := 0; i < nr && d.err == nil; i++ {
		x, suffix, _ := strings.Cut(d.str(), "\t")
		cut := d.uint()
		a.lemma.rules[lemKey{suffix, x}] = rewrite{cut: int(cut), add: d.str()}
	}
	a.lemma.index()
	nl := d.count(127)
	for i := 0; i < nl && d.err == nil; i++ {
		a.parser.labels = append(a.parser.labels, d.str())
	}
	if d.err == nil {
		a.parser.model, d.err = readLinear(br)
	}
	if d.err == nil {
		// Reading to the end makes gzip verify its checksum, so a corrupted
		// weight is caught here rather than silently changing results.
		if _, err := br.ReadByte(); err == nil {
			d.err = errors.New("trailing data after the parser")
		} else if !errors.Is(err, io.EOF) {
			d.err = err
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: model bundle: %v", avocet.ErrModel, d.err)
	}
	if a.tagger.model.nclass != nt || a.parser.model.nclass != a.parser.nactions() || nt == 0 || nl == 0 {
		return nil, fmt.Errorf("%w: model bundle: inconsistent class counts", avocet.ErrModel)
	}
	return a, nil
}

// LoadBytes is Load over an in-memory bundle (as embedded in the binary).
func LoadBytes(b []byte) (*Annotator, error) { return Load(bytes.NewReader(b)) }

type encoder struct {
	w   *bufio.Writer
	err error
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) uint(v uint64) {
	if e.err != nil {
		return
	}
	n := binary.PutUvarint(e.buf[:], v)
	_, e.err = e.w.Write(e.buf[:n])
}

func (e *encoder) u64(v uint64) {
	if e.err != nil {
		return
	}
	binary.LittleEndian.PutUint64(e.buf[:8], v)
	_, e.err = e.w.Write(e.buf[:8])
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

type decoder struct {
	r   *bufio.Reader
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	d.fail(err)
	return v
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	var b [8]byte
	_, err := io.ReadFull(d.r, b[:])
	d.fail(err)
	return binary.LittleEndian.Uint64(b[:])
}

func (d *decoder) count(max int) int {
	v := d.uint()
	if v > uint64(max) {
		d.fail(fmt.Errorf("count %d exceeds %d", v, max))
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	n := d.count(1 << 20)
	if d.err != nil {
		return ""
	}
	b := make([]byte, n)
	_, err := io.ReadFull(d.r, b)
	d.fail(err)
	return string(b)
}

// Prune drops tagger and parser weights whose magnitude is below fraction
// of the largest weight, trading a little accuracy for speed and size.
func (a *Annotator) Prune(fraction float64) {
	q := int16(min(fraction*quantMax, quantMax))
	a.tagger.model.prune(q)
	a.parser.model.prune(q)
}

// Stats reports the number of weights the tagger and parser keep.
func (a *Annotator) Stats() (tagWeights, parseWeights int) {
	return a.tagger.model.size(), a.parser.model.size()
}
