package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// zipTime is the modification time of every part, so that the same
// document gives the same bytes.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteTo writes the document as a .docx file. The output depends only on
// the Doc: parts are written in name order with a fixed timestamp.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	parts := d.parts()
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.Sort(names) // "[Content_Types].xml" sorts first
	for _, name := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return cw.n, err
		}
		if _, err := f.Write(parts[name]); err != nil {
			return cw.n, err
		}
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

// Bytes is the .docx file as bytes.
func (d *Doc) Bytes() ([]byte, error) {
	var b bytes.Buffer
	_, err := d.WriteTo(&b)
	return b.Bytes(), err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// parts is every part of the package by its name in the zip.
func (d *Doc) parts() map[string][]byte {
	f := d.Fonts.withDefaults()
	return map[string][]byte{
		"[Content_Types].xml":          []byte(contentTypes),
		"_rels/.rels":                  []byte(packageRels),
		"docProps/core.xml":            d.coreXML(),
		"docProps/app.xml":             []byte(appXML),
		"word/_rels/document.xml.rels": []byte(documentRels),
		"word/document.xml":            d.documentXML(),
		"word/styles.xml":              stylesXML(f),
		"word/settings.xml":            []byte(settingsXML),
		"word/fontTable.xml":           fontTableXML(f),
		"word/footer1.xml":             footerXML(f, "right"),
		"word/footer2.xml":             footerXML(f, "left"),
	}
}

const contentTypes = xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
	`</Relationships>`

const appXML = xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
	`<Application>zhibu</Application><DocSecurity>0</DocSecurity></Properties>`

// settingsXML: odd and even pages have their own footers; no compression
// of punctuation (the grid places every character); Word 2013+ layout.
var settingsXML = xmlDecl + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:zoom w:percent="100"/>` +
	fmt.Sprintf(`<w:defaultTabStop w:val="%d"/>`, 2*CharTwips) +
	`<w:evenAndOddHeaders/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` +
	`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
	`</w:settings>`

func (d *Doc) coreXML() []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	el := func(name, v string) {
		if v = strings.TrimSpace(clean(v)); v != "" {
			fmt.Fprintf(&b, "<%s>%s</%s>", name, esc(v), name)
		}
	}
	el("dc:title", d.Props.Title)
	el("dc:subject", d.Props.Subject)
	el("dc:creator", d.Props.Creator)
	el("cp:lastModifiedBy", d.Props.Creator)
	if !d.Props.Created.IsZero() {
		t := d.Props.Created.UTC().Format("2006-01-02T15:04:05Z")
		fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`, t)
		fmt.Fprintf(&b, `<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`, t)
	}
	b.WriteString(`</cp:coreProperties>`)
	return []byte(b.String())
}

// esc escapes text for XML content and attribute values. The text has been
// through clean, so it holds no characters XML forbids.
func esc(s string) string {
	if !strings.ContainsAny(s, `<>&"'`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// rFonts names face in the East Asian slot and (unless a Latin face is set)
// the Latin ones; the eastAsia hint sets ambiguous characters (“”—…·) in it.
func rFonts(f Fonts, face string) string {
	latin := face
	if f.Latin != "" {
		latin = f.Latin
	}
	return fmt.Sprintf(`<w:rFonts w:ascii="%s" w:eastAsia="%s" w:hAnsi="%s" w:cs="%s" w:hint="eastAsia"/>`,
		esc(latin), esc(face), esc(latin), esc(face))
}

// runProps is a run's direct formatting. Every run carries its face and
// size, so text pasted into another document keeps its look.
type runProps struct {
	face      string
	size      int // half-points
	bold      bool
	underline bool
	noGrid    bool // not snapped to the grid
	spacing   int  // character spacing in twips (w:spacing)
}

func (rp runProps) xml(f Fonts) string {
	var b strings.Builder
	b.WriteString("<w:rPr>")
	b.WriteString(rFonts(f, rp.face))
	if rp.bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if rp.noGrid {
		b.WriteString(`<w:snapToGrid w:val="0"/>`)
	}
	fmt.Fprintf(&b, `<w:spacing w:val="%d"/>`, rp.spacing)
	fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, rp.size, rp.size)
	if rp.underline {
		b.WriteString(`<w:u w:val="single"/>`)
	}
	b.WriteString("</w:rPr>")
	return b.String()
}

// run writes text as runs, a newline becoming a line break.
func run(b *strings.Builder, f Fonts, rp runProps, text string) {
	rpr := rp.xml(f)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:r>" + rpr + "<w:br/></w:r>")
		}
		if line == "" {
			continue
		}
		b.WriteString("<w:r>" + rpr + `<w:t xml:space="preserve">` + esc(line) + "</w:t></w:r>")
	}
}

