package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
)

// version is reported by the server and in exported files.
const version = "0.4.0-dev"

// Main is the avocet command line: a table of subcommands over injected
// standard streams, so tests run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// NewMain returns a Main over the given streams.
func NewMain(stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{Stdin: stdin, Stdout: stdout, Stderr: stderr}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"parse":     {"segment, tag, lemmatise and parse text; CoNLL-U out", (*Main).runParse},
		"eval-ud":   {"score the tagger and parser against a CoNLL-U gold file", (*Main).runEvalUD},
		"train":     {"train the language models from the UD corpora (developers)", (*Main).runTrain},
		"code":      {"code articles into CAMEO events (JSONL with provenance)", (*Main).runCode},
		"eval":      {"score the event coder on a gold suite (PETRARCH XML or JSONL)", (*Main).runEval},
		"ingest":    {"code articles (text, JSONL, HTML, feeds, WARC, URL lists) into the store", (*Main).runIngest},
		"query":     {"select events from the store as a table, JSONL or CSV", (*Main).runQuery},
		"export":    {"export events (and articles) as Parquet, GDELT TSV, CSV or JSONL", (*Main).runExport},
		"serve":     {"serve the store: JSON API, OpenAPI document and dashboard", (*Main).runServe},
		"knowledge": {"article knowledge: places, themes, tone, amounts, quotations, dates (JSONL or GKG)", (*Main).runKnowledge},

		"eval-ner": {"score the named-entity recogniser against an IOB gold file", (*Main).runEvalNER},
	}
}

// usageError is a mistake in the command line; it exits with code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Run runs the subcommand named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(cmds)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		m.usage(cmds)
		return usagef("unknown command %q", args[0])
	}
	return c.run(m, ctx, args[1:])
}

func (m *Main) usage(cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(m.Stderr, "avocet turns news text into political event data.\n\nUsage: avocet <command> [flags] [args]\n\nCommands:")
	for _, n := range names {
		fmt.Fprintf(m.Stderr, "  %-8s  %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(m.Stderr, "\nRun 'avocet <command> -h' for a command's flags.")
}

// newFlags returns a FlagSet that reports to stderr and returns errors.
func (m *Main) newFlags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: avocet %s\n\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

var errHelp = errors.New("help shown")

// exitCode maps an error to the process exit code and reports it.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "avocet:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "avocet:", err)
		return 1
	}
}

// loadAnnotator loads the language model from path, or the built-in one.
func loadAnnotator(path string) (*nlp.Annotator, error) {
	if path == "" {
		return nlp.LoadBytes(models.EnglishNLP)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := nlp.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// openInput opens a named input; "-" or "" is standard input.
func (m *Main) openInput(name string) (io.ReadCloser, string, error) {
	if name == "" || name == "-" {
		return io.NopCloser(m.Stdin), "-", nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, err
	}
	return f, name, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	if i := strings.LastIndexByte(p, '.'); i > 0 {
		p = p[:i]
	}
	return p
}
