package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/api"
	"zhibu/internal/auth"
	"zhibu/internal/register"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

// doorMeeting is one meeting as a user gives it to any door: a committee
// meeting of the branch with the attendance of its two committee members
// by name, and at most one resolution (entitled 0: left blank).
type doorMeeting struct {
	Type      string // the type's code name, or junk
	Status    zhibu.MeetingStatus
	At        time.Time
	Attend    map[string]zhibu.AttendanceStatus // by name
	Reasons   map[string]string                 // by name
	Stranger  bool                              // a third, unexpected attendee is listed too
	ResText   string
	ResFor    int
	Entitled  int
	NoReg     bool // the register cannot say it (it has no votes): the import is not asked
	CancelNow bool // the meeting is recorded held, then cancelled through the door
}

// meetingDoors is the branch the meetingDoors record meetings for, through the web
// form, the JSON API and the register import (service.Meetings.ImportRegister,
// as the upload and `zhibu import meetings` call it).
type meetingDoors struct {
	t      *testing.T
	s      *store.Store
	svc    *service.Services
	web    http.Handler
	api    http.Handler
	branch zhibu.Org
	people map[string]zhibu.Person // 李娜, 王芳 (the committee), 孙八 (of another branch)
}

func newMeetingDoors(t *testing.T, s *store.Store) *meetingDoors {
	t.Helper()
	d := &meetingDoors{t: t, s: s, svc: service.New(s, service.Options{}), people: map[string]zhibu.Person{}}
	system := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(zhibu.WithActor(r.Context(), zhibu.System)))
		})
	}
	ui, err := web.New(s, d.svc, auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	d.web, d.api = system(ui), system(api.New(s, d.svc, slog.New(slog.NewTextHandler(io.Discard, nil))))
	c, err := s.CreateOrg(sys, zhibu.Org{Code: "C", Name: "市公安局党委", Kind: zhibu.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	d.branch, err = s.CreateOrg(sys, zhibu.Org{Code: "B1", Name: "第一党支部", Kind: zhibu.KindBranch, ParentID: c.ID, FoundedOn: zhibu.MakeDate(2001, 7, 1)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: c.ID, FoundedOn: zhibu.MakeDate(2001, 7, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct {
		name string
		org  int64
	}{{"李娜", d.branch.ID}, {"王芳", d.branch.ID}, {"孙八", other.ID}} {
		birth := zhibu.MakeDate(1980, time.Month(1+i), 5)
		created, err := s.CreatePerson(sys, zhibu.Person{Name: p.name, Gender: zhibu.Female, Ethnicity: "汉族", BirthDate: birth,
			IDNumber: zhibu.MakeIDNumber("650102", birth, 300+2*i), Status: zhibu.FullMember, OrgID: p.org,
			AppliedOn: zhibu.MakeDate(2000, 1, 1), ActivistOn: zhibu.MakeDate(2000, 6, 1), CandidateOn: zhibu.MakeDate(2001, 1, 1),
			AdmittedOn: zhibu.MakeDate(2002, 1, 1), ConfirmedOn: zhibu.MakeDate(2003, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		d.people[p.name] = created
	}
	if _, err := s.StartTerm(sys, zhibu.Term{OrgID: d.branch.ID, ElectedOn: zhibu.MakeDate(2024, 3, 1), Seats: []zhibu.Seat{
		{PersonID: d.people["李娜"].ID, Position: zhibu.Secretary}, {PersonID: d.people["王芳"].ID, Position: zhibu.OrgOfficer}}}); err != nil {
		t.Fatal(err)
	}
	return d
}

// meetingOutcome is what a door did with a meeting: the problems it answered
// (their messages, as the door shows them) or the meeting it stored.
type meetingOutcome struct {
	body  string // the answer, where the problems are
	saved int64  // the meeting stored, or 0
}

func (d *meetingDoors) id(name string) string { return strconv.FormatInt(d.people[name].ID, 10) }

// seed records m held through the service, for the meetingDoors to cancel.
func (d *meetingDoors) seed(m doorMeeting) int64 {
	d.t.Helper()
	saved, err := d.svc.Meetings.Save(sys, zhibu.Meeting{OrgID: d.branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: m.At},
		[]zhibu.Attendance{{PersonID: d.people["李娜"].ID, Status: zhibu.AttendPresent}, {PersonID: d.people["王芳"].ID, Status: zhibu.AttendPresent}})
	if err != nil {
		d.t.Fatal(err)
	}
	return saved.ID
}

// viaWeb posts m to the meeting form (or, to cancel, to the cancel button).
func (d *meetingDoors) viaWeb(m doorMeeting) meetingOutcome {
	d.t.Helper()
	if m.CancelNow {
		id := d.seed(m)
		rec := d.do(d.web, "POST", "/meetings/"+strconv.FormatInt(id, 10)+"/cancel", "application/x-www-form-urlencoded",
			url.Values{"cancel_reason": {"误录"}}.Encode())
		return d.after(rec, id, http.StatusSeeOther)
	}
	local := m.At.In(zhibu.DefaultZone)
	v := url.Values{"type": {m.Type}, "status": {string(m.Status)}, "date": {local.Format("2006-01-02")}, "time": {local.Format("15:04")}}
	if m.Status == zhibu.MeetingHeld {
		var ids []string
		for _, e := range d.expected(m.At) {
			ids = append(ids, strconv.FormatInt(e.PersonID, 10))
		}
		if m.Stranger {
			ids = append(ids, d.id("孙八")) // as a form listing someone not expected reads
		}
		v.Set("att_ids", strings.Join(ids, ","))
		for name, st := range m.Attend {
			v.Set("att_"+d.id(name), string(st))
			v.Set("reason_"+d.id(name), m.Reasons[name])
		}
	}
	if m.ResText != "" {
		v.Set("res_text_1", m.ResText)
		v.Set("res_for_1", strconv.Itoa(m.ResFor))
		if m.Entitled > 0 {
			v.Set("res_entitled_1", strconv.Itoa(m.Entitled))
		}
	}
	rec := d.do(d.web, "POST", "/orgs/"+strconv.FormatInt(d.branch.ID, 10)+"/meetings", "application/x-www-form-urlencoded", v.Encode())
	return d.after(rec, 0, http.StatusSeeOther)
}

// viaAPI sends m to POST /api/v1/orgs/{id}/meetings (or, to cancel, PUTs
// it back cancelled).
func (d *meetingDoors) viaAPI(m doorMeeting) meetingOutcome {
	d.t.Helper()
	body := map[string]any{"type": m.Type, "status": m.Status, "starts_at": m.At.Format(time.RFC3339)}
	if m.CancelNow {
		id := d.seed(m)
		body["status"], body["cancel_reason"] = zhibu.MeetingCancelled, "误录"
		rec := d.do(d.api, "PUT", "/api/v1/meetings/"+strconv.FormatInt(id, 10), "application/json", meetingJSON(d.t, body))
		return d.after(rec, id, http.StatusOK)
	}
	var att []map[string]any
	for _, name := range []string{"李娜", "王芳"} {
		if st, ok := m.Attend[name]; ok {
			att = append(att, map[string]any{"person_id": d.people[name].ID, "status": st, "reason": m.Reasons[name]})
		}
	}
	if m.Stranger {
		att = append(att, map[string]any{"person_id": d.people["孙八"].ID, "status": zhibu.AttendPresent})
	}
	if att != nil {
		body["attendance"] = att
	}
	if m.ResText != "" {
		body["resolutions"] = []map[string]any{{"text": m.ResText, "for": m.ResFor, "entitled": m.Entitled}}
	}
	rec := d.do(d.api, "POST", "/api/v1/orgs/"+strconv.FormatInt(d.branch.ID, 10)+"/meetings", "application/json", meetingJSON(d.t, body))
	if rec.Code == http.StatusCreated {
		loc := rec.Header().Get("Location")
		id, _ := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
		return meetingOutcome{saved: id}
	}
	return d.after(rec, 0, http.StatusCreated)
}

// viaImport writes m as a one-row register, reads it back and imports it.
func (d *meetingDoors) viaImport(m doorMeeting) meetingOutcome {
	d.t.Helper()
	row := register.Row{Meeting: zhibu.Meeting{Type: zhibu.MeetingType(m.Type), Status: m.Status, StartsAt: m.At}, OrgName: d.branch.Name}
	if t, ok := zhibu.ParseMeetingType(m.Type); ok {
		row.Meeting.Type = t
	}
	for _, name := range []string{"李娜", "王芳"} {
		switch m.Attend[name] {
		case zhibu.AttendPresent:
			row.Present = append(row.Present, name)
		case zhibu.AttendExcused:
			if r := m.Reasons[name]; r != "" {
				name += "（" + r + "）"
			}
			row.Excused = append(row.Excused, name)
		case zhibu.AttendAbsent:
			row.Absent = append(row.Absent, name)
		}
	}
	if m.Stranger {
		row.Present = append(row.Present, "孙八")
	}
	if !row.Meeting.Type.Valid() {
		// The export names a sheet by its type: an unknown one is typed
		// in a 会议类型 column, as a branch's own register has it.
		local := m.At.In(zhibu.DefaultZone)
		return d.importRows(fmt.Sprintf("日期,时间,会议类型,组织,状态\n%s,%s,%s,%s,已召开\n", local.Format("2006-01-02"),
			local.Format("15:04"), m.Type, d.branch.Name))
	}
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, "", m.At.In(zhibu.DefaultZone).Year(), []register.Row{row}); err != nil {
		d.t.Fatal(err)
	}
	sheet, err := register.Parse(&buf, register.DefaultLimits, zhibu.DefaultZone)
	if err != nil {
		return meetingOutcome{body: zhibu.UserMessage(err)}
	}
	return d.imported(sheet)
}

// importRows imports a register written as CSV-like text: a sheet of an
// xlsx made by hand.
func (d *meetingDoors) importRows(text string) meetingOutcome {
	d.t.Helper()
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		rows = append(rows, strings.Split(line, ","))
	}
	var buf bytes.Buffer
	if err := meetingSheetXLSX(&buf, rows); err != nil {
		d.t.Fatal(err)
	}
	sheet, err := register.Parse(&buf, register.DefaultLimits, zhibu.DefaultZone)
	if err != nil {
		return meetingOutcome{body: zhibu.UserMessage(err)}
	}
	return d.imported(sheet)
}

func (d *meetingDoors) imported(sheet *register.Sheet) meetingOutcome {
	d.t.Helper()
	n, err := d.svc.Meetings.ImportRegister(sys, d.branch.ID, sheet)
	if err != nil {
		var b strings.Builder
		for _, p := range sheet.Problems {
			b.WriteString(p.Message + "\n")
		}
		if b.Len() == 0 {
			b.WriteString(zhibu.UserMessage(err))
		}
		return meetingOutcome{body: b.String()}
	}
	if n != 1 {
		d.t.Fatalf("imported %d meetings", n)
	}
	ms, err := d.s.Meetings(sys, store.MeetingFilter{OrgID: d.branch.ID})
	if err != nil {
		d.t.Fatal(err)
	}
	return meetingOutcome{saved: ms[len(ms)-1].ID}
}

// expected is the committee on the day of at, as the form lists it.
func (d *meetingDoors) expected(at time.Time) []zhibu.Attendance {
	d.t.Helper()
	e, err := d.svc.Meetings.Expected(sys, d.branch, zhibu.Meeting{}, nil, zhibu.MeetCommittee, zhibu.DateOf(at.In(zhibu.DefaultZone)))
	if err != nil {
		d.t.Fatal(err)
	}
	return e
}

func (d *meetingDoors) do(h http.Handler, method, path, ctype, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// after is the meetingOutcome of an answer: ok is the status of success, the
// meeting is then id (or the newest one); else the body holds the problems.
func (d *meetingDoors) after(rec *httptest.ResponseRecorder, id int64, ok int) meetingOutcome {
	d.t.Helper()
	if rec.Code != ok {
		if rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusBadRequest {
			d.t.Fatalf("status %d:\n%s", rec.Code, rec.Body.String())
		}
		return meetingOutcome{body: rec.Body.String()}
	}
	if id == 0 {
		ms, err := d.s.Meetings(sys, store.MeetingFilter{OrgID: d.branch.ID})
		if err != nil {
			d.t.Fatal(err)
		}
		id = ms[len(ms)-1].ID
	}
	return meetingOutcome{saved: id}
}

func meetingJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stored is a meeting as the meetingDoors should all store it: without its id,
// time and entry time, with its attendance by name.
func (d *meetingDoors) stored(id int64, votes bool) string {
	d.t.Helper()
	m, att, err := d.s.Meeting(sys, id)
	if err != nil {
		d.t.Fatal(err)
	}
	var a []string
	for _, x := range att {
		a = append(a, x.PersonName+":"+string(x.Status)+":"+x.Reason)
	}
	slices.Sort(a)
	out := fmt.Sprintf("%s %s 应到%d 实到%d 请假%d 缺席%d 取消原因%q 出席%v", m.Type, m.Status, m.Expected, m.Present, m.Excused, m.Absent, m.CancelReason, a)
	if votes {
		out += fmt.Sprintf(" 表决%+v", m.Resolutions)
	}
	return out
}

// The same meetings through the form, the API and the register import:
// the same problems, in the same words, and the same stored meeting. The
// register has no votes, so the cases about votes go through the form
// and the API; it only creates meetings, so cancelling goes through the
// form and the API. Who is a stranger is said the way each door names
// people (the API by id, the register by name, the form lists the
// expected), so that case wants each door's own words.
func TestDoorsAgreeOnMeetings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		d := newMeetingDoors(t, s)
		day := time.Date(2025, 6, 10, 9, 0, 0, 0, zhibu.DefaultZone)
		// Each meeting on its own day: a second committee meeting on one day
		// asks to be confirmed (a possible double entry).
		held := func(n int) doorMeeting {
			return doorMeeting{Type: "committee", Status: zhibu.MeetingHeld, At: day.AddDate(0, 0, n),
				Attend:  map[string]zhibu.AttendanceStatus{"李娜": zhibu.AttendPresent, "王芳": zhibu.AttendExcused},
				Reasons: map[string]string{"王芳": "外出学习"}}
		}
		type door struct {
			name string
			send func(doorMeeting) meetingOutcome
		}
		all := []door{{"web", d.viaWeb}, {"api", d.viaAPI}, {"import", d.viaImport}}
		formAndAPI := all[:2]

		// Valid: stored alike. A blank 有表决权人数 of a held meeting is
		// its attendance, in the form and in the API.
		var first string
		for i, dr := range all {
			m := held(i)
			if dr.name != "import" {
				m.ResText, m.ResFor = "同意确定刘洋为发展对象", 2
			}
			o := dr.send(m)
			if o.saved == 0 {
				t.Fatalf("%s refused a valid meeting:\n%s", dr.name, o.body)
			}
			got := d.stored(o.saved, false)
			if first == "" {
				first = got
			} else if got != first {
				t.Errorf("%s stored %s\nweb stored %s", dr.name, got, first)
			}
			if dr.name != "import" {
				if got := d.stored(o.saved, true); !strings.Contains(got, "Entitled:2") {
					t.Errorf("%s: a blank 有表决权人数 is not the attendance: %s", dr.name, got)
				}
			}
		}
		if want := "committee held 应到2 实到1 请假1 缺席0 取消原因\"\" 出席[李娜:present: 王芳:excused:外出学习]"; first != want {
			t.Errorf("stored %s, want %s", first, want)
		}

		for _, tc := range []struct {
			name         string
			m            func(doorMeeting) doorMeeting
			meetingDoors []door
			want         map[string]string // by door; "*" for every door
		}{
			{"leave without reason", func(m doorMeeting) doorMeeting { m.Reasons = nil; return m }, all,
				map[string]string{"*": "王芳请假须填写原因"}},
			{"cancelling a held meeting", func(m doorMeeting) doorMeeting { m.CancelNow = true; return m }, formAndAPI,
				map[string]string{"*": "已召开的会议不能取消"}},
			{"a vote text over 200 characters", func(m doorMeeting) doorMeeting {
				m.ResText, m.ResFor, m.Entitled = strings.Repeat("议", 201), 1, 2
				return m
			}, formAndAPI, map[string]string{"*": "第1项表决：表决事项不能超过200个字"}},
			{"a blank 有表决权人数 without attendance", func(m doorMeeting) doorMeeting {
				m.Status, m.At, m.Attend, m.Reasons = zhibu.MeetingPlanned, time.Now().AddDate(0, 1, 0), nil, nil
				m.ResText, m.ResFor = "同意", 0
				return m
			}, formAndAPI, map[string]string{"*": "第1项表决：请填写有表决权人数"}},
			{"more votes than the attendance", func(m doorMeeting) doorMeeting { m.ResText, m.ResFor = "同意", 3; return m }, formAndAPI,
				map[string]string{"*": "第1项表决：赞成、反对、弃权票数之和不能多于到会有表决权的党员人数"}},
			{"attendance over the expected", func(m doorMeeting) doorMeeting { m.Stranger = true; return m }, all,
				map[string]string{"web": "应到人员已按会议日期和类型重新列出", "api": "不是该会议的应到人员", "import": "“孙八”不是“第一党支部”的成员"}},
			{"an unknown type", func(m doorMeeting) doorMeeting { m.Type = "读书会"; return m }, all,
				map[string]string{"*": "应为支委会、支部党员大会、党小组会、党课、主题党日、组织生活会、民主评议党员、发声亮剑、理论学习之一"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				parent := d.t
				d.t = t
				defer func() { d.t = parent }()
				for i, dr := range tc.meetingDoors {
					before, _ := s.Meetings(sys, store.MeetingFilter{OrgID: d.branch.ID})
					m := tc.m(held(10 + i))
					o := dr.send(m)
					want := tc.want["*"]
					if w, ok := tc.want[dr.name]; ok {
						want = w
					}
					if o.body == "" || !strings.Contains(o.body, want) {
						t.Errorf("%s: want %q, got (saved %d):\n%s", dr.name, want, o.saved, o.body)
					}
					after, _ := s.Meetings(sys, store.MeetingFilter{OrgID: d.branch.ID})
					changed := len(after) != len(before)+map[bool]int{true: 1, false: 0}[m.CancelNow]
					for _, x := range after {
						if x.Status == zhibu.MeetingCancelled {
							changed = true
						}
					}
					if changed {
						t.Errorf("%s: a refused meeting changed the store", dr.name)
					}
				}
			})
		}
	})
}

// meetingSheetXLSX writes rows as the only sheet of an xlsx workbook.
func meetingSheetXLSX(w io.Writer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			return err
		}
	}
	return f.Write(w)
}
