package format

import (
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// DefaultSentenceWidth is the width of the sentence column of an
// EventTable, in runes.
const DefaultSentenceWidth = 80

// EventTableOptions configure an EventTable. The zero value (or nil)
// gives the defaults.
type EventTableOptions struct {
	Width int                      // runes of the sentence column, "…" included; 0 means DefaultSentenceWidth; negative means no limit
	Name  func(code string) string // name of a CAMEO event code ("Arrest, detain"); nil leaves out the NAME column
}

// EventTable writes events as an aligned plain-text table for a terminal:
//
//	DATE        SOURCE  TARGET  CODE  NAME            GOLDSTEIN  SENTENCE
//	2024-03-11  KENCOP  IGOUNO  173   Arrest, detain       -5.0  Kenyan police arrested two UN…
//
// A header line comes first, even when no event follows. Empty values
// show as "-". Whitespace runs in names and sentences (newlines, tabs)
// become one space, and the sentence is cut to the option's width in
// runes, ending in "…". Columns are aligned over the rows written between
// two Flush calls, so a caller paging through many events may Flush after
// each page. Widths count runes, so text in wide scripts can misalign the
// columns after it; the sentence comes last for that reason.
type EventTable struct {
	tw     *tabwriter.Writer
	width  int
	name   func(string) string
	header bool
	line   []byte
}

// NewEventTable returns a table writer over w. opt may be nil.
func NewEventTable(w io.Writer, opt *EventTableOptions) *EventTable {
	t := &EventTable{tw: tabwriter.NewWriter(w, 0, 8, 2, ' ', 0), width: DefaultSentenceWidth}
	if opt != nil {
		if opt.Width != 0 {
			t.width = opt.Width
		}
		t.name = opt.Name
	}
	return t
}

// Write adds the row of one event.
func (t *EventTable) Write(e *avocet.StoredEvent) error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	date := ""
	if !e.Date.IsZero() {
		date = e.Date.Format("2006-01-02")
	}
	t.line = t.line[:0]
	t.cell(date)
	t.cell(e.Source.Code)
	t.cell(e.Target.Code)
	t.cell(e.Code)
	if t.name != nil {
		t.cell(t.name(e.Code))
	}
	// Right-aligned under the header, which is as wide.
	t.line = append(t.line, padLeft(strconv.FormatFloat(e.Goldstein, 'f', 1, 64), len("GOLDSTEIN"))...)
	t.line = append(t.line, '\t')
	t.line = append(t.line, truncate(oneLine(e.SentenceText), t.width)...)
	t.line = append(t.line, '\n')
	_, err := t.tw.Write(t.line)
	return err
}

// Flush writes the rows written since the last Flush, aligned, and the
// header if no row was written yet.
func (t *EventTable) Flush() error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	return t.tw.Flush()
}

func (t *EventTable) writeHeader() error {
	if t.header {
		return nil
	}
	t.header = true
	h := "DATE\tSOURCE\tTARGET\tCODE\t"
	if t.name != nil {
		h += "NAME\t"
	}
	h += "GOLDSTEIN\tSENTENCE\n"
	_, err := io.WriteString(t.tw, h)
	return err
}

// cell appends a tab-terminated cell, "-" when s is empty.
func (t *EventTable) cell(s string) {
	s = oneLine(s)
	if s == "" {
		s = "-"
	}
	t.line = append(t.line, s...)
	t.line = append(t.line, '\t')
}

// oneLine makes s safe for one table cell on a terminal: valid UTF-8
// (tabwriter gives byte 0xff a meaning), no control characters (escape
// sequences), and every run of white space one space.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to width runes, the last of them "…". A negative width
// means no limit.
func truncate(s string, width int) string {
	if width < 0 || utf8.RuneCountInString(s) <= width {
		return s
	}
	if width == 0 {
		return ""
	}
	n := 0
	for i := range s {
		if n == width-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

func padLeft(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return strings.Repeat(" ", width-n) + s
	}
	return s
}
