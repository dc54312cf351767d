package nlp_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"slices"
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

func gzipWriter(w io.Writer) *gzip.Writer { return gzip.NewWriter(w) }

// FuzzReadWordClusters feeds arbitrary cluster files to ReadWordClusters:
// it must return an ErrInvalidInput error or clusters that survive a
// Write/Read round trip, never panic.
func FuzzReadWordClusters(f *testing.F) {
	f.Add([]byte("# levels: 4 16\nthe\t0\t3\nnairobi\t1\t7\n"))
	f.Add([]byte("# c\n#\n# levels: 2\n0000\t1\n"))
	f.Add([]byte("the\t1\n"))
	f.Add([]byte("# levels: 4\nthe\t9\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := nlp.ReadWordClusters(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := c.Write(&buf, []string{"round trip"}); err != nil {
			t.Fatal(err)
		}
		d, err := nlp.ReadWordClusters(&buf, "again")
		if err != nil {
			t.Fatalf("clusters written by Write do not read back: %v", err)
		}
		if d.Len() != c.Len() || !slices.Equal(d.Levels(), c.Levels()) {
			t.Fatalf("round trip changed %d words %v levels to %d words %v", c.Len(), c.Levels(), d.Len(), d.Levels())
		}
	})
}
