package gen_test

import (
	"testing"

	"zhibu"
	"zhibu/internal/gen"
	"zhibu/internal/rules"
	"zhibu/internal/service"
	"zhibu/internal/store"
)

// streamRules are the rules of the streams Streams fills, by stream.
var streamRules = map[string][]string{
	"activities": {"activity.occasions", "activity.campaign"},
	"study":      {"member.study.hours", "member.study.hours.leaders", "study.records"},
	"talks":      {"talk.pairs", "talk.seed"},
	"voice":      {"review.secretary", "disclose.branch", "disclose.procedure", "mailbox.reply", "paper.annual"},
	"members":    {"member.file"},
}

// checkStreams checks, after gen.Run at S, that the later streams have
// records and that the engine's findings on them for the year before
// Until's, as of its last day, exist for every rule and are a believable
// mix: most obligations kept, some not; and that the review's vote is
// anonymous as the store keeps it (only counts, equal to the roll's
// marks).
func checkStreams(t *testing.T, s *store.Store, res gen.Result) {
	t.Helper()
	st := res.Streams
	if st.Activities == 0 || st.StudySessions == 0 || st.StudyNotes == 0 || st.Talks == 0 || st.Reviews != 1 || st.Ballots == 0 ||
		st.Disclosures == 0 || st.Papers == 0 || st.MemberFiles == 0 {
		t.Fatalf("streams made %+v", st)
	}
	year := gen.Until.Year - 1
	cat, err := service.New(s, service.Options{}).Compliance.Catalogue(sys)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := s.Facts(sys, res.Root.ID, year, zhibu.MakeDate(year, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]map[zhibu.FindingStatus]int{}
	for _, fs := range rules.CheckAll(cat, facts, year) {
		for _, f := range fs {
			if status[f.RuleID] == nil {
				status[f.RuleID] = map[zhibu.FindingStatus]int{}
			}
			status[f.RuleID][f.Status]++
		}
	}
	ok, all := 0, 0
	for stream, ids := range streamRules {
		sOK, sAll := 0, 0
		for _, id := range ids {
			n := 0
			for _, c := range status[id] {
				n += c
			}
			if n == 0 {
				t.Errorf("%s: no finding of %s", stream, id)
			}
			sOK += status[id][zhibu.StatusOK]
			sAll += n
		}
		if sOK == 0 {
			t.Errorf("%s: nothing kept: %v", stream, pick(status, ids))
		}
		ok, all = ok+sOK, all+sAll
	}
	t.Logf("findings of the streams in %d: %v", year, status)
	if pct := 100 * ok / max(all, 1); pct < 60 || pct > 97 {
		t.Errorf("%d%% of %d findings of the streams ok, want most but not all", pct, all)
	}
	// The vote: the roll's marks and the tally agree, and nothing else is kept.
	branches, err := s.Orgs(sys, store.OrgFilter{Kinds: []zhibu.OrgKind{zhibu.KindBranch}})
	if err != nil || len(branches) != 1 {
		t.Fatalf("%d branches, %v", len(branches), err)
	}
	reps, err := s.BranchReviews(sys, branches[0].ID)
	if err != nil || len(reps) != 1 {
		t.Fatalf("%d reviews, %v", len(reps), err)
	}
	r := reps[0]
	if r.Voted == 0 || r.Voted > r.Eligible || r.Tally == nil || r.Tally.Total() != r.Voted {
		t.Errorf("review %+v: %d voted of %d, tally %+v", r.Status, r.Voted, r.Eligible, r.Tally)
	}
}

func pick(m map[string]map[zhibu.FindingStatus]int, ids []string) map[string]map[zhibu.FindingStatus]int {
	out := map[string]map[zhibu.FindingStatus]int{}
	for _, id := range ids {
		out[id] = m[id]
	}
	return out
}
