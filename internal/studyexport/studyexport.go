// Package studyexport writes the registers of theory study and of
// heart-to-heart talks as xlsx, laid out like the paper books they replace
// (DOCUMENTS.md): a title row, a header row, frozen panes, widths that fit
// the Chinese text, dates as dates, A4 landscape with the header row
// repeated. The study register has two sheets: the sessions (集中学习) and
// each member's hours (学时统计); the talk register one (谈心谈话记录).
package studyexport

import (
	"io"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// Session is one row of the sessions sheet.
type Session struct {
	HeldOn    zhibu.Date
	Org       string // the branch or the group
	Topic     string
	Materials string
	Minutes   int
	Present   string // names
	Notes     string // who wrote notes of it
}

// Member is one row of the hours sheet.
type Member struct {
	Name     string
	Group    string
	Leader   bool
	Sessions int
	Self     int // minutes of self-study
	Minutes  int // in all
	Required int // hours asked
	Notes    int
}

// sheet is one register sheet: its name, title, headers, which columns
// are text (left, wrapped) and the rows.
type sheet struct {
	name, title string
	headers     []string
	text        map[int]bool
	rows        [][]any
}

// WriteStudy writes the study register of org for a year as of a day.
func WriteStudy(w io.Writer, org string, year int, asOf zhibu.Date, sessions []Session, members []Member) error {
	y := itoa(year)
	s1 := sheet{name: "集中学习", title: org + y + "年理论学习登记簿（集中学习）",
		headers: []string{"序号", "学习日期", "组织", "学习专题", "学习材料", "学时", "参加人员", "人数", "记学习笔记的人员"},
		text:    map[int]bool{3: true, 4: true, 6: true, 8: true}}
	for i, x := range sessions {
		s1.rows = append(s1.rows, []any{i + 1, x.HeldOn, x.Org, x.Topic, x.Materials, zhibu.Hours(x.Minutes), x.Present, countNames(x.Present), x.Notes})
	}
	s2 := sheet{name: "学时统计", title: org + y + "年党员学习学时统计（截至" + asOf.Chinese() + "）",
		headers: []string{"序号", "姓名", "党小组", "支部委员", "参加集中学习（次）", "自学学时", "合计学时", "要求学时", "是否达标", "学习笔记（篇）"},
		text:    map[int]bool{}}
	for i, m := range members {
		ok := "达标"
		if m.Minutes < m.Required*60 {
			ok = "未达标"
		}
		leader := ""
		if m.Leader {
			leader = "是"
		}
		s2.rows = append(s2.rows, []any{i + 1, m.Name, m.Group, leader, m.Sessions, zhibu.Hours(m.Self), zhibu.Hours(m.Minutes), m.Required, ok, m.Notes})
	}
	return write(w, s1, s2)
}

// WriteTalks writes the talk register of org for a year. A talk whose
// content the reader may not see is written without it, saying so.
func WriteTalks(w io.Writer, org string, year int, talks []zhibu.Talk) error {
	s := sheet{name: "谈心谈话记录", title: org + itoa(year) + "年谈心谈话记录本",
		headers: []string{"序号", "谈话日期", "谈话人", "谈话对象", "谈话地点", "谈话内容", "后续跟进"},
		text:    map[int]bool{4: true, 5: true, 6: true}}
	for i, t := range talks {
		topics, follow := t.Topics, t.FollowUp
		if t.Hidden {
			topics, follow = "（内容仅谈话双方、书记和纪检委员可见）", ""
		}
		s.rows = append(s.rows, []any{i + 1, t.HeldOn, t.AName, t.BName, t.Place, topics, follow})
	}
	return write(w, s)
}

func write(w io.Writer, sheets ...sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		if err := xlsx.SetPrinting(f, sh.name, "&C&A"); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.name)
		if err != nil {
			return err
		}
		width := make([]float64, len(sh.headers))
		for j, h := range sh.headers {
			width[j] = textWidth(h) + 2
		}
		for _, r := range sh.rows {
			for j, x := range r {
				switch v := x.(type) {
				case string:
					width[j] = max(width[j], min(textWidth(v)+2, 50))
				case zhibu.Date:
					width[j] = max(width[j], 12)
				}
			}
		}
		for j, wd := range width {
			if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
				return err
			}
		}
		if err := xlsx.WriteHead(sw, st, sh.title, sh.headers); err != nil {
			return err
		}
		cells := make([]any, len(sh.headers))
		for i, r := range sh.rows {
			for j, x := range r {
				c := excelize.Cell{StyleID: st.Center}
				switch v := x.(type) {
				case int:
					c.StyleID, c.Value = st.Number, v
				case zhibu.Date:
					c.StyleID = st.Date
					if !v.IsZero() {
						c.Value = v.Time()
					}
				case string:
					if sh.text[j] {
						c.StyleID = st.Text
					}
					if v != "" {
						c.Value = xlsx.Neutralize(v)
					}
				}
				cells[j] = c
			}
			ref, _ := excelize.CoordinatesToCellName(1, i+3)
			if err := sw.SetRow(ref, cells, excelize.RowOpts{Height: 20}); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// textWidth is a column width for s: a Chinese character counts double.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2e80 {
			w++
		} else {
			w += 2.1
		}
	}
	return w
}

func countNames(s string) int {
	if s == "" {
		return 0
	}
	n := 1
	for _, r := range s {
		if r == '、' {
			n++
		}
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
