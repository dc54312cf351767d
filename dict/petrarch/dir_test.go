package petrarch_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/avocet-events/avocet/dict/petrarch"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestKindOf(t *testing.T) {
	cases := map[string]petrarch.FileKind{
		"CAMEO.2.0.txt":                     petrarch.KindVerbs,
		"CAMEO.verbpatterns.150430.txt":     petrarch.KindVerbs,
		"CAMEO.091003.master.verbs":         petrarch.KindVerbs,
		"PETR_Validate_verbs_2_02.txt":      petrarch.KindVerbs,
		"Phoenix.Countries.actors.txt":      petrarch.KindActors,
		"dir/PETR.Validate.actors.txt":      petrarch.KindActors,
		"Phoenix.agents.txt":                petrarch.KindAgents,
		"Phoenix.discards.txt":              petrarch.KindDiscards,
		"Phoenix.IssueCoding.txt":           petrarch.KindIssues,
		"Phoenix.prepositions.txt":          "",
		"PETR.Internal.Coding.Ontology.txt": "",
		"PETR_config.ini":                   "",
		"CAMEO_codefile.txt":                "",
		"verbs-of-agents.txt":               petrarch.KindAgents, // first rule wins
	}
	for name, want := range cases {
		if got := petrarch.KindOf(name); got != want {
			t.Errorf("KindOf(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestReadFSByName(t *testing.T) {
	fsys := fstest.MapFS{
		"fict.verbs":        file(HEAD + "WAVE\n- * HAND [011]\n"),
		"CAMEO.9.txt":       file("&SET\n+A\n"),
		"people.actors.txt": file("FREEDONIA [FRD]\n"),
		"roles.agents":      file("CLERK [~GOV]\n"),
		"sport.discards":    file("CROQUET\n"),
		"themes.issues.txt": file("lock [L]\n"),
		"notes.md":          file("not a dictionary"),
		"sub/x.actors":      file("not read: folders are not searched"),
	}
	set, err := petrarch.ReadFS(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Verbs) != 2 || len(set.Actors) != 1 || len(set.Agents) != 1 || len(set.Discards) != 1 || len(set.Issues) != 1 {
		t.Fatalf("set %+v", set)
	}
	if set.Verbs[0].File != "CAMEO.9.txt" || set.Verbs[1].File != "fict.verbs" {
		t.Errorf("verb files %q %q, want name order", set.Verbs[0].File, set.Verbs[1].File)
	}
	if got := strings.Join(set.Ignored, ","); got != "notes.md" {
		t.Errorf("ignored %q", got)
	}
	if set.Config != "" {
		t.Errorf("config %q", set.Config)
	}
}

func TestReadFSConfig(t *testing.T) {
	const cfg = `[Dictionaries]
# comment
verbfile_name    = fict.verbs
actorfile_list   = a.actors.txt, b.txt,
	c.txt
agentfile_name   = roles.txt
[Options]
textfile_list = x.xml
`
	fsys := fstest.MapFS{
		"PETR_config.ini": file(cfg),
		"fict.verbs":      file(HEAD + "WAVE\n"),
		"a.actors.txt":    file("A [AAA]\n"),
		"b.txt":           file("B [BBB]\n"),
		"c.txt":           file("C [CCC]\n"),
		"roles.txt":       file("CLERK [~GOV]\n"),
		"other.actors":    file("not read: the configuration does not name it\n"),
	}
	set, err := petrarch.ReadFS(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	var actors []string
	for _, a := range set.Actors {
		actors = append(actors, a.File)
	}
	if got := strings.Join(actors, " "); got != "a.actors.txt b.txt c.txt" {
		t.Errorf("actor files %q", got)
	}
	if len(set.Verbs) != 1 || len(set.Agents) != 1 || len(set.Discards) != 0 || set.Config != "PETR_config.ini" {
		t.Errorf("set %+v", set)
	}
}

func TestReadFSConfigErrors(t *testing.T) {
	cases := []struct {
		name, cfg string
		line      int
		want      string
	}{
		{"no dictionaries", "[Options]\nx = y\n", 0, "no dictionary files"},
		{"bad line", "[Dictionaries]\nverbfile_name\n", 2, "want key = value"},
		{"bad section", "[Dictionaries\n", 1, "not closed with ']'"},
		{"outside folder", "[Dictionaries]\nverbfile_name = ../x.txt\n", 0, "not a file inside the folder"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := petrarch.ReadFS(fstest.MapFS{"PETR_config.ini": file(tc.cfg)}, nil)
			checkPosError(t, err, "PETR_config.ini", tc.line, tc.want)
		})
	}
	_, err := petrarch.ReadFS(fstest.MapFS{"PETR_config.ini": file("[Dictionaries]\nverbfile_name = gone.txt\n")}, nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("people.actors.txt", "FREEDONIA [FRD]\n")
	write("roles.agents.txt", "CLERK [~GOV]\nSCRIBE [~MED\n")
	_, err := petrarch.ReadDir(dir, nil)
	checkPosError(t, err, filepath.Join(dir, "roles.agents.txt"), 2, "never closed")

	var c collector
	set, err := petrarch.ReadDir(dir, c.opts(true))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Actors) != 1 || set.Actors[0].Entries[0].File != filepath.Join(dir, "people.actors.txt") {
		t.Errorf("actors %+v", set.Actors)
	}
	if len(c.warns) != 1 {
		t.Errorf("warnings %v", c.lines())
	}
	if _, err := petrarch.ReadDir(filepath.Join(dir, "missing"), nil); err == nil {
		t.Error("missing folder: no error")
	}
}
