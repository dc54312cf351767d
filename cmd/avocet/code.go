package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/coder"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/dict/petrarch"
	"github.com/avocet-events/avocet/format"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/pipeline"
	"github.com/avocet-events/avocet/text"
)

const codeUsage = `code [flags] [FILE|DIR|-]...

Codes articles into CAMEO events and writes them as JSONL, one event a line,
with the sentence, byte spans of source, verb and target, and the dictionary
rule (file:line) that fired; or as GDELT 2.0 Events TSV or CSV (--format). Input is plain text (one article a file) or JSONL
articles ({"id","date","title","text","url","source"} a line); a DIR is read
for *.txt and *.jsonl files. With no input it codes a built-in sample article
(dated 2024-03-15).
A story without a date gets events with an empty date and one warning, unless
--date gives one.`

func (m *Main) runCode(ctx context.Context, args []string) error {
	fs := m.newFlags("code", codeUsage)
	model := fs.String("model", "", "language model bundle to use instead of the built-in one")
	dictDir := fs.String("dict", "", "folder of dictionaries in avocet's format to use in addition to the built-in ones")
	replace := fs.Bool("replace-dict", false, "with --dict: use only the given dictionaries")
	lenient := fs.Bool("lenient", false, "skip malformed dictionary lines with a warning instead of failing")
	dateFlag := fs.String("date", "", "story date (YYYY-MM-DD) for input without one")
	keepNegated := fs.Bool("keep-negated", false, "emit negated and speculative events, flagged, instead of dropping them")
	allMentions := fs.Bool("all-mentions", false, "emit every mention instead of one event per story, dyad, code and day")
	reportUnknown := fs.Bool("report-unknown", false, "report, on stderr, uncoded noun phrases in subject or object position by frequency")
	workers := fs.Int("workers", 0, "parallel workers for parsing (default: number of CPUs)")
	outFormat := fs.String("format", "jsonl", "output format: jsonl (full provenance), gdelt (GDELT 2.0 Events TSV, 61 columns) or csv")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var defaultDate time.Time
	if *dateFlag != "" {
		d, err := time.Parse("2006-01-02", *dateFlag)
		if err != nil {
			return usagef("--date %q is not YYYY-MM-DD", *dateFlag)
		}
		defaultDate = d
	}
	ann, err := loadAnnotator(*model)
	if err != nil {
		return err
	}
	dicts, err := m.loadDictionaries(*dictDir, *replace, *lenient)
	if err != nil {
		return err
	}
	c := coder.New(dicts, cameo.Default(), coder.Options{KeepNegated: *keepNegated, KeepMentions: *allMentions, PlaceCountry: m.placeCountry()})
	ann = ann.WithNames(nlp.NewNames(c.Names(), c.Demonyms()))
	switch *outFormat {
	case "jsonl", "gdelt", "csv":
	default:
		return usagef("--format %q: want jsonl, gdelt or csv", *outFormat)
	}
	out := bufio.NewWriterSize(m.Stdout, 1<<16)
	run := &codeRun{m: m, c: c, ann: ann, format: *outFormat, w: format.NewJSONLWriter(out), g: format.NewGDELTWriter(out), csv: format.NewCSVWriter(out), defaultDate: defaultDate, unknown: map[string]int{}}
	if g, err := geo.Default(); err == nil {
		run.geocoder = geo.New(g, nil)
	}

	inputs, err := expandInputs(fs.Args())
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		if run.defaultDate.IsZero() {
			run.defaultDate = sampleDate // the sample is dated so its events are
		}
		if err := run.input(ctx, strings.NewReader(sampleArticle), "sample", *workers); err != nil {
			return err
		}
	}
	for _, in := range inputs {
		rc, name, err := m.openInput(in)
		if err != nil {
			return err
		}
		err = run.input(ctx, rc, name, *workers)
		rc.Close()
		if err != nil {
			return err
		}
	}
	if err := run.csv.Flush(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if *reportUnknown {
		run.reportUnknown()
	}
	fmt.Fprintf(m.Stderr, "avocet: coded %d article(s), %d sentence(s), %d event(s)\n", run.articles, run.sentences, run.events)
	if run.errs > 0 {
		return fmt.Errorf("%d record(s) could not be coded", run.errs)
	}
	return nil
}

