package service_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/api"
	"zhibu/internal/auth"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
	"zhibu/internal/web"
)

// duesPay is one payment as a user gives it to any door: a member named
// (the import) or chosen (the form, the API), a run of months, an amount
// in yuan as typed.
type duesPay struct {
	name   string
	month  zhibu.Month
	amount string // yuan
}

// duesDoor records p through one door and returns the problems it shows
// (messages, without the row an import puts first) and the HTTP status
// or 0.
type duesDoor func(t *testing.T, s *store.Store, svc *service.Services, ids map[string]int64, p duesPay) (status int, problems []string)

var duesRowPrefix = regexp.MustCompile(`^第\d+行 `)

// The web form of a person's dues page.
func duesByForm(t *testing.T, s *store.Store, svc *service.Services, ids map[string]int64, p duesPay) (int, []string) {
	h, err := web.New(s, svc, auth.New(s, nil), web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"from": {p.month.String()}, "method": {"cash"}, "paid_on": {"2026-07-01"}, "amount": {p.amount}}
	r := httptest.NewRequest("POST", "/people/"+strconv.FormatInt(ids[p.name], 10)+"/dues/payments", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r.WithContext(sys))
	body := w.Body.String()
	var out []string
	if i := strings.Index(body, `<div class="problems"`); i >= 0 {
		block := body[i:]
		block = block[:strings.Index(block, "</div>")]
		for _, m := range regexp.MustCompile(`<li>(?:<a [^>]*>)?(.*?)(?:</a>)?</li>`).FindAllStringSubmatch(block, -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
	}
	return w.Code, out
}

// The JSON API.
func duesByAPI(t *testing.T, s *store.Store, svc *service.Services, ids map[string]int64, p duesPay) (int, []string) {
	h := api.New(s, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	fen := strings.ReplaceAll(p.amount, ".", "") // amounts here have two decimals
	body := fmt.Sprintf(`{"months":[%q],"amount_fen":%s,"method":"cash","paid_on":"2026-07-01"}`, p.month.String(), fen)
	r := httptest.NewRequest("POST", "/api/v1/people/"+strconv.FormatInt(ids[p.name], 10)+"/dues/payments", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r.WithContext(sys))
	if w.Code < 400 {
		return w.Code, nil
	}
	var e struct {
		Error struct {
			Message  string         `json:"message"`
			Problems zhibu.Problems `json:"problems"`
		} `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("API answer %s: %v", w.Body, err)
	}
	if len(e.Error.Problems) == 0 {
		return w.Code, []string{e.Error.Message}
	}
	var out []string
	for _, x := range e.Error.Problems {
		out = append(out, x.Message)
	}
	return w.Code, out
}

// The import of a payroll or bank sheet (what the web's import page and
// `zhibu import dues` call), confirmed.
func duesByImport(t *testing.T, s *store.Store, svc *service.Services, ids map[string]int64, p duesPay) (int, []string) {
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{{"姓名", "月份", "金额", "缴费日期", "缴费方式"}, {p.name, p.month.String(), p.amount, "2026-07-01", "现金"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sh, _, err := svc.Dues.ImportSheet(sys, ids["branch"], buf.Bytes(), "代扣.xlsx", zhibu.PayCash)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range sh.Problems {
		if x.Row != 2 {
			t.Errorf("problem %+v not of row 2", x)
		}
		out = append(out, duesRowPrefix.ReplaceAllString(x.Message, ""))
	}
	return 0, out
}

// The same payments through the form, the API and the import give the
// same problems and store the same payments.
func TestDuesDoorsAgree(t *testing.T) {
	doors := []struct {
		name string
		do   duesDoor
	}{{"form", duesByForm}, {"api", duesByAPI}, {"import", duesByImport}}
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			stored := map[string]string{}
			for _, door := range doors {
				s := e.Open(t)
				dues, branch, members := duesBranch(t, s)
				svc := service.New(s, service.Options{})
				ids := map[string]int64{"branch": branch.ID, "无名氏": 999999}
				for _, m := range members {
					ids[m.Name] = m.ID
				}
				a := members[0]
				if _, err := dues.SetBase(sys, zhibu.DuesBase{PersonID: a.ID, Category: zhibu.DuesSalaried, Base: 500000, From: duesYM(2026, 1)}); err != nil {
					t.Fatal(err)
				}
				may, err := dues.RecordPayment(sys, zhibu.Payment{PersonID: a.ID, Months: []zhibu.Month{duesYM(2026, 5)}, Amount: 5000, Method: zhibu.PayCash, PaidOn: zhibu.MakeDate(2026, 6, 1)})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct {
					name string
					pay  duesPay
					want []string // the problems; nil: stored
				}{
					{"valid", duesPay{"委员甲", duesYM(2026, 6), "55.00"}, nil},
					{"paid", duesPay{"委员甲", duesYM(2026, 5), "50.00"}, []string{"委员甲2026年5月的党费已经登记缴纳（收据号第" + strconv.FormatInt(may.ID, 10) + "号），不能重复登记"}},
					{"negative", duesPay{"委员甲", duesYM(2026, 4), "-50.00"}, []string{"金额：应大于0"}},
					{"short", duesPay{"委员甲", duesYM(2026, 3), "49.99"}, []string{"金额：应不少于所选月份的应缴党费¥50.00"}},
					{"no base", duesPay{"委员乙", duesYM(2026, 3), "50.00"}, []string{"缴费月份：2026年3月没有适用的缴费基数，请先登记缴费基数"}},
					{"not a member", duesPay{"候选人", duesYM(2026, 3), "50.00"}, nil},
					{"unknown", duesPay{"无名氏", duesYM(2026, 3), "50.00"}, nil},
				} {
					status, got := door.do(t, s, svc, ids, c.pay)
					switch c.name {
					case "valid":
						if len(got) != 0 || status != 0 && status != http.StatusSeeOther && status != http.StatusCreated {
							t.Errorf("%s %s: %d %q", door.name, c.name, status, got)
						}
					case "not a member":
						// The form and the API name the person; the import
						// looks among the branch's members and finds none.
						want := "姓名：本支部没有名为“候选人”的党员"
						if door.name != "import" {
							want = "候选人不是党员（发展对象），不交纳党费"
						}
						if !slices.Equal(got, []string{want}) {
							t.Errorf("%s %s: %q, want %q", door.name, c.name, got, want)
						}
					case "unknown":
						// An id is not found; a name is not a member's.
						if door.name == "import" {
							if !slices.Equal(got, []string{"姓名：本支部没有名为“无名氏”的党员"}) {
								t.Errorf("%s %s: %q", door.name, c.name, got)
							}
						} else if status != http.StatusNotFound {
							t.Errorf("%s %s: %d %q", door.name, c.name, status, got)
						}
					default:
						if !slices.Equal(got, c.want) {
							t.Errorf("%s %s: %q, want %q", door.name, c.name, got, c.want)
						}
					}
				}
				ps, err := s.Payments(sys, store.PaymentFilter{OrgID: branch.ID})
				if err != nil {
					t.Fatal(err)
				}
				var sum []string
				for _, p := range ps {
					sum = append(sum, fmt.Sprintf("%s %s %d/%d %s %s %v %q", p.PersonName, p.MonthsLabel(), p.Amount, p.Due, p.Method, p.PaidOn, p.PaidByOrg, p.Note))
				}
				stored[door.name] = strings.Join(sum, "\n")
			}
			want := "委员甲 2026年5月 5000/5000 cash 2026-06-01 false \"\"\n委员甲 2026年6月 5500/5000 cash 2026-07-01 false \"\""
			for door, got := range stored {
				if got != want {
					t.Errorf("stored through %s:\n%s\nwant\n%s", door, got, want)
				}
			}
		})
	}
}
