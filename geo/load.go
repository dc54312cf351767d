package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
)

// Files a gazetteer folder holds (see data/ and README.md).
const (
	countriesFile = "countries.tsv"
	admin1File    = "admin1.tsv"
	citiesFile    = "cities.tsv.gz"
	aliasesFile   = "aliases.txt"
	wordsFile     = "words.txt"
	maxDataBytes  = 64 << 20 // a decompressed cities file larger than this is refused
)

// Load reads a gazetteer from the four files of fsys's top folder
// (countries.tsv, admin1.tsv, cities.tsv.gz, aliases.txt; see README.md
// for their formats) and adds the country names, capitals, regions and
// demonyms of d when d is not nil. Errors name the file and line and wrap
// avocet.ErrInvalidInput.
func Load(fsys fs.FS, d *dict.Dictionaries) (*Gazetteer, error) {
	g := &Gazetteer{
		byISO3:    map[string]int{},
		adminKey:  map[string]int32{},
		index:     make(map[string][]int32, 1<<17),
		blocked:   map[string]bool{},
		demonyms:  map[string]int{},
		afterOnly: map[string]int32{},
	}
	countries, err := fs.ReadFile(fsys, countriesFile)
	if err != nil {
		return nil, err
	}
	capitals, err := g.readCountries(string(countries))
	if err != nil {
		return nil, err
	}
	admins, err := fs.ReadFile(fsys, admin1File)
	if err != nil {
		return nil, err
	}
	seats, err := g.readAdmin1(string(admins))
	if err != nil {
		return nil, err
	}
	f, err := fsys.Open(citiesFile)
	if err != nil {
		return nil, err
	}
	cities, err := gunzip(f)
	f.Close()
	if err != nil {
		return nil, &avocet.PosError{File: citiesFile, Err: fmt.Errorf("%w: %w", avocet.ErrInvalidInput, err)}
	}
	byID, err := g.readCities(cities, capitals, seats)
	if err != nil {
		return nil, err
	}
	g.linkCapitals(capitals, seats, byID)
	g.ident = make([]int32, len(g.entries))
	for i := range g.ident {
		g.ident[i] = int32(i)
	}
	g.seatNames()
	aliases, err := fs.ReadFile(fsys, aliasesFile)
	if err != nil {
		return nil, err
	}
	if err := g.readAliases(aliases); err != nil {
		return nil, err
	}
	words, err := fs.ReadFile(fsys, wordsFile)
	if err != nil {
		return nil, err
	}
	if err := g.readWords(words); err != nil {
		return nil, err
	}
	if d != nil {
		g.addDictionary(d)
	}
	g.finish()
	return g, nil
}

// gunzip decompresses r into a string (through a strings.Builder, so the
// text is not copied again).
func gunzip(r io.Reader) (string, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(8 << 20)
	if _, err := io.Copy(&b, io.LimitReader(zr, maxDataBytes+1)); err != nil {
		return "", err
	}
	if b.Len() > maxDataBytes {
		return "", errors.New("decompressed data too large")
	}
	return b.String(), nil
}

// lines calls fn with each line of b that is not blank or a "#" comment,
// split at tabs, and its 1-based number. The first line must be the
// header "# avocet geo <what> 1".
func lines(s string, file, what string, fields int, fn func(f []string, line int) error) error {
	head, _, _ := strings.Cut(s, "\n")
	if strings.TrimSpace(head) != "# avocet geo "+what+" 1" {
		return &avocet.PosError{File: file, Line: 1, Err: fmt.Errorf("%w: not an avocet geo %s file (format 1)", avocet.ErrInvalidInput, what)}
	}
	f := make([]string, fields)
	for n := 1; s != ""; n++ {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		k := 0
		for k < fields-1 {
			var ok bool
			f[k], line, ok = strings.Cut(line, "\t")
			if !ok {
				break
			}
			k++
		}
		f[k] = line
		if k != fields-1 || strings.Contains(line, "\t") {
			return &avocet.PosError{File: file, Line: n, Err: fmt.Errorf("%w: want %d tab-separated fields", avocet.ErrInvalidInput, fields)}
		}
		if err := fn(f, n); err != nil {
			return &avocet.PosError{File: file, Line: n, Err: fmt.Errorf("%w: %w", avocet.ErrInvalidInput, err)}
		}
	}
	return nil
}

// latLon parses a coordinate pair.
func latLon(lat, lon string) (float32, float32, error) {
	a, ok1 := decimal(lat)
	b, ok2 := decimal(lon)
	if !ok1 || !ok2 || !(a >= -90 && a <= 90) || !(b >= -180 && b <= 180) {
		return 0, 0, fmt.Errorf("bad position %q, %q", lat, lon)
	}
	return float32(a), float32(b), nil
}