// loadDictionaries returns the built-in dictionaries, plus or instead of
// those named by spec: a folder in avocet's format, a folder of PETRARCH
// dictionaries (chosen by its PETR_config.ini or by file names), or a
// comma-separated list of PETRARCH dictionary files.
func (m *Main) loadDictionaries(spec string, replace, lenient bool) (*dict.Dictionaries, error) {
	warn := func(err error) { fmt.Fprintln(m.Stderr, "avocet: warning:", err) }
	if spec == "" {
		if replace {
			return nil, usagef("--replace-dict needs --dict")
		}
		return dict.Builtin()
	}
	var extra *dict.Dictionaries
	var err error
	if st, serr := os.Stat(spec); serr == nil && st.IsDir() && isAvocetDictDir(spec) {
		extra, err = dict.Load(os.DirFS(spec), &dict.Options{Lenient: lenient, Warn: warn})
	} else {
		extra, err = loadPetrarch(spec, lenient, warn)
	}
	if err != nil {
		return nil, fmt.Errorf("dictionaries %s: %w", spec, err)
	}
	if replace {
		return extra, nil
	}
	base, err := dict.Builtin()
	if err != nil {
		return nil, err
	}
	return dict.Merge(extra, base), nil
}

// isAvocetDictDir reports a folder holding files named as avocet's
// dictionaries are (countries*.txt, verbs*.txt, ...).
func isAvocetDictDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := strings.ToLower(e.Name())
		if !strings.HasSuffix(n, ".txt") {
			continue
		}
		for _, p := range []string{"countries", "people", "organizations", "actors", "agents", "verbs", "sets", "discards", "issues"} {
			if strings.HasPrefix(n, p) {
				return true
			}
		}
	}
	return false
}

// loadPetrarch reads PETRARCH dictionaries from a folder or a list of files.
func loadPetrarch(spec string, lenient bool, warn func(error)) (*dict.Dictionaries, error) {
	opts := &petrarch.Options{Lenient: lenient, Warn: func(err error) {}}
	var set *petrarch.Set
	if st, err := os.Stat(spec); err == nil && st.IsDir() {
		s, err := petrarch.ReadDir(spec, opts)
		if err != nil {
			return nil, err
		}
		set = s
	} else {
		set = &petrarch.Set{}
		for _, path := range strings.Split(spec, ",") {
			if err := readPetrarchFile(set, path, opts); err != nil {
				return nil, err
			}
		}
	}
	return set.Dictionaries(warn), nil
}

func readPetrarchFile(set *petrarch.Set, path string, opts *petrarch.Options) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	switch petrarch.KindOf(path) {
	case petrarch.KindVerbs:
		v, err := petrarch.ReadVerbs(f, path, opts)
		if err != nil {
			return err
		}
		set.Verbs = append(set.Verbs, v)
	case petrarch.KindActors:
		a, err := petrarch.ReadActors(f, path, opts)
		if err != nil {
			return err
		}
		set.Actors = append(set.Actors, a)
	case petrarch.KindAgents:
		a, err := petrarch.ReadAgents(f, path, opts)
		if err != nil {
			return err
		}
		set.Agents = append(set.Agents, a)
	case petrarch.KindDiscards:
		d, err := petrarch.ReadDiscards(f, path, opts)
		if err != nil {
			return err
		}
		set.Discards = append(set.Discards, d)
	case petrarch.KindIssues:
		is, err := petrarch.ReadIssues(f, path, opts)
		if err != nil {
			return err
		}
		set.Issues = append(set.Issues, is)
	default:
		return usagef("%s: cannot tell what kind of PETRARCH dictionary this is from its name", path)
	}
	return nil
}

// expandInputs turns folders into their *.txt and *.jsonl files.
func expandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if a == "-" || err != nil || !st.IsDir() {
			out = append(out, a) // open reports a missing file with its name
			continue
		}
		var files []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".jsonl")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		out = append(out, files...)
	}
	return out, nil
}

// sampleDate is the story date of the built-in sample article.
var sampleDate = time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)

// codeRun codes a sequence of inputs into one output.
type codeRun struct {
	m           *Main
	c           *coder.Coder
	ann         *nlp.Annotator
	format      string
	w           *format.JSONLWriter
	g           *format.GDELTWriter
	csv         *format.CSVWriter
	defaultDate time.Time
	unknown     map[string]int
	geocoder    *geo.Geocoder // places events; nil leaves them unplaced

	story     *coder.Story
	article   *avocet.Article
	sentTexts map[int]string // sentence index -> text, for the story being coded
	bodyText  strings.Builder
	nextSent  int
	places    []geo.Mention // the story's place mentions, spans into its text
	dateline  string        // the story's dateline place as written

	articles, sentences, events, errs int
}

