package service

import (
	"context"

	"zhibu"
	"zhibu/internal/store"
)

// Search is full-text search (docs/search.md): what a person typed,
// checked and parsed into terms, found among the records the store lets
// them read.
type Search struct {
	store *store.Store
}

// Find searches for text. Errors: zhibu.Problems naming the field q (an
// empty or over-long query, or one with nothing to search for).
func (x *Search) Find(ctx context.Context, text string) (zhibu.SearchQuery, []zhibu.SearchGroup, error) {
	q, err := zhibu.ParseSearchQuery(text)
	if err != nil {
		return q, nil, err
	}
	groups, err := x.store.Search(ctx, q)
	return q, groups, err
}

// Reindex builds the index again from every record (the system only) and
// returns how many records it holds.
func (x *Search) Reindex(ctx context.Context) (int, error) {
	return x.store.Reindex(ctx)
}