// para is one paragraph: its style, direct paragraph properties (in schema
// order: pageBreakBefore is added by the writer), and runs.
type para struct {
	style string
	ind   string // a <w:ind/> element or ""
	jc    string // "" or a w:jc value
	mark  runProps
	runs  []textRun
}

type textRun struct {
	rp   runProps
	text string
}

func (p para) write(b *strings.Builder, f Fonts, pageBreak bool) {
	b.WriteString("<w:p><w:pPr>")
	fmt.Fprintf(b, `<w:pStyle w:val="%s"/>`, p.style)
	if pageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	b.WriteString(p.ind)
	if p.jc != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.jc)
	}
	b.WriteString(p.mark.xml(f))
	b.WriteString("</w:pPr>")
	for _, r := range p.runs {
		run(b, f, r.rp, r.text)
	}
	b.WriteString("</w:p>\n")
}

// ind is a w:ind element with each indent in half characters of the body
// text (CharTwips). Negative values are left out. The indents are given in
// twips only: Word's character units (w:firstLineChars…) count 16 pt
// characters, not the narrowed ones.
func ind(left, right, firstLine, hanging int) string {
	var b strings.Builder
	b.WriteString("<w:ind")
	attr := func(name string, half int) {
		if half >= 0 {
			fmt.Fprintf(&b, ` w:%s="%d"`, name, half*CharTwips/2)
		}
	}
	attr("left", left)
	attr("right", right)
	attr("firstLine", firstLine)
	attr("hanging", hanging)
	b.WriteString("/>")
	return b.String()
}

