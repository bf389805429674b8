package service

import (
	"context"

	"zhibu"
)

// MeetingsResolver is the answer of MeetingsRegisterNames, for the tests.
type MeetingsResolver interface {
	Org(name string) (int64, zhibu.OrgKind, bool)
	Person(orgID int64, name string) (int64, bool)
}

// MeetingsRegisterNames exposes Meetings.names to the tests.
func MeetingsRegisterNames(m *Meetings, ctx context.Context, orgID int64) (MeetingsResolver, error) {
	n, err := m.names(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return n, nil
}
