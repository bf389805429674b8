package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// genCLI runs `zhibu gen` with args on a fresh config.
func genCLI(t *testing.T, cfg Config, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = cmdGen(context.Background(), cfg, args, &out, &errb)
	return out.String(), errb.String(), err
}

func TestGenS(t *testing.T) {
	for name, dsn := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := Config{DB: dsn(t), Keys: writeKeys(t)}
			out, errs, err := genCLI(t, cfg, "--scale", "s", "--seed", "3")
			if err != nil {
				t.Fatalf("gen: %v\n%s", err, errs)
			}
			if !strings.Contains(errs, "\r生成中 [##############################] 1/1 党支部\n") {
				t.Errorf("progress: %q", errs)
			}
			for _, want := range []string{"已生成 S 级模拟数据（种子 3，会议截至2026年6月30日）", "组织   5 个（党委 1 个，党支部 1 个，党小组 3 个）",
				"人员   30 人", "用时   "} {
				if !strings.Contains(out, want) {
					t.Errorf("summary lacks %q:\n%s", want, out)
				}
			}
			d := regexp.MustCompile(`党费   (\d+) 名党员，缴费 (\d+) 笔`).FindStringSubmatch(out)
			if d == nil || d[1] == "0" || d[2] == "0" {
				t.Errorf("summary of dues: %s", out)
			}
			if a := regexp.MustCompile(`活动   (\d+) 次.*谈心谈话 (\d+) 次`).FindStringSubmatch(out); a == nil || a[1] == "0" || a[2] == "0" {
				t.Errorf("summary of the streams: %s", out)
			}
			n := regexp.MustCompile(`会议   (\d+) 次（出席记录 (\d+) 条）`).FindStringSubmatch(out)
			if n == nil || n[1] == "0" || n[2] == "0" {
				t.Errorf("summary of meetings: %s", out)
			}

			// What the summary says is in the database.
			ctx := zhibu.WithActor(context.Background(), zhibu.System)
			s, err := store.Open(ctx, cfg.DB, storetest.Keys)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := s.Meetings(ctx, store.MeetingFilter{})
			pays, perr := s.Payments(ctx, store.PaymentFilter{})
			s.Close()
			if perr != nil || d == nil || d[2] != strconv.Itoa(len(pays)) {
				t.Errorf("%d payments in the database, %v", len(pays), perr)
			}
			if err != nil || n == nil || n[1] != strconv.Itoa(len(ms)) {
				t.Errorf("%d meetings in the database, %v", len(ms), err)
			}

			// A database that is not empty is refused; the error is in Chinese.
			_, _, err = genCLI(t, cfg, "--scale", "S")
			if err == nil || message(err) != "数据库不为空，模拟数据只能生成到空数据库" {
				t.Errorf("second gen: %v", err)
			}
		})
	}
}

func TestGenUsage(t *testing.T) {
	cfg := Config{DB: storetest.SQLitePath(t), Keys: t.TempDir()}
	for _, args := range [][]string{{}, {"--scale", "XL"}} {
		if _, _, err := genCLI(t, cfg, args...); err == nil || message(err) != "--scale 应为 S、M 或 L" {
			t.Errorf("gen %v: %v", args, err)
		}
	}
	if _, _, err := genCLI(t, cfg, "--scale", "S", "extra"); err == nil || message(err) != "多余的参数：extra" {
		t.Errorf("gen with an extra argument: %v", err)
	}
}

// The bar fills in proportion, is redrawn in place only when it changes
// (and not more than ten times a second, but for the last), and ends its line.
func TestProgressBar(t *testing.T) {
	var w bytes.Buffer
	clock := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	p := newProgressBar(&w, "生成中", "党支部")
	p.now = func() time.Time { return clock }
	if got := p.Render(120, 200); got != "生成中 [##################------------] 120/200 党支部" {
		t.Errorf("render: %q", got)
	}
	p.Update(1, 200)
	p.Update(2, 200) // too soon
	clock = clock.Add(time.Second)
	p.Update(2, 200)
	p.Update(200, 200)
	p.Update(200, 200) // unchanged
	p.Finish()
	lines := strings.Split(strings.TrimPrefix(w.String(), "\r"), "\r")
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "] 200/200 党支部\n") || !strings.HasPrefix(lines[1], "生成中 [------------------------------] 2/200") {
		t.Errorf("bar output %q", w.String())
	}
	if got := elapsed(72 * time.Second); got != "1 分 12 秒" {
		t.Errorf("elapsed: %s", got)
	}
}
