package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/access"
	"zhibu/internal/assessexport"
	"zhibu/internal/chart"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// The superior's performance assessment (绩效考评, docs/assessment.md). On
// a committee's page: the year's indicators, every branch's scores by
// rank with a bar chart and the trend over the years, and, for those with
// assessment.write while the year is a draft, the forms to set the
// indicators, enter the manual scores and finalize. On a branch's: its
// own finalized years and their trend. Both export the scores as xlsx.

var assessOrg = access.On(zhibu.PermAssess, access.PathOrg, "id")

// assessmentRoutes are the routes of this page family.
func (s *server) assessmentRoutes() []route {
	return []route{
		{"GET /orgs/{id}/assessment", readOrg, s.assessmentShow},
		{"GET /orgs/{id}/assessment/scores.xlsx", readOrg, s.assessmentXLSX},
		{"POST /orgs/{id}/assessment/indicators", assessOrg, s.assessmentIndicators},
		{"POST /orgs/{id}/assessment/scores", assessOrg, s.assessmentScores},
		{"POST /orgs/{id}/assessment/finalize", assessOrg, s.assessmentFinalize},
	}
}

func assessmentHref(orgID int64, year int) string {
	return orgHref(orgID) + "/assessment?year=" + strconv.Itoa(year)
}

// indicatorRow is one row of the indicators' form.
type indicatorRow struct {
	N                      int
	ID, Name, Weight, Note string
	Kind                   string
}

// manualCell is one manual score's inputs: an indicator and a branch.
type manualCell struct {
	Key         string // score_{indicator}_{org}
	NoteKey     string
	Branch      string
	Score, Note string
	Err         string
}

// manualBlock is a manual indicator's inputs, a cell per branch.
type manualBlock struct {
	Indicator zhibu.Indicator
	Cells     []manualCell
}

type assessmentPage struct {
	base
	Org        zhibu.Org
	Year       int
	PrevYear   int
	NextYear   int
	Committee  bool
	View       service.AssessmentYear
	BranchYrs  []store.BranchYear
	BarChart   template.HTML
	TrendChart template.HTML
	CanWrite   bool
	Rows       []indicatorRow
	Kinds      []option
	Manual     []manualBlock
	Form       form
}

// assessmentShow is GET /orgs/{id}/assessment?year=.
func (s *server) assessmentShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	return s.assessmentRender(w, r, http.StatusOK, o, s.meetingYear(r.URL.Query().Get("year")), nil, nil)
}

func (s *server) assessmentRender(w http.ResponseWriter, r *http.Request, status int, o zhibu.Org, year int, f form, ps zhibu.Problems) error {
	ctx := r.Context()
	d := &assessmentPage{Org: o, Year: year, PrevYear: year - 1, NextYear: year + 1, Form: f}
	d.Title = o.Name + " · " + strconv.Itoa(year) + "年度党支部绩效考评"
	var err error
	if d.Crumbs, err = s.orgCrumbs(ctx, o, crumb{Label: "绩效考评"}); err != nil {
		return err
	}
	d.Problems = ps
	switch o.Kind {
	case zhibu.KindGroup:
		return redirect(w, r, assessmentHref(o.ParentID, year), "")
	case zhibu.KindBranch:
		d.Title = o.Name + " · 绩效考评得分"
		if d.BranchYrs, err = s.svc.Assessments.Branch(ctx, o); err != nil {
			return err
		}
		if len(d.BranchYrs) > 0 {
			line := chart.Series{Name: o.Name}
			var years []int
			for _, y := range d.BranchYrs {
				years = append(years, y.Assessment.Year)
				line.Points = append(line.Points, chart.Point{Year: y.Assessment.Year, Value: y.Score.Total.Points(), Final: true})
			}
			d.TrendChart = template.HTML(chart.Lines(o.Name+"历年绩效考评总分", 100, years, []chart.Series{line}))
		}
	case zhibu.KindCommittee:
		d.Committee = true
		if d.View, err = s.svc.Assessments.Year(ctx, o, year); err != nil {
			return err
		}
		d.CanWrite = zhibu.ActorFrom(ctx).Can(zhibu.PermAssess, o.Path) && !d.View.Assessment.Final()
		if d.View.Set && len(d.View.Scores) > 0 {
			var bars []chart.Bar
			for _, b := range d.View.Scores {
				text := "—"
				if b.Scored {
					text = b.Total.String()
				}
				bars = append(bars, chart.Bar{Label: b.OrgName, Value: b.Total.Points(), Text: text})
			}
			d.BarChart = template.HTML(chart.Bars(strconv.Itoa(year)+"年度各党支部总分", 100, bars))
		}
		years, lines, err := s.svc.Assessments.Trend(ctx, o)
		if err != nil {
			return err
		}
		if len(years) > 0 && len(lines) > 0 {
			var series []chart.Series
			for _, l := range lines {
				sr := chart.Series{Name: l.Name}
				for _, p := range l.Points {
					if p.Scored {
						sr.Points = append(sr.Points, chart.Point{Year: p.Year, Value: p.Total.Points(), Final: p.Final})
					}
				}
				series = append(series, sr)
			}
			d.TrendChart = template.HTML(chart.Lines("各党支部历年总分（空心点为考评中的年度）", 100, years, series))
		}
		if d.CanWrite {
			s.assessmentForms(d, f, ps)
		}
	default:
		d.Notice = "绩效考评由上级党委对所属党支部进行，请在党委页面查看。"
	}
	return s.render(w, r, status, "assessment", d)
}

