package demo

import (
	"fmt"

	"zhibu"
)

// The seed branch's archive: three members' community check-ins (在职党员到
// 社区报到) in 2025, and its 2025 year-end package, built as the demo loads
// so that the superior can download it at once (docs/archives.md).
func (l *loader) archive() error {
	b := l.byCode[BranchCode]
	for _, c := range []struct {
		name, community string
		on              zhibu.Date
		services        string
	}{
		{"周鹏", "和平路社区", zhibu.MakeDate(2025, 3, 15), "参加社区防范电信诈骗宣传2次、夜间治安巡逻4次"},
		{"李春生", "新华里社区", zhibu.MakeDate(2025, 4, 2), "为社区老年人讲解防诈骗知识，参加社区志愿服务3次"},
		{"马文斌", "和平路社区", zhibu.MakeDate(2025, 5, 10), "参加社区矛盾纠纷排查化解2次"},
	} {
		id, err := b.id(c.name)
		if err != nil {
			return err
		}
		if _, err := l.svc.Archive.SaveCheckIn(l.ctx, zhibu.CommunityCheckIn{PersonID: id, Community: c.community, ReportedOn: c.on, Services: c.services}); err != nil {
			return fmt.Errorf("check-in: %w", err)
		}
	}
	j, err := l.svc.Archive.Start(l.ctx, b.org.ID, 2025)
	if err != nil {
		return fmt.Errorf("year-end package: %w", err)
	}
	l.svc.Archive.Wait()
	if j, err = l.s.ArchiveJob(l.ctx, j.ID); err != nil {
		return err
	}
	if j.Status != zhibu.ArchiveDone {
		return fmt.Errorf("year-end package: %s %s", j.Status, j.Error)
	}
	return nil
}
