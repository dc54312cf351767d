package conllu_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp/conllu"
)

// TestWriteBuilt checks a sentence built in code: metadata from the
// fields, "_" for empty fields and for Head -1.
func TestWriteBuilt(t *testing.T) {
	s := &conllu.Sentence{
		ID: "n-7", Text: "Rebels attacked.", NewDoc: true, NewPar: true,
		Comments: []string{"", "note = hand-made"},
		Words: []conllu.Word{
			{ID: 1, Form: "Rebels", Lemma: "rebel", UPOS: "NOUN", Head: 2, DepRel: "nsubj"},
			{ID: 2, Form: "attacked", Head: 0, DepRel: "root"},
			{ID: 3, Form: ".", Head: -1},
		},
		EmptyNodes: []conllu.EmptyNode{{After: 0, Index: 1, Form: "x"}, {After: 3, Index: 1}},
	}
	want := "# newdoc\n# newpar\n# sent_id = n-7\n# text = Rebels attacked.\n#\n# note = hand-made\n" +
		"0.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n" +
		"1\tRebels\trebel\tNOUN\t_\t_\t2\tnsubj\t_\t_\n" +
		"2\tattacked\t_\t_\t_\t_\t0\troot\t_\t_\n" +
		"3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n" +
		"3.1\t_\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
	var buf bytes.Buffer
	if err := conllu.Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	if buf.String() != want {
		t.Errorf("Write:\nwant %q\ngot  %q", want, buf.String())
	}
}

func TestWriteInvalid(t *testing.T) {
	word := func(id, head int) conllu.Word { return conllu.Word{ID: id, Form: "w", Head: head} }
	tests := []struct {
		name string
		s    conllu.Sentence
	}{
		{"no words", conllu.Sentence{ID: "x"}},
		{"bad ID", conllu.Sentence{Words: []conllu.Word{word(1, 0), word(3, 1)}}},
		{"head out of range", conllu.Sentence{Words: []conllu.Word{word(1, 2)}}},
		{"head below -1", conllu.Sentence{Words: []conllu.Word{word(1, -2)}}},
		{"tab in form", conllu.Sentence{Words: []conllu.Word{{ID: 1, Form: "a\tb"}}}},
		{"newline in misc", conllu.Sentence{Words: []conllu.Word{{ID: 1, Form: "a", Misc: "x\n"}}}},
		{"newline in comment", conllu.Sentence{Comments: []string{"a\nb"}, Words: []conllu.Word{word(1, 0)}}},
		{"newline in text", conllu.Sentence{Text: "a\nb", Words: []conllu.Word{word(1, 0)}}},
		{"MWT past end", conllu.Sentence{Words: []conllu.Word{word(1, 0)}, MultiWords: []conllu.MultiWord{{First: 1, Last: 2}}}},
		{"MWT of one word", conllu.Sentence{Words: []conllu.Word{word(1, 0)}, MultiWords: []conllu.MultiWord{{First: 1, Last: 1}}}},
		{"MWTs overlap", conllu.Sentence{Words: []conllu.Word{word(1, 0), word(2, 1), word(3, 1)},
			MultiWords: []conllu.MultiWord{{First: 1, Last: 2}, {First: 2, Last: 3}}}},
		{"empty node out of order", conllu.Sentence{Words: []conllu.Word{word(1, 0)},
			EmptyNodes: []conllu.EmptyNode{{After: 1, Index: 1}, {After: 0, Index: 1}}}},
		{"empty node index gap", conllu.Sentence{Words: []conllu.Word{word(1, 0)},
			EmptyNodes: []conllu.EmptyNode{{After: 1, Index: 2}}}},
		{"empty node past end", conllu.Sentence{Words: []conllu.Word{word(1, 0)},
			EmptyNodes: []conllu.EmptyNode{{After: 2, Index: 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := conllu.Write(&buf, &tt.s)
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Errorf("Write error = %v, want one wrapping ErrInvalidInput", err)
			}
			if buf.Len() > 0 {
				t.Errorf("Write wrote %q for an invalid sentence", buf.String())
			}
		})
	}
}

func TestMiscValue(t *testing.T) {
	tests := []struct {
		misc, key string
		value     string
		ok        bool
	}{
		{"SpaceAfter=No|TokenRange=3:9", "TokenRange", "3:9", true},
		{"SpaceAfter=No|TokenRange=3:9", "SpaceAfter", "No", true},
		{"SpaceAfter=No", "Space", "", false},
		{"_", "SpaceAfter", "", false},
		{"Gloss=a=b", "Gloss", "a=b", true},
		{"", "x", "", false},
	}
	for _, tt := range tests {
		v, ok := conllu.MiscValue(tt.misc, tt.key)
		if v != tt.value || ok != tt.ok {
			t.Errorf("MiscValue(%q, %q) = %q, %v; want %q, %v", tt.misc, tt.key, v, ok, tt.value, tt.ok)
		}
	}
}

// TestWriteMetadataNotDuplicated checks that metadata present in Comments
// is not written a second time.
func TestWriteMetadataNotDuplicated(t *testing.T) {
	s := &conllu.Sentence{
		ID: "changed", Text: "A", NewDoc: true,
		Comments: []string{"newdoc id = d", "sent_id = orig", "text = A"},
		Words:    []conllu.Word{{ID: 1, Form: "A", Head: 0, DepRel: "root"}},
	}
	var buf bytes.Buffer
	if err := conllu.Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "#"); got != 3 {
		t.Errorf("wrote %d comment lines, want 3:\n%s", got, buf.String())
	}
}
