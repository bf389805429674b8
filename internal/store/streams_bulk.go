package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/audit"
)

// StreamsBatch is one branch's records of the streams that came after the
// meetings (activities, study and talks, the review, disclosure, the
// mailbox, the research paper, member records), written at once by
// SaveStreamsBulk: what the generator makes for each branch of a tier.
// Records refer to each other by their place in the batch (from 1), since
// none has an id yet.
type StreamsBatch struct {
	OrgID int64 // the branch; every record is of it, its groups or its people

	Campaigns      []zhibu.Campaign // with their Items
	Activities     []ActivityRecord
	StudyPlans     []zhibu.StudyPlan // with their Items
	StudySessions  []zhibu.StudySession
	StudyNotes     []StudyNoteRecord
	StudySummaries []zhibu.StudySummary
	Supervisions   []zhibu.Supervision
	Talks          []zhibu.Talk
	Reviews        []ReviewRecord
	Disclosures    []zhibu.Disclosure
	Letters        []zhibu.Letter // WriterID 0 for an anonymous letter
	Papers         []zhibu.Paper
	MemberFiles    []zhibu.MemberFile
	Absences       []zhibu.MemberAbsence
}

// ActivityRecord is an activity with its attendance; Campaign and Item,
// when set, place it in the batch's campaigns (from 1) and that
// campaign's items (from 1): the planned item it carries out.
type ActivityRecord struct {
	Activity       zhibu.Activity
	Campaign, Item int
	Attendance     []zhibu.Attendance
}

// StudyNoteRecord is a study note; Session, when set, is the batch's
// session (from 1) it was written for.
type StudyNoteRecord struct {
	Note    zhibu.StudyNote
	Session int
}

// ReviewRecord is the branch's part of a secretary's review round already
// opened (ReportID): the report as it stands, its roll and the vote. As
// CastReviewBallot keeps them, the roll holds for each member only the
// day they voted (VotedOn for those in Voted, none for the rest) and the
// tally only the counts: nothing links a grade to a voter.
type ReviewRecord struct {
	ReportID int64
	Report   zhibu.SecretaryReport // Status, SecretaryID, the four sections, FiledOn, PresentedOn, ReportedOn
	Roll     []int64               // the full members on the roll of the vote, when it was held
	Voted    map[int64]bool
	VotedOn  zhibu.Date
	Tally    zhibu.ReviewTally
}

// Rows per statement of the streams' inserts.
const bulkStreamRows = 200

// streamsPerms are the rights a batch needs on its branch: each kind of
// record present asks the right its own write asks.
func (b StreamsBatch) perms() []zhibu.Perm {
	var out []zhibu.Perm
	need := func(n int, p zhibu.Perm) {
		if n > 0 && !containsPerm(out, p) {
			out = append(out, p)
		}
	}
	need(len(b.Campaigns)+len(b.Activities), zhibu.PermActivityWrite)
	need(len(b.StudyPlans)+len(b.StudySessions)+len(b.StudyNotes)+len(b.StudySummaries)+len(b.Talks), zhibu.PermStudyWrite)
	need(len(b.Supervisions), zhibu.PermOrgManage)
	need(len(b.Reviews), zhibu.PermReviewWrite)
	need(len(b.Disclosures), zhibu.PermDisclose)
	need(len(b.Disclosures), zhibu.PermSecrecyReview)
	need(len(b.Disclosures), zhibu.PermDiscloseApprove)
	need(len(b.Letters), zhibu.PermMailbox)
	need(len(b.Papers), zhibu.PermPaper)
	need(len(b.MemberFiles)+len(b.Absences), zhibu.PermPeopleWrite)
	return out
}

func containsPerm(ps []zhibu.Perm, p zhibu.Perm) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

