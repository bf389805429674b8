package service

import "zhibu/internal/store"

// Terms is the service of terms.
type Terms struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newTerms(st *store.Store, opt Options, c *Compliance) *Terms {
	return &Terms{store: st, opt: opt, compliance: c}
}
