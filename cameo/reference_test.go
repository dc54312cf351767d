package cameo_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/cameo"
)

// corpora is where the shared reference tables live, relative to this
// package's directory. They are read here and never copied into the project.
const corpora = "../../shared/corpora"

// A diff is one disagreement between the embedded codebook and a reference
// table.
type diff struct {
	code  string
	field string // code (present in one only), goldstein, name, root, plover, mode, duplicate
	ref   string // the reference's value; "(absent)" when it lacks the code
	ours  string // ours; "(absent)" when we lack the code
}

func (d diff) String() string {
	return fmt.Sprintf("%s %s: reference %q, ours %q", d.code, d.field, d.ref, d.ours)
}

const absent = "(absent)"

// knownDiffs lists every difference the codebook.txt header documents. A
// disagreement not listed here fails TestReference, and so does a listed one
// that no longer occurs.
var knownDiffs = []struct {
	source string
	diff
	why string
}{
	// ICEWS CAMEO table (andybega/icews): names and Goldstein weights.
	{"icews", diff{"1214", "code", absent, "present"}, "codebook 0.7b5 and PLOVER code, not in ICEWS"},
	{"icews", diff{"155", "code", absent, "present"}, "codebook 1.1b3 code ICEWS lacks"},
	{"icews", diff{"176", "code", absent, "present"}, "codebook 1.1b3 code ICEWS lacks"},
	{"icews", diff{"1834", "code", absent, "present"}, "codebook 1.1b3 code ICEWS lacks"},
	{"icews", diff{"1951", "code", absent, "present"}, "codebook 1.1b3 code ICEWS lacks"},
	{"icews", diff{"1952", "code", absent, "present"}, "codebook 1.1b3 code ICEWS lacks"},

	// PLOVER CAMEO2PLOVER-2021.txt.
	{"plover2021", diff{"175", "mode", "pro_autocracy", ""}, "context value in the mode column; mode left empty"},
	{"plover2021", diff{"175", "duplicate", "same mapping", ""}, "two lines, same mapping"},
	{"plover2021", diff{"155", "plover", "", "MOBILIZE"}, "unmapped; parent's event type"},
	{"plover2021", diff{"176", "plover", "", "COERCE"}, "unmapped; parent's event type"},
	{"plover2021", diff{"1834", "plover", "", "ASSAULT"}, "unmapped; parent's event type"},
	{"plover2021", diff{"1951", "plover", "", "ASSAULT"}, "unmapped; parent's event type"},
	{"plover2021", diff{"1952", "plover", "", "ASSAULT"}, "unmapped; parent's event type"},

	// PLOVER cameo/CAMEO-PLOV.txt (pre-2021 names).
	{"plover-old", diff{"175", "duplicate", "same mapping", ""}, "two lines, same mapping"},
	{"plover-old", diff{"0354", "duplicate", "same mapping", ""}, "two lines, same mapping"},
	{"plover-old", diff{"155", "plover", "", "MOBILIZE"}, "unmapped; parent's event type"},
	{"plover-old", diff{"176", "plover", "", "COERCE"}, "unmapped; parent's event type"},
	{"plover-old", diff{"1834", "plover", "", "ASSAULT"}, "unmapped; parent's event type"},
	{"plover-old", diff{"1951", "plover", "", "ASSAULT"}, "unmapped; parent's event type"},
	{"plover-old", diff{"1952", "plover", "", "ASSAULT"}, "unmapped; parent's event type"},

	// CAMEO codebook 0.7b5 code list (text_to_CAMEO).
	{"codebook-0.7b5", diff{"155", "code", absent, "present"}, "added after 0.7b5"},
	{"codebook-0.7b5", diff{"176", "code", absent, "present"}, "added after 0.7b5"},
	{"codebook-0.7b5", diff{"1834", "code", absent, "present"}, "added after 0.7b5"},
	{"codebook-0.7b5", diff{"13y", "code-syntax", "13y", "137"}, "typo in the source, read as 137"},
	{"codebook-0.7b5", diff{"15", "name", "EXHIBIT MILITARY POSTURE", "EXHIBIT FORCE POSTURE"}, "1.1b3 name"},
	{"codebook-0.7b5", diff{"20", "name", "ATTACK WITH WEAPONS OF MASS DESTRUCTION", "USE UNCONVENTIONAL MASS VIOLENCE"}, "1.1b3 name"},
	{"codebook-0.7b5", diff{"162", "name", "Reduce or stop aid", "Reduce or stop material aid"}, "ICEWS (1.1b3) name"},
	{"codebook-0.7b5", diff{"1051", "name", "Demand easing of adminstrative sanctions", "Demand easing of administrative sanctions"}, "misspelt in the source"},
	{"codebook-0.7b5", diff{"1444", "name", "Ostruct passage to demand change in institutions, regime", "Obstruct passage to demand change in institutions, regime"}, "misspelt in the source"},
}

