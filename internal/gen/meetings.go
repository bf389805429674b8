package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// history is the span of a tier's generated life: from Years before Until
// to Until, with attendance recorded from attendFrom on.
type history struct {
	from, to   zhibu.Date
	attendFrom zhibu.Date
}

func newHistory(t Tier) history {
	years := max(t.Years, 1)
	h := history{from: Until.AddDays(1).AddYears(-years), to: Until}
	h.attendFrom = h.from
	if t.AttendanceYears > 0 && t.AttendanceYears < years {
		h.attendFrom = Until.AddDays(1).AddYears(-t.AttendanceYears)
	}
	return h
}

// firstElection is when the committee in office when the history begins
// was elected: in the three years before it.
func (h history) firstElection(r *rand.Rand) zhibu.Date {
	return h.from.AddMonths(-1 - r.IntN(34)).AddDays(-r.IntN(28))
}

// joined is when a person came to the branch: most before its first
// election (from 22, and not before 2005), one in ten during the history.
func (h history) joined(r *rand.Rand, birth, elected zhibu.Date) zhibu.Date {
	if r.IntN(10) == 0 {
		return between(r, h.from, h.to.AddMonths(-1))
	}
	from := birth.AddYears(22)
	if from.Before(zhibu.MakeDate(2005, 1, 1)) {
		from = zhibu.MakeDate(2005, 1, 1)
	}
	if !from.Before(elected) {
		return elected.AddDays(-1)
	}
	return between(r, from, elected.AddDays(-1))
}

// elections are the committee's elections from the first: each three years
// on, seven in ten on time (within two months before the term ends), two
// in ten one to seven months late, one in ten not held by Until (the term
// is then overdue).
func (h history) elections(r *rand.Rand, first zhibu.Date) []zhibu.Date {
	out := []zhibu.Date{first}
	for e := first; ; {
		end := e.AddYears(3)
		switch x := r.IntN(10); {
		case x < 7:
			e = end.AddDays(-r.IntN(60))
		case x < 9:
			e = end.AddMonths(1 + r.IntN(6)).AddDays(r.IntN(28))
		default:
			return out
		}
		if e.After(h.to) {
			return out
		}
		out = append(out, e)
	}
}

