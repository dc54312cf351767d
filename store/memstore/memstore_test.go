package memstore_test

import (
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/memstore"
	"github.com/avocet-events/avocet/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		storetest.Run(t, func(*testing.T) avocet.Store { return memstore.New(nil) })
	})
	t.Run("KeepText", func(t *testing.T) {
		storetest.Run(t, func(*testing.T) avocet.Store { return memstore.New(&memstore.Options{KeepText: true}) })
	})
}
