package web_test

import (
	"net/http"
	"strings"
	"testing"

	"zhibu"
)

// The development overview offers 新建档案 for the branch's masses
// without a file and leads to the chosen person's file; its table shows
// the step a file has reached, not the record entered last.
func TestDevelopmentNewFileAndCurrentStep(t *testing.T) {
	f := newFixture(t)
	b := "/orgs/" + ids(f.branch.ID)
	chen := ids(f.id("陈静"))
	page := f.get(b + "/development")
	wantBody(t, page, http.StatusOK, "新建档案", `<option value="`+chen+`">陈静`)
	w := f.get(b + "/development/new?person=" + chen)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/people/"+chen+"/development#record" {
		t.Fatalf("新建档案: %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := f.get(b + "/development/new"); w.Code != http.StatusSeeOther || !strings.HasSuffix(w.Header().Get("Location"), "/development") {
		t.Errorf("no person chosen: %d %s", w.Code, w.Header().Get("Location"))
	}
	wantBody(t, f.get(b+"/development/new?person=99999"), http.StatusNotFound)

	// After steps 1 to 3 the overview shows step 3 (zhibu's
	// TestDevFileCurrent covers a repeatable step recorded late).
	file := "/people/" + chen + "/development"
	for _, st := range [][2]string{{"1", "2025-01-10"}, {"2", "2025-01-20"}, {"3", "2025-02-01"}} {
		if w := f.post(file+"/steps", map[string][]string{"step": {st[0]}, "on": {st[1]}}); w.Code != http.StatusSeeOther {
			t.Fatalf("step %s: %d", st[0], w.Code)
		}
	}
	fl, err := f.s.DevFile(sys, f.id("陈静"))
	if err != nil {
		t.Fatal(err)
	}
	if cur, ok := fl.Current(); !ok || cur.Step != 3 {
		t.Fatalf("current %+v (records %d)", cur, len(fl.Records))
	}
	page = f.get(b + "/development")
	wantBody(t, page, http.StatusOK, "当前步骤", zhibu.DevSteps[3].Label()+"（2025-02-01）")
	if strings.Contains(page.Body.String(), `<option value="`+chen+`">`) {
		t.Error("a person with a file is offered 新建档案")
	}
}
