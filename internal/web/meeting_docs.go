package web

import (
	"bytes"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/register"
	"zhibu/internal/store"
)

// minutesHTML shows minutes typed in Markdown: headings (#), lists (- or
// 1.), bold (**), paragraphs and line breaks. Everything else is text:
// the input is escaped before any tag is added, so nothing typed becomes
// markup.
func minutesHTML(md string) template.HTML {
	var b strings.Builder
	list := ""
	para := false
	closeAll := func() {
		if para {
			b.WriteString("</p>\n")
			para = false
		}
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			closeAll()
		case strings.HasPrefix(t, "#"):
			closeAll()
			level := min(len(t)-len(strings.TrimLeft(t, "#")), 3)
			tag := "h" + strconv.Itoa(level+2)
			b.WriteString("<" + tag + ">" + inline(strings.TrimSpace(strings.TrimLeft(t, "#"))) + "</" + tag + ">\n")
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || orderedItem.MatchString(t):
			kind, item := "ul", strings.TrimSpace(t[2:])
			if m := orderedItem.FindStringSubmatch(t); m != nil {
				kind, item = "ol", m[1]
			}
			if para {
				b.WriteString("</p>\n")
				para = false
			}
			if list != kind {
				if list != "" {
					b.WriteString("</" + list + ">\n")
				}
				b.WriteString("<" + kind + ">\n")
				list = kind
			}
			b.WriteString("<li>" + inline(item) + "</li>\n")
		default:
			if list != "" {
				b.WriteString("</" + list + ">\n")
				list = ""
			}
			if para {
				b.WriteString("<br>\n")
			} else {
				b.WriteString("<p>")
				para = true
			}
			b.WriteString(inline(t))
		}
	}
	closeAll()
	return template.HTML(b.String())
}

var (
	orderedItem = regexp.MustCompile(`^\d{1,3}[.、)]\s*(.*)$`)
	boldRe      = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// inline escapes a line and then marks its **bold** spans.
func inline(s string) string {
	return boldRe.ReplaceAllString(html.EscapeString(s), "<strong>$1</strong>")
}

// attendanceNames are the names of those present, excused (with the
// reason: 张三（出差）) and absent.
func attendanceNames(att []zhibu.Attendance) (present, excused, absent []string) {
	for _, a := range att {
		switch a.Status {
		case zhibu.AttendPresent:
			present = append(present, a.PersonName)
		case zhibu.AttendExcused:
			name := a.PersonName
			if a.Reason != "" {
				name += "（" + a.Reason + "）"
			}
			excused = append(excused, name)
		default:
			absent = append(absent, a.PersonName)
		}
	}
	return present, excused, absent
}

// meetingRegister is GET /orgs/{id}/meetings/register.xlsx?year=: the
// year's register of the org's meetings (and its groups'), one sheet per
// type.
func (s *server) meetingRegister(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	from, to := yearRange(year)
	ms, err := s.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, From: from, To: to})
	if err != nil {
		return err
	}
	book := &nameBook{s: s.store, ctx: ctx, names: map[int64]string{}}
	os := &orgCache{s: s.store, ctx: ctx, byID: map[int64]zhibu.Org{}}
	rows := make([]register.Row, 0, len(ms))
	for _, m := range ms {
		row := register.Row{Meeting: m}
		if m.Held() {
			_, att, err := s.store.Meeting(ctx, m.ID)
			if err != nil {
				return err
			}
			row.Present, row.Excused, row.Absent = attendanceNames(att)
		}
		mo, err := os.get(m.OrgID)
		if err != nil {
			return err
		}
		row.OrgName = mo.Name
		for _, x := range []struct {
			id  int64
			out *string
		}{{m.ChairID, &row.ChairName}, {m.RecorderID, &row.RecorderName}, {m.LecturerID, &row.LecturerName}} {
			if *x.out, err = book.name(x.id); err != nil {
				return err
			}
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, o.Name+register.DefaultTitle, year, rows); err != nil {
		return err
	}
	return download(w, o.Name+strconv.Itoa(year)+"年"+register.DefaultTitle+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}

// meetingMinutes is GET /meetings/{id}/minutes.docx: the meeting's record
// in the official layout.
func (s *server) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	m, att, o, err := s.meeting(r)
	if err != nil {
		return err
	}
	info := docx.MinutesInfo{OrgName: o.Name}
	info.Present, info.Excused, info.Absent = attendanceNames(att)
	book := &nameBook{s: s.store, ctx: r.Context(), names: map[int64]string{}}
	for _, a := range att {
		book.names[a.PersonID] = a.PersonName
	}
	for _, x := range []struct {
		id  int64
		out *string
	}{{m.ChairID, &info.ChairName}, {m.RecorderID, &info.RecorderName}, {m.LecturerID, &info.LecturerName}} {
		if *x.out, err = book.name(x.id); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := docx.Minutes(m, info).WriteTo(&buf); err != nil {
		return err
	}
	name := o.Name + m.DateIn(zhibu.DefaultZone).String() + m.Type.Label() + "记录.docx"
	return download(w, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &buf)
}
