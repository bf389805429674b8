// Package archive writes a year-end package (年终档案包): a zip written
// entry by entry to its writer, each entry hashed as it goes, closed by
// its catalogue (目录, as .docx in the official layout and as .xlsx) and a
// manifest of every entry's SHA-256 sum. Nothing but the entry being
// written and the catalogue's rows is held in memory.
package archive

import (
	"archive/zip"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/docx"
	"zhibu/internal/xlsx"
)

// Names of the package's own entries.
const (
	IndexDocx = "00目录/档案目录.docx"
	IndexXLSX = "00目录/档案目录.xlsx"
	Manifest  = "manifest-sha256.txt"
)

// DocListMax is the most files the printed catalogue lists one by one;
// a larger package's .docx lists its folders instead (the .xlsx lists
// every file).
const DocListMax = 2000

// Entry is one file of the package as the catalogue lists it.
type Entry struct {
	Path     string // inside the zip, with the category's folder
	Category zhibu.ArchiveCategory
	Title    string     // 题名
	Date     zhibu.Date // the record's date; zero for a register of the year
	Size     int64
	SHA256   string
}

// Info is what the catalogue says of the package as a whole.
type Info struct {
	OrgName string
	Year    int
	Made    zhibu.Date // the day the package was made
	// Summary are lines of what the year's records hold, by category
	// (e.g. 全年召开会议23次), printed above the catalogue.
	Summary map[zhibu.ArchiveCategory][]string
}

// Writer writes a package.
type Writer struct {
	zw      *zip.Writer
	stamp   time.Time
	entries []Entry
	seen    map[string]bool
}

// NewWriter starts a package on w; stamp is the modification time given
// to every entry.
func NewWriter(w io.Writer, stamp time.Time) *Writer {
	return &Writer{zw: zip.NewWriter(w), stamp: stamp, seen: map[string]bool{}}
}

// Entries are the entries written so far.
func (w *Writer) Entries() []Entry { return w.entries }

// Add writes one entry: write fills it. The entry's path is made unique
// (a second 记录.docx becomes 记录(2).docx) and its sum and size recorded.
func (w *Writer) Add(e Entry, write func(io.Writer) error) error {
	e.Path = w.unique(cleanPath(e.Path))
	fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: e.Path, Method: zip.Deflate, Modified: w.stamp})
	if err != nil {
		return fmt.Errorf("archive %s: %w", e.Path, err)
	}
	h := sha256.New()
	c := &counter{}
	if err := write(io.MultiWriter(fw, h, c)); err != nil {
		return fmt.Errorf("archive %s: %w", e.Path, err)
	}
	e.Size, e.SHA256 = c.n, hex.EncodeToString(h.Sum(nil))
	w.entries = append(w.entries, e)
	return nil
}

// AddBytes writes one entry from memory.
func (w *Writer) AddBytes(e Entry, data []byte) error {
	return w.Add(e, func(out io.Writer) error { _, err := out.Write(data); return err })
}

// Close writes the catalogue (.docx and .xlsx) and the manifest, then
// closes the zip. The manifest lists every other entry as sha256sum does
// ("<hex>  <path>"), so `sha256sum -c` checks an unpacked package.
func (w *Writer) Close(info Info) error {
	// The catalogue lists the records by category, in the seed's order,
	// each category's in the order they were written.
	listed := slices.Clone(w.entries)
	slices.SortStableFunc(listed, func(a, b Entry) int { return cmp.Compare(categoryIndex(a.Category), categoryIndex(b.Category)) })
	if err := w.Add(Entry{Path: IndexDocx, Title: "档案目录（Word）"}, func(out io.Writer) error {
		_, err := catalogueDoc(info, listed).WriteTo(out)
		return err
	}); err != nil {
		return err
	}
	if err := w.Add(Entry{Path: IndexXLSX, Title: "档案目录（Excel）"}, func(out io.Writer) error {
		return catalogueBook(out, info, listed)
	}); err != nil {
		return err
	}
	var m strings.Builder
	for _, e := range w.entries {
		m.WriteString(e.SHA256 + "  " + e.Path + "\n")
	}
	fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: Manifest, Method: zip.Deflate, Modified: w.stamp})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(fw, m.String()); err != nil {
		return err
	}
	return w.zw.Close()
}

