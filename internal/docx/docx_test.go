package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"zhibu"
)

const ns = nsW

// unzip writes d and reads every part back through archive/zip.
func unzip(t *testing.T, d *Doc) map[string][]byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := d.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("WriteTo returned %d, wrote %d bytes", n, buf.Len())
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = b
	}
	return parts
}

// parseAll reads every token of an XML part.
func parseAll(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// paragraph is what the tests read back of a w:p.
type paragraph struct {
	style string
	jc    string
	text  string
	sizes []string // w:sz of each run with text
	fonts []string // w:eastAsia of each run with text
	bold  []bool
	ind   map[string]string
}

// paragraphs reads the paragraphs of document.xml (table cells included).
func paragraphs(t *testing.T, doc []byte) []paragraph {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var ps []paragraph
	var cur *paragraph
	inRun, inT, inPPr := false, false, false
	var runSize, runFont string
	var runBold bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != ns {
				continue
			}
			attr := func(name string) string {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch tok.Name.Local {
			case "p":
				ps = append(ps, paragraph{ind: map[string]string{}})
				cur = &ps[len(ps)-1]
			case "pPr":
				inPPr = true
			case "pStyle":
				cur.style = attr("val")
			case "jc":
				if inPPr {
					cur.jc = attr("val")
				}
			case "ind":
				if inPPr {
					for _, a := range tok.Attr {
						cur.ind[a.Name.Local] = a.Value
					}
				}
			case "r":
				inRun, runSize, runFont, runBold = true, "", "", false
			case "sz":
				if inRun {
					runSize = attr("val")
				}
			case "rFonts":
				if inRun {
					runFont = attr("eastAsia")
				}
			case "b":
				if inRun {
					runBold = true
				}
			case "t":
				inT = true
				cur.sizes = append(cur.sizes, runSize)
				cur.fonts = append(cur.fonts, runFont)
				cur.bold = append(cur.bold, runBold)
			case "br":
				if inRun && attr("type") == "" {
					cur.text += "\n"
				}
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "pPr":
				inPPr = false
			case "r":
				inRun = false
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.text += string(tok)
			}
		}
	}
	return ps
}

func texts(ps []paragraph) []string {
	var s []string
	for _, p := range ps {
		s = append(s, p.text)
	}
	return s
}

func sampleDoc() *Doc {
	d := New()
	d.Props = Props{Title: "样例", Creator: "第三党支部"}
	d.Title("关于开展2018年度民主评议党员工作的通知")
	d.Recipient("各党小组")
	d.Para("根据上级党委部署，现就有关事项通知如下。")
	d.Heading1("一、评议范围")
	d.Heading2("（一）参加人员")
	d.Heading3("1.正式党员")
	d.Heading4("（1）在职党员")
	d.Para("全体正式党员参加。")
	d.Table([]string{"姓名", "出席情况", "备注"}, [][]string{{"张三", "出席"}, {"李四", "请假", "出差"}})
	d.PageBreak()
	d.Para("第二页。")
	d.Attachments([]string{"评议表", "测评表"})
	d.Signature("中共某公安分局第三支部委员会", zhibu.MakeDate(2018, 7, 1))
	return d
}

var wantParts = []string{
	"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
	"word/_rels/document.xml.rels", "word/document.xml", "word/fontTable.xml",
	"word/footer1.xml", "word/footer2.xml", "word/settings.xml", "word/styles.xml",
}

func TestPartsParse(t *testing.T) {
	for name, d := range map[string]*Doc{"sample": sampleDoc(), "minutes": Minutes(fixedMeeting()), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			parts := unzip(t, d)
			var got []string
			for p, b := range parts {
				got = append(got, p)
				if err := parseAll(b); err != nil {
					t.Errorf("%s does not parse: %v", p, err)
				}
				if !utf8.Valid(b) {
					t.Errorf("%s is not UTF-8", p)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, wantParts) {
				t.Errorf("parts = %v, want %v", got, wantParts)
			}
			// Every part the content types name exists, and every
			// relationship's target.
			for _, want := range []string{"/word/document.xml", "/word/styles.xml", "/word/footer1.xml", "/word/footer2.xml", "/docProps/core.xml"} {
				if !bytes.Contains(parts["[Content_Types].xml"], []byte(`PartName="`+want+`"`)) {
					t.Errorf("content types miss %s", want)
				}
			}
		})
	}
}

