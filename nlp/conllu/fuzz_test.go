package conllu_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp/conllu"
)

// FuzzReader checks that the reader never panics, that its errors are
// positioned invalid-input errors, and that every sentence it returns is
// valid and survives a write and a second read unchanged. The seed corpus
// is in testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(articleCoNLLU))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := conllu.NewReader(bytes.NewReader(data), "fuzz")
		var ss []*conllu.Sentence
		for range len(data) + 2 { // each call consumes a line or ends
			s, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *avocet.PosError
				if !errors.Is(err, avocet.ErrInvalidInput) || !errors.As(err, &pe) || pe.Line < 1 {
					t.Fatalf("error %v is not a positioned invalid-input error", err)
				}
				continue
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("sentence at line %d fails Validate: %v", s.Line, err)
			}
			ss = append(ss, s)
		}
		var buf bytes.Buffer
		if err := conllu.WriteAll(&buf, ss); err != nil {
			t.Fatalf("Write: %v", err)
		}
		written := buf.String()
		again, err := conllu.ReadAll(&buf, "rewritten")
		if err != nil {
			t.Fatalf("reading what was written: %v\n%q", err, written)
		}
		if len(again) != len(ss) {
			t.Fatalf("read %d sentences back, want %d\n%q", len(again), len(ss), written)
		}
		for i := range ss {
			ss[i].Line, again[i].Line = 0, 0
			if !reflect.DeepEqual(ss[i], again[i]) {
				t.Fatalf("sentence %d changed in a round trip:\n%+v\n%+v", i, ss[i], again[i])
			}
		}
	})
}
