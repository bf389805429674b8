// Package docx writes Word documents (.docx, Office Open XML) in the layout
// of official documents (党政机关公文格式, GB/T 9704-2012): A4, margins of
// 37/35/28/26 mm, 3号 仿宋 body in 22 lines of 28 characters a page, a 2号
// 小标宋 title, 黑体/楷体 headings and "— 1 —" page numbers on the outer side.
//
// The 22 lines come from an exact line spacing of 28.9 pt on a line grid;
// the 28 characters from narrowing each 16 pt character by 0.25 pt
// (BodyCharSpacing), since 28 full 16 pt characters (448 pt) do not fit the
// 156 mm line (442 pt). Word's templates use a character grid with a
// negative w:charSpace instead, which LibreOffice lays out at 14
// characters a line; the narrowing gives 28 in both.
//
// A Doc is a list of blocks (title, paragraphs, headings, tables, a
// signature…) that WriteTo lays out with a fixed set of styles. The writer is
// deliberately small: it produces one section, no images, no lists, and the
// same bytes for the same input, so that tests can keep golden files.
//
// Fonts are named, not embedded, with the names office PCs have
// (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体). Each is written in the
// East Asian slot (w:eastAsia) and, unless Fonts.Latin is set, in the Latin
// slots (w:ascii, w:hAnsi) too, so digits and Latin letters are set in the
// same face as the Chinese around them, as offices do; a reader that lacks
// a face substitutes its own.
package docx

import (
	"strings"
	"time"

	"zhibu"
)

// Fonts names the faces a Doc uses. Empty fields take the DefaultFonts
// value.
type Fonts struct {
	Body       string // body, recipient, level-3/4 headings, signature, tables: 仿宋_GB2312
	Title      string // title: 方正小标宋简体
	Heading1   string // level-1 heading 一、: 黑体
	Heading2   string // level-2 heading （一）: 楷体_GB2312
	PageNumber string // page numbers: 宋体
	// Latin, if set, is written in the Latin slots (w:ascii, w:hAnsi) of
	// every run instead of the run's Chinese face, e.g. "Times New Roman".
	Latin string
}

// DefaultFonts are the faces GB/T 9704-2012 names, as office PCs call them.
var DefaultFonts = Fonts{
	Body:       "仿宋_GB2312",
	Title:      "方正小标宋简体",
	Heading1:   "黑体",
	Heading2:   "楷体_GB2312",
	PageNumber: "宋体",
}

func (f Fonts) withDefaults() Fonts {
	def := func(s *string, d string) {
		if strings.TrimSpace(*s) == "" {
			*s = d
		}
	}
	def(&f.Body, DefaultFonts.Body)
	def(&f.Title, DefaultFonts.Title)
	def(&f.Heading1, DefaultFonts.Heading1)
	def(&f.Heading2, DefaultFonts.Heading2)
	def(&f.PageNumber, DefaultFonts.PageNumber)
	return f
}

// Props are the document properties written to docProps/core.xml.
type Props struct {
	Title   string
	Subject string
	Creator string
	// Created is the creation (and modification) time; the zero time
	// leaves both out, so the output does not depend on the clock.
	Created time.Time
}

// Doc is a document under construction. The zero Doc is ready to use.
type Doc struct {
	Fonts  Fonts
	Props  Props
	blocks []block
}

// New returns an empty Doc with the default fonts.
func New() *Doc { return &Doc{Fonts: DefaultFonts} }

type blockKind int

const (
	kTitle blockKind = iota
	kRecipient
	kPara
	kHeading1
	kHeading2
	kHeading3
	kHeading4
	kBlank
	kField
	kLabel
	kTable
	kSignature
	kAttachments
	kSignLine
	kPageBreak
	kItem // a list item of Markdown: a paragraph led by · or its number
)

type block struct {
	kind   blockKind
	text   string
	label  string     // kField
	lines  []string   // kTitle: the lines; kAttachments: the names; kSignLine: the roles
	header []string   // kTable
	rows   [][]string // kTable
	issuer string     // kSignature
	date   zhibu.Date // kSignature
	spans  []span     // kPara, kItem from Markdown: the text with its bold parts
}

func (d *Doc) add(b block) { d.blocks = append(d.blocks, b) }

// Title adds the document's title, centred in 2号 小标宋. A title too long
// for one line is broken into lines of about equal length (a line never
// starts with closing punctuation); a newline in text forces a break. A
// blank line follows the title.
func (d *Doc) Title(text string) {
	var lines []string
	for _, part := range strings.Split(clean(text), "\n") {
		if part = strings.TrimSpace(part); part != "" {
			lines = append(lines, BreakTitle(part, TitleLineChars)...)
		}
	}
	if len(lines) == 0 {
		return
	}
	d.add(block{kind: kTitle, lines: lines})
	d.add(block{kind: kBlank})
}

