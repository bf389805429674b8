package demo_test

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func localDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, zhibu.DefaultZone)
}

// The seed branch's year and a half of organizational life: how many
// meetings of each type, who chaired, recorded and lectured, attendance
// from who was expected, votes, 补录 and filings.
func TestMeetings(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		branch := org(t, s, demo.BranchCode)
		count := func(from, to time.Time) map[zhibu.MeetingType]int {
			ms, err := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID, From: from, To: to, Status: zhibu.MeetingHeld})
			if err != nil {
				t.Fatal(err)
			}
			n := map[zhibu.MeetingType]int{}
			for _, m := range ms {
				n[m.Type]++
			}
			return n
		}
		want2025 := map[zhibu.MeetingType]int{zhibu.MeetCommittee: 11, zhibu.MeetAssembly: 4, zhibu.MeetGroup: 34, zhibu.MeetLecture: 3,
			zhibu.MeetThemedDay: 11, zhibu.MeetLife: 1, zhibu.MeetAppraisal: 1, zhibu.MeetStance: 2, zhibu.MeetStudy: 4, demo.WarningType: 1}
		if got := count(localDay(2025, 1, 1), localDay(2026, 1, 1)); !mapsEqual(got, want2025) {
			t.Errorf("2025 meetings of ZB03: %v, want %v", got, want2025)
		}
		want2026 := map[zhibu.MeetingType]int{zhibu.MeetCommittee: 6, zhibu.MeetAssembly: 2, zhibu.MeetGroup: 17, zhibu.MeetLecture: 2,
			zhibu.MeetThemedDay: 6, zhibu.MeetStance: 1, zhibu.MeetStudy: 3, demo.WarningType: 1}
		if got := count(localDay(2026, 1, 1), localDay(2026, 7, 2)); !mapsEqual(got, want2026) {
			t.Errorf("2026 meetings of ZB03: %v, want %v", got, want2026)
		}

		// From 2025 up to AsOf: the months after it are TestLaterMonths', and
		// the assembly of the 2024 election is transfers.go's.
		all, err := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID, From: localDay(2025, 1, 1), To: localDay(2026, 7, 2)})
		if err != nil || len(all) != 111 {
			t.Fatalf("ZB03 meetings: %d, %v", len(all), err)
		}
		who := names(t, s, branch.ID)
		var cancelled, late []string
		excused, absent := 0, 0
		reasons := map[string]bool{}
		for _, m := range all {
			label := m.DateIn(nil).String() + " " + m.Type.Label()
			if !m.Held() {
				cancelled = append(cancelled, label+"："+m.CancelReason)
				continue
			}
			if m.Late() {
				late = append(late, label)
			}
			if m.DateIn(nil).After(demo.AsOf()) || m.EnteredAt.After(time.Date(2026, 7, 1, 0, 0, 0, 0, zhibu.DefaultZone)) {
				t.Errorf("%s after AsOf (entered %s)", label, m.EnteredAt)
			}
			_, att, err := s.Meeting(sys, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			expected, err := s.Expected(sys, m.OrgID, m.Type, m.DateIn(nil))
			if err != nil {
				t.Fatal(err)
			}
			if len(att) != len(expected) || m.Expected != len(expected) || 2*m.Present <= m.Expected || m.Minutes == "" || len(m.Topics) == 0 {
				t.Errorf("%s: expected %d, attendance %d, %d/%d present", label, len(expected), len(att), m.Present, m.Expected)
			}
			for _, a := range att {
				switch a.Status {
				case zhibu.AttendExcused:
					excused++
					reasons[a.Reason] = true
				case zhibu.AttendAbsent:
					absent++
				}
			}
			chair, recorder, lecturer := who[m.ChairID], who[m.RecorderID], who[m.LecturerID]
			switch m.Type {
			case zhibu.MeetCommittee, zhibu.MeetAssembly:
				if (chair != "张志刚" && chair != "艾力·买买提") || recorder != "马文斌" {
					t.Errorf("%s chaired by %s, recorded by %s", label, chair, recorder)
				}
			case zhibu.MeetLecture:
				if lecturer != "张志刚" || recorder != "马文斌" || m.Filing == zhibu.FilingNone {
					t.Errorf("%s given by %s, recorded by %s, filing %s", label, lecturer, recorder, m.Filing)
				}
			case zhibu.MeetGroup:
				if !slices.Contains([]string{"王建新", "李春生", "高文华"}, chair) || recorder == "" || chair == recorder || !strings.HasSuffix(m.Place, "大队会议室") {
					t.Errorf("%s chaired by %s, recorded by %s", label, chair, recorder)
				}
			}
			if m.Type == zhibu.MeetAssembly && len(m.Resolutions) == 0 {
				t.Errorf("%s without a vote", label)
			}
			for _, r := range m.Resolutions {
				if !r.Passed() || r.Entitled == 0 || r.Present > r.Entitled || r.For+r.Against+r.Abstain != r.Present {
					t.Errorf("%s: resolution %+v", label, r)
				}
			}
		}
		if want := []string{"2025-10-16 支委会：局党委统一部署国庆、中秋安保维稳任务，支委会取消"}; !slices.Equal(cancelled, want) {
			t.Errorf("cancelled: %v", cancelled)
		}
		if want := []string{"2025-07-15 党小组会", "2025-09-11 支委会"}; !slices.Equal(late, want) {
			t.Errorf("补录: %v", late)
		}
		if excused < 20 || absent == 0 || absent > excused || !reasons["出差"] || !reasons["值班"] {
			t.Errorf("%d excused (%v), %d absent", excused, reasons, absent)
		}

		// Filings: lectures acknowledged but the last, returned and
		// resubmitted; stance meetings filed before they met, but the one
		// of 11 December 2025 (activities.go's planted gap: never filed).
		filings := map[zhibu.FilingStatus]int{}
		for _, m := range all {
			switch m.Type {
			case zhibu.MeetLecture:
				filings[m.Filing]++
				if m.Filing == zhibu.FilingSubmitted && (m.FilingNote == "" || m.FiledAt.Before(m.StartsAt)) {
					t.Errorf("resubmitted lecture: %+v", m)
				}
			case zhibu.MeetStance:
				if m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02") == "2025-12-11" {
					if m.Filing != zhibu.FilingNone && m.Filing != "" {
						t.Errorf("the unfiled stance meeting is filed: %+v", m.Filing)
					}
					continue
				}
				if m.Filing != zhibu.FilingAcknowledged || !m.FiledAt.Before(m.StartsAt) || !m.AckAt.Before(m.StartsAt) {
					t.Errorf("stance meeting filed %s, acknowledged %s, held %s", m.FiledAt, m.AckAt, m.StartsAt)
				}
			}
		}
		if filings[zhibu.FilingAcknowledged] != 4 || filings[zhibu.FilingSubmitted] != 1 {
			t.Errorf("lecture filings: %v", filings)
		}

		// In every branch, whoever store.Expected names, and no one else, has
		// their attendance recorded.
		every, err := s.Meetings(sys, store.MeetingFilter{Status: zhibu.MeetingHeld})
		if err != nil || len(every) < 250 {
			t.Fatalf("all meetings: %d, %v", len(every), err)
		}
		for _, m := range every {
			_, att, err := s.Meeting(sys, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			expected, err := s.Expected(sys, m.OrgID, m.Type, m.DateIn(nil))
			if err != nil {
				t.Fatal(err)
			}
			var a, e []int64
			for _, x := range att {
				a = append(a, x.PersonID)
			}
			for _, p := range expected {
				e = append(e, p.ID)
			}
			slices.Sort(a)
			slices.Sort(e)
			if !slices.Equal(a, e) {
				t.Errorf("%s %s of org %d: attendance of %v, expected %v", m.DateIn(nil), m.Type.Label(), m.OrgID, a, e)
			}
		}

		// The vote that made the probationary members, on their admission day.
		june, _ := s.Meetings(sys, store.MeetingFilter{OrgID: branch.ID, Type: zhibu.MeetAssembly, From: localDay(2026, 6, 26), To: localDay(2026, 6, 27)})
		if len(june) != 1 || len(june[0].Resolutions) != 2 || june[0].Resolutions[0].Text != "接收吴昊为中共预备党员" || june[0].Resolutions[0].Entitled != 22 {
			t.Errorf("admission assembly: %+v", june)
		}

		// The branch layer of the seed plan is in the catalogue.
		cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
		if err != nil {
			t.Fatal(err)
		}
		if res, ok := cat.Resolve("meet.lecture.secretary", []int64{branch.ParentID, branch.ID}, zhibu.MakeDate(2025, 6, 30)); !ok ||
			res.Layer != zhibu.LayerBranch || res.Params.Get("per_half") != 2 || res.Params.Get("per_year") != 4 {
			t.Errorf("seed branch lecture rule: %+v", res)
		}
	})
}

