package nlp

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/avocet-events/avocet"
)

// Word clusters for the named-entity recogniser: words that occur in
// similar contexts in raw text share a cluster id, so a word the labelled
// data never shows ("Mogadishu") can borrow the weights of the words it
// clusters with ("Nairobi", "Kabul"). The clusters are learned without
// labels by LearnWordClusters (an exchange algorithm maximising the
// likelihood of a class bigram model, as in Kneser and Ney 1993 and Martin,
// Liermann and Ney 1998) at one or more granularities ("levels"), kept as a
// small text file (models/en-clusters.txt) and copied into the model file
// at training time, so a model always runs with its own clusters.
//
// The file format: UTF-8 lines; a line that is "#" or starts with "# " is
// a comment (provenance, licence); every other line is a word, then one
// cluster id per level, separated by tabs: "nairobi\t12\t407". Every line
// has the same number of ids, and an id of level l is below the level's
// size, given by a "# levels: 64 512" comment before the first word line.
// Words are keys as ClusterKey makes them (lower case, digits as 0), each
// at most once.

// WordClusters maps words to cluster ids at one or more levels.
type WordClusters struct {
	sizes []int               // number of clusters at each level
	ids   map[string][]uint16 // ClusterKey(word) -> id at each level
	order []string            // the words in file order, for writing
}

// Limits of a cluster file.
const (
	maxClusterLevels = 4
	maxClusterSize   = 1 << 15
	maxClusterWords  = 1 << 21
)

// ClusterKey is the key under which the clusters know a word: lower case
// (curly apostrophes straightened) with every ASCII digit written as 0.
func ClusterKey(w string) string { return clusterKeyOfLower(lowerWord(w)) }

