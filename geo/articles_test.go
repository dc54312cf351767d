package geo_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/geo"
)

// goldMention is one annotated place mention of a test article.
type goldMention struct {
	Span     avocet.Span
	Text     string
	Kind     string // city, admin1, region, country
	Country  string
	Lat, Lon float64
}

// article is a test article with its annotations removed from the text.
type article struct {
	Name     string
	Dateline string
	Text     string
	Gold     []goldMention
}

// readArticle parses testdata/articles/*.txt (see the README there).
func readArticle(path string) (*article, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	a := &article{Name: filepath.Base(path)}
	body := string(b)
	for strings.HasPrefix(body, "#") {
		line, rest, _ := strings.Cut(body, "\n")
		if v, ok := strings.CutPrefix(line, "# dateline:"); ok {
			a.Dateline = strings.TrimSpace(v)
		}
		body = rest
	}
	var text strings.Builder
	for {
		open := strings.Index(body, "[")
		mid := strings.Index(body, "](")
		if open < 0 || mid < open {
			text.WriteString(body)
			break
		}
		end := strings.Index(body[mid:], ")")
		if end < 0 {
			return nil, fmt.Errorf("%s: unclosed annotation", path)
		}
		end += mid
		text.WriteString(body[:open])
		span := body[open+1 : mid]
		f := strings.Fields(body[mid+2 : end])
		if len(f) != 4 {
			return nil, fmt.Errorf("%s: annotation %q: want kind ISO3 lat lon", path, body[open:end+1])
		}
		lat, err1 := strconv.ParseFloat(f[2], 64)
		lon, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s: annotation %q: bad position", path, body[open:end+1])
		}
		switch f[0] {
		case "city", "admin1", "region", "country":
		default:
			return nil, fmt.Errorf("%s: annotation %q: bad kind", path, body[open:end+1])
		}
		start := text.Len()
		text.WriteString(span)
		a.Gold = append(a.Gold, goldMention{Span: avocet.Span{Start: start, End: text.Len()}, Text: span, Kind: f[0], Country: f[1], Lat: lat, Lon: lon})
		body = body[end+1:]
	}
	a.Text = text.String()
	return a, nil
}

func readArticles(t testing.TB) []*article { return readArticlesIn(t, "testdata/articles") }

