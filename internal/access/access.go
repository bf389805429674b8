// Package access decides whether the acting person may use a route. Every
// route of the UI and the API declares a Policy in its route table; Check
// is the one place that reads it. An object outside the actor's scope
// answers "not found"; an object they may see but not change, or one of
// their own branch they may not open (a member and the branch's
// meetings), answers "forbidden".
package access

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
// ErrForbidden, or ErrInvalid or an *http.MaxBytesError for a FormOrg
// body it will not judge. For FormOrg it reads at most maxFormBytes of the
// body and restores it for the handler; it never parses a multipart body.
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
		if n.passes(a, Object{}) {
			return nil
		}
		return errForbidden
	case PathOrg, FormOrg:
		var (
			id int64
			ok bool
		)
		if n.On == FormOrg {
			var err error
			if id, ok, err = formID(r, n.Param); err != nil {
				return err
			}
			if !ok {
				return nil // a missing field is the form's own error to report
			}
		} else if id, ok = n.id(r); !ok {
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
			return known(ctx, s, a, err, func(sys context.Context) (string, error) {
				o, err := s.Org(sys, id)
				return o.Path, err
			})
		}
		if !n.passes(a, Object{OrgPath: o.Path}) {
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
			return known(ctx, s, a, err, func(sys context.Context) (string, error) {
				p, err := s.Person(sys, id)
				return p.OrgPath, err
			})
		}
		if n.passes(a, Object{OrgPath: p.OrgPath, PersonID: p.ID}) {
			return nil
		}
		return errForbidden
	case PathMeeting:
		id, ok := n.id(r)
		if !ok {
			return errNoMeeting
		}
		// The read is scoped: a meeting of an org outside the scope is not
		// found.
		path, err := s.MeetingOrgPath(ctx, id)
		if err != nil {
			return known(ctx, s, a, err, func(sys context.Context) (string, error) {
				m, _, err := s.Meeting(sys, id)
				if err != nil {
					return "", err
				}
				o, err := s.Org(sys, m.OrgID)
				return o.Path, err
			})
		}
		if !n.passes(a, Object{OrgPath: path}) {
			return errForbidden
		}
		return nil
	}
	return errForbidden
}

// known turns err, the scoped read's "not found", into "forbidden" when
// the object is one the actor may know exists though they may not read it:
// it belongs to their own branch (the branch or one of its groups), whose
// meetings and members a member of it knows of. Outside it — another
// branch, the committee above — the answer stays "not found", so that a
// refusal tells no one what exists where they may not look. pathOf reads
// the object's org path with the system's scope; any other error is err.
func known(ctx context.Context, s *store.Store, a zhibu.Actor, err error, pathOf func(sys context.Context) (string, error)) error {
	if !errors.Is(err, zhibu.ErrNotFound) || a.PersonID == 0 {
		return err
	}
	sys := zhibu.WithActor(ctx, zhibu.System)
	path, perr := pathOf(sys)
	if perr != nil || path == "" {
		return err
	}
	self, perr := s.Person(sys, a.PersonID)
	if perr != nil {
		return err
	}
	branch, perr := s.Org(sys, self.OrgID)
	if perr != nil || !strings.HasPrefix(path, branch.Path) {
		return err
	}
	return errForbidden
}

// Object is what a route names, as a page knows it before the link is
// followed: the path of the org it belongs to (the org itself, the
// person's org, the meeting's org, or the org a form names) and, for a
// person, their id.
type Object struct {
	OrgPath  string
	PersonID int64
}

// passes is the one decision of a need on an object whose org is known,
// shared by Check (for a request) and Allows (for a link).
func (n Need) passes(a zhibu.Actor, o Object) bool {
	switch n.On {
	case Anywhere:
		return Holds(a, n.Perm)
	case PathPerson:
		return (n.Self && o.PersonID != 0 && o.PersonID == a.PersonID) || a.Can(n.Perm, o.OrgPath)
	}
	return a.Can(n.Perm, o.OrgPath)
}

// Allows reports whether actor a passes policy p on object o, deciding as
// Check decides for a request that names o: a page shows a link or a
// button only when it allows it, so the route table stays the one source
// of who may do what. It does not look o up: the page has read it, in
// the actor's scope.
func Allows(a zhibu.Actor, p Policy, o Object) bool {
	if p.Public {
		return true
	}
	if a.AccountID == 0 && !a.Scope.All {
		return false
	}
	for _, n := range p.Needs {
		if !n.passes(a, o) {
			return false
		}
	}
	return true
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

// id reads the object's id from the path.
func (n Need) id(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(r.PathValue(n.Param)), 10, 64)
	return id, err == nil && id > 0
}