func (d *Doc) documentXML() []byte {
	f := d.Fonts.withDefaults()
	text := func(face string) runProps { return runProps{face: face, size: bodySize, spacing: BodyCharSpacing} }
	body := text(f.Body)
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:document xmlns:w="%s" xmlns:r="%s"><w:body>`+"\n", nsW, nsR)
	pendingBreak := false
	emit := func(p para) {
		p.write(&b, f, pendingBreak)
		pendingBreak = false
	}
	blank := func() { emit(para{style: "Normal", mark: body}) }
	simple := func(style string, rp runProps, text string) {
		emit(para{style: style, mark: rp, runs: []textRun{{rp, text}}})
	}
	lastTable := false
	for _, bl := range d.blocks {
		lastTable = false
		switch bl.kind {
		case kPageBreak:
			pendingBreak = true
		case kBlank:
			blank()
		case kTitle:
			rp := runProps{face: f.Title, size: titleSize, noGrid: true}
			simple("Title", rp, strings.Join(bl.lines, "\n"))
		case kRecipient:
			simple("Recipient", body, bl.text)
		case kPara, kItem:
			if len(bl.spans) == 0 {
				simple("BodyText", body, bl.text)
				break
			}
			p := para{style: "BodyText", mark: body}
			for _, sp := range bl.spans {
				if n := len(p.runs); n > 0 && p.runs[n-1].rp.bold == sp.bold {
					p.runs[n-1].text += clean(sp.text) // one run for text of one look
					continue
				}
				rp := body
				rp.bold = sp.bold
				p.runs = append(p.runs, textRun{rp, clean(sp.text)})
			}
			emit(p)
		case kHeading1:
			simple("Heading1", text(f.Heading1), bl.text)
		case kHeading2:
			simple("Heading2", text(f.Heading2), bl.text)
		case kHeading3:
			bold := body
			bold.bold = true
			simple("Heading3", bold, bl.text)
		case kHeading4:
			simple("Heading4", body, bl.text)
		case kLabel:
			simple("Label", text(f.Heading1), bl.text)
		case kField:
			w := width(bl.label)
			emit(para{style: "Field", ind: ind(w, -1, -1, w), mark: body,
				runs: []textRun{{body, bl.label}, {body, bl.text}}})
		case kSignature:
			writeSignature(emit, blank, body, bl)
		case kAttachments:
			writeAttachments(emit, blank, body, bl.lines)
		case kSignLine:
			blank()
			p := para{style: "BodyText", mark: body}
			line := body
			line.underline = true
			for i, role := range bl.lines {
				if i > 0 {
					p.runs = append(p.runs, textRun{body, "　　"})
				}
				p.runs = append(p.runs, textRun{body, role + "："},
					textRun{line, "　　　　　　"})
			}
			emit(p)
		case kTable:
			if pendingBreak {
				b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>` + "\n")
				pendingBreak = false
			}
			writeTable(&b, f, bl.header, bl.rows)
			lastTable = true
		}
	}
	if lastTable || len(d.blocks) == 0 || pendingBreak {
		blank() // Word wants a paragraph after a table at the end
	}
	b.WriteString(sectPr)
	b.WriteString("</w:body></w:document>")
	return []byte(b.String())
}

// sectPr is the one section: A4, the standard's margins, a grid of 22
// lines (28 characters a line come from BodyCharSpacing), footers for odd
// (default) and even pages.
var sectPr = `<w:sectPr>` +
	`<w:footerReference w:type="even" r:id="rId5"/>` +
	`<w:footerReference w:type="default" r:id="rId4"/>` +
	fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/>`, PageWidth, PageHeight) +
	fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`,
		MarginTop, MarginRight, MarginBottom, MarginLeft, FooterDist) +
	`<w:pgNumType w:fmt="decimal"/>` +
	`<w:cols w:space="425"/>` +
	fmt.Sprintf(`<w:docGrid w:type="lines" w:linePitch="%d"/>`, LinePitch) +
	`</w:sectPr>`

// writeSignature writes the issuer and date: the date four characters from
// the right margin, the issuer centred over it (GB/T 9704-2012 §7.3.5.1).
// An issuer too long for that keeps two characters from the margin, and the
// date moves left to stay centred under it.
func writeSignature(emit func(para), blank func(), body runProps, bl block) {
	date := bl.date.Chinese()
	if bl.issuer == "" && date == "" {
		return
	}
	blank()
	dateRight := 8 // half characters
	if bl.issuer != "" {
		right := dateRight
		if date != "" {
			right = dateRight + (width(date)-width(bl.issuer))/2
			if right < 4 {
				right = 4
				dateRight = right + (width(bl.issuer)-width(date))/2
			}
		}
		emit(para{style: "Signature", ind: ind(-1, right, -1, -1), mark: body, runs: []textRun{{body, bl.issuer}}})
	}
	if date != "" {
		emit(para{style: "Signature", ind: ind(-1, dateRight, -1, -1), mark: body, runs: []textRun{{body, date}}})
	}
}

// writeAttachments writes 附件：1.… two characters in, later names aligned
// under the first, wrapped lines under the name's text.
func writeAttachments(emit func(para), blank func(), body runProps, names []string) {
	blank()
	const lead = "附件："
	if len(names) == 1 {
		w := width(lead)
		emit(para{style: "Field", ind: ind(4+w, -1, -1, w), mark: body, runs: []textRun{{body, lead + names[0]}}})
		return
	}
	numW := width(fmt.Sprintf("%d.", len(names)))
	for i, n := range names {
		num := fmt.Sprintf("%d.", i+1)
		left := 4 + width(lead) + numW // text starts here
		p := para{style: "Field", mark: body}
		if i == 0 {
			p.ind = ind(left, -1, -1, width(lead)+numW)
			p.runs = []textRun{{body, lead + num + n}}
		} else {
			p.ind = ind(left, -1, -1, numW)
			p.runs = []textRun{{body, num + n}}
		}
		emit(p)
	}
}

