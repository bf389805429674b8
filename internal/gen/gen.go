// Package gen makes synthetic organizations, people and organizational
// life at the scale tiers of DESIGN.md (S: one branch, M: a bureau, L: a
// province), deterministic for a seed, for benchmarks and load runs.
package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// Tier is a scale tier. Years is how many years of meetings it has, up to
// Until (0: none); AttendanceYears how many of the last of them record
// each person's attendance (older meetings keep only their counts, so that
// L stays within reach: 0 means all of them).
type Tier struct {
	Name            string
	Branches        int
	GroupsPerBranch int
	PeoplePerBranch int
	Years           int
	AttendanceYears int
	// BranchesPerCounty, when set, puts the branches under county
	// committees of that many branches each, under the root (a province's
	// tree); otherwise they sit directly under the root (a bureau's).
	BranchesPerCounty int
	// DevHeavy makes most of a branch's people (four in five) applicants,
	// activists, candidates and probationary members with their
	// development files, a third of whose files wait for the superior
	// (the shape of a development-heavy load test, docs/performance.md).
	DevHeavy bool
	// NoStreams leaves out the streams after the meetings (Streams:
	// activities, study and talks, the review, disclosure, the mailbox,
	// the paper, member records), as the generator was before them: for a
	// comparison of the same tier with and without them.
	NoStreams bool
	// StreamYears is how many years Streams fills: 1 for Until's year
	// alone; otherwise the year before it too.
	StreamYears int
}

// Tiers by name. L has 20,000 branches and 1,000,000 people.
var Tiers = map[string]Tier{
	"S": {Name: "S", Branches: 1, GroupsPerBranch: 3, PeoplePerBranch: 30, Years: 1},
	"M": {Name: "M", Branches: 200, GroupsPerBranch: 3, PeoplePerBranch: 50, Years: 5},
	"L": {Name: "L", Branches: 20000, GroupsPerBranch: 3, PeoplePerBranch: 50, Years: 5, AttendanceYears: 1, BranchesPerCounty: 200, StreamYears: 1},
	// DEV: six branches with about a thousand people in development
	// (zhibu gen --dev-heavy).
	"DEV": {Name: "DEV", Branches: 6, GroupsPerBranch: 3, PeoplePerBranch: 210, Years: 1, DevHeavy: true},
}

// Until is the last day of the generated history: a tier's Years of
// meetings end on it. It is fixed, so that a seed always makes the same data.
var Until = zhibu.MakeDate(2026, 6, 30)

// Progress is told how many branches are done out of how many.
type Progress func(done, total int)

// Result is what Run made.
type Result struct {
	Root       zhibu.Org
	Orgs       int // the committees, branches and groups
	Committees int // the root and the county committees
	Branches   int
	People     int
	Members    int // full and probationary
	Terms      int // committee terms, past and current
	Meetings   int
	Attendance int // attendance rows
	// Superior is the secretary of the root committee, elected in a
	// DevHeavy tier only (0 otherwise): the superior whose queue the load
	// test reads.
	Superior zhibu.Person
	// Streams is what Streams made (nothing with Tier.NoStreams).
	Streams StreamsResult
}

// Generate fills an empty database with a committee and the tier's
// branches, each with groups, people (about two thirds party members), its
// committee terms (some re-elected late, some overdue), group leaders and
// the tier's years of meetings. It returns the committee.
func Generate(ctx context.Context, s *store.Store, t Tier, seed uint64, progress Progress) (zhibu.Org, error) {
	r, err := Run(ctx, s, t, seed, progress)
	return r.Root, err
}

// Run is Generate, saying what it made. It refuses a database that is not
// empty (zhibu.ErrConflict). Each branch is written in a few transactions
// and its meetings in one, so memory stays that of one branch whatever the
// tier; progress is told after each branch.
func Run(ctx context.Context, s *store.Store, t Tier, seed uint64, progress Progress) (Result, error) {
	var res Result
	empty, err := s.Empty(ctx)
	if err != nil {
		return res, fmt.Errorf("gen: %w", err)
	}
	if !empty {
		return res, zhibu.Errorf(zhibu.ErrConflict, "数据库不为空，模拟数据只能生成到空数据库")
	}
	if today := zhibu.Today(time.Now()); t.Years > 0 && today.Before(Until) {
		return res, zhibu.Errorf(zhibu.ErrConflict, "系统日期（"+today.Chinese()+"）早于模拟数据的截止日期（"+Until.Chinese()+"）")
	}
	g := &generator{s: s, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), used: map[string]bool{}, res: &res}
	res.Root, err = s.CreateOrg(ctx, zhibu.Org{Code: "GEN", Name: "模拟市公安局党委", Kind: zhibu.KindCommittee, FoundedOn: zhibu.MakeDate(1990, 7, 1)})
	if err != nil {
		return res, fmt.Errorf("gen: %w", err)
	}
	res.Orgs, res.Committees = 1, 1
	parent := res.Root
	for b := 1; b <= t.Branches; b++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if per := t.BranchesPerCounty; per > 0 && (b-1)%per == 0 {
			n := (b-1)/per + 1
			parent, err = s.CreateOrg(ctx, zhibu.Org{Code: fmt.Sprintf("GC%03d", n), Name: fmt.Sprintf("模拟第%d县公安局党委", n),
				Kind: zhibu.KindCommittee, ParentID: res.Root.ID, FoundedOn: zhibu.MakeDate(1990, 7, 1)})
			if err != nil {
				return res, fmt.Errorf("gen county %d: %w", n, err)
			}
			res.Orgs++
			res.Committees++
		}
		if err := g.branch(ctx, parent, b, t); err != nil {
			return res, fmt.Errorf("gen branch %d: %w", b, err)
		}
		if progress != nil {
			progress(b, t.Branches)
		}
	}
	if t.DevHeavy {
		if err := g.superior(ctx, t); err != nil {
			return res, fmt.Errorf("gen superior: %w", err)
		}
	}
	if !t.NoStreams && t.Years > 0 {
		if res.Streams, err = Streams(ctx, s, res.Root, t, seed, nil); err != nil { // streams.go
			return res, err
		}
	}
	// Statistics for the planner: without them SQLite finds a branch's
	// meetings by scanning the period's meetings of every branch.
	if err := s.Analyze(ctx); err != nil {
		return res, fmt.Errorf("gen: %w", err)
	}
	return res, nil
}

