// Package web is zhibu's server-rendered user interface, in Chinese. It
// works without JavaScript: every page is a GET that changes nothing, and
// every change is a POST answered by a redirect (or, on invalid input, by
// the same form again with status 422 and a message beside each field).
//
// Templates and static files are embedded; Options.Dev reads them from disk
// instead. Static files are served under content-hashed URLs with long cache
// lifetimes. Each request's context must carry a zhibu.Actor: every store
// call is scoped by it.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

//go:embed templates static
var embedded embed.FS

// Options configure the UI.
type Options struct {
	Log *slog.Logger
	// Demo offers one-click login as each demo account on the login page.
	Demo bool
	// Secure marks the session cookie Secure (the server runs TLS).
	Secure bool
	// Dev reads templates and static files from disk (internal/web/templates,
	// internal/web/static, relative to the working directory) on every
	// request instead of from the binary.
	Dev bool
}

// server holds what the handlers share.
type server struct {
	store  *store.Store
	svc    *service.Services
	auth   *auth.Service
	demo   bool
	secure bool
	log    *slog.Logger
	mux    *http.ServeMux
	views  *views
	now    func() time.Time
	// nav is the header's menu; later modules add their entries here.
	nav []navItem
	// policies are the route table's policies by pattern, for the pages'
	// links (base.May).
	policies map[string]access.Policy
}

// navItem is one entry of the header's menu, active on the paths that
// start with one of its prefixes.
type navItem struct {
	Label    string
	Href     string
	Prefixes []string
	Perm     zhibu.Perm // shown to those who hold it somewhere
	Person   bool       // shown instead to those whose account is a person's
}

// shown reports whether the entry is in actor a's menu.
func (n navItem) shown(a zhibu.Actor) bool {
	if n.Person {
		return a.PersonID != 0
	}
	return access.Holds(a, n.Perm)
}

