package nlp_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
)

// FuzzLoadNER feeds arbitrary model files (raw and inside a valid gzip
// stream, so the fuzzer reaches the decoder) to LoadNERBytes: it must
// return an ErrModel error or a working model, never panic.
func FuzzLoadNER(f *testing.F) {
	f.Add([]byte("AVOCET-NER-EN-1\n"))
	f.Add([]byte{0x10, 'A', 'V', 'O', 'C', 'E', 'T', '-', 'N', 'E', 'R', '-', 'E', 'N', '-', '1', '\n', 0x0D, 0x01, 'O', 0x00})
	f.Add([]byte{})
	// a real model, cut short
	if raw, err := gunzip(models.EnglishNER); err == nil && len(raw) > 4096 {
		f.Add(raw[:4096])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		try := func(b []byte) {
			n, err := nlp.LoadNERBytes(b)
			if err != nil {
				if !errors.Is(err, avocet.ErrModel) {
					t.Fatalf("error %v does not wrap ErrModel", err)
				}
				return
			}
			s := avocet.Sentence{Tokens: []avocet.Token{{Form: "Kenya", UPOS: "PROPN", XPOS: "NNP"}, {Form: "said", UPOS: "VERB", XPOS: "VBD"}}}
			n.Tag(&s)
		}
		try(data)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		try(buf.Bytes())
	})
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	_, err = out.ReadFrom(zr)
	return out.Bytes(), err
}
