package service

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"zhibu"
	"zhibu/internal/archive"
	"zhibu/internal/bulletin"
	"zhibu/internal/devexport"
	"zhibu/internal/docx"
	"zhibu/internal/dues"
	"zhibu/internal/register"
	"zhibu/internal/reviewexport"
	"zhibu/internal/roster"
	"zhibu/internal/store"
	"zhibu/internal/studyexport"
)

// Archive files an org's records by the seed's categories and year
// (seed §9) and builds its year-end package (年终档案包) in the background
// (docs/archives.md).
type Archive struct {
	store *store.Store
	opt   Options
	dev   *Development
	study *Study
	jobs  sync.WaitGroup
}

func newArchive(st *store.Store, opt Options, dev *Development, study *Study) *Archive {
	return &Archive{store: st, opt: opt, dev: dev, study: study}
}

// SaveCheckIn records a member's community check-in (在职党员到社区报到).
func (a *Archive) SaveCheckIn(ctx context.Context, c zhibu.CommunityCheckIn) (zhibu.CommunityCheckIn, error) {
	c.Normalize()
	if err := c.Validate(a.opt.today()); err != nil {
		return c, err
	}
	return a.store.SaveCheckIn(ctx, c)
}

// CategoryLine is one category of an org's archive for a year: what the
// records hold (the same lines the package's catalogue prints).
type CategoryLine struct {
	zhibu.CategoryInfo
	Lines []string
}

// yearRecords are the records of an org's year the package is built from,
// read as lists (the documents themselves are read one at a time).
type yearRecords struct {
	org      zhibu.Org
	year     int
	branches []zhibu.Org
	people   []zhibu.Person
	files    []zhibu.DevFile
	meetings []zhibu.Meeting
	acts     map[int64][]zhibu.Activity
	camps    map[int64][]zhibu.Campaign
	bulls    map[int64][]zhibu.Bulletin // published in the year
	plans    map[int64][]zhibu.StudyPlan
	sessions map[int64][]zhibu.StudySession
	talks    map[int64][]zhibu.Talk
	reports  map[int64][]zhibu.SecretaryReport
	checkIns []zhibu.CommunityCheckIn
}

