package chart

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

// svg is the part of a chart the tests read back with encoding/xml.
type svg struct {
	XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	Role    string   `xml:"role,attr"`
	Title   string   `xml:"title"`
	Bars    []struct {
		Texts []string `xml:"text"`
		Rect  struct {
			Width string `xml:"width,attr"`
			Title string `xml:"title"`
		} `xml:"rect"`
	} `xml:"g"`
}

// lines is a line chart read back.
type lines struct {
	XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	Series  []struct {
		Name     string `xml:"data-name,attr"`
		Polyline struct {
			Points string `xml:"points,attr"`
		} `xml:"polyline"`
		Circles []struct {
			Fill  string `xml:"fill,attr"`
			CY    string `xml:"cy,attr"`
			Title string `xml:"title"`
		} `xml:"circle"`
	} `xml:"g"`
}

func parse[T any](t *testing.T, b []byte) T {
	t.Helper()
	var s T
	if err := xml.Unmarshal(b, &s); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b)
	}
	return s
}

func width(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A bar per value, widths in proportion (clamped to the scale), labels
// escaped (a name with < and & stays text).
func TestBars(t *testing.T) {
	t.Parallel()
	b := Bars("2025年度各支部总分", 100, []Bar{{"第一党支部", 95.9, "95.9"}, {"<第二&支部>", 47.95, "47.95"}, {"第三党支部", 120, "120"}, {"空", -5, "0"}})
	s := parse[svg](t, b)
	if s.Role != "img" || s.Title != "2025年度各支部总分" {
		t.Errorf("role %q, title %q", s.Role, s.Title)
	}
	if len(s.Bars) != 4 {
		t.Fatalf("%d bars", len(s.Bars))
	}
	full := width(t, s.Bars[2].Rect.Width)
	if full != 400 {
		t.Errorf("a value over the scale is %v wide, want the full 400", full)
	}
	if w0, w1 := width(t, s.Bars[0].Rect.Width), width(t, s.Bars[1].Rect.Width); w0 != 383.6 || w1 != 191.8 {
		t.Errorf("widths %v, %v; want 383.6 and 191.8", w0, w1)
	}
	if width(t, s.Bars[3].Rect.Width) != 0 {
		t.Errorf("a negative value drew a bar")
	}
	if s.Bars[1].Texts[0] != "<第二&支部>" || s.Bars[1].Texts[1] != "47.95" || s.Bars[1].Rect.Title != "<第二&支部>：47.95" {
		t.Errorf("escaped label read back as %q / %q", s.Bars[1].Texts, s.Bars[1].Rect.Title)
	}
	if strings.Contains(string(b), "<第二") {
		t.Error("a label was written unescaped")
	}
}

// A line per series through its years, a point per year, the year still
// in progress hollow, higher values higher up.
func TestLines(t *testing.T) {
	t.Parallel()
	b := Lines("总分趋势", 100, []int{2024, 2025, 2026}, []Series{
		{Name: "第一党支部", Points: []Point{{2024, 80, true}, {2025, 90, true}, {2026, 85, false}}},
		{Name: "第二党支部", Points: []Point{{2025, 70, true}}},
	})
	s := parse[lines](t, b)
	var series []int
	for i, g := range s.Series {
		if g.Name != "" {
			series = append(series, i)
		}
	}
	if len(series) != 2 {
		t.Fatalf("%d series", len(series))
	}
	one, two := s.Series[series[0]], s.Series[series[1]]
	if one.Name != "第一党支部" || len(strings.Fields(one.Polyline.Points)) != 3 || len(one.Circles) != 3 {
		t.Errorf("first series: %+v", one)
	}
	if one.Circles[0].Fill == "#fff" || one.Circles[2].Fill != "#fff" {
		t.Errorf("fills %q %q: final years solid, the year in progress hollow", one.Circles[0].Fill, one.Circles[2].Fill)
	}
	if width(t, one.Circles[1].CY) >= width(t, one.Circles[0].CY) {
		t.Errorf("90 is drawn no higher than 80: cy %s vs %s", one.Circles[1].CY, one.Circles[0].CY)
	}
	if two.Polyline.Points != "" || len(two.Circles) != 1 || two.Circles[0].Title != "第二党支部 2025年：70" {
		t.Errorf("a lone point: %+v", two)
	}
}
