package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// found searches text as ctx's actor and returns the hits as "kind:title".
func found(t *testing.T, s *store.Store, ctx context.Context, text string) []string {
	t.Helper()
	q, err := zhibu.ParseSearchQuery(text)
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	groups, err := s.Search(ctx, q)
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	var out []string
	for _, g := range groups {
		for _, h := range g.Hits {
			out = append(out, string(h.Kind)+":"+h.Title)
			for _, f := range h.Snippet {
				if strings.Contains(f.Text, "65010") {
					t.Errorf("%q: a snippet shows an ID number: %q", text, f.Text)
				}
			}
		}
	}
	return out
}

// searchRows is the index, row by row, as text.
func searchRows(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT kind, ref_id, org_id, COALESCE(party_a, 0), COALESCE(party_b, 0), perm, title, day, body, grams, chars, tags
		FROM search_docs UNION ALL SELECT kind, ref_id, org_id, COALESCE(party_a, 0), COALESCE(party_b, 0), perm, title, day, body, grams, chars, tags
		FROM search_letters ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, perm, title, day, body, grams, chars, tags string
		var ref, org, a, b int64
		if err := rows.Scan(&kind, &ref, &org, &a, &b, &perm, &title, &day, &body, &grams, &chars, &tags); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d org %d parties %d %d perm %q %q %q %q %q %q %q", kind, ref, org, a, b, perm, title, day, body, grams, chars, tags))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSearch: two-character words are found; the search keeps to what the
// reader may read (another branch's member finds nothing of this branch,
// a talk's content only its parties, the secretary and the discipline
// officer, a letter only the mailbox's handlers and its named writer);
// nothing sensitive is indexed; the index follows updates, and a reindex
// gives the very rows the writes kept.
func TestSearch(t *testing.T) {
	storetest.EachRaw(t, func(t *testing.T, s *store.Store, raw *sql.DB) {
		onJuly1(s)
		branch, g1, members := branchWithCommittee(t, s) // 甲 secretary, 乙 organization officer, 丙 discipline officer, 丁
		secretary, orgOfficer, discipline, plain := members[0], members[1], members[2], members[3]
		extra, err := s.CreatePerson(sys, member("党员戊", branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateOrg(sys, zhibu.Org{Code: "B2", Name: "第二党支部", Kind: zhibu.KindBranch, ParentID: branch.ParentID})
		if err != nil {
			t.Fatal(err)
		}
		stranger, err := s.CreatePerson(sys, member("外支部己", other.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		holdings := map[int64]zhibu.Holding{secretary.ID: {Position: zhibu.Secretary, Org: branch}, orgOfficer.ID: {Position: zhibu.OrgOfficer, Org: branch},
			discipline.ID: {Position: zhibu.DisciplineOfficer, Org: branch}, stranger.ID: {Position: zhibu.Secretary, Org: other}}
		as := func(p zhibu.Person) context.Context {
			if h, ok := holdings[p.ID]; ok {
				return actorOf(p.ID, h)
			}
			return actorOf(p.ID)
		}

		m, err := s.SaveMeeting(sys, zhibu.Meeting{OrgID: branch.ID, Type: zhibu.MeetCommittee, Status: zhibu.MeetingHeld, StartsAt: local(2026, 6, 2, 9, 0),
			Place: "三楼会议室", ChairID: secretary.ID, RecorderID: orgOfficer.ID, Topics: []string{"研究收缴党费工作"},
			Minutes: "会议要求按月足额收缴党费，ABC小组2026年汇报。"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddTalk(as(plain), zhibu.Talk{OrgID: branch.ID, AID: plain.ID, BID: extra.ID, HeldOn: zhibu.MakeDate(2026, 6, 3),
			Place: "值班室", Topics: "思想波动，谈心后好转", FollowUp: "书记走访"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.WriteLetter(as(extra), zhibu.Letter{To: zhibu.ToSecretary, Subject: "食堂意见", Body: "建议改进食堂伙食"}, zhibu.MakeDate(2026, 6, 4)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.WriteLetter(as(plain), zhibu.Letter{To: zhibu.ToSecretary, Anonymous: true, Subject: "匿名反映", Body: "反映食堂问题"}, zhibu.MakeDate(2026, 6, 4)); err != nil {
			t.Fatal(err)
		}

		// Two-character words, anywhere in the text; four characters; a
		// single character; Latin and digits; several terms.
		for q, want := range map[string][]string{
			"党费":      {"meeting:2026-06-02 支委会"},
			"收缴党费":    {"meeting:2026-06-02 支委会"},
			"费":       {"meeting:2026-06-02 支委会"},
			"abc":     {"meeting:2026-06-02 支委会"},
			"2026年":   {"meeting:2026-06-02 支委会"},
			"党费 会议室":  {"meeting:2026-06-02 支委会"},
			"党费 谈心":   nil,
			"谈心":      {"talk:委员丁与党员戊谈心谈话"},
			"食堂":      {"letter:食堂意见", "letter:匿名反映"},
			"党员戊":     {"person:党员戊", "talk:委员丁与党员戊谈心谈话"},
			"费收":      nil, // not in the text in that order
			"第二党支部工作": nil,
		} {
			if got := found(t, s, sys, q); !sameSet(got, want) {
				t.Errorf("system searches %q: %v, want %v", q, got, want)
			}
		}
		if got := found(t, s, sys, "会议"); len(got) != 1 || got[0] != "meeting:2026-06-02 支委会" {
			t.Errorf("the meeting's type is its title: %v", got)
		}

		// Scoping.
		for _, c := range []struct {
			who  zhibu.Person
			q    string
			want []string
		}{
			{stranger, "党费", nil},
			{stranger, "党员戊", nil},
			{stranger, "外支部己", []string{"person:外支部己"}},
			{orgOfficer, "党费", []string{"meeting:2026-06-02 支委会"}},
			{orgOfficer, "谈心", nil}, // reads the branch, not the talk's content
			{orgOfficer, "食堂", nil}, // not a handler of the mailbox
			{secretary, "谈心", []string{"talk:委员丁与党员戊谈心谈话"}},
			{discipline, "谈心", []string{"talk:委员丁与党员戊谈心谈话"}},
			{discipline, "食堂", []string{"letter:食堂意见", "letter:匿名反映"}},
			{plain, "谈心", []string{"talk:委员丁与党员戊谈心谈话"}},
			{extra, "谈心", []string{"talk:委员丁与党员戊谈心谈话"}},
			{plain, "党费", nil}, // a member reads their own records
			{plain, "委员丁", []string{"person:委员丁", "talk:委员丁与党员戊谈心谈话"}},
			{plain, "食堂", nil},                     // an anonymous letter names no writer
			{extra, "食堂", []string{"letter:食堂意见"}}, // a named letter's writer
		} {
			if got := found(t, s, as(c.who), c.q); !sameSet(got, c.want) {
				t.Errorf("%s searches %q: %v, want %v", c.who.Name, c.q, got, c.want)
			}
		}

		// Nothing sensitive in the index: no ID number, birth date or
		// phone; no writer of an anonymous letter.
		var n int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM search_docs WHERE body LIKE $1 OR grams LIKE $1 OR title LIKE $1`, "%650102%").Scan(&n); err != nil || n != 0 {
			t.Errorf("rows with an ID number: %d, %v", n, err)
		}
		if err := raw.QueryRow(`SELECT COUNT(*) FROM search_letters WHERE kind = 'letter' AND (party_a IS NOT NULL OR party_b IS NOT NULL) AND title = '匿名反映'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("an anonymous letter with a party: %d, %v", n, err)
		}

		// Updates: the old words go, the new come; a moved person moves
		// out of the old branch's search.
		m.Minutes, m.Topics = "会议研究组织生活。", []string{"组织生活会"}
		if _, err := s.SaveMeeting(sys, m, nil); err != nil {
			t.Fatal(err)
		}
		if got := found(t, s, sys, "党费"); len(got) != 0 {
			t.Errorf("after the update, 党费: %v", got)
		}
		if got := found(t, s, sys, "组织生活"); len(got) != 1 {
			t.Errorf("after the update, 组织生活: %v", got)
		}
		upd := plain
		upd.Name, upd.Unit = "委员丁改", "刑侦大队"
		if _, err := s.UpdatePerson(sys, upd); err != nil {
			t.Fatal(err)
		}
		if got := found(t, s, sys, "刑侦"); !sameSet(got, []string{"person:委员丁改"}) {
			t.Errorf("after renaming: %v", got)
		}
		if got := found(t, s, sys, "委员丁改"); !sameSet(got, []string{"person:委员丁改", "talk:委员丁改与党员戊谈心谈话"}) {
			t.Errorf("a renamed party's talk: %v", got)
		}
		if _, err := s.MovePerson(sys, extra.ID, other.ID, 0, zhibu.MakeDate(2026, 7, 1), "调动"); err != nil {
			t.Fatal(err)
		}
		if got := found(t, s, as(stranger), "党员戊"); !sameSet(got, []string{"person:党员戊"}) {
			t.Errorf("the new branch's secretary finds the moved person: %v", got)
		}
		if got := found(t, s, as(orgOfficer), "党员戊"); len(got) != 0 {
			t.Errorf("the old branch still finds the moved person: %v", got)
		}

		// A branch moved to another committee is found by that committee,
		// no longer by the one it left.
		committee, err := s.Org(sys, branch.ParentID)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := s.CreateOrg(sys, zhibu.Org{Code: "C2", Name: "另一党委", Kind: zhibu.KindCommittee})
		if err != nil {
			t.Fatal(err)
		}
		left := actorOf(9001, zhibu.Holding{Position: zhibu.Secretary, Org: committee})
		if got := found(t, s, left, "外支部己"); !sameSet(got, []string{"person:外支部己"}) {
			t.Errorf("the committee above finds: %v", got)
		}
		if _, err := s.MovePerson(sys, extra.ID, branch.ID, g1.ID, zhibu.MakeDate(2026, 7, 1), "调回"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveOrg(sys, other.ID, c2.ID); err != nil {
			t.Fatal(err)
		}
		if got := found(t, s, left, "外支部己"); len(got) != 0 {
			t.Errorf("the committee the branch left finds: %v", got)
		}
		if got := found(t, s, actorOf(9002, zhibu.Holding{Position: zhibu.Secretary, Org: c2}), "外支部己"); !sameSet(got, []string{"person:外支部己"}) {
			t.Errorf("the new committee finds: %v", got)
		}

		// More hits than a search reads at once: each kind still has its
		// newest, and says there are more.
		var many []zhibu.Person
		for i := range 130 {
			p := member(fmt.Sprintf("巡警%03d", i), branch.ID, g1.ID)
			p.Unit = "巡警大队"
			many = append(many, p)
		}
		if _, err := s.ImportPeople(sys, branch.ID, many); err != nil {
			t.Fatal(err)
		}
		q, _ := zhibu.ParseSearchQuery("组织生活")
		groups, err := s.Search(sys, q)
		if err != nil || len(groups) != 1 || len(groups[0].Hits) != 1 {
			t.Fatalf("组织生活: %+v, %v", groups, err)
		}
		q, _ = zhibu.ParseSearchQuery("巡警 大队")
		if groups, err = s.Search(sys, q); err != nil || len(groups) != 1 || len(groups[0].Hits) != store.SearchLimit || !groups[0].More ||
			groups[0].Hits[0].Title != "巡警129" {
			t.Fatalf("巡警 大队: %d groups, %v", len(groups), err)
		}
		m.Minutes = "巡警大队参加组织生活。"
		if _, err := s.SaveMeeting(sys, m, nil); err != nil {
			t.Fatal(err)
		}
		if groups, err = s.Search(sys, q); err != nil || len(groups) != 2 || groups[0].Kind != zhibu.SearchPerson || len(groups[1].Hits) != 1 || groups[1].More {
			t.Fatalf("巡警 大队 with the meeting: %d groups, %v", len(groups), err)
		}

		// A reindex gives the rows the writes kept.
		before := searchRows(t, raw)
		if len(before) != 140 {
			t.Errorf("%d rows: %q", len(before), before)
		}
		if _, err := s.Reindex(as(secretary)); err == nil {
			t.Error("a secretary rebuilt the index")
		}
		if n, err := s.Reindex(sys); err != nil || n != len(before) {
			t.Fatalf("reindex: %d, %v", n, err)
		}
		if after := searchRows(t, raw); !slices.Equal(before, after) {
			t.Errorf("reindex differs from incremental:\n%q\n%q", before, after)
		}
		if s.Engine() == "sqlite" {
			for _, fts := range []string{"search_docs_fts", "search_letters_fts"} {
				if _, err := raw.Exec(`INSERT INTO ` + fts + ` (` + fts + `, rank) VALUES ('integrity-check', 1)`); err != nil {
					t.Errorf("the FTS index %s: %v", fts, err)
				}
			}
		}
	})
}

func sameSet(got, want []string) bool {
	return len(got) == len(want) && !slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(got, w) })
}

// TestSearchQuery: what the search box refuses, naming the field.
func TestSearchQuery(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"", "   ", "，。！", strings.Repeat("党", 51), "a b c d e f g"} {
		_, err := zhibu.ParseSearchQuery(q)
		ps, ok := err.(zhibu.Problems)
		if !ok || len(ps) == 0 || ps[0].Field != "q" || !strings.HasPrefix(ps[0].Message, "检索词：") {
			t.Errorf("%q: %v", q, err)
		}
	}
}
