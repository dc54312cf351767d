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
	byFirst map[string][][]string // lower-cased first word -> names as lower-cased words
}

// NewNames builds a lexicon from names already split into words as the
// tokenizer splits them. Names of one word are ignored: the tagger handles
// those.
func NewNames(names [][]string) *Names {
	n := &Names{byFirst: map[string][][]string{}}
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
