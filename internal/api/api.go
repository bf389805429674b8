// Package api serves zhibu's JSON API under /api/v1: the org tree and the
// people on it, read and written through the store with the same validation
// as the web forms. Every request's context must carry the acting
// zhibu.Actor; the API sees and changes only what that actor's scope covers.
//
// Handlers are func(w, r) error; serveError is the one place that turns an
// error into a status and a JSON error body (see docs/api.md).
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

type api struct {
	store *store.Store
	svc   *service.Services
	log   *slog.Logger
	mux   *http.ServeMux
}

// New returns the API handler; it expects to be mounted at /api/v1/ (it
// registers full paths "GET /api/v1/orgs" etc.). Paths under /api/ that name
// no endpoint answer a JSON 404, or 405 for a known path with another method.
func New(s *store.Store, svc *service.Services, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	a := &api{store: s, svc: svc, log: log, mux: http.NewServeMux()}
	for _, rt := range a.routeTable() {
		a.handle(rt.pattern, rt.policy, rt.h)
	}
	a.mux.HandleFunc(unrouted, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if err := a.unrouted(w, r); err != nil {
			a.serveError(w, r, err)
		}
	})
	return a.mux
}

// route is one entry of the route table: every endpoint declares who may
// use it.
type route struct {
	pattern string
	policy  access.Policy
	h       handlerFunc
}

var (
	readOrg     = access.On(zhibu.PermOrgRead, access.PathOrg, "id")
	manageOrg   = access.On(zhibu.PermOrgManage, access.PathOrg, "id")
	readPerson  = access.On(zhibu.PermOrgRead, access.PathPerson, "id").OrSelf()
	writePerson = access.On(zhibu.PermPeopleWrite, access.PathPerson, "id")
)

// routeTable is every endpoint with its policy.
func (a *api) routeTable() []route {
	return append([]route{
		{"GET /api/v1/orgs", access.On(zhibu.PermOrgRead, access.Anywhere, ""), a.listOrgs},
		{"POST /api/v1/orgs", access.On(zhibu.PermOrgManage, access.FormOrg, "parent_id"), a.createOrg},
		{"GET /api/v1/orgs/{id}", readOrg, a.getOrg},
		{"PUT /api/v1/orgs/{id}", manageOrg, a.updateOrg},
		{"POST /api/v1/orgs/{id}/move", manageOrg.And(zhibu.PermOrgManage, access.FormOrg, "parent_id"), a.moveOrg},
		{"GET /api/v1/orgs/{id}/people", readOrg, a.listPeople},
		{"POST /api/v1/people", access.On(zhibu.PermPeopleWrite, access.FormOrg, "org_id"), a.createPerson},
		{"GET /api/v1/people/{id}", readPerson, a.getPerson},
		{"PUT /api/v1/people/{id}", writePerson, a.updatePerson},
		{"POST /api/v1/people/{id}/move", writePerson.And(zhibu.PermPeopleWrite, access.FormOrg, "org_id"), a.movePerson},

		// meetings.go
		{"GET /api/v1/orgs/{id}/meetings", readOrg, a.listMeetings},
		{"POST /api/v1/orgs/{id}/meetings", writeMeetings, a.createMeeting},
		{"GET /api/v1/meetings/{id}", readMeeting, a.getMeeting},
		{"PUT /api/v1/meetings/{id}", writeMeeting, a.updateMeeting},
		{"POST /api/v1/meetings/{id}/file", writeMeeting, a.fileMeeting},
		{"POST /api/v1/meetings/{id}/review", reviewMeeting, a.reviewMeeting},

		// meetingtypes.go
		{"GET /api/v1/orgs/{id}/meeting-types", readOrg, a.meetingTypes},
		{"POST /api/v1/orgs/{id}/meeting-types", access.On(zhibu.PermRulesEdit, access.PathOrg, "id"), a.addMeetingType},

		// compliance.go
		{"GET /api/v1/orgs/{id}/compliance", readOrg, a.compliance},

		// transfers.go
		{"GET /api/v1/orgs/{id}/transfers", readOrg, a.listTransfers},
		{"POST /api/v1/orgs/{id}/transfers", writeOrg, a.issueTransfer},
		{"POST /api/v1/orgs/{id}/transfers/in", writeOrg, a.recordTransferIn},
		{"GET /api/v1/orgs/{id}/transfers/{tid}", readOrg, a.getTransfer},
		{"POST /api/v1/orgs/{id}/transfers/{tid}/accept", writeOrg, a.transferStepHandler(a.acceptTransfer)},
		{"POST /api/v1/orgs/{id}/transfers/{tid}/receipt", writeOrg, a.transferStepHandler(a.receiptTransfer)},
		{"POST /api/v1/orgs/{id}/transfers/{tid}/close", writeOrg, a.transferStepHandler(a.closeTransfer)},
		{"GET /api/v1/orgs/{id}/terms/extensions", readOrg, a.listExtensions},
		{"POST /api/v1/orgs/{id}/terms/extensions", manageOrg, a.requestExtension},
		{"POST /api/v1/orgs/{id}/terms/extensions/{eid}/decide", access.On(zhibu.PermFilingReview, access.PathOrg, "id"), a.decideExtension},
		{"POST /api/v1/orgs/{id}/terms/report", manageOrg, a.reportTerm},
		{"POST /api/v1/orgs/{id}/terms/approve", access.On(zhibu.PermFilingReview, access.PathOrg, "id"), a.approveTerm},
		{"GET /api/v1/orgs/{id}/dues", readOrg, a.duesLedger},
		{"GET /api/v1/people/{id}/dues/payments", readPerson, a.duesPayments},
		{"POST /api/v1/people/{id}/dues/payments", writeDues, a.duesPay},
		{"POST /api/v1/people/{id}/dues/bases", writeDues, a.duesBase},
		{"POST /api/v1/people/{id}/dues/reasons", writeDues, a.duesReason},
		{"POST /api/v1/people/{id}/dues/approve", access.On(zhibu.PermFilingReview, access.PathPerson, "id"), a.duesApprove},
	}, slices.Concat(
		a.devRoutes(),
		a.memberRoutes(),
		a.rectificationRoutes(),
		a.listRoutes(),
		a.setupRoutes(),
		a.fixesRoutes(),
		a.activityRoutes(),
		a.studyRoutes(),
		a.reviewRoutes(),
		a.voiceRoutes(),
		a.planRoutes(), // plans.go: the year plan
		a.archiveRoutes(),
		a.assessmentRoutes(), // assessment.go
		a.searchRoutes(),     // search.go
	)...)
}

