package nlp_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/avocet-events/avocet/nlp"
)

// FuzzLoad feeds arbitrary bundles (raw and inside a valid gzip stream, so
// the fuzzer reaches the decoder) to Load: it must return an error or a
// working model, never panic.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("AVOCET-NLP-EN-1\n"))
	f.Add([]byte{0x10, 'A', 'V', 'O', 'C', 'E', 'T', '-', 'N', 'L', 'P', '-', 'E', 'N', '-', '1', '\n', 0xFF, 0xFF, 0xFF, 0x0F})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := nlp.LoadBytes(data); err == nil {
			t.Log("raw input loaded")
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		_, _ = nlp.LoadBytes(buf.Bytes())
	})
}
