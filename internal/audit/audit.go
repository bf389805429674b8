// Package audit is the audit trail's chain, without SQL: the canonical
// form of a record, the HMAC-SM3 that chains each record to the one before
// it, and the verification that names the first record that was altered,
// deleted, inserted or reordered.
//
// Record n's MAC is HMAC-SM3 under the audit key (kept outside the
// database) of record n-1's MAC and record n's canonical form, which holds
// its id. Without the key nobody can make a record that verifies, so:
//
//   - a changed field or MAC breaks the record itself (altered);
//   - a deleted record leaves a gap in the ids, or, when the ids after it
//     were renumbered, a record whose predecessor is missing (deleted);
//   - a forged record fits nowhere, and the genuine record after it
//     verifies at the forged record's place (inserted);
//   - a record moved elsewhere verifies at its old place (reordered);
//   - deleting the last records is caught by the head, the last id and MAC
//     that every append updates in the same transaction.
//
// What the chain cannot catch on its own is the removal of the last
// records together with a rewrite of the head to the new last record: for
// that, note the head that a verification prints outside the database.
package audit

import (
	"crypto/hmac"
	"encoding/base64"
	"fmt"
	"iter"
	"strconv"
	"time"

	"zhibu/internal/secret"
)

// Record is one entry of the audit trail as stored.
type Record struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"` // UTC, microseconds
	AccountID  int64     `json:"account_id,omitempty"`
	Actor      string    `json:"actor"`
	Address    string    `json:"address,omitempty"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type,omitempty"`
	ObjectID   string    `json:"object_id,omitempty"`
	OrgPath    string    `json:"org_path,omitempty"`
	Result     string    `json:"result"`
	Detail     string    `json:"detail,omitempty"`
	MAC        string    `json:"mac"`
}

// Results a record may have.
const (
	OK      = "ok"      // the action was done
	Refused = "refused" // the actor was not allowed, or the input was refused
	Failed  = "failed"  // the action failed
)

// ResultLabel is a result's Chinese name.
func ResultLabel(result string) string {
	switch result {
	case OK:
		return "成功"
	case Refused:
		return "拒绝"
	case Failed:
		return "失败"
	}
	return result
}

// version is the first field of the canonical form, so that the form can
// change later without two forms ever meaning the same bytes.
const version = "zhibu.audit.v1"

// Canonical is the unambiguous encoding of every field of r except its
// MAC: each field as a netstring (decimal length, ':', bytes, ','), the
// time as RFC 3339 in UTC with its fraction.
func Canonical(r Record) []byte {
	b := make([]byte, 0, 160+len(r.Actor)+len(r.Address)+len(r.Action)+len(r.ObjectType)+
		len(r.ObjectID)+len(r.OrgPath)+len(r.Result)+len(r.Detail))
	var num [24]byte
	b = netstring(b, version)
	b = netstring(b, string(strconv.AppendInt(num[:0], r.ID, 10)))
	b = netstring(b, string(r.At.UTC().AppendFormat(num[:0], time.RFC3339Nano)))
	b = netstring(b, string(strconv.AppendInt(num[:0], r.AccountID, 10)))
	for _, s := range []string{r.Actor, r.Address, r.Action, r.ObjectType, r.ObjectID, r.OrgPath, r.Result, r.Detail} {
		b = netstring(b, s)
	}
	return b
}

func netstring(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	b = append(b, s...)
	return append(b, ',')
}

// Chain is r's MAC after the record whose MAC is prevMAC ("" for the
// first record): base64 of HMAC-SM3(key, prevMAC || Canonical(r)), with
// prevMAC written as a netstring like the fields.
func Chain(key secret.Key, prevMAC string, r Record) string {
	return base64.StdEncoding.EncodeToString(secret.MAC(key, append(netstring(nil, prevMAC), Canonical(r)...)))
}

// chains reports whether r, given the id id, has the MAC it would have
// after the record whose MAC is prevMAC.
func chains(key secret.Key, prevMAC string, r Record, id int64) bool {
	r.ID = id
	return hmac.Equal([]byte(Chain(key, prevMAC, r)), []byte(r.MAC))
}

// Head is the chain's last record as the audit_head row keeps it.
type Head struct {
	LastID  int64
	LastMAC string
	Missing bool // the row is gone: the last records cannot be checked
}

// Kinds of problem.
const (
	Altered   = "altered"
	Deleted   = "deleted"
	Inserted  = "inserted"
	Reordered = "reordered"
)

// Problem is the first place where the trail is not as it was written.
type Problem struct {
	ID      int64  `json:"id"`      // the first record concerned (for a deletion, the first missing id)
	Kind    string `json:"kind"`    // Altered, Deleted, Inserted or Reordered
	Message string `json:"message"` // in Chinese
}

func (p *Problem) Error() string { return p.Message }

// Each yields the records of a slice, for Verify.
func Each(rs []Record) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// lookahead is how many records after the first that fails Verify reads to
// tell what happened there. A record moved further than this, or more
// records inserted, shows as altered.
const lookahead = 1000