type generator struct {
	s    *store.Store
	rnd  *rand.Rand
	used map[string]bool
	res  *Result
}

var unitNames = []string{"治安管理大队", "刑事侦查大队", "交通警察大队", "巡逻特警大队", "禁毒大队", "经济侦查大队", "网络安全大队", "办公室", "法制室", "警务保障室", "指挥中心"}

func (g *generator) branch(ctx context.Context, root zhibu.Org, n int, t Tier) error {
	units := []string{unitNames[n%len(unitNames)], unitNames[(n+3)%len(unitNames)]}
	b, err := g.s.CreateOrg(ctx, zhibu.Org{Code: fmt.Sprintf("G%05d", n), Name: fmt.Sprintf("第%d党支部", n),
		Kind: zhibu.KindBranch, ParentID: root.ID, FoundedOn: zhibu.MakeDate(2000+n%20, 7, 1), Units: units})
	if err != nil {
		return err
	}
	groups := make([]int64, t.GroupsPerBranch)
	for i := range groups {
		grp, err := g.s.CreateOrg(ctx, zhibu.Org{Code: fmt.Sprintf("G%05d-%d", n, i+1), Name: fmt.Sprintf("第%s党小组", chineseNumber(i+1)),
			Kind: zhibu.KindGroup, ParentID: b.ID})
		if err != nil {
			return err
		}
		groups[i] = grp.ID
	}
	g.res.Branches++
	g.res.Orgs += 1 + len(groups)
	h := newHistory(t)
	elected := h.firstElection(g.rnd)
	people := make([]zhibu.Person, t.PeoplePerBranch)
	for i := range people {
		people[i] = g.person(units, t.DevHeavy)
		people[i].JoinedOn = h.joined(g.rnd, people[i].BirthDate, elected)
		if people[i].Status.IsMember() {
			people[i].GroupID = groups[i%len(groups)]
			g.res.Members++
		}
	}
	if _, err := g.s.ImportPeople(ctx, b.ID, people); err != nil {
		return err
	}
	g.res.People += len(people)
	if err := g.development(ctx, b, t); err != nil { // development.go
		return err
	}
	bf, err := g.committee(ctx, b, groups, h, elected)
	if err != nil || bf == nil || t.Years == 0 {
		return err
	}
	if err := g.meetings(ctx, bf, h); err != nil {
		return err
	}
	return g.transfers(ctx, b, n)
}