func categoryIndex(c zhibu.ArchiveCategory) int {
	for i, x := range zhibu.ArchiveCategories {
		if x.Category == c {
			return i
		}
	}
	return len(zhibu.ArchiveCategories)
}

// Files is the number of entries of a closed package, the manifest
// included.
func (w *Writer) Files() int { return len(w.entries) + 1 }

func (w *Writer) unique(p string) string {
	if !w.seen[p] {
		w.seen[p] = true
		return p
	}
	ext := path.Ext(p)
	base := strings.TrimSuffix(p, ext)
	for i := 2; ; i++ {
		q := base + "(" + strconv.Itoa(i) + ")" + ext
		if !w.seen[q] {
			w.seen[q] = true
			return q
		}
	}
}

// cleanPath keeps a name from leaving the package or naming a folder
// badly: no leading slash, no "..", no characters Windows refuses.
func cleanPath(p string) string {
	parts := strings.Split(p, "/")
	out := parts[:0]
	for _, s := range parts {
		s = strings.Map(func(r rune) rune {
			if r < 0x20 || strings.ContainsRune(`\:*?"<>|`, r) {
				return '_'
			}
			return r
		}, strings.TrimSpace(s))
		if s == "" || s == "." || s == ".." {
			continue
		}
		out = append(out, s)
	}
	return strings.Join(out, "/")
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// retention is the catalogue's 保管期限 of an entry.
func retention(c zhibu.ArchiveCategory) string {
	if c == "" {
		return ""
	}
	return c.Info().Retention.Label()
}

func dateText(d zhibu.Date) string {
	if d.IsZero() {
		return "全年"
	}
	return d.String()
}

// catalogueDoc is the printed catalogue in the official layout.
func catalogueDoc(info Info, entries []Entry) *docx.Doc {
	d := docx.New()
	d.Title(info.OrgName + strconv.Itoa(info.Year) + "年度党建工作档案目录")
	d.Para("本档案包收录" + info.OrgName + strconv.Itoa(info.Year) + "年度党建工作档案，按支部工作计划第九部分所列类别分类建档，共" +
		strconv.Itoa(len(entries)) + "件（不含本目录及校验清单）。")
	for i, c := range zhibu.ArchiveCategories {
		d.Heading1(chineseNumber(i+1) + "、" + c.Name + "（保管期限：" + c.Retention.Label() + "）")
		n := 0
		for _, e := range entries {
			if e.Category == c.Category {
				n++
			}
		}
		d.Para("收录" + c.Contents + "，共" + strconv.Itoa(n) + "件。")
		for _, line := range info.Summary[c.Category] {
			d.Para(line)
		}
	}
	d.PageBreak()
	if len(entries) > DocListMax {
		// A bureau's package of thousands of files: the printed catalogue
		// lists its folders (案卷), the .xlsx every file, so that the
		// document stays printable and small in memory.
		d.Heading1("案卷目录")
		d.Para("本档案包共" + strconv.Itoa(len(entries)) + "件，逐件目录见“档案目录.xlsx”的“卷内目录”工作表。")
		type folder struct {
			cat        zhibu.ArchiveCategory
			n          int
			first, end zhibu.Date
		}
		var order []string
		folders := map[string]*folder{}
		for _, e := range entries {
			dir := path.Dir(e.Path)
			f := folders[dir]
			if f == nil {
				f = &folder{cat: e.Category}
				folders[dir] = f
				order = append(order, dir)
			}
			f.n++
			if !e.Date.IsZero() && (f.first.IsZero() || e.Date.Before(f.first)) {
				f.first = e.Date
			}
			if e.Date.After(f.end) {
				f.end = e.Date
			}
		}
		rows := make([][]string, len(order))
		for i, dir := range order {
			f := folders[dir]
			span := "全年"
			if !f.first.IsZero() {
				span = f.first.String() + "至" + f.end.String()
			}
			rows[i] = []string{strconv.Itoa(i + 1), f.cat.Label(), dir, strconv.Itoa(f.n), span, retention(f.cat)}
		}
		d.Table([]string{"序号", "类别", "案卷（文件夹）", "件数", "起止日期", "保管期限"}, rows)
	} else {
		d.Heading1("卷内文件目录")
		rows := make([][]string, len(entries))
		for i, e := range entries {
			rows[i] = []string{strconv.Itoa(i + 1), e.Category.Label(), e.Title, dateText(e.Date), e.Path, retention(e.Category)}
		}
		d.Table([]string{"序号", "类别", "题名", "日期", "文件", "保管期限"}, rows)
	}
	d.Signature(info.OrgName, info.Made)
	return d
}

func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 0 && n <= 10 {
		return digits[n]
	}
	return strconv.Itoa(n)
}

