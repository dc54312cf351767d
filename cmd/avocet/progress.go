package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws a one-line progress bar with articles/s and ETA on a
// terminal and stays silent otherwise. The ETA comes from the bytes read
// of the inputs' known total size.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	total int64 // bytes of all inputs; 0 when unknown (stdin, URLs)

	mu    sync.Mutex
	read  int64 // bytes read so far
	last  time.Time
	width int
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newProgress(w io.Writer, mode string, total int64) *progress {
	on := mode == "always" || mode == "auto" && isTerminal(w)
	return &progress{w: w, on: on, start: time.Now(), total: total}
}

// addBytes records bytes read from the inputs.
func (p *progress) addBytes(n int) {
	p.mu.Lock()
	p.read += int64(n)
	p.mu.Unlock()
}

// update redraws the bar, at most ten times a second unless final.
func (p *progress) update(articles, events, errs int, final bool) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !final && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(articles) / el
	}
	line := fmt.Sprintf("%d articles  %d events  %d errors  %.0f articles/s", articles, events, errs, rate)
	if p.total > 0 {
		frac := float64(p.read) / float64(p.total)
		if frac > 1 {
			frac = 1
		}
		const bar = 24
		fill := int(frac * bar)
		eta := "--:--"
		if frac > 0.001 && !final {
			left := time.Duration(el/frac*(1-frac)) * time.Second
			eta = fmtDuration(left)
		}
		if final {
			eta = "done"
		}
		line = fmt.Sprintf("[%s%s] %3.0f%%  %s  ETA %s", strings.Repeat("=", fill), strings.Repeat(" ", bar-fill), frac*100, line, eta)
	}
	pad := ""
	if len(line) < p.width {
		pad = strings.Repeat(" ", p.width-len(line))
	}
	p.width = len(line)
	end := ""
	if final {
		end = "\n"
	}
	fmt.Fprintf(p.w, "\r%s%s%s", line, pad, end)
}

func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", m, s)
}

// countingReader reports bytes read to a progress.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.addBytes(n)
	return n, err
}