// committee elects a five-seat committee before the history begins and
// re-elects it every three years — mostly on time, sometimes months late,
// sometimes not by Until — and makes a leader of each group. It returns
// what the meetings need to know of the branch, or nil for a branch with
// too few members for a committee.
func (g *generator) committee(ctx context.Context, b zhibu.Org, groups []int64, h history, elected zhibu.Date) (*branchFacts, error) {
	all, err := g.s.People(ctx, b.ID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return nil, err
	}
	positions := []zhibu.Position{zhibu.Secretary, zhibu.DeputySecretary, zhibu.OrgOfficer, zhibu.PropagandaOfficer, zhibu.DisciplineOfficer}
	// The committee is drawn from full members who were there at the first election.
	var eligible []zhibu.Person
	for _, p := range all {
		if p.Status == zhibu.FullMember && !p.JoinedOn.After(elected) && !p.ConfirmedOn.After(elected) {
			eligible = append(eligible, p)
		}
	}
	if len(eligible) < len(positions)+len(groups) {
		return nil, nil
	}
	bf := &branchFacts{branch: b, groups: groups, members: all, leaders: map[int64]int64{}}
	seats := make([]int64, len(positions))
	for i := range positions {
		seats[i] = eligible[i].ID
	}
	for _, e := range h.elections(g.rnd, elected) {
		if len(bf.terms) > 0 && g.rnd.IntN(5) == 0 {
			// A new deputy.
			seats[1] = eligible[len(positions)+g.rnd.IntN(len(eligible)-len(positions))].ID
		}
		term := zhibu.Term{OrgID: b.ID, ElectedOn: e, Years: 3}
		for i, p := range positions {
			term.Seats = append(term.Seats, zhibu.Seat{PersonID: seats[i], Position: p})
		}
		if _, err := g.s.StartTerm(ctx, term); err != nil {
			return nil, err
		}
		bf.terms = append(bf.terms, genTerm{elected: e, seats: append([]int64(nil), seats...)})
		g.res.Terms++
	}
	for _, gid := range groups {
		for _, m := range eligible {
			if m.GroupID == gid && !containsID(seats[:1], m.ID) {
				if err := g.s.SetGroupLeader(ctx, gid, m.ID, elected); err != nil {
					return nil, err
				}
				bf.leaders[gid] = m.ID
				break
			}
		}
	}
	return bf, nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆帅旭宁龙林欣玲峰晨晶丹雪琳亮成海波")
	statuses = []zhibu.PartyStatus{zhibu.FullMember, zhibu.FullMember, zhibu.FullMember, zhibu.FullMember, zhibu.FullMember, zhibu.FullMember,
		zhibu.Probationary, zhibu.Candidate, zhibu.Activist, zhibu.Applicant, zhibu.Masses, zhibu.Masses}
	// devStatuses are a DevHeavy tier's: one in five a full member.
	devStatuses = []zhibu.PartyStatus{zhibu.FullMember, zhibu.Probationary, zhibu.Probationary, zhibu.Candidate, zhibu.Candidate,
		zhibu.Activist, zhibu.Activist, zhibu.Applicant, zhibu.FullMember, zhibu.Probationary}
)

func (g *generator) person(units []string, devHeavy bool) zhibu.Person {
	r := g.rnd
	draw := statuses
	if devHeavy {
		draw = devStatuses
	}
	name := string(surnames[r.IntN(len(surnames))]) + string(given[r.IntN(len(given))])
	if r.IntN(2) == 0 {
		name += string(given[r.IntN(len(given))])
	}
	birth := zhibu.MakeDate(1968+r.IntN(25), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	var id string
	for {
		id = zhibu.MakeIDNumber("650102", birth, r.IntN(1000))
		if !g.used[id] {
			g.used[id] = true
			break
		}
	}
	p := zhibu.Person{Name: name, Gender: zhibu.IDGender(id), Ethnicity: "汉族", BirthDate: birth, IDNumber: id,
		Phone: fmt.Sprintf("13%09d", r.IntN(1e9)), Unit: units[r.IntN(len(units))], Officer: r.IntN(10) > 0,
		Education: zhibu.Educations[2+r.IntN(2)], Status: draw[r.IntN(len(draw))]}
	// Each stage reached follows the last by one to three years, from 22.
	d := birth.AddYears(22 + r.IntN(3))
	for _, st := range []struct {
		s  zhibu.PartyStatus
		at *zhibu.Date
	}{{zhibu.Applicant, &p.AppliedOn}, {zhibu.Activist, &p.ActivistOn}, {zhibu.Candidate, &p.CandidateOn}, {zhibu.Probationary, &p.AdmittedOn}, {zhibu.FullMember, &p.ConfirmedOn}} {
		if !p.Status.AtLeast(st.s) {
			break
		}
		*st.at = d
		d = d.AddYears(1).AddDays(r.IntN(300))
	}
	if p.Status == zhibu.Probationary {
		// Probation lasts a year: admitted within the last year.
		p.AdmittedOn = zhibu.MakeDate(2026, 1, 1).AddDays(-r.IntN(200))
		p.CandidateOn = p.AdmittedOn.AddDays(-100)
		p.ActivistOn = p.CandidateOn.AddYears(-1)
		p.AppliedOn = p.ActivistOn.AddDays(-200)
	}
	return p
}

func chineseNumber(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return d[n]
	}
	return fmt.Sprint(n)
}

// superior elects the root committee of a DevHeavy tier with one seat,
// its secretary, a full member of the first branch: the superior of every
// development file, whose queue the load test reads.
func (g *generator) superior(ctx context.Context, t Tier) error {
	b, err := g.s.OrgByCode(ctx, "G00001")
	if err != nil {
		return err
	}
	people, err := g.s.People(ctx, b.ID, zhibu.PersonFilter{Status: zhibu.FullMember})
	if err != nil {
		return err
	}
	if len(people) == 0 {
		return fmt.Errorf("no full member in %s", b.Name)
	}
	p := people[len(people)-1]
	if _, err := g.s.StartTerm(ctx, zhibu.Term{OrgID: g.res.Root.ID, ElectedOn: Until.AddYears(-1), Years: 5,
		Seats: []zhibu.Seat{{PersonID: p.ID, Position: zhibu.Secretary}}}); err != nil {
		return err
	}
	g.res.Terms++
	g.res.Superior = p
	return nil
}
