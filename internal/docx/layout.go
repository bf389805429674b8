package docx

import (
	"strings"
	"unicode"
)

// Page geometry (GB/T 9704-2012 §5.2), in twips (1/20 pt; 1 mm = 56.7 twips).
const (
	PageWidth    = 11906 // A4, 210 mm
	PageHeight   = 16838 // A4, 297 mm
	MarginTop    = 2098  // 天头 37 mm
	MarginBottom = 1985  // 35 mm
	MarginLeft   = 1588  // 订口 28 mm
	MarginRight  = 1474  // 26 mm
	// FooterDist places the page number's line so that its middle (the
	// 一字线) is about 7 mm below the type area: 24.5 mm from the edge.
	FooterDist = 1389

	TextWidth  = PageWidth - MarginLeft - MarginRight  // 8844, the type area's 156 mm
	TextHeight = PageHeight - MarginTop - MarginBottom // 12755, the type area's 225 mm

	LinesPerPage = 22
	CharsPerLine = 28
	// LineSpacing is the exact line spacing of body text, 28.9 pt: 22 lines
	// fill the type area.
	LineSpacing = 578
	// LinePitch is the document grid's line pitch.
	LinePitch = 579

	bodySize    = 32 // half-points: 3号, 16 pt
	titleSize   = 44 // 2号, 22 pt
	tableSize   = 28 // 4号, 14 pt
	pageNumSize = 28 // 4号, 14 pt
	tableLine   = 400
	footerLine  = 400

	// BodyCharSpacing (w:spacing, twips) narrows each 16 pt character by
	// 0.25 pt so that 28 of them fit the 156 mm line: 28 × 15.75 pt =
	// 441 pt of 442.2 pt. Word's usual way, a character grid of pitch
	// 15.8 pt (linesAndChars with a negative charSpace), is laid out by
	// LibreOffice at two grid cells a character — 14 a line — so the
	// writer uses a line grid and narrows the characters instead, which
	// both lay out alike.
	BodyCharSpacing = -5
	// CharTwips is the advance of one body character, for indents.
	CharTwips = bodySize*10 + BodyCharSpacing // 315
	// TitleLineChars is how many 22 pt characters fit on a line.
	TitleLineChars = TextWidth / (titleSize * 10) // 20
)

// width is the width of s in half characters: ASCII and half-width forms
// count one, everything else (CJK, and ambiguous punctuation such as “”—…·,
// which the East Asian font sets full width) counts two.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r == 0xb7 || r == 0xd7 || r == 0xf7: // · × ÷
		return 2
	case r < 0x2000, r >= 0xff61 && r <= 0xffdc:
		return 1
	}
	return 2
}

// Punctuation that may not start a line (closing marks) or end one
// (opening marks), as in GB/T 15834 and Word's kinsoku lists.
const (
	noLineStart = "，。、；：？！）》」』】〕〗”’…—·,.;:?!)]}%"
	noLineEnd   = "（《「『【〔〖“‘([{"
)

func isASCIIAlnum(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// BreakTitle breaks a title into lines of about equal width, none wider
// than max full-width characters: a 30-character title with max 20 becomes
// two lines of 15, one of 21 lines of 11 and 10. A line does not start
// with closing punctuation or end with an opening one, a run of Latin
// letters or digits is not split, and a break after 的 or a closing mark or
// before 关于 is preferred when it is within a character or so of the
// ideal. A title that fits is returned as it is.
func BreakTitle(text string, max int) []string {
	runes := []rune(text)
	cum := make([]int, len(runes)+1) // cum[k]: width of runes[:k], in half characters
	for i, r := range runes {
		cum[i+1] = cum[i] + runeWidth(r)
	}
	total, limit := cum[len(runes)], 2*max
	if total <= limit || max <= 0 {
		return []string{text}
	}
	n := (total + limit - 1) / limit
	valid := func(k int) bool {
		if k <= 0 || k >= len(runes) {
			return false
		}
		if strings.ContainsRune(noLineStart, runes[k]) || strings.ContainsRune(noLineEnd, runes[k-1]) {
			return false
		}
		return !(isASCIIAlnum(runes[k-1]) && isASCIIAlnum(runes[k]))
	}
	// A break right after 的, a closing mark or a pause, or right before
	// 关于, usually falls between words: it is worth being off the ideal
	// by a character and a half.
	bonus := func(k int) int {
		if strings.ContainsRune("的》”）、，", runes[k-1]) || strings.HasPrefix(string(runes[k:]), "关于") {
			return 3
		}
		return 0
	}
	var lines []string
	prev := 0
	for i := 1; i < n; i++ {
		ideal := total * i / n
		best, bestCost := -1, 0
		for k := prev + 1; k < len(runes) && cum[k]-cum[prev] <= limit; k++ {
			if !valid(k) || total-cum[k] > limit*(n-i) {
				continue
			}
			cost := cum[k] - ideal
			if cost < 0 {
				cost = -cost
			}
			cost -= bonus(k)
			// On a tie the later break wins: upper lines longer.
			if best < 0 || cost <= bestCost {
				best, bestCost = k, cost
			}
		}
		if best < 0 { // nowhere proper to break: fill the line
			best = prev + 1
			for best < len(runes) && cum[best+1]-cum[prev] <= limit {
				best++
			}
		}
		if best >= len(runes) {
			break
		}
		lines = append(lines, string(runes[prev:best]))
		prev = best
	}
	return append(lines, string(runes[prev:]))
}
