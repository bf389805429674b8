package service

import "zhibu/internal/store"

// Development is the service of development.
type Development struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newDevelopment(st *store.Store, opt Options, c *Compliance) *Development {
	return &Development{store: st, opt: opt, compliance: c}
}
