package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/store"
)

// development gives the seed branch's people on the way to membership
// their development files, recorded step by step through the development
// service (so every rule checks them) on the dates the roster holds: applications,
// talks, designations, filings, mentors, half-yearly reviews up to the day
// of the load, the candidates' filings, sponsors, reviews and training,
// and for this year's probationary members the assembly of 26 June 2026,
// the superior's talk and approval and the oath. One applicant was never
// talked to: dev.talk is overdue for them.
func (l *loader) development() error {
	b, ok := l.byCode[BranchCode]
	if !ok {
		return fmt.Errorf("development: branch %s not made", BranchCode)
	}
	// Mentors and sponsors: the branch's longest-standing full members.
	var seniors []zhibu.Person
	for _, p := range b.people {
		if p.Status == zhibu.FullMember {
			seniors = append(seniors, p)
		}
	}
	slices.SortStableFunc(seniors, func(a, c zhibu.Person) int { return a.ConfirmedOn.Time().Compare(c.ConfirmedOn.Time()) })
	if len(seniors) < 3 {
		return fmt.Errorf("development: too few full members in %s", b.org.Name)
	}
	assembly, err := l.admissionAssembly(b)
	if err != nil {
		return err
	}
	untalked := false
	for i, p := range b.people {
		var recs []zhibu.DevRecord
		switch p.Status {
		case zhibu.Applicant:
			recs = []zhibu.DevRecord{{Step: 1, On: p.AppliedOn}}
			// The first applicant whose month has run out waits for the talk.
			if !untalked && p.AppliedOn.AddMonths(1).Before(AsOf()) {
				untalked = true
			} else {
				recs = append(recs, zhibu.DevRecord{Step: 2, On: l.upTo(p.AppliedOn.AddDays(12))})
			}
		case zhibu.Activist, zhibu.Candidate, zhibu.Probationary:
			recs = l.cultivation(p, seniors[i%2].ID)
		default:
			continue
		}
		if p.Status == zhibu.Candidate || p.Status == zhibu.Probationary {
			recs = append(recs, l.candidacy(p, seniors[i%3].ID, seniors[(i%3)+1].ID)...)
		}
		if p.Status == zhibu.Probationary {
			if assembly.ID == 0 {
				return fmt.Errorf("development: no assembly on %s", p.AdmittedOn)
			}
			pos := 1
			for j, r := range assembly.Resolutions {
				if strings.Contains(r.Text, p.Name) {
					pos = j + 1
				}
			}
			m := p.AdmittedOn
			recs = append(recs, zhibu.DevRecord{Step: 15, MeetingID: assembly.ID, Resolution: pos},
				zhibu.DevRecord{Step: 16, On: m.AddDays(2), Note: "局党委组织委员与其谈话"},
				zhibu.DevRecord{Step: 17, On: m.AddDays(4), Note: "局党委会议审批同意"},
				zhibu.DevRecord{Step: 18, On: m.AddDays(5)},
				zhibu.DevRecord{Step: 19, On: m.AddDays(5)},
				zhibu.DevRecord{Step: 20, On: m.AddDays(5), Note: "“七一”集中入党宣誓"})
			for d := m.AddMonths(5); !d.After(l.today); d = d.AddMonths(5) {
				recs = append(recs, zhibu.DevRecord{Step: 21, On: d})
			}
		}
		slices.SortStableFunc(recs, func(a, c zhibu.DevRecord) int {
			if a.On.IsZero() || c.On.IsZero() {
				return 0
			}
			return a.On.Time().Compare(c.On.Time())
		})
		for _, r := range recs {
			if !r.On.IsZero() && r.On.After(l.today) {
				continue
			}
			if _, err := l.svc.Development.Record(l.ctx, b.ids[p.Name], r); err != nil {
				return fmt.Errorf("development: %s step %d on %s: %w", p.Name, r.Step, r.On, err)
			}
		}
		// The scanned application is on file; for candidates and probationary
		// members the political review too. The rest is listed as missing.
		scans := []struct {
			step int
			name string
		}{{1, "入党申请书"}}
		if p.Status == zhibu.Candidate || p.Status == zhibu.Probationary {
			scans = append(scans, struct {
				step int
				name string
			}{10, "政治审查报告"})
		}
		for _, sc := range scans {
			file := store.NewAttachment{Filename: p.Name + sc.name + ".pdf", Data: blankPDF}
			if _, err := l.s.AddDevMaterials(l.ctx, b.ids[p.Name], sc.step, sc.name, []store.NewAttachment{file}); err != nil {
				return fmt.Errorf("development: %s %s: %w", p.Name, sc.name, err)
			}
		}
	}
	return nil
}

