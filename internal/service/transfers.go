package service

import "zhibu/internal/store"

// Transfers is the service of transfers.
type Transfers struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newTransfers(st *store.Store, opt Options, c *Compliance) *Transfers {
	return &Transfers{store: st, opt: opt, compliance: c}
}