func TestZipOrderAndTimes(t *testing.T) {
	b, err := sampleDoc().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part is %s", zr.File[0].Name)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s modified %v", f.Name, f.Modified)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, mk := range []func() *Doc{sampleDoc, func() *Doc { return Minutes(fixedMeeting()) }} {
		a, err := mk().Bytes()
		if err != nil {
			t.Fatal(err)
		}
		b, err := mk().Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Error("two writes of the same document differ")
		}
		d := mk()
		c, _ := d.Bytes()
		e, _ := d.Bytes()
		if !bytes.Equal(c, e) || !bytes.Equal(a, c) {
			t.Error("writing the same Doc twice differs")
		}
	}
}

type sectPrXML struct {
	FooterRefs []struct {
		Type string `xml:"type,attr"`
		ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"footerReference"`
	PgSz struct {
		W int `xml:"w,attr"`
		H int `xml:"h,attr"`
	} `xml:"pgSz"`
	PgMar struct {
		Top    int `xml:"top,attr"`
		Right  int `xml:"right,attr"`
		Bottom int `xml:"bottom,attr"`
		Left   int `xml:"left,attr"`
		Footer int `xml:"footer,attr"`
	} `xml:"pgMar"`
	DocGrid struct {
		Type      string `xml:"type,attr"`
		LinePitch int    `xml:"linePitch,attr"`
	} `xml:"docGrid"`
}

func TestPage(t *testing.T) {
	parts := unzip(t, sampleDoc())
	var doc struct {
		Body struct {
			SectPr sectPrXML `xml:"sectPr"`
		} `xml:"body"`
	}
	if err := xml.Unmarshal(parts["word/document.xml"], &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Body.SectPr
	if s.PgSz.W != 11906 || s.PgSz.H != 16838 {
		t.Errorf("page %d×%d, want A4 11906×16838", s.PgSz.W, s.PgSz.H)
	}
	mm := func(twips int) float64 { return float64(twips) / 56.7 }
	for _, c := range []struct {
		name string
		got  int
		mm   float64
	}{{"top", s.PgMar.Top, 37}, {"bottom", s.PgMar.Bottom, 35}, {"left", s.PgMar.Left, 28}, {"right", s.PgMar.Right, 26}} {
		if d := mm(c.got) - c.mm; d < -0.05 || d > 0.05 {
			t.Errorf("%s margin %d twips = %.2f mm, want %v mm", c.name, c.got, mm(c.got), c.mm)
		}
	}
	// The type area is 156 × 225 mm.
	if w := mm(s.PgSz.W - s.PgMar.Left - s.PgMar.Right); w < 155.9 || w > 156.1 {
		t.Errorf("type area width %.2f mm", w)
	}
	if h := mm(s.PgSz.H - s.PgMar.Top - s.PgMar.Bottom); h < 224.9 || h > 225.1 {
		t.Errorf("type area height %.2f mm", h)
	}
	g := s.DocGrid
	if g.Type != "lines" || g.LinePitch != 579 {
		t.Errorf("docGrid %+v", g)
	}
	// 28 narrowed body characters fit the line, 29 do not.
	if w := s.PgSz.W - s.PgMar.Left - s.PgMar.Right; 28*CharTwips > w || 29*CharTwips <= w {
		t.Errorf("%d characters of %d twips on a line of %d", 28, CharTwips, w)
	}
	if !bytes.Contains(parts["word/styles.xml"], []byte(`<w:spacing w:val="-5"/><w:sz w:val="32"/>`)) {
		t.Error("body characters are not narrowed in the Normal style")
	}
	// 22 lines of the exact spacing fit the type area.
	if 22*LineSpacing > TextHeight || 23*LineSpacing <= TextHeight {
		t.Errorf("%d lines of %d twips in %d", 22, LineSpacing, TextHeight)
	}
	if !bytes.Contains(parts["word/document.xml"], []byte(`w:line="578" w:lineRule="exact"`)) &&
		!bytes.Contains(parts["word/styles.xml"], []byte(`w:line="578" w:lineRule="exact"`)) {
		t.Error("no exact line spacing of 578")
	}
}

type stylesXMLDoc struct {
	Defaults struct {
		RFonts fontsAttr `xml:"rPrDefault>rPr>rFonts"`
		Color  valAttr   `xml:"rPrDefault>rPr>color"`
	} `xml:"docDefaults"`
	Styles []struct {
		ID  string `xml:"styleId,attr"`
		RPr *struct {
			RFonts *fontsAttr `xml:"rFonts"`
			Sz     *valAttr   `xml:"sz"`
			B      *struct{}  `xml:"b"`
		} `xml:"rPr"`
		PPr *struct {
			Spacing *struct {
				Line     string `xml:"line,attr"`
				LineRule string `xml:"lineRule,attr"`
			} `xml:"spacing"`
			Ind *struct {
				FirstLine string `xml:"firstLine,attr"`
			} `xml:"ind"`
			Jc *valAttr `xml:"jc"`
		} `xml:"pPr"`
	} `xml:"style"`
}

type fontsAttr struct {
	ASCII    string `xml:"ascii,attr"`
	HAnsi    string `xml:"hAnsi,attr"`
	EastAsia string `xml:"eastAsia,attr"`
}

type valAttr struct {
	Val string `xml:"val,attr"`
}

func TestStyles(t *testing.T) {
	parts := unzip(t, sampleDoc())
	var st stylesXMLDoc
	if err := xml.Unmarshal(parts["word/styles.xml"], &st); err != nil {
		t.Fatal(err)
	}
	if st.Defaults.RFonts.EastAsia != "仿宋_GB2312" || st.Defaults.Color.Val != "000000" {
		t.Errorf("defaults %+v", st.Defaults)
	}
	want := map[string]struct {
		font, size string
		bold       bool
	}{
		"Normal":   {"仿宋_GB2312", "32", false},
		"Title":    {"方正小标宋简体", "44", false},
		"Heading1": {"黑体", "", false},
		"Heading2": {"楷体_GB2312", "", false},
		"Heading3": {"仿宋_GB2312", "", true},
		"Heading4": {"仿宋_GB2312", "", false},
		"Footer":   {"宋体", "28", false},
	}
	found := 0
	for _, s := range st.Styles {
		w, ok := want[s.ID]
		if !ok {
			continue
		}
		found++
		if s.RPr == nil || s.RPr.RFonts == nil {
			t.Errorf("%s: no fonts", s.ID)
			continue
		}
		f := s.RPr.RFonts
		if f.EastAsia != w.font || f.ASCII != w.font || f.HAnsi != w.font {
			t.Errorf("%s: fonts %+v, want %s in every slot", s.ID, *f, w.font)
		}
		if w.size != "" && (s.RPr.Sz == nil || s.RPr.Sz.Val != w.size) {
			t.Errorf("%s: size %v, want %s", s.ID, s.RPr.Sz, w.size)
		}
		if (s.RPr.B != nil) != w.bold {
			t.Errorf("%s: bold %v", s.ID, s.RPr.B != nil)
		}
		switch s.ID {
		case "Normal":
			if s.PPr == nil || s.PPr.Spacing == nil || s.PPr.Spacing.Line != "578" || s.PPr.Spacing.LineRule != "exact" {
				t.Errorf("Normal spacing %+v", s.PPr)
			}
		case "Title":
			if s.PPr == nil || s.PPr.Jc == nil || s.PPr.Jc.Val != "center" {
				t.Errorf("Title is not centred")
			}
		case "Heading1":
			if s.PPr == nil || s.PPr.Ind == nil || s.PPr.Ind.FirstLine != "630" {
				t.Errorf("Heading1 not indented two characters")
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of %d styles", found, len(want))
	}
	for _, name := range []string{"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"} {
		if !bytes.Contains(parts["word/fontTable.xml"], []byte(`w:name="`+name+`"`)) {
			t.Errorf("font table misses %s", name)
		}
	}
}

func TestLatinFont(t *testing.T) {
	d := sampleDoc()
	d.Fonts.Latin = "Times New Roman"
	parts := unzip(t, d)
	doc := string(parts["word/document.xml"])
	if !strings.Contains(doc, `w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman"`) {
		t.Error("Latin slots do not name Times New Roman")
	}
	if !bytes.Contains(parts["word/fontTable.xml"], []byte(`w:name="Times New Roman"`)) {
		t.Error("font table misses Times New Roman")
	}
}