// clusterKeyOfLower is ClusterKey of a word lowerWord has lower-cased.
func clusterKeyOfLower(l string) string {
	if strings.IndexFunc(l, func(r rune) bool { return '1' <= r && r <= '9' }) < 0 {
		return l
	}
	b := []byte(l)
	for i, c := range b {
		if '1' <= c && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// Levels returns the number of clusters at each level.
func (c *WordClusters) Levels() []int { return slices.Clone(c.sizes) }

// Len returns the number of words.
func (c *WordClusters) Len() int { return len(c.order) }

// Lookup returns the cluster ids of a word (any form: it is keyed with
// ClusterKey), one per level, or nil for a word the clusters do not know.
func (c *WordClusters) Lookup(word string) []uint16 {
	if c == nil {
		return nil
	}
	return c.ids[ClusterKey(word)]
}

// lookupLower is Lookup of a word lowerWord has lower-cased.
func (c *WordClusters) lookupLower(lower string) []uint16 { return c.ids[clusterKeyOfLower(lower)] }

// ReadWordClusters reads a cluster file (see the format above). Errors
// name the file and line (name:line) and wrap avocet.ErrInvalidInput.
func ReadWordClusters(r io.Reader, name string) (*WordClusters, error) {
	c := &WordClusters{ids: map[string][]uint16{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<12), 1<<16)
	lineNo := 0
	bad := func(format string, args ...any) error {
		return &avocet.PosError{File: name, Line: lineNo, Err: fmt.Errorf("%w: %s", avocet.ErrInvalidInput, fmt.Sprintf(format, args...))}
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "#" || strings.HasPrefix(line, "# ") {
			if v, ok := strings.CutPrefix(line, "# levels:"); ok {
				if c.sizes != nil {
					return nil, bad("second levels line")
				}
				for _, f := range strings.Fields(v) {
					n, err := strconv.Atoi(f)
					if err != nil || n < 1 || n > maxClusterSize {
						return nil, bad("level size %q is not a number in 1..%d", f, maxClusterSize)
					}
					c.sizes = append(c.sizes, n)
				}
				if len(c.sizes) == 0 || len(c.sizes) > maxClusterLevels {
					return nil, bad("need 1 to %d level sizes", maxClusterLevels)
				}
			}
			continue
		}
		if c.sizes == nil {
			return nil, bad(`word line before the "# levels:" line`)
		}
		fields := strings.Split(line, "\t")
		if len(fields) != len(c.sizes)+1 {
			return nil, bad("want a word and %d cluster ids separated by tabs, have %d fields", len(c.sizes), len(fields))
		}
		w := fields[0]
		if w == "" || strings.ContainsAny(w, " \n\r\v\f") || w != ClusterKey(w) {
			return nil, bad("word %q is not a cluster key (lower case, digits as 0, no spaces)", w)
		}
		if _, dup := c.ids[w]; dup {
			return nil, bad("word %q twice", w)
		}
		if len(c.order) >= maxClusterWords {
			return nil, bad("more than %d words", maxClusterWords)
		}
		ids := make([]uint16, len(c.sizes))
		for l, f := range fields[1:] {
			n, err := strconv.Atoi(f)
			if err != nil || n < 0 || n >= c.sizes[l] {
				return nil, bad("cluster id %q of level %d is not a number in 0..%d", f, l+1, c.sizes[l]-1)
			}
			ids[l] = uint16(n)
		}
		c.ids[w] = ids
		c.order = append(c.order, w)
	}
	if err := sc.Err(); err != nil {
		return nil, &avocet.PosError{File: name, Line: lineNo + 1, Err: fmt.Errorf("%w: %w", avocet.ErrInvalidInput, err)}
	}
	if c.sizes == nil {
		return nil, &avocet.PosError{File: name, Line: lineNo, Err: fmt.Errorf(`%w: no "# levels:" line`, avocet.ErrInvalidInput)}
	}
	return c, nil
}

// Write writes the clusters in the file format, after the given comment
// lines (each written as "# " + line).
func (c *WordClusters) Write(w io.Writer, comments []string) error {
	bw := bufio.NewWriter(w)
	for _, l := range comments {
		fmt.Fprintf(bw, "# %s\n", l)
	}
	fmt.Fprint(bw, "# levels:")
	for _, n := range c.sizes {
		fmt.Fprintf(bw, " %d", n)
	}
	fmt.Fprintln(bw)
	for _, word := range c.order {
		bw.WriteString(word)
		for _, id := range c.ids[word] {
			bw.WriteByte('\t')
			bw.WriteString(strconv.Itoa(int(id)))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// ClusterOptions controls LearnWordClusters. Zero values take the defaults.
type ClusterOptions struct {
	Levels   []int // number of clusters at each level; default 64 and 512
	MinCount int   // words seen fewer times are left out; default 3
	Passes   int   // exchange passes over the vocabulary per level; default 12
}

// LearnWordClusters clusters the words of raw sentences (tokenised, any
// case) by their left and right neighbours, once per level. It is
// deterministic. Words are keyed by ClusterKey; the file lists them by
// decreasing frequency.
func LearnWordClusters(sents [][]string, opts ClusterOptions) (*WordClusters, error) {
	if len(opts.Levels) == 0 {
		opts.Levels = []int{64, 512}
	}
	if opts.MinCount == 0 {
		opts.MinCount = 3
	}
	if opts.Passes == 0 {
		opts.Passes = 12
	}
	if len(opts.Levels) > maxClusterLevels {
		return nil, fmt.Errorf("learn clusters: at most %d levels", maxClusterLevels)
	}
	for _, n := range opts.Levels {
		if n < 2 || n > maxClusterSize {
			return nil, fmt.Errorf("learn clusters: level size %d out of range 2..%d", n, maxClusterSize)
		}
	}
	// The vocabulary: frequent words by decreasing count, then one word
	// for all rare ones and one for the sentence boundary.
	count := map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			count[ClusterKey(w)]++
		}
	}
	var vocab []string
	for w, n := range count {
		if n >= opts.MinCount && !strings.ContainsAny(w, " \t\n\r\v\f") {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	if len(vocab) == 0 {
		return nil, fmt.Errorf("learn clusters: no word seen %d times", opts.MinCount)
	}
	index := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		index[w] = int32(i)
	}
	rare, edge := int32(len(vocab)), int32(len(vocab)+1)
	nw := len(vocab) + 2
	bigrams := map[[2]int32]int32{}
	prev := edge
	for _, s := range sents {
		prev = edge
		for _, w := range s {
			id, ok := index[ClusterKey(w)]
			if !ok {
				id = rare
			}
			bigrams[[2]int32{prev, id}]++
			prev = id
		}
		bigrams[[2]int32{prev, edge}]++
	}
	g := newExchange(nw, bigrams)
	c := &WordClusters{sizes: slices.Clone(opts.Levels), ids: make(map[string][]uint16, len(vocab)), order: vocab}
	for _, w := range vocab {
		c.ids[w] = make([]uint16, len(opts.Levels))
	}
	for l, k := range opts.Levels {
		class := g.run(k, opts.Passes, edge)
		for i, w := range vocab {
			c.ids[w][l] = uint16(class[i])
		}
	}
	return c, nil
}

// exchange holds the word bigram graph for the exchange algorithm.
type exchange struct {
	right, left [][]wordCount // right[w]: words after w, with counts; left[w]: words before
	self        []int32       // count of the bigram (w, w)
	nL, nR      []int64       // times w is the first / second word of a bigram
}

type wordCount struct {
	w int32
	n int32
}

func newExchange(nw int, bigrams map[[2]int32]int32) *exchange {
	g := &exchange{right: make([][]wordCount, nw), left: make([][]wordCount, nw), self: make([]int32, nw), nL: make([]int64, nw), nR: make([]int64, nw)}
	keys := make([][2]int32, 0, len(bigrams))
	for k := range bigrams {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int32) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	for _, k := range keys {
		n := bigrams[k]
		a, b := k[0], k[1]
		g.nL[a] += int64(n)
		g.nR[b] += int64(n)
		if a == b {
			g.self[a] += n
			continue
		}
		g.right[a] = append(g.right[a], wordCount{b, n})
		g.left[b] = append(g.left[b], wordCount{a, n})
	}
	return g
}

func xlogx(x int64) float64 {
	if x <= 0 {
		return 0
	}
	f := float64(x)
	return f * math.Log(f)
}

// run clusters the words into k classes and returns each word's class.
// The boundary word stays in a class of its own (class k-1).
func (g *exchange) run(k, passes int, edge int32) []int32 {
	nw := len(g.self)
	class := make([]int32, nw)
	// Initially the k-2 most frequent words have classes of their own and
	// the rest are dealt out round-robin, by frequency.
	for w := 0; w < nw; w++ {
		class[w] = int32(w % (k - 1))
	}
	class[edge] = int32(k - 1)
	n := make([]int64, k*k) // n[c*k+d]: bigrams of a class c word and a class d word
	nL := make([]int64, k)
	nR := make([]int64, k)
	for w := 0; w < nw; w++ {
		cw := int(class[w])
		for _, r := range g.right[w] {
			n[cw*k+int(class[r.w])] += int64(r.n)
		}
		n[cw*k+cw] += int64(g.self[w])
		nL[cw] += g.nL[w]
		nR[cw] += g.nR[w]
	}
	rc := make([]int64, k) // bigrams (w, class d word)
	lc := make([]int64, k) // bigrams (class c word, w)
	var rcs, lcs []int     // classes with non-zero rc, lc
	for pass := 0; pass < passes; pass++ {
		moved := 0
		for w := 0; w < nw; w++ {
			if int32(w) == edge {
				continue
			}
			rcs, lcs = rcs[:0], lcs[:0]
			for _, r := range g.right[w] {
				d := int(class[r.w])
				if rc[d] == 0 {
					rcs = append(rcs, d)
				}
				rc[d] += int64(r.n)
			}
			for _, l := range g.left[w] {
				c := int(class[l.w])
				if lc[c] == 0 {
					lcs = append(lcs, c)
				}
				lc[c] += int64(l.n)
			}
			s := int64(g.self[w])
			from := int(class[w])
			// take w out of its class
			for _, d := range rcs {
				n[from*k+d] -= rc[d]
			}
			for _, c := range lcs {
				n[c*k+from] -= lc[c]
			}
			n[from*k+from] -= s
			nL[from] -= g.nL[w]
			nR[from] -= g.nR[w]
			// the gain in log-likelihood of putting it into each class
			best, bestGain := from, math.Inf(-1)
			for to := 0; to < k-1; to++ {
				v := 0.0
				diag := s
				for _, d := range rcs {
					if d == to {
						diag += rc[d]
						continue
					}
					x := n[to*k+d]
					v += xlogx(x+rc[d]) - xlogx(x)
				}
				for _, c := range lcs {
					if c == to {
						diag += lc[c]
						continue
					}
					x := n[c*k+to]
					v += xlogx(x+lc[c]) - xlogx(x)
				}
				x := n[to*k+to]
				v += xlogx(x+diag) - xlogx(x)
				v -= xlogx(nL[to]+g.nL[w]) - xlogx(nL[to])
				v -= xlogx(nR[to]+g.nR[w]) - xlogx(nR[to])
				if v > bestGain+1e-9 || (to == from && v >= bestGain-1e-9) {
					best, bestGain = to, v
				}
			}
			if best != from {
				moved++
			}
			// put it into the best class
			to := best
			class[w] = int32(to)
			for _, d := range rcs {
				n[to*k+d] += rc[d]
			}
			for _, c := range lcs {
				n[c*k+to] += lc[c]
			}
			n[to*k+to] += s
			nL[to] += g.nL[w]
			nR[to] += g.nR[w]
			for _, d := range rcs {
				rc[d] = 0
			}
			for _, c := range lcs {
				lc[c] = 0
			}
		}
		if moved == 0 {
			break
		}
	}
	return class
}
