package nlp_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp"
)

const clusterFile = `# test clusters
#
# levels: 4 16
the	0	3
nairobi	1	7
kabul	1	7
0000	2	11
o'neill	3	15
`

func TestReadWordClusters(t *testing.T) {
	c, err := nlp.ReadWordClusters(strings.NewReader(clusterFile), "test.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Levels(); !slices.Equal(got, []int{4, 16}) {
		t.Errorf("Levels() = %v, want [4 16]", got)
	}
	if c.Len() != 5 {
		t.Errorf("Len() = %d, want 5", c.Len())
	}
	tests := []struct {
		word   string
		want   []uint16
		reason string
	}{
		{"Nairobi", []uint16{1, 7}, "looked up in lower case"},
		{"KABUL", []uint16{1, 7}, ""},
		{"1994", []uint16{2, 11}, "digits are keyed as 0"},
		{"O\u2019Neill", []uint16{3, 15}, "curly apostrophe straightened"},
		{"Mogadishu", nil, "unknown word"},
	}
	for _, tt := range tests {
		if got := c.Lookup(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Lookup(%q) = %v, want %v (%s)", tt.word, got, tt.want, tt.reason)
		}
	}
	// Write, then read again: the same clusters.
	var buf bytes.Buffer
	if err := c.Write(&buf, []string{"again"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "# again\n# levels: 4 16\nthe\t0\t3\n") {
		t.Errorf("Write wrote %q", buf.String())
	}
	d, err := nlp.ReadWordClusters(&buf, "again.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"the", "nairobi", "0000", "o'neill"} {
		if !slices.Equal(c.Lookup(w), d.Lookup(w)) {
			t.Errorf("after a round trip Lookup(%q) = %v, want %v", w, d.Lookup(w), c.Lookup(w))
		}
	}
}

func TestReadWordClustersErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // in the error message
	}{
		{"empty", "", `x.txt: invalid input: no "# levels:" line`},
		{"no levels", "the\t1\n", `x.txt:1: invalid input: word line before the "# levels:" line`},
		{"levels twice", "# levels: 4\n# levels: 4\n", "x.txt:2: invalid input: second levels line"},
		{"bad level size", "# levels: 4 x\n", `x.txt:1: invalid input: level size "x"`},
		{"zero level size", "# levels: 0\n", `level size "0"`},
		{"too many levels", "# levels: 2 2 2 2 2\n", "need 1 to 4 level sizes"},
		{"no level sizes", "# levels:\n", "need 1 to 4 level sizes"},
		{"missing id", "# levels: 4 8\nthe\t1\n", "x.txt:2: invalid input: want a word and 2 cluster ids"},
		{"spaces not tabs", "# levels: 4\nthe 1\n", "want a word and 1 cluster ids"},
		{"id too large", "# levels: 4\nthe\t4\n", `x.txt:2: invalid input: cluster id "4" of level 1 is not a number in 0..3`},
		{"negative id", "# levels: 4\nthe\t-1\n", `cluster id "-1"`},
		{"upper case word", "# levels: 4\nThe\t1\n", `word "The" is not a cluster key`},
		{"digit word", "# levels: 4\nin1994\t1\n", `word "in1994" is not a cluster key`},
		{"empty word", "# levels: 4\n\t1\n", `word "" is not a cluster key`},
		{"line too long", "# levels: 4\n" + strings.Repeat("a", 70000) + "\t1\n", "x.txt:2: invalid input: bufio.Scanner: token too long"},
		{"duplicate", "# levels: 4\nthe\t1\nthe\t2\n", `x.txt:3: invalid input: word "the" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := nlp.ReadWordClusters(strings.NewReader(tt.in), "x.txt")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Errorf("error %v does not wrap ErrInvalidInput", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// Ensure that words seen in the same contexts end up in one cluster, and
// that learning is deterministic.
func TestLearnWordClusters(t *testing.T) {
	var sents [][]string
	cities := []string{"Nairobi", "Kabul", "Lima", "Quito", "Hanoi"}
	names := []string{"Maria", "John", "Amina", "Pedro", "Li"}
	for i := 0; i < 40; i++ {
		c, n := cities[i%len(cities)], names[(i*3)%len(names)]
		sents = append(sents,
			[]string{"we", "flew", "to", c, "on", "monday", "."},
			[]string{n, "said", "that", "it", "rained", "."},
			[]string{"in", c, ",", n, "said", "hello", "."},
		)
	}
	learn := func() *nlp.WordClusters {
		c, err := nlp.LearnWordClusters(sents, nlp.ClusterOptions{Levels: []int{4, 8}, MinCount: 2})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := learn()
	for _, group := range [][]string{cities, names} {
		first := c.Lookup(group[0])
		for _, w := range group[1:] {
			if got := c.Lookup(w); !slices.Equal(got, first) {
				t.Errorf("%s in clusters %v, %s in %v; want one cluster", group[0], first, w, got)
			}
		}
	}
	if slices.Equal(c.Lookup("Nairobi"), c.Lookup("Maria")) {
		t.Errorf("cities and names share clusters %v", c.Lookup("Nairobi"))
	}
	var a, b bytes.Buffer
	c.Write(&a, nil)
	learn().Write(&b, nil)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two learnings gave different clusters")
	}
	if _, err := nlp.LearnWordClusters(sents, nlp.ClusterOptions{Levels: []int{1}}); err == nil {
		t.Error("no error for a level of one cluster")
	}
	if _, err := nlp.LearnWordClusters(nil, nlp.ClusterOptions{}); err == nil {
		t.Error("no error without text")
	}
}

// Ensure that a model trained with clusters saves them, loads them back
// (Save(Load(m)) == m) and uses them.
func TestNERClustersSaveLoad(t *testing.T) {
	var train []nlp.NERSentence
	add := func(s, tags, pos string) {
		train = append(train, nlp.NERSentence{Forms: strings.Fields(s), Tags: strings.Fields(tags),
			UPOS: strings.Fields(strings.ReplaceAll(pos, "NNP", "PROPN")), XPOS: strings.Fields(pos)})
	}
	for i := 0; i < 20; i++ {
		add("Maria Lopez visited Lima", "B-PER I-PER O B-LOC", "NNP NNP VBD NNP")
		add("he visited Quito", "O O B-LOC", "PRP VBD NNP")
	}
	c, err := nlp.ReadWordClusters(strings.NewReader("# levels: 2\nlima\t1\nquito\t1\nnairobi\t1\nmaria\t0\n"), "c")
	if err != nil {
		t.Fatal(err)
	}
	n, err := nlp.TrainNER(train, train[:2], nlp.NERTrainOptions{Epochs: 3, Bits: 12, Seed: 3, Clusters: c})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	raw, err := gunzip(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("AVOCET-NER-EN-2\n")) || !bytes.Contains(raw, []byte("nairobi")) {
		t.Error("the saved model lacks the version 2 magic or the clusters")
	}
	m, err := nlp.LoadNERBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := m.Save(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("Save(Load(model)) differs from the model")
	}
	s := avocet.Sentence{Tokens: []avocet.Token{{Form: "he", UPOS: "PRON", XPOS: "PRP"}, {Form: "visited", UPOS: "VERB", XPOS: "VBD"}, {Form: "Nairobi", UPOS: "PROPN", XPOS: "NNP"}}}
	if got := fmt.Sprint(m.Spans(&s)); got != "[{2 3 LOC}]" {
		t.Errorf("Spans = %s, want [{2 3 LOC}] (Nairobi clusters with Lima and Quito)", got)
	}
	// A cut-off cluster section is an ErrModel error.
	i := bytes.Index(raw, []byte("nairobi"))
	for _, cut := range []int{i, i + 3} {
		var z bytes.Buffer
		zw := gzipWriter(&z)
		zw.Write(raw[:cut])
		zw.Close()
		if _, err := nlp.LoadNERBytes(z.Bytes()); !errors.Is(err, avocet.ErrModel) {
			t.Errorf("model cut at %d: error %v, want ErrModel", cut, err)
		}
	}
}

// Ensure that mixing several training runs is deterministic and learns
// the data.
func TestTrainNERRuns(t *testing.T) {
	var train []nlp.NERSentence
	add := func(s, tags, pos string) {
		train = append(train, nlp.NERSentence{Forms: strings.Fields(s), Tags: strings.Fields(tags),
			UPOS: strings.Fields(strings.ReplaceAll(pos, "NNP", "PROPN")), XPOS: strings.Fields(pos)})
	}
	for i := 0; i < 20; i++ {
		add("Maria Lopez visited Lima", "B-PER I-PER O B-LOC", "NNP NNP VBD NNP")
		add("Acme Corp hired John", "B-ORG I-ORG O B-PER", "NNP NNP VBD NNP")
	}
	model := func() []byte {
		n, err := nlp.TrainNER(train, train[:2], nlp.NERTrainOptions{Epochs: 2, Runs: 3, Bits: 12, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := n.Save(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a := model()
	if !bytes.Equal(a, model()) {
		t.Fatal("two trainings with one seed gave different models")
	}
	n, err := nlp.LoadNERBytes(a)
	if err != nil {
		t.Fatal(err)
	}
	got := n.TagSentences(train[:2])
	for i, tags := range got {
		if strings.Join(tags, " ") != strings.Join(train[i].Tags, " ") {
			t.Errorf("sentence %d: tags %v, want %v", i, tags, train[i].Tags)
		}
	}
}
