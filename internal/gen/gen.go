// Package gen makes synthetic organizations and people at the scale tiers
// of DESIGN.md (S: one branch, M: a bureau, L: a province), deterministic
// for a seed, for benchmarks and load runs.
package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// Tier is a scale tier.
type Tier struct {
	Name            string
	Branches        int
	GroupsPerBranch int
	PeoplePerBranch int
}

// Tiers by name. L has 20,000 branches and 1,000,000 people.
var Tiers = map[string]Tier{
	"S": {"S", 1, 3, 30},
	"M": {"M", 200, 3, 50},
	"L": {"L", 20000, 3, 50},
}

// Progress is told how many branches are done out of how many.
type Progress func(done, total int)

// Generate fills an empty database with a committee and the tier's
// branches, each with groups, people (about two thirds party members), a
// committee term and group leaders. It returns the committee.
func Generate(ctx context.Context, s *store.Store, t Tier, seed uint64, progress Progress) (zhibu.Org, error) {
	g := &generator{s: s, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), used: map[string]bool{}}
	root, err := s.CreateOrg(ctx, zhibu.Org{Code: "GEN", Name: "模拟市公安局党委", Kind: zhibu.KindCommittee, FoundedOn: zhibu.MakeDate(1990, 7, 1)})
	if err != nil {
		return zhibu.Org{}, fmt.Errorf("gen: %w", err)
	}
	for b := 1; b <= t.Branches; b++ {
		if err := g.branch(ctx, root, b, t); err != nil {
			return zhibu.Org{}, fmt.Errorf("gen branch %d: %w", b, err)
		}
		if progress != nil {
			progress(b, t.Branches)
		}
	}
	return root, nil
}

type generator struct {
	s    *store.Store
	rnd  *rand.Rand
	used map[string]bool
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
	people := make([]zhibu.Person, t.PeoplePerBranch)
	for i := range people {
		people[i] = g.person(units)
		if people[i].Status.IsMember() {
			people[i].GroupID = groups[i%len(groups)]
		}
	}
	if _, err := g.s.ImportPeople(ctx, b.ID, people); err != nil {
		return err
	}
	return g.committee(ctx, b.ID, groups)
}

// committee elects a five-seat committee and makes a leader of each group.
func (g *generator) committee(ctx context.Context, branchID int64, groups []int64) error {
	members, err := g.s.People(ctx, branchID, zhibu.PersonFilter{Members: true})
	if err != nil {
		return err
	}
	positions := []zhibu.Position{zhibu.Secretary, zhibu.DeputySecretary, zhibu.OrgOfficer, zhibu.PropagandaOfficer, zhibu.DisciplineOfficer}
	if len(members) < len(positions)+len(groups) {
		return nil
	}
	term := zhibu.Term{OrgID: branchID, ElectedOn: zhibu.MakeDate(2022+g.rnd.IntN(4), time.Month(1+g.rnd.IntN(12)), 1+g.rnd.IntN(28)), Years: 3}
	for i, p := range positions {
		term.Seats = append(term.Seats, zhibu.Seat{PersonID: members[i].ID, Position: p})
	}
	if _, err := g.s.StartTerm(ctx, term); err != nil {
		return err
	}
	for _, gid := range groups {
		for _, m := range members {
			if m.GroupID == gid {
				if err := g.s.SetGroupLeader(ctx, gid, m.ID, term.ElectedOn); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆帅旭宁龙林欣玲峰晨晶丹雪琳亮成海波")
	statuses = []zhibu.PartyStatus{zhibu.FullMember, zhibu.FullMember, zhibu.FullMember, zhibu.FullMember, zhibu.FullMember, zhibu.FullMember,
		zhibu.Probationary, zhibu.Candidate, zhibu.Activist, zhibu.Applicant, zhibu.Masses, zhibu.Masses}
)

func (g *generator) person(units []string) zhibu.Person {
	r := g.rnd
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
		Education: zhibu.Educations[2+r.IntN(2)], Status: statuses[r.IntN(len(statuses))]}
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
