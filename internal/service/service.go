// Package service is zhibu's behaviour between the doors and the store.
// The doors (the web pages, the JSON API, the CLI and the imports) decode
// their input into domain values and call one service; a service checks
// what the domain asks (the invariants on the root package's types and the
// rules engine's hard checks), persists through the store, which scopes
// every read and checks the actor's right on every write, and computes the
// views that are more than a record (findings, calendars, duties, the
// superior's matrix). Services are built once by New at start and handed
// to every door; they hold no package-level state.
//
// Plain reads of one record or a list go from a door to the store, which
// scopes them by the actor; anything that decides or computes goes through
// a service.
package service

import (
	"log/slog"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// Options configure the services.
type Options struct {
	Log *slog.Logger
	// Now is the clock of the services (tests set it); nil: the store's.
	Now func() time.Time
}

// today is the day by the services' clock: what writes are checked
// against and what a check "as of today" means.
func (o Options) today() zhibu.Date { return zhibu.Today(o.Now()) }

// Services are every service, built once and handed to every door.
type Services struct {
	Compliance    *Compliance
	Meetings      *Meetings
	Development   *Development
	Dues          *Dues
	Transfers     *Transfers
	Terms         *Terms
	Members       *Members       // members.go
	Rectification *Rectification // rectification.go
	Orgs          *Orgs          // issue 12: the org tree from an empty database
	Activities    *Activities    // activities stream
	Study         *Study         // study.go
	Talks         *Talks         // talks.go
	Review        *Review        // review stream: the secretary's report and review, the members' appraisal
	// The branch's voice (issue 14 part B).
	Disclosures *Disclosures
	Mailbox     *Mailbox
	Papers      *Papers
	Plans       *Plans       // plans.go: the year plan
	Archive     *Archive     // archive.go: the archives and the year-end package
	Assessments *Assessments // assessment.go: the superior's performance assessment
	Search      *Search      // search.go
}

// New builds the services over st.
func New(st *store.Store, opt Options) *Services {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = st.Now
	}
	c := newCompliance(st, opt)
	svc := &Services{
		Compliance:    c,
		Meetings:      newMeetings(st, opt),
		Development:   newDevelopment(st, opt, c),
		Dues:          newDues(st, opt),
		Transfers:     newTransfers(st, opt, c),
		Terms:         newTerms(st, opt, c),
		Members:       newMembers(st, opt),
		Rectification: newRectification(st, opt, c),
		Orgs:          &Orgs{store: st},
		Activities:    newActivities(st, opt), // activities stream
		Study:         newStudy(st, opt, c),
		Talks:         newTalks(st, opt, c),
		Review:        newReview(st, opt, c),
		Disclosures:   newDisclosures(st, opt),
		Mailbox:       newMailbox(st, opt, c),
		Papers:        newPapers(st, opt),
		Plans:         newPlans(st, opt, c),
		Search:        &Search{store: st},
	}
	svc.Archive = newArchive(st, opt, svc.Development, svc.Study) // archive.go
	svc.Assessments = newAssessments(st, opt, c, svc.Plans)       // assessment.go: the plan indicator reads the plans
	return svc
}
