package nlp

import (
	"strings"
)

// Names is a lexicon of multiword proper names ("United States", "South
// Sudan", "Abdel Fattah al-Sisi") whose capitalised words the tagger
// should tag as proper nouns. The treebank the models learn from is web
// text with few such names, and a name's first word is often an adjective
// elsewhere ("United", "Islamic"); knowing the name keeps the parser from
// reading "The United States eased sanctions" as a noun phrase.
type Names struct {
	byFirst  map[string][][]string // lower-cased first word -> names as lower-cased words
	demonyms map[string]bool       // lower-cased demonyms ("eritrean"), adjectives before a noun
}

// NewNames builds a lexicon from names already split into words as the
// tokenizer splits them, and demonyms ("Eritrean", "Somali"). Names of one
// word are ignored: the tagger handles those. A demonym the tagger read as
// a proper noun before a common noun ("his Eritrean and Somali
// counterparts") is re-tagged as an adjective: the treebank has few of
// them and guesses NNP for capitalised unknown words.
func NewNames(names [][]string, demonyms []string) *Names {
	n := &Names{byFirst: map[string][][]string{}, demonyms: map[string]bool{}}
	for _, d := range demonyms {
		if !strings.Contains(d, " ") {
			n.demonyms[strings.ToLower(d)] = true
		}
	}
	for _, words := range names {
		if len(words) < 2 {
			continue
		}
		low := make([]string, len(words))
		for i, w := range words {
			low[i] = strings.ToLower(w)
		}
		n.byFirst[low[0]] = append(n.byFirst[low[0]], low)
	}
	return n
}

// WithNames returns an annotator that shares a's models and tags the
// capitalised words of known names as proper nouns.
func (a *Annotator) WithNames(n *Names) *Annotator {
	return &Annotator{tagger: a.tagger, lemma: a.lemma, parser: a.parser, names: n, propn: a.tagger.index[Tag{"PROPN", "NNP"}]}
}

// repairDemonyms re-tags as adjectives the demonyms tagged as proper or
// common nouns that modify a following common noun, alone or in a list:
// "Eritrean officials", "his Eritrean and Somali counterparts".
func (n *Names) repairDemonyms(forms []string, tags []int, tg *tagger) {
	adj, ok := tg.index[Tag{"ADJ", "JJ"}]
	if !ok || len(n.demonyms) == 0 {
		return
	}
	isDemonym := func(i int) bool {
		return i < len(forms) && capitalised(forms[i]) && n.demonyms[strings.ToLower(forms[i])]
	}
	for i := 0; i < len(forms); i++ {
		if !isDemonym(i) {
			continue
		}
		chain := []int{i}
		j := i + 1
		for j+1 < len(forms) && (forms[j] == "and" || forms[j] == "or" || forms[j] == ",") && isDemonym(j+1) {
			chain = append(chain, j+1)
			j += 2
		}
		if j < len(forms) && !capitalised(forms[j]) {
			if u := tg.tags[tags[j]].UPOS; u == "NOUN" || u == "ADJ" {
				for _, k := range chain {
					if u := tg.tags[tags[k]].UPOS; u == "PROPN" || u == "NOUN" {
						tags[k] = adj
					}
				}
			}
		}
		i = j - 1
	}
}

// mark sets forced[i] and out[i] for the capitalised words of the longest
// known name at each position.
func (n *Names) mark(forms []string, forced []bool, out []int, propn int) {
	for i := 0; i < len(forms); {
		best := 0
		if cands := n.byFirst[strings.ToLower(forms[i])]; len(cands) > 0 && capitalised(forms[i]) {
			for _, c := range cands {
				if len(c) <= best || i+len(c) > len(forms) {
					continue
				}
				ok := true
				for k, w := range c {
					if strings.ToLower(forms[i+k]) != w {
						ok = false
						break
					}
				}
				if ok && capitalised(forms[i+len(c)-1]) {
					best = len(c)
				}
			}
		}
		if best == 0 {
			i++
			continue
		}
		for k := i; k < i+best; k++ {
			if capitalised(forms[k]) {
				forced[k], out[k] = true, propn
			}
		}
		i += best
	}
}

func capitalised(w string) bool { return w != "" && 'A' <= w[0] && w[0] <= 'Z' }
