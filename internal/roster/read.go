package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zhibu/internal/xlsx"
)

const utf8BOM = "\ufeff"

// readXLSX feeds the rows of the workbook's first sheet to p, streaming.
func (p *parser) readXLSX(data []byte) error {
	if err := xlsx.CheckZip(data, p.lim.MaxUnzipBytes); err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    p.lim.MaxUnzipBytes,
		UnzipXMLSizeLimit: p.lim.MaxUnzipXMLBytes,
	})
	if err != nil {
		return xlsx.Corrupt(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return refuse("xlsx文件中没有工作表")
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		p.date1904 = *props.Date1904
	}
	p.serials = true
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return xlsx.Corrupt(err)
	}
	defer rows.Close()
	// Next steps through every row number, yielding no cells for the rows
	// the file leaves out, so line is the row number a spreadsheet shows.
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return xlsx.Corrupt(err)
		}
		if err := p.row(line, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return xlsx.Corrupt(err)
	}
	return nil
}

// readCSV feeds the records of a CSV file to p.
func (p *parser) readCSV(data []byte) error {
	text, err := decodeText(data)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	// A spreadsheet shows blank lines as rows (the reader skips them; the
	// line numbers keep them) and a record whose quoted cells hold line
	// breaks as one row (folded counts those breaks so far).
	folded := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := r.FieldPos(0)
		if err := p.row(line-folded, rec); err != nil {
			return err
		}
		for _, f := range rec {
			folded += strings.Count(f, "\n")
		}
	}
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return refuse("CSV文件第%d行格式有误：引号不配对或字段中有多余的引号", pe.StartLine)
	}
	return refuse("无法读取CSV文件")
}

// decodeText returns the UTF-8 text of a CSV file: UTF-8, with or without a
// BOM, or else GB18030 (which includes GBK).
func decodeText(data []byte) ([]byte, error) {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, refuse("不支持UTF-16编码的文本文件，请在Excel中另存为“CSV UTF-8（逗号分隔）”或.xlsx")
	}
	text, bom := bytes.CutPrefix(data, []byte(utf8BOM))
	switch {
	case bytes.IndexByte(text, 0) >= 0:
		return nil, refuse("文件不是xlsx或CSV格式")
	case utf8.Valid(text):
		return text, nil
	case bom:
		return nil, refuse("文件标明为UTF-8编码，却含有无效的UTF-8字符")
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return nil, refuse("无法识别文件的文字编码，请另存为UTF-8编码的CSV")
	}
	return text, nil
}