// decimal parses a plain decimal number ("-12.34567") faster than
// strconv, which the loader would otherwise spend a fifth of its time in;
// other forms fall back to strconv.
func decimal(s string) (float64, bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		neg, i = true, i+1
	}
	var n uint64
	digits, scale := 0, 1.0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + uint64(s[i]-'0')
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			n = n*10 + uint64(s[i]-'0')
			scale *= 10
			digits++
		}
	}
	if i != len(s) || digits == 0 || digits > 15 {
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	v := float64(n) / scale
	if neg {
		v = -v
	}
	return v, true
}

func count(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return uint32(n), nil
}

func isCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func validName(s string) bool { return s != "" && len(s) <= 200 && Key(s) != "" }

// readCountries reads countries.tsv and returns each country's capital
// geonameid, by country index.
func (g *Gazetteer) readCountries(b string) ([]uint32, error) {
	var capitals []uint32
	var neighbours [][]string
	err := lines(b, countriesFile, "countries", 9, func(f []string, _ int) error {
		if !isCode(f[0], 2) || !isCode(f[1], 3) || !validName(f[2]) {
			return fmt.Errorf("bad codes or name %q %q %q", f[0], f[1], f[2])
		}
		if _, dup := g.byISO3[f[1]]; dup {
			return fmt.Errorf("country %s repeated", f[1])
		}
		lat, lon, err := latLon(f[3], f[4])
		if err != nil {
			return err
		}
		pop, err := count(f[5])
		if err != nil {
			return err
		}
		capital, err := count(f[7])
		if err != nil {
			return err
		}
		if len(g.countries) >= 1<<16-1 {
			return errors.New("too many countries")
		}
		ci := len(g.countries)
		g.byISO3[f[1]] = ci
		g.countries = append(g.countries, countryInfo{iso2: f[0], iso3: f[1], name: f[2], entry: int32(len(g.entries)), capital: -1})
		g.entries = append(g.entries, entry{name: f[2], lat: lat, lon: lon, pop: pop, country: uint16(ci), admin: -1, kind: Country})
		capitals = append(capitals, capital)
		var nb []string
		if f[8] != "" {
			nb = strings.Split(f[8], ",")
		}
		neighbours = append(neighbours, nb)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, nb := range neighbours {
		for _, n := range nb {
			if j, ok := g.byISO3[n]; ok {
				g.countries[i].neighbours = append(g.countries[i].neighbours, int32(j))
			}
		}
	}
	return capitals, nil
}

// readAdmin1 reads admin1.tsv and returns each division's seat geonameid,
// by admin index.
func (g *Gazetteer) readAdmin1(b string) ([]uint32, error) {
	var seats []uint32
	err := lines(b, admin1File, "admin1", 9, func(f []string, _ int) error {
		ci, ok := g.byISO3[f[1]]
		if !ok {
			return fmt.Errorf("unknown country %q", f[1])
		}
		c := &g.countries[ci]
		cc, code, ok := strings.Cut(f[0], ".")
		if !ok || cc != c.iso2 || code == "" || !validName(f[2]) {
			return fmt.Errorf("bad key %q or name %q", f[0], f[2])
		}
		k := c.iso3 + "." + code
		if _, dup := g.adminKey[k]; dup {
			return fmt.Errorf("division %s repeated", f[0])
		}
		lat, lon, err := latLon(f[4], f[5])
		if err != nil {
			return err
		}
		pop, err := count(f[6])
		if err != nil {
			return err
		}
		seat, err := count(f[8])
		if err != nil {
			return err
		}
		ai := int32(len(g.admins))
		g.adminKey[k] = ai
		g.admins = append(g.admins, adminInfo{code: code, name: f[2], entry: int32(len(g.entries)), seat: -1})
		g.entries = append(g.entries, entry{name: f[2], ascii: f[3], lat: lat, lon: lon, pop: pop, country: uint16(ci), admin: ai, kind: Admin1})
		seats = append(seats, seat)
		return nil
	})
	return seats, err
}

// readCities reads the cities and returns the entries of the capitals and
// seats by geonameid.
func (g *Gazetteer) readCities(b string, capitals, seats []uint32) (map[uint32]int32, error) {
	want := make(map[uint32]int32, len(capitals)+len(seats))
	for _, id := range capitals {
		want[id] = -1
	}
	for _, id := range seats {
		want[id] = -1
	}
	g.entries = append(make([]entry, 0, len(g.entries)+strings.Count(b, "\n")), g.entries...)
	err := lines(b, citiesFile, "cities", 9, func(f []string, _ int) error {
		id, err := count(f[0])
		if err != nil || id == 0 || !validName(f[1]) {
			return fmt.Errorf("bad id %q or name %q", f[0], f[1])
		}
		ci, ok := g.byISO3[f[3]]
		if !ok {
			return fmt.Errorf("unknown country %q", f[3])
		}
		admin := int32(-1)
		if f[4] != "" {
			if a, ok := g.adminKey[f[3]+"."+f[4]]; ok {
				admin = a
			}
		}
		lat, lon, err := latLon(f[5], f[6])
		if err != nil {
			return err
		}
		pop, err := count(f[7])
		if err != nil {
			return err
		}
		feat, ok := featureIndex(f[8])
		if !ok || feat == 0 {
			return fmt.Errorf("unknown feature code %q", f[8])
		}
		if _, ok := want[id]; ok {
			want[id] = int32(len(g.entries))
		}
		g.entries = append(g.entries, entry{name: f[1], ascii: f[2], lat: lat, lon: lon, pop: pop, id: id, country: uint16(ci), admin: admin, kind: City, feature: feat})
		return nil
	})
	return want, err
}

// linkCapitals records the capital of each country and the seat of each
// division.
func (g *Gazetteer) linkCapitals(capitals, seats []uint32, byID map[uint32]int32) {
	for i, id := range capitals {
		if e, ok := byID[id]; ok && id != 0 && e >= 0 {
			g.countries[i].capital = e
		}
	}
	for i, id := range seats {
		if e, ok := byID[id]; ok && id != 0 && e >= 0 {
			g.admins[i].seat = e
		}
	}
}

// seatNames indexes every entry under its names: its name and ASCII name,
// and for a division the name without words such as "Province" or "Oblast"
// ("Kharkiv" for "Kharkiv Oblast"). A division whose seat has
// nearly its name (Basra and Basrah, Zaporizhzhia and Zaporizhia) also
// indexes the seat under the division's name, so "Basra" can be the city.
func (g *Gazetteer) seatNames() {
	for i := range g.entries {
		e := &g.entries[i]
		k := Key(e.name)
		g.add(k, int32(i))
		if e.ascii != "" {
			if ka := Key(e.ascii); ka != k {
				g.add(ka, int32(i))
			}
		}
		if e.kind == Admin1 {
			if ks := stripDivision(k); ks != "" && ks != k {
				g.add(ks, int32(i))
			}
		}
		if e.kind == City && strings.HasPrefix(e.name, "The ") {
			g.add(Key(e.name[4:]), int32(i))
		}
		if e.kind == City && e.pop >= 200000 {
			if short := shortName(e.name); short != "" {
				g.add(Key(short), int32(i)|viaVariant)
			}
		}
	}
	for _, a := range g.admins {
		if a.seat < 0 {
			continue
		}
		ak, sk := Key(a.name), Key(g.entries[a.seat].name)
		if ak != sk && len(ak) >= 4 && nearlyEqual(ak, sk) {
			g.add(ak, a.seat|viaVariant)
		}
	}
}

// divisionWords are words that name the kind of a division rather than
// the division itself.
var divisionWords = []string{
	"province", "governorate", "region", "oblast", "state", "district", "department", "prefecture",
	"county", "municipality", "city", "territory", "autonomous region", "autonomous republic",
	"krai", "kray", "republic", "division", "voivodeship", "emirate", "parish", "canton", "wilaya",
	"capital district", "federal district", "special region", "special capital region",
}

// stripDivision removes a leading or trailing division word from a key,
// unless what is left is only a direction ("northern state" stays).
func stripDivision(k string) string {
	for _, w := range divisionWords {
		var rest string
		switch {
		case strings.HasSuffix(k, " "+w):
			rest = k[:len(k)-len(w)-1]
		case strings.HasPrefix(k, w+" of "):
			rest = k[len(w)+4:]
		default:
			continue
		}
		rest = strings.TrimSuffix(rest, " of")
		if rest == "" || directions[rest] {
			return ""
		}
		return rest
	}
	return ""
}

// shortName returns the first part of a Spanish or Portuguese city name
// with a qualifier ("Santiago" for "Santiago de los Caballeros", "Santa
// Cruz" for "Santa Cruz de la Sierra"), or "".
func shortName(name string) string {
	for _, sep := range []string{" de los ", " de las ", " de la ", " del ", " de ", " do ", " da "} {
		if i := strings.Index(name, sep); i > 0 {
			return name[:i]
		}
	}
	return ""
}

// nearlyEqual reports whether two keys differ by at most two edits and
// share their first three letters.
func nearlyEqual(a, b string) bool {
	if len(a) < 3 || len(b) < 3 || a[:3] != b[:3] {
		return false
	}
	if d := len(a) - len(b); d > 2 || d < -2 {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= 2
}

// add indexes candidate id under key k, once.
func (g *Gazetteer) add(k string, id int32) {
	if k == "" {
		return
	}
	ids, ok := g.index[k]
	if !ok {
		if n := strings.Count(k, " ") + 1; n > g.maxWords {
			g.maxWords = n
		}
		if id >= 0 && int(id) < len(g.ident) { // id has no flags
			// Most names have one place: share one array instead of
			// allocating a slice for each (its capacity of one makes
			// a later append copy).
			g.index[k] = g.ident[id : id+1 : id+1]
			return
		}
	}
	for i, old := range ids {
		if old&idMask == id&idMask {
			// Keep the strongest reading: an alias beats a plain name,
			// which beats a shortened one.
			if id&viaAlias != 0 || old&viaVariant != 0 && id&viaVariant == 0 {
				if cap(ids) == 1 {
					ids = []int32{id} // never write into the shared ident array
					g.index[k] = ids
				}
				ids[i] = id
			}
			return
		}
	}
	g.index[k] = append(ids, id)
}

// addDictionary adds the countries, capitals, regions and demonyms of the
// avocet dictionaries. Entries for states the gazetteer does not know
// (historical ones) are skipped.
func (g *Gazetteer) addDictionary(d *dict.Dictionaries) {
	for i := range d.Actors {
		a := &d.Actors[i]
		code := a.CodeAt(time.Time{})
		if a.Country != "" {
			code = a.Country
		}
		if len(code) < 3 {
			continue
		}
		ci, ok := g.byISO3[code[:3]]
		if !ok {
			continue
		}
		c := &g.countries[ci]
		for _, ph := range a.Phrases {
			k := Key(ph)
			switch a.Kind {
			case "country":
				// A breakaway entity filed under its state ("Abkhazia" →
				// GEO, name=Abkhazia) is the division or region of that
				// name when the gazetteer has one.
				if a.Name != "" && Key(a.Name) != Key(c.name) {
					if e := g.adminIn(k, ci); e >= 0 {
						g.add(k, e)
						continue
					}
				}
				g.add(k, c.entry)
			case "demonym":
				if _, dup := g.demonyms[k]; !dup {
					g.demonyms[k] = ci
				}
			case "capital":
				// A current capital is the country's capital city when
				// its name starts so ("Washington" for "Washington,
				// D.C."); a former one (Bonn) is the city of that name.
				gov := strings.HasSuffix(code, "GOV") && c.capital >= 0
				if ck := Key(g.entries[max(c.capital, 0)].name); gov && (ck == k || strings.HasPrefix(ck, k+" ")) {
					g.add(k, c.capital|viaAlias)
				} else if e := g.cityIn(k, ci, ""); e >= 0 {
					g.add(k, e)
				} else if gov {
					g.add(k, c.capital|viaAlias)
				}
			case "region":
				if e := g.adminIn(k, ci); e >= 0 {
					g.add(k, e)
				}
			}
		}
	}
}

// cityIn returns the most populous city of country ci (and division admin,
// when not empty) indexed under key k, or -1.
func (g *Gazetteer) cityIn(k string, ci int, admin string) int32 {
	best := int32(-1)
	for _, id := range g.index[k] {
		e := &g.entries[id&idMask]
		if e.kind != City || int(e.country) != ci || id&viaVariant != 0 {
			continue
		}
		if admin != "" && (e.admin < 0 || g.admins[e.admin].code != admin) {
			continue
		}
		if best < 0 || e.pop > g.entries[best].pop {
			best = id & idMask
		}
	}
	return best
}

// adminIn returns the division or region of country ci indexed under key
// k, or -1.
func (g *Gazetteer) adminIn(k string, ci int) int32 {
	for _, id := range g.index[k] {
		e := &g.entries[id&idMask]
		if (e.kind == Admin1 || e.kind == Region) && int(e.country) == ci {
			return id & idMask
		}
	}
	return -1
}

// finish sorts the candidate lists and measures the longest key.
func (g *Gazetteer) finish() {
	g.sortIndex()
	g.maxWords = max(g.maxWords, 1)
	for k := range g.blocked {
		if n := strings.Count(k, " ") + 1; n > g.maxWords {
			g.maxWords = n
		}
	}
}

// wordSections are the sections words.txt must have.
var wordSections = []string{"title", "org-after", "role-after", "admin-word", "city-word", "locative", "locative-of", "modifier", "common"}

// readWords reads the rule words; see data/words.txt.
func (g *Gazetteer) readWords(b []byte) error {
	g.words = map[string]map[string]bool{}
	var cur map[string]bool
	for n, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			name := line[1 : len(line)-1]
			if g.words[name] == nil {
				g.words[name] = map[string]bool{}
			}
			cur = g.words[name]
		case cur == nil:
			return &avocet.PosError{File: wordsFile, Line: n + 1, Err: fmt.Errorf("%w: words before the first [section]", avocet.ErrInvalidInput)}
		default:
			for _, w := range strings.Fields(line) {
				cur[strings.TrimSuffix(strings.ToLower(w), ".")] = true
			}
		}
	}
	for _, s := range wordSections {
		if len(g.words[s]) == 0 {
			return &avocet.PosError{File: wordsFile, Err: fmt.Errorf("%w: no [%s] section", avocet.ErrInvalidInput, s)}
		}
	}
	return nil
}

// readAliases reads our alias table; see data/aliases.txt for the format.
func (g *Gazetteer) readAliases(b []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if err := g.alias(line); err != nil {
			return &avocet.PosError{File: aliasesFile, Line: n, Err: fmt.Errorf("%w: %w", avocet.ErrInvalidInput, err)}
		}
	}
	if err := sc.Err(); err != nil {
		return &avocet.PosError{File: aliasesFile, Err: fmt.Errorf("%w: %w", avocet.ErrInvalidInput, err)}
	}
	return nil
}

