package store_test

import (
	"context"
	"errors"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func init() {
	// The rights of the study and talks streams, for TestEveryWriteChecksRights.
	allPerms = append(allPerms, zhibu.PermStudyWrite, zhibu.PermTalkRead)
}

// A talk's content is read by its two parties, the secretary and the
// discipline officer only; the organization officer, who reads the
// branch, sees that it took place. Only a party records a talk.
func TestTalkContent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		branch, g1, members := branchWithCommittee(t, s) // 甲 secretary, 乙 organization officer, 丙 discipline officer, 丁
		extra, err := s.CreatePerson(sys, member("党员戊", branch.ID, g1.ID))
		if err != nil {
			t.Fatal(err)
		}
		secretary, orgOfficer, discipline, plain := members[0], members[1], members[2], members[3]
		pos := map[int64]zhibu.Position{secretary.ID: zhibu.Secretary, orgOfficer.ID: zhibu.OrgOfficer, discipline.ID: zhibu.DisciplineOfficer}
		actorOf := func(_ *testing.T, _ *store.Store, p zhibu.Person) context.Context {
			if x, ok := pos[p.ID]; ok {
				return actorOf(p.ID, zhibu.Holding{Position: x, Org: branch})
			}
			return actorOf(p.ID)
		}
		talk := zhibu.Talk{OrgID: branch.ID, AID: plain.ID, BID: extra.ID, HeldOn: zhibu.MakeDate(2026, 6, 3), Place: "值班室",
			Topics: "家庭困难，思想有波动", FollowUp: "书记走访"}
		if _, err := s.AddTalk(actorOf(t, s, secretary), talk); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("the secretary recording a talk of two others: %v", err)
		}
		saved, err := s.AddTalk(actorOf(t, s, extra), talk)
		if err != nil {
			t.Fatal(err)
		}
		if saved.RecordedBy != extra.ID {
			t.Errorf("recorded by %d", saved.RecordedBy)
		}
		for _, c := range []struct {
			who  zhibu.Person
			sees bool
		}{{plain, true}, {extra, true}, {secretary, true}, {discipline, true}, {orgOfficer, false}} {
			ctx := actorOf(t, s, c.who)
			talks, err := s.Talks(ctx, branch.ID, 2026)
			if err == nil && c.who.ID != plain.ID && c.who.ID != extra.ID && len(talks) != 1 {
				t.Errorf("%s: %d talks", c.who.Name, len(talks))
			}
			mine, err2 := s.PersonTalks(ctx, extra.ID)
			for _, list := range [][]zhibu.Talk{talks, mine} {
				for _, x := range list {
					if got := x.Topics != "" && !x.Hidden; got != c.sees || (x.FollowUp != "") != c.sees {
						t.Errorf("%s sees the content: %v, want %v", c.who.Name, got, c.sees)
					}
				}
			}
			if c.who.ID == extra.ID && (err2 != nil || len(mine) != 1) {
				t.Errorf("a party's own talks: %d, %v", len(mine), err2)
			}
		}
		// A member who is not a party finds nothing of it: their scope is
		// their own record.
		if talks, err := s.PersonTalks(actorOf(t, s, plain), extra.ID); err == nil {
			t.Errorf("another member reads a member's talks: %v", talks)
		}
	})
}

// A note is the member's own: nobody else writes it, and nobody else
// reads its content; the secretary sees that it exists.
func TestStudyNotesOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		branch, _, members := branchWithCommittee(t, s)
		secretary, plain := members[0], members[3]
		actorOf := func(_ *testing.T, _ *store.Store, p zhibu.Person) context.Context {
			if p.ID == secretary.ID {
				return actorOf(p.ID, zhibu.Holding{Position: zhibu.Secretary, Org: branch})
			}
			return actorOf(p.ID)
		}
		x, err := s.AddStudySession(actorOf(t, s, secretary), zhibu.StudySession{OrgID: branch.ID, HeldOn: zhibu.MakeDate(2026, 6, 10),
			Topic: "党章", Minutes: 150, Present: []int64{secretary.ID, plain.ID}})
		if err != nil {
			t.Fatal(err)
		}
		note := zhibu.StudyNote{PersonID: plain.ID, SessionID: x.ID, WrittenOn: zhibu.MakeDate(2026, 6, 10), Title: "学习党章", Content: "心得体会"}
		if _, err := s.AddStudyNote(actorOf(t, s, secretary), note); !errors.Is(err, zhibu.ErrForbidden) {
			t.Fatalf("the secretary writing a member's note: %v", err)
		}
		if _, err := s.AddStudyNote(actorOf(t, s, plain), note); err != nil {
			t.Fatal(err)
		}
		own, err := s.PersonStudyNotes(actorOf(t, s, plain), plain.ID, 2026)
		if err != nil || len(own) != 1 || own[0].Content != "心得体会" {
			t.Errorf("own notes: %+v, %v", own, err)
		}
		seen, err := s.StudyNotes(actorOf(t, s, secretary), branch.ID, 2026)
		if err != nil || len(seen) != 1 || seen[0].Content != "" || seen[0].SessionID != x.ID {
			t.Errorf("the secretary's view: %+v, %v", seen, err)
		}
		sessions, err := s.StudySessions(actorOf(t, s, secretary), branch.ID, 2026)
		if err != nil || len(sessions) != 1 || sessions[0].Notes != 1 || len(sessions[0].Present) != 2 {
			t.Errorf("sessions: %+v, %v", sessions, err)
		}
		// The facts carry the session, the note and the members.
		f, err := s.Facts(sys, branch.ID, 2026, zhibu.MakeDate(2026, 7, 1))
		if err != nil || len(f.StudySessions) != 1 || len(f.StudyNotes) != 1 || len(f.StudyMembers) != 4 {
			t.Errorf("facts: %d sessions, %d notes, %d members, %v", len(f.StudySessions), len(f.StudyNotes), len(f.StudyMembers), err)
		}
	})
}

// A plan saved twice replaces the first, items and all; a summary too.
func TestStudyPlanReplace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		onJuly1(s)
		branch, _, _ := branchWithCommittee(t, s)
		p := zhibu.StudyPlan{OrgID: branch.ID, Year: 2026, Kind: zhibu.StudyPlanBranch, Title: "计划", IssuedOn: zhibu.MakeDate(2026, 1, 10),
			Items: []zhibu.StudyPlanItem{{Month: 1, Topic: "一"}, {Month: 2, Topic: "二"}}}
		if _, err := s.SaveStudyPlan(sys, p); err != nil {
			t.Fatal(err)
		}
		p.Title, p.Items = "修订计划", []zhibu.StudyPlanItem{{Month: 3, Topic: "三", Materials: "党章"}}
		if _, err := s.SaveStudyPlan(sys, p); err != nil {
			t.Fatal(err)
		}
		plans, err := s.StudyPlans(sys, branch.ID, 2026)
		if err != nil || len(plans) != 1 || plans[0].Title != "修订计划" || len(plans[0].Items) != 1 || plans[0].Items[0].Materials != "党章" {
			t.Errorf("plans: %+v, %v", plans, err)
		}
		for _, text := range []string{"初稿", "定稿"} {
			if err := s.SaveStudySummary(sys, zhibu.StudySummary{OrgID: branch.ID, Year: 2026, WrittenOn: zhibu.MakeDate(2026, 6, 30), Text: text}); err != nil {
				t.Fatal(err)
			}
		}
		if sum, err := s.StudySummary(sys, branch.ID, 2026); err != nil || sum.Text != "定稿" {
			t.Errorf("summary: %+v, %v", sum, err)
		}
	})
}
