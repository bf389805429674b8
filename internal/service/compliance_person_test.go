package service_test

import (
	"fmt"
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A development file's page checks the one file (OpenOfPerson) and must
// find what the check of the whole branch finds about that person
// (OpenByPerson), for everyone of a generated branch in development, on
// days across their files.
func TestOpenOfPersonAgreesWithBranch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tier := gen.Tier{Name: "dev", Branches: 1, GroupsPerBranch: 2, PeoplePerBranch: 40, DevHeavy: true}
		root, err := gen.Generate(sys, s, tier, 5, nil)
		if err != nil {
			t.Fatal(err)
		}
		branch, err := s.OrgByCode(sys, "G00001")
		if err != nil {
			t.Fatal(err)
		}
		files, err := s.DevFiles(sys, branch.ID)
		if err != nil || len(files) < 20 {
			t.Fatalf("files: %d, %v", len(files), err)
		}
		c := service.New(s, service.Options{}).Compliance
		compared := 0
		for _, day := range []zhibu.Date{gen.Until, gen.Until.AddYears(-1), gen.Until.AddMonths(5)} {
			all, err := c.OpenByPerson(sys, branch, "dev.", day)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				one, err := c.OpenOfPerson(sys, branch, f.Person.ID, "dev.", day)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := fmt.Sprint(one), fmt.Sprint(all[f.Person.ID]); got != want {
					t.Fatalf("%s on %s:\n one file: %s\n  branch: %s", f.Person.Name, day, got, want)
				}
				compared += len(one)
			}
		}
		if compared == 0 {
			t.Fatal("no open finding compared: the test proves nothing")
		}
		if _, err := c.OpenOfPerson(sys, root, files[0].Person.ID, "dev.", gen.Until); err != nil {
			t.Fatal(err)
		}
		if _, err := c.OpenOfPerson(sys, branch, files[0].Person.ID, "meet.", gen.Until); err == nil {
			t.Error("rules other than dev.* read more than a file: OpenOfPerson should refuse them")
		}
	})
}