func (r *codeRun) input(ctx context.Context, rd io.Reader, name string, workers int) error {
	emit := func(ch *pipeline.Chunk) error {
		if ch.First {
			if err := r.flush(); err != nil {
				return err
			}
			r.start(ch, name)
		}
		r.bodyText.WriteString(ch.Text)
		for i := range ch.Sentences {
			s := &ch.Sentences[i]
			s.Index = r.nextSent
			r.nextSent++
			r.sentTexts[s.Index] = ch.Text[s.Start:s.End]
			r.story.Code(ch.Text, ch.Offset, s)
			r.sentences++
		}
		r.place(ch)
		return nil
	}
	onError := func(err error) {
		r.errs++
		fmt.Fprintln(r.m.Stderr, "avocet:", err)
	}
	if err := pipeline.Parse(ctx, rd, name, r.ann, pipeline.ParseOptions{Workers: workers}, emit, onError); err != nil {
		return err
	}
	return r.flush()
}

// maxPlaces bounds the place mentions kept for one story.
const maxPlaces = 100000

// place geocodes the places a chunk names.
func (r *codeRun) place(ch *pipeline.Chunk) {
	if r.geocoder == nil || len(r.places) >= maxPlaces {
		return
	}
	if ch.First {
		if d, ok := text.Dateline(ch.Text); ok {
			r.dateline = ch.Text[d.Place.Start:d.Place.End]
		}
	}
	for _, m := range r.geocoder.Places(ch.Text, ch.Sentences, r.dateline) {
		m.Span.Start += ch.Offset
		m.Span.End += ch.Offset
		r.places = append(r.places, m)
	}
}

// start begins a new story, coding its headline first.
func (r *codeRun) start(ch *pipeline.Chunk, name string) {
	meta := ch.Meta
	a := &avocet.Article{ID: ch.DocID, Language: "en"}
	if meta != nil {
		a.Title, a.URL, a.Publisher = meta.Title, meta.URL, meta.Source
		if meta.Date != "" {
			d, err := parseStoryDate(meta.Date)
			if err != nil {
				fmt.Fprintf(r.m.Stderr, "avocet: %s: article %s: %v; using no date\n", name, a.ID, err)
			}
			a.Date = d
		}
	}
	if a.Date.IsZero() {
		if r.defaultDate.IsZero() {
			fmt.Fprintf(r.m.Stderr, "avocet: %s: article %s has no date; its events have an empty date (give --date)\n", name, a.ID)
		}
		a.Date = r.defaultDate
	}
	r.article = a
	r.story = r.c.NewStory(a)
	r.sentTexts = map[int]string{}
	r.bodyText.Reset()
	r.nextSent = 0
	r.places, r.dateline = r.places[:0], ""
	r.articles++
	if title := pipeline.CodeHeadline(r.story, r.ann, a.Title); title != "" {
		r.sentTexts[-1] = title
	}
}

// parseStoryDate accepts the date forms news feeds use.
func parseStoryDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "20060102", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not a date avocet reads (YYYY-MM-DD, RFC 3339, YYYYMMDD)", s)
}

// flush writes the finished story's events.
func (r *codeRun) flush() error {
	if r.story == nil {
		return nil
	}
	for k, v := range r.story.Unknown() {
		r.unknown[k] += v
	}
	body := r.bodyText.String()
	var main, dateline *avocet.Location
	if r.geocoder != nil {
		main = geo.StoryPlace(r.places)
		dateline = r.geocoder.Dateline(r.dateline)
	}
	for _, e := range r.story.Events() {
		if r.geocoder != nil {
			e.Location = geo.EventPlace(r.places, e.Sentence, main, dateline)
			e.Source.Place = r.geocoder.ActorPlace(r.places, e.Sentence, &e.Source)
			e.Target.Place = r.geocoder.ActorPlace(r.places, e.Sentence, &e.Target)
		}
		src := body
		if e.Sentence < 0 { // the title: its spans point into the title
			src = r.sentTexts[-1]
		}
		var err error
		switch r.format {
		case "gdelt":
			err = r.g.Write(e, r.article)
		case "csv":
			err = r.csv.Write(format.NewEventJSON(e, src, r.sentTexts[e.Sentence]))
		default:
			err = r.w.Write(format.NewEventJSON(e, src, r.sentTexts[e.Sentence]))
		}
		if err != nil {
			return err
		}
		r.events++
	}
	r.story = nil
	return nil
}

func (r *codeRun) reportUnknown() {
	type kv struct {
		k string
		v int
	}
	var list []kv
	for k, v := range r.unknown {
		list = append(list, kv{k, v})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].v != list[j].v {
			return list[i].v > list[j].v
		}
		return list[i].k < list[j].k
	})
	fmt.Fprintln(r.m.Stderr, "uncoded actors (count, phrase):")
	for i, e := range list {
		if i == 50 {
			break
		}
		fmt.Fprintf(r.m.Stderr, "%6d  %s\n", e.v, e.k)
	}
}
