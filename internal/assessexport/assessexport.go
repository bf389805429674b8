// Package assessexport writes a year's performance assessment (绩效考评)
// as an xlsx in the register layout (DOCUMENTS.md): a sheet of every
// branch's scores by rank, one column per indicator with its weight, and a
// sheet of what each score was computed from.
package assessexport

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"zhibu"
	"zhibu/internal/xlsx"
)

// The sheets' names.
const (
	ScoresSheet = "考评得分"
	BasisSheet  = "计分依据"
)

// Write writes committee's assessment of a year: the title says whether
// the scores are final or still in progress (as of asOf).
func Write(w io.Writer, committee string, a zhibu.Assessment, asOf zhibu.Date, scores []zhibu.BranchScore) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ScoresSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(BasisSheet); err != nil {
		return err
	}
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return err
	}
	title := committee + strconv.Itoa(a.Year) + "年度党支部绩效考评得分汇总表"
	if a.Final() {
		title += "（" + a.FinalizedOn.Chinese() + "定稿）"
	} else {
		title += "（考评中，截至" + asOf.Chinese() + "）"
	}
	headers := []string{"名次", "党支部"}
	widths := []float64{6, 22}
	for _, x := range a.Indicators {
		headers = append(headers, x.Name+"（"+strconv.Itoa(x.Weight)+"分）")
		widths = append(widths, 14)
	}
	headers = append(headers, "总分")
	widths = append(widths, 10)
	rows := make([][]excelize.Cell, 0, len(scores))
	for _, b := range scores {
		row := []excelize.Cell{rankCell(st, b), {StyleID: st.Text, Value: xlsx.Neutralize(b.OrgName)}}
		for _, r := range b.Results {
			row = append(row, scoreCell(st, r.Score, r.Applicable))
		}
		rows = append(rows, append(row, scoreCell(st, b.Total, b.Scored)))
	}
	if err := sheet(f, st, ScoresSheet, title, headers, widths, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, b := range scores {
		for i, r := range b.Results {
			if i >= len(a.Indicators) {
				break
			}
			x := a.Indicators[i]
			rows = append(rows, []excelize.Cell{{StyleID: st.Text, Value: xlsx.Neutralize(b.OrgName)}, {StyleID: st.Text, Value: xlsx.Neutralize(x.Name)},
				{StyleID: st.Center, Value: x.Kind.Label()}, {StyleID: st.Number, Value: x.Weight}, scoreCell(st, r.Score, r.Applicable),
				{StyleID: st.Text, Value: xlsx.Neutralize(r.Basis)}})
		}
	}
	if err := sheet(f, st, BasisSheet, committee+strconv.Itoa(a.Year)+"年度党支部绩效考评计分依据",
		[]string{"党支部", "考评指标", "计分方式", "权重", "得分", "计分依据"}, []float64{22, 20, 24, 8, 10, 40}, rows); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// sheet writes one register sheet with its printing settings.
func sheet(f *excelize.File, st xlsx.Styles, name, title string, headers []string, widths []float64, rows [][]excelize.Cell) error {
	if err := xlsx.SetPrinting(f, name, "&C&A"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for j, wd := range widths {
		if err := sw.SetColWidth(j+1, j+1, wd); err != nil {
			return err
		}
	}
	if err := xlsx.WriteHead(sw, st, title, headers); err != nil {
		return err
	}
	for i, row := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+3)
		vs := make([]any, len(row))
		for j, c := range row {
			vs[j] = c
		}
		if err := sw.SetRow(ref, vs, excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// scoreCell is a score as a number, or "—" where nothing was judged.
func scoreCell(st xlsx.Styles, s zhibu.Score, applicable bool) excelize.Cell {
	if !applicable {
		return excelize.Cell{StyleID: st.Center, Value: "—"}
	}
	return excelize.Cell{StyleID: st.Number, Value: s.Points()}
}

func rankCell(st xlsx.Styles, b zhibu.BranchScore) excelize.Cell {
	if b.Rank == 0 {
		return excelize.Cell{StyleID: st.Center, Value: "—"}
	}
	return excelize.Cell{StyleID: st.Number, Value: b.Rank}
}
