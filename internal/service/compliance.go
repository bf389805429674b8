package service

import (
	"context"

	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Compliance checks orgs and people against the rules: the findings of an
// org or a person for a year as of a day, the calendar, duties, the
// superior's matrix with its tallies, and the rule versions that layers
// add, validated against the catalogue.
type Compliance struct {
	store *store.Store
	opt   Options
}

func newCompliance(st *store.Store, opt Options) *Compliance {
	return &Compliance{store: st, opt: opt}
}

// Catalogue is the national rules with every superior and branch layer
// recorded in the database.
func (c *Compliance) Catalogue(ctx context.Context) (rules.Catalogue, error) {
	return c.store.Catalogue(ctx)
}