// Verify walks the records in id order from the first and checks that the
// ids run 1, 2, 3… and that each MAC chains from the one before; then that
// head names the last record. It returns how many records verified before
// the first problem (all of them when there is none), and the first
// problem, or an error of records.
func Verify(key secret.Key, head Head, records iter.Seq2[Record, error]) (checked int, first *Problem, err error) {
	next, stop := iter.Pull2(records)
	defer stop()
	var prev Record // the last record verified; ID 0 and MAC "" before the first
	for {
		r, err, ok := next()
		if !ok {
			break
		}
		if err != nil {
			return checked, nil, err
		}
		if r.ID == prev.ID+1 && chains(key, prev.MAC, r, r.ID) {
			prev = r
			checked++
			continue
		}
		ahead := []Record{r}
		for len(ahead) < lookahead {
			x, err, ok := next()
			if !ok {
				break
			}
			if err != nil {
				return checked, nil, err
			}
			ahead = append(ahead, x)
		}
		return checked, classify(key, prev, ahead), nil
	}
	return checked, checkHead(prev, head), nil
}

// classify tells what happened at ahead[0], the first record that does not
// verify after prev, from it and the records after it.
func classify(key secret.Key, prev Record, ahead []Record) *Problem {
	r, want := ahead[0], prev.ID+1
	if r.ID != want {
		for _, x := range ahead[1:] {
			if x.ID == want {
				return &Problem{want, Reordered, fmt.Sprintf("第%d条审计记录的顺序被打乱（第%d条排在其前）", want, r.ID)}
			}
		}
		if r.ID < want {
			return &Problem{want, Reordered, fmt.Sprintf("第%d条审计记录的顺序被打乱（第%d条重复或排在其后）", want, r.ID)}
		}
		if chains(key, prev.MAC, r, want) {
			return &Problem{want, Altered, fmt.Sprintf("第%d条审计记录被修改（编号被改为%d）", want, r.ID)}
		}
		for _, x := range ahead[1:] {
			if chains(key, prev.MAC, x, want) {
				return &Problem{want, Reordered, fmt.Sprintf("第%d条审计记录的位置被移动（编号被改为%d）", want, x.ID)}
			}
		}
		return &Problem{want, Deleted, deletedText(prev.ID, want, r.ID-1)}
	}
	macOf := make(map[int64]string, len(ahead))
	for _, x := range ahead {
		macOf[x.ID] = x.MAC
	}
	// A genuine record from further on: it chains at its old place, from
	// the record before that place, or (two neighbours swapped) from the
	// record now at that place.
	for _, x := range ahead[1:] {
		for _, pid := range []int64{x.ID - 1, x.ID} {
			if m, ok := macOf[pid]; ok && chains(key, m, r, x.ID) {
				return &Problem{want, Reordered, fmt.Sprintf("第%d条审计记录的位置被调换（该记录原为第%d条）", want, x.ID)}
			}
		}
	}
	// The genuine record for this place comes later: what is before it was
	// inserted.
	for k, x := range ahead[1:] {
		if chains(key, prev.MAC, x, want) {
			n := int64(k + 1)
			if n == 1 {
				return &Problem{want, Inserted, fmt.Sprintf("第%d条审计记录是插入的（原第%d条及其后的记录编号被后移）", want, want)}
			}
			return &Problem{want, Inserted, fmt.Sprintf("第%d至%d条审计记录是插入的（原第%d条及其后的记录编号被后移）", want, want+n-1, want)}
		}
	}
	// The next record chains from this one's MAC under a higher id: this
	// one is genuine, but the records before it were deleted and the ids
	// renumbered.
	if len(ahead) > 1 {
		x := ahead[1]
		for d := int64(1); d <= lookahead; d++ {
			if chains(key, r.MAC, x, x.ID+d) {
				where := fmt.Sprintf("第%d条之后的", prev.ID)
				if prev.ID == 0 {
					where = "开头的"
				}
				return &Problem{want, Deleted, fmt.Sprintf("%s审计记录被删除（%d条），其后记录的编号被前移", where, d)}
			}
		}
	}
	return &Problem{want, Altered, fmt.Sprintf("第%d条审计记录被修改", want)}
}

// deletedText says that the records lo..hi are missing after record last.
func deletedText(last, lo, hi int64) string {
	missing := fmt.Sprintf("第%d条", lo)
	if hi > lo {
		missing = fmt.Sprintf("第%d至%d条", lo, hi)
	}
	if last == 0 {
		return "开头的审计记录被删除（缺少" + missing + "）"
	}
	return fmt.Sprintf("第%d条之后的审计记录被删除（缺少%s）", last, missing)
}

// checkHead compares the last verified record with the head.
func checkHead(last Record, head Head) *Problem {
	switch {
	case head.Missing:
		return &Problem{last.ID + 1, Deleted, fmt.Sprintf("审计记录的链尾标记被删除（现有%d条记录校验通过，无法确认第%d条之后的记录是否被删除）", last.ID, last.ID)}
	case last.ID < head.LastID:
		if last.ID == 0 {
			return &Problem{1, Deleted, fmt.Sprintf("全部审计记录被删除（缺少第1至%d条）", head.LastID)}
		}
		return &Problem{last.ID + 1, Deleted, deletedText(last.ID, last.ID+1, head.LastID)}
	case last.ID > head.LastID:
		return &Problem{last.ID, Altered, fmt.Sprintf("审计记录链尾标记被修改（标记为第%d条，实际最后一条为第%d条）", head.LastID, last.ID)}
	case !hmac.Equal([]byte(last.MAC), []byte(head.LastMAC)):
		return &Problem{last.ID, Altered, fmt.Sprintf("审计记录链尾标记被修改（与第%d条记录不符）", last.ID)}
	}
	return nil
}
