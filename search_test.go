package zhibu

import (
	"slices"
	"strings"
	"testing"
)

func TestSearchText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in           string
		grams, chars string
	}{
		{"收缴党费", "收缴 缴党 党费", "收 缴 党 费"},
		{"谈心。党", "谈心 党", "谈 心 党"},
		{"ABC小组２０２６年", "abc 小组 2026 年", "小 组 年"},
		{"党员、党员", "党员 党员", "党 员"},
		{"，。！", "", ""},
	} {
		g, ch := SearchText(c.in)
		if g != c.grams || ch != c.chars {
			t.Errorf("%q: %q %q, want %q %q", c.in, g, ch, c.grams, c.chars)
		}
	}
	q, err := ParseSearchQuery(" 2026年  党 收缴党费 ")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Terms) != 3 || !slices.Equal(q.Terms[0].Grams, []string{"2026", "年"}) || !slices.Equal(q.Terms[0].Prefix, []bool{false, true}) ||
		q.Terms[1].Char != "党" || !slices.Equal(q.Terms[2].Grams, []string{"收缴", "缴党", "党费"}) {
		t.Errorf("terms %+v", q.Terms)
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	q, _ := ParseSearchQuery("党费")
	got := q.Snippet("会议要求按月足额收缴党费，及时上交党费。", 80)
	want := []Fragment{{Text: "会议要求按月足额收缴"}, {Text: "党费", Hit: true}, {Text: "，及时上交"}, {Text: "党费", Hit: true}, {Text: "。"}}
	if !slices.Equal(got, want) {
		t.Errorf("%+v", got)
	}
	long := q.Snippet(strings.Repeat("前", 100)+"党费"+strings.Repeat("后", 100), 20)
	if len(long) != 5 || long[0].Text != "…" || !long[2].Hit || long[4].Text != "…" || len([]rune(long[1].Text+long[2].Text+long[3].Text)) != 20 {
		t.Errorf("%+v", long)
	}
}

func TestParseRecordLinks(t *testing.T) {
	t.Parallel()
	got, err := ParseRecordLinks("http://127.0.0.1:8080/meetings/12\n /orgs/3/activities/7  /orgs/3/bulletins/9/bulletin.docx /people/5/development")
	want := []RecordLink{{Kind: SearchMeeting, ID: 12}, {Kind: SearchActivity, ID: 7}, {Kind: SearchBulletin, ID: 9}, {Kind: SearchPerson, ID: 5}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("%+v, %v", got, err)
	}
	if links, err := ParseRecordLinks(""); err != nil || len(links) != 0 {
		t.Errorf("empty: %v %v", links, err)
	}
	_, err = ParseRecordLinks("/meetings/12 /orgs/3/dues")
	if ps, ok := err.(Problems); !ok || len(ps) != 1 || ps[0].Field != "links" || ps[0].Message != "关联记录：第2个地址“/orgs/3/dues”不是会议、活动、简报或人员的页面地址" {
		t.Errorf("%v", err)
	}
}
