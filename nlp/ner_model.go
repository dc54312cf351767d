package nlp

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/avocet-events/avocet"
)

// The recogniser's model file (models/en-ner.avm) is a gzip stream: magic,
// the labels, the lexicon of the training data's entity phrases (words and
// kind), in version 2 the word clusters (level sizes, then each word with
// its ids), then the linear model (emission and transition weights).
// Version 1 files (no clusters) still load; Save writes version 1 for a
// model without clusters.
// Loading bounds every count, reads to the end so gzip verifies its
// checksum, and reports a bad file as an avocet.ErrModel error.

const (
	nerMagic  = "AVOCET-NER-EN-1\n"
	nerMagic2 = "AVOCET-NER-EN-2\n"
)

// Save writes the recogniser's model as a gzip stream. The gazetteer is
// not part of it.
func (n *NER) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	e := &encoder{w: bw}
	if n.clu != nil {
		e.str(nerMagic2)
	} else {
		e.str(nerMagic)
	}
	e.uint(uint64(len(n.labels)))
	for _, l := range n.labels {
		e.str(l)
	}
	var lex []*gazPhrase
	if n.lex != nil {
		lex = n.lex.list
	}
	e.uint(uint64(len(lex)))
	for _, p := range lex {
		e.uint(uint64(len(p.words)))
		for _, w := range p.words {
			e.str(w)
		}
		e.str(p.kind)
	}
	if c := n.clu; c != nil {
		e.uint(uint64(len(c.sizes)))
		for _, s := range c.sizes {
			e.uint(uint64(s))
		}
		e.uint(uint64(len(c.order)))
		for _, w := range c.order {
			e.str(w)
			for _, id := range c.ids[w] {
				e.uint(uint64(id))
			}
		}
	}
	if e.err == nil {
		e.err = n.model.writeTo(bw)
	}
	if e.err != nil {
		return e.err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// LoadNER reads a model written by Save. Attach the gazetteer the model
// was trained with by WithGazetteer.
func LoadNER(r io.Reader) (*NER, error) {
	n, err := loadNER(r)
	if err != nil {
		return nil, fmt.Errorf("%w: NER model: %v", avocet.ErrModel, err)
	}
	return n, nil
}

// LoadNERBytes is LoadNER over an in-memory model (as embedded in the
// binary).
func LoadNERBytes(b []byte) (*NER, error) { return LoadNER(bytes.NewReader(b)) }

func loadNER(r io.Reader) (*NER, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	d := &decoder{r: br}
	magic := d.str()
	if magic != nerMagic && magic != nerMagic2 {
		if d.err != nil {
			return nil, d.err
		}
		return nil, errors.New("not an avocet English NER model")
	}
	nl := d.count(64)
	n := &NER{}
	seen := map[string]bool{}
	for i := 0; i < nl && d.err == nil; i++ {
		l := d.str()
		p, t, ok := strings.Cut(l, "-")
		switch {
		case seen[l]:
			d.fail(fmt.Errorf("label %q twice", l))
		case l == "O":
		case !ok || t == "" || !strings.Contains("BILU", p) || len(p) != 1:
			d.fail(fmt.Errorf("bad label %q", l))
		}
		seen[l] = true
		n.labels = append(n.labels, l)
	}
	np := d.count(1 << 22)
	n.lex = NewPhraseGazetteer()
	for i := 0; i < np && d.err == nil; i++ {
		nw := d.count(64)
		if nw == 0 {
			d.fail(errors.New("empty lexicon phrase"))
		}
		words := make([]string, nw)
		for k := range words {
			words[k] = d.str()
			if words[k] == "" && d.err == nil {
				d.fail(errors.New("empty word in the lexicon"))
			}
		}
		kind := d.str()
		if kind == "" && d.err == nil {
			d.fail(errors.New("lexicon phrase without a kind"))
		}
		if d.err == nil {
			n.lex.Add(words, kind, "", "")
		}
	}
	if magic == nerMagic2 && d.err == nil {
		n.clu = readClusters(d)
	}
	if d.err == nil {
		n.model, d.err = readLinear(br)
	}
	if d.err == nil {
		if _, err := br.ReadByte(); err == nil {
			d.err = errors.New("trailing data after the model")
		} else if !errors.Is(err, io.EOF) {
			d.err = err
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if nl == 0 || !seen["O"] || n.model.nclass != nl {
		return nil, errors.New("inconsistent labels")
	}
	for l := range seen {
		if _, t, ok := strings.Cut(l, "-"); ok {
			for _, q := range []string{"B-", "I-", "L-", "U-"} {
				if !seen[q+t] {
					return nil, fmt.Errorf("label %q without %q", l, q+t)
				}
			}
		}
	}
	n.setup()
	n.setTransitions()
	return n, nil
}

// readClusters reads the word clusters of a version 2 model.
func readClusters(d *decoder) *WordClusters {
	nl := d.count(maxClusterLevels)
	if nl == 0 && d.err == nil {
		d.fail(errors.New("clusters without levels"))
	}
	c := &WordClusters{ids: map[string][]uint16{}}
	for i := 0; i < nl && d.err == nil; i++ {
		s := d.count(maxClusterSize)
		if s == 0 && d.err == nil {
			d.fail(errors.New("empty cluster level"))
		}
		c.sizes = append(c.sizes, s)
	}
	nw := d.count(maxClusterWords)
	for i := 0; i < nw && d.err == nil; i++ {
		w := d.str()
		if _, dup := c.ids[w]; (dup || w == "") && d.err == nil {
			d.fail(fmt.Errorf("cluster word %q empty or twice", w))
		}
		ids := make([]uint16, nl)
		for l := range ids {
			id := d.count(c.sizes[l] - 1)
			ids[l] = uint16(id)
		}
		if d.err == nil {
			c.ids[w] = ids
			c.order = append(c.order, w)
		}
	}
	return c
}
