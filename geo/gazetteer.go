package geo

import (
	"embed"
	"io/fs"
	"iter"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
)

// Kind is what sort of place a Place is.
type Kind uint8

// Kinds of place, from the most to the least specific.
const (
	City    Kind = iota + 1 // a populated place
	Region                  // a named area that is not an administrative division: "Donbas", "Darfur"
	Admin1                  // a first-level administrative division: state, province, oblast
	Country                 // a country or territory with its own ISO 3166-1 code
)

func (k Kind) String() string {
	switch k {
	case City:
		return "city"
	case Region:
		return "region"
	case Admin1:
		return "admin1"
	case Country:
		return "country"
	}
	return "unknown"
}

// Place is one entry of the gazetteer.
type Place struct {
	Name        string  // as GeoNames (or our alias table) writes it: "Chișinău"
	ASCII       string  // Name with diacritics folded: "Chisinau"
	Kind        Kind    // city, region, admin1 or country
	Country     string  // ISO 3166-1 alpha-3
	CountryName string  // English short name: "Moldova"
	Admin1      string  // GeoNames admin1 code within the country ("WA", "29"); empty when none
	Admin1Key   string  // the code made unique: alpha-2 country, a dot, Admin1 ("US.WA", "SD.29")
	Admin1Name  string  // name of the admin1 division: "Washington", "Khartoum"
	Lat, Lon    float64 // WGS84 degrees; for areas a representative point
	Population  int     // inhabitants; for areas the sum over their populated places
	GeoNameID   int     // GeoNames feature ID; 0 for areas and our own regions
	Feature     string  // GeoNames feature code of a city: PPL, PPLA, PPLC, ...
}

// FullName is the place's name in GDELT's style: "Kassala, Kassala,
// Sudan" for a city, "Washington, United States" for a state, "Sudan" for
// a country.
func (p Place) FullName() string {
	parts := make([]string, 0, 3)
	switch p.Kind {
	case Country:
		return p.CountryName
	case City:
		parts = append(parts, p.Name)
		if p.Admin1Name != "" {
			parts = append(parts, p.Admin1Name)
		}
	default:
		parts = append(parts, p.Name)
	}
	if p.CountryName != "" && p.CountryName != parts[len(parts)-1] {
		parts = append(parts, p.CountryName)
	}
	return strings.Join(parts, ", ")
}

// GeoType is the GDELT geographic type: 1 country, 2 US state, 3 US city,
// 4 world city, 5 world state (any other area).
func (p Place) GeoType() int {
	switch {
	case p.Kind == Country:
		return 1
	case p.Kind == City && p.Country == "USA":
		return 3
	case p.Kind == City:
		return 4
	case p.Country == "USA":
		return 2
	}
	return 5
}

// Location converts the place to an avocet.Location with confidence 1.
// Admin1 is the GeoNames admin1 key: the country's ISO 3166-1 alpha-2
// code, a dot and the division's code ("US.WA", "SD.29").
func (p Place) Location() avocet.Location {
	return avocet.Location{
		Name:       p.FullName(),
		Country:    p.Country,
		Admin1:     p.Admin1Key,
		Lat:        p.Lat,
		Lon:        p.Lon,
		GeoNameID:  p.GeoNameID,
		Type:       p.GeoType(),
		Confidence: 1,
	}
}

// Gazetteer is an in-memory index of places by name. It is safe for
// concurrent use once loaded.
type Gazetteer struct {
	entries   []entry
	countries []countryInfo
	byISO3    map[string]int // alpha-3 → index in countries
	admins    []adminInfo
	adminKey  map[string]int32           // "SDN.29" → index in admins
	index     map[string][]int32         // key → entries, most prominent first
	blocked   map[string]bool            // keys of phrases that are not places ("Washington Post")
	demonyms  map[string]int             // key → country index ("lebanese")
	afterOnly map[string]int32           // key → the entry it names only as the region of "City, Region" ("ill" → Illinois)
	maxWords  int                        // the most words of any key
	words     map[string]map[string]bool // the geocoder's rule words by section (words.txt)
	ident     []int32                    // ident[i] == i: backing of one-place candidate lists
}

// entry is the compact form of a Place.
type entry struct {
	name, ascii string
	lat, lon    float32
	pop         uint32
	id          uint32
	country     uint16 // index in countries
	admin       int32  // index in admins; -1 when none
	kind        Kind
	feature     uint8 // index in features
}

// A candidate is an entry index in an index list, with flags for how the
// name reached it.
const (
	viaAlias   = 1 << 30 // our alias table names it: a curated, likely reading
	viaVariant = 1 << 29 // a shortened form of its name ("Santiago" for Santiago de los Caballeros)
	idMask     = viaVariant - 1
)

type countryInfo struct {
	iso2, iso3, name string
	entry            int32   // the country's own entry
	capital          int32   // entry of its capital city; -1 when unknown
	neighbours       []int32 // indices in countries
}

type adminInfo struct {
	code  string // GeoNames admin1 code
	name  string
	entry int32 // the division's own entry
	seat  int32 // entry of its seat (PPLA); -1 when unknown
}

var features = []string{"", "PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLC", "PPLG", "PPLL", "PPLR", "PPLS", "PPLF", "PPLX", "STLMT"}

func featureIndex(f string) (uint8, bool) {
	for i, g := range features {
		if g == f {
			return uint8(i), true
		}
	}
	return 0, false
}

//go:embed data/cities.tsv.gz data/admin1.tsv data/countries.tsv data/aliases.txt data/words.txt
var dataFS embed.FS

var defaultGazetteer = sync.OnceValues(func() (*Gazetteer, error) {
	d, err := dict.Builtin()
	if err != nil {
		return nil, err
	}
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub, d)
})

