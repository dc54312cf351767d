package ingest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"
)

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to runes; the five
// bytes the code page leaves undefined map to the C1 controls, as in the
// WHATWG Encoding Standard. Every other byte is its own code point.
var cp1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// singleByte reports whether a charset label names an encoding read here
// as Windows-1252: US-ASCII, ISO-8859-1 and Windows-1252 itself (browsers
// treat all three as Windows-1252, and so do we).
func singleByte(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
		"windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100":
		return true
	}
	return false
}

// isUTF8Label reports whether a charset label names UTF-8.
func isUTF8Label(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "unicode-1-1-utf-8":
		return true
	}
	return false
}

// appendCP1252 appends the UTF-8 encoding of Windows-1252 bytes to dst.
func appendCP1252(dst, src []byte) []byte {
	for _, c := range src {
		switch {
		case c < 0x80:
			dst = append(dst, c)
		case c < 0xA0:
			dst = utf8.AppendRune(dst, cp1252[c-0x80])
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst
}

// charsetReader converts the charsets feeds may declare into UTF-8, for
// xml.Decoder.CharsetReader.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch {
	case isUTF8Label(label):
		return &xmlCleaner{r: r}, nil
	case singleByte(label):
		return &xmlCleaner{r: r, cp1252: true}, nil
	}
	return nil, fmt.Errorf("unsupported charset %q", label)
}

// xmlCleaner makes a byte stream safe for encoding/xml: it decodes
// Windows-1252 (when cp1252 is set) or replaces invalid UTF-8 by U+FFFD
// (counting the replacements), and turns the control characters XML 1.0
// forbids into spaces.
type xmlCleaner struct {
	r       io.Reader
	cp1252  bool
	in      []byte // bytes read but not yet converted (an incomplete rune)
	out     []byte // converted bytes not yet returned
	err     error
	repairs int
}

func (x *xmlCleaner) Read(p []byte) (int, error) {
	for len(x.out) == 0 {
		if x.err != nil {
			if len(x.in) > 0 { // incomplete rune at the end
				x.out = x.convert(x.out[:0], true)
				continue
			}
			return 0, x.err
		}
		if x.in == nil {
			x.in = make([]byte, 0, 32<<10)
		}
		n := len(x.in)
		m, err := x.r.Read(x.in[n:cap(x.in)])
		x.in = x.in[:n+m]
		x.err = err
		x.out = x.convert(x.out[:0], err != nil)
	}
	n := copy(p, x.out)
	x.out = x.out[n:]
	return n, nil
}

// convert converts x.in into dst, keeping an incomplete rune at its end
// unless final.
func (x *xmlCleaner) convert(dst []byte, final bool) []byte {
	in := x.in
	if x.cp1252 {
		dst = appendCP1252(dst, in)
		in = in[len(in):]
	} else {
		for len(in) > 0 {
			c := in[0]
			if c < utf8.RuneSelf {
				dst = append(dst, c)
				in = in[1:]
				continue
			}
			if !final && !utf8.FullRune(in) {
				break
			}
			r, size := utf8.DecodeRune(in)
			if r == utf8.RuneError && size == 1 {
				x.repairs++
				dst = append(dst, "\uFFFD"...)
			} else if r == 0xFFFE || r == 0xFFFF {
				dst = append(dst, "\uFFFD"...)
			} else {
				dst = append(dst, in[:size]...)
			}
			in = in[size:]
		}
	}
	for i, c := range dst {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			dst[i] = ' '
		}
	}
	x.in = x.in[:copy(x.in, in)]
	return dst
}

// htmlCharset returns the charset an HTML page declares in its first
// kilobytes (<meta charset> or <meta http-equiv="Content-Type">), or "".
func htmlCharset(data []byte) string {
	head := data[:min(len(data), 4096)]
	lower := bytes.ToLower(head)
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("charset"))
		if i < 0 {
			return ""
		}
		j := off + i + len("charset")
		off = j
		for j < len(lower) && (lower[j] == ' ' || lower[j] == '\t') {
			j++
		}
		if j >= len(lower) || lower[j] != '=' {
			continue
		}
		j++
		for j < len(lower) && (lower[j] == ' ' || lower[j] == '"' || lower[j] == '\'') {
			j++
		}
		k := j
		for k < len(lower) && (isDigit(lower[k]) || lower[k] >= 'a' && lower[k] <= 'z' || lower[k] == '-' || lower[k] == '_') {
			k++
		}
		if k > j {
			return string(lower[j:k])
		}
	}
}

// contentTypeCharset returns the charset parameter of a Content-Type.
func contentTypeCharset(ct string) string {
	if ct == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// toUTF8 decodes an HTML page in a single-byte charset (given, or declared
// in the page) into UTF-8; other pages are returned as they are.
func toUTF8(data []byte, charset string) []byte {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return data[3:]
	}
	if charset == "" {
		charset = htmlCharset(data)
	}
	if singleByte(charset) && !utf8.Valid(data) {
		return appendCP1252(make([]byte, 0, len(data)+len(data)/8), data)
	}
	return data
}
