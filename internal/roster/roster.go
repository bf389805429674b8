// Package roster reads and writes the branch's roster (人员花名册): it
// parses an uploaded xlsx or CSV file into people, lists every problem of
// every row (Parse, then Check against the target branch), and exports
// people as an xlsx register or a CSV file that Parse reads back unchanged.
//
// Uploaded files are untrusted: Parse bounds the bytes it reads, the size a
// zip may inflate to, the rows and the length of a cell, and reads the sheet
// as a stream. The zip check and formula helpers are in package xlsx,
// shared with package register.
package roster

import (
	"fmt"
	"strings"

	"zhibu"
	"zhibu/internal/xlsx"
)

// Columns are the Chinese headers, in the canonical export order. They are
// the only headers Parse recognizes. Do not modify.
var Columns = []string{
	"姓名", "性别", "民族", "出生日期", "身份证号", "手机号", "单位", "是否民警", "学历",
	"政治面貌", "入党申请日期", "确定积极分子日期", "确定发展对象日期", "入党日期", "转正日期", "党小组",
	"转入本组织日期", // optional: the day the person joined the branch; without it, the day of the import
}

// Indexes into Columns.
const (
	colName = iota
	colGender
	colEthnicity
	colBirthDate
	colIDNumber
	colPhone
	colUnit
	colOfficer
	colEducation
	colStatus
	colAppliedOn
	colActivistOn
	colCandidateOn
	colAdmittedOn
	colConfirmedOn
	colGroup
	colJoinedOn
	numColumns
)

// fieldOf is the code name of a column, as zhibu.Person.Validate names the
// fields in its problems.
func fieldOf(col int) string {
	return [numColumns]string{
		"name", "gender", "ethnicity", "birth_date", "id_number", "phone", "unit", "officer", "education",
		"status", "applied_on", "activist_on", "candidate_on", "admitted_on", "confirmed_on", "group_name",
		"joined_on",
	}[col]
}

// colOfField is the column whose code name is field, or numColumns.
func colOfField(field string) int {
	for c := range numColumns {
		if fieldOf(c) == field {
			return c
		}
	}
	return numColumns
}

// isRequired reports whether a file without the column is refused: without
// it every row would be invalid, or (政治面貌) everyone would silently become
// 群众.
func isRequired(col int) bool {
	switch col {
	case colName, colGender, colEthnicity, colBirthDate, colIDNumber, colStatus:
		return true
	}
	return false
}

// isDateCol reports whether the column holds a date.
func isDateCol(col int) bool {
	return col == colBirthDate || col >= colAppliedOn && col <= colConfirmedOn || col == colJoinedOn
}

// datePtr is the person's date that the date column col holds.
func datePtr(p *zhibu.Person, col int) *zhibu.Date {
	switch col {
	case colBirthDate:
		return &p.BirthDate
	case colAppliedOn:
		return &p.AppliedOn
	case colActivistOn:
		return &p.ActivistOn
	case colCandidateOn:
		return &p.CandidateOn
	case colAdmittedOn:
		return &p.AdmittedOn
	case colConfirmedOn:
		return &p.ConfirmedOn
	case colJoinedOn:
		return &p.JoinedOn
	}
	panic(fmt.Sprintf("roster: column %d holds no date", col))
}

// Limits bound what Parse accepts from an untrusted file. MaxRows counts
// the data rows (blank rows are not counted).
type Limits = xlsx.Limits

// DefaultLimits suit a branch roster: 20,000 rows as WriteXLSX writes them
// are about 1.6 MB zipped and 17 MB of sheet XML.
var DefaultLimits = Limits{
	MaxBytes:         10 << 20,
	MaxRows:          20000,
	MaxCellChars:     1000,
	MaxUnzipBytes:    64 << 20,
	MaxUnzipXMLBytes: 16 << 20,
}

// Row is one person read from the file.
type Row struct {
	Line      int // 1-based sheet row as the user sees it in Excel
	Person    zhibu.Person
	GroupName string // the 党小组 cell; Check sets Person.GroupID from it
}

// Sheet is what Parse read: every non-blank row, the headers it did not
// know, and every problem of every row.
type Sheet struct {
	Rows     []Row
	Unknown  []string // unknown headers, reported and ignored
	Problems zhibu.Problems
}

// Notices are messages to show the user that do not block the import.
func (s *Sheet) Notices() []string {
	if len(s.Unknown) == 0 {
		return nil
	}
	return []string{"以下列无法识别，已忽略：" + strings.Join(s.Unknown, "、")}
}

// refuse is the error for a file Parse will not read at all.
func refuse(format string, args ...any) error {
	return zhibu.Errorf(zhibu.ErrInvalid, fmt.Sprintf(format, args...))
}

// rowProblem is a problem with column col of sheet row line.
func rowProblem(line, col int, what string) zhibu.Problem {
	label := Columns[col]
	return atRow(line, zhibu.Problem{Field: fieldOf(col), Label: label, Message: label + "：" + what})
}

// atRow places p on sheet row line: "第5行 身份证号：校验位不正确".
func atRow(line int, p zhibu.Problem) zhibu.Problem {
	p.Row = line
	p.Message = fmt.Sprintf("第%d行 %s", line, p.Message)
	return p
}
