package access_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/store/storetest"
)

// Check reads an org named in a JSON body and leaves the body whole for
// the handler; it names the login, forbidden and not-found answers apart.
func TestCheck(t *testing.T) {
	s := storetest.SQLite(t)
	sys := zhibu.WithActor(context.Background(), zhibu.System)
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrg(sys, zhibu.Org{Code: "B", Name: "支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "另一支部", Kind: zhibu.KindBranch, ParentID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	roles, grants, scope := zhibu.Rights(0, []zhibu.Holding{{Position: zhibu.Secretary, Org: b}}, nil)
	secretary := zhibu.WithActor(context.Background(), zhibu.Actor{AccountID: 1, Roles: roles, Grants: grants, Scope: scope})
	policy := access.On(zhibu.PermPeopleWrite, access.FormOrg, "org_id")

	body := `{"name":"张三","org_id":` + strconv.FormatInt(b.ID, 10) + `}`
	r := httptest.NewRequest("POST", "/api/v1/people", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if err := access.Check(secretary, s, policy, r); err != nil {
		t.Fatalf("secretary on own branch: %v", err)
	}
	if rest, _ := io.ReadAll(r.Body); string(rest) != body {
		t.Errorf("body after Check = %q", rest)
	}

	r = httptest.NewRequest("POST", "/people", strings.NewReader("org_id="+strconv.FormatInt(other.ID, 10)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := access.Check(secretary, s, policy, r); !errors.Is(err, zhibu.ErrForbidden) {
		t.Errorf("secretary on another branch: %v, want forbidden", err)
	}

	read := access.On(zhibu.PermOrgRead, access.PathOrg, "id")
	r = httptest.NewRequest("GET", "/orgs/x", nil)
	r.SetPathValue("id", strconv.FormatInt(other.ID, 10))
	if err := access.Check(secretary, s, read, r); !errors.Is(err, zhibu.ErrNotFound) {
		t.Errorf("reading another branch: %v, want not found", err)
	}
	if err := access.Check(context.Background(), s, read, r); !errors.Is(err, access.ErrLogin) {
		t.Errorf("no actor: %v, want ErrLogin", err)
	}
	if err := access.Check(context.Background(), s, access.Public, r); err != nil {
		t.Errorf("public route: %v", err)
	}
}
