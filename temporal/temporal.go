// Package temporal finds time expressions in tokenised sentences and
// resolves them against the story date: "on Friday", "yesterday", "last
// June", "March 3", "three days ago", "last week", "in 2019".
//
// Input is a sentence's tokens and the story date; output is one Expr per
// expression with its token range, the day it resolves to and how precise
// that day is. News reports the past, so a bare weekday or month means the
// latest one on or before the story date unless "next" or a future verb
// says otherwise.
package temporal

import (
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
)

// Granularity says how precise a resolved date is.
type Granularity int

// Granularities, finest first.
const (
	Day   Granularity = iota // a calendar day
	Week                     // some day of a week; Date is that week's Monday
	Month                    // some day of a month; Date is the 1st
	Year                     // some day of a year; Date is 1 January
)

func (g Granularity) String() string {
	return [...]string{"day", "week", "month", "year"}[g]
}

// Expr is one time expression of a sentence.
type Expr struct {
	Start, End  int         // token range [Start, End) in the sentence
	Date        time.Time   // the day it resolves to (UTC midnight)
	Granularity Granularity // how precise Date is
	Future      bool        // the expression points after the story date ("tomorrow", "next week")
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "couple": 2,
}

// Scan returns the time expressions of the tokens resolved against base,
// the story date. A zero base resolves nothing and returns nil.
func Scan(toks []avocet.Token, base time.Time) []Expr {
	if base.IsZero() || len(toks) == 0 {
		return nil
	}
	base = time.Date(base.Year(), base.Month(), base.Day(), 0, 0, 0, 0, time.UTC)
	low := make([]string, len(toks))
	for i := range toks {
		low[i] = strings.ToLower(strings.TrimSuffix(toks[i].Form, "."))
	}
	at := func(i int) string {
		if i < 0 || i >= len(low) {
			return ""
		}
		return low[i]
	}
	var out []Expr
	for i := 0; i < len(toks); i++ {
		w := low[i]
		if e, ok := scanAt(toks, low, at, i, w, base); ok {
			out = append(out, e)
			i = e.End - 1
		}
	}
	return out
}

