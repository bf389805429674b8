package gen

import (
	"fmt"

	"zhibu"
	"zhibu/internal/store"
)

var awayPlaces = []string{"乌鲁木齐市", "北京市", "上海市", "广州市", "成都市"}

// memberRecords are the member files and absences of the branch: each
// member's file is kept by the political department, checked in the first
// stream year, but for about one member in fifty (more in a lax branch);
// about one member in forty is away (外出流动) since a day of the history,
// most of them with a contact within the last months; one in two hundred
// lost contact.
func (sb *streamBranch) memberRecords(b *store.StreamsBatch, res *StreamsResult) {
	first := zhibu.MakeDate(sb.years[0], 1, 1)
	for i, p := range sb.membersOn(Until) {
		if sb.r.IntN(50) > 0 && (sb.keep > 50 || sb.r.IntN(4) > 0) {
			checked := sb.dayIn(first, first.AddMonths(6))
			if checked.Before(p.AdmittedOn) {
				checked = p.AdmittedOn
			}
			b.MemberFiles = append(b.MemberFiles, zhibu.MemberFile{PersonID: p.ID, KeptBy: "市公安局政治处",
				Number: fmt.Sprintf("%s-%03d", sb.b.Code, i+1), CheckedOn: checked})
			res.MemberFiles++
		}
		switch x := sb.r.IntN(200); {
		case x < 5:
			from := sb.dayIn(first, Until.AddMonths(-7))
			a := zhibu.MemberAbsence{PersonID: p.ID, Kind: zhibu.AbsenceAway, From: from, Place: awayPlaces[sb.r.IntN(len(awayPlaces))],
				LastContact: sb.dayIn(Until.AddMonths(-4), Until), Note: "外出务工，定期联系"}
			if sb.r.IntN(3) == 0 {
				a.LastContact = from.AddDays(10) // not heard of since
			}
			b.Absences = append(b.Absences, a)
			res.Absences++
		case x == 5:
			b.Absences = append(b.Absences, zhibu.MemberAbsence{PersonID: p.ID, Kind: zhibu.AbsenceLost, From: sb.dayIn(first, Until.AddMonths(-2)),
				Note: "多次联系未果"})
			res.Absences++
		}
	}
}
