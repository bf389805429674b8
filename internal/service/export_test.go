package service

import (
	"context"

	"zhibu"
)

// Resolver is the answer of RegisterNames, for the tests.
type Resolver interface {
	Org(name string) (int64, zhibu.OrgKind, bool)
	Person(orgID int64, name string) (int64, bool)
}

// RegisterNames exposes Meetings.names to the tests.
func RegisterNames(m *Meetings, ctx context.Context, orgID int64) (Resolver, error) {
	n, err := m.names(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return n, nil
}