func between(r *rand.Rand, a, b zhibu.Date) zhibu.Date {
	days := int(b.Time().Sub(a.Time()).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDays(r.IntN(days + 1))
}

// branchFacts is what the meetings need to know of a branch.
type branchFacts struct {
	branch  zhibu.Org
	groups  []int64
	members []zhibu.Person // full and probationary
	terms   []genTerm
	leaders map[int64]int64 // group → leader
}

// genTerm is a committee term: its seats in the order secretary, deputy,
// organization, propaganda and discipline officer.
type genTerm struct {
	elected zhibu.Date
	seats   []int64
}

// seatsOn are the seats of the term in force on d (the first term before it).
func (b *branchFacts) seatsOn(d zhibu.Date) []int64 {
	seats := b.terms[0].seats
	for _, t := range b.terms {
		if !t.elected.After(d) {
			seats = t.seats
		}
	}
	return seats
}

// Topics of generated meetings, drawn in turn.
var (
	committeeTopics = []string{"研究发展党员工作", "传达学习局党委文件精神", "研究部署“三会一课”工作", "研究党员民警思想动态",
		"研究立功受奖人员推荐", "研究党费收缴和使用情况", "研究召开支部党员大会议题", "研究党支部基础工作自查整改", "讨论年度党建论文选题"}
	assemblyTopics = []string{"传达学习局党委文件精神", "通报支部党建工作情况", "民主评议党员", "审议支部年度工作计划", "表彰优秀共产党员"}
	groupTopics    = []string{"学习上级党委文件精神", "收缴党费", "推荐入党积极分子", "学习党章党规", "民主评议党员", "交流学习心得"}
	lectureTopics  = []string{"《坚定理想信念 做党和人民的忠诚卫士》", "《传承红色基因 争做合格党员》", "《以严的基调强化正风肃纪》",
		"《弘扬伟大建党精神 筑牢忠诚警魂》", "《学习贯彻党的创新理论》"}
	themedTopics = []string{"重温入党誓词", "学雷锋志愿服务", "清明祭扫烈士陵园", "“民族团结一家亲”结亲走访", "禁毒宣传",
		"在职党员到社区报到", "参观廉政警示教育基地", "国家宪法日普法宣传"}
	resolutionTexts = []string{"通过支部年度党建工作计划", "确定入党积极分子", "接收预备党员", "同意预备党员按期转正", "推选优秀共产党员"}
	excuses         = []string{"出差", "值班", "执行安保任务", "病假", "外出办案", "公休假", "参加培训"}
)

// meetings generates the branch's meetings month by month and saves them
// in one batch, with the gaps of real branches: about one committee meeting
// in fifteen missed (some of them cancelled), one group meeting in twelve,
// one themed day in ten, one assembly in twenty; one or two lectures a
// half, some of them late; one meeting in twenty entered late (补录), a
// few without minutes or without a quorum; half the assemblies vote.
func (g *generator) meetings(ctx context.Context, b *branchFacts, h history) error {
	r := g.rnd
	var recs []store.MeetingRecord
	names := map[int64]string{}
	confirmed := map[int64]zhibu.Date{}
	for _, p := range b.members {
		names[p.ID] = p.Name
		confirmed[p.ID] = p.ConfirmedOn
	}
	add := func(orgID int64, typ zhibu.MeetingType, on zhibu.Date, chair, recorder, lecturer int64, topics []string, expected []int64) {
		m := zhibu.Meeting{OrgID: orgID, Type: typ, Status: zhibu.MeetingHeld, StartsAt: at(on, 9+r.IntN(8), 30*r.IntN(2)),
			ChairID: chair, RecorderID: recorder, LecturerID: lecturer, Topics: topics}
		var att []zhibu.Attendance
		present := 0
		quorumless := typ == zhibu.MeetCommittee && r.IntN(200) == 0
		for _, id := range expected {
			a := zhibu.Attendance{PersonID: id, Status: zhibu.AttendPresent}
			switch x := r.IntN(100); {
			case id == chair || id == recorder || id == lecturer:
			case quorumless || x < 8:
				a.Status, a.Reason = zhibu.AttendExcused, excuses[r.IntN(len(excuses))]
			case x < 10:
				a.Status = zhibu.AttendAbsent
			}
			if a.Status == zhibu.AttendPresent {
				present++
			}
			att = append(att, a)
		}
		m.Expected, m.Present = len(att), present
		if typ == zhibu.MeetAssembly && r.IntN(2) == 0 {
			// A vote of the full members present; now and then taken when
			// some had left, without a quorum.
			res := zhibu.Resolution{Text: resolutionTexts[r.IntN(len(resolutionTexts))]}
			for _, a := range att {
				if c := confirmed[a.PersonID]; !c.IsZero() && !c.After(on) {
					res.Entitled++
					if a.Status == zhibu.AttendPresent {
						res.Present++
					}
				}
			}
			if r.IntN(100) == 0 {
				res.Present = res.Entitled / 2
			}
			res.Abstain = min(res.Present, r.IntN(2))
			res.For = res.Present - res.Abstain
			if res.Entitled > 0 {
				m.Resolutions = []zhibu.Resolution{res}
			}
		}
		for _, a := range att {
			if a.Status == zhibu.AttendExcused {
				m.Excused++
			} else if a.Status == zhibu.AttendAbsent {
				m.Absent++
			}
		}
		if r.IntN(100) > 0 {
			m.Minutes = "会议由" + names[chair] + "主持，应到" + strconv.Itoa(m.Expected) + "人，实到" + strconv.Itoa(m.Present) + "人。" +
				"会议" + strings.Join(topics, "，") + "。"
		}
		m.EnteredAt = m.StartsAt.Add(time.Duration(60+r.IntN(180)) * time.Minute)
		if x := r.IntN(100); x < 5 || (typ == zhibu.MeetLecture && x < 15) {
			m.EnteredAt = m.EnteredAt.AddDate(0, 0, 5+r.IntN(36)) // 补录
		}
		if now := time.Now(); m.EnteredAt.After(now) {
			m.EnteredAt = now.Add(-time.Minute)
		}
		if typ == zhibu.MeetLecture || typ == zhibu.MeetStance {
			m.Filing, m.FiledAt = zhibu.FilingSubmitted, m.StartsAt.Add(24*time.Hour)
			if typ == zhibu.MeetStance {
				m.FiledAt = m.StartsAt.AddDate(0, 0, -7)
			}
			if m.FiledAt.Before(time.Date(Until.Year, Until.Month, 1, 0, 0, 0, 0, zhibu.DefaultZone)) {
				m.Filing, m.AckAt = zhibu.FilingAcknowledged, m.FiledAt.AddDate(0, 0, 2+r.IntN(5))
			}
		}
		rec := store.MeetingRecord{Meeting: m}
		if !on.Before(h.attendFrom) {
			rec.Attendance = att
			g.res.Attendance += len(att)
		}
		recs = append(recs, rec)
	}
	cancel := func(orgID int64, typ zhibu.MeetingType, on zhibu.Date) {
		starts := at(on, 16, 0)
		recs = append(recs, store.MeetingRecord{Meeting: zhibu.Meeting{OrgID: orgID, Type: typ, Status: zhibu.MeetingCancelled,
			StartsAt: starts, CancelReason: "临时执行安保任务，会议取消", EnteredAt: starts.AddDate(0, 0, -5)}})
	}
	// Who is expected: the branch's members (or a group's) who had joined
	// and been admitted by the day; the committee's seat holders.
	expected := func(group int64, on zhibu.Date) []int64 {
		var out []int64
		for _, p := range b.members {
			if (group == 0 || p.GroupID == group) && !p.JoinedOn.After(on) && !p.AdmittedOn.IsZero() && !p.AdmittedOn.After(on) {
				out = append(out, p.ID)
			}
		}
		return out
	}
	recorders := map[int64]int64{}
	for _, gid := range b.groups {
		for _, p := range b.members {
			if p.GroupID == gid && p.ID != b.leaders[gid] && p.JoinedOn.Before(h.from) {
				recorders[gid] = p.ID
				break
			}
		}
	}
	pick := func(xs []string) []string { return []string{xs[r.IntN(len(xs))]} }
	for month := zhibu.MonthOf(h.from); !month.Start().After(h.to); month = month.Next() {
		day := func() zhibu.Date { return month.Start().AddDays(r.IntN(month.End().Day)) }
		d := day()
		seats := b.seatsOn(d)
		chair := seats[0]
		if r.IntN(10) == 0 {
			chair = seats[1]
		}
		switch x := r.IntN(100); {
		case x < 2:
			cancel(b.branch.ID, zhibu.MeetCommittee, d)
		case x < 7:
		default:
			add(b.branch.ID, zhibu.MeetCommittee, d, chair, seats[2], 0, []string{committeeTopics[r.IntN(len(committeeTopics))], committeeTopics[r.IntN(len(committeeTopics))]}, seats)
		}
		if month.N%3 == 0 && r.IntN(20) > 0 {
			d := day()
			add(b.branch.ID, zhibu.MeetAssembly, d, b.seatsOn(d)[0], b.seatsOn(d)[2], 0, pick(assemblyTopics), expected(0, d))
		}
		for _, gid := range b.groups {
			if lead := b.leaders[gid]; lead != 0 && r.IntN(12) > 0 {
				d := day()
				add(gid, zhibu.MeetGroup, d, lead, recorders[gid], 0, []string{groupTopics[r.IntN(len(groupTopics))], "收缴党费"}, expected(gid, d))
			}
		}
		if r.IntN(10) > 0 {
			d := day()
			add(b.branch.ID, zhibu.MeetThemedDay, d, b.seatsOn(d)[0], b.seatsOn(d)[3], 0, pick(themedTopics), expected(0, d))
		}
		// Lectures: in the third and sixth month of each half, each held
		// with a chance that makes one or two a half.
		if m := int(month.Start().Month); m%6 == 3 || m%6 == 0 {
			if r.IntN(100) < 70 {
				d := day()
				s := b.seatsOn(d)
				add(b.branch.ID, zhibu.MeetLecture, d, s[1], s[2], s[0], pick(lectureTopics), expected(0, d))
			}
		}
		if month.Start().Month == time.November && r.IntN(15) > 0 {
			d := day()
			add(b.branch.ID, zhibu.MeetAppraisal, d, b.seatsOn(d)[0], b.seatsOn(d)[2], 0, []string{"民主评议党员"}, expected(0, d))
		}
		if month.Start().Month == time.December && r.IntN(15) > 0 {
			d := day()
			add(b.branch.ID, zhibu.MeetLife, d, b.seatsOn(d)[0], b.seatsOn(d)[2], 0, []string{"年度组织生活会，开展批评和自我批评"}, expected(0, d))
		}
		if month.Start().Month == time.September && r.IntN(2) == 0 {
			d := day()
			add(b.branch.ID, zhibu.MeetStance, d, b.seatsOn(d)[0], b.seatsOn(d)[4], 0, []string{"发声亮剑，表明立场、亮明态度"}, expected(0, d))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := g.s.SaveMeetingsBulk(ctx, recs); err != nil {
		return fmt.Errorf("meetings: %w", err)
	}
	g.res.Meetings += len(recs)
	return nil
}

func at(d zhibu.Date, hh, mm int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, zhibu.DefaultZone)
}