// Recipient adds the addressee line (主送机关), flush left, ending with a
// full-width colon (added if missing).
func (d *Doc) Recipient(text string) {
	text = strings.TrimSpace(clean(text))
	text = strings.TrimRight(text, ":：")
	if text == "" {
		return
	}
	d.add(block{kind: kRecipient, text: text + "："})
}

// Para adds a body paragraph in 3号 仿宋 with its first line indented two
// characters. A newline in text is a line break within the paragraph.
func (d *Doc) Para(text string) { d.add(block{kind: kPara, text: clean(text)}) }

// Heading1 adds a level-1 heading (一、…) in 3号 黑体.
func (d *Doc) Heading1(text string) { d.add(block{kind: kHeading1, text: clean(text)}) }

// Heading2 adds a level-2 heading (（一）…) in 3号 楷体.
func (d *Doc) Heading2(text string) { d.add(block{kind: kHeading2, text: clean(text)}) }

// Heading3 adds a level-3 heading (1.…) in 3号 仿宋, bold.
func (d *Doc) Heading3(text string) { d.add(block{kind: kHeading3, text: clean(text)}) }

// Heading4 adds a level-4 heading (（1）…) in 3号 仿宋.
func (d *Doc) Heading4(text string) { d.add(block{kind: kHeading4, text: clean(text)}) }

// Blank adds an empty line.
func (d *Doc) Blank() { d.add(block{kind: kBlank}) }

// Field adds a labelled line such as 时间：2018年3月5日, flush left; when
// the value wraps, its lines align after the label.
func (d *Doc) Field(label, value string) {
	label = strings.TrimRight(strings.TrimSpace(clean(label)), ":：") + "："
	d.add(block{kind: kField, label: label, text: clean(value)})
}

// Label adds a section label such as 会议内容：, flush left in 黑体, for
// the parts of a record that follow as paragraphs.
func (d *Doc) Label(text string) { d.add(block{kind: kLabel, text: clean(text)}) }

// Table adds a table with a header row (repeated on every page) in 4号
// 仿宋 with single black borders, across the width of the type area.
// Columns are as wide as their longest cell allows. Short rows are padded.
func (d *Doc) Table(header []string, rows [][]string) {
	h := make([]string, len(header))
	for i, s := range header {
		h[i] = clean(s)
	}
	rs := make([][]string, len(rows))
	for i, r := range rows {
		rs[i] = make([]string, len(r))
		for j, s := range r {
			rs[i][j] = clean(s)
		}
	}
	d.add(block{kind: kTable, header: h, rows: rs})
}

// Signature adds the issuer and the date (成文日期) after a blank line: the
// date in Arabic numerals (2018年7月1日) four characters from the right
// margin, the issuer centred above it (GB/T 9704-2012 §7.3.5.1); a long
// issuer stays two characters from the margin and the date moves left
// under it. Either may be empty.
func (d *Doc) Signature(issuer string, date zhibu.Date) {
	d.add(block{kind: kSignature, issuer: strings.TrimSpace(clean(issuer)), date: date})
}

// Attachments adds the attachment note (附件说明) after a blank line:
// 附件：1.… with the names aligned under each other, or 附件：… for one.
func (d *Doc) Attachments(names []string) {
	var ns []string
	for _, n := range names {
		if n = strings.TrimSpace(clean(n)); n != "" {
			ns = append(ns, n)
		}
	}
	if len(ns) > 0 {
		d.add(block{kind: kAttachments, lines: ns})
	}
}

// SignLine adds a line of signature spaces, one per role:
// 记录人签字：______ 主持人签字：______.
func (d *Doc) SignLine(roles ...string) {
	var rs []string
	for _, r := range roles {
		if r = strings.TrimSpace(clean(r)); r != "" {
			rs = append(rs, strings.TrimRight(r, ":："))
		}
	}
	if len(rs) > 0 {
		d.add(block{kind: kSignLine, lines: rs})
	}
}

// PageBreak starts a new page: the next block begins at the top of it.
func (d *Doc) PageBreak() { d.add(block{kind: kPageBreak}) }

// clean drops what cannot or should not be in a document's text: control
// characters other than newline (tabs become spaces, CR LF becomes LF),
// C1 controls, the non-characters U+FFFE and U+FFFF; invalid UTF-8 becomes
// U+FFFD.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevCR := false
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
			prevCR = true
			continue
		case r == '\n':
			if !prevCR {
				b.WriteByte('\n')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20, r >= 0x7f && r < 0xa0, r == 0xfffe, r == 0xffff:
			// dropped
		default:
			b.WriteRune(r)
		}
		prevCR = false
	}
	return b.String()
}
