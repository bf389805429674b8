package service

import "zhibu/internal/store"

// Dues is the service of dues.
type Dues struct {
	store *store.Store
	opt   Options
}

func newDues(st *store.Store, opt Options) *Dues {
	return &Dues{store: st, opt: opt}
}
