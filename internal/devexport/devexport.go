// Package devexport writes the member development exports: the register of
// everyone in development (发展党员工作登记簿, xlsx, DOCUMENTS.md register
// layout) and one person's development record (发展党员纪实, docx, in the
// official document layout).
package devexport

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/xlsx"
)

// Row is one person of the register: the file and what the page computes
// for it (the next step and its earliest day, the materials missing).
type Row struct {
	File     zhibu.DevFile
	Next     int        // the next step, 0 when complete
	Earliest zhibu.Date // the earliest day of the next step
	Missing  int        // materials missing
}

var registerHeaders = []string{"序号", "姓名", "性别", "出生日期", "单位", "政治面貌", "入党申请日期", "确定积极分子日期",
	"培养联系人", "确定发展对象日期", "入党介绍人", "接收预备党员日期", "转正日期", "当前步骤", "下一步骤", "最早可办日期", "缺少材料（份）"}

// dateCols are the columns (0-based) holding dates.
var dateCols = map[int]bool{3: true, 6: true, 7: true, 9: true, 11: true, 12: true, 15: true}

// WriteRegister writes the development register of org as of a day: a
// title row, a header row, one row per person, frozen panes, widths that
// fit the Chinese text, dates as dates, A4 landscape.
func WriteRegister(w io.Writer, org string, asOf zhibu.Date, rows []Row) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "发展党员"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := xlsx.SetPrinting(f, sheet, "&C&A"); err != nil {
		return err
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	values := make([][]any, len(rows))
	width := make([]float64, len(registerHeaders))
	for j, h := range registerHeaders {
		width[j] = textWidth(h) + 2
	}
	for i, r := range rows {
		p := r.File.Person
		mentors, sponsors := names(r.File, 5), names(r.File, 9)
		cur := ""
		if n := len(r.File.Records); n > 0 {
			last := r.File.Records[n-1]
			cur = zhibu.DevSteps[last.Step].Label()
			if last.Outcome != zhibu.OutcomeDone {
				cur += "（" + last.Outcome.Label() + "）"
			}
		}
		next := "已完成"
		if r.Next > 0 {
			next = zhibu.DevSteps[r.Next].Label()
		}
		v := []any{i + 1, p.Name, string(p.Gender), p.BirthDate, p.Unit, p.Status.Label(), p.AppliedOn, p.ActivistOn, mentors,
			p.CandidateOn, sponsors, p.AdmittedOn, p.ConfirmedOn, cur, next, r.Earliest, r.Missing}
		values[i] = v
		for j, x := range v {
			if s, ok := x.(string); ok && textWidth(s)+2 > width[j] {
				width[j] = min(textWidth(s)+2, 40)
			}
			if dateCols[j] {
				width[j] = max(width[j], 12)
			}
		}
	}
	for j, wd := range width {
		if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
			return err
		}
	}
	title := org + "发展党员工作登记簿（截至" + asOf.Chinese() + "）"
	if err := xlsx.WriteHead(sw, st, title, registerHeaders); err != nil {
		return err
	}
	cells := make([]any, len(registerHeaders))
	for i, v := range values {
		for j, x := range v {
			c := excelize.Cell{StyleID: st.Center}
			switch val := x.(type) {
			case int:
				c.StyleID, c.Value = st.Number, val
			case zhibu.Date:
				c.StyleID = st.Date
				if !val.IsZero() {
					c.Value = val.Time()
				}
			case string:
				if j == 4 || j == 8 || j == 10 || j == 13 || j == 14 {
					c.StyleID = st.Text
				}
				if val != "" {
					c.Value = xlsx.Neutralize(val)
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

// names are the mentors (step 5) or sponsors (step 9) of the latest record.
func names(f zhibu.DevFile, step int) string {
	r, ok := f.Last(step)
	if !ok {
		return ""
	}
	return strings.Join(r.PeopleName, "、")
}

// RecordInfo is what the record shows beyond the file.
type RecordInfo struct {
	OrgName  string
	Superior string
	AsOf     zhibu.Date
	Missing  []zhibu.MissingMaterial
}

// Record lays out a person's development record (发展党员纪实): the person,
// the stages reached, every recorded step in order with its date, outcome
// and particulars, and the materials missing.
func Record(f zhibu.DevFile, info RecordInfo) *docx.Doc {
	p := f.Person
	title := p.Name + "同志发展党员纪实"
	d := docx.New()
	d.Props = docx.Props{Title: title, Subject: "发展党员纪实", Creator: info.OrgName}
	d.Title(title)
	d.Field("所在党支部", info.OrgName)
	d.Field("姓名", p.Name)
	d.Field("性别", string(p.Gender))
	d.Field("民族", p.Ethnicity)
	d.Field("出生日期", p.BirthDate.Chinese())
	if p.Unit != "" {
		d.Field("单位", p.Unit)
	}
	d.Field("政治面貌", p.Status.Label())
	d.Heading1("一、发展阶段")
	d.Table([]string{"阶段", "日期"}, [][]string{
		{"递交入党申请书", p.AppliedOn.Chinese()},
		{"确定为入党积极分子", p.ActivistOn.Chinese()},
		{"确定为发展对象", p.CandidateOn.Chinese()},
		{"接收为预备党员", p.AdmittedOn.Chinese()},
		{"转为正式党员", p.ConfirmedOn.Chinese()},
	})
	d.Heading1("二、发展步骤")
	var rows [][]string
	for _, r := range f.Records {
		rows = append(rows, []string{strconv.Itoa(r.Step) + "." + zhibu.DevSteps[r.Step].Title, r.On.Chinese(), r.Outcome.Label(), particulars(r)})
	}
	if len(rows) == 0 {
		d.Para("尚未记录发展步骤。")
	} else {
		d.Table([]string{"步骤", "日期", "结果", "情况"}, rows)
	}
	d.Heading1("三、材料")
	if len(info.Missing) == 0 {
		d.Para("已完成步骤的材料齐全。")
	} else {
		var ms []string
		for _, m := range info.Missing {
			ms = append(ms, "第"+strconv.Itoa(m.Step)+"步"+m.Name)
		}
		d.Para("缺少材料：" + strings.Join(ms, "、") + "。")
	}
	d.Signature(info.OrgName, info.AsOf)
	return d
}

// particulars are a record's details: names, votes, training, extension, note.
func particulars(r zhibu.DevRecord) string {
	var parts []string
	switch r.Step {
	case 5:
		parts = append(parts, "培养联系人："+strings.Join(r.PeopleName, "、"))
	case 9:
		parts = append(parts, "入党介绍人："+strings.Join(r.PeopleName, "、"))
	case 11:
		parts = append(parts, "培训"+strconv.Itoa(r.Days)+"天、"+strconv.Itoa(r.Hours)+"学时")
	case 15, 23:
		v := r.Votes
		parts = append(parts, "应到会有表决权的正式党员"+strconv.Itoa(v.Entitled)+"人，实到"+strconv.Itoa(v.Attending())+
			"人，赞成"+strconv.Itoa(v.For)+"票，反对"+strconv.Itoa(v.Against)+"票，弃权"+strconv.Itoa(v.Abstain)+"票")
		if r.Outcome == zhibu.OutcomeExtend {
			parts = append(parts, "延长预备期"+strconv.Itoa(r.Months)+"个月")
		}
	}
	if r.Special {
		parts = append(parts, "特殊情况延长审批期限")
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	s := strings.Join(parts, "；")
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:300]) + "……"
	}
	return s
}
