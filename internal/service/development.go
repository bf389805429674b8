package service

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// Development is member development (发展党员): it checks a step of a
// person's development file against the rules in force on its date,
// derives what the step does to the person (zhibu.DevFile.Apply), formats
// the audit text and has the store save it all in one transaction; it
// voids the latest step, and writes synthetic files in bulk.
type Development struct {
	store      *store.Store
	opt        Options
	compliance *Compliance
}

func newDevelopment(st *store.Store, opt Options, c *Compliance) *Development {
	return &Development{store: st, opt: opt, compliance: c}
}

var errStepForbidden = zhibu.Errorf(zhibu.ErrForbidden, "无权记录此步骤")

// RecordStep records a step of the branch in a person's development
// file; RecordApproval records a step of the superior committee (its
// pre-review, talk, approvals and acknowledged filings); Record records
// either (the demo and the tests). A step of the other kind is a
// zhibu.Problems on "step", the same whichever door sent it.
//
// The actor needs the step's right on the person's branch
// (zhibu.DevStepDef.Perm: member.develop, or filing.review for the
// superior's steps), else ErrForbidden. The step is checked by
// rules.CheckStep with the catalogue in force on its date; a refusal is
// rules.Refusals (ErrInvalid; errors.As gives zhibu.Problems) naming the
// rule. A vote (steps 15, 23) is read from the general assembly's
// resolution and dated by the meeting; a failed vote is saved as failed.
// The person's status and stage dates follow in the same transaction
// (zhibu.DevFile.Apply). Audited as "dev.step". If the file changed since
// it was read, ErrConflict.
func (d *Development) RecordStep(ctx context.Context, personID int64, r zhibu.DevRecord) (zhibu.DevRecord, error) {
	return d.record(ctx, personID, r, branchSteps)
}

// RecordApproval records a step of the superior committee: see RecordStep.
func (d *Development) RecordApproval(ctx context.Context, personID int64, r zhibu.DevRecord) (zhibu.DevRecord, error) {
	return d.record(ctx, personID, r, superiorSteps)
}

// Record records a step of either kind: see RecordStep.
func (d *Development) Record(ctx context.Context, personID int64, r zhibu.DevRecord) (zhibu.DevRecord, error) {
	return d.record(ctx, personID, r, anySteps)
}

// stepKind is which steps a door records: the branch's, the superior's,
// or both.
type stepKind int

const (
	anySteps stepKind = iota
	branchSteps
	superiorSteps
)

// refuses is the problem of a step (or a record of it, to void) sent
// through the other kind's door, or nil.
func (k stepKind) refuses(def zhibu.DevStepDef, field, label, verb string) zhibu.Problems {
	switch {
	case k == branchSteps && def.Superior:
		return zhibu.Problems{{Field: field, Label: label, Message: label + "：" + def.Label() + "由上级党委记录" + verb}}
	case k == superiorSteps && !def.Superior:
		msg := "由支部记录，不属于上级党委的审批步骤"
		if verb != "" {
			msg = "由支部记录" + verb
		}
		return zhibu.Problems{{Field: field, Label: label, Message: label + "：" + def.Label() + msg}}
	}
	return nil
}

func (d *Development) record(ctx context.Context, personID int64, r zhibu.DevRecord, kind stepKind) (zhibu.DevRecord, error) {
	f, err := d.store.DevFile(ctx, personID)
	if err != nil {
		return zhibu.DevRecord{}, err
	}
	p := f.Person
	if !zhibu.ValidDevStep(r.Step) {
		return zhibu.DevRecord{}, zhibu.Problems{{Field: "step", Label: "步骤", Message: "步骤：应为1至25之间的步骤"}}
	}
	def := zhibu.DevSteps[r.Step]
	if ps := kind.refuses(def, "step", "步骤", ""); ps != nil {
		return zhibu.DevRecord{}, ps
	}
	// The right comes before the rules: one without it learns nothing of
	// the file from the refusals. The store checks it again as it saves.
	if !zhibu.ActorFrom(ctx).Can(def.Perm(), p.OrgPath) {
		return zhibu.DevRecord{}, errStepForbidden
	}
	branch, err := d.store.Org(zhibu.WithActor(ctx, zhibu.System), p.OrgID)
	if err != nil {
		return zhibu.DevRecord{}, err
	}
	r.PersonID = p.ID
	r.Note = strings.TrimSpace(r.Note)
	in := rules.StepInput{File: f, Path: branch.PathIDs(), Today: d.opt.today()}
	if def.Vote && r.MeetingID != 0 {
		on, v, err := d.AssemblyVote(ctx, branch, r.MeetingID, r.Resolution)
		if err != nil {
			return zhibu.DevRecord{}, err
		}
		r.On = on
		in.Vote = &v
	}
	if def.Committee && r.MeetingID != 0 {
		on, err := d.CommitteeDecision(ctx, branch, r.MeetingID, r.Resolution)
		if err != nil {
			return zhibu.DevRecord{}, err
		}
		r.On = on
	}
	if def.People != "" && !r.On.IsZero() {
		if in.FullMembers, err = d.store.FullMembersOn(ctx, branch.ID, r.On); err != nil {
			return zhibu.DevRecord{}, err
		}
		names := []zhibu.DevRecord{r}
		if err := d.store.FillPeopleNames(ctx, names); err != nil {
			return zhibu.DevRecord{}, err
		}
		r.PeopleName = names[0].PeopleName
	}
	in.Record = r
	cat, err := d.compliance.Catalogue(ctx)
	if err != nil {
		return zhibu.DevRecord{}, err
	}
	r, err = rules.CheckStep(cat, in)
	if err != nil {
		return zhibu.DevRecord{}, err // rules.Refusals: ErrInvalid, and Problems to errors.As
	}
	months := probationMonths(cat, in.Path, f)
	detail := p.Name + "：" + def.Label() + "（" + r.On.String() + "，" + r.Outcome.Label() + "）"
	if def.Vote {
		detail += "；" + rules.VoteText(r.Votes)
	}
	return d.store.SaveStep(ctx, p.ID, len(f.Records), r, f.Apply(r, months), detail)
}

