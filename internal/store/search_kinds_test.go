package store

import "testing"

// The kind of an index row is the last four bits of its id (searchRowID):
// at most 16 kinds, each once, each with its id column and link.
func TestSearchSources(t *testing.T) {
	t.Parallel()
	if len(searchSources) > 16 {
		t.Fatalf("%d kinds of search record: the row id holds 16", len(searchSources))
	}
	seen := map[string]bool{}
	for _, src := range searchSources {
		if seen[string(src.kind)] || src.id == "" || src.link == "" || src.label == "" {
			t.Errorf("source %q: repeated or incomplete", src.kind)
		}
		seen[string(src.kind)] = true
	}
}