// report fails t for every difference that knownDiffs does not list for
// source, logs the listed ones, and fails for listed ones that did not occur.
func report(t *testing.T, source string, diffs []diff) {
	t.Helper()
	known := map[diff]string{}
	for _, k := range knownDiffs {
		if k.source == source {
			known[k.diff] = k.why
		}
	}
	seen := map[diff]bool{}
	for _, d := range diffs {
		if why, ok := known[d]; ok {
			t.Logf("known difference: %v (%s)", d, why)
			seen[d] = true
			continue
		}
		t.Errorf("%s: %v", source, d)
	}
	var stale []string
	for d := range known {
		if !seen[d] {
			stale = append(stale, d.String())
		}
	}
	slices.Sort(stale)
	for _, s := range stale {
		t.Errorf("%s: documented difference no longer occurs (update knownDiffs and the codebook.txt header): %s", source, s)
	}
	t.Logf("%s: %d differences, %d of them documented", source, len(diffs), len(seen))
}

// readLines returns the lines of a reference file, skipping the test when
// the shared corpora are not there.
func readLines(t *testing.T, rel string) []string {
	t.Helper()
	if _, err := os.Stat(corpora); err != nil {
		t.Skipf("reference tables not available (%v): %s is read from the shared corpora next to the repository", err, rel)
	}
	f, err := os.Open(filepath.Join(corpora, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// codeSets returns differences in the code sets: ref codes we lack and our
// codes ref lacks.
func codeSets(ref map[string]bool) []diff {
	var diffs []diff
	for _, c := range cameo.Default().Codes() {
		if !ref[c.Code] {
			diffs = append(diffs, diff{c.Code, "code", absent, "present"})
		}
	}
	for _, code := range sortedKeys(ref) {
		if _, ok := cameo.Default().Lookup(code); !ok {
			diffs = append(diffs, diff{code, "code", "present", absent})
		}
	}
	return diffs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestReference compares the embedded codebook with the reference tables in
// the shared corpora and reports every disagreement.
func TestReference(t *testing.T) {
	t.Run("icews", testICEWS)
	t.Run("plover2021", func(t *testing.T) { testPLOVER(t, "plover2021", "PLOVER/CAMEO2PLOVER-2021.txt", parsePLOVER2021) })
	t.Run("plover-old", func(t *testing.T) { testPLOVER(t, "plover-old", "PLOVER/CAMEO-PLOV.txt", parsePLOVEROld) })
	t.Run("codebook-0.7b5", testCodebook07)
}

// testICEWS checks codes, names and Goldstein weights against the ICEWS
// table (code, name, goldstein, root_code; tab-separated, "#" comments,
// one header line).
func testICEWS(t *testing.T) {
	lines := readLines(t, "icews-R/cameo-codes.goldstein.tsv")
	ref := map[string]bool{}
	var diffs []diff
	for i, line := range lines {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "code\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Errorf("icews:%d: want 4 fields: %q", i+1, line)
			continue
		}
		code, name, root := f[0], f[1], f[3]
		g, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			t.Errorf("icews:%d: bad weight: %v", i+1, err)
			continue
		}
		ref[code] = true
		if cameo.Root(code) != root {
			diffs = append(diffs, diff{code, "root", root, cameo.Root(code)})
		}
		c, ok := cameo.Default().Lookup(code)
		if !ok {
			continue // reported by codeSets
		}
		if c.Goldstein != g {
			diffs = append(diffs, diff{code, "goldstein", f[2], strconv.FormatFloat(c.Goldstein, 'g', -1, 64)})
		}
		if !strings.EqualFold(c.Name, name) {
			diffs = append(diffs, diff{code, "name", name, c.Name})
		}
	}
	if len(ref) < 300 {
		t.Fatalf("read only %d codes from the ICEWS table", len(ref))
	}
	report(t, "icews", append(codeSets(ref), diffs...))
}

// mapping is a PLOVER (event type, mode) pair.
type mapping struct{ event, mode string }

// ploverTable is a parsed CAMEO-to-PLOVER table.
type ploverTable struct {
	codes    map[string]mapping
	headings map[string][]string // root -> event types of its section headings, in order
	dups     []diff              // duplicate lines with the same mapping
}

func newPloverTable() *ploverTable {
	return &ploverTable{codes: map[string]mapping{}, headings: map[string][]string{}}
}

// add records a code line, reporting conflicting duplicates.
func (p *ploverTable) add(t *testing.T, where, code string, m mapping) {
	if old, dup := p.codes[code]; dup {
		if old != m {
			t.Errorf("%s: code %s mapped twice differently: %v and %v", where, code, old, m)
		}
		p.dups = append(p.dups, diff{code, "duplicate", "same mapping", ""})
		return
	}
	p.codes[code] = m
}

var (
	// "042: CONSULT, visit,   # Make a visit" and headings "04: CONSULT".
	plover2021Line = regexp.MustCompile(`^(\d+):\s*([^#]*?)\s*(#.*)?$`)
	// "042       CONSULT           visit             ---               Make a visit".
	ploverOldLine = regexp.MustCompile(`^(\d+)\s+(\S+)\s+(\S+)\s+`)
	// "04: CONSULT" heading in the older table.
	ploverOldHeading = regexp.MustCompile(`^(\d\d):\s*(\S+)\s*$`)
)

func parsePLOVER2021(t *testing.T, lines []string) *ploverTable {
	p := newPloverTable()
	for i, line := range lines {
		where := fmt.Sprintf("CAMEO2PLOVER-2021.txt:%d", i+1)
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "~~~") {
			continue
		}
		m := plover2021Line.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s: unparsed line %q", where, line)
			continue
		}
		parts := strings.Split(m[2], ",")
		if len(parts) == 1 {
			p.headings[m[1]] = append(p.headings[m[1]], strings.TrimSpace(parts[0]))
			continue
		}
		p.add(t, where, m[1], mapping{strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])})
	}
	return p
}

