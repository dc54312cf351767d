package nlp

import (
	"sort"
	"strings"
)

// lemmatizer maps (form, XPOS) to a lemma. It looks the pair up in a lexicon
// learned from the treebank and, for unseen words, applies the most frequent
// suffix rewrite learned for the longest matching suffix of that tag
// ("-ies" NNS -> "-y", "-ped" VBD -> "-p").
type lemmatizer struct {
	lex   map[lemKey]string  // (form as written, xpos) -> lemma
	lower map[lemKey]string  // (lowercased form, xpos) -> lemma
	rules map[lemKey]rewrite // (lowercased suffix, xpos) -> rewrite
	known map[string]bool    // every lemma of the lexicon, lower-cased (derived by index)
}

// index derives the set of known lemmas from the lexicons.
func (l *lemmatizer) index() {
	l.known = make(map[string]bool, len(l.lower))
	for _, v := range l.lower {
		l.known[strings.ToLower(v)] = true
	}
	for _, v := range l.lex {
		l.known[strings.ToLower(v)] = true
	}
}

// lemKey is a (word or suffix, XPOS) pair; a struct key, unlike a joined
// string, costs no allocation per lookup.
type lemKey struct{ form, xpos string }

// String joins the pair with a tab, as the model bundle stores it.
func (k lemKey) String() string { return k.form + "\t" + k.xpos }

func parseLemKey(s string) lemKey {
	f, x, _ := strings.Cut(s, "\t")
	return lemKey{f, x}
}

// rewrite removes cut bytes from the end of a lowercased form and appends add.
type rewrite struct {
	cut int
	add string
}

const maxRuleSuffix = 5

func key(form, xpos string) lemKey { return lemKey{form, xpos} }

// lemma returns the lemma of form tagged xpos/upos.
func (l *lemmatizer) lemma(form, upos, xpos string) string {
	if lem, ok := l.lex[key(form, xpos)]; ok {
		return lem
	}
	low := strings.ToLower(form)
	if lem, ok := l.lower[key(low, xpos)]; ok {
		return lem
	}
	// Past tense and participle share their forms in regular verbs, and
	// base and present forms always do: "shared" seen only as VBN still
	// lemmatises as VBD.
	if sib, ok := siblingTag[xpos]; ok {
		if lem, ok := l.lower[key(low, sib)]; ok {
			return lem
		}
	}
	switch upos {
	case "PROPN":
		if xpos == "NNPS" && len(form) > 3 && strings.HasSuffix(form, "s") && !strings.HasSuffix(form, "ss") {
			return form[:len(form)-1]
		}
		return form
	case "NUM", "PUNCT", "SYM", "X":
		return form
	case "ADJ":
		// an unknown capitalised adjective is a demonym ("Kenyan",
		// "Ivorian"), which keeps its capital as "American" does in UD
		if form[0] >= 'A' && form[0] <= 'Z' && xpos == "JJ" {
			return form
		}
	}
	if lem, ok := irregular[key(low, xpos)]; ok {
		return lem
	}
	if strings.HasPrefix(xpos, "VB") {
		// a mistagged irregular verb ("froze" as VBZ) is still irregular
		for _, x := range []string{"VBD", "VBN"} {
			if lem, ok := irregular[key(low, x)]; ok {
				return lem
			}
		}
	}
	for m := maxRuleSuffix; m >= 1; m-- {
		if m >= len(low) {
			continue
		}
		if r, ok := l.rules[lemKey{low[len(low)-m:], xpos}]; ok {
			if r.cut < len(low) {
				return l.preferKnown(low[:len(low)-r.cut] + r.add)
			}
		}
	}
	return low
}

var siblingTag = map[string]string{"VBD": "VBN", "VBN": "VBD", "VB": "VBP", "VBP": "VB"}

// preferKnown repairs a suffix rule's guess with the lexicon: "declined"
// stripped of "-ed" gives "declin", but "decline" is a known lemma;
// "stopped" gives "stopp" where "stop" is known.
func (l *lemmatizer) preferKnown(guess string) string {
	if l.known[guess] || len(guess) < 3 {
		return guess
	}
	if l.known[guess+"e"] {
		return guess + "e"
	}
	if n := len(guess); guess[n-1] == guess[n-2] && l.known[guess[:n-1]] {
		return guess[:n-1]
	}
	return guess
}