// catalogueBook is the catalogue as a register: the catalogue sheet
// (卷内目录) and the summary by category (分类汇总).
func catalogueBook(w io.Writer, info Info, entries []Entry) error {
	rows := make([][]any, len(entries))
	for i, e := range entries {
		rows[i] = []any{i + 1, e.Category.Label(), e.Title, e.Date, e.Path, retention(e.Category), strconv.FormatInt(e.Size, 10), e.SHA256}
	}
	var sum [][]any
	for _, c := range zhibu.ArchiveCategories {
		n := 0
		for _, e := range entries {
			if e.Category == c.Category {
				n++
			}
		}
		sum = append(sum, []any{c.Name, c.Retention.Label(), n, c.Contents, strings.Join(info.Summary[c.Category], "；")})
	}
	title := info.OrgName + strconv.Itoa(info.Year) + "年度党建工作档案目录"
	return WriteSheets(w,
		Sheet{Name: "卷内目录", Title: title, Headers: []string{"序号", "类别", "题名", "日期", "文件", "保管期限", "字节数", "SHA-256"}, Rows: rows},
		Sheet{Name: "分类汇总", Title: title + "（分类汇总）", Headers: []string{"类别", "保管期限", "件数", "收录内容", "概况"}, Rows: sum},
	)
}

// Sheet is one sheet of a simple register: a title row, a header row and
// rows of int, string and zhibu.Date cells.
type Sheet struct {
	Name, Title string
	Headers     []string
	Rows        [][]any
}

// WriteSheets writes a register of one or more sheets in the registers'
// layout (internal/xlsx): frozen title and header, widths that fit
// Chinese text, dates as dates, A4 landscape.
func WriteSheets(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", sh.Name)
		} else {
			_, err = f.NewSheet(sh.Name)
		}
		if err != nil {
			return err
		}
		if err := xlsx.SetPrinting(f, sh.Name, "&C&A"); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.Name)
		if err != nil {
			return err
		}
		width := make([]float64, len(sh.Headers))
		for j, h := range sh.Headers {
			width[j] = textWidth(h) + 2
		}
		for _, r := range sh.Rows {
			for j, x := range r {
				switch v := x.(type) {
				case string:
					width[j] = max(width[j], min(textWidth(v)+2, 60))
				case zhibu.Date:
					width[j] = max(width[j], 12)
				}
			}
		}
		for j, wd := range width {
			if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
				return err
			}
		}
		if err := xlsx.WriteHead(sw, st, sh.Title, sh.Headers); err != nil {
			return err
		}
		cells := make([]any, len(sh.Headers))
		for i, r := range sh.Rows {
			for j := range cells {
				c := excelize.Cell{StyleID: st.Text}
				if j < len(r) {
					switch v := r[j].(type) {
					case int:
						c.StyleID, c.Value = st.Number, v
					case zhibu.Date:
						c.StyleID = st.Date
						if !v.IsZero() {
							c.Value = v.Time()
						}
					case string:
						if v != "" {
							c.Value = xlsx.Neutralize(v)
						}
					}
				}
				cells[j] = c
			}
			ref, _ := excelize.CoordinatesToCellName(1, i+3)
			if err := sw.SetRow(ref, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// textWidth is a column width for s: a Chinese character counts double.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2e80 {
			w++
		} else {
			w += 2.1
		}
	}
	return w
}
