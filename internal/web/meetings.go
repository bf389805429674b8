package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/store"
)

// Policies of the meeting routes. A meeting's org is the branch or group
// holding it: PathMeeting finds it from the meeting the path names.
var (
	writeMeetings = access.On(zhibu.PermMeetingWrite, access.PathOrg, "id")
	readMeeting   = access.On(zhibu.PermOrgRead, access.PathMeeting, "id")
	writeMeeting  = access.On(zhibu.PermMeetingWrite, access.PathMeeting, "id")
	reviewMeeting = access.On(zhibu.PermFilingReview, access.PathMeeting, "id")
	reviewAny     = access.On(zhibu.PermFilingReview, access.Anywhere, "")
)

// maxResolutions is how many resolutions the form offers.
const maxResolutions = 3

// The downloads made by other packages: the year's register (xlsx) and a
// meeting's minutes (docx).
const (
	registerExport = true // GET /orgs/{id}/meetings/register.xlsx
	minutesDocx    = true // GET /meetings/{id}/minutes.docx
)

func meetingHref(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) }

// meetingTitle names a meeting: 2026年3月2日 支委会.
func meetingTitle(m zhibu.Meeting) string {
	return m.DateIn(zhibu.DefaultZone).Chinese() + " " + m.Type.Label()
}

// holdsMeetings reports whether an org of kind k holds meetings.
func holdsMeetings(k zhibu.OrgKind) bool {
	return k == zhibu.KindBranch || k == zhibu.KindGeneralBranch || k == zhibu.KindGroup
}

var errNoMeetings = zhibu.Errorf(zhibu.ErrNotFound, "该组织不召开三会一课")

// meetingRow is a meeting as the lists show it.
type meetingRow struct {
	zhibu.Meeting
	OrgName   string
	ChairName string
	Late      bool
}

// Date is the meeting's date in the default zone: 2026-03-02.
func (m meetingRow) Date() string { return m.StartsAt.In(zhibu.DefaultZone).Format("2006-01-02") }

// Clock is the meeting's starting time in the default zone: 09:30.
func (m meetingRow) Clock() string { return m.StartsAt.In(zhibu.DefaultZone).Format("15:04") }

// StatusClass is the badge of the meeting's status.
func (m meetingRow) StatusClass() string {
	switch m.Status {
	case zhibu.MeetingHeld:
		return "badge st-full"
	case zhibu.MeetingPlanned:
		return "badge st-applicant"
	}
	return "badge st-masses"
}

// FilingClass is the badge of the meeting's filing status.
func (m meetingRow) FilingClass() string {
	switch m.Filing {
	case zhibu.FilingSubmitted:
		return "badge st-activist"
	case zhibu.FilingAcknowledged:
		return "badge st-full"
	case zhibu.FilingReturned:
		return "badge warn"
	}
	return "badge st-masses"
}

// nameBook gives the names of people by id, as far as the actor may read
// them; it remembers what it looked up.
type nameBook struct {
	s     *store.Store
	ctx   context.Context
	names map[int64]string
}

func (p *nameBook) name(id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := p.names[id]; ok {
		return n, nil
	}
	person, err := p.s.Person(p.ctx, id)
	switch {
	case isNotFound(err):
		p.names[id] = "（编号" + strconv.FormatInt(id, 10) + "）"
	case err != nil:
		return "", err
	default:
		p.names[id] = person.Name
	}
	return p.names[id], nil
}

// orgCache gives orgs by id, remembering them.
type orgCache struct {
	s    *store.Store
	ctx  context.Context
	byID map[int64]zhibu.Org
}

func (o *orgCache) get(id int64) (zhibu.Org, error) {
	if org, ok := o.byID[id]; ok {
		return org, nil
	}
	org, err := o.s.Org(o.ctx, id)
	if err != nil {
		return zhibu.Org{}, err
	}
	o.byID[id] = org
	return org, nil
}

func (s *server) meetingRows(ctx context.Context, ms []zhibu.Meeting) ([]meetingRow, error) {
	ps := &nameBook{s: s.store, ctx: ctx, names: map[int64]string{}}
	os := &orgCache{s: s.store, ctx: ctx, byID: map[int64]zhibu.Org{}}
	rows := make([]meetingRow, 0, len(ms))
	for _, m := range ms {
		o, err := os.get(m.OrgID)
		if err != nil {
			return nil, err
		}
		chair, err := ps.name(m.ChairID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, meetingRow{Meeting: m, OrgName: o.Name, ChairName: chair, Late: m.Late()})
	}
	return rows, nil
}