// blankPDF is a one-page blank A4 PDF standing in for a scanned document.
var blankPDF = []byte("%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// upTo is d, or the day of the load when d is later.
func (l *loader) upTo(d zhibu.Date) zhibu.Date {
	if d.After(l.today) {
		return l.today
	}
	return d
}

// cultivation is an activist's steps: application and talk, designation
// and filing, a mentor, and a review every five months up to the
// admission (or the day of the load).
func (l *loader) cultivation(p zhibu.Person, mentor int64) []zhibu.DevRecord {
	a, v := p.AppliedOn, p.ActivistOn
	talk := a.AddDays(12)
	if talk.After(v) {
		talk = v
	}
	recs := []zhibu.DevRecord{
		{Step: 1, On: a},
		{Step: 2, On: talk},
		{Step: 3, On: v, Note: "支委会研究确定"},
		{Step: 4, On: v.AddDays(3)},
		{Step: 5, On: v.AddDays(3), People: []int64{mentor}},
	}
	end := l.today
	if !p.AdmittedOn.IsZero() {
		end = p.AdmittedOn.AddDays(-1)
	}
	for d := v.AddMonths(5); !d.After(end); d = d.AddMonths(5) {
		recs = append(recs, zhibu.DevRecord{Step: 6, On: d, Note: "培养联系人考察，党小组评议"})
	}
	return recs
}

// candidacy is a candidate's steps from designation to the application
// form: filing, sponsors, political review, training, the committee's
// review, the superior's pre-review and the form, spread over the weeks
// after the designation (the form before the admission, for those admitted).
func (l *loader) candidacy(p zhibu.Person, s1, s2 int64) []zhibu.DevRecord {
	c := p.CandidateOn
	recs := []zhibu.DevRecord{
		{Step: 7, On: c, Note: "支委会研究确定"},
		{Step: 8, On: c.AddDays(3)},
		{Step: 9, On: c.AddDays(5), People: []int64{s1, s2}},
		{Step: 10, On: c.AddDays(10), Note: "政治审查合格"},
		{Step: 11, On: c.AddDays(15), Days: 3, Hours: 24, Note: "局党校发展对象培训班"},
		{Step: 12, On: c.AddDays(20)},
	}
	if !p.AdmittedOn.IsZero() {
		recs = append(recs, zhibu.DevRecord{Step: 13, On: c.AddDays(25)}, zhibu.DevRecord{Step: 14, On: c.AddDays(30)})
	}
	return recs
}

// admissionAssembly is the seed branch's general assembly on the day this
// year's probationary members were admitted.
func (l *loader) admissionAssembly(b *built) (zhibu.Meeting, error) {
	var on zhibu.Date
	for _, p := range b.people {
		if p.Status == zhibu.Probationary {
			on = p.AdmittedOn
		}
	}
	if on.IsZero() {
		return zhibu.Meeting{}, nil
	}
	from := time.Date(on.Year, on.Month, on.Day, 0, 0, 0, 0, zhibu.DefaultZone)
	ms, err := l.s.Meetings(l.ctx, store.MeetingFilter{OrgID: b.org.ID, Type: zhibu.MeetAssembly, Status: zhibu.MeetingHeld,
		From: from, To: from.AddDate(0, 0, 1)})
	if err != nil {
		return zhibu.Meeting{}, err
	}
	for _, m := range ms {
		if m.OrgID == b.org.ID && len(m.Resolutions) > 0 {
			return m, nil
		}
	}
	return zhibu.Meeting{}, nil
}
