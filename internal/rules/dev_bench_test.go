package rules

import (
	"math/rand/v2"
	"testing"

	"zhibu"
)

// genDevFiles gives each branch of facts (as genFacts makes them) perBranch
// people in development at every stage, with the steps their stage needs,
// some late, some missing: about 15 records a file.
func genDevFiles(f *zhibu.Facts, perBranch int, seed uint64) {
	rnd := rand.New(rand.NewPCG(seed, seed^0x51))
	pid := int64(9_000_000)
	for _, o := range f.Orgs {
		if o.Kind != zhibu.KindBranch {
			continue
		}
		for i := 0; i < perBranch; i++ {
			pid++
			act := day(2016, 1, 1).AddDays(rnd.IntN(900))
			stop := 1 + rnd.IntN(25)
			file := walk(stop, act, act.AddMonths(14+rnd.IntN(6)))
			file.Person.ID, file.Person.OrgID = pid, o.ID
			for j := range file.Records {
				file.Records[j].PersonID = pid
			}
			if stop > 6 {
				for d := act.AddMonths(5); d.Before(act.AddMonths(12)); d = d.AddMonths(5 + rnd.IntN(3)) {
					file.Records = append(file.Records, zhibu.DevRecord{PersonID: pid, Step: 6, On: d, Outcome: zhibu.OutcomeDone})
				}
				SortRecords(file.Records)
			}
			f.Development = append(f.Development, file)
		}
	}
}

// BenchmarkDevCheckAllM checks every branch of the M tier with 15 people
// in development each (3,000 files, about 45,000 steps) for one year: the
// whole engine, so the dev.* rules' share is its difference from
// BenchmarkCheckAllM.
//
//	go test -run '^$' -bench 'CheckAllM|DevCheck|CheckStep' ./internal/rules/
func BenchmarkDevCheckAllM(b *testing.B) {
	facts := genFacts(200, 2014, 2018, 1)
	genDevFiles(&facts, 15, 1)
	facts.AsOf = day(2018, 12, 31)
	cat := append(DefaultCatalogue(), SeedBranchLayer(1000, day(2018, 1, 1))...)
	records, n := 0, 0
	for _, f := range facts.Development {
		records += len(f.Records)
	}
	for b.Loop() {
		n = 0
		for _, fs := range CheckAll(cat, facts, 2018) {
			for _, f := range fs {
				if f.SubjectKind == zhibu.SubjectPerson {
					n++
				}
			}
		}
	}
	b.ReportMetric(float64(records), "steps")
	b.ReportMetric(float64(n), "dev-findings")
}

// BenchmarkCheckStep is one step checked before it is saved (a candidate
// designation on a file of six steps).
func BenchmarkCheckStep(b *testing.B) {
	cat := DefaultCatalogue()
	f := walk(7, day(2025, 1, 31), zhibu.Date{})
	in := StepInput{File: f, Record: rec(7, day(2026, 2, 1)), Path: devPath, Today: day(2030, 1, 1)}
	for b.Loop() {
		if _, err := CheckStep(cat, in); err != nil {
			b.Fatal(err)
		}
	}
}