// probationMonths is dev.probation's probation_months in force on the
// file's admission day on path (12 when unset or before admission).
func probationMonths(cat rules.Catalogue, path []int64, f zhibu.DevFile) int {
	adm, ok := f.Last(15)
	if !ok {
		return 12
	}
	res, _ := cat.Resolve("dev.probation", path, adm.On)
	if m := res.Params.Get("probation_months"); m > 0 {
		return m
	}
	return 12
}

// Outlook is what a development file looks forward to: the next step the
// rules allow (0 when none) with its earliest day, and the end of the
// probation (zero before admission) as a confirmation would count it.
type Outlook struct {
	Next         int
	Earliest     zhibu.Date
	ProbationEnd zhibu.Date
}

// Outlooks are the outlooks of files, in their order, against the
// catalogue read once.
func (d *Development) Outlooks(ctx context.Context, files ...zhibu.DevFile) ([]Outlook, error) {
	cat, err := d.compliance.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Outlook, len(files))
	for i, f := range files {
		path := pathIDs(f.Person.OrgPath)
		out[i].Next, out[i].Earliest = rules.NextStep(cat, path, f)
		out[i].ProbationEnd = f.ProbationEnd(probationMonths(cat, path, f))
	}
	return out, nil
}

// pathIDs are the ids of an org path ("/1/5/23/"), from the root.
func pathIDs(path string) []int64 {
	var ids []int64
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// AssemblyVote is what a general assembly's resolution gives a vote step:
// the meeting's date, and the counts with the entitled voters and those
// present read from the attendance (the full members expected, and those
// of them present) when it was recorded. A meeting that is not a held
// general assembly of the branch, or a resolution it did not vote, is a
// zhibu.Problems.
func (d *Development) AssemblyVote(ctx context.Context, branch zhibu.Org, meetingID int64, resolution int) (zhibu.Date, zhibu.Resolution, error) {
	var ps zhibu.Problems
	m, att, err := d.store.Meeting(ctx, meetingID)
	if errors.Is(err, zhibu.ErrNotFound) {
		ps.Add("meeting_id", "支部大会", "未找到该会议")
		return zhibu.Date{}, zhibu.Resolution{}, ps
	}
	if err != nil {
		return zhibu.Date{}, zhibu.Resolution{}, err
	}
	switch {
	case m.OrgID != branch.ID:
		ps.Add("meeting_id", "支部大会", "须为本支部（"+branch.Name+"）召开的会议")
	case m.Type != zhibu.MeetAssembly:
		ps.Add("meeting_id", "支部大会", "须为支部党员大会，所选会议是"+m.Type.Label())
	case !m.Held():
		ps.Add("meeting_id", "支部大会", "所选大会尚未召开或已取消")
	case resolution < 1 || resolution > len(m.Resolutions):
		ps.Add("resolution", "表决事项", "所选大会没有第"+strconv.Itoa(resolution)+"项表决")
	}
	if len(ps) > 0 {
		return zhibu.Date{}, zhibu.Resolution{}, ps
	}
	on := m.DateIn(zhibu.DefaultZone)
	v := m.Resolutions[resolution-1]
	if len(att) > 0 {
		full, err := d.store.FullMembersOn(ctx, branch.ID, on)
		if err != nil {
			return zhibu.Date{}, zhibu.Resolution{}, err
		}
		v.Entitled, v.Present = 0, 0
		for _, a := range att {
			if full[a.PersonID] {
				v.Entitled++
				if a.Status == zhibu.AttendPresent {
					v.Present++
				}
			}
		}
	}
	return on, v, nil
}

// CommitteeDecision is what a branch committee's resolution gives a step
// it decides (steps 3, 7 and 12, zhibu.DevStepDef.Committee): the
// meeting's date, which becomes the step's. The meeting must be a held
// 支委会 of the branch and the resolution one it adopted; anything else is
// a zhibu.Problems on "meeting_id" or "resolution".
func (d *Development) CommitteeDecision(ctx context.Context, branch zhibu.Org, meetingID int64, resolution int) (zhibu.Date, error) {
	var ps zhibu.Problems
	m, _, err := d.store.Meeting(ctx, meetingID)
	if errors.Is(err, zhibu.ErrNotFound) {
		ps.Add("meeting_id", "支委会决议", "未找到该会议")
		return zhibu.Date{}, ps
	}
	if err != nil {
		return zhibu.Date{}, err
	}
	switch {
	case m.OrgID != branch.ID:
		ps.Add("meeting_id", "支委会决议", "须为本支部（"+branch.Name+"）召开的会议")
	case m.Type != zhibu.MeetCommittee:
		ps.Add("meeting_id", "支委会决议", "须为支委会，所选会议是"+m.Type.Label())
	case !m.Held():
		ps.Add("meeting_id", "支委会决议", "所选支委会尚未召开或已取消")
	case resolution < 1 || resolution > len(m.Resolutions):
		ps.Add("resolution", "支委会决议", "所选支委会没有第"+strconv.Itoa(resolution)+"项表决")
	case !m.Resolutions[resolution-1].Passed():
		v := m.Resolutions[resolution-1]
		ps.Add("resolution", "支委会决议", "所选决议未获通过（应到"+strconv.Itoa(v.Entitled)+"人，赞成"+strconv.Itoa(v.For)+"票）")
	}
	if len(ps) > 0 {
		return zhibu.Date{}, ps
	}
	return m.DateIn(zhibu.DefaultZone), nil
}

// VoidLastStep removes the latest record of a person's file, a step of
// the branch recorded in error; VoidLastApproval the same for a step of
// the superior. Only the latest (zhibu.DevFile.Latest) may be voided, so
// that no later step stands on it; the status and stage dates it changed
// are put back. A record of the other kind is a zhibu.Problems on
// "record_id". The actor needs the right of the record's step
// (ErrForbidden). recordID must name the latest record (ErrConflict
// otherwise: the file changed); a file with no record is ErrInvalid.
// Audited as "dev.void" with what was removed.
func (d *Development) VoidLastStep(ctx context.Context, personID, recordID int64) (zhibu.DevRecord, error) {
	return d.void(ctx, personID, recordID, branchSteps)
}

// VoidLastApproval voids the latest record, a step of the superior: see
// VoidLastStep.
func (d *Development) VoidLastApproval(ctx context.Context, personID, recordID int64) (zhibu.DevRecord, error) {
	return d.void(ctx, personID, recordID, superiorSteps)
}

func (d *Development) void(ctx context.Context, personID, recordID int64, kind stepKind) (zhibu.DevRecord, error) {
	f, err := d.store.DevFile(ctx, personID)
	if err != nil {
		return zhibu.DevRecord{}, err
	}
	for _, x := range f.Records {
		if x.ID == recordID {
			if ps := kind.refuses(x.Def(), "record_id", "记录", "，也由"+map[bool]string{true: "上级党委", false: "支部"}[x.Def().Superior]+"撤销"); ps != nil {
				return zhibu.DevRecord{}, ps
			}
		}
	}
	last, ok := f.Latest()
	if !ok {
		return zhibu.DevRecord{}, zhibu.Errorf(zhibu.ErrInvalid, "发展档案中没有可以撤销的记录")
	}
	if last.ID != recordID {
		return zhibu.DevRecord{}, zhibu.Errorf(zhibu.ErrConflict, "只能撤销最近录入的一条记录（"+last.Def().Label()+"，"+last.On.String()+"），请刷新后重试")
	}
	if !zhibu.ActorFrom(ctx).Can(last.Def().Perm(), f.Person.OrgPath) {
		return zhibu.DevRecord{}, errStepForbidden
	}
	detail := f.Person.Name + "：撤销" + last.Def().Label() + "（" + last.On.String() + "，" + last.Outcome.Label() + "，" + last.EnteredBy + "录入）"
	return d.store.VoidStep(ctx, personID, last.ID, detail)
}
