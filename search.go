package zhibu

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search (全文检索, docs/search.md): every record a person may read, found
// by the words of its text. Chinese has no spaces between words, so the
// text is indexed as overlapping pairs of characters (bigrams: 谈心谈话 →
// 谈心 心谈 谈话) and a query as the same pairs in a row, which finds any
// two or more characters wherever they stand; a single character is
// matched against the record's set of characters. Latin letters and
// digits are indexed as whole words, lower-cased.

// SearchKind is a kind of record the search finds.
type SearchKind string

const (
	SearchPerson   SearchKind = "person"
	SearchMeeting  SearchKind = "meeting"
	SearchActivity SearchKind = "activity"
	SearchBulletin SearchKind = "bulletin"
	SearchTalk     SearchKind = "talk"
	SearchStudy    SearchKind = "study"
	SearchLetter   SearchKind = "letter"
)

// SearchHit is one record found: its kind and id, where it is, a title,
// the page that shows it, and a snippet of its text around the words
// asked for.
type SearchHit struct {
	Kind    SearchKind `json:"kind"`
	ID      int64      `json:"id"`
	OrgID   int64      `json:"org_id"`
	OrgName string     `json:"org_name"`
	Title   string     `json:"title"`
	Day     string     `json:"day,omitempty"`
	Link    string     `json:"link"`
	Snippet []Fragment `json:"snippet"`
}

// Fragment is a piece of a snippet: Hit marks the words asked for. Pages
// escape each piece and mark the hits.
type Fragment struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// SearchGroup is the hits of one kind of record.
type SearchGroup struct {
	Kind  SearchKind  `json:"kind"`
	Label string      `json:"label"`
	Hits  []SearchHit `json:"hits"`
	More  bool        `json:"more,omitempty"` // more were found than are listed
}

// SearchQuery is a query parsed into its terms: every term must be found.
type SearchQuery struct {
	Text  string
	Terms []SearchTerm
}

// SearchTerm is one term of a query, as the tokens to find in a row in
// the bigram column (Grams), or one character to find in the character
// column (Char).
type SearchTerm struct {
	Text   string
	Grams  []string
	Prefix []bool // Prefix[i]: Grams[i] is one character that may begin a pair
	Char   string
}

// Limits of a query.
const (
	SearchMaxRunes = 50
	SearchMaxTerms = 6
	// SearchMaxTokens is how many tokens of a record's text are indexed
	// (PostgreSQL keeps word positions up to 16,383).
	SearchMaxTokens = 16000
)

// ParseSearchQuery checks and parses what a person typed into the search
// box. Errors: Problems naming the field q.
func ParseSearchQuery(text string) (SearchQuery, error) {
	text = strings.TrimSpace(text)
	q := SearchQuery{Text: text}
	var p Problems
	switch {
	case text == "":
		p.Add("q", "检索词", "请输入要检索的字词")
	case utf8.RuneCountInString(text) > SearchMaxRunes:
		p.Add("q", "检索词", "不能超过50个字")
	}
	if len(p) > 0 {
		return q, p
	}
	for _, f := range strings.Fields(text) {
		toks := searchTokens(f)
		if len(toks) == 0 {
			continue
		}
		t := SearchTerm{Text: f}
		if len(toks) == 1 && toks[0].single {
			t.Char = toks[0].text
		} else {
			for _, x := range toks {
				t.Grams = append(t.Grams, x.text)
				t.Prefix = append(t.Prefix, x.single)
			}
		}
		q.Terms = append(q.Terms, t)
	}
	switch {
	case len(q.Terms) == 0:
		p.Add("q", "检索词", "须含有汉字、字母或数字")
	case len(q.Terms) > SearchMaxTerms:
		p.Add("q", "检索词", "最多6个词，请用空格分隔")
	}
	return q, p.Err()
}

// SearchText is what the index keeps of a record's text: grams, its tokens
// in order (bigrams of each run of Chinese characters, a lone character as
// itself, words of letters and digits), and chars, each Chinese character
// it holds once. Both are words separated by spaces.
func SearchText(parts ...string) (grams, chars string) {
	var g, c strings.Builder
	seen := map[rune]bool{}
	n := 0
	for _, part := range parts {
		for _, t := range searchTokens(part) {
			if n == SearchMaxTokens {
				break
			}
			if n > 0 {
				g.WriteByte(' ')
			}
			g.WriteString(t.text)
			n++
		}
		for _, r := range part {
			if unicode.Is(unicode.Han, r) && !seen[r] {
				seen[r] = true
				if c.Len() > 0 {
					c.WriteByte(' ')
				}
				c.WriteRune(r)
			}
		}
	}
	return g.String(), c.String()
}

type searchToken struct {
	text   string
	single bool // a lone Chinese character
}

// searchTokens splits s into its tokens.
func searchTokens(s string) []searchToken {
	var out []searchToken
	var han []rune
	var word strings.Builder
	flushHan := func() {
		switch {
		case len(han) == 1:
			out = append(out, searchToken{string(han), true})
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, searchToken{text: string(han[i : i+2])})
			}
		}
		han = han[:0]
	}
	flushWord := func() {
		if word.Len() > 0 {
			out = append(out, searchToken{text: word.String()})
			word.Reset()
		}
	}
	for _, r := range s {
		r = foldWidth(r)
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			if word.Len() < 64 {
				word.WriteRune(unicode.ToLower(r))
			}
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return out
}

// foldWidth turns full-width letters and digits (Ａ, ２) into ASCII.
func foldWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// Snippet is up to width characters of text around the first place a term
// of q is found, with every place a term is found marked; the start of
// text when none is.
func (q SearchQuery) Snippet(text string, width int) []Fragment {
	rs := []rune(strings.Join(strings.Fields(text), " "))
	lower := []rune(strings.ToLower(string(rs)))
	if len(lower) != len(rs) {
		lower = rs
	}
	hit := make([]bool, len(rs))
	first := -1
	for _, t := range q.Terms {
		needle := []rune(strings.ToLower(t.Text))
		if len(needle) == 0 {
			continue
		}
		for i := 0; i+len(needle) <= len(lower); i++ {
			if matchFold(lower[i:i+len(needle)], needle) {
				for j := i; j < i+len(needle); j++ {
					hit[j] = true
				}
				if first < 0 || i < first {
					first = i
				}
			}
		}
	}
	start := max(0, min(first-width/3, len(rs)-width))
	end := min(start+width, len(rs))
	var out []Fragment
	if start > 0 {
		out = append(out, Fragment{Text: "…"})
	}
	for i := start; i < end; {
		j := i
		for j < end && hit[j] == hit[i] {
			j++
		}
		out = append(out, Fragment{Text: string(rs[i:j]), Hit: hit[i]})
		i = j
	}
	if end < len(rs) {
		out = append(out, Fragment{Text: "…"})
	}
	return out
}

func matchFold(a, b []rune) bool {
	for i := range a {
		if foldWidth(a[i]) != foldWidth(b[i]) {
			return false
		}
	}
	return true
}
