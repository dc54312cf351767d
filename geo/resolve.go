package geo

import "math"

// Weights of the evidence that resolves an ambiguous name. A candidate's
// score is its prior (log10 of its population, adjusted by kind, see
// Gazetteer.prior) plus these; one point is worth ten times the
// population.
const (
	wCountryShare = 2.0 // × the share of the article's other places in the candidate's country
	wNeighbour    = 0.5 // × the share in the countries next to it (capped at 1)
	wAdmin        = 1.5 // the article names the candidate's division or two places in it (half for one)
	wAdminHint    = 4.0 // "Kassala state", "province of Helmand": the division
	wCityHint     = 2.0 // "Gaza city", "the city of Goma": the city
	wSameKeyCity  = 2.0 // a division loses this to a city in it of the same name ("Kharkiv")
	anchorMin     = 0.75
	passes        = 3
)

// resolve picks a candidate for every spot, in passes: first by prior
// alone, then with the context of the article (its dateline, demonyms and
// the places resolved in the previous pass).
func (c *Geocoder) resolve(spots []spot, base *context) {
	for i := range spots {
		c.pick(&spots[i], nil, nil)
	}
	for pass := 1; pass < passes; pass++ {
		ctx := &context{country: map[int]float64{}, admin: map[int32]float64{}, total: base.total}
		for k, v := range base.country {
			ctx.country[k] = v
		}
		for k, v := range base.admin {
			ctx.admin[k] = v
		}
		// What each name lent the context: a name is no evidence for
		// itself, in any of its mentions.
		own := map[string]*context{}
		for i := range spots {
			sp := &spots[i]
			if sp.best >= 0 && (pass > 1 || sp.conf >= anchorMin) {
				ctx.addEntry(c.g, sp.best, sp.conf)
				o := own[sp.key]
				if o == nil {
					o = newContext()
					own[sp.key] = o
				}
				o.addEntry(c.g, sp.best, sp.conf)
			}
		}
		for i := range spots {
			c.pick(&spots[i], ctx, own[spots[i].key])
		}
	}
	c.oneSensePerKey(spots)
}

// pick scores the candidates of sp and keeps the best. own is what the
// mentions of sp's name added to ctx, which is left out.
func (c *Geocoder) pick(sp *spot, ctx, own *context) {
	best, second := math.Inf(-1), math.Inf(-1)
	sp.best = -1
	for _, id := range sp.cands {
		s := c.score(sp, id, ctx, own)
		switch {
		case s > best:
			second, best = best, s
			sp.best = id
		case s > second:
			second = s
		}
	}
	if sp.best < 0 {
		return
	}
	margin := 3.0
	if !math.IsInf(second, -1) {
		margin = math.Min(best-second, 3)
	}
	conf := 0.5 + 0.45*math.Tanh(margin)
	if sp.narrowed {
		conf = math.Max(conf, 0.9)
	}
	if sp.weak && !sp.narrowed {
		conf *= 0.85
	}
	sp.conf = math.Max(0.05, math.Min(0.99, conf))
}

// score is a candidate's prior plus the evidence for it.
func (c *Geocoder) score(sp *spot, id int32, ctx, own *context) float64 {
	g := c.g
	e := &g.entries[id&idMask]
	s := g.prior(id)
	switch {
	case sp.adminHint && e.kind == Admin1:
		s += wAdminHint
	case sp.adminHint && e.kind == City:
		s--
	case sp.cityHint && e.kind == City:
		s += wCityHint
	}
	if e.kind == Admin1 && !sp.adminHint {
		// The division's seat or a big city in it has the same name
		// ("Kharkiv", "New York"): the city is meant.
		seat := g.admins[e.admin].seat
		for _, other := range sp.cands {
			o := &g.entries[other&idMask]
			if o.kind == City && o.admin == e.admin && (other&idMask == seat || o.pop >= 100000) {
				s -= wSameKeyCity
				break
			}
		}
	}
	if ctx == nil {
		return s
	}
	if own == nil {
		own = &context{}
	}
	countryW := func(ci int) float64 { return math.Max(ctx.country[ci]-own.country[ci], 0) }
	if total := ctx.total - own.total; total > 1e-9 {
		s += wCountryShare * countryW(int(e.country)) / total
		nb := 0.0
		for _, n := range g.countries[e.country].neighbours {
			nb += countryW(int(n)) / total
		}
		s += wNeighbour * math.Min(nb, 1)
	}
	if e.admin >= 0 {
		w := math.Max(ctx.admin[e.admin]-own.admin[e.admin], 0)
		s += wAdmin * math.Min(w/2, 1)
	}
	return s
}

// oneSensePerKey gives every mention of a name the reading that a "City,
// Region" mention of the same name established ("Tripoli, Lebanon" ...
// "in Tripoli"), unless the mention has a hint of its own.
func (c *Geocoder) oneSensePerKey(spots []spot) {
	g := c.g
	sense := map[string]int32{}
	for i := range spots {
		if a := &spots[i]; a.hasRegion && a.best >= 0 {
			if _, ok := sense[a.key]; !ok {
				sense[a.key] = a.best & idMask
			}
		}
	}
	if len(sense) == 0 {
		return
	}
	for i := range spots {
		b := &spots[i]
		want, ok := sense[b.key]
		if !ok || b.narrowed || b.adminHint || b.best < 0 || g.entries[b.best&idMask].kind != g.entries[want].kind {
			continue
		}
		for _, id := range b.cands {
			if id&idMask == want {
				b.best = id
				b.conf = math.Max(b.conf, 0.8)
			}
		}
	}
}
