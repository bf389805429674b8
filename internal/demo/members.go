package demo

import (
	"fmt"
	"sort"

	"zhibu"
)

// The members' own records in the demo:
//   - every member of the three branches has their file kept by the
//     bureau's political department, checked in March 2026, except 周鹏 of
//     the seed branch, whose file is not on record (member.file);
//   - 郑雪梅 of the seed branch is seconded to 乌鲁木齐 since December 2025
//     without transferring his membership, and the branch keeps in contact
//     with him each month (member.mobile, ok).
const (
	noFileName   = "周鹏"
	mobileName   = "郑雪梅"
	fileKeeper   = "天山市公安局政治处"
	mobilePlace  = "乌鲁木齐市（借调自治区公安厅）"
	filesChecked = 15 // 15 March 2026
)

func (l *loader) memberRecords() error {
	codes := make([]string, 0, len(l.byCode))
	for code := range l.byCode {
		if code != CommitteeCode {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	for _, code := range codes {
		b := l.byCode[code]
		for i, p := range b.people {
			if !p.Status.AtLeast(zhibu.Probationary) || code == BranchCode && p.Name == noFileName {
				continue
			}
			f := zhibu.MemberFile{PersonID: p.ID, KeptBy: fileKeeper, Number: fmt.Sprintf("%s-%03d", code, i+1), CheckedOn: day(2026, 3, filesChecked)}
			if err := l.svc.Members.SetFile(l.ctx, f); err != nil {
				return fmt.Errorf("member file of %s: %w", p.Name, err)
			}
		}
	}
	id, err := l.byCode[BranchCode].id(mobileName)
	if err != nil {
		return err
	}
	// The latest contact: the first of the month of the load, so that the
	// branch is always in touch with him.
	last := zhibu.MakeDate(l.today.Year, l.today.Month, 1)
	if _, err := l.svc.Members.SaveAbsence(l.ctx, zhibu.MemberAbsence{PersonID: id, Kind: zhibu.AbsenceAway, From: day(2025, 12, 1),
		Place: mobilePlace, LastContact: last, Note: "借调期间参加所在单位党组织的组织生活"}); err != nil {
		return fmt.Errorf("mobile member %s: %w", mobileName, err)
	}
	return nil
}
