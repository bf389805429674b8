package rules

import (
	"strings"
	"testing"

	"zhibu"
)

// published is a disclosure of the branch for period p that went through
// the procedure and was published on day on.
func published(id int64, c zhibu.DisclosureCategory, p zhibu.Period, on zhibu.Date) zhibu.Disclosure {
	return zhibu.Disclosure{ID: id, OrgID: branchID, Category: c, Period: p, Title: c.Label(), Audience: zhibu.AudienceBranch,
		Status: zhibu.DisclosurePublished, ProposedOn: on.AddDays(-3), ReviewedOn: on.AddDays(-2), ApprovedOn: on.AddDays(-1), PublishedOn: on, PlannedOn: on}
}

func voiceLetter(id int64, written, replied zhibu.Date) zhibu.Letter {
	return zhibu.Letter{ID: id, OrgID: branchID, To: zhibu.ToSecretary, Anonymous: true, WrittenOn: written, RepliedOn: replied}
}

// TestVoiceEdges checks disclose.branch, disclose.procedure, mailbox.reply
// and paper.annual at the edges of their periods and deadlines.
func TestVoiceEdges(t *testing.T) {
	type tc struct {
		name   string
		rule   string
		asOf   zhibu.Date
		period zhibu.Period
		want   zhibu.FindingStatus // "none" for no finding
		extra  func(*zhibu.Facts)
		cat    zhibu.DisclosureCategory // disclose.branch: the category looked at (dues by default)
	}
	dues, life, report, election := zhibu.DiscloseDues, zhibu.DiscloseLife, zhibu.DiscloseSecretaryReport, zhibu.DiscloseElection
	discl := func(ds ...zhibu.Disclosure) func(*zhibu.Facts) {
		return func(f *zhibu.Facts) { f.Disclosures = ds }
	}
	letters := func(ls ...zhibu.Letter) func(*zhibu.Facts) {
		return func(f *zhibu.Facts) { f.Letters = ls }
	}
	paper := func(due, submitted zhibu.Date) func(*zhibu.Facts) {
		return func(f *zhibu.Facts) {
			f.Papers = []zhibu.Paper{{ID: 7, OrgID: branchID, Year: 2026, Topic: "创新教育方式", DueOn: due, SubmittedOn: submitted}}
		}
	}
	const branch, procedure, mailbox, annual = "disclose.branch", "disclose.procedure", "mailbox.reply", "paper.annual"
	tests := []tc{
		// disclose.branch: half-yearly dues, yearly report, the election only in an election year.
		{name: "dues H1 not disclosed, last day of June", rule: branch, asOf: day(2026, 6, 30), period: half(2026, 1), want: zhibu.StatusDue, extra: discl()},
		{name: "dues H1 not disclosed, 1 July", rule: branch, asOf: day(2026, 7, 1), period: half(2026, 1), want: zhibu.StatusOverdue, extra: discl()},
		{name: "dues H2 not begun on 30 June", rule: branch, asOf: day(2026, 6, 30), period: half(2026, 2), want: "none", extra: discl()},
		{name: "dues H1 published", rule: branch, asOf: day(2026, 7, 1), period: half(2026, 1), want: zhibu.StatusOK,
			extra: discl(published(1, dues, half(2026, 1), day(2026, 6, 20)))},
		{name: "dues H1 published for H2 does not count", rule: branch, asOf: day(2026, 7, 1), period: half(2026, 1), want: zhibu.StatusOverdue,
			extra: discl(published(1, dues, half(2026, 2), day(2026, 6, 20)))},
		{name: "published after the as-of day is not known", rule: branch, asOf: day(2026, 6, 19), period: half(2026, 1), want: zhibu.StatusDue,
			extra: discl(published(1, dues, half(2026, 1), day(2026, 6, 20)))},
		{name: "withdrawn before the as-of day does not count", rule: branch, asOf: day(2026, 7, 1), period: half(2026, 1), want: zhibu.StatusOverdue,
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) {
				d.Status, d.WithdrawnOn = zhibu.DisclosureWithdrawn, day(2026, 6, 25)
			}))},
		{name: "only approved, not published", rule: branch, asOf: day(2026, 7, 1), period: half(2026, 1), want: zhibu.StatusOverdue,
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) {
				d.Status, d.PublishedOn = zhibu.DisclosureApproved, zhibu.Date{}
			}))},
		{name: "yearly report due on 31 December", rule: branch, cat: report, asOf: day(2026, 12, 31), period: year(2026), want: zhibu.StatusDue, extra: discl()},
		{name: "yearly report overdue on 1 January", rule: branch, cat: report, asOf: day(2027, 1, 1), period: year(2026), want: zhibu.StatusOverdue, extra: discl()},
		{name: "life H2 ok", rule: branch, cat: life, asOf: day(2027, 1, 1), period: half(2026, 2), want: zhibu.StatusOK,
			extra: discl(published(2, life, half(2026, 2), day(2026, 12, 31)))},
		{name: "report ok", rule: branch, cat: report, asOf: day(2027, 1, 1), period: year(2026), want: zhibu.StatusOK,
			extra: discl(published(3, report, year(2026), day(2026, 11, 20)), published(4, zhibu.DiscloseDecisions, year(2026), day(2026, 11, 20)),
				published(5, zhibu.DiscloseDevelopment, year(2026), day(2026, 11, 20)), published(6, zhibu.DiscloseAwards, year(2026), day(2026, 11, 20)))},
		{name: "no election disclosure asked in a year without one", rule: branch, cat: election, asOf: day(2018, 12, 31), period: year(2018), want: "none",
			extra: discl(published(3, report, year(2018), day(2018, 11, 20)), published(4, zhibu.DiscloseDecisions, year(2018), day(2018, 11, 20)),
				published(5, zhibu.DiscloseDevelopment, year(2018), day(2018, 11, 20)), published(6, zhibu.DiscloseAwards, year(2018), day(2018, 11, 20)))},
		{name: "election disclosure in the election year", rule: branch, cat: election, asOf: day(2017, 12, 31), period: year(2017), want: zhibu.StatusOK,
			extra: discl(published(3, report, year(2017), day(2017, 11, 20)), published(4, zhibu.DiscloseDecisions, year(2017), day(2017, 11, 20)),
				published(5, zhibu.DiscloseDevelopment, year(2017), day(2017, 11, 20)), published(6, zhibu.DiscloseAwards, year(2017), day(2017, 11, 20)),
				published(8, election, year(2017), day(2017, 3, 10)))},

		// disclose.procedure.
		{name: "published in order", rule: procedure, asOf: day(2026, 7, 1), period: month(2026, 6), want: zhibu.StatusOK,
			extra: discl(published(1, dues, half(2026, 1), day(2026, 6, 20)))},
		{name: "published with the approval after publishing", rule: procedure, asOf: day(2026, 7, 1), period: month(2026, 6), want: zhibu.StatusViolation,
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) { d.ApprovedOn = day(2026, 6, 21) }))},
		{name: "published without a review", rule: procedure, asOf: day(2026, 7, 1), period: month(2026, 6), want: zhibu.StatusViolation,
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) { d.ReviewedOn = zhibu.Date{} }))},
		{name: "waiting for review up to its planned day", rule: procedure, asOf: day(2026, 6, 20), period: month(2026, 6), want: zhibu.StatusDue,
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) {
				d.Status, d.ReviewedOn, d.ApprovedOn, d.PublishedOn = zhibu.DisclosureProposed, zhibu.Date{}, zhibu.Date{}, zhibu.Date{}
			}))},
		{name: "waiting for review after its planned day", rule: procedure, asOf: day(2026, 6, 21), period: month(2026, 6), want: zhibu.StatusOverdue,
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) {
				d.Status, d.ReviewedOn, d.ApprovedOn, d.PublishedOn = zhibu.DisclosureProposed, zhibu.Date{}, zhibu.Date{}, zhibu.Date{}
			}))},
		{name: "refused in review: no finding", rule: procedure, asOf: day(2026, 6, 21), period: month(2026, 6), want: "none",
			extra: discl(withDisclosure(published(1, dues, half(2026, 1), day(2026, 6, 20)), func(d *zhibu.Disclosure) {
				d.Status, d.ApprovedOn, d.PublishedOn = zhibu.DisclosureRefused, zhibu.Date{}, zhibu.Date{}
			}))},

		// mailbox.reply: 15 days by default.
		{name: "open letter on its 15th day", rule: mailbox, asOf: day(2026, 3, 16), period: month(2026, 3), want: zhibu.StatusDue,
			extra: letters(voiceLetter(1, day(2026, 3, 1), zhibu.Date{}))},
		{name: "open letter on its 16th day", rule: mailbox, asOf: day(2026, 3, 17), period: month(2026, 3), want: zhibu.StatusOverdue,
			extra: letters(voiceLetter(1, day(2026, 3, 1), zhibu.Date{}))},
		{name: "open letter across the month: in the check day's month", rule: mailbox, asOf: day(2026, 4, 2), period: month(2026, 4), want: zhibu.StatusOverdue,
			extra: letters(voiceLetter(1, day(2026, 3, 1), zhibu.Date{}))},
		{name: "replied on the deadline", rule: mailbox, asOf: day(2026, 4, 2), period: month(2026, 3), want: zhibu.StatusOK,
			extra: letters(voiceLetter(1, day(2026, 3, 1), day(2026, 3, 16)))},
		{name: "replied a day late", rule: mailbox, asOf: day(2026, 4, 2), period: month(2026, 3), want: zhibu.StatusViolation,
			extra: letters(voiceLetter(1, day(2026, 3, 1), day(2026, 3, 17)))},
		{name: "a letter of December still open in January", rule: mailbox, asOf: day(2027, 1, 5), period: month(2027, 1), want: zhibu.StatusOverdue,
			extra: letters(voiceLetter(1, day(2026, 12, 1), zhibu.Date{}))},
		{name: "a letter written after the as-of day is not known", rule: mailbox, asOf: day(2026, 3, 1), period: month(2026, 3), want: "none",
			extra: letters(voiceLetter(1, day(2026, 3, 2), zhibu.Date{}))},
		{name: "another branch's letter", rule: mailbox, asOf: day(2026, 3, 20), period: month(2026, 3), want: "none",
			extra: letters(withLetter(voiceLetter(1, day(2026, 3, 1), zhibu.Date{}), func(l *zhibu.Letter) { l.OrgID = 99 }))},

		// paper.annual.
		{name: "no paper, 31 December", rule: annual, asOf: day(2026, 12, 31), period: year(2026), want: zhibu.StatusDue},
		{name: "no paper, 1 January", rule: annual, asOf: day(2027, 1, 1), period: year(2026), want: zhibu.StatusOverdue},
		{name: "paper on its deadline", rule: annual, asOf: day(2026, 11, 30), period: year(2026), want: zhibu.StatusDue, extra: paper(day(2026, 11, 30), zhibu.Date{})},
		{name: "paper a day after its deadline", rule: annual, asOf: day(2026, 12, 1), period: year(2026), want: zhibu.StatusOverdue, extra: paper(day(2026, 11, 30), zhibu.Date{})},
		{name: "paper submitted on its deadline", rule: annual, asOf: day(2026, 12, 1), period: year(2026), want: zhibu.StatusOK, extra: paper(day(2026, 11, 30), day(2026, 11, 30))},
		{name: "paper submitted late", rule: annual, asOf: day(2026, 12, 5), period: year(2026), want: zhibu.StatusViolation, extra: paper(day(2026, 11, 30), day(2026, 12, 2))},
		{name: "paper submitted after the as-of day is not known", rule: annual, asOf: day(2026, 11, 29), period: year(2026), want: zhibu.StatusDue, extra: paper(day(2026, 11, 30), day(2026, 11, 30))},
	}
	for _, tt := range tests {
		if tt.cat == "" {
			tt.cat = dues
		}
		t.Run(tt.name, func(t *testing.T) {
			f := world(tt.asOf)
			if tt.extra != nil {
				tt.extra(&f)
			}
			y := tt.period.Year
			fs := only(Check(DefaultCatalogue(), f, branchID, y), tt.rule)
			var got *zhibu.Finding
			for i := range fs {
				if fs[i].Period != tt.period {
					continue
				}
				if tt.rule == branch && !strings.Contains(fs[i].Message, "“"+tt.cat.Label()+"”") {
					continue
				}
				if got == nil || got.Status.Severity() < fs[i].Status.Severity() {
					got = &fs[i]
				}
			}
			if statusOf(got) != tt.want {
				t.Errorf("%s: got %s, want %s; findings:%s", tt.name, statusOf(got), tt.want, describe(fs))
			}
		})
	}
}

func withDisclosure(d zhibu.Disclosure, change func(*zhibu.Disclosure)) zhibu.Disclosure {
	change(&d)
	return d
}
func withLetter(l zhibu.Letter, change func(*zhibu.Letter)) zhibu.Letter { change(&l); return l }

// TestVoiceFindingsNameNoWriter: a letter's finding says its day, number
// and recipient, and is the secretary's or the deputy's.
func TestVoiceFindingsNameNoWriter(t *testing.T) {
	f := world(day(2026, 4, 1))
	l := voiceLetter(12, day(2026, 3, 1), zhibu.Date{})
	l.To = zhibu.ToDeputy
	l.WriterName, l.Subject, l.Body = "写信人", "主题", "内容"
	f.Letters = []zhibu.Letter{l}
	fs := only(Check(DefaultCatalogue(), f, branchID, 2026), "mailbox.reply")
	if len(fs) != 1 || fs[0].Responsible != zhibu.DeputySecretary {
		t.Fatalf("findings:%s", describe(fs))
	}
	want := "2026年3月1日致副书记的来信（第12号）超过答复期限2026年3月16日仍未答复，应尽快答复"
	if fs[0].Message != want {
		t.Errorf("message %q, want %q", fs[0].Message, want)
	}
}
