package api

import (
	"net/http"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// A second meeting of a type on one day answers 409 naming the first
// until confirmed; a voided meeting keeps its record and reason; a filed
// meeting is changed after its filing is withdrawn.
func TestMeetingsSameDayVoidAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(nil), http.StatusCreated)
		second := committeeBody(map[string]any{"starts_at": "2026-02-10 19:00"})
		c.do("POST", "/api/v1/orgs/{B1}/meetings", second, http.StatusConflict, `"code":"conflict"`, "同一天已有1次同类会议的记录", `"same_day":[{"id":`)
		ms, err := s.Meetings(sys, store.MeetingFilter{OrgID: fx.b1.ID})
		if err != nil || len(ms) != 1 {
			t.Fatalf("after the warning: %d meetings, %v", len(ms), err)
		}
		c.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(map[string]any{"starts_at": "2026-02-10 19:00", "confirm_same_day": true}), http.StatusCreated)
		ms, _ = s.Meetings(sys, store.MeetingFilter{OrgID: fx.b1.ID})
		if len(ms) != 2 {
			t.Fatalf("%d meetings after confirming", len(ms))
		}
		dup := meetingURL(ms[1].ID)
		c.do("POST", dup+"/void", `{"reason":""}`, http.StatusBadRequest, "作废原因：不能为空")
		c.do("POST", dup+"/void", `{"reason":"重复录入"}`, http.StatusOK, `"void_reason":"重复录入"`, `"voided_at":"`)
		c.do("POST", dup+"/file", "", http.StatusBadRequest, "已作废的会议不能报备")

		first := meetingURL(ms[0].ID)
		c.do("POST", first+"/file", "", http.StatusOK, `"filing":"submitted"`)
		c.do("PUT", first, committeeBody(map[string]any{"place": "党员活动室"}), http.StatusBadRequest, "修改前请先撤回报备")
		c.do("POST", first+"/withdraw", "", http.StatusOK, `"filing":"none"`)
		c.do("PUT", first, committeeBody(map[string]any{"place": "党员活动室"}), http.StatusOK, `"place":"党员活动室"`)
		c.do("POST", meetingURL(99999)+"/withdraw", "", http.StatusNotFound)
	})
}
