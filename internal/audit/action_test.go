package audit_test

import (
	"testing"
	"unicode"

	"zhibu/internal/audit"
)

// TestActions: every declared action is found by its name, named in
// Chinese, and an undeclared name is treated as changing anything.
func TestActions(t *testing.T) {
	names := audit.Actions()
	if len(names) < 60 {
		t.Fatalf("%d declared actions, want all of them", len(names))
	}
	for _, n := range names {
		a, ok := audit.Lookup(n)
		if !ok || a.Name != n || a.String() != n {
			t.Errorf("Lookup(%q) = %+v, %v", n, a, ok)
		}
		han := false
		for _, r := range a.Label {
			han = han || unicode.Is(unicode.Han, r)
		}
		if !han || audit.ActionLabel(n) != a.Label {
			t.Errorf("%s: label %q is not Chinese", n, a.Label)
		}
	}
	for _, c := range []struct {
		a    audit.Action
		want audit.Reach
	}{
		{audit.Login, audit.ReachNone},
		{audit.MeetingUpdate, audit.ReachOrg},
		{audit.PersonMove, audit.ReachOrg},
		{audit.RuleVersion, audit.ReachSubtree},
		{audit.OrgMove, audit.ReachAll},
	} {
		if c.a.Reach != c.want {
			t.Errorf("%s: reach %d, want %d", c.a, c.a.Reach, c.want)
		}
	}
	a, ok := audit.Lookup("no.such.action")
	if ok || a.Reach != audit.ReachAll || a.Label != "no.such.action" {
		t.Errorf("Lookup(undeclared) = %+v, %v", a, ok)
	}
}
