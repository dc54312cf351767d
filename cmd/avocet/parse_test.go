package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/avocet-events/avocet/nlp/conllu"
)

// TestParseSampleGolden compares the parse of the built-in sample article
// with a reviewed golden file. After a deliberate model or tokenizer change,
// rerun with -update and review the diff like code. The golden file records
// what the model does, errors included (title-case headline words tagged
// PROPN, "officials said" attached as a conjunct); it guards against
// unintended change, it does not claim every analysis is right.
func TestParseSampleGolden(t *testing.T) {
	got, stderr, code := run(t, "", "parse")
	if code != 0 {
		t.Fatalf("parse failed (%d): %s", code, stderr)
	}
	checkGolden(t, filepath.Join("testdata", "sample.conllu"), got)
}

// TestParseOffsets checks that every TokenRange in the output points at the
// token's own text, counted in characters, across chunks and documents.
func TestParseOffsets(t *testing.T) {
	doc := "Zürich’s mayor met the Kenyan envoy on Monday.\n\nThe talks, held in Genève, didn't end well — officials said.\n"
	out, stderr, code := run(t, doc, "parse", "-")
	if code != 0 {
		t.Fatalf("parse failed: %s", stderr)
	}
	runes := []rune(doc)
	sents, err := conllu.ReadAll(strings.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2", len(sents))
	}
	checked := 0
	check := func(form, misc string) {
		r, ok := conllu.MiscValue(misc, "TokenRange")
		if !ok {
			t.Errorf("token %q has no TokenRange", form)
			return
		}
		a, b, _ := strings.Cut(r, ":")
		i, _ := strconv.Atoi(a)
		j, _ := strconv.Atoi(b)
		if i < 0 || j > len(runes) || i >= j || string(runes[i:j]) != form {
			t.Errorf("TokenRange %s of %q gives %q", r, form, string(runes[max(0, i):min(len(runes), j)]))
		}
		checked++
	}
	for _, s := range sents {
		inMWT := map[int]bool{}
		for _, m := range s.MultiWords {
			check(m.Form, m.Misc)
			for k := m.First; k <= m.Last; k++ {
				inMWT[k] = true
			}
		}
		for _, w := range s.Words {
			if !inMWT[w.ID] {
				check(w.Form, w.Misc)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d tokens checked", checked)
	}
	if !strings.Contains(out, "didn't") || !strings.Contains(out, "\tn't\t") {
		t.Errorf("contraction not split into a multiword token:\n%s", out)
	}
}

func TestParseBadInput(t *testing.T) {
	t.Run("empty input gives empty output", func(t *testing.T) {
		out, stderr, code := run(t, "", "parse", "-")
		if code != 0 || out != "" {
			t.Errorf("code %d, out %q, stderr %q", code, out, stderr)
		}
	})
	t.Run("invalid UTF-8 is repaired and reported", func(t *testing.T) {
		out, stderr, code := run(t, "Police arrested \xff\xfe two men.\n", "parse", "-")
		if code != 0 {
			t.Fatalf("code %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "invalid UTF-8") {
			t.Errorf("stderr does not report the repair: %q", stderr)
		}
		if !utf8.ValidString(out) || !strings.Contains(out, "\uFFFD") {
			t.Errorf("output not repaired:\n%s", out)
		}
	})
	t.Run("broken JSONL record is named and the rest is parsed", func(t *testing.T) {
		in := `{"id":"a1","text":"Troops crossed the border."}` + "\n" +
			`{"id":"a2","text":` + "\n" +
			`{"id":"a3","text":"Talks resumed on Friday."}` + "\n"
		out, stderr, code := run(t, in, "parse", "-")
		if code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
		if !strings.Contains(stderr, "stdin:2:") {
			t.Errorf("stderr does not name line 2: %q", stderr)
		}
		for _, id := range []string{"# newdoc id = a1", "# newdoc id = a3", "# sent_id = a3-1"} {
			if !strings.Contains(out, id) {
				t.Errorf("output lacks %q:\n%s", id, out)
			}
		}
	})
	t.Run("a long run without punctuation is cut into bounded sentences", func(t *testing.T) {
		in := strings.Repeat("word ", 20000)
		out, stderr, code := run(t, in, "parse", "-")
		if code != 0 {
			t.Fatalf("code %d: %s", code, stderr)
		}
		sents, err := conllu.ReadAll(strings.NewReader(out), "out")
		if err != nil {
			t.Fatal(err)
		}
		words := 0
		for _, s := range sents {
			if len(s.Words) > 250 {
				t.Errorf("sentence %s has %d words", s.ID, len(s.Words))
			}
			words += len(s.Words)
		}
		if words != 20000 {
			t.Errorf("got %d words, want 20000 (none lost)", words)
		}
	})
}

// checkGolden compares got with a golden file, rewriting it under -update.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s; rerun with -update if the change is intended.\n--- got ---\n%s", golden, got)
	}
}
