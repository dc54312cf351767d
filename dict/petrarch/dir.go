package petrarch

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/avocet-events/avocet"
)

// Set is the dictionaries of one folder.
type Set struct {
	Verbs    []*Verbs    // verb dictionaries, in the order read
	Actors   []*Actors   // actor dictionaries, in the order read
	Agents   []*Agents   // agent dictionaries
	Discards []*Discards // discard lists
	Issues   []*Issues   // issue dictionaries
	Config   string      // the PETR_config.ini that chose the files; empty when names did
	Ignored  []string    // files of the folder that KindOf did not recognise (names only; empty when a configuration chose the files)
}

// ConfigName is the PETRARCH configuration file ReadDir looks for.
const ConfigName = "PETR_config.ini"

// ReadDir reads the dictionaries of a folder.
//
// When the folder holds a PETR_config.ini, its [Dictionaries] section
// chooses the files, as in PETRARCH: verbfile_name, actorfile_list (a comma
// separated list, continued on indented lines), agentfile_name,
// discardfile_name and issuefile_name; names are relative to the folder.
// Otherwise every regular file is classified by its name with KindOf, files
// of no kind are listed in Set.Ignored, and files are read in name order.
//
// Errors name the file as dir joined with the file name.
func ReadDir(dir string, opts *Options) (*Set, error) {
	return readFS(os.DirFS(dir), dir, opts)
}

// ReadFS is ReadDir over a file system (an embedded folder, a test map).
// File names in errors and entries are paths within fsys.
func ReadFS(fsys fs.FS, opts *Options) (*Set, error) {
	return readFS(fsys, "", opts)
}

// FileKind is the kind of a dictionary file.
type FileKind string

// The kinds of dictionary file.
const (
	KindVerbs    FileKind = "verbs"
	KindActors   FileKind = "actors"
	KindAgents   FileKind = "agents"
	KindDiscards FileKind = "discards"
	KindIssues   FileKind = "issues"
)

// KindOf guesses the kind of a dictionary from its file name. The base name
// is compared case-insensitively, first match wins:
//
//	contains "discard"                   discards  (Phoenix.discards.txt)
//	contains "issue"                     issues    (Phoenix.IssueCoding.txt)
//	contains "agent"                     agents    (Phoenix.agents.txt)
//	contains "actor"                     actors    (Phoenix.Countries.actors.txt)
//	contains "verb"                      verbs     (CAMEO.verbpatterns.150430.txt, *.verbs)
//	starts "cameo." and ends ".txt"      verbs     (CAMEO.2.0.txt)
//
// It returns "" for any other name (prepositions, the coding ontology,
// gold records, configuration).
func KindOf(name string) FileKind {
	b := strings.ToLower(path.Base(filepath.ToSlash(name)))
	switch {
	case strings.Contains(b, "discard"):
		return KindDiscards
	case strings.Contains(b, "issue"):
		return KindIssues
	case strings.Contains(b, "agent"):
		return KindAgents
	case strings.Contains(b, "actor"):
		return KindActors
	case strings.Contains(b, "verb"):
		return KindVerbs
	case strings.HasPrefix(b, "cameo.") && strings.HasSuffix(b, ".txt"):
		return KindVerbs
	}
	return ""
}

type dirFile struct {
	name string
	kind FileKind
}