// unrouted is the pattern that catches every path no endpoint matches.
const unrouted = "/api/"

// handlerFunc is an endpoint: it writes a response and returns nil, or
// writes nothing and returns an error for serveError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (a *api) handle(pattern string, policy access.Policy, h handlerFunc) {
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		err := access.Check(r.Context(), a.store, policy, r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			a.serveError(w, r, err)
		}
	})
}

// render writes v as JSON with the given status.
func render(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// errorBody is the "error" member of every error response.
type errorBody struct {
	Code     string         `json:"code"` // invalid, unauthorized, not_found, conflict, forbidden, internal
	Message  string         `json:"message"`
	Problems zhibu.Problems `json:"problems,omitempty"`
}

// withStatus answers err, an error of one of the zhibu kinds, with a
// status finer than its kind's: 405, 413 or 415 rather than 400.
type withStatus struct {
	status int
	err    error
}

func (e withStatus) Error() string { return e.err.Error() }
func (e withStatus) Unwrap() error { return e.err }

// statusOf maps an error to its status and code. Anything not of a zhibu
// kind is an internal error.
func statusOf(err error) (int, string) {
	status, code := http.StatusInternalServerError, "internal"
	switch {
	case errors.Is(err, zhibu.ErrInvalid):
		status, code = http.StatusBadRequest, "invalid"
	case errors.Is(err, zhibu.ErrNotFound):
		status, code = http.StatusNotFound, "not_found"
	case errors.Is(err, zhibu.ErrConflict):
		status, code = http.StatusConflict, "conflict"
	case errors.Is(err, zhibu.ErrForbidden):
		status, code = http.StatusForbidden, "forbidden"
	case errors.Is(err, access.ErrLogin):
		status, code = http.StatusUnauthorized, "unauthorized"
	case store.Unreachable(err):
		status, code = http.StatusServiceUnavailable, "unavailable"
	}
	var ws withStatus
	if code != "internal" && errors.As(err, &ws) {
		status = ws.status
	}
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		status, code = http.StatusRequestEntityTooLarge, "invalid" // a body over its bound, cut off while read
	}
	return status, code
}

// serveError is the one place that maps errors to responses: the Chinese
// message (and each problem, for invalid input) for what the client can
// act on, "内部错误" and a log line for everything else.
func (a *api) serveError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := statusOf(err)
	body := errorBody{Code: code, Message: zhibu.UserMessage(err)}
	if code == "unauthorized" {
		body.Message = "请先登录，或在 Authorization 头中提供有效的接口令牌（Bearer）"
		w.Header().Set("WWW-Authenticate", `Bearer realm="zhibu"`)
	}
	switch code {
	case "unavailable":
		a.log.ErrorContext(r.Context(), "api: database unreachable", slog.String("path", r.URL.Path), slog.Any("err", err))
		body.Message = store.UnreachableMessage
		w.Header().Set("Retry-After", "5")
	case "internal":
		a.log.ErrorContext(r.Context(), "api: internal error", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Any("err", err))
		body.Message = "内部错误"
	case "invalid":
		errors.As(err, &body.Problems)
	}
	if body.Message == "内部错误" && code != "internal" {
		// A bare kind, without a message of its own.
		body.Message = map[string]string{"invalid": "输入有误", "conflict": "与现有记录冲突"}[code]
	}
	if err := render(w, status, map[string]errorBody{"error": body}); err != nil {
		a.log.ErrorContext(r.Context(), "api: render error", slog.Any("err", err))
		http.Error(w, body.Message, status)
	}
}

// invalid is an ErrInvalid error with a message and no field.
func invalid(msg string) error { return zhibu.Errorf(zhibu.ErrInvalid, msg) }

// unrouted answers a path that no endpoint serves: 405 with Allow when the
// path exists for other methods, 404 otherwise.
func (a *api) unrouted(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := a.mux.Handler(probe); pattern != unrouted {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return zhibu.Errorf(zhibu.ErrNotFound, "没有这个接口："+r.URL.Path)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return withStatus{http.StatusMethodNotAllowed, invalid("该地址不接受 " + r.Method + " 请求，可用：" + strings.Join(allow, "、"))}
}

// Routes lists every endpoint with its policy, for the tests that walk the
// authorization matrix.
func Routes() []access.Route {
	var a api
	var out []access.Route
	for _, rt := range a.routeTable() {
		out = append(out, access.Route{Pattern: rt.pattern, Policy: rt.policy})
	}
	return out
}
