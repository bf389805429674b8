package dues_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/dues"
)

// sheet makes an xlsx whose first sheet has the rows given.
func sheet(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var today = zhibu.MakeDate(2026, 7, 10)

func TestParse(t *testing.T) {
	data := sheet(t,
		[]any{"2026年7月党费代扣表"},
		[]any{"序号", "姓名", "身份证号", "所属月份", "缴费基数（元）", "扣款金额", "扣款日期", "备注"},
		[]any{1, "李娜", "", "2026-06", 5000.01, 75, "2026-07-05", ""},
		[]any{2, "王芳", "", "2026-01至2026-03", "", "45.00", "", "补交"},
		[]any{},
		[]any{3, "赵磊", "", "202606", "", 30.000000000000004, 46208, ""},
		[]any{4, "", "", "2026-13", "", "1.234", "昨天", ""},
	)
	sh, err := dues.Parse(bytes.NewReader(data), dues.DefaultLimits, today, zhibu.PayPayroll)
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.Rows) != 4 || !sh.HasID || !sh.HasBase {
		t.Fatalf("rows %+v", sh.Rows)
	}
	li := sh.Rows[0]
	if li.Line != 3 || li.Months[0] != zhibu.MakeMonth(2026, 6) || li.Amount != 7500 || li.Base != 500001 || li.PaidOn != zhibu.MakeDate(2026, 7, 5) || li.Method != zhibu.PayPayroll {
		t.Errorf("李娜: %+v", li)
	}
	if w := sh.Rows[1]; len(w.Months) != 3 || w.PaidOn != today || w.Note != "补交" {
		t.Errorf("王芳: %+v", w)
	}
	if z := sh.Rows[2]; z.Line != 6 || z.Amount != 3000 || z.PaidOn != zhibu.MakeDate(2026, 7, 5) {
		t.Errorf("赵磊 (serial date, float noise): %+v", z)
	}
	var got []string
	for _, p := range sh.Problems {
		got = append(got, p.Message)
	}
	want := []string{"第7行 姓名：不能为空", "第7行 月份：“2026-13”不是有效月份", "第7行 金额：“1.234”不是有效金额", "第7行 缴费日期：“昨天”不是有效日期"}
	if len(got) != len(want) {
		t.Fatalf("problems %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: %q, want %q", i, got[i], want[i])
		}
	}
	if sh.Problems[0].Row != 7 || sh.Problems[0].Label != "姓名" {
		t.Errorf("problem row and column: %+v", sh.Problems[0])
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"no header", sheet(t, []any{"姓名", "金额"}, []any{"李娜", 30}), "没有找到表头"},
		{"no rows", sheet(t, []any{"姓名", "月份", "金额"}), "没有缴费记录"},
		{"not an xlsx", []byte("姓名,月份,金额\n"), "xlsx文件"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dues.Parse(bytes.NewReader(tc.data), dues.DefaultLimits, today, zhibu.PayCash)
			if !errors.Is(err, zhibu.ErrInvalid) || !strings.Contains(zhibu.UserMessage(err), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	data := sheet(t,
		[]any{"姓名", "身份证号", "月份", "金额", "缴费基数"},
		[]any{"李娜", "", "2026-06", 75, 5000.01},
		[]any{"李娜", "", "2026-07", 75, 5000.01},
		[]any{"张伟", "", "2026-06", 30, ""},
		[]any{"王芳", "650102198001010012", "2026-06", 30, ""},
		[]any{"无名", "", "2026-06", 30, ""},
	)
	sh, err := dues.Parse(bytes.NewReader(data), dues.DefaultLimits, today, zhibu.PayCash)
	if err != nil {
		t.Fatal(err)
	}
	member := func(id int64, name, idn string) zhibu.MemberDues {
		return zhibu.MemberDues{Person: zhibu.Person{ID: id, Name: name, IDNumber: idn, Status: zhibu.FullMember}}
	}
	ms := []zhibu.MemberDues{member(1, "李娜", ""), member(2, "张伟", "a"), member(3, "张伟", "b"), member(4, "王芳", "650102198001010011")}
	ms[0].Bases = []zhibu.DuesBase{{PersonID: 1, Category: zhibu.DuesSalaried, Base: 400000, From: zhibu.MakeMonth(2025, 1)}}
	b := sh.Match(ms)
	pays, bases := b.Payments, b.Bases
	if len(pays) != 2 || pays[0].Row != 2 || pays[1].Row != 3 || pays[0].PersonID != 1 {
		t.Errorf("payments %+v", pays)
	}
	if len(bases) != 1 || bases[0].Base != 500001 || bases[0].From != zhibu.MakeMonth(2026, 6) || bases[0].Row != 2 {
		t.Errorf("one new base from June: %+v", bases)
	}
	var got []string
	for _, p := range sh.Problems {
		got = append(got, p.Message)
	}
	if len(got) != 3 || !strings.Contains(got[0], "第4行 姓名：本支部有2名党员叫“张伟”") || !strings.Contains(got[1], "第5行 身份证号：与本支部党员王芳的身份证号不符") ||
		!strings.Contains(got[2], "第6行 姓名：本支部没有名为“无名”的党员") {
		t.Errorf("problems %q", got)
	}
}

func TestWriteLedger(t *testing.T) {
	md := zhibu.MemberDues{Person: zhibu.Person{ID: 1, Name: "李娜", Status: zhibu.FullMember, AdmittedOn: zhibu.MakeDate(2000, 1, 1), GroupName: "第一党小组"},
		Bases: []zhibu.DuesBase{{Category: zhibu.DuesSalaried, Base: 300000, From: zhibu.MakeMonth(2026, 1)}},
		Paid: map[zhibu.Month]zhibu.PaidMonth{zhibu.MakeMonth(2026, 1): {PaymentID: 1, Due: 1500, PaidOn: zhibu.MakeDate(2026, 1, 20)},
			zhibu.MakeMonth(2026, 3): {PaymentID: 2, Due: 1500, PaidOn: zhibu.MakeDate(2026, 5, 6)}}}
	l := zhibu.BuildDuesLedger([]zhibu.MemberDues{md}, 2026, today)
	var buf bytes.Buffer
	if err := dues.WriteLedger(&buf, "第一党支部党费收缴登记簿", l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("党费收缴登记簿")
	if rows[0][0] != "第一党支部党费收缴登记簿（2026年）" || rows[1][6] != "1月" || rows[2][1] != "李娜" || rows[2][6] != "15.00" || rows[2][7] != "欠缴" {
		t.Errorf("rows %q", rows[:3])
	}
	if rows[3][0] != "合计" || rows[3][18] != "30.00" {
		t.Errorf("totals %q", rows[3])
	}
	// March, paid in May, is a back-payment: shaded and named in 备注;
	// January, paid in January, is not.
	if note := rows[2][20]; !strings.Contains(note, "补缴：3月（2026-05-06补缴）") || strings.Contains(note, "1月") {
		t.Errorf("note %q", note)
	}
	styleOf := func(cell string) *excelize.Style {
		id, _ := f.GetCellStyle("党费收缴登记簿", cell)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if late, onTime := styleOf("I3"), styleOf("G3"); len(late.Fill.Color) == 0 || len(onTime.Fill.Color) != 0 {
		t.Errorf("fill of March %+v, of January %+v", late.Fill, onTime.Fill)
	}
	// 制表人, 审核人 and the date below the table, and the date in the page header.
	sign := strings.Join(rows[5], "")
	if !strings.Contains(sign, "制表人：") || !strings.Contains(sign, "审核人：") || !strings.Contains(sign, "制表日期："+today.Chinese()) {
		t.Errorf("sign row %q", rows[5])
	}
	if hf, err := f.GetHeaderFooter("党费收缴登记簿"); err != nil || !strings.Contains(hf.OddHeader, "制表日期："+today.Chinese()) {
		t.Errorf("page header %+v %v", hf, err)
	}
	panes, err := f.GetPanes("党费收缴登记簿")
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v %v", panes, err)
	}
	if v, _ := f.GetCellValue("党费收缴登记簿", "G3"); v != "15.00" {
		t.Errorf("G3 %q", v)
	}
	if typ, _ := f.GetCellType("党费收缴登记簿", "G3"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("money stored as text (%v)", typ)
	}
}