func parsePLOVEROld(t *testing.T, lines []string) *ploverTable {
	p := newPloverTable()
	for i, line := range lines {
		where := fmt.Sprintf("CAMEO-PLOV.txt:%d", i+1)
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "CAMEO ") || strings.HasPrefix(line, "~~~") {
			continue
		}
		if m := ploverOldHeading.FindStringSubmatch(line); m != nil {
			p.headings[m[1]] = append(p.headings[m[1]], m[2])
			continue
		}
		m := ploverOldLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s: unparsed line %q", where, line)
			continue
		}
		mode := m[3]
		if mode == "---" {
			mode = ""
		}
		p.add(t, where, m[1], mapping{m[2], mode})
	}
	return p
}

// testPLOVER compares our PLOVER columns for the table's naming with the
// table. A code the table lists must have its event type and mode; a root
// takes the event type of its first section heading and no mode; any other
// code must have none.
func testPLOVER(t *testing.T, source, rel string, parse func(*testing.T, []string) *ploverTable) {
	p := parse(t, readLines(t, rel))
	if len(p.codes) < 250 {
		t.Fatalf("read only %d codes from %s", len(p.codes), rel)
	}
	diffs := slices.Clone(p.dups)
	for _, c := range cameo.Default().Codes() {
		ours := mapping{c.Plover, c.PloverMode}
		if source == "plover-old" {
			ours = mapping{c.PloverOld, c.PloverOldMode}
		}
		want, ok := p.codes[c.Code]
		if !ok && len(c.Code) == 2 && len(p.headings[c.Code]) > 0 {
			want = mapping{p.headings[c.Code][0], ""}
		}
		if ours.event != want.event {
			diffs = append(diffs, diff{c.Code, "plover", want.event, ours.event})
		}
		if ours.mode != want.mode {
			diffs = append(diffs, diff{c.Code, "mode", want.mode, ours.mode})
		}
	}
	for _, code := range sortedKeys(p.codes) {
		if _, ok := cameo.Default().Lookup(code); !ok {
			diffs = append(diffs, diff{code, "code", "present", absent})
		}
	}
	for _, root := range sortedKeys(p.headings) {
		if _, ok := cameo.Default().Lookup(root); !ok {
			diffs = append(diffs, diff{root, "code", "present", absent})
		}
	}
	report(t, source, diffs)
}