// writeTable writes a table across the type area: header row repeated on
// each page and bold, single black borders, columns sized to their text.
func writeTable(b *strings.Builder, f Fonts, header []string, rows [][]string) {
	cols := len(header)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	// Natural widths in half characters, at least two characters, at most
	// half the line so that no column starves the others.
	nat := make([]int, cols)
	for i := range nat {
		nat[i] = 4
	}
	measure := func(r []string) {
		for i, s := range r {
			for _, line := range strings.Split(s, "\n") {
				nat[i] = max(nat[i], min(width(line)+2, CharsPerLine))
			}
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	sum := 0
	for _, n := range nat {
		sum += n
	}
	widths := make([]int, cols)
	// A short column (a date, a name, a result) keeps its natural width
	// and does not wrap; the others share what is left in proportion.
	short := make([]bool, cols)
	fixed, fixedN := 0, 0
	for i, n := range nat {
		if n <= shortColumn && i < cols-1 {
			short[i] = true
			fixed += shortWidth(n)
			fixedN += n
		}
	}
	if fixed >= TextWidth*2/3 || fixedN == sum {
		clear(short) // too many short columns: all in proportion
		fixed, fixedN = 0, 0
	}
	left := TextWidth
	for i, n := range nat {
		switch {
		case i == cols-1:
			widths[i] = left
		case short[i]:
			widths[i] = shortWidth(n)
		default:
			widths[i] = (TextWidth - fixed) * n / (sum - fixedN)
		}
		left -= widths[i]
	}
	cell := runProps{face: f.Body, size: tableSize}
	bold := runProps{face: f.Body, size: tableSize, bold: true}

	b.WriteString("<w:tbl><w:tblPr>")
	b.WriteString(`<w:tblStyle w:val="TableGrid"/>`)
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/>`, TextWidth)
	b.WriteString(`<w:jc w:val="center"/>`)
	b.WriteString(tableBorders)
	b.WriteString(`<w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>`)
	b.WriteString("</w:tblPr><w:tblGrid>")
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>\n")
	row := func(cells []string, head bool) {
		b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
		if head {
			b.WriteString("<w:tblHeader/>")
		}
		b.WriteString("</w:trPr>")
		for i := range cols {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			noWrap := ""
			if short[i] {
				noWrap = "<w:noWrap/>"
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s<w:vAlign w:val="center"/></w:tcPr>`, widths[i], noWrap)
			rp, jc := cell, ""
			if head {
				rp = bold
			} else if nat[i] > 20 { // long text reads better from the left
				jc = "both"
			}
			p := para{style: "TableText", jc: jc, mark: rp}
			if text != "" {
				p.runs = []textRun{{rp, text}}
			}
			p.write(b, f, false)
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>\n")
	}
	if len(header) > 0 {
		row(header, true)
	}
	for _, r := range rows {
		row(r, false)
	}
	b.WriteString("</w:tbl>\n")
}

// shortColumn is the natural width, in half characters, up to which a
// table's column is short: a date such as 2025-01-10 with its margin.
const shortColumn = 14

// shortWidth is the width in twips of a short column of natural width n
// (half characters, the margin included) in the table's 4号 text, with
// the cell's own margins.
func shortWidth(n int) int { return n*tableCharTwips/2 + 2*108 }

// tableCharTwips is the width of a Chinese character in a table (4号, no
// extra spacing).
const tableCharTwips = tableSize * 10

