package zhibu

import "strconv"

// Talk is one heart-to-heart talk (谈心谈话, seed §7.2) between two people
// of a branch, recorded in the talk register by either of them. Its
// content (topics and follow-up) may be read by the two, the branch's
// secretary and deputy and its discipline officer only: for anyone else
// the store returns the talk with Hidden set and the content empty.
type Talk struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"org_id"` // the branch
	AID        int64  `json:"a_id"`
	AName      string `json:"a_name,omitempty"`
	BID        int64  `json:"b_id"`
	BName      string `json:"b_name,omitempty"`
	HeldOn     Date   `json:"held_on"`
	Place      string `json:"place"`
	Topics     string `json:"topics,omitempty"`
	FollowUp   string `json:"follow_up,omitempty"`
	RecordedBy int64  `json:"recorded_by,omitempty"`
	Hidden     bool   `json:"hidden,omitempty"` // the reader may not see the content
}

// Validate checks a talk: two different people, the day (not after
// today), the place and the topics.
func (t Talk) Validate(today Date) error {
	var ps Problems
	if t.AID == 0 {
		ps.Add("a_id", "谈话人", "不能为空")
	}
	if t.BID == 0 {
		ps.Add("b_id", "谈话对象", "不能为空")
	} else if t.BID == t.AID {
		ps.Add("b_id", "谈话对象", "不能与谈话人相同")
	}
	if !t.HeldOn.Valid() {
		ps.Add("held_on", "谈话日期", "不能为空")
	} else if t.HeldOn.After(today) {
		ps.Add("held_on", "谈话日期", "不能晚于今天")
	}
	checkStudyText(&ps, "place", "谈话地点", t.Place, 100, true)
	checkStudyText(&ps, "topics", "谈话内容", t.Topics, 5000, true)
	checkStudyText(&ps, "follow_up", "后续跟进", t.FollowUp, 2000, false)
	return ps.Err()
}

// Party reports whether person id is one of the two.
func (t Talk) Party(id int64) bool { return id != 0 && (id == t.AID || id == t.BID) }

// Pair is an unordered pair of people, the smaller id first.
type Pair struct{ A, B int64 }

// PairOf is the pair of a and b in order.
func PairOf(a, b int64) Pair {
	if b < a {
		a, b = b, a
	}
	return Pair{a, b}
}

// Key is the pair as "a-b", for a map in a template or a form.
func (p Pair) Key() string { return strconv.FormatInt(p.A, 10) + "-" + strconv.FormatInt(p.B, 10) }