var (
	// "LABEL: 042= Make a visit", "LABELi: 0214= Appeal for intelligence".
	codefileLabel = regexp.MustCompile(`^LABEL[iI]?: (\S+)= (.*)$`)
	// "//01: MAKE PUBLIC STATEMENT", "//03= EXPRESS INTENT TO COOPERATE".
	codefileRoot = regexp.MustCompile(`^//(\d\d)[:=] (.+)$`)
	// "0811i": a label variant written on the code.
	codefileVariant = regexp.MustCompile(`^(\d+)i$`)
)

// codefileAliases maps the malformed codes of CAMEO_codefile.txt to the
// codes they stand for; codebook.txt's header documents them.
var codefileAliases = map[string]string{"13y": "137"}

// testCodebook07 checks codes and names against the CAMEO codebook 0.7b5
// code list with its ICEWS label variants: our name must be one of the
// labels given for the code.
func testCodebook07(t *testing.T) {
	lines := readLines(t, "text_to_CAMEO/CAMEO_codefile.txt")
	labels := map[string][]string{}
	var diffs []diff
	for i, line := range lines {
		if m := codefileRoot.FindStringSubmatch(line); m != nil {
			labels[m[1]] = append(labels[m[1]], strings.TrimSpace(m[2]))
			continue
		}
		m := codefileLabel.FindStringSubmatch(line)
		if m == nil {
			if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "~~~") {
				t.Errorf("CAMEO_codefile.txt:%d: unparsed line %q", i+1, line)
			}
			continue
		}
		code, name := m[1], strings.TrimSpace(m[2])
		if v := codefileVariant.FindStringSubmatch(code); v != nil {
			code = v[1]
		}
		if !cameo.Valid(code) {
			alias := codefileAliases[code]
			diffs = append(diffs, diff{code, "code-syntax", code, alias})
			if alias == "" {
				continue
			}
			code = alias
		}
		labels[code] = append(labels[code], name)
	}
	if len(labels) < 300 {
		t.Fatalf("read only %d codes from CAMEO_codefile.txt", len(labels))
	}
	ref := map[string]bool{}
	for code := range labels {
		ref[code] = true
	}
	diffs = append(codeSets(ref), diffs...)
	for _, code := range sortedKeys(labels) {
		c, ok := cameo.Default().Lookup(code)
		if !ok {
			continue
		}
		if !slices.ContainsFunc(labels[code], func(l string) bool { return strings.EqualFold(l, c.Name) }) {
			diffs = append(diffs, diff{code, "name", strings.Join(labels[code], " | "), c.Name})
		}
	}
	report(t, "codebook-0.7b5", diffs)
}