const tableBorders = `<w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`</w:tblBorders>`

// footerXML is a footer with the page number "— N —" in 4号 宋体 on side
// jc ("right" for odd pages, "left" for even), one character in from the
// margin.
func footerXML(f Fonts, jc string) []byte {
	rp := runProps{face: f.PageNumber, size: pageNumSize}.xml(f)
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:ftr xmlns:w="%s" xmlns:r="%s">`, nsW, nsR)
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	const oneChar = pageNumSize * 10 // 14 pt in twips
	if jc == "right" {
		fmt.Fprintf(&b, `<w:ind w:right="%d"/>`, oneChar)
	} else {
		fmt.Fprintf(&b, `<w:ind w:left="%d"/>`, oneChar)
	}
	fmt.Fprintf(&b, `<w:jc w:val="%s"/>%s</w:pPr>`, jc, rp)
	b.WriteString(`<w:r>` + rp + `<w:t xml:space="preserve">— </w:t></w:r>`)
	b.WriteString(`<w:r>` + rp + `<w:fldChar w:fldCharType="begin"/></w:r>`)
	b.WriteString(`<w:r>` + rp + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`)
	b.WriteString(`<w:r>` + rp + `<w:fldChar w:fldCharType="separate"/></w:r>`)
	b.WriteString(`<w:r>` + rp + `<w:t>1</w:t></w:r>`)
	b.WriteString(`<w:r>` + rp + `<w:fldChar w:fldCharType="end"/></w:r>`)
	b.WriteString(`<w:r>` + rp + `<w:t xml:space="preserve"> —</w:t></w:r>`)
	b.WriteString(`</w:p></w:ftr>`)
	return []byte(b.String())
}

// altNames are the other names of the standard faces; a reader without
// the face looks for these.
var altNames = map[string]string{
	"仿宋_GB2312":       "仿宋",
	"楷体_GB2312":       "楷体",
	"方正小标宋简体":         "方正小标宋_GBK",
	"宋体":              "SimSun",
	"黑体":              "SimHei",
	"仿宋":              "FangSong",
	"楷体":              "KaiTi",
	"Times New Roman": "",
}

func fontTableXML(f Fonts) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:fonts xmlns:w="%s">`, nsW)
	var seen []string
	for _, name := range []string{f.Body, f.Title, f.Heading1, f.Heading2, f.PageNumber, f.Latin} {
		if name == "" || slices.Contains(seen, name) {
			continue
		}
		seen = append(seen, name)
		fmt.Fprintf(&b, `<w:font w:name="%s">`, esc(name))
		if alt := altNames[name]; alt != "" {
			fmt.Fprintf(&b, `<w:altName w:val="%s"/>`, esc(alt))
		}
		if width(name) == len(name) { // a Latin face
			b.WriteString(`<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>`)
		} else {
			b.WriteString(`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>`)
		}
		b.WriteString(`</w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return []byte(b.String())
}

// stylesXML defines the styles the writer uses. Body text is 3号 仿宋,
// narrowed by BodyCharSpacing to 28 characters a line, with an exact line
// spacing that puts 22 lines on a page; the title, tables and page numbers
// keep their characters' natural width and leave the grid.
func stylesXML(f Fonts) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl)
	fmt.Fprintf(&b, `<w:styles xmlns:w="%s">`, nsW)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr>%s<w:color w:val="000000"/><w:kern w:val="2"/><w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>`,
		rFonts(f, f.Body), bodySize, bodySize)
	fmt.Fprintf(&b, `<w:pPrDefault><w:pPr><w:spacing w:line="%d" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>`, LineSpacing)
	b.WriteString("\n")

	type style struct {
		id, name, basedOn, next string
		pPr, rPr                string
		outline                 int // -1: none
	}
	indent2 := ind(-1, -1, 4, -1)
	exact := func(line int) string { return fmt.Sprintf(`<w:spacing w:line="%d" w:lineRule="exact"/>`, line) }
	styles := []style{
		{id: "Normal", name: "Normal", outline: -1,
			pPr: `<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>` + exact(LineSpacing) + `<w:jc w:val="both"/>`,
			rPr: rFonts(f, f.Body) + fmt.Sprintf(`<w:color w:val="000000"/><w:spacing w:val="%d"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, BodyCharSpacing, bodySize, bodySize)},
		{id: "BodyText", name: "Body Text", basedOn: "Normal", outline: -1, pPr: indent2},
		{id: "Title", name: "Title", basedOn: "Normal", next: "BodyText", outline: -1,
			pPr: `<w:keepNext/><w:snapToGrid w:val="0"/><w:jc w:val="center"/>`,
			rPr: rFonts(f, f.Title) + fmt.Sprintf(`<w:snapToGrid w:val="0"/><w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, titleSize, titleSize)},
		{id: "Recipient", name: "主送机关", basedOn: "Normal", next: "BodyText", outline: -1},
		{id: "Heading1", name: "heading 1", basedOn: "Normal", next: "BodyText", outline: 0,
			pPr: `<w:keepNext/>` + indent2, rPr: rFonts(f, f.Heading1)},
		{id: "Heading2", name: "heading 2", basedOn: "Normal", next: "BodyText", outline: 1,
			pPr: `<w:keepNext/>` + indent2, rPr: rFonts(f, f.Heading2)},
		{id: "Heading3", name: "heading 3", basedOn: "Normal", next: "BodyText", outline: 2,
			pPr: `<w:keepNext/>` + indent2, rPr: rFonts(f, f.Body) + `<w:b/><w:bCs/>`},
		{id: "Heading4", name: "heading 4", basedOn: "Normal", next: "BodyText", outline: 3,
			pPr: `<w:keepNext/>` + indent2, rPr: rFonts(f, f.Body)},
		{id: "Label", name: "栏目", basedOn: "Normal", next: "BodyText", outline: -1,
			pPr: `<w:keepNext/>`, rPr: rFonts(f, f.Heading1)},
		{id: "Field", name: "栏目内容", basedOn: "Normal", outline: -1},
		{id: "Signature", name: "Signature", basedOn: "Normal", outline: -1, pPr: `<w:jc w:val="right"/>`},
		{id: "TableText", name: "表格文字", basedOn: "Normal", outline: -1,
			pPr: `<w:snapToGrid w:val="0"/>` + exact(tableLine) + `<w:jc w:val="center"/>`,
			rPr: fmt.Sprintf(`<w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, tableSize, tableSize)},
		{id: "Footer", name: "footer", basedOn: "Normal", outline: -1,
			pPr: `<w:snapToGrid w:val="0"/>` + exact(footerLine),
			rPr: rFonts(f, f.PageNumber) + fmt.Sprintf(`<w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>`, pageNumSize, pageNumSize)},
	}
	for _, s := range styles {
		def := ""
		if s.id == "Normal" {
			def = ` w:default="1"`
		}
		fmt.Fprintf(&b, `<w:style w:type="paragraph"%s w:styleId="%s"><w:name w:val="%s"/>`, def, s.id, esc(s.name))
		if s.basedOn != "" {
			fmt.Fprintf(&b, `<w:basedOn w:val="%s"/>`, s.basedOn)
		}
		if s.next != "" {
			fmt.Fprintf(&b, `<w:next w:val="%s"/>`, s.next)
		}
		b.WriteString(`<w:qFormat/>`)
		pPr := s.pPr
		if s.outline >= 0 {
			pPr += fmt.Sprintf(`<w:outlineLvl w:val="%d"/>`, s.outline)
		}
		if pPr != "" {
			b.WriteString("<w:pPr>" + pPr + "</w:pPr>")
		}
		if s.rPr != "" {
			b.WriteString("<w:rPr>" + s.rPr + "</w:rPr>")
		}
		b.WriteString("</w:style>\n")
	}
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` + "\n")
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` + "\n")
	b.WriteString(`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr>` + tableBorders + `</w:tblPr></w:style>` + "\n")
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}
