package duck_test

import (
	"path/filepath"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
	"github.com/avocet-events/avocet/store/storetest"
)

// mustOpen opens a store in a new file of t's temporary directory.
func mustOpen(tb testing.TB, opts *duck.Options) *duck.Store {
	tb.Helper()
	s, err := duck.Open(filepath.Join(tb.TempDir(), "avocet.duckdb"), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) avocet.Store { return mustOpen(t, nil) })
	})
	t.Run("KeepText", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) avocet.Store { return mustOpen(t, &duck.Options{KeepText: true, Threads: 2}) })
	})
	t.Run("memory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) avocet.Store {
			s, err := duck.Open("", nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
}