func readFS(fsys fs.FS, dir string, opts *Options) (*Set, error) {
	set := &Set{}
	display := func(name string) string {
		if dir == "" {
			return name
		}
		return filepath.Join(dir, filepath.FromSlash(name))
	}
	var files []dirFile
	cfg, err := fs.ReadFile(fsys, ConfigName)
	switch {
	case err == nil:
		set.Config = display(ConfigName)
		files, err = parseConfig(string(cfg), set.Config)
		if err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist):
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			return nil, fmt.Errorf("read dictionaries %s: %w", dir, err)
		}
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			if k := KindOf(e.Name()); k != "" {
				files = append(files, dirFile{e.Name(), k})
			} else {
				set.Ignored = append(set.Ignored, e.Name())
			}
		}
		sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	default:
		return nil, fmt.Errorf("read %s: %w", display(ConfigName), err)
	}
	for _, f := range files {
		if err := set.read(fsys, f, display(f.name), opts); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func (set *Set) read(fsys fs.FS, f dirFile, name string, opts *Options) error {
	fh, err := fsys.Open(f.name)
	if err != nil {
		return fmt.Errorf("read dictionaries: %w", err)
	}
	defer fh.Close()
	switch f.kind {
	case KindVerbs:
		v, err := ReadVerbs(fh, name, opts)
		if err != nil {
			return err
		}
		set.Verbs = append(set.Verbs, v)
	case KindActors:
		a, err := ReadActors(fh, name, opts)
		if err != nil {
			return err
		}
		set.Actors = append(set.Actors, a)
	case KindAgents:
		a, err := ReadAgents(fh, name, opts)
		if err != nil {
			return err
		}
		set.Agents = append(set.Agents, a)
	case KindDiscards:
		d, err := ReadDiscards(fh, name, opts)
		if err != nil {
			return err
		}
		set.Discards = append(set.Discards, d)
	case KindIssues:
		is, err := ReadIssues(fh, name, opts)
		if err != nil {
			return err
		}
		set.Issues = append(set.Issues, is)
	}
	return nil
}

// parseConfig reads the [Dictionaries] section of a PETR_config.ini. Only
// the dictionary keys are read; the other sections are PETRARCH's run
// options and are ignored.
func parseConfig(text, name string) ([]dirFile, error) {
	keys := map[string]FileKind{
		"verbfile_name":    KindVerbs,
		"actorfile_list":   KindActors,
		"agentfile_name":   KindAgents,
		"discardfile_name": KindDiscards,
		"issuefile_name":   KindIssues,
	}
	values := map[string]string{}
	section, last := "", ""
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, maxLineBytes)
	n := 0
	posErr := func(format string, args ...any) error {
		return &avocet.PosError{File: name, Line: n, Err: fmt.Errorf("%w: "+format, append([]any{avocet.ErrInvalidInput}, args...)...)}
	}
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
			last = "" // a blank line ends a continuation
			continue
		case line[0] == ' ' || line[0] == '\t':
			if last != "" {
				values[last] += " " + trimmed
			}
			continue
		case trimmed[0] == '[':
			if !strings.HasSuffix(trimmed, "]") {
				return nil, posErr("section header %q is not closed with ']'", clip(trimmed))
			}
			section, last = strings.ToLower(strings.TrimSpace(trimmed[1:len(trimmed)-1])), ""
			continue
		}
		k, v, ok := strings.Cut(trimmed, "=")
		if !ok {
			k, v, ok = strings.Cut(trimmed, ":")
		}
		if !ok {
			return nil, posErr("want key = value, got %q", clip(trimmed))
		}
		last = ""
		if section != "dictionaries" {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if _, ok := keys[k]; ok {
			values[k] = strings.TrimSpace(v)
			last = k
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var files []dirFile
	for _, k := range []string{"verbfile_name", "actorfile_list", "agentfile_name", "discardfile_name", "issuefile_name"} {
		for _, f := range strings.Split(values[k], ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			f = filepath.ToSlash(f)
			if !fs.ValidPath(f) {
				return nil, &avocet.PosError{File: name, Err: fmt.Errorf("%w: %s names %q, which is not a file inside the folder", avocet.ErrInvalidInput, k, f)}
			}
			files = append(files, dirFile{f, keys[k]})
		}
	}
	if len(files) == 0 {
		return nil, &avocet.PosError{File: name, Err: fmt.Errorf("%w: no dictionary files in its [Dictionaries] section", avocet.ErrInvalidInput)}
	}
	return files, nil
}