func TestRunSizes(t *testing.T) {
	ps := paragraphs(t, unzip(t, sampleDoc())["word/document.xml"])
	byStyle := map[string]paragraph{}
	for _, p := range ps {
		if _, ok := byStyle[p.style]; !ok && p.text != "" {
			byStyle[p.style] = p
		}
	}
	for style, want := range map[string]struct{ size, font string }{
		"Title":     {"44", "方正小标宋简体"},
		"BodyText":  {"32", "仿宋_GB2312"},
		"Recipient": {"32", "仿宋_GB2312"},
		"Heading1":  {"32", "黑体"},
		"Heading2":  {"32", "楷体_GB2312"},
		"Heading3":  {"32", "仿宋_GB2312"},
		"TableText": {"28", "仿宋_GB2312"},
		"Signature": {"32", "仿宋_GB2312"},
	} {
		p, ok := byStyle[style]
		if !ok {
			t.Errorf("no %s paragraph", style)
			continue
		}
		for i := range p.sizes {
			if p.sizes[i] != want.size || p.fonts[i] != want.font {
				t.Errorf("%s run %d: sz %s font %s, want %s %s", style, i, p.sizes[i], p.fonts[i], want.size, want.font)
			}
		}
	}
	if !slices.Contains(byStyle["Heading3"].bold, true) {
		t.Error("level-3 heading is not bold")
	}
	if byStyle["Recipient"].text != "各党小组：" {
		t.Errorf("recipient %q", byStyle["Recipient"].text)
	}
}

