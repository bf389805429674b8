package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhibu"
	"zhibu/internal/store"
)

// TestBrowserDuesImport: the organization officer imports a payroll sheet
// on the shared import flow. A sheet with a row naming nobody of the
// branch is previewed with that row and column and cannot be confirmed;
// the sheet without it, paid in cash as chosen on the form, is confirmed
// and 韩磊's month is recorded in cash.
func TestBrowserDuesImport(t *testing.T) {
	b := newTab(t)
	st := newSite(t)
	b.use(st)
	b.login("组织委员")
	han := st.person(t, "韩磊")
	before, err := st.s.Payments(sys, store.PaymentFilter{PersonID: han.ID})
	if err != nil {
		t.Fatal(err)
	}
	month := zhibu.MonthOfDate(zhibu.Today(time.Now())).String()
	sheet := func(name string, rows ...[]string) string {
		t.Helper()
		path := filepath.Join(t.TempDir(), name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := meetingSheetXLSX(f, append([][]string{{"姓名", "月份", "金额"}}, rows...)); err != nil {
			t.Fatal(err)
		}
		return path
	}
	upload := func(path string) int64 {
		t.Helper()
		b.open("/orgs/" + ids(st.zb03.ID) + "/dues")
		click(b, chromedp.Search(`//a[normalize-space(.)="导入缴费表"]`))
		b.want("main h1", "导入党费缴费表")
		b.do("choose the file and the method", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{path}),
			chromedp.SetValue(chromedp.ID("f-method"), string(zhibu.PayCash)))
		return click(b, chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`))
	}

	if status := upload(sheet("有误.xlsx", []string{"韩磊", month, "1000"}, []string{"查无此人", month, "10"})); status != http.StatusUnprocessableEntity {
		t.Fatalf("a sheet with a bad row: %d, want 422\n%s", status, b.text("main"))
	}
	b.want(".problems-card", "发现1处问题，未导入任何缴费记录")
	b.want(".problem-table tbody tr", "3", "姓名", "本支部没有名为“查无此人”的党员")
	if b.has("form.confirm") {
		t.Error("a sheet with problems may be confirmed")
	}

	if status := upload(sheet("代扣.xlsx", []string{"韩磊", month, "1000"})); status != http.StatusOK {
		t.Fatalf("a good sheet: %d\n%s", status, b.text("main"))
	}
	b.want("main", "共读到1笔缴费，合计¥1,000.00", "表中未写缴费方式的按“现金”登记", "韩磊")
	if after, _ := st.s.Payments(sys, store.PaymentFilter{PersonID: han.ID}); len(after) != len(before) {
		t.Fatalf("the preview recorded a payment")
	}
	click(b, chromedp.CSS(`form.confirm button[type=submit]`))
	if loc := b.location(); !strings.HasPrefix(loc, "/orgs/"+ids(st.zb03.ID)+"/dues") {
		t.Errorf("after the import the tab is at %s, want the branch's dues", loc)
	}
	b.want("main", "已导入1笔缴费，合计¥1,000.00")
	after, err := st.s.Payments(sys, store.PaymentFilter{PersonID: han.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || after[len(after)-1].Method != zhibu.PayCash {
		t.Fatalf("韩磊's payments after the import: %+v", after)
	}
}
