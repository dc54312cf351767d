package enrich

import (
	"strings"
	"testing"
)

func TestDigits(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true},
		{"30,000", 30000, true},
		{"1,000,000", 1e6, true},
		{"3.5", 3.5, true},
		{"1,000.50", 1000.5, true},
		{"0.25", 0.25, true},
		{"1,23", 0, false},
		{"1,2345", 0, false},
		{"12,", 0, false},
		{"1.2.3", 0, false},
		{"1e999", 0, false},
		{"1e9", 0, false},
		{"-5", 0, false},
		{"5th", 0, false},
		{"10:30", 0, false},
		{"", 0, false},
		{strings.Repeat("9", 32), 1e32, true},
		{strings.Repeat("9", 33), 0, false},
	}
	for _, tc := range tests {
		got, ok := digits(tc.in)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("digits(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"atrocities": "atrocity", "sanctions": "sanction", "crashes": "crash", "witnesses": "witness",
		"crisis": "", "status": "", "gas": "", "class": "", "troops": "troop", "bus": "", "it's": "",
	} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}
