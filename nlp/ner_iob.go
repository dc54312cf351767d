package nlp

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/avocet-events/avocet"
)

// NERSentence is one sentence of named-entity data, as the IOB readers
// give it and TrainNER takes it.
type NERSentence struct {
	ID    string   // sentence id ("# sent_id = ..."), when the file gives one
	Doc   string   // document id ("# newdoc id = ...", or a number per -DOCSTART-), when known
	Forms []string // the words
	Tags  []string // BIO tags: "B-PER", "I-ORG", "O"; nil for unlabelled text
	UPOS  []string // predicted universal part-of-speech tags, filled by the caller before training
	XPOS  []string // predicted Penn Treebank tags, likewise
}

// IOBOptions says how to read an IOB file.
type IOBOptions struct {
	// IOB1 reads the older scheme in which an entity starts with I- unless
	// it directly follows another entity of its type (CoNLL 2003,
	// Wikigold); tags are converted to IOB2.
	IOB1 bool
	// Types maps the file's entity types to ours; a type it does not list
	// becomes O. nil keeps PER, ORG and LOC and reads GPE as LOC.
	Types map[string]string
	// StripHash drops a leading '#' from hashtags ("#UN" -> "UN"), for
	// tweets.
	StripHash bool
}

// ReadIOB reads named-entity data, one word a line and a blank line
// between sentences. A line is either "index<TAB>word<TAB>tag..." (the
// Universal NER files, with "# sent_id" and "# newdoc id" comments) or
// "word ... tag" separated by tabs or spaces (CoNLL, Wikigold, BTC);
// -DOCSTART- lines separate documents; words of white space are skipped. Tags are returned in IOB2, with an
// I- that does not continue an entity of its type turned into B-.
// Malformed lines are errors naming name:line.
func ReadIOB(r io.Reader, name string, opts IOBOptions) ([]NERSentence, error) {
	types := opts.Types
	if types == nil {
		types = map[string]string{"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	var (
		out     []NERSentence
		cur     NERSentence
		doc     string
		docs    int
		lineNo  int
		indexed = -1 // -1 unknown, 0 word ... tag, 1 index word tag
	)
	flush := func() {
		if len(cur.Forms) > 0 {
			cur.Doc = doc
			cur.Tags = normaliseTags(cur.Tags, opts.IOB1, types)
			out = append(out, cur)
		}
		cur = NERSentence{}
	}
	bad := func(format string, args ...any) error {
		return &avocet.PosError{File: name, Line: lineNo, Err: fmt.Errorf("%w: %s", avocet.ErrInvalidInput, fmt.Sprintf(format, args...))}
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(line, "#") && (len(cur.Forms) == 0 || indexed == 1) && !looksLikeWordLine(line) {
			if v, ok := strings.CutPrefix(line, "# sent_id = "); ok {
				cur.ID = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(line, "# newdoc id = "); ok {
				flush()
				doc = strings.TrimSpace(v)
			}
			continue
		}
		if strings.HasPrefix(line, "-DOCSTART-") {
			flush()
			docs++
			doc = fmt.Sprintf("doc%d", docs)
			continue
		}
		var f []string
		if strings.Contains(line, "\t") {
			f = strings.Split(line, "\t")
		} else {
			f = strings.Fields(line)
		}
		if indexed < 0 {
			indexed = 0
			if len(f) >= 3 && f[0] == "1" {
				indexed = 1
			}
		}
		var word, tag string
		if indexed == 1 {
			if len(f) < 3 {
				return nil, bad("want index, word and tag, got %d fields", len(f))
			}
			if strings.ContainsAny(f[0], "-.") {
				continue // multiword token range or empty node
			}
			word, tag = f[1], f[2]
		} else {
			if len(f) < 2 {
				return nil, bad("want a word and a tag, got %d field", len(f))
			}
			word, tag = f[0], f[len(f)-1]
		}
		tag = strings.TrimSpace(tag)
		if tag != "O" {
			p, _, ok := strings.Cut(tag, "-")
			if !ok || p != "B" && p != "I" {
				return nil, bad("bad tag %q", tag)
			}
		}
		if opts.StripHash && len(word) > 1 && word[0] == '#' {
			word = word[1:]
		}
		if strings.TrimSpace(word) == "" {
			continue // tweets have whitespace "words"; they carry nothing
		}
		cur.Forms = append(cur.Forms, word)
		cur.Tags = append(cur.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, &avocet.PosError{File: name, Line: lineNo + 1, Err: err}
	}
	flush()
	if len(out) == 0 {
		return nil, &avocet.PosError{File: name, Err: fmt.Errorf("%w: no sentences", avocet.ErrInvalidInput)}
	}
	return out, nil
}

// looksLikeWordLine tells a "#" word line of a word-tag file ("#UN\tB-ORG")
// from a comment.
func looksLikeWordLine(line string) bool {
	f := strings.Split(line, "\t")
	if len(f) < 2 {
		return false
	}
	t := strings.TrimSpace(f[len(f)-1])
	return t == "O" || strings.HasPrefix(t, "B-") || strings.HasPrefix(t, "I-")
}

// normaliseTags converts IOB1 to IOB2 when asked, maps types and repairs
// an I- that continues nothing into B-.
func normaliseTags(tags []string, iob1 bool, types map[string]string) []string {
	out := make([]string, len(tags))
	prevType := ""
	for i, t := range tags {
		p, typ, ok := strings.Cut(t, "-")
		if !ok {
			out[i], prevType = "O", ""
			continue
		}
		if iob1 && p == "I" && typ != prevType {
			p = "B"
		}
		prevType = typ
		mapped, keep := types[typ]
		if !keep || mapped == "" {
			out[i] = "O"
			continue
		}
		out[i] = p + "-" + mapped
	}
	// an I- after O or after another type starts an entity
	for i, t := range out {
		if strings.HasPrefix(t, "I-") && (i == 0 || out[i-1] == "O" || out[i-1][2:] != t[2:]) {
			out[i] = "B-" + t[2:]
		}
	}
	return out
}

// SpanCounts counts entity spans for precision and recall.
type SpanCounts struct {
	Gold, Predicted, Correct int
}

// Precision returns Correct/Predicted (0 when nothing was predicted).
func (c SpanCounts) Precision() float64 {
	if c.Predicted == 0 {
		return 0
	}
	return float64(c.Correct) / float64(c.Predicted)
}

// Recall returns Correct/Gold (0 without gold spans).
func (c SpanCounts) Recall() float64 {
	if c.Gold == 0 {
		return 0
	}
	return float64(c.Correct) / float64(c.Gold)
}

// F1 returns the harmonic mean of precision and recall.
func (c SpanCounts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// NERScores are span scores in the CoNLL manner: a predicted entity is
// correct when its tokens and type equal a gold entity's; micro-averaged
// over all types, and per type.
type NERScores struct {
	All    SpanCounts
	ByType map[string]SpanCounts
}

// ScoreNER scores predicted BIO tags against gold ones, sentence by
// sentence (each pair must have the same length). GPE counts as LOC.
func ScoreNER(gold, pred [][]string) (NERScores, error) {
	s := NERScores{ByType: map[string]SpanCounts{}}
	if len(gold) != len(pred) {
		return s, fmt.Errorf("score: %d gold sentences, %d predicted", len(gold), len(pred))
	}
	norm := func(t string) string {
		if t == KindGPE {
			return "LOC"
		}
		return t
	}
	for i := range gold {
		if len(gold[i]) != len(pred[i]) {
			return s, fmt.Errorf("score: sentence %d has %d gold tags and %d predicted", i+1, len(gold[i]), len(pred[i]))
		}
		g, p := SpansOf(gold[i]), SpansOf(pred[i])
		want := map[EntitySpan]bool{}
		for _, sp := range g {
			sp.Type = norm(sp.Type)
			want[sp] = true
			c := s.ByType[sp.Type]
			c.Gold++
			s.ByType[sp.Type] = c
			s.All.Gold++
		}
		for _, sp := range p {
			sp.Type = norm(sp.Type)
			c := s.ByType[sp.Type]
			c.Predicted++
			s.All.Predicted++
			if want[sp] {
				c.Correct++
				s.All.Correct++
			}
			s.ByType[sp.Type] = c
		}
	}
	return s, nil
}
