package geo

import "testing"

// TestIndexIntact checks the loader's sharing of one-place candidate
// lists: ident must still be the identity, and every candidate must point
// at an entry.
func TestIndexIntact(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range g.ident {
		if v != int32(i) {
			t.Fatalf("ident[%d] = %d", i, v)
		}
	}
	for k, ids := range g.index {
		if len(ids) == 0 {
			t.Errorf("key %q has no candidates", k)
		}
		for _, id := range ids {
			if int(id&idMask) >= len(g.entries) || id < 0 {
				t.Fatalf("key %q: candidate %d out of range", k, id)
			}
		}
		if Key(k) != k {
			t.Errorf("index key %q is not in key form", k)
		}
	}
}

func TestStripDivision(t *testing.T) {
	for in, want := range map[string]string{
		"kharkiv oblast":      "kharkiv",
		"province of helmand": "helmand",
		"northern state":      "",
		"kassala":             "",
		"rakhine state":       "rakhine",
	} {
		if got := stripDivision(in); got != want {
			t.Errorf("stripDivision(%q) = %q, want %q", in, got, want)
		}
	}
}
