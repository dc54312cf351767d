package ingest

import (
	"strings"
	"time"
)

var zeroTime time.Time

// ParseDate returns the calendar day a date string names, as midnight UTC,
// or the zero time when it names none. The day is taken as written, in the
// writer's own time zone: "2024-03-05T23:30:00-05:00" is 5 March.
//
// It accepts ISO dates with or without a time and zone (2006-01-02,
// 2006/01/02, RFC 3339), YYYYMMDD and YYYYMMDDhhmmss, and dates with an
// English month name in any of the usual orders: RFC 1123 and 822 with or
// without weekday and zone ("Mon, 2 Jan 2006 15:04:05 GMT", "02 Jan 06
// 15:04 EST"), RFC 850 ("Monday, 02-Jan-06"), "Jan 2, 2006", "January 2nd,
// 2006" and "2 January 2006". Day-month-year orders without a month name
// ("03/05/2024") are ambiguous and give the zero time.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 200 {
		return zeroTime
	}
	// 2006-01-02, 2006/01/02, 2006.01.02, with anything not a digit after.
	if len(s) >= 10 && digits(s[:4]) && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
		digits(s[5:7]) && s[7] == s[4] && digits(s[8:10]) && (len(s) == 10 || !isDigit(s[10])) {
		return day(atoi(s[:4]), atoi(s[5:7]), atoi(s[8:10]))
	}
	// YYYYMMDD, YYYYMMDDhhmm[ss].
	if n := leadingDigits(s); n == 8 || n == 12 || n == 14 {
		return day(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8]))
	}
	return parseWordDate(s)
}

// parseWordDate finds a month name, a day and a year among the words of s.
func parseWordDate(s string) time.Time {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.' || r == '\t' || r == '\n' || r == '\r'
	})
	month, dayN, year := 0, 0, 0
	var small []int // one- and two-digit numbers in order
	for _, w := range words {
		if strings.ContainsRune(w, ':') {
			continue // a time
		}
		if month == 0 && len(w) >= 3 && isLetters(w) {
			if m := monthOf(w); m > 0 {
				month = m
				continue
			}
		}
		num := strings.TrimRight(w, "stndrdthSTNDRDTH")
		if num == "" || !digits(num) {
			continue
		}
		switch len(num) {
		case 1, 2:
			small = append(small, atoi(num))
		case 4:
			if y := atoi(num); year == 0 && y >= 1800 && y < 2200 {
				year = y
			}
		}
	}
	if month == 0 || len(small) == 0 {
		return zeroTime
	}
	dayN = small[0]
	if year == 0 {
		// RFC 822 and 850 two-digit years: "02 Jan 06".
		if len(small) < 2 {
			return zeroTime
		}
		year = small[1] + 1900
		if small[1] < 70 {
			year = small[1] + 2000
		}
	}
	return day(year, month, dayN)
}

var monthNames = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthOf returns the month a name or abbreviation of at least three
// letters names ("Jan", "Sept", "january"), or 0.
func monthOf(w string) int {
	w = strings.ToLower(w)
	for i, m := range monthNames {
		if strings.HasPrefix(m, w) {
			return i + 1
		}
	}
	return 0
}

// day returns midnight UTC of a valid date, or the zero time.
func day(y, m, d int) time.Time {
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return zeroTime
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return zeroTime // 31 April
	}
	return t
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// atoi converts a short run of digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
