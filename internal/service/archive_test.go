package service_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/archive"
	"zhibu/internal/demo"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// entryBytes is one entry of a zip.
func entryBytes(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no %s in the package", name)
	return nil
}

// docxText is the text of a .docx's paragraphs, read as the docx tests
// read it: the document part's w:t elements, a paragraph a line.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(entryBytes(t, zr, "word/document.xml")))
	var b strings.Builder
	inT := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inT = x.Name.Local == "t"
		case xml.EndElement:
			if x.Name.Local == "p" {
				b.WriteByte('\n')
			}
			inT = false
		case xml.CharData:
			if inT {
				b.Write(x)
			}
		}
	}
	return b.String()
}

// The demo's 2025 year-end package of the seed branch: the manifest's sums
// match the entries, and the catalogue (.xlsx read by excelize, .docx by
// its XML) lists what the records hold: the year's meetings, one minutes
// per meeting held, the community check-ins.
func TestYearEndPackage(t *testing.T) {
	demotest.Each(t, func(t *testing.T, s *store.Store) {
		b, err := s.OrgByCode(sys, demo.BranchCode)
		if err != nil {
			t.Fatal(err)
		}
		j, err := s.LatestArchive(sys, b.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := s.WriteArchive(sys, j.ID, &buf); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(buf.Bytes())
		if j.Size != int64(buf.Len()) || j.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("job says %d bytes %s, downloaded %d bytes %x", j.Size, j.SHA256, buf.Len(), sum)
		}
		paths, err := archive.Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if j.Files != len(paths)+1 {
			t.Errorf("job says %d files, manifest lists %d and itself", j.Files, len(paths))
		}
		ms, err := s.Meetings(sys, store.MeetingFilter{OrgID: b.ID, From: time.Date(2025, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone),
			To: time.Date(2026, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
		if err != nil {
			t.Fatal(err)
		}
		held := 0
		for _, m := range ms {
			if m.Held() {
				held++
			}
		}
		if held < 10 {
			t.Fatalf("the demo's seed branch held %d meetings in 2025", held)
		}
		minutes := 0
		for _, p := range paths {
			if strings.HasPrefix(p, "01三会一课/会议记录/") && strings.HasSuffix(p, ".docx") {
				minutes++
			}
		}
		if minutes != held {
			t.Errorf("%d minutes in the package, %d meetings held", minutes, held)
		}
		zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		line := "全年召开会议" + strconv.Itoa(held) + "次"
		x, err := excelize.OpenReader(bytes.NewReader(entryBytes(t, zr, archive.IndexXLSX)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, err := x.GetRows("卷内目录")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2+len(paths)-2 { // every entry but the two catalogues
			t.Errorf("catalogue of %d rows for %d entries", len(rows)-2, len(paths)-2)
		}
		summary, _ := x.GetRows("分类汇总")
		if len(summary) < 7 || summary[2][0] != "“三会一课”" || !strings.Contains(summary[2][4], line) || summary[2][1] != "30年" {
			t.Errorf("summary %q, want a first row with %q", summary, line)
		}
		if !strings.Contains(summary[5][4], "在职党员到社区报到3人次") {
			t.Errorf("community row %q", summary[5])
		}
		cats, err := service.New(s, service.Options{}).Archive.Catalogue(sys, b.ID, 2025)
		if err != nil || len(cats) != 5 || strings.Join(cats[0].Lines, "；") != summary[2][4] {
			t.Errorf("the archive page's lines %+v (%v), the catalogue's %q", cats, err, summary[2][4])
		}
		text := docxText(t, entryBytes(t, zr, archive.IndexDocx))
		for _, want := range []string{"第三党支部2025年度党建工作档案目录", line, "卷内文件目录", "保管期限：永久"} {
			if !strings.Contains(text, want) {
				t.Errorf("the catalogue .docx lacks %q", want)
			}
		}
		bs, err := s.Bulletins(sys, b.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		published, inPackage := 0, 0
		for _, x := range bs {
			if x.Year == 2025 {
				published++
			}
		}
		for _, p := range paths {
			if strings.Contains(p, "/党建信息简报/") {
				inPackage++
			}
		}
		if inPackage != published || !strings.Contains(summary[4][4], "党建信息简报"+strconv.Itoa(published)+"期") {
			t.Errorf("%d bulletins in the package, %d published in 2025; summary %q", inPackage, published, summary[4][4])
		}
		t.Logf("2025: %d meetings held, %d bulletins, %d files", held, published, len(paths))
		community := ""
		for _, p := range paths {
			if strings.HasPrefix(p, "04社区报到/") {
				community = p
			}
		}
		cx, err := excelize.OpenReader(bytes.NewReader(entryBytes(t, zr, community)))
		if err != nil {
			t.Fatal(err)
		}
		defer cx.Close()
		crows, _ := cx.GetRows("社区报到")
		if len(crows) != 2+3 || crows[2][1] != "周鹏" || crows[2][3] != "和平路社区" {
			t.Errorf("check-in rows %q", crows)
		}
	})
}

// The same package through the service as the CLI builds it, and the
// background job: a bad year, a group and a second build of a running
// package are refused with a Chinese message; a member may not build.
func TestArchiveRefusals(t *testing.T) {
	s := demotest.SQLite(t)
	svc := service.New(s, service.Options{})
	b, _ := s.OrgByCode(sys, demo.BranchCode)
	g, _ := s.OrgByCode(sys, demo.BranchCode+"-1")
	var buf bytes.Buffer
	start := time.Now()
	n, err := svc.Archive.Build(sys, b.ID, 2025, &buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the seed branch's 2025 package: %d files, %d bytes in %v", n, buf.Len(), time.Since(start))
	if paths, err := archive.Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil || len(paths)+1 != n {
		t.Errorf("built %d files, verified %d: %v", n, len(paths), err)
	}
	// The committee's package: each branch's meetings in its own folder,
	// one minutes per meeting held in the whole subtree.
	root, _ := s.OrgByCode(sys, demo.CommitteeCode)
	buf.Reset()
	if _, err := svc.Archive.Build(sys, root.ID, 2025, &buf, nil); err != nil {
		t.Fatal(err)
	}
	paths, err := archive.Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := s.Meetings(sys, store.MeetingFilter{OrgID: root.ID, From: time.Date(2025, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone), To: time.Date(2026, 1, 1, 0, 0, 0, 0, zhibu.DefaultZone)})
	held, minutes, zb03 := 0, 0, 0
	for _, m := range ms {
		if m.Held() {
			held++
		}
	}
	for _, p := range paths {
		if strings.Contains(p, "/会议记录/") {
			minutes++
		}
		if strings.HasPrefix(p, "01三会一课/ZB03第三党支部/会议记录/") {
			zb03++
		}
	}
	if minutes != held || zb03 == 0 || zb03 == held {
		t.Errorf("committee package: %d minutes (%d of ZB03) for %d meetings held in the subtree", minutes, zb03, held)
	}

	var ps zhibu.Problems
	if _, err := svc.Archive.Start(sys, b.ID, 1999); !errors.As(err, &ps) || ps[0].Field != "year" || !strings.Contains(ps[0].Message, "年度") {
		t.Errorf("year 1999: %v", err)
	}
	if _, err := svc.Archive.Start(sys, b.ID, time.Now().Year()+1); !errors.As(err, &ps) {
		t.Errorf("next year: %v", err)
	}
	if _, err := svc.Archive.Start(sys, g.ID, 2025); !errors.As(err, &ps) || !strings.Contains(ps[0].Message, "党小组") {
		t.Errorf("a group: %v", err)
	}
	member := zhibu.WithActor(sys, zhibu.Actor{Name: "党员", Scope: zhibu.Scope{Paths: []string{b.Path}}, Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: b.Path}}})
	if _, err := svc.Archive.Start(member, b.ID, 2025); !errors.Is(err, zhibu.ErrForbidden) {
		t.Errorf("a reader builds: %v", err)
	}
	if _, err := svc.Archive.Build(member, b.ID, 2025, io.Discard, nil); !errors.Is(err, zhibu.ErrForbidden) {
		t.Errorf("a reader builds through the CLI's path: %v", err)
	}
	jobs, _ := s.ArchiveJobs(sys, b.ID, 2025)
	if len(jobs) != 1 {
		t.Errorf("%d jobs after the refusals, want the demo's one", len(jobs))
	}
	// A check-in without its community is refused by name, nothing saved.
	p, _ := s.People(sys, b.ID, zhibu.PersonFilter{Query: "周鹏"})
	if _, err := svc.Archive.SaveCheckIn(sys, zhibu.CommunityCheckIn{PersonID: p[0].ID, ReportedOn: zhibu.MakeDate(2025, 6, 1)}); !errors.As(err, &ps) || ps[0].Field != "community" {
		t.Errorf("check-in without community: %v", err)
	}
	if cs, _ := s.CheckIns(sys, p[0].ID); len(cs) != 1 {
		t.Errorf("%d check-ins, want the demo's one", len(cs))
	}
}
