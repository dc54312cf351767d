package text_test

import (
	"testing"

	"github.com/avocet-events/avocet/text"
)

func TestDateline(t *testing.T) {
	cases := []struct {
		name                string
		in                  string
		ok                  bool
		place, date, agency string
		body                string // text from Body on
	}{
		{name: "agency and region", in: "NAIROBI, Kenya (AP) — Police fired.", ok: true, place: "NAIROBI, Kenya", agency: "AP", body: "Police fired."},
		{name: "agency", in: "WASHINGTON (Reuters) - The Senate voted.", ok: true, place: "WASHINGTON", agency: "Reuters", body: "The Senate voted."},
		{name: "date", in: "BEIRUT, March 3 (AFP) - Lebanon's cabinet met.", ok: true, place: "BEIRUT", date: "March 3", agency: "AFP", body: "Lebanon's cabinet met."},
		{name: "abbreviated date", in: "WASHINGTON, Dec. 5 (Reuters) - U.S. stocks rose.", ok: true, place: "WASHINGTON", date: "Dec. 5", agency: "Reuters", body: "U.S. stocks rose."},
		{name: "bare", in: "LONDON — Britain said on Monday it would act.", ok: true, place: "LONDON", body: "Britain said on Monday it would act."},
		{name: "two-word place", in: "NEW DELHI: India's cabinet approved the plan.", ok: true, place: "NEW DELHI", body: "India's cabinet approved the plan."},
		{name: "region with periods", in: "ST. LOUIS, Mo. (AP) — A storm hit.", ok: true, place: "ST. LOUIS, Mo.", agency: "AP", body: "A storm hit."},
		{name: "mixed case with agency", in: "Kabul (AFP) - Afghan officials said.", ok: true, place: "Kabul", agency: "AFP", body: "Afghan officials said."},
		{name: "unspaced dash", in: "GENEVA—Talks resumed.", ok: true, place: "GENEVA", body: "Talks resumed."},
		{name: "two places", in: "MOSCOW/KYIV, June 4 (Reuters) - Talks resumed.", ok: true, place: "MOSCOW/KYIV", date: "June 4", agency: "Reuters", body: "Talks resumed."},
		{name: "agency only", in: "(CNN) — Talks resumed.", ok: true, agency: "CNN", body: "Talks resumed."},
		{name: "region and colon", in: "NEW DELHI, India: Talks resumed.", ok: true, place: "NEW DELHI, India", body: "Talks resumed."},
		{name: "region and date", in: "NAIROBI, Kenya, March 3 (AP) — Talks resumed.", ok: true, place: "NAIROBI, Kenya", date: "March 3", agency: "AP", body: "Talks resumed."},
		{name: "leading space", in: "\n  CAIRO (Reuters) - Egypt said.", ok: true, place: "CAIRO", agency: "Reuters", body: "Egypt said."},

		{name: "mixed case without agency", in: "Kabul — Afghan officials said.", ok: false},
		{name: "label", in: "UPDATE: Talks resumed.", ok: false},
		{name: "file photo", in: "FILE - In this photo, troops march.", ok: false},
		{name: "bracket aside", in: "(The talks) resumed.", ok: false},
		{name: "breaking", in: "BREAKING — Talks collapse.", ok: false},
		{name: "all-caps title", in: "KENYA — OPPOSITION CALLS FOR PROTESTS\nText.", ok: false},
		{name: "sentence", in: "The president — who spoke late — left.", ok: false},
		{name: "compound", in: "WASHINGTON-based groups said.", ok: false},
		{name: "abbreviation", in: "U.S. officials said.", ok: false},
		{name: "no body", in: "LONDON —", ok: false},
		{name: "empty", in: "", ok: false},
		{name: "dash without space", in: "LONDON -Britain said.", ok: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, ok := text.Dateline(c.in)
			if ok != c.ok {
				t.Fatalf("Dateline(%q) ok = %v, want %v (%+v)", c.in, ok, c.ok, d)
			}
			if !ok {
				return
			}
			get := func(s struct{ Start, End int }) string { return c.in[s.Start:s.End] }
			if p := get(d.Place); p != c.place {
				t.Errorf("place %q, want %q", p, c.place)
			}
			if p := get(d.Date); p != c.date {
				t.Errorf("date %q, want %q", p, c.date)
			}
			if p := get(d.Agency); p != c.agency {
				t.Errorf("agency %q, want %q", p, c.agency)
			}
			if b := c.in[d.Body:]; b != c.body {
				t.Errorf("body %q, want %q", b, c.body)
			}
		})
	}
}