// names of the branch's people by id.
func names(t *testing.T, s *store.Store, branchID int64) map[int64]string {
	t.Helper()
	people, err := s.People(sys, branchID, zhibu.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, p := range people {
		out[p.ID] = p.Name
	}
	return out
}

func mapsEqual[K comparable](a, b map[K]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// problems are the findings of an org for a year as of AsOf that are not
// ok, as "rule subject period status".
func problems(t *testing.T, s *store.Store, cat rules.Catalogue, code string, year int) []string {
	t.Helper()
	o := org(t, s, code)
	facts, err := s.Facts(sys, o.ID, year, demo.AsOf())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range rules.Check(cat, facts, o.ID, year) {
		// study_test.go, voice_test.go and members_test.go check those streams' findings
		if f.Status != zhibu.StatusOK && !studyTalkRule(f.RuleID) && !voiceRule(f.RuleID) && !memberRecordRule(f.RuleID) {
			out = append(out, f.RuleID+" "+f.SubjectName+" "+f.Period.Label()+" "+string(f.Status))
		}
	}
	sort.Strings(out)
	return out
}

// The findings show exactly the gaps planted, and ok elsewhere: 2025 as a
// past year, 2026 as of AsOf (July just begun, so due).
func TestFindings(t *testing.T) {
	s := demotest.SQLite(t)
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code string
		year int
		want []string
	}{
		{demo.BranchCode, 2025, []string{
			// review.go: 黄静, graded 不合格 on 6 November, has until 28
			// February 2026 to improve: open at the year's end.
			"appraisal.handling 黄静 2025年12月 due",
			"meet.committee.monthly 第三党支部 2025年10月 overdue",
			"meet.group.monthly 第三党小组 2025年10月 overdue",
			"meet.group.monthly 第二党小组 2025年2月 overdue",
			"meet.lecture.secretary 第三党支部 2025年 overdue",
			"meet.lecture.secretary 第三党支部 2025年下半年 overdue",
			"meet.themeday.monthly 第三党支部 2025年2月 overdue",
			// activities.go: the stance meeting held without a filing.
			"stance.filing 第三党支部 2025年12月 violation",
		}},
		{demo.BranchCode, 2026, []string{
			// activities.go: the 2026 campaign's open item, 七一 not yet recorded.
			"activity.campaign 第三党支部 2026年9月 due",
			"activity.occasions 第三党支部 2026年7月 due",
			// review.go: 黄静's handling closed on 2 March, after its deadline.
			"appraisal.handling 黄静 2026年3月 violation",
			// development: the next half-yearly reviews of the activists
			// and candidates, and the applicant never talked to.
			"dev.activist.review 彭博 2026年12月 due",
			"dev.activist.review 曹振宇 2026年8月 due",
			"dev.activist.review 海米提·依明 2026年9月 due",
			"dev.activist.review 苏雅 2026年10月 due",
			"dev.activist.review 蒋明轩 2026年12月 due",
			"dev.activist.review 邓佳 2026年12月 due",
			"dev.talk 谢宇航 2026年2月 overdue",
			// dues.go's planted gaps: 韩磊 unpaid since April, 何俊杰's
			// seven-month back-payment in April; July not yet paid on 1 July.
			"dues.monthly 第一党小组 2026年7月 due",
			"dues.monthly 第三党小组 2026年7月 due",
			"dues.monthly 第二党小组 2026年4月 overdue",
			"dues.monthly 第二党小组 2026年4月 violation",
			"dues.monthly 第二党小组 2026年5月 overdue",
			"dues.monthly 第二党小组 2026年6月 overdue",
			"dues.monthly 第二党小组 2026年7月 due",
			"meet.appraisal.annual 第三党支部 2026年 due",
			"meet.assembly.quarterly 第三党支部 2026年第三季度 due",
			"meet.committee.monthly 第三党支部 2026年7月 due",
			"meet.group.monthly 第一党小组 2026年1月 overdue",
			"meet.group.monthly 第一党小组 2026年7月 due",
			"meet.group.monthly 第三党小组 2026年7月 due",
			"meet.group.monthly 第二党小组 2026年7月 due",
			"meet.lecture.secretary 第三党支部 2026年 due",
			"meet.lecture.secretary 第三党支部 2026年下半年 due",
			"meet.life.annual 第三党支部 2026年 due",
			"meet.themeday.monthly 第三党支部 2026年7月 due",
		}},
		{demo.OfficeBranchCode, 2025, []string{
			"meet.assembly.quarterly 第一党支部 2025年第三季度 overdue",
			"meet.group.monthly 第二党小组 2025年8月 overdue",
			"org.committee.positions 第一党支部 2025年 overdue",
			// No org.term.due in 2025: the approved postponement to 12 July
			// 2026 (transfers.go) puts the first reminder in January 2026.
		}},
		{demo.TrafficBranchCode, 2025, []string{
			"meet.group.monthly 第一党小组 2025年5月 overdue",
			"meet.life.annual 第二党支部 2025年 overdue",
			"meet.themeday.monthly 第二党支部 2025年2月 overdue",
			"meet.themeday.monthly 第二党支部 2025年8月 overdue",
			"review.secretary 第二党支部 2025年 violation", // review.go: reported after the window
		}},
	} {
		if got := problems(t, s, cat, c.code, c.year); !slices.Equal(got, c.want) {
			t.Errorf("%s %d: findings not ok:\n%s\nwant:\n%s", c.code, c.year, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}

	// The short half is the seed plan's (branch layer): the national rule,
	// once a year, is kept.
	o := org(t, s, demo.BranchCode)
	facts, err := s.Facts(sys, o.ID, 2025, demo.AsOf())
	if err != nil {
		t.Fatal(err)
	}
	lectures := 0
	for _, f := range rules.Check(cat, facts, o.ID, 2025) {
		if f.RuleID == "meet.lecture.secretary" {
			lectures++
			if f.Layer != zhibu.LayerBranch || (f.Period.Label() == "2025年下半年" && f.Message != "2025年下半年书记仅讲党课1次，少于要求的2次，应由书记讲党课") {
				t.Errorf("lecture finding: %+v", f)
			}
		}
	}
	for _, f := range rules.Check(rules.DefaultCatalogue(), facts, o.ID, 2025) {
		if f.Status != zhibu.StatusOK && f.RuleID == "meet.lecture.secretary" {
			t.Errorf("the national layer alone finds %s", f.Message)
		}
	}
	if lectures != 3 {
		t.Errorf("%d lecture findings, want the two halves and the year", lectures)
	}
	// Evidence names the late record.
	found := false
	for _, f := range rules.Check(cat, facts, o.ID, 2025) {
		for _, e := range f.Evidence {
			found = found || e.Label == "2025年9月11日 支委会（补录）"
		}
	}
	if !found {
		t.Error("no evidence marked 补录")
	}
}

// Two loads make the same meetings, whatever the day.
func TestMeetingsDeterministic(t *testing.T) {
	load := func(day time.Time) []zhibu.Meeting {
		s := storetest.SQLite(t)
		s.SetClock(func() time.Time { return day })
		if err := demo.Load(sys, s); err != nil {
			t.Fatal(err)
		}
		ms, err := s.Meetings(sys, store.MeetingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	a, b := load(time.Now()), load(time.Now().AddDate(1, 2, 3))
	if len(a) < 250 || len(a) != len(b) {
		t.Fatalf("%d and %d meetings", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || !x.StartsAt.Equal(y.StartsAt) || !x.EnteredAt.Equal(y.EnteredAt) || x.Minutes != y.Minutes ||
			x.Present != y.Present || x.Excused != y.Excused || !slices.Equal(x.Topics, y.Topics) || x.Filing != y.Filing {
			t.Fatalf("meeting %d differs:\n%+v\n%+v", i, x, y)
		}
	}
}

// After AsOf the branches meet as they should up to the month before the
// load's: as of the day of the load, the seed branch's committee meetings
// from July 2026 to last month are ok and this month's is due, and no
// meeting rule finds a month, quarter or half after June 2026 overdue. Every
// meeting after AsOf is entered on its day, with attendance from
// store.Expected. Loaded today and on two fixed days.
func TestLaterMonths(t *testing.T) {
	today := zhibu.Today(time.Now())
	for _, on := range []zhibu.Date{today, zhibu.MakeDate(2026, 7, 15), zhibu.MakeDate(2028, 3, 9)} {
		t.Run(on.String(), func(t *testing.T) {
			s := storetest.SQLite(t)
			s.SetClock(func() time.Time { return localDay(on.Year, on.Month, on.Day).Add(12 * time.Hour) })
			start := time.Now()
			if err := demo.LoadOn(sys, s, on); err != nil {
				t.Fatal(err)
			}
			t.Logf("loaded in %s", time.Since(start))
			checkLater(t, s, on)
		})
	}
}

func checkLater(t *testing.T, s *store.Store, today zhibu.Date) {
	t.Helper()
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	july := zhibu.MakeDate(2026, 7, 1)
	thisMonth := zhibu.MakeDate(today.Year, today.Month, 1)
	for _, code := range []string{demo.BranchCode, demo.OfficeBranchCode, demo.TrafficBranchCode} {
		o := org(t, s, code)
		committee := map[string]zhibu.FindingStatus{}
		for year := 2026; year <= today.Year; year++ {
			facts, err := s.Facts(sys, o.ID, year, today)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rules.Check(cat, facts, o.ID, year) {
				if !strings.HasPrefix(f.RuleID, "meet.") || f.Period.Kind == "" || f.Period.Start().Before(july) {
					continue
				}
				if f.RuleID == "meet.committee.monthly" && f.Period.Kind == zhibu.PeriodMonth {
					committee[f.Period.Label()] = f.Status
				}
				if f.Status == zhibu.StatusOverdue {
					t.Errorf("%s: %s %s %s overdue: %s", code, f.RuleID, f.SubjectName, f.Period.Label(), f.Message)
				}
			}
		}
		if code != demo.BranchCode {
			continue
		}
		for m := july; !m.After(thisMonth); m = m.AddMonths(1) {
			p := zhibu.PeriodOf(zhibu.PeriodMonth, m)
			want := zhibu.StatusOK
			if m == thisMonth {
				want = zhibu.StatusDue
			}
			if got := committee[p.Label()]; got != want {
				t.Errorf("%s committee meeting of %s: %q, want %q", code, p.Label(), got, want)
			}
		}
	}

	later, err := s.Meetings(sys, store.MeetingFilter{From: localDay(2026, 7, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if n := (today.Year-2026)*12 + int(today.Month) - 7; (n > 0) != (len(later) > 0) {
		t.Errorf("%d meetings after AsOf, for %d months", len(later), n)
	}
	for _, m := range later {
		label := m.DateIn(nil).String() + " " + m.Type.Label()
		if !m.Held() || m.Late() || m.DateIn(nil) != zhibu.Today(m.EnteredAt) || !m.DateIn(nil).Before(thisMonth) || m.Minutes == "" {
			t.Errorf("%s: held %v, entered %s", label, m.Held(), m.EnteredAt)
		}
		if m.Type == zhibu.MeetLecture && (m.Filing != zhibu.FilingAcknowledged || m.AckAt.After(localDay(today.Year, today.Month, today.Day))) {
			t.Errorf("%s: filing %s acknowledged %s", label, m.Filing, m.AckAt)
		}
		expected, err := s.Expected(sys, m.OrgID, m.Type, m.DateIn(nil))
		if err != nil {
			t.Fatal(err)
		}
		if m.Expected != len(expected) || 2*m.Present <= m.Expected {
			t.Errorf("%s: %d/%d present, %d expected", label, m.Present, m.Expected, len(expected))
		}
	}
}