// maxFormBytes bounds the form or JSON body the check reads, as the
// handlers bound them.
const maxFormBytes = 1 << 20

var (
	errMultipart = zhibu.Errorf(zhibu.ErrInvalid, "此操作不接受上传文件：请以普通表单或 JSON 提交")
	errFormOrg   = zhibu.Errorf(zhibu.ErrInvalid, "提交的组织编号无效")
)

// formID reads the org id a form or JSON body names in the field name, as
// the handler will read it: a GET's query; a POSTed form's body (the
// handlers read PostForm, never the query); a JSON object's member, matched
// as encoding/json matches it (case-insensitively), refusing a body with
// two keys that differ only in case. It never parses a multipart body (an
// upload has no org field to judge): it refuses it. A missing or malformed
// value is no id (the form's own error to report), except one with
// characters the web's forms drop before reading it ("9\x005" would be
// read as 95): that is refused.
func formID(r *http.Request, name string) (int64, bool, error) {
	v, err := formValue(r, name)
	if err != nil {
		return 0, false, err
	}
	if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool {
		return r < ' ' && r != '\n' && r != '\r' && r != '\t' || r == 0x7f
	}) {
		return 0, false, errFormOrg
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id, err == nil && id > 0, nil
}

func formValue(r *http.Request, name string) (string, error) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.Query().Get(name), nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
		return "", errMultipart
	case "application/x-www-form-urlencoded", "application/json":
	default:
		return "", nil // the handler reads no field from such a body
	}
	body, err := readBody(r)
	if err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); mt == "application/json" && errors.As(err, &tooLarge) {
			// The API's own words for it (see api.decode).
			return "", fmt.Errorf("%w (%w)", zhibu.Errorf(zhibu.ErrInvalid, "请求体不能超过 1 MiB"), err)
		}
		return "", err
	}
	if mt == "application/x-www-form-urlencoded" {
		vs, err := url.ParseQuery(string(body))
		if err != nil {
			return "", nil // the handler reports the unreadable form
		}
		return vs.Get(name), nil
	}
	if key, ok := DuplicateKey(body); ok {
		return "", DuplicateKeyError(key)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return "", nil // the handler reports the malformed body
	}
	want := FoldKey(name)
	for k, raw := range fields {
		if FoldKey(k) == want {
			return string(raw), nil
		}
	}
	return "", nil
}

// readBody reads at most maxFormBytes of r's body and puts it back for the
// handler to read again. A longer body is an *http.MaxBytesError.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxFormBytes))
	if err != nil {
		r.Body = io.NopCloser(bytes.NewReader(nil))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("access: read body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

// FoldKey is a JSON object key as encoding/json compares it with a struct
// field's name: upper case of lower case, rune by rune (so "ORG_ID",
// "org_id" and "Org_Id" are one key, and "ſ" is "S").
func FoldKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		b.WriteRune(unicode.ToUpper(unicode.ToLower(r)))
	}
	return b.String()
}

// DuplicateKey reports a key of some object in the JSON text body that
// another key of the same object equals after FoldKey. encoding/json
// would silently keep one of them, so a check and a handler could read
// different values. Malformed JSON reports nothing (the decoder refuses
// it).
func DuplicateKey(body []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	type object struct {
		seen map[string]bool
		key  bool // the next token is a key
	}
	var stack []*object
	for {
		t, err := dec.Token()
		if err != nil {
			return "", false
		}
		var top *object
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.key {
			if d, ok := t.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].seen != nil {
					stack[len(stack)-1].key = true
				}
				continue
			}
			k, _ := t.(string)
			f := FoldKey(k)
			if top.seen[f] {
				return k, true
			}
			top.seen[f] = true
			top.key = false
			continue
		}
		switch t {
		case json.Delim('{'):
			stack = append(stack, &object{seen: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &object{}) // an array: no keys
			continue
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: in an object, a key comes next.
		if len(stack) > 0 && stack[len(stack)-1].seen != nil {
			stack[len(stack)-1].key = true
		}
	}
}

// DuplicateKeyError is the answer to a JSON body with keys that differ
// only in case.
func DuplicateKeyError(key string) error {
	return zhibu.Problems{{Field: key, Message: "字段 " + key + "：重复出现（字段名不区分大小写），请只提交一次"}}
}

// Route is a route's pattern and policy, as a route table declares them.
type Route struct {
	Pattern string
	Policy  Policy
}
