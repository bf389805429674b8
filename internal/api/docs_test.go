package api

import (
	"os"
	"strings"
	"testing"
)

// TestEveryRouteDocumented fails for an endpoint of the route table that
// docs/api.md does not name as "METHOD /api/v1/path" (in a heading, a list or
// prose; runs of white space count as one), so the reference cannot fall behind the code.
func TestEveryRouteDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ") // line breaks and aligned columns read as one space
	a := &api{}
	routes := a.routeTable()
	if len(routes) < 30 {
		t.Fatalf("the route table has %d routes; expected the whole API", len(routes))
	}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if !strings.Contains(text, method+" "+path) {
			t.Errorf("docs/api.md does not document %s %s", method, path)
		}
	}
}