// SaveStreamsBulk writes a branch's batch in one transaction with
// multi-row inserts, all or nothing, audited once ("streams.bulk") on the
// branch. The actor must hold, on the branch, the right each kind of
// record present needs (activity.write, study.write, org.manage for
// supervisions, review.write, the three disclosure rights, mailbox.handle,
// paper.write, people.write for member files and absences): else
// zhibu.ErrForbidden; a branch outside the scope is not found. The records
// are the generator's, built valid; the store checks only that the
// batch's references hold (a place in the batch that is not there is
// zhibu.ErrInvalid) and the tables' own constraints. The search index
// takes the records in the same transaction.
func (s *Store) SaveStreamsBulk(ctx context.Context, b StreamsBatch) error {
	org, err := s.Org(ctx, b.OrgID)
	if err != nil {
		return err
	}
	actor := zhibu.ActorFrom(ctx)
	for _, p := range b.perms() {
		if !actor.Can(p, org.Path) {
			return forbidden("批量写入" + org.Name + "的记录")
		}
	}
	for i, a := range b.Activities {
		if a.Campaign < 0 || a.Campaign > len(b.Campaigns) || (a.Campaign > 0 && (a.Item < 0 || a.Item > len(b.Campaigns[a.Campaign-1].Items))) {
			return zhibu.Errorf(zhibu.ErrInvalid, "第"+strconv.Itoa(i+1)+"项活动：专项教育或计划事项不存在")
		}
	}
	for i, n := range b.StudyNotes {
		if n.Session < 0 || n.Session > len(b.StudySessions) {
			return zhibu.Errorf(zhibu.ErrInvalid, "第"+strconv.Itoa(i+1)+"篇学习笔记：学习不存在")
		}
	}
	now := s.stamp()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.bulkActivities(ctx, tx, b, now); err != nil {
			return fmt.Errorf("activities: %w", err)
		}
		if err := s.bulkStudy(ctx, tx, b, now); err != nil {
			return fmt.Errorf("study: %w", err)
		}
		if err := s.bulkVoice(ctx, tx, b, org.ParentID, now); err != nil {
			return fmt.Errorf("voice: %w", err)
		}
		// The search index, kept in the write's transaction as elsewhere.
		if err := s.indexKindsUnder(ctx, tx, org.Path, zhibu.SearchActivity, zhibu.SearchStudy, zhibu.SearchTalk, zhibu.SearchLetter); err != nil {
			return err
		}
		n := len(b.Activities) + len(b.StudySessions) + len(b.StudyNotes) + len(b.Talks) + len(b.Disclosures) + len(b.Letters) + len(b.MemberFiles)
		return s.audit(ctx, tx, Event{Action: audit.StreamsBulk, ObjectType: "org", ObjectID: strconv.FormatInt(org.ID, 10), OrgPath: org.Path,
			Result: "ok", Detail: fmt.Sprintf("批量写入%s的活动、学习、谈心谈话、述职评议、党务公开、信箱、论文和党员档案记录%d条", org.Name, n)})
	})
	if err != nil {
		return fmt.Errorf("save streams of %s: %w", org.Name, err)
	}
	return nil
}

// insertAll runs one multi-row insert of n rows, row(i) giving row i's values.
func (s *Store) insertAll(ctx context.Context, tx *sql.Tx, head string, cols, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	bi := s.newBulkInsert(tx, head, cols, bulkStreamRows)
	defer bi.close()
	for i := range n {
		if err := bi.add(ctx, row(i)...); err != nil {
			return err
		}
	}
	return bi.flush(ctx)
}