// New returns the UI handler for every path except /api/, calling the
// services svc (built once, shared with the API and the CLI). The request's
// context carries the actor (none before login), put there by the
// server's middleware with auth.
func New(s *store.Store, svc *service.Services, a *auth.Service, opt Options) (http.Handler, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	tmpl, static := mustSub(embedded, "templates"), mustSub(embedded, "static")
	if opt.Dev {
		tmpl, static = os.DirFS("internal/web/templates"), os.DirFS("internal/web/static")
	}
	v, err := newViews(tmpl, static, opt.Dev)
	if err != nil {
		return nil, err
	}
	srv := &server{
		store:  s,
		svc:    svc,
		auth:   a,
		demo:   opt.Demo,
		secure: opt.Secure,
		log:    opt.Log,
		mux:    http.NewServeMux(),
		views:  v,
		now:    time.Now,
		nav: []navItem{
			{Label: "组织架构", Href: "/orgs", Prefixes: []string{"/orgs", "/people"}, Perm: zhibu.PermOrgRead},
			{Label: "合规日历", Href: "/compliance", Prefixes: []string{"/compliance"}, Perm: zhibu.PermOrgRead},
			{Label: "监督矩阵", Href: "/matrix", Prefixes: []string{"/matrix"}, Perm: zhibu.PermOrgRead},
			{Label: "我的职责", Href: "/duties", Prefixes: []string{"/duties"}, Person: true},
			{Label: "评议投票", Href: "/ballots", Prefixes: []string{"/ballots"}, Person: true},                           // review stream
			{Label: "书记信箱", Href: "/mailbox", Prefixes: []string{"/mailbox", "/paper", "/disclosures"}, Person: true}, // voice.go
			{Label: "账号管理", Href: "/admin/accounts", Prefixes: []string{"/admin/accounts"}, Perm: zhibu.PermAccounts},
			{Label: "安全策略", Href: "/admin/security", Prefixes: []string{"/admin/security"}, Perm: zhibu.PermSecurity},
			{Label: "审计日志", Href: "/admin/audit", Prefixes: []string{"/admin/audit"}, Perm: zhibu.PermAuditRead},
		},
	}
	srv.routes()
	return srv.mux, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Shorthands for the route table's policies.
var (
	readOrg     = access.On(zhibu.PermOrgRead, access.PathOrg, "id")
	manageOrg   = access.On(zhibu.PermOrgManage, access.PathOrg, "id")
	writeOrg    = access.On(zhibu.PermPeopleWrite, access.PathOrg, "id")
	readPerson  = access.On(zhibu.PermOrgRead, access.PathPerson, "id").OrSelf()
	writePerson = access.On(zhibu.PermPeopleWrite, access.PathPerson, "id")
	anyOrg      = access.On(zhibu.PermOrgRead, access.Anywhere, "")
	accounts    = access.On(zhibu.PermAccounts, access.Anywhere, "")
	security    = access.On(zhibu.PermSecurity, access.Anywhere, "")
	auditing    = access.On(zhibu.PermAuditRead, access.Anywhere, "")
)

// route is one entry of the route table: every page declares who may use
// it.
type route struct {
	pattern string
	policy  access.Policy
	h       handler
}

// routeTable is every route of the UI with its policy.
func (s *server) routeTable() []route {
	return append([]route{
		{"GET /{$}", access.LoggedIn, s.home},
		{"GET /login", access.Public, s.loginForm},
		{"POST /login", access.Public, s.login},
		{"POST /login/demo", access.Public, s.demoLogin},
		{"POST /logout", access.LoggedIn, s.logout},
		{"GET /account", access.LoggedIn, s.accountShow},
		{"POST /account/password", access.LoggedIn, s.accountPassword},
		{"POST /account/totp", access.LoggedIn, s.accountTOTP},

		// ical.go: calendar feeds. The feed itself is public: its token,
		// in the path, is the credential (the store keeps its hash).
		{"POST /account/feeds", access.LoggedIn, s.accountFeedCreate},
		{"POST /account/feeds/{id}/revoke", access.LoggedIn, s.accountFeedRevoke},
		{"GET /ical/{file}", access.Public, s.icalFeed},

		// orgs.go
		{"GET /orgs", anyOrg, s.orgTree},
		{"GET /orgs/new", access.On(zhibu.PermOrgManage, access.FormOrg, "parent"), s.orgNew},
		{"POST /orgs", access.On(zhibu.PermOrgManage, access.FormOrg, "parent_id"), s.orgCreate},
		{"GET /orgs/{id}", readOrg, s.orgShow},
		{"GET /orgs/{id}/edit", manageOrg, s.orgEdit},
		{"POST /orgs/{id}", manageOrg, s.orgUpdate},
		{"GET /orgs/{id}/move", manageOrg, s.orgMoveForm},
		{"POST /orgs/{id}/move", manageOrg.And(zhibu.PermOrgManage, access.FormOrg, "parent_id"), s.orgMove},

		// committee.go
		{"GET /orgs/{id}/terms/new", manageOrg, s.termNew},
		{"POST /orgs/{id}/terms/new", manageOrg, s.termCreate},
		{"POST /orgs/{id}/terms", manageOrg, s.termCreate},
		{"GET /orgs/{id}/groups/{gid}/leader", manageOrg, s.leaderForm},
		{"POST /orgs/{id}/groups/{gid}/leader", manageOrg, s.leaderSet},
		{"GET /orgs/{id}/supervisions/new", manageOrg, s.supervisionNew},
		{"POST /orgs/{id}/supervisions/new", manageOrg, s.supervisionCreate},
		{"POST /orgs/{id}/supervisions", manageOrg, s.supervisionCreate},
		// extensions.go: postponed or advanced elections, approved by the superior.
		{"GET /orgs/{id}/terms/extensions", readOrg, s.extensionList},
		{"POST /orgs/{id}/terms/extensions", manageOrg, s.extensionRequest},
		{"POST /orgs/{id}/terms/extensions/{eid}/decide", access.On(zhibu.PermFilingReview, access.PathOrg, "id"), s.extensionDecide},
		// the new secretary and deputy reported to the superior, who approves them
		{"POST /orgs/{id}/terms/report", manageOrg, s.termReport},
		{"POST /orgs/{id}/terms/approve", access.On(zhibu.PermFilingReview, access.PathOrg, "id"), s.termApprove},
		{"GET /terms/approvals", access.On(zhibu.PermFilingReview, access.Anywhere, ""), s.termApprovals},
		{"GET /orgs/{id}/terms/assembly", manageOrg, s.termAssemblyForm},
		{"POST /orgs/{id}/terms/assembly", manageOrg, s.termAssemblySet},

		// transfers.go: membership transfers. {id} is the branch acting: the
		// sender issues, records receipts and closes; the destination accepts.
		{"GET /orgs/{id}/transfers", readOrg, s.transferList},
		{"GET /orgs/{id}/transfers/new", writeOrg, s.transferNew},
		{"POST /orgs/{id}/transfers", writeOrg, s.transferCreate},
		{"GET /orgs/{id}/transfers/in", writeOrg, s.transferInNew},
		{"POST /orgs/{id}/transfers/in", writeOrg, s.transferInCreate},
		{"GET /orgs/{id}/transfers/{tid}", readOrg, s.transferShow},
		{"GET /orgs/{id}/transfers/{tid}/letter", readOrg, s.transferLetter},
		{"POST /orgs/{id}/transfers/{tid}/accept", writeOrg, s.transferAction(s.transferAccept)},
		{"POST /orgs/{id}/transfers/{tid}/receipt", writeOrg, s.transferAction(s.transferReceipt)},
		{"POST /orgs/{id}/transfers/{tid}/close", writeOrg, s.transferAction(s.transferClose)},

		// roster.go
		{"GET /orgs/{id}/print", readOrg, s.rosterPrint},
		{"GET /orgs/{id}/export.xlsx", readOrg, s.exportXLSX},
		{"GET /orgs/{id}/export.csv", readOrg, s.exportCSV},
		{"GET /orgs/{id}/import", writeOrg, s.importForm},
		{"POST /orgs/{id}/import", writeOrg, s.importPreview},
		{"POST /orgs/{id}/import/confirm", writeOrg, s.importConfirm},
		{"GET /orgs/{id}/import/template.xlsx", writeOrg, s.importTemplate},

		// people.go
		{"GET /people/new", access.On(zhibu.PermPeopleWrite, access.FormOrg, "org"), s.personNew},
		{"POST /people", access.On(zhibu.PermPeopleWrite, access.FormOrg, "org_id"), s.personCreate},
		{"GET /people/{id}", readPerson, s.personShow},
		{"GET /people/{id}/edit", writePerson, s.personEdit},
		{"POST /people/{id}", writePerson, s.personUpdate},
		{"GET /people/{id}/move", writePerson, s.personMoveForm},
		{"POST /people/{id}/move", writePerson.And(zhibu.PermPeopleWrite, access.FormOrg, "org_id"), s.personMove},

		// meetings.go
		{"GET /orgs/{id}/meetings", readOrg, s.meetingList},
		{"GET /orgs/{id}/meetings/new", writeMeetings, s.meetingNew},
		{"POST /orgs/{id}/meetings", writeMeetings, s.meetingCreate},
		{"GET /orgs/{id}/meetings/register.xlsx", readOrg, s.meetingRegister},
		{"GET /meetings/{id}", readMeeting, s.meetingShow},
		{"GET /meetings/{id}/edit", writeMeeting, s.meetingEdit},
		{"POST /meetings/{id}", writeMeeting, s.meetingUpdate},
		{"POST /meetings/{id}/cancel", writeMeeting, s.meetingCancel},
		{"POST /meetings/{id}/file", writeMeeting, s.meetingFile},
		{"POST /meetings/{id}/review", reviewMeeting, s.meetingReview},
		{"GET /meetings/{id}/minutes.docx", readMeeting, s.meetingMinutes},
		// attachments.go: a meeting's photos and PDFs, under server ids.
		{"POST /meetings/{id}/attachments", writeMeeting, s.attachmentUpload},
		{"GET /meetings/{id}/attachments/{aid}", readMeeting, s.attachmentDownload},
		{"POST /meetings/{id}/attachments/{aid}/delete", writeMeeting, s.attachmentDelete},
		{"GET /filings", reviewAny, s.filingList},

		// meeting_import.go: the register of meetings imported from xlsx,
		// previewed, then confirmed, all or nothing.
		{"GET /orgs/{id}/meetings/import", writeMeetings, s.meetingImportForm},
		{"POST /orgs/{id}/meetings/import", writeMeetings, s.meetingImportPreview},
		{"POST /orgs/{id}/meetings/import/confirm", writeMeetings, s.meetingImportConfirm},
		{"GET /orgs/{id}/meetings/import/template.xlsx", writeMeetings, s.meetingImportTemplate},

		// dues.go: a branch's dues, a member's ledger, receipts, the
		// ledger register and the import of payroll or bank sheets.
		{"GET /orgs/{id}/dues", readOrg, s.duesShow},
		{"GET /orgs/{id}/dues/ledger.xlsx", readOrg, s.duesExport},
		{"GET /orgs/{id}/dues/import", writeDuesOrg, s.duesImportForm},
		{"POST /orgs/{id}/dues/import", writeDuesOrg, s.duesImportPreview},
		{"POST /orgs/{id}/dues/import/confirm", writeDuesOrg, s.duesImportConfirm},
		{"GET /people/{id}/dues", readPerson, s.personDues},
		{"GET /people/{id}/dues/receipt", readPerson, s.duesReceipt},
		{"POST /people/{id}/dues/payments", writeDuesPerson, s.duesPay},
		{"POST /people/{id}/dues/bases", writeDuesPerson, s.duesBaseSet},
		{"POST /people/{id}/dues/reasons", writeDuesPerson, s.duesReasonAdd},
		{"POST /people/{id}/dues/void", writeDuesPerson, s.duesVoid},
		{"POST /people/{id}/dues/approve", approveWaiver, s.duesWaiverApprove},

		// compliance.go
		{"GET /compliance", anyOrg, s.complianceHome(false)},
		{"GET /matrix", anyOrg, s.complianceHome(true)},
		{"GET /duties", access.LoggedIn, s.duties},
		{"GET /orgs/{id}/compliance", readOrg, s.complianceCalendar},
		{"GET /orgs/{id}/matrix", readOrg, s.complianceMatrix},
		{"GET /orgs/{id}/rules", readOrg, s.rulesShow},
		{"POST /orgs/{id}/rules", access.On(zhibu.PermRulesEdit, access.PathOrg, "id"), s.rulesAdd},

		// meetingtypes.go: types of meeting added as data for a subtree.
		{"GET /orgs/{id}/meeting-types", readOrg, s.meetingTypesShow},
		{"POST /orgs/{id}/meeting-types", access.On(zhibu.PermRulesEdit, access.PathOrg, "id"), s.meetingTypeAdd},

		// admin.go
		{"GET /admin/accounts", accounts, s.accountList},
		{"GET /admin/accounts/new", accounts, s.accountNew},
		{"POST /admin/accounts", accounts, s.accountCreate},
		{"GET /admin/accounts/{id}", accounts, s.accountAdmin},
		{"POST /admin/accounts/{id}/disable", accounts, s.accountDisable},
		{"POST /admin/accounts/{id}/enable", accounts, s.accountEnable},
		{"POST /admin/accounts/{id}/password", accounts, s.accountReset},
		{"POST /admin/accounts/{id}/roles", accounts, s.accountRoles},
		{"POST /admin/accounts/{id}/tokens", accounts, s.tokenCreate},
		{"POST /admin/tokens/{id}/revoke", accounts, s.tokenRevoke},
		{"GET /admin/security", security, s.securityShow},
		{"POST /admin/security", security, s.securityUpdate},
		{"POST /admin/accounts/{id}/unlock", security, s.accountUnlock},
		{"GET /admin/audit", auditing, s.auditList},
	}, slices.Concat(
		s.devRoutes(),
		s.memberRecordRoutes(),
		s.rectificationRoutes(),
		s.fixesRoutes(),
		s.activityRoutes(),
		s.studyRoutes(),
		s.talkRoutes(),
		s.reviewRoutes(),
		s.voiceRoutes(),
		s.planRoutes(), // plan.go: the year plan
		s.archiveRoutes(),
		s.assessmentRoutes(), // assessment.go
		s.searchRoutes(),     // search.go
	)...)
}

func (s *server) routes() {
	s.policies = map[string]access.Policy{}
	for _, rt := range s.routeTable() {
		s.policies[rt.pattern] = rt.policy
	}
	s.mux.Handle("GET /static/{hash}/{file}", http.HandlerFunc(s.serveStatic))
	s.handle("GET /", func(w http.ResponseWriter, r *http.Request) error {
		if a := zhibu.ActorFrom(r.Context()); a.AccountID == 0 && !a.Scope.All {
			return access.ErrLogin
		}
		return errPageNotFound
	})
	for _, rt := range s.routeTable() {
		s.handle(rt.pattern, s.guard(rt))
	}
}

// guard checks a route's policy before its handler runs: a visitor who is
// not logged in goes to the login page; an account with a duty (an expired
// password, a required second factor) goes to its account page first.
func (s *server) guard(rt route) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := access.Check(r.Context(), s.store, rt.policy, r); err != nil {
			return err
		}
		if d := dutyOf(r); d != auth.NoDuty && !rt.policy.Public && !strings.HasPrefix(rt.pattern, "POST /logout") &&
			!strings.Contains(rt.pattern, " /account") {
			http.Redirect(w, r, "/account", http.StatusSeeOther)
			return nil
		}
		return rt.h(w, r)
	}
}

// today is the calendar date the UI validates input on.
func (s *server) today() zhibu.Date { return zhibu.Today(s.now()) }

// Routes lists every route of the UI with its policy, for the tests that
// walk the authorization matrix.
func Routes() []access.Route {
	var s server
	var out []access.Route
	for _, rt := range s.routeTable() {
		out = append(out, access.Route{Pattern: rt.pattern, Policy: rt.policy})
	}
	return out
}
