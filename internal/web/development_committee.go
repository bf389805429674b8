package web

import (
	"net/http"

	"zhibu"
	"zhibu/internal/store"
)

// devCommitteePage is a committee's development overview: each branch of
// its subtree with its numbers of people in development by stage and of
// files waiting for the superior, each linking to the branch's own
// overview (its files, year plan and deadlines). It reads the rows kept
// per file (store.DevCountsByBranch), not the files.
type devCommitteePage struct {
	base
	Org      zhibu.Org
	AsOf     zhibu.Date
	Register string
	Stages   []zhibu.PartyStatus
	Rows     []devBranchRow
	Total    devBranchRow
	Queue    string
}

// devBranchRow is a branch's line (or the total's, with no Org).
type devBranchRow struct {
	Org     zhibu.Org
	Counts  []int // by Stages
	All     int
	Pending int
}

// devStatuses are the columns of the committee's overview, in the order
// of the branch's overview's sections.
var devStatuses = []zhibu.PartyStatus{zhibu.Applicant, zhibu.Activist, zhibu.Candidate, zhibu.Probationary, zhibu.FullMember}

// devCommittee is GET /orgs/{id}/development for an org above branches.
func (s *server) devCommittee(w http.ResponseWriter, r *http.Request, o zhibu.Org) error {
	ctx := r.Context()
	counts, err := s.store.DevCountsByBranch(ctx, o.ID)
	if err != nil {
		return err
	}
	branches, err := s.store.Orgs(ctx, store.OrgFilter{Under: o.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return err
	}
	d := &devCommitteePage{Org: o, AsOf: s.today(), Register: orgHref(o.ID) + "/development/register.xlsx",
		Stages: devStatuses, Total: devBranchRow{Counts: make([]int, len(devStatuses))}}
	d.Title = o.Name + " 发展党员"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "发展党员"}); err != nil {
		return err
	}
	if zhibu.ActorFrom(ctx).Can(zhibu.PermFilingReview, o.Path) {
		d.Queue = approvalsPath
	}
	for _, b := range branches {
		c := counts[b.ID]
		row := devBranchRow{Org: b, Counts: make([]int, len(devStatuses)), Pending: c.Pending}
		for i, st := range devStatuses {
			row.Counts[i] = c.ByStatus[st]
			row.All += row.Counts[i]
			d.Total.Counts[i] += row.Counts[i]
		}
		d.Total.All += row.All
		d.Total.Pending += row.Pending
		d.Rows = append(d.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "dev_committee", d)
}