func (a *Archive) read(ctx context.Context, orgID int64, year int) (*yearRecords, error) {
	o, err := a.store.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := zhibu.CheckArchiveYear(year, a.opt.today()); err != nil {
		return nil, err
	}
	if o.Kind == zhibu.KindGroup {
		return nil, zhibu.Problems{{Field: "org", Label: "组织", Message: "组织：年终档案包按党支部或上级党组织生成，党小组的记录在所在支部的档案包中"}}
	}
	y := &yearRecords{org: o, year: year, acts: map[int64][]zhibu.Activity{}, camps: map[int64][]zhibu.Campaign{}, bulls: map[int64][]zhibu.Bulletin{},
		plans: map[int64][]zhibu.StudyPlan{}, sessions: map[int64][]zhibu.StudySession{}, talks: map[int64][]zhibu.Talk{},
		reports: map[int64][]zhibu.SecretaryReport{}}
	if o.Kind == zhibu.KindBranch {
		y.branches = []zhibu.Org{o}
	} else if y.branches, err = a.store.Orgs(ctx, store.OrgFilter{Under: o.ID, Kinds: []zhibu.OrgKind{zhibu.KindBranch}}); err != nil {
		return nil, err
	}
	if y.people, err = a.store.PeopleMasked(ctx, o.ID, zhibu.PersonFilter{}); err != nil {
		return nil, err
	}
	if y.files, err = a.store.DevFiles(ctx, o.ID); err != nil {
		return nil, err
	}
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), time.Date(year+1, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)
	if y.meetings, err = a.store.Meetings(ctx, store.MeetingFilter{OrgID: o.ID, From: from, To: to}); err != nil {
		return nil, err
	}
	first, last := zhibu.MakeDate(year, 1, 1), zhibu.MakeDate(year, 12, 31)
	for _, b := range y.branches {
		if y.acts[b.ID], err = a.store.Activities(ctx, b.ID, year); err != nil {
			return nil, err
		}
		bulls, err := a.store.Bulletins(ctx, b.ID, true)
		if err != nil {
			return nil, err
		}
		for _, x := range bulls {
			if x.Year == year {
				y.bulls[b.ID] = append(y.bulls[b.ID], x)
			}
		}
		camps, err := a.store.Campaigns(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range camps {
			if !c.StartsOn.After(last) && !c.EndsOn.Before(first) {
				y.camps[b.ID] = append(y.camps[b.ID], c)
			}
		}
		if y.plans[b.ID], err = a.store.StudyPlans(ctx, b.ID, year); err != nil {
			return nil, err
		}
		if y.sessions[b.ID], err = a.store.StudySessions(ctx, b.ID, year); err != nil {
			return nil, err
		}
		if y.talks[b.ID], err = a.store.Talks(ctx, b.ID, year); err != nil {
			return nil, err
		}
		reps, err := a.store.BranchReviews(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range reps {
			if r.Year == year && r.Status != zhibu.ReviewOpen {
				y.reports[b.ID] = append(y.reports[b.ID], r)
			}
		}
	}
	if y.checkIns, err = a.store.OrgCheckIns(ctx, o.ID, year); err != nil {
		return nil, err
	}
	return y, nil
}

// held are the year's meetings held (not cancelled, planned or voided).
func (y *yearRecords) held() []zhibu.Meeting {
	var out []zhibu.Meeting
	for _, m := range y.meetings {
		if m.Held() {
			out = append(out, m)
		}
	}
	return out
}

// summary is what the records of the year hold, by category.
func (y *yearRecords) summary(attachments, photos int) map[zhibu.ArchiveCategory][]string {
	out := map[zhibu.ArchiveCategory][]string{}
	held := y.held()
	byType := map[zhibu.MeetingType]int{}
	var types []zhibu.MeetingType
	for _, m := range held {
		if byType[m.Type] == 0 {
			types = append(types, m.Type)
		}
		byType[m.Type]++
	}
	var parts []string
	for _, t := range types {
		parts = append(parts, t.Label()+strconv.Itoa(byType[t])+"次")
	}
	line := "全年召开会议" + strconv.Itoa(len(held)) + "次"
	if len(parts) > 0 {
		line += "（" + strings.Join(parts, "、") + "）"
	}
	out[zhibu.ArchiveMeetings] = []string{line + "，会议记录" + strconv.Itoa(len(held)) + "份，会议附件" + strconv.Itoa(attachments) + "个。"}
	reports := 0
	for _, r := range y.reports {
		reports += len(r)
	}
	if reports > 0 {
		out[zhibu.ArchiveMeetings] = append(out[zhibu.ArchiveMeetings], "书记述职报告"+strconv.Itoa(reports)+"份。")
	}
	byStatus := map[zhibu.PartyStatus]int{}
	for _, p := range y.people {
		byStatus[p.Status]++
	}
	members := byStatus[zhibu.FullMember] + byStatus[zhibu.Probationary]
	out[zhibu.ArchiveMembers] = []string{"党员" + strconv.Itoa(members) + "名（正式党员" + strconv.Itoa(byStatus[zhibu.FullMember]) + "名、预备党员" +
		strconv.Itoa(byStatus[zhibu.Probationary]) + "名），入党积极分子" + strconv.Itoa(byStatus[zhibu.Activist]) + "名、发展对象" +
		strconv.Itoa(byStatus[zhibu.Candidate]) + "名，发展党员档案" + strconv.Itoa(len(y.files)) + "份。"}
	acts, camps, bulls := 0, 0, 0
	for _, b := range y.branches {
		acts += len(y.acts[b.ID])
		camps += len(y.camps[b.ID])
		bulls += len(y.bulls[b.ID])
	}
	out[zhibu.ArchiveCampaigns] = []string{"专题组织活动" + strconv.Itoa(acts) + "次，照片" + strconv.Itoa(photos) + "张；专项教育" + strconv.Itoa(camps) + "项；党建信息简报" + strconv.Itoa(bulls) + "期。"}
	out[zhibu.ArchiveCommunity] = []string{"在职党员到社区报到" + strconv.Itoa(len(y.checkIns)) + "人次。"}
	plans, sessions, talks := 0, 0, 0
	for _, b := range y.branches {
		plans += len(y.plans[b.ID])
		sessions += len(y.sessions[b.ID])
		talks += len(y.talks[b.ID])
	}
	out[zhibu.ArchiveStudy] = []string{"理论学习计划" + strconv.Itoa(plans) + "份，集中学习" + strconv.Itoa(sessions) + "次，谈心谈话" + strconv.Itoa(talks) + "次。"}
	return out
}

// Catalogue is an org's records of a year filed under the seed's
// categories, with their retention and what they hold. Attachments and
// photos are counted from the lists (each meeting's and activity's count).
func (a *Archive) Catalogue(ctx context.Context, orgID int64, year int) ([]CategoryLine, error) {
	if _, err := a.store.ArchiveJobs(ctx, orgID, year); err != nil { // the right to the archive
		return nil, err
	}
	y, err := a.read(ctx, orgID, year)
	if err != nil {
		return nil, err
	}
	attachments, err := a.store.AttachmentCount(ctx, orgID, time.Date(year, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), time.Date(year+1, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone))
	if err != nil {
		return nil, err
	}
	photos := 0
	for _, b := range y.branches {
		for _, x := range y.acts[b.ID] {
			photos += x.Photos
		}
	}
	sum := y.summary(attachments, photos)
	out := make([]CategoryLine, len(zhibu.ArchiveCategories))
	for i, c := range zhibu.ArchiveCategories {
		out[i] = CategoryLine{CategoryInfo: c, Lines: sum[c.Category]}
	}
	return out, nil
}

// BuildProgress reports a build's progress: done of total steps, and the step
// being done.
type BuildProgress func(done, total int, step string)

// Start starts building the year-end package of an org and a year in the
// background, as the actor of ctx, and returns its job at once; the job's
// row shows the progress, and the package is kept for download when done.
func (a *Archive) Start(ctx context.Context, orgID int64, year int) (zhibu.ArchiveJob, error) {
	if _, err := a.read(ctx, orgID, year); err != nil { // refuse a group or a bad year before a job is made
		return zhibu.ArchiveJob{}, err
	}
	j, err := a.store.StartArchiveJob(ctx, orgID, year)
	if err != nil {
		return j, err
	}
	bg := context.WithoutCancel(ctx)
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		if err := a.run(bg, j); err != nil {
			a.opt.Log.Error("archive job", "job", j.ID, "err", err)
			msg := "生成失败，请重试"
			var ze *zhibu.Error
			if errors.As(err, &ze) {
				msg = ze.Message
			}
			if ferr := a.store.FailArchiveJob(bg, j.ID, msg); ferr != nil {
				a.opt.Log.Error("archive job", "job", j.ID, "err", ferr)
			}
		}
	}()
	return j, nil
}