func TestFooters(t *testing.T) {
	parts := unzip(t, sampleDoc())
	if !bytes.Contains(parts["word/settings.xml"], []byte("<w:evenAndOddHeaders/>")) {
		t.Error("settings lack evenAndOddHeaders")
	}
	for name, jc := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
		f := string(parts[name])
		for _, want := range []string{`w:fldCharType="begin"`, `<w:instrText xml:space="preserve"> PAGE </w:instrText>`, `w:fldCharType="separate"`, `w:fldCharType="end"`, `— </w:t>`, ` —</w:t>`, `<w:jc w:val="` + jc + `"/>`, `w:eastAsia="宋体"`, `<w:sz w:val="28"/>`} {
			if !strings.Contains(f, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
	}
	// The odd (default) footer is footer1, the even one footer2.
	var doc struct {
		Body struct {
			SectPr sectPrXML `xml:"sectPr"`
		} `xml:"body"`
	}
	if err := xml.Unmarshal(parts["word/document.xml"], &doc); err != nil {
		t.Fatal(err)
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(parts["word/_rels/document.xml.rels"], &rels); err != nil {
		t.Fatal(err)
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		target[r.ID] = r.Target
	}
	got := map[string]string{}
	for _, r := range doc.Body.SectPr.FooterRefs {
		got[r.Type] = target[r.ID]
	}
	if got["default"] != "footer1.xml" || got["even"] != "footer2.xml" {
		t.Errorf("footer references %v", got)
	}
}

func TestEscaping(t *testing.T) {
	d := New()
	d.Title(`A<B>&"C"` + "\x00")
	d.Para("x<y>&z\"w'\x00v\x01\x1f\x7f\u0085\ufffe\ufffft\tu\r\nnew")
	d.Field("<label>", "&value")
	d.Table([]string{"<h>"}, [][]string{{"a&b\x00"}})
	parts := unzip(t, d)
	doc := parts["word/document.xml"]
	if err := parseAll(doc); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(doc, 0) || bytes.ContainsRune(doc, 1) {
		t.Error("control characters in document.xml")
	}
	if !bytes.Contains(doc, []byte(`x&lt;y&gt;&amp;z&quot;w&apos;vt u`)) {
		t.Errorf("escaped paragraph not found in %s", doc)
	}
	got := texts(paragraphs(t, doc))
	want := []string{`A<B>&"C"`, "", "x<y>&z\"w'vt u\nnew", "<label>：&value", "<h>", "a&b", ""}
	if !slices.Equal(got, want) {
		t.Errorf("texts %q, want %q", got, want)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00b":    "ab",
		"a\r\nb\rc": "a\nb\nc",
		"a\tb":      "a b",
		"\xffz":     "\ufffdz",
		"中文\u200b":  "中文\u200b",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBreakTitle(t *testing.T) {
	thirty := strings.Repeat("党", 30)
	for _, c := range []struct {
		in   string
		max  int
		want []string
	}{
		{"第三党支部支委会记录", 20, []string{"第三党支部支委会记录"}},
		{strings.Repeat("字", 20), 20, []string{strings.Repeat("字", 20)}},
		{thirty, 20, []string{thirty[:15*3], thirty[15*3:]}},
		{strings.Repeat("字", 21), 20, []string{strings.Repeat("字", 11), strings.Repeat("字", 10)}},
		{strings.Repeat("字", 45), 20, []string{strings.Repeat("字", 15), strings.Repeat("字", 15), strings.Repeat("字", 15)}},
		// Closing punctuation stays on the line it closes.
		// A break before 关于 is preferred to one a character nearer the middle.
		{"关于印发《中共某公安分局委员会关于加强基层组织建设的意见》的通知", 20,
			[]string{"关于印发《中共某公安分局委员会", "关于加强基层组织建设的意见》的通知"}},
		{"一二三四五六七八九十一二三四，六七八九十一二三四五六七八九十", 20,
			[]string{"一二三四五六七八九十一二三四，", "六七八九十一二三四五六七八九十"}},
		// A year is not split; two Latin characters take one place.
		{"关于做好中共某公安分局第三支部委员会2018年度工作的报告", 20,
			[]string{"关于做好中共某公安分局第三支", "部委员会2018年度工作的报告"}},
	} {
		got := BreakTitle(c.in, c.max)
		if !slices.Equal(got, c.want) {
			t.Errorf("BreakTitle(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.Join(got, "") != c.in {
			t.Errorf("BreakTitle(%q) lost text: %q", c.in, got)
		}
		for _, l := range got {
			if width(l) > 2*c.max {
				t.Errorf("line %q too wide", l)
			}
		}
	}
	// In a document the title's lines are breaks in one paragraph.
	d := New()
	d.Title(thirty)
	ps := paragraphs(t, unzip(t, d)["word/document.xml"])
	if ps[0].style != "Title" || ps[0].text != thirty[:45]+"\n"+thirty[45:] {
		t.Errorf("title paragraph %+v", ps[0])
	}
	if ps[1].text != "" {
		t.Error("no blank line after the title")
	}
}

func TestMarkdown(t *testing.T) {
	d := New()
	d.Markdown("开场白第一行\n第二行\n\n一、学习内容\n（一）原文\n1.第一点\n（1）细节\n正文 one\ntwo\n\n- 要点甲\n* 要点乙\n\n" +
		"# 会议概况\n## 议程\n<b>不是HTML</b>\n1.5万元不是标题\n2018.3.5不是标题\n十、也是标题\n\n**议题**\n\n1. 学习党章\n2. 研究**发展**工作\n\n" +
		"**党课题目**：党章第一章\n未配对的**星号\n#不是标题")
	var got []string
	for _, b := range d.blocks {
		got = append(got, []string{kPara: "P", kHeading1: "H1", kHeading2: "H2", kHeading3: "H3", kHeading4: "H4", kLabel: "L", kItem: "I"}[b.kind]+":"+b.text)
	}
	want := []string{
		"P:开场白第一行第二行",
		"H1:一、学习内容", "H2:（一）原文", "H3:1.第一点", "H4:（1）细节",
		"P:正文 one two",
		"I:·要点甲", "I:·要点乙",
		"H1:会议概况", "H2:议程",
		"P:<b>不是HTML</b> 1.5万元不是标题2018.3.5不是标题",
		"H1:十、也是标题",
		"L:议题",
		"I:1.学习党章", "I:2.研究发展工作",
		"P:党课题目：党章第一章未配对的**星号#不是标题",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
	// Bold is a run property, never the marks.
	doc := string(unzip(t, d)["word/document.xml"])
	if strings.Contains(doc, "**发展") || strings.Contains(doc, "**党课题目") || strings.Contains(doc, "# 会议概况") {
		t.Errorf("Markdown marks in the document")
	}
	var boldTexts []string
	for _, r := range runs(t, []byte(doc)) {
		if r.bold {
			boldTexts = append(boldTexts, r.text)
		}
	}
	for _, w := range []string{"发展", "党课题目"} {
		if !slices.Contains(boldTexts, w) {
			t.Errorf("%q is not a bold run; bold runs %q", w, boldTexts)
		}
	}
}

// textRunOf is a run of document.xml: its text and whether it is bold.
type textRunOf struct {
	text string
	bold bool
}

// runs reads the runs of document.xml with their bold property.
func runs(t *testing.T, doc []byte) []textRunOf {
	t.Helper()
	var body struct {
		Ps []struct {
			Rs []struct {
				B    *struct{} `xml:"rPr>b"`
				Text string    `xml:"t"`
			} `xml:"r"`
		} `xml:"body>p"`
	}
	if err := xml.Unmarshal(doc, &body); err != nil {
		t.Fatal(err)
	}
	var out []textRunOf
	for _, p := range body.Ps {
		for _, r := range p.Rs {
			if r.Text != "" {
				out = append(out, textRunOf{text: r.Text, bold: r.B != nil})
			}
		}
	}
	return out
}

func TestSignature(t *testing.T) {
	d := New()
	d.Signature("第三党支部", zhibu.MakeDate(2018, 7, 1))
	ps := paragraphs(t, unzip(t, d)["word/document.xml"])
	if len(ps) != 3 || ps[0].text != "" || ps[1].text != "第三党支部" || ps[2].text != "2018年7月1日" {
		t.Fatalf("signature paragraphs %+v", ps)
	}
	// The date is four characters from the right; the issuer (5
	// characters) centred over the date (6 characters wide).
	if ps[2].jc != "" && ps[2].jc != "right" || ps[2].ind["right"] != "1260" {
		t.Errorf("date %+v", ps[2])
	}
	if ps[1].ind["right"] != "1417" {
		t.Errorf("issuer %+v", ps[1])
	}
	if ps[1].style != "Signature" || ps[2].style != "Signature" {
		t.Error("signature style not used")
	}

	// A 14-character issuer keeps two characters from the margin; the
	// date (6) moves to 2+4 characters, centred under it.
	d = New()
	d.Signature("中共某公安分局第三支部委员会", zhibu.MakeDate(2018, 7, 1))
	ps = paragraphs(t, unzip(t, d)["word/document.xml"])
	if ps[1].ind["right"] != "630" || ps[2].ind["right"] != "1890" {
		t.Errorf("long issuer %v, date %v", ps[1].ind, ps[2].ind)
	}
}

func TestPageBreak(t *testing.T) {
	d := New()
	d.Para("一")
	d.PageBreak()
	d.Para("二")
	d.PageBreak()
	d.Table([]string{"a"}, nil)
	doc := string(unzip(t, d)["word/document.xml"])
	if strings.Count(doc, "<w:pageBreakBefore/>") != 1 || strings.Count(doc, `<w:br w:type="page"/>`) != 1 {
		t.Errorf("page breaks wrong in %s", doc)
	}
	if !strings.Contains(doc, "</w:tbl>\n<w:p>") {
		t.Error("no paragraph after the closing table")
	}
}

func TestTable(t *testing.T) {
	d := New()
	d.Table([]string{"姓名", "情况", "事由"}, [][]string{{"张三", "出席"}, {"李四", "请假", "赴外地参加为期三天的业务培训并撰写总结报告"}})
	doc := string(unzip(t, d)["word/document.xml"])
	if strings.Count(doc, "<w:tc>") != 9 {
		t.Errorf("%d cells, want 9 (short rows padded)", strings.Count(doc, "<w:tc>"))
	}
	if !strings.Contains(doc, "<w:tblHeader/>") || !strings.Contains(doc, `<w:tblStyle w:val="TableGrid"/>`) {
		t.Error("no repeated header or grid style")
	}
	var sum int
	var grid struct {
		Cols []struct {
			W int `xml:"w,attr"`
		} `xml:"body>tbl>tblGrid>gridCol"`
	}
	if err := xml.Unmarshal([]byte(doc), &grid); err != nil {
		t.Fatal(err)
	}
	for _, c := range grid.Cols {
		sum += c.W
	}
	if len(grid.Cols) != 3 || sum != TextWidth || grid.Cols[2].W <= grid.Cols[0].W {
		t.Errorf("grid %+v", grid.Cols)
	}
}

// A table's short columns (dates) keep their width and do not wrap however
// long the text beside them: the development record's 日期 column.
func TestTableShortColumnsDoNotWrap(t *testing.T) {
	d := New()
	long := strings.Repeat("支部委员会研究同意并报上级党委备案，", 4)
	d.Table([]string{"步骤", "日期", "结果", "情况"}, [][]string{{"第3步 确定入党积极分子", "2025-02-01", "已完成", long}})
	doc := string(unzip(t, d)["word/document.xml"])
	var grid struct {
		Cols []struct {
			W int `xml:"w,attr"`
		} `xml:"body>tbl>tblGrid>gridCol"`
	}
	if err := xml.Unmarshal([]byte(doc), &grid); err != nil {
		t.Fatal(err)
	}
	if len(grid.Cols) != 4 || grid.Cols[1].W < shortWidth(12) {
		t.Fatalf("grid %+v: the date column is narrower than %d", grid.Cols, shortWidth(12))
	}
	if n := strings.Count(doc, "<w:noWrap/>"); n != 4 { // 日期 and 结果, in the header and the row
		t.Errorf("%d cells that do not wrap, want 4", n)
	}
}