// assessmentForms fills the forms of a draft year: the indicators (the
// year's, or the default set for a year without any, and two blank rows)
// and the manual scores, each as typed when the form comes back.
func (s *server) assessmentForms(d *assessmentPage, f form, ps zhibu.Problems) {
	for _, k := range zhibu.IndicatorKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label()})
	}
	inds := d.View.Assessment.Indicators
	if !d.View.Set {
		inds = service.DefaultIndicators()
	}
	n := len(inds) + 2
	if f != nil && f["rows"] != "" {
		n, _ = strconv.Atoi(f["rows"])
		n = min(max(n, 1), zhibu.MaxIndicators+5)
	}
	for i := range n {
		row := indicatorRow{N: i}
		if i < len(inds) {
			x := inds[i]
			row.Name, row.Kind, row.Weight, row.Note = x.Name, string(x.Kind), strconv.Itoa(x.Weight), x.Note
			if x.ID != 0 {
				row.ID = strconv.FormatInt(x.ID, 10)
			}
		}
		if f != nil && f["rows"] != "" {
			k := strconv.Itoa(i)
			row.ID, row.Name, row.Kind, row.Weight, row.Note = f["id_"+k], f["name_"+k], f["kind_"+k], f["weight_"+k], f["note_"+k]
		}
		d.Rows = append(d.Rows, row)
	}
	for _, x := range d.View.Assessment.Indicators {
		if x.Kind != zhibu.IndManual {
			continue
		}
		blk := manualBlock{Indicator: x}
		for _, b := range d.View.Scores {
			key := "score_" + strconv.FormatInt(x.ID, 10) + "_" + strconv.FormatInt(b.OrgID, 10)
			c := manualCell{Key: key, NoteKey: "note" + strings.TrimPrefix(key, "score"), Branch: b.OrgName, Err: ps.For(key)}
			if m, ok := d.View.Manual[x.ID][b.OrgID]; ok {
				c.Score, c.Note = m.Score.String(), m.Note
			}
			if v, ok := f[c.Key]; ok {
				c.Score, c.Note = v, f[c.NoteKey]
			}
			blk.Cells = append(blk.Cells, c)
		}
		d.Manual = append(d.Manual, blk)
	}
}

// assessmentYear reads the year a write is for: it must be given.
func assessmentYear(r *http.Request, ps *zhibu.Problems) int {
	y, err := strconv.Atoi(strings.TrimSpace(r.URL.Query().Get("year")))
	if err != nil || y < 2000 || y > 2100 {
		ps.Add("year", "考评年度", "应为四位年份，如2025")
		return 0
	}
	return y
}

