package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
)

// defaultDB is the store file the commands use unless --db or AVOCET_DB
// names another.
const defaultDB = "avocet.duckdb"

// dbFlag registers --db with its default from AVOCET_DB.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("AVOCET_DB")
	if def == "" {
		def = defaultDB
	}
	return fs.String("db", def, "DuckDB store file (env AVOCET_DB)")
}

// openStore opens the DuckDB store at path.
func openStore(path string, keepText bool) (*duck.Store, error) {
	st, err := duck.Open(path, &duck.Options{KeepText: keepText})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return st, nil
}

// queryFlags are the event filters shared by query and export.
type queryFlags struct {
	source, target, actor, country, sector, code, quad string
	minGold, maxGold, from, to, text, article          string
	theme, person, org, entity, place                  string
}

func (q *queryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&q.source, "source", "", "source actor code; a trailing * matches any suffix (USA*)")
	fs.StringVar(&q.target, "target", "", "target actor code pattern")
	fs.StringVar(&q.actor, "actor", "", "actor code pattern on either side")
	fs.StringVar(&q.country, "country", "", "ISO alpha-3 country of either actor")
	fs.StringVar(&q.sector, "sector", "", "sector of either actor (GOV, MIL, REB, ...)")
	fs.StringVar(&q.code, "code", "", "CAMEO event code or prefix (19, 190, 1823)")
	fs.StringVar(&q.quad, "quad", "", "QuadClasses, comma-separated (1 verbal cooperation .. 4 material conflict)")
	fs.StringVar(&q.minGold, "min-goldstein", "", "lowest Goldstein weight")
	fs.StringVar(&q.maxGold, "max-goldstein", "", "highest Goldstein weight")
	fs.StringVar(&q.from, "from", "", "first event date, YYYY-MM-DD")
	fs.StringVar(&q.to, "to", "", "last event date, YYYY-MM-DD")
	fs.StringVar(&q.text, "text", "", "words the sentence contains (case-insensitive)")
	fs.StringVar(&q.article, "article", "", "events of one article ID")
	fs.StringVar(&q.theme, "theme", "", "articles with this theme (SANCTIONS, PROTEST; a trailing * matches any suffix: ENV_*)")
	fs.StringVar(&q.person, "person", "", "articles naming a person whose name contains this (case-insensitive: Ramaphosa)")
	fs.StringVar(&q.org, "org", "", "articles naming an organisation whose name contains this")
	fs.StringVar(&q.entity, "entity", "", "articles naming a person, organisation or place whose name contains this")
	fs.StringVar(&q.place, "place", "", "events at this place (for --articles and --top-*: articles mentioning it): a name (Kharkiv, Sudan) or ISO alpha-3 country code")
}

// query turns the flags into an EventQuery, naming the flag at fault.
func (q *queryFlags) query() (avocet.EventQuery, error) {
	out := avocet.EventQuery{Source: q.source, Target: q.target, Actor: q.actor, Country: strings.ToUpper(q.country),
		Sector: strings.ToUpper(q.sector), Code: q.code, Text: q.text, ArticleID: q.article, Place: q.place,
		Knowledge: avocet.ArticleFilter{Theme: q.theme, Person: q.person, Org: q.org, Entity: q.entity}}
	for _, f := range []struct{ name, val string }{{"theme", q.theme}, {"person", q.person}, {"org", q.org}, {"entity", q.entity}, {"place", q.place}, {"text", q.text}} {
		if err := checkName(f.val); err != nil {
			return out, usagef("--%s %q: %v", f.name, f.val, err)
		}
	}
	for name, p := range map[string]string{"source": q.source, "target": q.target, "actor": q.actor} {
		if err := checkPattern(p); err != nil {
			return out, usagef("--%s %q: %v", name, p, err)
		}
	}
	for _, c := range q.code {
		if c < '0' || c > '9' {
			return out, usagef("--code %q: want digits such as 19, 190 or 1823", q.code)
		}
	}
	if len(q.code) > 4 {
		return out, usagef("--code %q: CAMEO codes have at most 4 digits", q.code)
	}
	if q.quad != "" {
		for _, f := range strings.Split(q.quad, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 || n > 4 {
				return out, usagef("--quad %q: want QuadClasses 1-4, comma-separated", q.quad)
			}
			out.QuadClass = append(out.QuadClass, n)
		}
	}
	for _, g := range []struct {
		name, val string
		dst       **float64
	}{{"min-goldstein", q.minGold, &out.MinGold}, {"max-goldstein", q.maxGold, &out.MaxGold}} {
		if g.val == "" {
			continue
		}
		v, err := strconv.ParseFloat(g.val, 64)
		if err != nil || v < -10 || v > 10 {
			return out, usagef("--%s %q: want a number from -10 to 10", g.name, g.val)
		}
		*g.dst = &v
	}
	for _, d := range []struct {
		name, val string
		dst       *time.Time
	}{{"from", q.from, &out.From}, {"to", q.to, &out.To}} {
		if d.val == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.val)
		if err != nil {
			return out, usagef("--%s %q: want a date YYYY-MM-DD", d.name, d.val)
		}
		*d.dst = t
	}
	if !out.From.IsZero() && !out.To.IsZero() && out.To.Before(out.From) {
		return out, usagef("--to %s is before --from %s", q.to, q.from)
	}
	return out, nil
}

// articleQuery turns the flags into an ArticleQuery: the knowledge
// filters and --place on the articles, --from and --to on their dates,
// and any other event filter as "articles with such an event".
func (q *queryFlags) articleQuery() (avocet.ArticleQuery, error) {
	eq, err := q.query()
	if err != nil {
		return avocet.ArticleQuery{}, err
	}
	aq := avocet.ArticleQuery{ArticleFilter: eq.Knowledge, From: eq.From, To: eq.To}
	aq.Place = eq.Place
	eq.Knowledge, eq.Place, eq.From, eq.To = avocet.ArticleFilter{}, "", time.Time{}, time.Time{}
	if eq.Source != "" || eq.Target != "" || eq.Actor != "" || eq.Country != "" || eq.Sector != "" || eq.Code != "" ||
		len(eq.QuadClass) > 0 || eq.MinGold != nil || eq.MaxGold != nil || eq.Text != "" || eq.ArticleID != "" {
		aq.Events = &eq
	}
	return aq, nil
}

// checkName accepts a name filter of at most 256 characters without
// control characters.
func checkName(s string) error {
	if len(s) > 256 {
		return fmt.Errorf("longer than 256 characters")
	}
	for _, c := range s {
		if c < ' ' || c == 0x7f {
			return fmt.Errorf("holds a control character")
		}
	}
	return nil
}

// checkPattern accepts actor codes of capitals, digits and '-', with an
// optional trailing '*'.
func checkPattern(p string) error {
	if len(p) > 64 {
		return fmt.Errorf("longer than 64 characters")
	}
	for i, c := range p {
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
		case c == '*' && i == len(p)-1:
		default:
			return fmt.Errorf("want an actor code such as USA, USAGOV or USA* (capitals, digits, '-', a trailing '*')")
		}
	}
	return nil
}