// meetingListPage is the data of meeting_list.html.
type meetingListPage struct {
	base
	Org       zhibu.Org
	Year      int
	Form      form
	Years     []option
	Types     []option
	Rows      []meetingRow
	Summary   []typeCount
	CanWrite  bool
	NewGroups []zhibu.Org // the org's groups whose meetings the viewer may record
	Register  bool        // the register export is offered
}

type typeCount struct {
	Label   string
	Held    int
	Planned int
}

// meetingYear reads ?year=: a year from 2000 to five years ahead, or this
// year.
func (s *server) meetingYear(v string) int {
	this := s.today().Year
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || y < 2000 || y > this+5 {
		return this
	}
	return y
}

// yearRange is the instants of a year in the default zone.
func yearRange(y int) (from, to time.Time) {
	return time.Date(y, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), time.Date(y+1, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
}

// meetingList is GET /orgs/{id}/meetings?year=&type=: a year's meetings of
// an org and its subtree (a branch with its groups).
func (s *server) meetingList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := &meetingListPage{Org: o, Year: s.meetingYear(q.Get("year"))}
	typ := zhibu.MeetingType(q.Get("type"))
	if !typ.Valid() {
		typ = ""
	}
	d.Form = form{"year": strconv.Itoa(d.Year), "type": string(typ)}
	d.Title = o.Name + " " + strconv.Itoa(d.Year) + "年三会一课"
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "三会一课"}); err != nil {
		return err
	}
	this := s.today().Year
	for y := this + 1; y >= this-9; y-- {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y) + "年"})
	}
	switch y := (option{Value: strconv.Itoa(d.Year), Label: strconv.Itoa(d.Year) + "年"}); {
	case d.Year < this-9:
		d.Years = append(d.Years, y)
	case d.Year > this+1:
		d.Years = append([]option{y}, d.Years...)
	}
	types, err := s.meetingTypes(ctx, o)
	if err != nil {
		return err
	}
	d.Types = []option{{Value: "", Label: "全部类型"}}
	for _, t := range types {
		d.Types = append(d.Types, option{Value: string(t), Label: t.Label()})
	}
	from, to := yearRange(d.Year)
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, From: from, To: to, Type: typ})
	if err != nil {
		return err
	}
	if d.Rows, err = s.meetingRows(ctx, ms); err != nil {
		return err
	}
	for _, t := range types {
		c := typeCount{Label: t.Label()}
		for _, m := range ms {
			switch {
			case m.Type != t:
			case m.Held():
				c.Held++
			case m.Status == zhibu.MeetingPlanned:
				c.Planned++
			}
		}
		if c.Held+c.Planned > 0 {
			d.Summary = append(d.Summary, c)
		}
	}
	actor := zhibu.ActorFrom(ctx)
	d.CanWrite = holdsMeetings(o.Kind) && actor.Can(zhibu.PermMeetingWrite, o.Path)
	if o.Kind == zhibu.KindBranch {
		groups, err := s.store.Orgs(ctx, store.OrgFilter{ParentID: o.ID})
		if err != nil {
			return err
		}
		for _, g := range groups {
			if g.Kind == zhibu.KindGroup && actor.Can(zhibu.PermMeetingWrite, g.Path) {
				d.NewGroups = append(d.NewGroups, g)
			}
		}
	}
	d.Register = registerExport
	return s.render(w, r, http.StatusOK, "meeting_list", d)
}

// meetingOrg loads the org the path's {id} names, which must hold meetings.
func (s *server) meetingOrg(r *http.Request) (zhibu.Org, error) {
	o, err := s.org(r)
	if err == nil && !holdsMeetings(o.Kind) {
		return zhibu.Org{}, errNoMeetings
	}
	return o, err
}

// meeting loads the meeting the path's {id} names, with its attendance
// and its org.
func (s *server) meeting(r *http.Request) (zhibu.Meeting, []zhibu.Attendance, zhibu.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return zhibu.Meeting{}, nil, zhibu.Org{}, err
	}
	m, att, err := s.store.Meeting(r.Context(), id)
	if err != nil {
		return zhibu.Meeting{}, nil, zhibu.Org{}, err
	}
	o, err := s.store.Org(r.Context(), m.OrgID)
	return m, att, o, err
}