// alias parses and applies one alias line:
//
//	phrase; phrase; ... => target [| flag ...]
func (g *Gazetteer) alias(line string) error {
	left, right, ok := strings.Cut(line, "=>")
	if !ok {
		return errors.New(`want "phrases => target"`)
	}
	right, flagText, _ := strings.Cut(right, "|")
	var phrases []string
	for _, p := range strings.Split(left, ";") {
		p = strings.TrimSpace(p)
		k := Key(p)
		if k == "" {
			return fmt.Errorf("empty phrase in %q", left)
		}
		phrases = append(phrases, k)
	}
	afterComma := false
	for _, fl := range strings.Fields(flagText) {
		switch fl {
		case "after-comma":
			afterComma = true
		default:
			return fmt.Errorf("unknown flag %q", fl)
		}
	}
	f := strings.Fields(right)
	if len(f) == 0 {
		return errors.New("no target")
	}
	var id int32
	switch {
	case f[0] == "none" && len(f) == 1:
		for _, k := range phrases {
			g.blocked[k] = true
		}
		return nil
	case f[0] == "country" && len(f) == 2:
		ci, ok := g.byISO3[f[1]]
		if !ok {
			return fmt.Errorf("unknown country %q", f[1])
		}
		id = g.countries[ci].entry
	case f[0] == "admin1" && len(f) == 3:
		a, ok := g.adminKey[f[1]+"."+f[2]]
		if !ok {
			return fmt.Errorf("unknown division %s.%s", f[1], f[2])
		}
		id = g.admins[a].entry
	case f[0] == "city" && len(f) >= 3:
		cc, admin, _ := strings.Cut(f[1], ".")
		ci, ok := g.byISO3[cc]
		if !ok {
			return fmt.Errorf("unknown country %q", cc)
		}
		name := strings.Join(f[2:], " ")
		if id = g.cityIn(Key(name), ci, admin); id < 0 {
			return fmt.Errorf("no city %q in %s", name, f[1])
		}
	case f[0] == "region" && len(f) >= 5:
		ci, ok := g.byISO3[f[1]]
		if !ok {
			return fmt.Errorf("unknown country %q", f[1])
		}
		lat, lon, err := latLon(f[2], f[3])
		if err != nil {
			return err
		}
		name := strings.Join(f[4:], " ")
		id = int32(len(g.entries))
		g.entries = append(g.entries, entry{name: name, ascii: ASCII(name), lat: lat, lon: lon, country: uint16(ci), admin: -1, kind: Region})
		g.add(Key(name), id)
	default:
		return fmt.Errorf("bad target %q", strings.TrimSpace(right))
	}
	for _, k := range phrases {
		g.add(k, id|viaAlias)
		if afterComma {
			g.afterOnly[k] = id
		}
	}
	return nil
}

// directions are words that narrow a place without naming another one.
var directions = map[string]bool{
	"north": true, "south": true, "east": true, "west": true,
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north east": true, "north west": true, "south east": true, "south west": true,
	"upper": true, "lower": true, "greater": true, "inner": true, "outer": true, "middle": true,
}