func scanAt(toks []avocet.Token, low []string, at func(int) string, i int, w string, base time.Time) (Expr, bool) {
	day := func(d time.Time, end int, future bool) (Expr, bool) {
		return Expr{Start: i, End: end, Date: d, Granularity: Day, Future: future}, true
	}
	switch w {
	case "yesterday":
		return day(base.AddDate(0, 0, -1), i+1, false)
	case "today", "tonight":
		return day(base, i+1, false)
	case "tomorrow":
		return day(base.AddDate(0, 0, 1), i+1, true)
	case "last", "next", "this", "past", "coming":
		next := at(i + 1)
		dir := -1
		if w == "next" || w == "coming" {
			dir = 1
		}
		if w == "this" {
			dir = 0
		}
		if wd, ok := weekdays[next]; ok && isCap(toks[i+1].Form) {
			d := lastWeekday(base, wd)
			switch {
			case dir < 0 && d.Equal(base):
				d = d.AddDate(0, 0, -7)
			case dir > 0:
				d = nextWeekday(base, wd)
			case dir == 0 && d.Before(base) && w == "this":
				// "this Friday" in a story of Wednesday is usually ahead
				d = nextWeekday(base, wd)
				return Expr{Start: i, End: i + 2, Date: d, Granularity: Day, Future: true}, true
			}
			return Expr{Start: i, End: i + 2, Date: d, Granularity: Day, Future: dir > 0}, true
		}
		if m, ok := months[next]; ok && isCap(toks[i+1].Form) {
			y := base.Year()
			switch {
			case dir < 0:
				if m >= base.Month() {
					y--
				}
			case dir > 0:
				if m <= base.Month() {
					y++
				}
			}
			return Expr{Start: i, End: i + 2, Date: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Granularity: Month, Future: dir > 0}, true
		}
		switch next {
		case "week", "weekend":
			mon := monday(base)
			if dir != 0 {
				mon = mon.AddDate(0, 0, 7*dir)
			}
			return Expr{Start: i, End: i + 2, Date: mon, Granularity: Week, Future: dir > 0}, true
		case "month":
			d := time.Date(base.Year(), base.Month()+time.Month(dir), 1, 0, 0, 0, 0, time.UTC)
			return Expr{Start: i, End: i + 2, Date: d, Granularity: Month, Future: dir > 0}, true
		case "year":
			d := time.Date(base.Year()+dir, 1, 1, 0, 0, 0, 0, time.UTC)
			return Expr{Start: i, End: i + 2, Date: d, Granularity: Year, Future: dir > 0}, true
		case "morning", "afternoon", "evening", "night":
			if w == "last" && next == "night" {
				return day(base.AddDate(0, 0, -1), i+2, false)
			}
			if w == "this" {
				return day(base, i+2, false)
			}
		}
		return Expr{}, false
	case "earlier", "later":
		// "earlier this week", "earlier this month"
		if at(i+1) == "this" {
			if e, ok := scanAt(toks, low, at, i+1, "this", base); ok {
				e.Start = i
				return e, true
			}
		}
		return Expr{}, false
	}
	if wd, ok := weekdays[w]; ok && isCap(toks[i].Form) && (len(w) > 3 || strings.HasSuffix(toks[i].Form, ".") || at(i+1) == ",") {
		return day(lastWeekday(base, wd), i+1, false)
	}
	if n, ok := count(w); ok && (at(i+1) == "days" || at(i+1) == "day" || at(i+1) == "weeks" || at(i+1) == "week" || at(i+1) == "months" || at(i+1) == "month" || at(i+1) == "years" || at(i+1) == "year") && at(i+2) == "ago" {
		switch strings.TrimSuffix(at(i+1), "s") {
		case "day":
			return day(base.AddDate(0, 0, -n), i+3, false)
		case "week":
			return Expr{Start: i, End: i + 3, Date: monday(base.AddDate(0, 0, -7*n)), Granularity: Week}, true
		case "month":
			d := time.Date(base.Year(), base.Month()-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
			return Expr{Start: i, End: i + 3, Date: d, Granularity: Month}, true
		default:
			return Expr{Start: i, End: i + 3, Date: time.Date(base.Year()-n, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: Year}, true
		}
	}
	if m, ok := months[w]; ok && isCap(toks[i].Form) && (w != "may" || monthContext(low, i)) && (w != "mar" && w != "jan" || strings.HasSuffix(toks[i].Form, ".") || isDayNumber(at(i+1))) {
		// "March 3", "March 3, 2023", "March 2023", "March"
		end := i + 1
		d, hasDay := 0, false
		if n, ok := dayNumber(at(i + 1)); ok {
			d, hasDay, end = n, true, i+2
			if at(end) == "," {
				if _, ok := yearNumber(at(end + 1)); ok {
					end++
				}
			}
		}
		y, hasYear := 0, false
		if n, ok := yearNumber(at(end)); ok {
			y, hasYear, end = n, true, end+1
		}
		if !hasYear {
			y = base.Year()
			if m > base.Month() || m == base.Month() && hasDay && d > base.Day() {
				y-- // the latest such month on or before the story date
			}
		}
		if hasDay {
			t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			if t.Month() != m { // "February 31"
				return Expr{}, false
			}
			return Expr{Start: i, End: end, Date: t, Granularity: Day, Future: t.After(base)}, true
		}
		if !hasYear && !(at(i-1) == "in" || at(i-1) == "since" || at(i-1) == "until" || at(i-1) == "by" || at(i-1) == "of" || at(i-1) == "early" || at(i-1) == "late" || at(i-1) == "mid") {
			return Expr{}, false // a bare month name without "in" is too often something else ("May" the name)
		}
		t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return Expr{Start: i, End: end, Date: t, Granularity: Month, Future: t.After(base)}, true
	}
	if n, ok := dayNumber(w); ok && i+1 < len(toks) {
		// "3 March", "3 March 2023"
		if m, ok := months[at(i+1)]; ok && isCap(toks[i+1].Form) {
			end := i + 2
			y := base.Year()
			if yy, ok := yearNumber(at(end)); ok {
				y, end = yy, end+1
			} else if m > base.Month() || m == base.Month() && n > base.Day() {
				y--
			}
			t := time.Date(y, m, n, 0, 0, 0, 0, time.UTC)
			if t.Month() != m {
				return Expr{}, false
			}
			return Expr{Start: i, End: end, Date: t, Granularity: Day, Future: t.After(base)}, true
		}
	}
	if y, ok := yearNumber(w); ok && (at(i-1) == "in" || at(i-1) == "since") && base.Year()-y < 200 && y-base.Year() < 20 {
		t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return Expr{Start: i, End: i + 1, Date: t, Granularity: Year, Future: y > base.Year()}, true
	}
	return Expr{}, false
}

// monthContext tells "May" the month from the modal verb and the name.
func monthContext(low []string, i int) bool {
	if i+1 < len(low) {
		if _, ok := dayNumber(low[i+1]); ok {
			return true
		}
		if _, ok := yearNumber(low[i+1]); ok {
			return true
		}
	}
	return i > 0 && (low[i-1] == "in" || low[i-1] == "since" || low[i-1] == "until" || low[i-1] == "last" || low[i-1] == "early" || low[i-1] == "late" || low[i-1] == "mid")
}

func isCap(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// digits reports a non-empty string of ASCII digits, so that number
// parsing does not allocate errors for every word.
func digits(w string) bool {
	if w == "" || len(w) > 9 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

func count(w string) (int, bool) {
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if !digits(w) {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n > 0 && n < 1000
}

func dayNumber(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	if !digits(w) {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n >= 1 && n <= 31 && len(w) <= 2
}

func isDayNumber(w string) bool { _, ok := dayNumber(w); return ok }

func yearNumber(w string) (int, bool) {
	if len(w) != 4 || !digits(w) {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n >= 1800 && n <= 2200
}

// lastWeekday is the latest wd on or before d.
func lastWeekday(d time.Time, wd time.Weekday) time.Time {
	back := (int(d.Weekday()) - int(wd) + 7) % 7
	return d.AddDate(0, 0, -back)
}

// nextWeekday is the earliest wd after d.
func nextWeekday(d time.Time, wd time.Weekday) time.Time {
	fwd := (int(wd) - int(d.Weekday()) + 7) % 7
	if fwd == 0 {
		fwd = 7
	}
	return d.AddDate(0, 0, fwd)
}

// monday is the Monday of d's ISO week.
func monday(d time.Time) time.Time {
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}
