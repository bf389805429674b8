// Package register reads and writes the meetings register (三会一课记录簿):
// WriteXLSX exports a year of meetings as an xlsx workbook with one sheet per
// meeting type, laid out like the paper book; Parse reads such a workbook (or
// a branch's own) back into meetings and lists every problem of every row,
// and Sheet.Check then resolves the names of orgs and people against the
// branch and adds the problems that need it.
//
// Uploaded files are untrusted: Parse bounds the bytes it reads, the size the
// zip may inflate to, the rows and the length of a cell, and reads each
// sheet as a stream. The approach is that of package roster, and the zip
// check and formula helpers (package xlsx) are shared with it.
package register

import (
	"fmt"
	"slices"
	"strings"

	"zhibu"
	"zhibu/internal/xlsx"
)

// Column indexes. Every column has a canonical Chinese header (label); the
// export writes the columns of exportColumns, the import recognizes the
// headers and aliases of headerAliases.
const (
	colSeq          = iota // 序号: export only, ignored on import
	colDate                // 日期
	colTime                // 时间
	colType                // 会议类型: import only; the export names the sheet by it
	colOrg                 // 组织
	colTopics              // 主题
	colPlace               // 地点
	colChair               // 主持人
	colRecorder            // 记录人
	colLecturer            // 授课人
	colExpected            // 应到
	colPresentN            // 实到
	colExcusedN            // 请假 (a count, beside 请假人员)
	colAbsentN             // 缺席 (a count, beside 缺席人员)
	colPresent             // 出席 / 出席人员
	colExcused             // 请假 / 请假人员
	colAbsent              // 缺席 / 缺席人员
	colStatus              // 状态
	colCancelReason        // 取消原因
	colLate                // 补录: export only, ignored on import
	colFiling              // 报备: export only, ignored on import
	numCols
)

// label is the Chinese name of column col, its canonical import header and
// the Label of its problems. The export writes these, except for the
// attendance lists and counts (see exportHeader).
func label(col int) string {
	return [numCols]string{
		"序号", "日期", "时间", "会议类型", "组织", "主题", "地点", "主持人", "记录人", "授课人",
		"应到", "实到", "请假人数", "缺席人数", "出席", "请假", "缺席", "状态", "取消原因", "补录", "报备",
	}[col]
}

// fieldOf is the code name of column col, the Field of its problems.
func fieldOf(col int) string {
	return [numCols]string{
		"seq", "date", "time", "type", "org", "topics", "place", "chair", "recorder", "lecturer",
		"expected", "present_count", "excused_count", "absent_count", "present", "excused", "absent",
		"status", "cancel_reason", "late", "filing",
	}[col]
}

// colOfField is the column whose code name is field, or numCols.
func colOfField(field string) int {
	for c := range numCols {
		if fieldOf(c) == field {
			return c
		}
	}
	return numCols
}

// Limits bound what Parse accepts from an untrusted file. They are those of
// roster.Limits; MaxRows counts the meeting rows of all sheets together
// (blank rows are not counted).
type Limits = xlsx.Limits

// DefaultLimits suit a branch's registers of several years: a year is a few
// hundred meetings; a cell may list a hundred names.
var DefaultLimits = Limits{
	MaxBytes:         10 << 20,
	MaxRows:          10000,
	MaxCellChars:     2000,
	MaxUnzipBytes:    64 << 20,
	MaxUnzipXMLBytes: 16 << 20,
}

// Row is a meeting as the exported register shows it, with the names the
// store resolved. Excused names may carry the reason for the leave in
// parentheses, 张三（出差）, as Parse reads them back.
type Row struct {
	Meeting                                        zhibu.Meeting
	OrgName, ChairName, RecorderName, LecturerName string
	Present, Excused, Absent                       []string // names
}

// NameReason is one name of an attendance list, with the reason written in
// parentheses after it (张三（出差）), and the person's id once Check found it.
type NameReason struct {
	Name     string
	Reason   string
	PersonID int64
}

