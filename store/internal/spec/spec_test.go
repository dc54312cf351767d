package spec_test

import (
	"errors"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []spec.Cursor{
		{Date: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), ID: "a1-0-0"},
		{ID: "undated-3-1"},
		{Date: time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), ID: "with|bars|in-1-2"},
	} {
		got, err := spec.ParseCursor(c.Encode())
		if err != nil || got != c {
			t.Errorf("ParseCursor(Encode(%+v)) = %+v, %v", c, got, err)
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add(spec.Cursor{ID: "x-0-0"}.Encode())
	f.Add("MXwyMDI0LTEzLTAxfGExLTAtMA")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := spec.ParseCursor(s)
		if err != nil {
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Fatalf("ParseCursor(%q): %v does not wrap ErrInvalidInput", s, err)
			}
			return
		}
		if back, err := spec.ParseCursor(c.Encode()); err != nil || back != c {
			t.Fatalf("round trip of %+v: %+v, %v", c, back, err)
		}
	})
}

func TestCheckEventID(t *testing.T) {
	ev := func(id, article string, sentence int) *avocet.StoredEvent {
		return &avocet.StoredEvent{ID: id, Event: avocet.Event{ArticleID: article, Sentence: sentence}}
	}
	for _, tc := range []struct {
		e  *avocet.StoredEvent
		ok bool
	}{
		{ev("a-1-0", "a", 1), true},
		{ev("a-h-0", "a", -1), true}, // headline
		{ev("a--1-0", "a", -1), false},
		{ev("a-h-0", "a", 0), false},
		{ev("a-b-c-12-345", "a-b-c", 12), true},
		{ev("a-1-", "a", 1), false},
		{ev("a-1-x", "a", 1), false},
		{ev("a-2-0", "a", 1), false},
		{ev("b-1-0", "a", 1), false},
		{ev("a-01-0", "a", 1), false},
		{ev("", "", 0), false},
	} {
		err := spec.CheckEventID(tc.e)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, avocet.ErrInvalidInput)) {
			t.Errorf("CheckEventID(%q of %q, sentence %d) = %v, want ok %v", tc.e.ID, tc.e.ArticleID, tc.e.Sentence, err, tc.ok)
		}
	}
}

func TestBucket(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		day  time.Time
		iv   avocet.Interval
		want time.Time
	}{
		{d(2024, 1, 1), avocet.Week, d(2024, 1, 1)},     // a Monday
		{d(2023, 12, 31), avocet.Week, d(2023, 12, 25)}, // Sunday ends the week
		{d(2021, 1, 3), avocet.Week, d(2020, 12, 28)},   // ISO week 53 of 2020
		{d(2024, 2, 29), avocet.Month, d(2024, 2, 1)},
		{d(2024, 2, 29), avocet.Day, d(2024, 2, 29)},
	} {
		if got := spec.Bucket(tc.day, tc.iv); !got.Equal(tc.want) {
			t.Errorf("Bucket(%v, %s) = %v, want %v", tc.day, tc.iv, got, tc.want)
		}
	}
}

func TestDay(t *testing.T) {
	east := time.FixedZone("UTC+10", 10*3600)
	if got, want := spec.Day(time.Date(2024, 3, 1, 1, 0, 0, 0, east)), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Day = %v, want the day as written, %v", got, want)
	}
	if !spec.Day(time.Time{}).IsZero() {
		t.Error("Day(zero) is not zero")
	}
}
