package nlp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// This file holds the averaged-perceptron machinery shared by the tagger and
// the parser.
//
// Features are 64-bit hashes. During training they index a dense table of
// 2^bits rows of per-class weights (the hashing trick: no feature dictionary,
// bounded memory, rare collisions are harmless noise). Averaging uses the
// "w - u/c" formulation, so no per-weight timestamps are kept.
//
// A trained model is frozen into a sparse, quantised form: for each row only
// the classes with a non-negligible averaged weight are kept, as (class,
// int16 weight) pairs. Scoring a frozen model is integer addition over a few
// entries per feature, which is what makes tagging and parsing fast.

// learner is the trainable form of a linear multiclass model.
type learner struct {
	nclass int
	mask   uint64
	w      []float32 // current weights, row-major: row*nclass + class
	u      []float64 // sum over updates of step*delta, for averaging
	step   float64   // number of examples seen
}

func newLearner(nclass, bits int) *learner {
	rows := 1 << bits
	return &learner{
		nclass: nclass,
		mask:   uint64(rows - 1),
		w:      make([]float32, rows*nclass),
		u:      make([]float64, rows*nclass),
	}
}

// scores writes the current score of every class into out.
func (l *learner) scores(feats []uint64, out []float32) {
	clear(out)
	n := l.nclass
	for _, f := range feats {
		row := l.w[int(f&l.mask)*n : int(f&l.mask)*n+n]
		for c, v := range row {
			out[c] += v
		}
	}
}

// tick marks the end of one training example.
func (l *learner) tick() { l.step++ }

// update moves weight towards truth and away from guess for every feature.
func (l *learner) update(feats []uint64, truth, guess int) {
	if truth == guess {
		return
	}
	n := l.nclass
	for _, f := range feats {
		base := int(f&l.mask) * n
		l.w[base+truth]++
		l.u[base+truth] += l.step
		l.w[base+guess]--
		l.u[base+guess] -= l.step
	}
}