func (s *Store) bulkActivities(ctx context.Context, tx *sql.Tx, b StreamsBatch, now any) error {
	campaignIDs := make([]int64, len(b.Campaigns))
	if err := s.reserveIDs(ctx, tx, "campaigns", campaignIDs); err != nil {
		return err
	}
	type item struct {
		campaign int
		it       zhibu.CampaignItem
		pos      int
	}
	var items []item
	for ci, c := range b.Campaigns {
		for j, it := range c.Items {
			items = append(items, item{ci, it, j + 1})
		}
	}
	itemIDs := make([]int64, len(items))
	if err := s.reserveIDs(ctx, tx, "campaign_items", itemIDs); err != nil {
		return err
	}
	itemID := func(campaign, pos int) int64 { // from 1 each
		for k, it := range items {
			if it.campaign == campaign-1 && it.pos == pos {
				return itemIDs[k]
			}
		}
		return 0
	}
	activityIDs := make([]int64, len(b.Activities))
	if err := s.reserveIDs(ctx, tx, "activities", activityIDs); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO campaigns (id, org_id, title, starts_on, ends_on, created_at) VALUES `, 6, len(b.Campaigns), func(i int) []any {
		c := b.Campaigns[i]
		return []any{campaignIDs[i], c.OrgID, c.Title, c.StartsOn, c.EndsOn, now}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO campaign_items (id, campaign_id, position, title, due_on) VALUES `, 5, len(items), func(i int) []any {
		it := items[i]
		return []any{itemIDs[i], campaignIDs[it.campaign], it.pos, it.it.Title, it.it.DueOn}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO activities (id, org_id, kind, title, held_on, place, organizer_id, liaison_id, occasion, campaign_id, item_id,
		meeting_id, summary, expected, present, excused, absent, created_at, updated_at) VALUES `, 19, len(b.Activities), func(i int) []any {
		r := b.Activities[i]
		a := r.Activity
		var cid, iid int64
		if r.Campaign > 0 {
			cid = campaignIDs[r.Campaign-1]
			if r.Item > 0 {
				iid = itemID(r.Campaign, r.Item)
			}
		}
		if len(r.Attendance) > 0 {
			a.Expected, a.Present, a.Excused, a.Absent = len(r.Attendance), 0, 0, 0
			for _, x := range r.Attendance {
				switch x.Status {
				case zhibu.AttendPresent:
					a.Present++
				case zhibu.AttendExcused:
					a.Excused++
				default:
					a.Absent++
				}
			}
		}
		return []any{activityIDs[i], a.OrgID, string(a.Kind), a.Title, a.HeldOn, a.Place, a.OrganizerID, nullID(a.LiaisonID), string(a.Occasion),
			nullID(cid), nullID(iid), nullID(a.MeetingID), a.Summary, a.Expected, a.Present, a.Excused, a.Absent, now, now}
	}); err != nil {
		return err
	}
	type att struct {
		activity int64
		a        zhibu.Attendance
	}
	var atts []att
	for i, r := range b.Activities {
		for _, a := range r.Attendance {
			atts = append(atts, att{activityIDs[i], a})
		}
	}
	return s.insertAll(ctx, tx, `INSERT INTO activity_attendance (activity_id, person_id, status, reason) VALUES `, 4, len(atts), func(i int) []any {
		return []any{atts[i].activity, atts[i].a.PersonID, string(atts[i].a.Status), atts[i].a.Reason}
	})
}

func (s *Store) bulkStudy(ctx context.Context, tx *sql.Tx, b StreamsBatch, now any) error {
	planIDs := make([]int64, len(b.StudyPlans))
	if err := s.reserveIDs(ctx, tx, "study_plans", planIDs); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO study_plans (id, org_id, year, kind, title, issued_on, created_at) VALUES `, 7, len(b.StudyPlans), func(i int) []any {
		p := b.StudyPlans[i]
		return []any{planIDs[i], p.OrgID, p.Year, string(p.Kind), p.Title, p.IssuedOn, now}
	}); err != nil {
		return err
	}
	type planItem struct {
		plan int64
		seq  int
		it   zhibu.StudyPlanItem
	}
	var pis []planItem
	for i, p := range b.StudyPlans {
		for j, it := range p.Items {
			pis = append(pis, planItem{planIDs[i], j + 1, it})
		}
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO study_plan_items (plan_id, seq, month, topic, materials) VALUES `, 5, len(pis), func(i int) []any {
		return []any{pis[i].plan, pis[i].seq, pis[i].it.Month, pis[i].it.Topic, pis[i].it.Materials}
	}); err != nil {
		return err
	}
	sessionIDs := make([]int64, len(b.StudySessions))
	if err := s.reserveIDs(ctx, tx, "study_sessions", sessionIDs); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO study_sessions (id, org_id, held_on, topic, materials, minutes, created_at) VALUES `, 7, len(b.StudySessions), func(i int) []any {
		x := b.StudySessions[i]
		return []any{sessionIDs[i], x.OrgID, x.HeldOn, x.Topic, x.Materials, x.Minutes, now}
	}); err != nil {
		return err
	}
	var present [][2]int64
	for i, x := range b.StudySessions {
		for _, id := range x.Present {
			present = append(present, [2]int64{sessionIDs[i], id})
		}
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO study_attendance (session_id, person_id) VALUES `, 2, len(present), func(i int) []any {
		return []any{present[i][0], present[i][1]}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO study_notes (person_id, session_id, written_on, title, content, minutes, created_at) VALUES `, 7, len(b.StudyNotes), func(i int) []any {
		r := b.StudyNotes[i]
		var sid int64
		if r.Session > 0 {
			sid = sessionIDs[r.Session-1]
		}
		return []any{r.Note.PersonID, nullID(sid), r.Note.WrittenOn, r.Note.Title, r.Note.Content, r.Note.Minutes, now}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO study_summaries (org_id, year, written_on, body, updated_at) VALUES `, 5, len(b.StudySummaries), func(i int) []any {
		x := b.StudySummaries[i]
		return []any{x.OrgID, x.Year, x.WrittenOn, x.Text, now}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO supervisions (org_id, supervisor_id, officer_id, start_on, end_on, created_at) VALUES `, 6, len(b.Supervisions), func(i int) []any {
		v := b.Supervisions[i]
		return []any{v.OrgID, v.SupervisorID, v.OfficerID, v.StartOn, v.EndOn, now}
	}); err != nil {
		return err
	}
	return s.insertAll(ctx, tx, `INSERT INTO talks (org_id, a_id, b_id, held_on, place, topics, follow_up, recorded_by, created_at) VALUES `, 9, len(b.Talks), func(i int) []any {
		t := b.Talks[i]
		return []any{t.OrgID, t.AID, t.BID, t.HeldOn, t.Place, t.Topics, t.FollowUp, nullID(t.RecordedBy), now}
	})
}

func (s *Store) bulkVoice(ctx context.Context, tx *sql.Tx, b StreamsBatch, bureau int64, now any) error {
	for _, r := range b.Reviews {
		x := r.Report
		res, err := tx.ExecContext(ctx, `UPDATE review_reports SET status = $1, secretary_id = $2, work_done = $3, results = $4, problems = $5, plan = $6,
			filed_on = $7, presented_on = $8, reported_on = $9 WHERE id = $10 AND org_id = $11 AND status = 'open'`,
			string(x.Status), nullID(x.SecretaryID), x.WorkDone, x.Results, x.Problems, x.Plan, x.FiledOn, x.PresentedOn, x.ReportedOn, r.ReportID, b.OrgID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return zhibu.Errorf(zhibu.ErrConflict, "述职评议"+strconv.FormatInt(r.ReportID, 10)+"不是本支部待开展的评议")
		}
		// The roll in the order of the people's ids, each with the day
		// only, as PresentReviewReport and CastReviewBallot leave it.
		if err := s.insertAll(ctx, tx, `INSERT INTO review_voters (report_id, person_id, voted_on) VALUES `, 3, len(r.Roll), func(i int) []any {
			var on zhibu.Date
			if r.Voted[r.Roll[i]] {
				on = r.VotedOn
			}
			return []any{r.ReportID, r.Roll[i], on}
		}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_tally SET good = $1, fair = $2, average = $3, poor = $4 WHERE report_id = $5`,
			r.Tally.Good, r.Tally.Fair, r.Tally.Average, r.Tally.Poor, r.ReportID); err != nil {
			return err
		}
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO disclosures (org_id, category, period_kind, period_year, period_n, title, content, audience, form, planned_on,
		status, proposed_by, proposed_on, reviewed_by, reviewed_on, review_note, approved_by, approved_on, published_on, withdrawn_on, reason, bureau_org_id) VALUES `,
		22, len(b.Disclosures), func(i int) []any {
			d := b.Disclosures[i]
			return []any{d.OrgID, string(d.Category), string(d.Period.Kind), d.Period.Year, d.Period.N, d.Title, d.Content, string(d.Audience), d.Form,
				d.PlannedOn, string(d.Status), d.ProposedBy, d.ProposedOn, d.ReviewedBy, d.ReviewedOn, d.ReviewNote, d.ApprovedBy, d.ApprovedOn,
				d.PublishedOn, d.WithdrawnOn, d.Reason, nullID(bureau)}
		}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO letters (org_id, recipient, anonymous, writer_id, subject, body, written_on, receipt_hash, handler_id, reply,
		replied_on, closed_on) VALUES `, 12, len(b.Letters), func(i int) []any {
		l := b.Letters[i]
		anon := 0
		if l.Anonymous {
			anon = 1
		}
		// A fresh receipt code that no one is given: the generated letters
		// are read by their handlers, not by their writers.
		return []any{l.OrgID, string(l.To), anon, nullID(l.WriterID), l.Subject, l.Body, l.WrittenOn, s.receiptHash(newReceipt()), nullID(l.HandlerID), l.Reply,
			l.RepliedOn, l.ClosedOn}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO papers (org_id, year, topic, due_on, submitted_on, final_draft) VALUES `, 6, len(b.Papers), func(i int) []any {
		p := b.Papers[i]
		return []any{p.OrgID, p.Year, p.Topic, p.DueOn, p.SubmittedOn, p.FinalDraft}
	}); err != nil {
		return err
	}
	if err := s.insertAll(ctx, tx, `INSERT INTO member_files (person_id, kept_by, number, checked_on, updated_at) VALUES `, 5, len(b.MemberFiles), func(i int) []any {
		f := b.MemberFiles[i]
		return []any{f.PersonID, strings.TrimSpace(f.KeptBy), strings.TrimSpace(f.Number), f.CheckedOn, now}
	}); err != nil {
		return err
	}
	return s.insertAll(ctx, tx, `INSERT INTO member_absences (person_id, kind, from_on, until_on, place, last_contact_on, note, created_at, updated_at) VALUES `,
		9, len(b.Absences), func(i int) []any {
			a := b.Absences[i]
			return []any{a.PersonID, string(a.Kind), a.From, a.Until, a.Place, a.LastContact, a.Note, now, now}
		})
}
