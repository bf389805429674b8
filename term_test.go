package zhibu

import (
	"strings"
	"testing"
)

func TestTermChecks(t *testing.T) {
	today := MakeDate(2026, 7, 1)
	elected := MakeDate(2023, 3, 1)
	term := Term{ID: 1, ElectedOn: elected, Years: 3, Seats: []Seat{
		{PersonName: "张三", Position: Secretary, StartOn: elected}, {PersonName: "李四", Position: DeputySecretary, StartOn: elected},
		{PersonName: "王五", Position: OrgOfficer, StartOn: elected}, {PersonName: "赵六", Position: Secretary, StartOn: MakeDate(2024, 1, 1)}}}
	if h := term.Heads(); h != "书记张三、副书记李四" {
		t.Errorf("heads %q", h)
	}
	wantProblem := func(err error, field, want string) {
		t.Helper()
		ps, ok := err.(Problems)
		if !ok || !strings.Contains(ps.For(field), want) {
			t.Errorf("%v, want %s: %q", err, field, want)
		}
	}
	for _, c := range []struct {
		name  string
		check func() (Date, error)
		field string
		want  string // "" for none
		on    Date
	}{
		{"report today", func() (Date, error) { return term.CheckReport(Date{}, today) }, "", "", today},
		{"report before the election", func() (Date, error) { return term.CheckReport(elected.AddDays(-1), today) }, "on", "应在选举日期（2023-03-01）与今天之间", Date{}},
		{"report tomorrow", func() (Date, error) { return term.CheckReport(today.AddDays(1), today) }, "on", "报批日期：", Date{}},
		{"report no heads", func() (Date, error) { return Term{ElectedOn: elected}.CheckReport(Date{}, today) }, "id", "没有选举产生的书记、副书记", Date{}},
		{"approve unreported", func() (Date, error) { return term.CheckApprove(Date{}, today) }, "id", "支部尚未报批", Date{}},
		{"approve on the report", func() (Date, error) {
			r := term
			r.ReportedOn = elected
			return r.CheckApprove(elected, today)
		}, "", "", elected},
		{"approve twice", func() (Date, error) {
			r := term
			r.ReportedOn, r.ApprovedOn = elected, elected
			return r.CheckApprove(Date{}, today)
		}, "id", "已于2023-03-01批准", Date{}},
		{"decide decided", func() (Date, error) { return Extension{Status: ExtensionRejected}.CheckDecide(Date{}, today, "") }, "id", "申请：已未批准", Date{}},
		{"decide long note", func() (Date, error) {
			return Extension{Status: ExtensionRequested}.CheckDecide(Date{}, today, strings.Repeat("好", 201))
		}, "note", "不能超过200个字", Date{}},
		{"decide today", func() (Date, error) {
			return Extension{Status: ExtensionRequested, RequestedOn: today}.CheckDecide(Date{}, today, "")
		}, "", "", today},
	} {
		on, err := c.check()
		if c.want == "" {
			if err != nil || on != c.on {
				t.Errorf("%s: %v %v", c.name, on, err)
			}
			continue
		}
		wantProblem(err, c.field, c.want)
	}
	wantProblem(Term{ElectedOn: elected, Years: 3, Note: strings.Repeat("注", 201)}.Validate(today), "note", "不能超过200个字")
	wantProblem(Term{ElectedOn: elected, Years: 6}.Validate(today), "years", "应为1至5年")
	wantProblem(Term{ElectedOn: elected}.CheckAfter(Term{ID: 1, ElectedOn: elected}), "elected_on", "应晚于本届选举日期（2023-03-01）")
	if err := (Term{ElectedOn: elected}).CheckAfter(Term{}); err != nil {
		t.Errorf("the first term: %v", err)
	}
	g := Org{ID: 5, Kind: KindGroup}
	wantProblem(g.CheckLeader(nil, today, today), "person_id", "应为本党小组的成员")
	wantProblem(g.CheckLeader(&Person{Name: "钱七", GroupID: 5, Status: Masses}, today, today), "person_id", "钱七不是党员")
	wantProblem(g.CheckLeader(&Person{GroupID: 5, Status: FullMember}, today.AddDays(1), today), "start_on", "不能晚于今天")
	if err := g.CheckLeader(&Person{GroupID: 5, Status: FullMember}, today, today); err != nil {
		t.Errorf("a member leads: %v", err)
	}
	wantProblem(Org{Kind: KindGroup}.CheckCommittee(), "org_id", "党小组不设委员会")
}

func TestCheckSupervision(t *testing.T) {
	today := MakeDate(2026, 7, 1)
	org := Org{ID: 3, Name: "第一党支部"}
	cur := Term{ID: 1, Seats: []Seat{{PersonID: 10, Position: Secretary}, {PersonID: 11, Position: OrgOfficer, EndOn: MakeDate(2025, 1, 1)}}}
	officer := &Person{OrgID: 3, Officer: true}
	for _, c := range []struct {
		name    string
		cur     Term
		sup     int64
		officer *Person
		on      Date
		want    string
	}{
		{"ok", cur, 10, officer, today, ""},
		{"no committee", Term{}, 10, officer, today, "分管委员：本组织没有现任委员会"},
		{"seat ended", cur, 11, officer, today, "分管委员：应为现任支部委员"},
		{"not an officer", cur, 10, &Person{OrgID: 3}, today, "分管民警：应为本组织的民警"},
		{"another org", cur, 10, &Person{OrgID: 4, Officer: true}, today, "分管民警：应为本组织的民警"},
		{"no one", cur, 10, nil, today, "分管民警：应为本组织的民警"},
		{"tomorrow", cur, 10, officer, today.AddDays(1), "起始日期：不能晚于今天"},
	} {
		err := CheckSupervision(org, c.cur, c.sup, c.officer, c.on, today)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
