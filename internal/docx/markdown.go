package docx

import (
	"strings"
	"unicode/utf8"
)

// Markdown adds text written in the small subset of Markdown that minutes
// use, as Word formatting, so that no Markdown mark shows in the document:
//   - paragraphs separated by blank lines (lines within one are joined);
//   - "# ", "## ", "### " and "#### " lines are headings of level 1 to 4,
//     as is a line starting with 一、, （一）, 1. (no space) or （1）;
//   - a line starting with "- ", "* " or "+ " is a list item led by "·",
//     one starting with "1. " (a number, a dot and a space) a numbered item;
//   - a line that is bold as a whole ("**议题**", "**议题**：") is a label;
//   - **text** within a line is bold.
//
// Everything else, HTML and other Markdown included, is literal text.
func (d *Doc) Markdown(text string) {
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			d.add(block{kind: kPara, text: plain(joinLines(cur)), spans: spans(joinLines(cur))})
			cur = nil
		}
	}
	item := func(lead, t string) {
		flush()
		if t = strings.TrimSpace(t); t != "" {
			d.add(block{kind: kItem, text: plain(lead + t), spans: append([]span{{text: lead}}, spans(t)...)})
		}
	}
	for _, line := range strings.Split(clean(text), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "- "), strings.HasPrefix(line, "* "), strings.HasPrefix(line, "+ "):
			item("·", line[2:])
		case orderedItem(line) > 0:
			n := orderedItem(line)
			item(line[:n-1], line[n:])
		case markdownHeading(line) > 0:
			flush()
			level := markdownHeading(line)
			heading(d, level, plain(strings.TrimSpace(line[level+1:])))
		case wholeBold(line) != "":
			flush()
			d.Label(wholeBold(line))
		default:
			if level := headingLevel(line); level > 0 {
				flush()
				heading(d, level, plain(line))
			} else {
				cur = append(cur, line)
			}
		}
	}
	flush()
}

// heading adds a heading of level 1 to 4.
func heading(d *Doc, level int, text string) {
	if text == "" {
		return
	}
	[]func(string){d.Heading1, d.Heading2, d.Heading3, d.Heading4}[level-1](text)
}

// span is a piece of a paragraph's text, bold or not.
type span struct {
	text string
	bold bool
}

// spans splits text at its pairs of "**": the text between a pair is
// bold. An unpaired "**" is literal text.
func spans(text string) []span {
	var out []span
	for {
		open := strings.Index(text, "**")
		if open < 0 {
			break
		}
		end := strings.Index(text[open+2:], "**")
		if end < 0 {
			break
		}
		if open > 0 {
			out = append(out, span{text: text[:open]})
		}
		if inner := text[open+2 : open+2+end]; inner != "" {
			out = append(out, span{text: inner, bold: true})
		}
		text = text[open+2+end+2:]
	}
	if text != "" {
		out = append(out, span{text: text})
	}
	return out
}

// plain is text without its bold marks.
func plain(text string) string {
	var b strings.Builder
	for _, s := range spans(text) {
		b.WriteString(s.text)
	}
	return b.String()
}

// wholeBold is the text of a line that is bold as a whole, as "**议题**"
// or "**议题**：" (a label, its colon kept), or "".
func wholeBold(line string) string {
	rest, colon := line, ""
	for _, c := range []string{"：", ":"} {
		if r, ok := strings.CutSuffix(rest, c); ok {
			rest, colon = r, "："
			break
		}
	}
	sp := spans(rest)
	if len(sp) != 1 || !sp[0].bold || strings.TrimSpace(sp[0].text) == "" {
		return ""
	}
	return strings.TrimSpace(sp[0].text) + colon
}

// markdownHeading is the level of a "# " to "#### " heading, or 0.
func markdownHeading(line string) int {
	n := prefixLen(line, func(r rune) bool { return r == '#' })
	if n == 0 || n > 4 || !strings.HasPrefix(line[n:], " ") || strings.TrimSpace(line[n:]) == "" {
		return 0
	}
	return n
}

// orderedItem is, for a line "12. text" (digits, a dot, a space), the
// length of "12. "; else 0.
func orderedItem(line string) int {
	n := prefixLen(line, isDigit)
	if n == 0 || n > 3 || !strings.HasPrefix(line[n:], ". ") || strings.TrimSpace(line[n+2:]) == "" {
		return 0
	}
	return n + 2
}

// joinLines joins the lines of a paragraph: directly between Chinese text,
// with a space between Latin words.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(lines[i-1])
			first, _ := utf8.DecodeRuneInString(l)
			if last < 0x80 && first < 0x80 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

const chineseNumerals = "一二三四五六七八九十百零〇"

// headingLevel is the level of the heading a line starts with (一、 is 1,
// （一） 2, 1. 3, （1） 4), or 0.
func headingLevel(line string) int {
	if n := prefixLen(line, func(r rune) bool { return strings.ContainsRune(chineseNumerals, r) }); n > 0 {
		if strings.HasPrefix(line[n:], "、") {
			return 1
		}
		return 0
	}
	if n := prefixLen(line, isDigit); n > 0 {
		rest := line[n:]
		for _, dot := range []string{".", "．"} {
			if after, ok := strings.CutPrefix(rest, dot); ok {
				r, _ := utf8.DecodeRuneInString(after)
				if !isDigit(r) {
					return 3
				}
			}
		}
		return 0
	}
	for _, open := range []string{"（", "("} {
		after, ok := strings.CutPrefix(line, open)
		if !ok {
			continue
		}
		level := 2
		n := prefixLen(after, func(r rune) bool { return strings.ContainsRune(chineseNumerals, r) })
		if n == 0 {
			level, n = 4, prefixLen(after, isDigit)
		}
		if n > 0 && (strings.HasPrefix(after[n:], "）") || strings.HasPrefix(after[n:], ")")) {
			return level
		}
	}
	return 0
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// prefixLen is the length in bytes of the longest prefix of s whose runes
// satisfy ok.
func prefixLen(s string, ok func(rune) bool) int {
	for i, r := range s {
		if !ok(r) {
			return i
		}
	}
	return len(s)
}