// Default returns the gazetteer embedded in the binary, with the country
// names, capitals and demonyms of the built-in dictionaries. It is loaded
// once, on first use (about a tenth of a second), and shared.
func Default() (*Gazetteer, error) { return defaultGazetteer() }

// Lookup returns the places a name may stand for, the most prominent
// first (countries before the divisions and cities of the same name, then
// by population, national capitals first). The match ignores case,
// diacritics and punctuation, and knows our alias table ("Kiev" finds
// Kyiv, "Burma" Myanmar).
//
// A name with a division word the index lacks ("Kharkiv Oblast", "Province
// of Helmand") finds the divisions of the rest.
func (g *Gazetteer) Lookup(name string) []Place {
	k := Key(name)
	ids := g.index[k]
	divisionsOnly := false
	if len(ids) == 0 {
		if short := stripDivision(k); short != "" {
			ids, divisionsOnly = g.index[short], true
		}
	}
	var out []Place
	for _, id := range ids {
		if divisionsOnly && g.entries[id&idMask].kind != Admin1 {
			continue
		}
		out = append(out, g.place(id&idMask))
	}
	return out
}

// Country returns the country with the ISO 3166-1 alpha-3 code.
func (g *Gazetteer) Country(iso3 string) (Place, bool) {
	i, ok := g.byISO3[iso3]
	if !ok {
		return Place{}, false
	}
	return g.place(g.countries[i].entry), true
}

// Divisions returns the first-level divisions of the country with the
// ISO 3166-1 alpha-3 code, in the order of their codes.
func (g *Gazetteer) Divisions(iso3 string) []Place {
	ci, ok := g.byISO3[iso3]
	if !ok {
		return nil
	}
	var out []Place
	for _, a := range g.admins {
		if int(g.entries[a.entry].country) == ci {
			out = append(out, g.place(a.entry))
		}
	}
	return out
}

// Len returns the number of places.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Places returns every place of the gazetteer, in no particular order
// (aliases are not places of their own). The named-entity recogniser's
// training lists place names with it.
func (g *Gazetteer) Places() iter.Seq[Place] {
	return func(yield func(Place) bool) {
		for i := range g.entries {
			if !yield(g.place(int32(i))) {
				return
			}
		}
	}
}

// place expands an entry.
func (g *Gazetteer) place(id int32) Place {
	e := &g.entries[id]
	c := &g.countries[e.country]
	p := Place{
		Name:        e.name,
		ASCII:       e.ascii,
		Kind:        e.kind,
		Country:     c.iso3,
		CountryName: c.name,
		Lat:         round5(e.lat),
		Lon:         round5(e.lon),
		Population:  int(e.pop),
		GeoNameID:   int(e.id),
		Feature:     features[e.feature],
	}
	if p.ASCII == "" {
		p.ASCII = p.Name
	}
	if e.admin >= 0 {
		a := &g.admins[e.admin]
		p.Admin1, p.Admin1Name = a.code, a.name
		p.Admin1Key = c.iso2 + "." + a.code
	}
	return p
}

// round5 rounds a float32 coordinate to 1e-5 degrees (a metre), the
// precision of the source, so 45.74846 does not print as 45.748459.
func round5(v float32) float64 { return math.Round(float64(v)*1e5) / 1e5 }

// prior is how likely a name refers to candidate id before any context: the
// log of its population, with national capitals, curated aliases and
// countries raised and shortened names and sections of cities lowered.
func (g *Gazetteer) prior(id int32) float64 {
	e := &g.entries[id&idMask]
	p := math.Log10(float64(e.pop) + 10)
	switch e.kind {
	case Country:
		p += 2
	case Admin1:
		p -= 0.3
	case Region:
		p = math.Max(p, 6)
	}
	switch features[e.feature] {
	case "PPLC":
		p++
	case "PPLG":
		p += 0.5
	case "PPLA":
		p += 0.3
	case "PPLX":
		p--
	}
	if id&viaAlias != 0 {
		p += 0.5
	}
	if id&viaVariant != 0 {
		p--
	}
	return p
}

// sortIndex orders every candidate list by prior, most likely first.
func (g *Gazetteer) sortIndex() {
	var priors []float64
	for _, ids := range g.index {
		if len(ids) < 2 {
			continue
		}
		priors = priors[:0]
		for _, id := range ids {
			priors = append(priors, g.prior(id))
		}
		sort.Stable(byPrior{ids, priors})
	}
}

// byPrior sorts candidates by their precomputed priors, highest first.
type byPrior struct {
	ids    []int32
	priors []float64
}

func (b byPrior) Len() int           { return len(b.ids) }
func (b byPrior) Less(i, j int) bool { return b.priors[i] > b.priors[j] }
func (b byPrior) Swap(i, j int) {
	b.ids[i], b.ids[j] = b.ids[j], b.ids[i]
	b.priors[i], b.priors[j] = b.priors[j], b.priors[i]
}

// CountryOf returns the country of the place called name when the name
// is not ambiguous between countries: every reading lies in one country,
// or one reading has at least ten times the population of the next in
// another country. It is for the event coder, which knows a sentence but
// not yet the whole article; the Geocoder decides with context.
func (g *Gazetteer) CountryOf(name string) (string, bool) {
	ps := g.Lookup(name)
	if len(ps) == 0 {
		return "", false
	}
	best := 0
	for i, p := range ps {
		if p.Population > ps[best].Population {
			best = i
		}
	}
	for i, p := range ps {
		if i == best || p.Country == ps[best].Country {
			continue
		}
		if p.Population*10 > ps[best].Population {
			return "", false
		}
	}
	return ps[best].Country, true
}