// commonTags are the tags of common (not proper) words that truecase checks.
var commonTags = []string{"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "JJ", "JJR", "JJS", "RB", "IN", "DT", "CC", "TO", "MD", "PRP", "PRP$", "CD", "RP", "WDT", "WP", "WRB"}

// truecase returns the lower-case form of a capitalised word of a
// title-case headline when the treebank knows it as a common word (even if
// also as part of names): "Resume" -> "resume", "Police" -> "police"; a
// name or a word the treebank never saw keeps its capital ("Kenya").
func (l *lemmatizer) truecase(form string) string {
	if form == "" || form[0] < 'A' || form[0] > 'Z' {
		return form
	}
	low := strings.ToLower(form)
	if low == form {
		return form
	}
	for _, x := range commonTags {
		if _, ok := l.lower[key(low, x)]; ok {
			return low // known as a common word
		}
	}
	return form // a name, or a word the treebank never saw: keep the capital
}

// trainLemmatizer learns the lexicon and suffix rules from (form, xpos,
// lemma) triples.
func trainLemmatizer(forms, xpos, lemmas []string) *lemmatizer {
	l := &lemmatizer{lex: map[lemKey]string{}, lower: map[lemKey]string{}, rules: map[lemKey]rewrite{}}
	exact := map[lemKey]map[string]int{}
	lower := map[lemKey]map[string]int{}
	rules := map[lemKey]map[rewrite]int{}
	count := func(m map[lemKey]map[string]int, k lemKey, v string) {
		c := m[k]
		if c == nil {
			c = map[string]int{}
			m[k] = c
		}
		c[v]++
	}
	seen := map[[3]string]bool{} // suffix rules count word types, not tokens
	for i := range forms {
		f, x, lem := forms[i], xpos[i], lemmas[i]
		if lem == "_" || lem == "" {
			continue
		}
		count(exact, key(f, x), lem)
		low := strings.ToLower(f)
		count(lower, key(low, x), lem)
		llem := strings.ToLower(lem)
		if seen[[3]string{low, x, llem}] {
			continue
		}
		seen[[3]string{low, x, llem}] = true
		// learn a rewrite from the lowercased form to the lowercased lemma
		p := 0
		for p < len(low) && p < len(llem) && low[p] == llem[p] {
			p++
		}
		if p == 0 {
			continue // suppletive ("went" -> "go"): lexicon only
		}
		r := rewrite{cut: len(low) - p, add: llem[p:]}
		for m := 1; m <= maxRuleSuffix && m < len(low); m++ {
			k := lemKey{low[len(low)-m:], x}
			c := rules[k]
			if c == nil {
				c = map[rewrite]int{}
				rules[k] = c
			}
			c[r]++
		}
	}
	pick := func(m map[lemKey]map[string]int, dst map[lemKey]string) {
		for k, c := range m {
			best, bn := "", -1
			for v, n := range c {
				if n > bn || (n == bn && v < best) {
					best, bn = v, n
				}
			}
			dst[k] = best
		}
	}
	pick(exact, l.lex)
	pick(lower, l.lower)
	defer l.index()
	for k, c := range rules {
		var best rewrite
		bn, total := -1, 0
		for r, n := range c {
			total += n
			if n > bn || (n == bn && (r.cut < best.cut || (r.cut == best.cut && r.add < best.add))) {
				best, bn = r, n
			}
		}
		// keep only rules that several words agree on for this suffix, so
		// one odd word (or annotation slip) never becomes a rule
		if bn >= 2 && float64(bn) >= 0.6*float64(total) {
			l.rules[k] = best
		}
	}
	return l
}

// sortedKeys returns m's keys in order, for stable model files.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortedLemKeys returns m's keys in the order of their bundle strings.
func sortedLemKeys[V any](m map[lemKey]V) []lemKey {
	keys := make([]lemKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	return keys
}

// irregular lists English irregular forms that a small treebank may miss.
// These are facts of English, written for avocet.
var irregular = func() map[lemKey]string {
	m := map[lemKey]string{}
	verbs := [][3]string{ // base, past, participle
		{"arise", "arose", "arisen"}, {"bear", "bore", "borne"}, {"beat", "beat", "beaten"},
		{"become", "became", "become"}, {"begin", "began", "begun"}, {"bend", "bent", "bent"},
		{"bid", "bid", "bid"}, {"bind", "bound", "bound"}, {"bite", "bit", "bitten"},
		{"bleed", "bled", "bled"}, {"blow", "blew", "blown"}, {"break", "broke", "broken"},
		{"breed", "bred", "bred"}, {"bring", "brought", "brought"}, {"build", "built", "built"},
		{"burn", "burnt", "burnt"}, {"burst", "burst", "burst"}, {"buy", "bought", "bought"},
		{"cast", "cast", "cast"}, {"catch", "caught", "caught"}, {"choose", "chose", "chosen"},
		{"cling", "clung", "clung"}, {"come", "came", "come"}, {"cost", "cost", "cost"},
		{"creep", "crept", "crept"}, {"cut", "cut", "cut"}, {"deal", "dealt", "dealt"},
		{"dig", "dug", "dug"}, {"do", "did", "done"}, {"draw", "drew", "drawn"},
		{"drink", "drank", "drunk"}, {"drive", "drove", "driven"}, {"eat", "ate", "eaten"},
		{"fall", "fell", "fallen"}, {"feed", "fed", "fed"}, {"feel", "felt", "felt"},
		{"fight", "fought", "fought"}, {"find", "found", "found"}, {"flee", "fled", "fled"},
		{"fly", "flew", "flown"}, {"forbid", "forbade", "forbidden"}, {"forecast", "forecast", "forecast"},
		{"foresee", "foresaw", "foreseen"}, {"forget", "forgot", "forgotten"}, {"forgive", "forgave", "forgiven"},
		{"freeze", "froze", "frozen"}, {"get", "got", "gotten"}, {"give", "gave", "given"},
		{"go", "went", "gone"}, {"grind", "ground", "ground"}, {"grow", "grew", "grown"},
		{"hang", "hung", "hung"}, {"have", "had", "had"}, {"hear", "heard", "heard"},
		{"hide", "hid", "hidden"}, {"hit", "hit", "hit"}, {"hold", "held", "held"},
		{"hurt", "hurt", "hurt"}, {"keep", "kept", "kept"}, {"know", "knew", "known"},
		{"lay", "laid", "laid"}, {"lead", "led", "led"}, {"leave", "left", "left"},
		{"lend", "lent", "lent"}, {"let", "let", "let"}, {"lie", "lay", "lain"},
		{"lose", "lost", "lost"}, {"make", "made", "made"}, {"mean", "meant", "meant"},
		{"meet", "met", "met"}, {"mislead", "misled", "misled"}, {"overcome", "overcame", "overcome"},
		{"overrun", "overran", "overrun"}, {"oversee", "oversaw", "overseen"}, {"overthrow", "overthrew", "overthrown"},
		{"pay", "paid", "paid"}, {"put", "put", "put"}, {"quit", "quit", "quit"},
		{"read", "read", "read"}, {"rebuild", "rebuilt", "rebuilt"}, {"rid", "rid", "rid"},
		{"ride", "rode", "ridden"}, {"ring", "rang", "rung"}, {"rise", "rose", "risen"},
		{"run", "ran", "run"}, {"say", "said", "said"}, {"see", "saw", "seen"},
		{"seek", "sought", "sought"}, {"sell", "sold", "sold"}, {"send", "sent", "sent"},
		{"set", "set", "set"}, {"shake", "shook", "shaken"}, {"shed", "shed", "shed"},
		{"shoot", "shot", "shot"}, {"show", "showed", "shown"}, {"shrink", "shrank", "shrunk"},
		{"shut", "shut", "shut"}, {"sing", "sang", "sung"}, {"sink", "sank", "sunk"},
		{"sit", "sat", "sat"}, {"slay", "slew", "slain"}, {"sleep", "slept", "slept"},
		{"slide", "slid", "slid"}, {"speak", "spoke", "spoken"}, {"spend", "spent", "spent"},
		{"split", "split", "split"}, {"spread", "spread", "spread"}, {"stand", "stood", "stood"},
		{"steal", "stole", "stolen"}, {"stick", "stuck", "stuck"}, {"sting", "stung", "stung"},
		{"strike", "struck", "struck"}, {"strive", "strove", "striven"}, {"swear", "swore", "sworn"},
		{"sweep", "swept", "swept"}, {"swim", "swam", "swum"}, {"swing", "swung", "swung"},
		{"take", "took", "taken"}, {"teach", "taught", "taught"}, {"tear", "tore", "torn"},
		{"tell", "told", "told"}, {"think", "thought", "thought"}, {"throw", "threw", "thrown"},
		{"thrust", "thrust", "thrust"}, {"undergo", "underwent", "undergone"}, {"understand", "understood", "understood"},
		{"undertake", "undertook", "undertaken"}, {"uphold", "upheld", "upheld"}, {"upset", "upset", "upset"},
		{"wake", "woke", "woken"}, {"wear", "wore", "worn"}, {"weep", "wept", "wept"},
		{"win", "won", "won"}, {"withdraw", "withdrew", "withdrawn"}, {"withhold", "withheld", "withheld"},
		{"withstand", "withstood", "withstood"}, {"write", "wrote", "written"},
	}
	for _, v := range verbs {
		m[key(v[1], "VBD")] = v[0]
		m[key(v[2], "VBN")] = v[0]
	}
	nouns := [][2]string{
		{"men", "man"}, {"women", "woman"}, {"children", "child"}, {"people", "person"},
		{"feet", "foot"}, {"teeth", "tooth"}, {"mice", "mouse"}, {"geese", "goose"},
		{"crises", "crisis"}, {"analyses", "analysis"}, {"theses", "thesis"}, {"criteria", "criterion"},
		{"phenomena", "phenomenon"}, {"data", "data"}, {"media", "media"}, {"militia", "militia"},
		{"lives", "life"}, {"wives", "wife"}, {"knives", "knife"}, {"leaves", "leaf"},
		{"thieves", "thief"}, {"halves", "half"}, {"selves", "self"}, {"wolves", "wolf"},
		{"policemen", "policeman"}, {"spokesmen", "spokesman"}, {"spokeswomen", "spokeswoman"},
		{"chairmen", "chairman"}, {"gunmen", "gunman"}, {"congressmen", "congressman"},
	}
	for _, n := range nouns {
		m[key(n[0], "NNS")] = n[1]
	}
	for _, p := range [][3]string{{"better", "good", "JJR"}, {"best", "good", "JJS"}, {"worse", "bad", "JJR"}, {"worst", "bad", "JJS"}, {"more", "much", "JJR"}, {"most", "much", "JJS"}, {"less", "little", "JJR"}, {"least", "little", "JJS"}, {"further", "far", "JJR"}, {"farther", "far", "JJR"}} {
		m[key(p[0], p[2])] = p[1]
	}
	return m
}()