// assessmentIndicators is POST /orgs/{id}/assessment/indicators?year=:
// rows name_N, kind_N, weight_N, note_N (and id_N for a kept one); a
// blank row is skipped.
func (s *server) assessmentIndicators(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	year := assessmentYear(r, &ps)
	n, _ := strconv.Atoi(f["rows"])
	n = min(max(n, 0), zhibu.MaxIndicators+5)
	var inds []zhibu.Indicator
	var rowOf []int
	for i := range n {
		k := strconv.Itoa(i)
		if f["name_"+k] == "" && f["weight_"+k] == "" && f["note_"+k] == "" {
			continue
		}
		x := zhibu.Indicator{Name: f["name_"+k], Kind: zhibu.IndicatorKind(f["kind_"+k]), Note: f["note_"+k], ID: formID(f["id_"+k])}
		wt, err := strconv.Atoi(f["weight_"+k])
		if err != nil {
			ps.Add("weight_"+k, "第"+strconv.Itoa(len(inds)+1)+"项指标的权重", "应为1至100的整数")
		}
		x.Weight = wt
		inds = append(inds, x)
		rowOf = append(rowOf, i)
	}
	if len(ps) == 0 {
		_, err = s.svc.Assessments.SaveIndicators(r.Context(), o.ID, year, inds)
		// The domain names a row by its place in the list: "indicators.2.weight" is the form's weight_N of that row.
		var own zhibu.Problems
		if err := inputProblems(&own, err); err != nil {
			return err
		}
		for _, p := range own {
			if parts := strings.Split(p.Field, "."); len(parts) == 3 && parts[0] == "indicators" {
				if i, err := strconv.Atoi(parts[1]); err == nil && i < len(rowOf) {
					p.Field = parts[2] + "_" + strconv.Itoa(rowOf[i])
				}
			}
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		if year == 0 {
			year = s.today().Year
		}
		return s.assessmentRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, assessmentHref(o.ID, year), "已保存"+strconv.Itoa(year)+"年度考评指标")
}

// assessmentScores is POST /orgs/{id}/assessment/scores?year=: fields
// score_{indicator}_{org} and note_{indicator}_{org}; an empty score is
// left as it was.
func (s *server) assessmentScores(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	year := assessmentYear(r, &ps)
	var ms []zhibu.ManualScore
	for key, v := range f {
		rest, ok := strings.CutPrefix(key, "score_")
		if !ok || v == "" {
			continue
		}
		a, b, _ := strings.Cut(rest, "_")
		m := zhibu.ManualScore{IndicatorID: formID(a), OrgID: formID(b), Note: f["note_"+rest]}
		sc, err := zhibu.ParseScore(v)
		if err != nil {
			label := s.manualLabel(r, o, year, m) + "的得分"
			ps = append(ps, zhibu.Problem{Field: key, Label: label, Message: label + "“" + v + "”：" + zhibu.UserMessage(err)})
			continue
		}
		m.Score = sc
		ms = append(ms, m)
	}
	if len(ps) == 0 {
		err := s.svc.Assessments.SaveManualScores(r.Context(), o.ID, year, ms)
		if err := inputProblems(&ps, err); err != nil {
			return err
		}
		for i, p := range ps { // the store names a score "score.{indicator}.{org}", the form "score_{indicator}_{org}"
			if rest, ok := strings.CutPrefix(p.Field, "score."); ok {
				ps[i].Field = "score_" + strings.ReplaceAll(rest, ".", "_")
			}
		}
	}
	if len(ps) > 0 {
		if year == 0 {
			year = s.today().Year
		}
		return s.assessmentRender(w, r, http.StatusUnprocessableEntity, o, year, f, ps)
	}
	return redirect(w, r, assessmentHref(o.ID, year), "已保存评分")
}

// manualLabel names a manual score's branch and indicator for a message:
// 第一党支部“上级评定”.
func (s *server) manualLabel(r *http.Request, o zhibu.Org, year int, m zhibu.ManualScore) string {
	label := "手工评分"
	if b, err := s.store.Org(r.Context(), m.OrgID); err == nil {
		label = b.Name
	}
	if a, err := s.store.Assessment(r.Context(), o.ID, year); err == nil {
		for _, x := range a.Indicators {
			if x.ID == m.IndicatorID {
				label += "“" + x.Name + "”"
			}
		}
	}
	return label
}

// assessmentFinalize is POST /orgs/{id}/assessment/finalize?year=.
func (s *server) assessmentFinalize(w http.ResponseWriter, r *http.Request) error {
	o, err := s.org(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var ps zhibu.Problems
	year := assessmentYear(r, &ps)
	if len(ps) == 0 {
		_, err := s.svc.Assessments.Finalize(r.Context(), o.ID, year)
		if err := inputProblems(&ps, err); err != nil {
			return err
		}
	}
	if len(ps) > 0 {
		if year == 0 {
			year = s.today().Year
		}
		return s.assessmentRender(w, r, http.StatusUnprocessableEntity, o, year, nil, ps)
	}
	return redirect(w, r, assessmentHref(o.ID, year), strconv.Itoa(year)+"年度绩效考评已定稿")
}

// assessmentXLSX is GET /orgs/{id}/assessment/scores.xlsx?year=: a
// committee's year, or a branch's own line of a finalized year.
func (s *server) assessmentXLSX(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.org(r)
	if err != nil {
		return err
	}
	year := s.meetingYear(r.URL.Query().Get("year"))
	var buf bytes.Buffer
	switch o.Kind {
	case zhibu.KindCommittee:
		y, err := s.svc.Assessments.Year(ctx, o, year)
		if err != nil {
			return err
		}
		if !y.Set {
			return zhibu.Errorf(zhibu.ErrNotFound, strconv.Itoa(year)+"年度尚未设置绩效考评指标")
		}
		if err := assessexport.Write(&buf, o.Name, y.Assessment, y.AsOf, y.Scores); err != nil {
			return err
		}
	case zhibu.KindBranch:
		ys, err := s.svc.Assessments.Branch(ctx, o)
		if err != nil {
			return err
		}
		found := false
		for _, y := range ys {
			if y.Assessment.Year == year {
				found = true
				if err := assessexport.Write(&buf, o.Name, y.Assessment, y.Assessment.FinalizedOn, []zhibu.BranchScore{y.Score}); err != nil {
					return err
				}
			}
		}
		if !found {
			return zhibu.Errorf(zhibu.ErrNotFound, strconv.Itoa(year)+"年度绩效考评尚未定稿")
		}
	default:
		return zhibu.Errorf(zhibu.ErrNotFound, "绩效考评由上级党委对所属党支部进行")
	}
	return download(w, o.Name+strconv.Itoa(year)+"年度绩效考评.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &buf)
}