// ImportRow is one meeting read from the file. Meeting holds Type, Status,
// StartsAt (in the zone given to Parse), Place, Topics, CancelReason and the
// counts (应到/实到/请假/缺席); Check fills OrgID, ChairID, RecorderID and
// LecturerID, and the attendance lists' PersonIDs.
type ImportRow struct {
	Sheet                                          string // the sheet's name
	Line                                           int    // 1-based sheet row as a spreadsheet shows it
	Meeting                                        zhibu.Meeting
	OrgName, ChairName, RecorderName, LecturerName string
	Present, Excused, Absent                       []NameReason
}

// Attendance is the row's attendance records: everyone present, excused
// (with the reason) and absent, with the ids Check found.
func (r ImportRow) Attendance() []zhibu.Attendance {
	var out []zhibu.Attendance
	for _, l := range []struct {
		names  []NameReason
		status zhibu.AttendanceStatus
	}{{r.Present, zhibu.AttendPresent}, {r.Excused, zhibu.AttendExcused}, {r.Absent, zhibu.AttendAbsent}} {
		for _, n := range l.names {
			out = append(out, zhibu.Attendance{
				MeetingID: r.Meeting.ID, PersonID: n.PersonID, PersonName: n.Name, Status: l.status, Reason: n.Reason,
			})
		}
	}
	return out
}

// Sheet is what Parse read from the whole workbook: every non-blank meeting
// row of every sheet, the headers it did not know, the sheets it skipped and
// every problem of every row.
type Sheet struct {
	Rows     []ImportRow
	Sheets   []string // the sheets read, in workbook order
	Skipped  []string // sheets without a header row (a 日期 cell in the first 5 rows), not read
	Unknown  []string // unknown headers, reported and ignored
	Problems zhibu.Problems

	sheetOf []int // the index in Sheets of each problem's sheet, to order them
}

// Notices are messages to show the user that do not block the import.
func (s *Sheet) Notices() []string {
	var out []string
	if len(s.Unknown) > 0 {
		out = append(out, "以下列无法识别，已忽略："+strings.Join(s.Unknown, "、"))
	}
	if len(s.Skipped) > 0 {
		out = append(out, fmt.Sprintf("以下工作表前%d行中没有“日期”列，未导入：%s", headerRows, strings.Join(s.Skipped, "、")))
	}
	return out
}

// refuse is the error for a file Parse will not read at all.
func refuse(format string, args ...any) error {
	return zhibu.Errorf(zhibu.ErrInvalid, fmt.Sprintf(format, args...))
}

// addProblem records a problem with column col of sheet row line of the
// sheet s.Sheets[sheet]: "支委会 第5行 日期：不能为空".
func (s *Sheet) addProblem(sheet, line, col int, what string) {
	name := label(col)
	s.Problems = append(s.Problems, zhibu.Problem{
		Row: line, Field: fieldOf(col), Label: name,
		Message: fmt.Sprintf("%s 第%d行 %s：%s", s.Sheets[sheet], line, name, what),
	})
	s.sheetOf = append(s.sheetOf, sheet)
}

// sortProblems orders the problems by sheet, row and column.
func (s *Sheet) sortProblems() {
	if len(s.sheetOf) != len(s.Problems) {
		return // changed by the caller: keep its order
	}
	idx := make([]int, len(s.Problems))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) [3]int {
		return [3]int{s.sheetOf[i], s.Problems[i].Row, colOfField(s.Problems[i].Field)}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ka, kb := key(a), key(b)
		return slices.Compare(ka[:], kb[:])
	})
	ps, of := make(zhibu.Problems, len(idx)), make([]int, len(idx))
	for i, j := range idx {
		ps[i], of[i] = s.Problems[j], s.sheetOf[j]
	}
	s.Problems, s.sheetOf = ps, of
}