func readArticlesIn(t testing.TB, dir string) []*article {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test articles: %v", err)
	}
	sort.Strings(paths)
	var out []*article
	for _, p := range paths {
		a, err := readArticle(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// distanceKm is the great-circle distance.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * 6371 * math.Asin(math.Min(1, math.Sqrt(h)))
}

// nearestDivision is the key of the division of the annotated country
// whose point is nearest the annotated point: a stand-in for the division
// that contains it.
func nearestDivision(g *geo.Gazetteer, gm goldMention) string {
	best, bestD := "", math.Inf(1)
	for _, p := range g.Divisions(gm.Country) {
		if d := distanceKm(gm.Lat, gm.Lon, p.Lat, p.Lon); d < bestD {
			best, bestD = p.Admin1Key, d
		}
	}
	return best
}

// Targets of the issue: the share of annotated mentions found and given
// the right country, and found and placed within 50 km.
const (
	minCountryAccuracy = 0.95
	minPlaceAccuracy   = 0.85
	minPrecision       = 0.90 // reported mentions that are annotated places
	areaToleranceKm    = 250  // a division or region is the right one when its point is this close
)

// score counts how the geocoder does on a set of articles.
type score struct {
	gold, cities, found, country, place, cityPlace, reported, spurious int
}

func (a *score) add(b score) {
	a.gold += b.gold
	a.cities += b.cities
	a.found += b.found
	a.country += b.country
	a.place += b.place
	a.cityPlace += b.cityPlace
	a.reported += b.reported
	a.spurious += b.spurious
}

func pct(n, d int) float64 { return float64(n) / float64(max(d, 1)) }

func (a score) log(t *testing.T, name string) {
	t.Helper()
	t.Logf("%s: %d annotated mentions (%d cities); found %d (recall %.1f%%)", name, a.gold, a.cities, a.found, 100*pct(a.found, a.gold))
	t.Logf("%s: correct country %d/%d = %.1f%%; within 50 km (cities) or the right area %d/%d = %.1f%%; cities alone within 50 km %d/%d = %.1f%%",
		name, a.country, a.gold, 100*pct(a.country, a.gold), a.place, a.gold, 100*pct(a.place, a.gold), a.cityPlace, a.cities, 100*pct(a.cityPlace, a.cities))
	t.Logf("%s: precision %d of %d reported mentions are annotated places (%.1f%%); %d spurious",
		name, a.reported-a.spurious, a.reported, 100*pct(a.reported-a.spurious, a.reported), a.spurious)
}

// scoreArticles runs the geocoder on articles and logs every miss.
func scoreArticles(t *testing.T, g *geo.Gazetteer, c *geo.Geocoder, articles []*article) score {
	var sc score
	for _, a := range articles {
		ms := c.Places(a.Text, nil, a.Dateline)
		sc.reported += len(ms)
		used := make([]bool, len(ms))
		for _, gm := range a.Gold {
			sc.gold++
			if gm.Kind == "city" {
				sc.cities++
			}
			var m *geo.Mention
			for i := range ms {
				if ms[i].Span.Start < gm.Span.End && gm.Span.Start < ms[i].Span.End && !used[i] {
					m, used[i] = &ms[i], true
					break
				}
			}
			if m == nil {
				t.Logf("%s: MISSED %q (%s %s)", a.Name, gm.Text, gm.Kind, gm.Country)
				continue
			}
			sc.found++
			okCountry := m.Location.Country == gm.Country
			if okCountry {
				sc.country++
			}
			d := distanceKm(gm.Lat, gm.Lon, m.Location.Lat, m.Location.Lon)
			var okPlace bool
			switch gm.Kind {
			case "city":
				okPlace = d <= 50
				if okPlace {
					sc.cityPlace++
				}
			case "country":
				okPlace = okCountry && m.Kind == geo.Country
			default:
				okPlace = okCountry && (m.Kind == geo.Admin1 || m.Kind == geo.Region) &&
					(d <= areaToleranceKm || m.Kind == geo.Admin1 && nearestDivision(g, gm) == m.Location.Admin1)
			}
			if okPlace {
				sc.place++
			}
			if !okCountry || !okPlace {
				t.Logf("%s: WRONG %q (%s %s %.2f,%.2f) → %s [%s %s %.2f,%.2f, %.0f km, confidence %.2f]",
					a.Name, gm.Text, gm.Kind, gm.Country, gm.Lat, gm.Lon, m.Location.Name, m.Kind, m.Location.Country,
					m.Location.Lat, m.Location.Lon, d, m.Location.Confidence)
			}
		}
		for i, m := range ms {
			if !used[i] {
				sc.spurious++
				t.Logf("%s: SPURIOUS %q → %s [%s]", a.Name, a.Text[m.Span.Start:m.Span.End], m.Location.Name, m.Location.Country)
			}
		}
	}
	return sc
}

// TestArticles measures the geocoder on the hand-annotated articles of
// testdata/articles (written while the rules were made) and
// testdata/heldout (written after, never tuned on), and fails when all of
// them together fall below the targets. Run with -v to see the numbers of
// each set and every miss:
//
//	go test ./geo -run TestArticles -v
//
// A mention counts as found when the geocoder reports a mention
// overlapping its span. "Within 50 km" is checked for cities; for a
// country it means the same country as a country, and for a division or
// region a division or region of the same country whose point is within
// areaToleranceKm of the annotated one or, for a division, whose point is
// the nearest to the annotated one (representative points of large areas
// differ by convention: ours is the mean of their towns).
func TestArticles(t *testing.T) {
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := geo.New(g, nil)
	dev := scoreArticles(t, g, c, readArticlesIn(t, "testdata/articles"))
	held := scoreArticles(t, g, c, readArticlesIn(t, "testdata/heldout"))
	var all score
	all.add(dev)
	all.add(held)
	dev.log(t, "development set")
	held.log(t, "held-out set")
	all.log(t, "all")
	countryAcc, placeAcc := pct(all.country, all.gold), pct(all.place, all.gold)
	precision := pct(all.reported-all.spurious, all.reported)
	if all.gold < 150 {
		t.Errorf("only %d annotated mentions; the test set needs at least 150", all.gold)
	}
	if countryAcc < minCountryAccuracy {
		t.Errorf("country accuracy %.1f%% below the %.0f%% target", 100*countryAcc, 100*minCountryAccuracy)
	}
	if placeAcc < minPlaceAccuracy {
		t.Errorf("50 km accuracy %.1f%% below the %.0f%% target", 100*placeAcc, 100*minPlaceAccuracy)
	}
	if precision < minPrecision {
		t.Errorf("precision %.1f%% below %.0f%%", 100*precision, 100*minPrecision)
	}
}
