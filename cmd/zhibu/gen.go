package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"zhibu/internal/gen"
)

// cmdGen is `zhibu gen --scale S|M|L|--dev-heavy [--db DSN] [--keys DIR]
// [--seed N]`: synthetic data of a scale tier (DESIGN.md), or the
// development-heavy set of docs/performance.md, in an empty database, with a
// progress bar on stderr and a summary on stdout.
func cmdGen(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flags("gen", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "数据库 DSN")
	fs.StringVar(&cfg.Keys, "keys", cfg.Keys, "密钥文件目录（默认在数据库旁的 zhibu-keys）")
	scale := fs.String("scale", "", "规模：S（一个支部，1年）、M（一个局，200个支部，5年）、L（一个省，20000个支部，5年）")
	seed := fs.Uint64("seed", 1, "随机种子：同一种子生成同样的数据")
	devHeavy := fs.Bool("dev-heavy", false, "发展党员压力数据：6个党支部，约1000人处于发展阶段（代替 --scale）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fail("多余的参数：%s", strings.Join(pos, " "))
	}
	tier, ok := gen.Tiers[strings.ToUpper(strings.TrimSpace(*scale))]
	if *devHeavy && *scale == "" {
		tier, ok = gen.Tiers["DEV"], true
	}
	if !ok {
		return fail("--scale 应为 S、M 或 L")
	}
	s, sctx, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	bar := newProgressBar(stderr, "生成中", "党支部")
	start := time.Now()
	res, err := gen.Run(sctx, s, tier, *seed, bar.Update)
	bar.Finish()
	if err != nil {
		return err
	}
	// Dues for the tiers a branch office would demonstrate (S, M): L's
	// million members would take long to write.
	var dues gen.DuesResult
	if tier.Branches <= duesMaxBranches {
		if dues, err = gen.Dues(sctx, s, res.Root, gen.Until.Year, *seed); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "已生成 %s 级模拟数据（种子 %d，会议截至%s）：\n", tier.Name, *seed, gen.Until.Chinese())
	fmt.Fprintf(stdout, "  组织   %d 个（党委 %d 个，党支部 %d 个，党小组 %d 个）\n", res.Orgs, res.Committees, res.Branches, res.Orgs-res.Committees-res.Branches)
	fmt.Fprintf(stdout, "  人员   %d 人（党员 %d 人）\n", res.People, res.Members)
	fmt.Fprintf(stdout, "  任期   %d 届\n", res.Terms)
	fmt.Fprintf(stdout, "  会议   %d 次（出席记录 %d 条）\n", res.Meetings, res.Attendance)
	if dues.Members > 0 {
		fmt.Fprintf(stdout, "  党费   %d 名党员，缴费 %d 笔（%d 人次月）\n", dues.Members, dues.Payments, dues.Months)
	}
	if st := res.Streams; st.Activities+st.StudySessions+st.Talks > 0 {
		fmt.Fprintf(stdout, "  活动   %d 次（专项教育 %d 项）；学习 %d 次，学习笔记 %d 篇；谈心谈话 %d 次\n", st.Activities, st.Campaigns, st.StudySessions, st.StudyNotes, st.Talks)
		fmt.Fprintf(stdout, "  评议   述职评议 %d 个支部（匿名选票 %d 张）；党务公开 %d 项；书记信箱来信 %d 封；调研论文 %d 篇；党员档案 %d 份\n",
			st.Reviews, st.Ballots, st.Disclosures, st.Letters, st.Papers, st.MemberFiles)
	}
	if res.Superior.ID != 0 {
		fmt.Fprintf(stdout, "  上级   %s书记：%s（人员编号 %d）\n", res.Root.Name, res.Superior.Name, res.Superior.ID)
	}
	fmt.Fprintf(stdout, "  用时   %s\n", elapsed(time.Since(start)))
	return nil
}

// duesMaxBranches bounds the tiers `zhibu gen` gives dues: S and M.
const duesMaxBranches = 1000

// elapsed is a duration as people read it: 0.8 秒, 1 分 12 秒.
func elapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f 秒", d.Seconds())
	}
	d = d.Round(time.Second)
	if d < time.Hour {
		return fmt.Sprintf("%d 分 %d 秒", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d 小时 %d 分", int(d.Hours()), int(d.Minutes())%60)
}

// progressBar draws "生成中 [######--------------] 120/200 党支部" on one
// line, redrawn in place with \r: when the bar or the count changes, at
// most every tenth of a second, and always at the end.
type progressBar struct {
	w           io.Writer
	label, unit string
	width       int
	last        time.Time
	shown       string
	now         func() time.Time
}

func newProgressBar(w io.Writer, label, unit string) *progressBar {
	return &progressBar{w: w, label: label, unit: unit, width: 30, now: time.Now}
}

// Render is the line for done of total.
func (p *progressBar) Render(done, total int) string {
	filled := 0
	if total > 0 {
		filled = min(p.width, p.width*done/total)
	}
	return fmt.Sprintf("%s [%s%s] %d/%d %s", p.label, strings.Repeat("#", filled), strings.Repeat("-", p.width-filled), done, total, p.unit)
}

// Update is a gen.Progress.
func (p *progressBar) Update(done, total int) {
	line := p.Render(done, total)
	now := p.now()
	if line == p.shown || (done < total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = now, line
	fmt.Fprint(p.w, "\r"+line)
}

// Finish ends the bar's line, if one was drawn.
func (p *progressBar) Finish() {
	if p.shown != "" {
		fmt.Fprintln(p.w)
	}
}
