package demo_test

import (
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/demo"
	"zhibu/internal/rules"
	"zhibu/internal/store/storetest"
)

// The seed branch's member records show the planted gap, and nothing
// else: 周鹏's file is not on record; the mobile member 马文斌 is in contact;
// no one is out of contact.
func TestMemberRecordsDemo(t *testing.T) {
	s := storetest.SQLite(t)
	if err := demo.Load(sys, s); err != nil {
		t.Fatal(err)
	}
	o := org(t, s, demo.BranchCode)
	today := zhibu.Today(time.Now())
	facts, err := s.Facts(sys, o.ID, today.Year, today)
	if err != nil {
		t.Fatal(err)
	}
	var noFile, mobile []string
	for _, f := range rules.Check(rules.DefaultCatalogue(), facts, o.ID, today.Year) {
		switch f.RuleID {
		case "member.file":
			if f.Status != zhibu.StatusOK {
				noFile = append(noFile, f.Message)
			}
		case "member.mobile":
			mobile = append(mobile, string(f.Status)+" "+f.Message)
		case "member.lost_contact":
			t.Errorf("out of contact: %s", f.Message)
		}
	}
	if len(noFile) != 1 || !strings.Contains(noFile[0], "周鹏") {
		t.Errorf("without a file: %q", noFile)
	}
	if len(mobile) != 1 || !strings.HasPrefix(mobile[0], "ok ") || !strings.Contains(mobile[0], "马文斌") {
		t.Errorf("mobile: %q", mobile)
	}
}
