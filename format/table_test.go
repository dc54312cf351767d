package format_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
)

func tableEvents() []avocet.StoredEvent {
	evs := parquetEvents()
	messy := avocet.StoredEvent{
		ID: "a4-2-0",
		Event: avocet.Event{
			ArticleID: "a4", Sentence: 2, Date: day(2024, 1, 5),
			Source: avocet.Actor{Code: "USAGOV"}, Code: "999", Goldstein: 10,
		},
		SentenceText: "Short\tline\nwith  breaks.\x1b[0m",
	}
	return []avocet.StoredEvent{evs[0], evs[1], messy}
}

func cameoName(code string) string {
	return map[string]string{"173": "Arrest, detain", "0431": "Host a visit"}[code]
}

func renderTable(t *testing.T, opt *format.EventTableOptions, events []avocet.StoredEvent) string {
	t.Helper()
	var buf bytes.Buffer
	tab := format.NewEventTable(&buf, opt)
	for i := range events {
		if err := tab.Write(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tab.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The expected tables were checked by hand: each column is as wide as its
// widest cell plus two spaces, GOLDSTEIN is right-aligned in nine, the
// sentence is cut to the width in runes (not bytes) with "…" the last.
func TestEventTable(t *testing.T) {
	tests := []struct {
		name   string
		opt    *format.EventTableOptions
		events []avocet.StoredEvent
		want   string
		reason string
	}{
		{
			name:   "names and width 30",
			opt:    &format.EventTableOptions{Width: 30, Name: cameoName},
			events: tableEvents(),
			want: "" +
				"DATE        SOURCE  TARGET  CODE  NAME            GOLDSTEIN  SENTENCE\n" +
				"2024-03-11  KENCOP  IGOUNO  173   Arrest, detain       -5.0  Kenyan police arrested two UN…\n" +
				"-           ---     TUR     0431  Host a visit          2.8  Präsident Erdoğan traf 習近平 in…\n" +
				"2024-01-05  USAGOV  -       999   -                    10.0  Short line with breaks. [0m\n",
			reason: "missing date, target and name show as -; whitespace runs and control characters become one space",
		},
		{
			name:   "defaults",
			events: tableEvents()[:1],
			want: "" +
				"DATE        SOURCE  TARGET  CODE  GOLDSTEIN  SENTENCE\n" +
				"2024-03-11  KENCOP  IGOUNO  173        -5.0  Kenyan police arrested two UN staff, officials said.\n",
			reason: "no NAME column without a Name func; 52 runes fit in the default 80",
		},
		{
			name: "no events",
			want: "DATE  SOURCE  TARGET  CODE  GOLDSTEIN  SENTENCE\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := renderTable(t, tc.opt, tc.events); got != tc.want {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", tc.reason, got, tc.want)
			}
		})
	}
}

func TestEventTableWidth(t *testing.T) {
	e := tableEvents()[1] // 53 runes, 70 bytes
	const full = "Präsident Erdoğan traf 習近平 in Ankara — „historisch“ 🙂"
	for _, tc := range []struct {
		width int
		want  string
	}{
		{-1, full},
		{53, full},
		{52, "Präsident Erdoğan traf 習近平 in Ankara — „historisch“…"},
		{23, "Präsident Erdoğan traf…"},
		{1, "…"},
	} {
		out := renderTable(t, &format.EventTableOptions{Width: tc.width}, []avocet.StoredEvent{e})
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if got := lines[len(lines)-1]; !strings.HasSuffix(got, "  "+tc.want) {
			t.Errorf("width %d: row %q, want it to end in %q", tc.width, got, tc.want)
		}
	}
}

// Ensure that rows written after a Flush get no second header.
func TestEventTableFlushTwice(t *testing.T) {
	var buf bytes.Buffer
	tab := format.NewEventTable(&buf, nil)
	events := tableEvents()
	for i := range events {
		if err := tab.Write(&events[i]); err != nil {
			t.Fatal(err)
		}
		if err := tab.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(buf.String(), "SENTENCE"); n != 1 {
		t.Errorf("%d headers in\n%s", n, buf.String())
	}
	if n := strings.Count(buf.String(), "\n"); n != 4 {
		t.Errorf("%d lines, want 4:\n%s", n, buf.String())
	}
}
