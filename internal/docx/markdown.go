package docx

import (
	"strings"
	"unicode/utf8"
)

// Markdown adds text written in the small subset of Markdown that minutes
// use: paragraphs separated by blank lines (lines within one are joined);
// a line starting with 一、, （一）, 1. or （1） is a heading of level 1 to 4;
// a line starting with "- " is a paragraph of its own led by "·". Everything
// else, HTML and other Markdown included, is literal text.
func (d *Doc) Markdown(text string) {
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			d.Para(joinLines(cur))
			cur = nil
		}
	}
	for _, line := range strings.Split(clean(text), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "- "):
			flush()
			if item := strings.TrimSpace(line[2:]); item != "" {
				cur = []string{"·" + item}
			}
		default:
			if level := headingLevel(line); level > 0 {
				flush()
				[]func(string){d.Heading1, d.Heading2, d.Heading3, d.Heading4}[level-1](line)
			} else {
				cur = append(cur, line)
			}
		}
	}
	flush()
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
