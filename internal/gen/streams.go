package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"zhibu"
	"zhibu/internal/rules"
	"zhibu/internal/store"
)

// StreamsResult is what Streams made.
type StreamsResult struct {
	Activities    int // themed, campaign, unified and liaison activities
	Campaigns     int
	StudySessions int
	StudyNotes    int
	Talks         int
	Reviews       int // branches' parts of the secretary's review with a vote
	Ballots       int // ballots counted (anonymous: the roll keeps the day only)
	Disclosures   int
	Letters       int
	Papers        int
	MemberFiles   int
	Absences      int
}

// streamYears are the years Streams fills for a tier: the year before
// Until's and Until's (to Until), or Until's alone when the tier says so.
func streamYears(t Tier) []int {
	if t.StreamYears == 1 {
		return []int{Until.Year}
	}
	return []int{Until.Year - 1, Until.Year}
}

// Streams gives every branch under root the records of the streams that
// came after the meetings, for the tier's stream years: themed activities
// at 七一 and 十一, a campaign (专项教育) with its items, liaison and unified
// activities (activities.go); study plans, sessions with attendance, notes,
// summaries, supervisions and heart-to-heart talks (study.go); its part of
// the superior's secretary review with an anonymous vote, disclosures,
// mailbox letters and the research paper (voice.go); member files and
// absences (members.go). The superior (root) opens the review round of
// each year whose window has closed by Until and adopts the seed plan's
// branch-layer rules for its subtree (stance.filing, activity.occasions,
// study.records, talk.seed) as its own layer.
//
// Each branch is diligent, patchy or lax (about 7 in 10, 1 in 4 and 1 in
// 20), which sets how often it keeps each obligation: most branches are
// compliant, some have gaps, a few many. Each branch draws from its own
// random sequence (from seed and the branch's id), so the rest of the
// generated data is the same with or without the streams; each branch is
// written in one transaction (store.SaveStreamsBulk).
func Streams(ctx context.Context, s *store.Store, root zhibu.Org, t Tier, seed uint64, progress Progress) (StreamsResult, error) {
	var res StreamsResult
	years := streamYears(t)
	if err := adoptSeedRules(ctx, s, root, zhibu.MakeDate(years[0], 1, 1)); err != nil {
		return res, fmt.Errorf("gen streams: %w", err)
	}
	reports := map[int]map[int64]int64{} // year → branch → report id
	for _, y := range years {
		opens, closes := zhibu.ReviewWindow(y, zhibu.DefaultReviewFrom, zhibu.DefaultReviewTo)
		if closes.After(Until) {
			continue
		}
		r, err := s.OpenReviewRound(ctx, zhibu.ReviewRound{OrgID: root.ID, Year: y, OpensOn: opens, ClosesOn: closes})
		if err != nil {
			return res, fmt.Errorf("gen streams: review round %d: %w", y, err)
		}
		rs, err := s.RoundReports(ctx, r.ID)
		if err != nil {
			return res, fmt.Errorf("gen streams: %w", err)
		}
		reports[y] = map[int64]int64{}
		for _, x := range rs {
			reports[y][x.OrgID] = x.ID
		}
	}
	branches, err := s.Orgs(ctx, store.OrgFilter{Under: root.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil {
		return res, fmt.Errorf("gen streams: %w", err)
	}
	for i, b := range branches {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		sb, err := newStreamBranch(ctx, s, b, seed, years)
		if err != nil {
			return res, fmt.Errorf("gen streams %s: %w", b.Name, err)
		}
		if sb != nil {
			batch := store.StreamsBatch{OrgID: b.ID}
			sb.activities(&batch, &res)
			sb.study(&batch, &res)
			sb.voice(&batch, &res, reports)
			sb.memberRecords(&batch, &res)
			if err := s.SaveStreamsBulk(ctx, batch); err != nil {
				return res, fmt.Errorf("gen streams %s: %w", b.Name, err)
			}
		}
		if progress != nil {
			progress(i+1, len(branches))
		}
	}
	return res, nil
}

// adoptSeedRules records the seed plan's branch-layer rules of the later
// streams as root's superior layer from day from.
func adoptSeedRules(ctx context.Context, s *store.Store, root zhibu.Org, from zhibu.Date) error {
	vs := append(rules.SeedActivityLayer(root.ID, from), rules.StudyTalkSeedLayer(root.ID, from)...)
	for _, v := range vs {
		v.Layer = zhibu.LayerSuperior
		v.Source = root.Name + "转发：" + v.Source
		if err := s.AddRuleVersion(ctx, v); err != nil {
			return err
		}
	}
	return nil
}

// streamBranch is what the streams of one branch are made from.
type streamBranch struct {
	b       zhibu.Org
	r       *rand.Rand
	keep    int // percent: how often the branch keeps an obligation
	years   []int
	members []zhibu.Person // full and probationary, on the roster
	groups  []int64
	terms   []zhibu.Term // newest first
}

// newStreamBranch reads branch b's members, groups and terms; nil for a
// branch without a committee (too few members).
func newStreamBranch(ctx context.Context, s *store.Store, b zhibu.Org, seed uint64, years []int) (*streamBranch, error) {
	terms, err := s.Terms(ctx, b.ID)
	if err != nil || len(terms) == 0 {
		return nil, err
	}
	members, err := s.People(ctx, b.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return nil, err
	}
	groups, err := s.Groups(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	sb := &streamBranch{b: b, r: rand.New(rand.NewPCG(seed^0x57e3a5, uint64(b.ID))), years: years, members: members, terms: terms}
	for _, g := range groups {
		sb.groups = append(sb.groups, g.ID)
	}
	switch x := sb.r.IntN(100); {
	case x < 70:
		sb.keep = 96
	case x < 95:
		sb.keep = 75
	default:
		sb.keep = 40
	}
	return sb, nil
}

// kept reports whether the branch keeps an obligation this time.
func (sb *streamBranch) kept() bool { return sb.r.IntN(100) < sb.keep }

// seats are the committee's seats on day d (secretary, deputy, organization,
// propaganda and discipline officer, as the generator elects them).
func (sb *streamBranch) seats(d zhibu.Date) []zhibu.Seat {
	for _, t := range sb.terms {
		if !t.ElectedOn.After(d) {
			return t.Seats
		}
	}
	return sb.terms[len(sb.terms)-1].Seats
}

// holder is the person in position p on day d (0: none).
func (sb *streamBranch) holder(p zhibu.Position, d zhibu.Date) int64 {
	for _, st := range sb.seats(d) {
		if st.Position == p {
			return st.PersonID
		}
	}
	return 0
}

// committee are the distinct people on the committee on day d.
func (sb *streamBranch) committee(d zhibu.Date) []int64 {
	var out []int64
	for _, st := range sb.seats(d) {
		if !containsID(out, st.PersonID) {
			out = append(out, st.PersonID)
		}
	}
	return out
}

// membersOn are the members admitted by day d.
func (sb *streamBranch) membersOn(d zhibu.Date) []zhibu.Person {
	var out []zhibu.Person
	for _, p := range sb.members {
		if !p.AdmittedOn.IsZero() && !p.AdmittedOn.After(d) && !p.JoinedOn.After(d) {
			out = append(out, p)
		}
	}
	return out
}

// yearEnd is the last day of year y that the history reaches.
func yearEnd(y int) zhibu.Date {
	if e := zhibu.MakeDate(y, 12, 31); e.Before(Until) {
		return e
	}
	return Until
}

// dayIn is a day from a to b (a if b is before a).
func (sb *streamBranch) dayIn(a, b zhibu.Date) zhibu.Date { return between(sb.r, a, b) }

// attendance is the attendance of the people on a day: present mostly,
// some excused for duty, a few absent.
func (sb *streamBranch) attendance(people []zhibu.Person) []zhibu.Attendance {
	out := make([]zhibu.Attendance, 0, len(people))
	for _, p := range people {
		a := zhibu.Attendance{PersonID: p.ID, Status: zhibu.AttendPresent}
		switch x := sb.r.IntN(100); {
		case x < 8:
			a.Status, a.Reason = zhibu.AttendExcused, excuses[sb.r.IntN(len(excuses))]
		case x < 10:
			a.Status = zhibu.AttendAbsent
		}
		out = append(out, a)
	}
	return out
}

// names of the people of the branch, by id.
func (sb *streamBranch) name(id int64) string {
	for _, p := range sb.members {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

// stamp is noon of day d, for what is dated by the time.
func stamp(d zhibu.Date) time.Time { return at(d, 12, 0) }