// freeze averages the weights and keeps entries whose magnitude reaches
// minWeight, quantised to int16.
func (l *learner) freeze(minWeight float64) *linear {
	n := l.nclass
	rows := len(l.w) / n
	c := l.step
	if c == 0 {
		c = 1
	}
	avg := func(i int) float64 { return float64(l.w[i]) - l.u[i]/c }
	maxAbs := 0.0
	for i := range l.w {
		if a := math.Abs(avg(i)); a > maxAbs {
			maxAbs = a
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := quantMax / maxAbs
	m := &linear{nclass: n, bits: uint8(bitsOf(rows)), start: make([]uint32, rows+1)}
	for r := 0; r < rows; r++ {
		m.start[r] = uint32(len(m.entry))
		for k := 0; k < n; k++ {
			a := avg(r*n + k)
			if math.Abs(a) < minWeight {
				continue
			}
			q := math.Round(a * scale)
			if q == 0 {
				continue
			}
			m.entry = append(m.entry, packEntry(uint8(k), int16(q)))
		}
	}
	m.start[rows] = uint32(len(m.entry))
	m.densify()
	return m
}

// quantMax is the quantised value of the largest weight.
const quantMax = 32000

func bitsOf(n int) int {
	b := 0
	for 1<<b < n {
		b++
	}
	return b
}

// linear is a frozen sparse linear model.
type linear struct {
	nclass int
	bits   uint8
	start  []uint32 // start[row] .. start[row+1] index entry
	entry  []uint32 // class in the low byte, int16 weight in the high half
	fast   fastRows // scoring form, derived from start and entry by densify
}

func packEntry(class uint8, w int16) uint32 { return uint32(uint16(w))<<16 | uint32(class) }
func entryClass(e uint32) uint8             { return uint8(e) }
func entryWeight(e uint32) int16            { return int16(e >> 16) }

// score adds the weights of feats into out (len nclass), which the caller
// clears.
//
// This is the hottest loop of the whole pipeline, and it is bound by memory
// latency and by the number of entries walked. It therefore first gathers
// the row bounds of all features (independent loads the processor
// overlaps), then walks the rows: sparse rows entry by entry, dense rows
// (features such as tag pairs that carry a weight for most classes) two
// classes per 64-bit addition (see densify). Keep it free of function calls
// and of bounds checks the compiler cannot prove away.
func (m *linear) score(feats []uint64, out []int32) {
	f := &m.fast
	mask := uint64(len(f.start) - 2)
	start, entry := f.start, f.entry
	half := (m.nclass + 1) / 2
	var acc [128]uint64
	lanes := acc[:half]
	ndense := uint64(0)
	var bounds [2 * maxFeatures]uint32
	for len(feats) > 0 {
		k := min(len(feats), maxFeatures)
		b := bounds[:2*k]
		for i, h := range feats[:k] {
			r := h & mask
			b[2*i], b[2*i+1] = start[r], start[r+1]
		}
		for i := 0; i < len(b); i += 2 {
			row := entry[b[i]:b[i+1]]
			if len(row) == 1 && uint8(row[0]) == denseMark {
				d := int(row[0]>>8) * half
				for j, v := range f.dense[d : d+half] {
					lanes[j] += v
				}
				ndense++
				continue
			}
			for _, e := range row {
				out[uint8(e)] += int32(int16(e >> 16))
			}
		}
		feats = feats[k:]
	}
	if ndense > 0 {
		bias := ndense * denseBias
		for c := 0; c < m.nclass; c++ {
			lane := (lanes[c>>1] >> (32 * uint(c&1))) & 0xFFFFFFFF
			out[c] += int32(int64(lane) - int64(bias))
		}
	}
}

// Dense rows hold each class's weight biased by denseBias as an unsigned
// 32-bit lane, two lanes to a uint64. Lanes never carry into each other:
// a lane sums at most maxFeatures values below 2^16.
const (
	denseMark = 0xFF    // class byte of the single entry that points to a dense row
	denseBias = 1 << 15 // added to each int16 weight to make it unsigned
)

// fastRows is the scoring form of a linear model: sparse rows as in the
// canonical form, except that rows with many entries are replaced by one
// marker entry whose upper bits index a dense row.
type fastRows struct {
	start []uint32
	entry []uint32
	dense []uint64 // dense rows, (nclass+1)/2 words each
}

// densify builds m.fast from the canonical rows. A row turns dense when it
// has entries for at least 40% of the classes: then two-lane additions over
// all classes cost less than walking its entries one by one.
func (m *linear) densify() {
	half := (m.nclass + 1) / 2
	rows := len(m.start) - 1
	f := fastRows{start: make([]uint32, rows+1)}
	f.entry = make([]uint32, 0, len(m.entry))
	minDense := max(8, m.nclass*3/10)
	for r := 0; r < rows; r++ {
		f.start[r] = uint32(len(f.entry))
		row := m.entry[m.start[r]:m.start[r+1]]
		if len(row) < minDense {
			f.entry = append(f.entry, row...)
			continue
		}
		d := len(f.dense) / half
		f.entry = append(f.entry, uint32(d)<<8|denseMark)
		lanes := make([]uint64, half)
		for c := 0; c < m.nclass; c++ {
			lanes[c>>1] |= uint64(denseBias) << (32 * uint(c&1))
		}
		for _, e := range row {
			c := entryClass(e)
			v := uint64(int64(entryWeight(e)) + denseBias)
			sh := 32 * uint(c&1)
			lanes[c>>1] = lanes[c>>1]&^(0xFFFFFFFF<<sh) | v<<sh
		}
		f.dense = append(f.dense, lanes...)
	}
	f.start[rows] = uint32(len(f.entry))
	m.fast = f
	m.start, m.entry = nil, nil // rebuilt from fast when needed
}

// canonical returns the sparse rows (start, entry) of the model, expanding
// dense rows back to entries; weights of zero were never stored, so this
// gives back exactly the rows densify was given.
func (m *linear) canonical() (start, entry []uint32) {
	f := &m.fast
	half := (m.nclass + 1) / 2
	rows := len(f.start) - 1
	start = make([]uint32, rows+1)
	entry = make([]uint32, 0, len(f.entry)+len(f.dense)*2)
	for r := 0; r < rows; r++ {
		start[r] = uint32(len(entry))
		row := f.entry[f.start[r]:f.start[r+1]]
		if len(row) == 1 && uint8(row[0]) == denseMark {
			d := int(row[0]>>8) * half
			for c := 0; c < m.nclass; c++ {
				lane := (f.dense[d+c>>1] >> (32 * uint(c&1))) & 0xFFFFFFFF
				if w := int64(lane) - denseBias; w != 0 {
					entry = append(entry, packEntry(uint8(c), int16(w)))
				}
			}
			continue
		}
		entry = append(entry, row...)
	}
	start[rows] = uint32(len(entry))
	return start, entry
}

// size returns the number of stored weights.
func (m *linear) size() int {
	_, e := m.canonical()
	return len(e)
}

// maxFeatures is how many feature rows score gathers at a time.
const maxFeatures = 128

const linearMagic = "AVLM1"

// writeTo serialises the model (uncompressed; the model bundle compresses).
func (m *linear) writeTo(w io.Writer) error {
	start, entries := m.canonical()
	var hdr [5 + 4 + 1 + 4]byte
	copy(hdr[:], linearMagic)
	binary.LittleEndian.PutUint32(hdr[5:], uint32(m.nclass))
	hdr[9] = m.bits
	binary.LittleEndian.PutUint32(hdr[10:], uint32(len(entries)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	// Row lengths as uvarints: most rows are empty, so this is compact.
	buf := make([]byte, 0, 1<<16)
	rows := len(start) - 1
	for r := 0; r < rows; r++ {
		buf = binary.AppendUvarint(buf, uint64(start[r+1]-start[r]))
		if len(buf) > 1<<15 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := w.Write(buf); err != nil {
		return err
	}
	// Classes, then weights: each column compresses better on its own.
	cb := make([]byte, len(entries))
	for i, e := range entries {
		cb[i] = entryClass(e)
	}
	if _, err := w.Write(cb); err != nil {
		return err
	}
	wb := make([]byte, 2*len(entries))
	for i, e := range entries {
		binary.LittleEndian.PutUint16(wb[2*i:], uint16(entryWeight(e)))
	}
	_, err := w.Write(wb)
	return err
}

// byteReader is what readLinear needs from its input.
type byteReader interface {
	io.Reader
	io.ByteReader
}

func readLinear(r byteReader) (*linear, error) {
	var hdr [14]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("linear model header: %w", err)
	}
	if string(hdr[:5]) != linearMagic {
		return nil, errors.New("linear model: bad magic")
	}
	m := &linear{nclass: int(binary.LittleEndian.Uint32(hdr[5:])), bits: hdr[9]}
	n := int(binary.LittleEndian.Uint32(hdr[10:]))
	if m.bits > 26 || m.nclass <= 0 || m.nclass >= denseMark || n > 1<<28 {
		return nil, fmt.Errorf("linear model: implausible sizes (classes %d, bits %d, entries %d)", m.nclass, m.bits, n)
	}
	rows := 1 << m.bits
	m.start = make([]uint32, rows+1)
	total := uint64(0)
	for i := 0; i < rows; i++ {
		m.start[i] = uint32(total)
		k, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("linear model row %d: %w", i, err)
		}
		total += k
		if total > uint64(n) {
			return nil, errors.New("linear model: row lengths exceed entry count")
		}
	}
	if total != uint64(n) {
		return nil, errors.New("linear model: row lengths do not match entry count")
	}
	m.start[rows] = uint32(total)
	cb := make([]byte, n)
	if _, err := io.ReadFull(r, cb); err != nil {
		return nil, fmt.Errorf("linear model classes: %w", err)
	}
	for _, c := range cb {
		if int(c) >= m.nclass {
			return nil, errors.New("linear model: class out of range")
		}
	}
	wb := make([]byte, 2*n)
	if _, err := io.ReadFull(r, wb); err != nil {
		return nil, fmt.Errorf("linear model weights: %w", err)
	}
	m.entry = make([]uint32, n)
	for i := range m.entry {
		m.entry[i] = packEntry(cb[i], int16(binary.LittleEndian.Uint16(wb[2*i:])))
	}
	m.densify()
	return m, nil
}

// prune drops entries whose weight magnitude is below minAbs (in quantised
// units), shrinking the model and the work per feature.
func (m *linear) prune(minAbs int16) {
	m.start, m.entry = m.canonical()
	out := m.entry[:0]
	rows := len(m.start) - 1
	lo := m.start[0]
	for r := 0; r < rows; r++ {
		hi := m.start[r+1]
		m.start[r] = uint32(len(out))
		for _, e := range m.entry[lo:hi] {
			if w := entryWeight(e); w >= minAbs || w <= -minAbs {
				out = append(out, e)
			}
		}
		lo = hi
	}
	m.start[rows] = uint32(len(out))
	m.entry = out
	m.densify()
}
