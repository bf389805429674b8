// Package chart draws the few charts zhibu shows as SVG written on the
// server: no JavaScript, printable, readable without colour (values are
// written beside the bars and points). A chart is a standalone <svg>
// element with a title and a description for screen readers, embedded
// in a page as is.
package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
)

// Bar is one bar of a bar chart: its label, its value (0 to Max) and the
// text written at its end ("95.9").
type Bar struct {
	Label string
	Value float64
	Text  string
}

// Series is one line of a line chart: its name and its points by year; a
// point not final (a year still in progress) is drawn hollow.
type Series struct {
	Name   string
	Points []Point
}

// Point is one value of a line.
type Point struct {
	Year  int
	Value float64
	Final bool
}

// Palette are the lines' colours, dark enough to print in grey.
var Palette = []string{"#b71c1c", "#0d47a1", "#1b5e20", "#e65100", "#4a148c", "#006064", "#3e2723", "#263238"}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// Bars draws a horizontal bar chart of values from 0 to max, one bar per
// row, labels on the left and each value at its bar's end.
func Bars(title string, max float64, bars []Bar) []byte {
	const labelW, barW, rowH, top, right = 160.0, 400.0, 26.0, 34.0, 60.0
	if max <= 0 {
		max = 100
	}
	w := labelW + barW + right
	h := top + rowH*float64(len(bars)) + 24
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" role="img" width="%s" height="%s" viewBox="0 0 %s %s" aria-labelledby="chart-bars-title">`,
		num(w), num(h), num(w), num(h))
	fmt.Fprintf(&b, `<title id="chart-bars-title">%s</title>`, esc(title))
	fmt.Fprintf(&b, `<text x="0" y="18" font-size="15" font-weight="bold">%s</text>`, esc(title))
	// The scale: 0, 20, … max.
	for i := 0; i <= 5; i++ {
		x := labelW + barW*float64(i)/5
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ccc" stroke-width="1"/>`, num(x), num(top-4), num(x), num(h-20))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="11" text-anchor="middle" fill="#555">%s</text>`, num(x), num(h-6), num(max*float64(i)/5))
	}
	for i, bar := range bars {
		y := top + rowH*float64(i)
		v := math.Max(0, math.Min(bar.Value, max))
		bw := barW * v / max
		fmt.Fprintf(&b, `<g class="bar"><text x="%s" y="%s" font-size="13" text-anchor="end">%s</text>`, num(labelW-8), num(y+16), esc(bar.Label))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s：%s</title></rect>`,
			num(labelW), num(y+3), num(bw), num(rowH-8), Palette[0], esc(bar.Label), esc(bar.Text))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12">%s</text></g>`, num(labelW+bw+6), num(y+16), esc(bar.Text))
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// Lines draws a line chart over years (in order) of values from 0 to max,
// one line per series with its name in the legend; a lone year is a
// point per series.
func Lines(title string, max float64, years []int, series []Series) []byte {
	const left, plotW, plotH, top, legendW = 44.0, 420.0, 220.0, 34.0, 170.0
	if max <= 0 {
		max = 100
	}
	w, h := left+plotW+legendW, top+plotH+40
	xOf := func(year int) float64 {
		for i, y := range years {
			if y == year {
				if len(years) == 1 {
					return left + plotW/2
				}
				return left + 20 + (plotW-40)*float64(i)/float64(len(years)-1)
			}
		}
		return left
	}
	yOf := func(v float64) float64 { return top + plotH - plotH*math.Max(0, math.Min(v, max))/max }
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-lines" role="img" width="%s" height="%s" viewBox="0 0 %s %s" aria-labelledby="chart-lines-title">`,
		num(w), num(h), num(w), num(h))
	fmt.Fprintf(&b, `<title id="chart-lines-title">%s</title>`, esc(title))
	fmt.Fprintf(&b, `<text x="0" y="18" font-size="15" font-weight="bold">%s</text>`, esc(title))
	for i := 0; i <= 5; i++ {
		v := max * float64(i) / 5
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ddd" stroke-width="1"/>`, num(left), num(yOf(v)), num(left+plotW), num(yOf(v)))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="11" text-anchor="end" fill="#555">%s</text>`, num(left-6), num(yOf(v)+4), num(v))
	}
	for _, y := range years {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="middle">%d年</text>`, num(xOf(y)), num(top+plotH+20), y)
	}
	for i, s := range series {
		colour := Palette[i%len(Palette)]
		fmt.Fprintf(&b, `<g class="series" data-name="%s">`, esc(s.Name))
		if len(s.Points) > 1 {
			b.WriteString(`<polyline fill="none" stroke="` + colour + `" stroke-width="2" points="`)
			for j, p := range s.Points {
				if j > 0 {
					b.WriteString(" ")
				}
				b.WriteString(num(xOf(p.Year)) + "," + num(yOf(p.Value)))
			}
			b.WriteString(`"/>`)
		}
		for _, p := range s.Points {
			fill := colour
			if !p.Final {
				fill = "#fff"
			}
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4" fill="%s" stroke="%s" stroke-width="2"><title>%s %d年：%s</title></circle>`,
				num(xOf(p.Year)), num(yOf(p.Value)), fill, colour, esc(s.Name), p.Year, num(p.Value))
		}
		ly := top + 18*float64(i)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"/>`, num(left+plotW+16), num(ly), num(left+plotW+36), num(ly), colour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12">%s</text></g>`, num(left+plotW+42), num(ly+4), esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}
