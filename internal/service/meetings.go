package service

import "zhibu/internal/store"

// Meetings is the service of meetings.
type Meetings struct {
	store *store.Store
	opt   Options
}

func newMeetings(st *store.Store, opt Options) *Meetings {
	return &Meetings{store: st, opt: opt}
}
