package main

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/avocet-events/avocet/nlp/conllu"
	"github.com/avocet-events/avocet/pipeline"
)

//go:embed sample/article.txt
var sampleArticle string

const parseUsage = `parse [flags] [FILE|-]

Segments, tags, lemmatises and parses plain text or JSONL articles (one
{"id","text",...} object a line) and writes CoNLL-U: "# newdoc id",
"# sent_id", "# text", and TokenRange=start:end character offsets into the
document in MISC. With no FILE it parses a built-in sample article; "-"
reads standard input. Input of any size streams with bounded memory.`

func (m *Main) runParse(ctx context.Context, args []string) error {
	fs := m.newFlags("parse", parseUsage)
	model := fs.String("model", "", "model bundle to use instead of the built-in one")
	workers := fs.Int("workers", 0, "parallel workers (default: number of CPUs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("parse takes at most one input, got %d", fs.NArg())
	}
	ann, err := loadAnnotator(*model)
	if err != nil {
		return err
	}
	var name string
	var in = strings.NewReader(sampleArticle)
	if fs.NArg() == 0 {
		name = "sample"
	} else {
		rc, n, err := m.openInput(fs.Arg(0))
		if err != nil {
			return err
		}
		defer rc.Close()
		name = n
		if n == "-" {
			name = "stdin"
		}
		return m.parseStream(ctx, rc, name, ann, *workers)
	}
	return m.parseStream(ctx, in, name, ann, *workers)
}

func (m *Main) parseStream(ctx context.Context, r interface{ Read([]byte) (int, error) }, name string, ann pipeline.Annotator, workers int) error {
	out := bufio.NewWriterSize(m.Stdout, 1<<16)
	docID := baseName(name)
	sentNo := 0
	var buf []byte
	errs := 0
	emit := func(c *pipeline.Chunk) error {
		if c.First {
			sentNo = 0
		}
		if c.Repaired > 0 {
			fmt.Fprintf(m.Stderr, "avocet: %s: document %s: replaced %d invalid UTF-8 sequence(s) with U+FFFD\n", name, c.DocID, c.Repaired)
		}
		id := c.DocID
		if id == name {
			id = docID
		}
		cc := conllu.NewCharCounterAt(c.Text, c.CharOffset)
		for i := range c.Sentences {
			sentNo++
			s := conllu.FromSentence(c.Text, &c.Sentences[i], id+"-"+strconv.Itoa(sentNo), cc)
			if c.First && i == 0 {
				s.Comments = append([]string{"newdoc id = " + id}, s.Comments...)
			}
			var err error
			buf, err = conllu.Append(buf[:0], s)
			if err != nil {
				return err
			}
			if _, err := out.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	onError := func(err error) {
		errs++
		fmt.Fprintln(m.Stderr, "avocet:", err)
	}
	if err := pipeline.Parse(ctx, r, name, ann, pipeline.ParseOptions{Workers: workers}, emit, onError); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if errs > 0 {
		return fmt.Errorf("%s: %d record(s) could not be parsed", name, errs)
	}
	return nil
}