// Wait waits for the builds started to end.
func (a *Archive) Wait() { a.jobs.Wait() }

// run builds job j's package into a temporary file, then stores it.
func (a *Archive) run(ctx context.Context, j zhibu.ArchiveJob) error {
	f, err := os.CreateTemp("", "zhibu-archive-*.zip")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 256<<10)
	var last time.Time
	files, err := a.Build(ctx, j.OrgID, j.Year, bw, func(done, total int, step string) {
		if now := time.Now(); now.Sub(last) >= 300*time.Millisecond || done == total {
			last = now
			if err := a.store.ArchiveProgress(ctx, j.ID, done, total, step); err != nil {
				a.opt.Log.Error("archive progress", "job", j.ID, "err", err)
			}
		}
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return a.store.FinishArchiveJob(ctx, j.ID, f, files, hex.EncodeToString(h.Sum(nil)))
}

// Build writes the year-end package of an org and a year to w, entry by
// entry, and returns the number of its files. It reads as the actor of
// ctx, who needs archive.build on the org.
func (a *Archive) Build(ctx context.Context, orgID int64, year int, w io.Writer, progress BuildProgress) (int, error) {
	if progress == nil {
		progress = func(int, int, string) {}
	}
	if _, err := a.store.ArchiveJobs(ctx, orgID, year); err != nil { // the right to the archive
		return 0, err
	}
	progress(0, 0, "读取记录")
	y, err := a.read(ctx, orgID, year)
	if err != nil {
		return 0, err
	}
	held := y.held()
	total := 4 + len(held) + 6*len(y.branches)
	done := 0
	step := func(what string) {
		done++
		progress(min(done, total), total, what)
	}
	today := a.opt.today()
	asOf := CheckDay(year, today)
	zw := archive.NewWriter(w, a.opt.Now())
	o := y.org
	ys := strconv.Itoa(year)
	multi := len(y.branches) > 1 || y.branches == nil || y.branches[0].ID != o.ID
	// folder is a category's folder, with the branch's own folder under a
	// committee's package.
	folder := func(c zhibu.ArchiveCategory, b zhibu.Org) string {
		f := c.Info().Folder + "/"
		if multi && b.ID != 0 {
			f += b.Code + b.Name + "/"
		}
		return f
	}
	xlsxEntry := func(c zhibu.ArchiveCategory, b zhibu.Org, title string, write func(io.Writer) error) error {
		return zw.Add(archive.Entry{Path: folder(c, b) + title + ".xlsx", Category: c, Title: title}, write)
	}

	// 三会一课: the register, then each meeting's minutes and attachments.
	names := map[int64]string{}
	for _, p := range y.people {
		names[p.ID] = p.Name
	}
	name := func(id int64) string {
		if id == 0 {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		p, err := a.store.Person(ctx, id)
		if err != nil {
			names[id] = ""
			return ""
		}
		names[id] = p.Name
		return p.Name
	}
	orgNames := map[int64]string{o.ID: o.Name}
	orgName := func(id int64) string {
		if n, ok := orgNames[id]; ok {
			return n
		}
		x, err := a.store.Org(ctx, id)
		if err == nil {
			orgNames[id] = x.Name
		}
		return x.Name
	}
	// The meetings go by branch (a committee's own, and its general
	// branches', last), each branch's register written after its
	// minutes, so that only one branch's attendance lists are held.
	type unit struct {
		folder   zhibu.Org // the branch's folder (none in a branch's own package)
		name     string
		meetings []zhibu.Meeting
	}
	var units []unit
	if !multi {
		units = []unit{{name: o.Name, meetings: y.meetings}}
	} else {
		orgs, err := a.store.Orgs(ctx, store.OrgFilter{Under: o.ID})
		if err != nil {
			return 0, err
		}
		branchOf := map[int64]int{} // org id → index of its branch's unit
		for i, b := range y.branches {
			units = append(units, unit{folder: b, name: b.Name})
			for _, x := range orgs {
				if strings.HasPrefix(x.Path, b.Path) {
					branchOf[x.ID] = i
				}
			}
		}
		for _, x := range orgs {
			orgNames[x.ID] = x.Name
		}
		rest := unit{name: o.Name}
		for _, m := range y.meetings {
			if i, ok := branchOf[m.OrgID]; ok {
				units[i].meetings = append(units[i].meetings, m)
			} else {
				rest.meetings = append(rest.meetings, m)
			}
		}
		if len(rest.meetings) > 0 {
			units = append(units, rest)
		}
	}
	attachments := 0
	for _, u := range units {
		var rows []register.Row
		dir := folder(zhibu.ArchiveMeetings, u.folder)
		for _, m := range u.meetings {
			if !m.Held() {
				continue
			}
			m, att, err := a.store.Meeting(ctx, m.ID)
			if err != nil {
				return 0, err
			}
			for _, x := range att {
				names[x.PersonID] = x.PersonName
			}
			info := docx.MinutesInfo{OrgName: orgName(m.OrgID), ChairName: name(m.ChairID), RecorderName: name(m.RecorderID), LecturerName: name(m.LecturerID)}
			info.Present, info.Excused, info.Absent = attendanceLists(att)
			rows = append(rows, register.Row{Meeting: m, OrgName: info.OrgName, ChairName: info.ChairName, RecorderName: info.RecorderName,
				LecturerName: info.LecturerName, Present: info.Present, Excused: info.Excused, Absent: info.Absent})
			atts, err := a.store.Attachments(ctx, m.ID)
			if err != nil {
				return 0, err
			}
			for _, x := range atts {
				info.Attachments = append(info.Attachments, x.Filename)
			}
			day := m.DateIn(zhibu.DefaultZone)
			title := info.OrgName + day.String() + m.Type.Label() + "记录"
			if err := zw.Add(archive.Entry{Path: dir + "会议记录/" + title + ".docx", Category: zhibu.ArchiveMeetings,
				Title: title, Date: day}, func(out io.Writer) error {
				_, err := docx.Minutes(m, info).WriteTo(out)
				return err
			}); err != nil {
				return 0, err
			}
			for _, x := range atts {
				full, err := a.store.Attachment(ctx, m.ID, x.ID)
				if err != nil {
					return 0, err
				}
				if err := zw.AddBytes(archive.Entry{Path: dir + "会议附件/" + day.String() + m.Type.Label() + "-" + x.Filename,
					Category: zhibu.ArchiveMeetings, Title: title + "附件：" + x.Filename, Date: day}, full.Data); err != nil {
					return 0, err
				}
				attachments++
			}
			step("会议记录：" + title)
		}
		if len(u.meetings) == 0 && multi {
			continue
		}
		if err := xlsxEntry(zhibu.ArchiveMeetings, u.folder, u.name+ys+"年"+register.DefaultTitle, func(out io.Writer) error {
			return register.WriteXLSX(out, u.name+register.DefaultTitle, year, registerRows(u.meetings, rows, orgName, name))
		}); err != nil {
			return 0, err
		}
	}
	step("三会一课登记簿")

	// Members: the roster (masked), the development register.
	if err := xlsxEntry(zhibu.ArchiveMembers, zhibu.Org{}, o.Name+"人员花名册", func(out io.Writer) error {
		return roster.WriteXLSXOn(out, o.Name+"人员花名册（身份证号、手机号已脱敏）", y.people, asOf)
	}); err != nil {
		return 0, err
	}
	step("人员花名册")
	if err := a.devRegister(ctx, zw, y, asOf, folder(zhibu.ArchiveMembers, zhibu.Org{})); err != nil {
		return 0, err
	}
	step("发展党员工作登记簿")

	photos := 0
	for _, b := range y.branches {
		// The dues ledger (member records).
		l, err := a.store.DuesLedger(ctx, b.ID, year, asOf)
		if err != nil {
			return 0, err
		}
		if err := xlsxEntry(zhibu.ArchiveMembers, b, b.Name+ys+"年党费收缴登记簿", func(out io.Writer) error {
			return dues.WriteLedger(out, b.Name+"党费收缴登记簿", l)
		}); err != nil {
			return 0, err
		}
		step(b.Name + "党费收缴登记簿")

		// The secretary's reports.
		for _, r := range y.reports[b.ID] {
			superior := ""
			if rd, err := a.store.ReviewRound(ctx, r.RoundID); err == nil {
				superior = rd.OrgName
			}
			title := r.OrgName + ys + "年度书记述职报告"
			if err := zw.Add(archive.Entry{Path: folder(zhibu.ArchiveMeetings, b) + title + ".docx", Category: zhibu.ArchiveMeetings, Title: title}, func(out io.Writer) error {
				_, err := reviewexport.Report(r, superior).WriteTo(out)
				return err
			}); err != nil {
				return 0, err
			}
		}
		step(b.Name + "书记述职报告")

		// Activities and campaigns, with the activities' photos.
		n, err := a.activities(ctx, zw, y, b, folder(zhibu.ArchiveCampaigns, b))
		if err != nil {
			return 0, err
		}
		photos += n
		step(b.Name + "专题组织活动")

		// Study: the register, and the talks.
		if err := a.studyRegister(ctx, zw, y, b, folder(zhibu.ArchiveStudy, b)); err != nil {
			return 0, err
		}
		step(b.Name + "理论学习登记簿")
		if err := xlsxEntry(zhibu.ArchiveStudy, b, b.Name+ys+"年谈心谈话记录本", func(out io.Writer) error {
			return studyexport.WriteTalks(out, b.Name, year, y.talks[b.ID])
		}); err != nil {
			return 0, err
		}
		step(b.Name + "谈心谈话记录本")
	}

	// Community check-ins.
	var cs [][]any
	for i, c := range y.checkIns {
		cs = append(cs, []any{i + 1, c.PersonName, orgName(c.OrgID), c.Community, c.ReportedOn, c.Services})
	}
	if err := xlsxEntry(zhibu.ArchiveCommunity, zhibu.Org{}, o.Name+ys+"年在职党员到社区报到登记表", func(out io.Writer) error {
		return archive.WriteSheets(out, archive.Sheet{Name: "社区报到", Title: o.Name + ys + "年在职党员到社区报到登记表",
			Headers: []string{"序号", "姓名", "所在组织", "报到社区", "报到日期", "服务情况"}, Rows: cs})
	}); err != nil {
		return 0, err
	}
	step("在职党员到社区报到登记表")

	progress(done, total, "编制目录和校验清单")
	if err := zw.Close(archive.Info{OrgName: o.Name, Year: year, Made: today, Summary: y.summary(attachments, photos)}); err != nil {
		return 0, err
	}
	progress(total, total, "完成")
	return zw.Files(), nil
}

// registerRows are the register's rows: the held meetings with their
// attendance (rows), and the others as they stand.
func registerRows(all []zhibu.Meeting, held []register.Row, orgName func(int64) string, name func(int64) string) []register.Row {
	byID := map[int64]register.Row{}
	for _, r := range held {
		byID[r.Meeting.ID] = r
	}
	out := make([]register.Row, 0, len(all))
	for _, m := range all {
		if r, ok := byID[m.ID]; ok {
			out = append(out, r)
			continue
		}
		out = append(out, register.Row{Meeting: m, OrgName: orgName(m.OrgID), ChairName: name(m.ChairID), RecorderName: name(m.RecorderID), LecturerName: name(m.LecturerID)})
	}
	return out
}

// attendanceLists are the names of those present, excused (with the
// reason) and absent.
func attendanceLists(att []zhibu.Attendance) (present, excused, absent []string) {
	for _, a := range att {
		switch a.Status {
		case zhibu.AttendPresent:
			present = append(present, a.PersonName)
		case zhibu.AttendExcused:
			n := a.PersonName
			if a.Reason != "" {
				n += "（" + a.Reason + "）"
			}
			excused = append(excused, n)
		default:
			absent = append(absent, a.PersonName)
		}
	}
	return present, excused, absent
}

func (a *Archive) devRegister(ctx context.Context, zw *archive.Writer, y *yearRecords, asOf zhibu.Date, folder string) error {
	outlooks, err := a.dev.Outlooks(ctx, y.files...)
	if err != nil {
		return err
	}
	materials, err := a.store.DevMaterialsIn(ctx, y.org.ID)
	if err != nil {
		return err
	}
	rows := make([]devexport.Row, len(y.files))
	for i, f := range y.files {
		rows[i] = devexport.Row{File: f, Next: outlooks[i].Next, Earliest: outlooks[i].Earliest, Missing: len(f.Missing(materials[f.Person.ID]))}
	}
	title := y.org.Name + "发展党员工作登记簿"
	return zw.Add(archive.Entry{Path: folder + title + ".xlsx", Category: zhibu.ArchiveMembers, Title: title}, func(out io.Writer) error {
		return devexport.WriteRegister(out, y.org.Name, asOf, rows)
	})
}

func (a *Archive) activities(ctx context.Context, zw *archive.Writer, y *yearRecords, b zhibu.Org, folder string) (int, error) {
	ys := strconv.Itoa(y.year)
	var rows [][]any
	acts := slices.Clone(y.acts[b.ID])
	slices.SortStableFunc(acts, func(p, q zhibu.Activity) int { return cmp.Compare(p.HeldOn.String(), q.HeldOn.String()) })
	for i, x := range acts {
		rows = append(rows, []any{i + 1, x.HeldOn, x.Kind.Label(), x.Title, x.Place, x.OrganizerName, x.Present, x.Expected, x.Summary, x.Photos})
	}
	var camps [][]any
	for i, c := range y.camps[b.ID] {
		done := 0
		for _, it := range c.Items {
			if !it.DoneOn.IsZero() {
				done++
			}
		}
		camps = append(camps, []any{i + 1, c.Title, c.StartsOn, c.EndsOn, len(c.Items), done})
	}
	title := b.Name + ys + "年专题组织活动和专项教育登记表"
	if err := zw.Add(archive.Entry{Path: folder + title + ".xlsx", Category: zhibu.ArchiveCampaigns, Title: title}, func(out io.Writer) error {
		return archive.WriteSheets(out,
			archive.Sheet{Name: "专题组织活动", Title: b.Name + ys + "年专题组织活动登记表",
				Headers: []string{"序号", "日期", "类别", "活动名称", "地点", "组织人", "实到人数", "应到人数", "活动情况", "照片（张）"}, Rows: rows},
			archive.Sheet{Name: "专项教育", Title: b.Name + ys + "年专项教育登记表",
				Headers: []string{"序号", "专项教育", "开始日期", "结束日期", "计划事项", "已完成"}, Rows: camps})
	}); err != nil {
		return 0, err
	}
	for _, x := range y.bulls[b.ID] {
		info := bulletin.Info{OrgName: b.Name}
		for _, act := range acts {
			if act.ID == x.ActivityID {
				info.Activity = act.HeldOn.Chinese() + " " + act.Title
			}
		}
		title := bulletin.Masthead + ys + "年第" + strconv.Itoa(x.Issue) + "期：" + x.Title
		if err := zw.Add(archive.Entry{Path: folder + "党建信息简报/" + title + ".docx", Category: zhibu.ArchiveCampaigns, Title: title, Date: x.PublishedOn},
			func(out io.Writer) error {
				_, err := bulletin.Doc(x, info).WriteTo(out)
				return err
			}); err != nil {
			return 0, err
		}
	}
	photos := 0
	for _, x := range acts {
		if x.Photos == 0 {
			continue
		}
		list, err := a.store.ActivityPhotos(ctx, b.ID, x.ID)
		if err != nil {
			return 0, err
		}
		for _, p := range list {
			full, err := a.store.ActivityPhoto(ctx, b.ID, x.ID, p.ID)
			if err != nil {
				return 0, err
			}
			if err := zw.AddBytes(archive.Entry{Path: folder + "活动照片/" + x.HeldOn.String() + x.Title + "-" + p.Filename, Category: zhibu.ArchiveCampaigns,
				Title: x.Title + "照片：" + p.Filename, Date: x.HeldOn}, full.Data); err != nil {
				return 0, err
			}
			photos++
		}
	}
	return photos, nil
}

func (a *Archive) studyRegister(ctx context.Context, zw *archive.Writer, y *yearRecords, b zhibu.Org, folder string) error {
	reg, err := a.study.Register(ctx, b.ID, y.year)
	if err != nil {
		return fmt.Errorf("study register %s: %w", b.Code, err)
	}
	title := b.Name + strconv.Itoa(y.year) + "年理论学习登记簿"
	if err := zw.Add(archive.Entry{Path: folder + title + ".xlsx", Category: zhibu.ArchiveStudy, Title: title}, func(out io.Writer) error {
		return reg.WriteXLSX(out)
	}); err != nil {
		return err
	}
	var plans [][]any
	for _, p := range reg.Plans {
		for _, it := range p.Items {
			plans = append(plans, []any{len(plans) + 1, p.Title, p.IssuedOn, strconv.Itoa(it.Month) + "月", it.Topic, it.Materials})
		}
	}
	if len(plans) == 0 {
		return nil
	}
	title = b.Name + strconv.Itoa(y.year) + "年理论学习计划"
	return zw.Add(archive.Entry{Path: folder + title + ".xlsx", Category: zhibu.ArchiveStudy, Title: title}, func(out io.Writer) error {
		return archive.WriteSheets(out, archive.Sheet{Name: "学习计划", Title: title, Headers: []string{"序号", "计划", "印发日期", "月份", "学习专题", "学习材料"}, Rows: plans})
	})
}
