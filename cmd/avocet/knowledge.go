package main

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/format"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/pipeline"
)

const knowledgeUsage = `knowledge [flags] [FILE|DIR|URL-LIST|-]...

Writes what each article says beyond its events, one record an article: the
people, organisations and places it names (named-entity recognition, mentions
grouped per entity), the places geocoded (geocoded with the embedded GeoNames gazetteer), themes, tone
(AFINN-165), amounts ("30,000 troops", "$3 billion in aid"), quotations with
their speakers and the dates it mentions resolved against its date; as JSONL
(--format jsonl, byte spans into the article text) or GDELT GKG 2.1 TSV
(--format gkg). Inputs are read as by 'avocet ingest' (text, JSONL, HTML,
feeds, WARC, URL lists). Inputs that cannot be read are reported on stderr
and the run goes on.`

func (m *Main) runKnowledge(ctx context.Context, args []string) error {
	fs := m.newFlags("knowledge", knowledgeUsage)
	outFormat := fs.String("format", "jsonl", "output: jsonl or gkg (GDELT GKG 2.1 TSV)")
	dateFlag := fs.String("date", "", "story date (YYYY-MM-DD) for articles without one")
	model := fs.String("model", "", "language model bundle to use instead of the built-in one")
	dictDir := fs.String("dict", "", "dictionaries to use in addition to the built-in ones")
	replace := fs.Bool("replace-dict", false, "with --dict: use only the given dictionaries")
	workers := fs.Int("workers", 0, "coding goroutines (default: number of CPUs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *outFormat {
	case "jsonl", "gkg":
	default:
		return usagef("--format %q: want jsonl or gkg", *outFormat)
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		return usagef("knowledge needs at least one input (FILE, DIR, URL list or - for standard input)")
	}
	ac, err := m.articleCoder(*model, *dictDir, *replace, false)
	if err != nil {
		return err
	}
	if *dateFlag != "" {
		d, err := time.Parse("2006-01-02", *dateFlag)
		if err != nil {
			return usagef("--date %q is not YYYY-MM-DD", *dateFlag)
		}
		ac.DefaultDate = d
	}
	if err := enableKnowledge(ac); err != nil {
		return err
	}
	files, _, err := ingestFiles(inputs)
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(m.Stdout, 1<<16)
	jw, gw := format.NewJSONLWriter(out), format.NewGKGWriter(out)
	n, bad := 0, 0
	err = pipeline.CodeAll(ctx, ac, m.ingestSource(files, newProgress(m.Stderr, "never", 0)), *workers, func(in pipeline.Input, c pipeline.Coded, err error) error {
		if err != nil {
			bad++
			where := in.Input
			if in.Record != "" {
				where += ": " + in.Record
			}
			fmt.Fprintf(m.Stderr, "avocet: %s: %v\n", where, err)
			return nil
		}
		n++
		a := c.Article.Article
		if a.Date.IsZero() {
			a.Date = ac.DefaultDate
		}
		if *outFormat == "gkg" {
			return gw.Write(*c.Knowledge, &a)
		}
		return jw.Write(format.NewKnowledgeJSON(*c.Knowledge, &a))
	})
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	fmt.Fprintf(m.Stderr, "avocet: wrote the knowledge of %d article(s); %d input(s) could not be read or coded\n", n, bad)
	return err
}

// maxEntityMentions bounds the entity mentions of one article that are
// grouped into entities (grouping compares a mention with the entities
// found before it). News stories name tens of entities; an article
// naming thousands is a list, whose first mentions are kept.
const maxEntityMentions = 3000

// enableKnowledge makes ac compute each article's knowledge, with named
// entities from the built-in recogniser and dictionary gazetteer.
func enableKnowledge(ac *pipeline.ArticleCoder) error {
	ner, err := nlp.LoadNERBytes(models.EnglishNER)
	if err != nil {
		return err
	}
	gaz, err := builtinNERGazetteer()
	if err != nil {
		return err
	}
	ner = ner.WithGazetteer(gaz)
	d, err := dict.Builtin()
	if err != nil {
		return err
	}
	actors := actorsByName(d)
	ac.Knowledge = true
	ac.Entities = func(text string, sents []avocet.Sentence, date time.Time) []avocet.Entity {
		ner.TagDocument(sents)
		spans := make([][]nlp.EntitySpan, len(sents))
		n := 0
		for i := range sents {
			if n >= maxEntityMentions {
				break // a name list, not a story: keep the first mentions
			}
			spans[i] = ner.Spans(&sents[i])
			n += len(spans[i])
		}
		es := nlp.GroupEntities(text, sents, spans, gaz.Lookup)
		if !date.IsZero() {
			for i := range es {
				if a := actors[es[i].Canonical]; a != nil {
					es[i].Code = a.CodeAt(date)
				}
			}
		}
		return es
	}
	return nil
}

// actorsByName maps the canonical names the NER gazetteer gives entities
// to their dictionary actors, so an entity's code can be taken at the
// story's date ("Cyril Ramaphosa" is ZAFGOV from 2018, ZAFELI before).
// The first actor of a name wins, as in the gazetteer.
func actorsByName(d *dict.Dictionaries) map[string]*dict.ActorEntry {
	m := make(map[string]*dict.ActorEntry, len(d.Actors))
	for i := range d.Actors {
		a := &d.Actors[i]
		name := a.Name
		if name == "" && len(a.Phrases) > 0 {
			name = a.Phrases[0]
		}
		if _, ok := m[name]; !ok && name != "" {
			m[name] = a
		}
	}
	return m
}
