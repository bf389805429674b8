// Package access decides whether the acting person may use a route. Every
// route of the UI and the API declares a Policy in its route table; Check
// is the one place that reads it. An object outside the actor's scope
// answers "not found"; an object they may see but not change answers
// "forbidden".
package access

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Target says where a route's object is named, so its org can be found.
type Target int

const (
	Anywhere    Target = iota // no single org: the permission held on any org (or system-wide)
	PathOrg                   // the path value Param names an org
	PathPerson                // the path value Param names a person
	FormOrg                   // the form or JSON body field Param names an org
	PathMeeting               // the path value Param names a meeting; its org is the branch or group holding it
)

// Need is one permission a route requires on one object.
type Need struct {
	Perm  zhibu.Perm
	On    Target
	Param string
	Self  bool // a person route: the person themself passes
}

// Policy is what a route requires: nothing (Public), a logged-in actor
// (no Needs), or every one of its Needs.
type Policy struct {
	Public bool
	Needs  []Need
}

// Public is the policy of the login page and static files.
var Public = Policy{Public: true}

// LoggedIn is the policy of pages every logged-in actor may open (their
// own account, the home page).
var LoggedIn = Policy{}

// On is a policy with one need.
func On(perm zhibu.Perm, target Target, param string) Policy {
	return Policy{Needs: []Need{{Perm: perm, On: target, Param: param}}}
}

// And adds a need to a policy.
func (p Policy) And(perm zhibu.Perm, target Target, param string) Policy {
	p.Needs = append(append([]Need(nil), p.Needs...), Need{Perm: perm, On: target, Param: param})
	return p
}

// OrSelf lets a person's own record pass the policy's person needs.
func (p Policy) OrSelf() Policy {
	needs := append([]Need(nil), p.Needs...)
	for i := range needs {
		if needs[i].On == PathPerson {
			needs[i].Self = true
		}
	}
	p.Needs = needs
	return p
}

var (
	errNoOrg     = zhibu.Errorf(zhibu.ErrNotFound, "未找到该组织")
	errNoPerson  = zhibu.Errorf(zhibu.ErrNotFound, "未找到该人员")
	errNoMeeting = zhibu.Errorf(zhibu.ErrNotFound, "未找到该会议")
	errForbidden = zhibu.Errorf(zhibu.ErrForbidden, "无权进行此操作")
	// ErrLogin is returned when a route needs a logged-in actor and the
	// request has none.
	ErrLogin = errors.New("access: not logged in")
)

// Check decides whether the actor of r's context may use a route with
// policy p. It returns nil, ErrLogin, or an error of kind ErrNotFound or
// ErrForbidden. It reads (and restores) the request body for FormOrg.
func Check(ctx context.Context, s *store.Store, p Policy, r *http.Request) error {
	if p.Public {
		return nil
	}
	a := zhibu.ActorFrom(ctx)
	if a.AccountID == 0 && !a.Scope.All {
		return ErrLogin
	}
	for _, n := range p.Needs {
		if err := check(ctx, s, a, n, r); err != nil {
			return err
		}
	}
	return nil
}

func check(ctx context.Context, s *store.Store, a zhibu.Actor, n Need, r *http.Request) error {
	switch n.On {
	case Anywhere:
		if Holds(a, n.Perm) {
			return nil
		}
		return errForbidden
	case PathOrg, FormOrg:
		id, ok := n.id(r)
		if !ok {
			if n.On == FormOrg {
				return nil // a missing or malformed field is the form's own error to report
			}
			return errNoOrg
		}
		o, err := s.Org(ctx, id)
		if err != nil {
			if n.On == FormOrg && errors.Is(err, zhibu.ErrNotFound) {
				if a.Scope.All {
					return nil // the form reports an org that does not exist
				}
				return errForbidden
			}
			return err
		}
		if !a.Can(n.Perm, o.Path) {
			return errForbidden
		}
		return nil
	case PathPerson:
		id, ok := n.id(r)
		if !ok {
			return errNoPerson
		}
		p, err := s.Person(ctx, id)
		if err != nil {
			return err
		}
		if (n.Self && p.ID == a.PersonID) || a.Can(n.Perm, p.OrgPath) {
			return nil
		}
		return errForbidden
	case PathMeeting:
		id, ok := n.id(r)
		if !ok {
			return errNoMeeting
		}
		// Both reads are scoped: a meeting of an org outside the scope is
		// not found.
		m, _, err := s.Meeting(ctx, id)
		if err != nil {
			return err
		}
		o, err := s.Org(ctx, m.OrgID)
		if err != nil {
			return err
		}
		if !a.Can(n.Perm, o.Path) {
			return errForbidden
		}
		return nil
	}
	return errForbidden
}

// Holds reports whether the actor holds perm on some org or system-wide.
func Holds(a zhibu.Actor, perm zhibu.Perm) bool {
	if a.Scope.All && a.AccountID == 0 {
		return true
	}
	for _, g := range a.Grants {
		if g.Perm == perm {
			return true
		}
	}
	return false
}

// id reads the object's id from the path, the form or a JSON body.
func (n Need) id(r *http.Request) (int64, bool) {
	var v string
	switch n.On {
	case PathOrg, PathPerson, PathMeeting:
		v = r.PathValue(n.Param)
	case FormOrg:
		v = formValue(r, n.Param)
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id, err == nil && id > 0
}

// formValue reads a field of a form or of a JSON object body, leaving the
// body for the handler to read again.
func formValue(r *http.Request, name string) string {
	if v := r.URL.Query().Get(name); v != "" && r.Method == http.MethodGet {
		return v
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return r.FormValue(name)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil {
		return ""
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return ""
	}
	raw := strings.Trim(string(fields[name]), `"`)
	return raw
}

// Route is a route's pattern and policy, as a route table declares them.
type Route struct {
	Pattern string
	Policy  Policy
}
