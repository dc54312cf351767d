package nlp

// Feature hashing. A feature is a template number mixed with one to three
// 64-bit values (word hashes, tag numbers, distances). The mixing is a few
// multiplications, with no strings built on the hot path.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	mixK      = 0x9E3779B97F4A7C15
)

// hashBytes hashes s with FNV-1a, lowercasing ASCII letters when lower is set.
func hashString(s string, lower bool) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if lower && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func mix(h, v uint64) uint64 {
	h ^= v + mixK + (h << 6) + (h >> 2)
	h *= mixK
	return h ^ (h >> 32)
}

func f1(t, a uint64) uint64       { return mix(mix(t*mixK, a), 0x51) }
func f2(t, a, b uint64) uint64    { return mix(mix(mix(t*mixK, a), b), 0x52) }
func f3(t, a, b, c uint64) uint64 { return mix(mix(mix(mix(t*mixK, a), b), c), 0x53) }

// wordInfo is what the tagger and parser know about one word, computed once.
type wordInfo struct {
	norm   uint64 // lowercased form, numbers collapsed to their shape
	form   uint64 // form as written (case kept)
	shape  uint64 // compressed shape: "Al-Zaman" -> "Xx-Xx"
	pre    [3]uint64
	suf    [4]uint64
	amb    uint64 // the set of tags the word had in training (its ambiguity class), or a "rare word" value
	first  bool   // first word of the sentence
	upper  bool   // starts with an upper-case letter
	digit  bool   // contains a digit
	hyphen bool   // contains a hyphen
}

func newWordInfo(form string, first bool) wordInfo {
	var wi wordInfo
	wi.first = first
	wi.form = hashString(form, false)
	var shape [24]byte
	ns := 0
	var last byte
	for i := 0; i < len(form); i++ {
		c := form[i]
		var k byte
		switch {
		case 'A' <= c && c <= 'Z':
			k = 'X'
			if i == 0 {
				wi.upper = true
			}
		case 'a' <= c && c <= 'z':
			k = 'x'
		case '0' <= c && c <= '9':
			k = 'd'
			wi.digit = true
		case c >= 0x80:
			k = 'u'
		default:
			k = c
			if c == '-' {
				wi.hyphen = true
			}
		}
		if k != last && ns < len(shape) {
			shape[ns] = k
			ns++
		}
		last = k
	}
	wi.shape = hashString(string(shape[:ns]), false)
	if wi.digit {
		// Numbers: the exact value rarely matters, the shape does.
		wi.norm = mix(wi.shape, 0xD161)
	} else {
		wi.norm = hashString(form, true)
	}
	for k := 1; k <= 3; k++ {
		if k <= len(form) {
			wi.pre[k-1] = hashString(form[:k], true)
		}
	}
	for k := 1; k <= 4; k++ {
		if k <= len(form) {
			wi.suf[k-1] = hashString(form[len(form)-k:], true)
		}
	}
	return wi
}
