package roster

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"zhibu"
)

// benchPeople are n valid people (n up to 10,000: one birthday each, from
// 1960 on), of every status, in four groups.
func benchPeople(n int) []zhibu.Person {
	ps := make([]zhibu.Person, n)
	first := zhibu.MakeDate(1960, 1, 1)
	for i := range ps {
		birth := first.AddDays(i)
		id := idNumber(fmt.Sprintf("%04d%02d%02d", birth.Year, birth.Month, birth.Day), fmt.Sprintf("%03d", i%1000))
		status := zhibu.PartyStatuses[i%len(zhibu.PartyStatuses)]
		p := zhibu.Person{
			Name: fmt.Sprintf("测试%05d", i), Gender: zhibu.IDGender(id), Ethnicity: "汉族", BirthDate: birth,
			IDNumber: id, Phone: fmt.Sprintf("138%08d", i), Unit: fmt.Sprintf("第%d大队", i%12+1), Officer: i%3 != 0,
			Education: zhibu.Educations[i%len(zhibu.Educations)], Status: status,
			GroupName: fmt.Sprintf("第%d党小组", i%4+1),
		}
		applied := birth.AddYears(20)
		for k, d := range []*zhibu.Date{&p.AppliedOn, &p.ActivistOn, &p.CandidateOn, &p.AdmittedOn, &p.ConfirmedOn} {
			if status.AtLeast(zhibu.PartyStatuses[k+1]) {
				*d = applied.AddMonths([]int{0, 6, 18, 30, 42}[k])
			}
		}
		ps[i] = p
	}
	return ps
}

// BenchmarkParseXLSX10k parses and checks a 10,000-row register made by
// WriteXLSX. Besides time and allocations it reports peak-heap-MB, the
// highest HeapInuse sampled while it ran.
//
//	go test -run '^$' -bench ParseXLSX10k -benchtime 5x ./internal/roster/
func BenchmarkParseXLSX10k(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "基准测试党支部人员花名册", benchPeople(10000)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	groups := map[string]int64{"第1党小组": 1, "第2党小组": 2, "第3党小组": 3, "第4党小组": 4}
	none := func([]string) (map[string]bool, error) { return nil, nil }
	runtime.GC()
	peak := sampleHeap()
	b.ReportAllocs()
	for b.Loop() {
		s, err := Parse(bytes.NewReader(data), Limits{}, testToday())
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Check(groups, none); err != nil || len(s.Rows) != 10000 {
			b.Fatalf("%d rows, %v", len(s.Rows), err)
		}
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
}

// BenchmarkWriteXLSX10k exports 10,000 people.
func BenchmarkWriteXLSX10k(b *testing.B) {
	ps := benchPeople(10000)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, "基准测试党支部人员花名册", ps); err != nil {
			b.Fatal(err)
		}
	}
}

// sampleHeap samples HeapInuse every millisecond until the returned
// function is called, which returns the highest value seen.
func sampleHeap() func() uint64 {
	done, result := make(chan struct{}), make(chan uint64)
	go func() {
		var m runtime.MemStats
		var peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}
