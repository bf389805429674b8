package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// caller sends requests to the API as one actor and checks their answers.
type caller struct {
	t     *testing.T
	s     *store.Store
	fx    fixture
	actor zhibu.Actor
}

func (c caller) as(a zhibu.Actor) caller { c.actor = a; return c }

// do sends a request and checks its status and that the body holds want;
// an error answer must have the API's error shape and log nothing.
func (c caller) do(method, path, body string, status int, want ...string) *httptest.ResponseRecorder {
	c.t.Helper()
	req := httptest.NewRequest(method, c.fx.expand(path), strings.NewReader(c.fx.expand(body)))
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	var logs bytes.Buffer
	rec := serve(c.s, c.actor, &logs, req)
	got := rec.Body.String()
	if rec.Code != status {
		c.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, rec.Code, status, got)
	}
	for _, w := range want {
		if w = c.fx.expand(w); !strings.Contains(got, w) {
			c.t.Errorf("%s %s: body lacks %s\n%s", method, path, w, got)
		}
	}
	if rec.Code >= 400 {
		checkError(c.t, rec)
	}
	if logs.Len() > 0 {
		c.t.Errorf("%s %s logged: %s", method, path, logs.String())
	}
	return rec
}

func (c caller) meetings() []zhibu.Meeting {
	c.t.Helper()
	ms, err := c.s.Meetings(sys, store.MeetingFilter{OrgID: c.fx.c.ID})
	if err != nil {
		c.t.Fatal(err)
	}
	return ms
}

// committeeBody is a held committee meeting of the first branch, with
// fields replaced (nil removes one).
func committeeBody(fields map[string]any) string {
	m := map[string]any{"type": "committee", "status": "held", "starts_at": "2026-02-10T14:30:00+08:00", "place": "三楼会议室",
		"chair_id": json.RawMessage("{P1}"), "topics": []string{"研究发展党员工作"}, "minutes": "# 记录\n会议由书记主持。",
		"resolutions": []map[string]any{{"text": "同意确定王芳为发展对象", "for": 1, "against": 0, "abstain": 0, "entitled": 1}},
		"attendance":  json.RawMessage(`[{"person_id":{P1},"status":"present"}]`)}
	for k, v := range fields {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	body, err := marshalRaw(m)
	if err != nil {
		panic(err)
	}
	return body
}

func TestMeetingsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}

		// Bad input: every problem named, nothing saved.
		for _, tc := range []struct {
			name string
			body string
			want []string
		}{
			{"empty object", `{}`, []string{"会议类型：", "会议状态：", "会议时间：不能为空"}},
			{"a 25:00 time", committeeBody(map[string]any{"starts_at": "2026-02-10 25:00"}), []string{`"field":"starts_at"`, "不是有效时间"}},
			{"in the future", committeeBody(map[string]any{"starts_at": "2099-01-01 09:00"}), []string{"已召开的会议不能晚于当前时间"}},
			{"no attendance", committeeBody(map[string]any{"attendance": nil}), []string{"缺少应到人员李娜的出席情况"}},
			{"a stranger attends", committeeBody(map[string]any{"attendance": json.RawMessage(`[{"person_id":{P1},"status":"present"},{"person_id":{P3},"status":"present"}]`)}),
				[]string{"不是该会议的应到人员"}},
			{"excused without reason", committeeBody(map[string]any{"attendance": json.RawMessage(`[{"person_id":{P1},"status":"excused"}]`)}),
				[]string{"李娜请假须填写原因"}},
			{"bad attendance status", committeeBody(map[string]any{"attendance": json.RawMessage(`[{"person_id":{P1},"status":"late"}]`)}),
				[]string{"出席状态应为"}},
			{"negative votes", committeeBody(map[string]any{"resolutions": []map[string]any{{"text": "x", "for": -1, "entitled": 1}}}),
				[]string{"票数不能为负数"}},
			{"no resolution text", committeeBody(map[string]any{"resolutions": []map[string]any{{"text": " ", "for": 1, "entitled": 1}}}),
				[]string{"第1项表决：表决事项不能为空"}},
			{"unknown chair", committeeBody(map[string]any{"chair_id": 99999}), []string{"主持人：应为本支部的人员"}},
			{"a group meeting of a branch", committeeBody(map[string]any{"type": "group"}), []string{"党支部不召开党小组会"}},
			{"attendance of a planned meeting", committeeBody(map[string]any{"status": "planned"}), []string{"只有已召开的会议登记出席情况"}},
			{"unknown member", committeeBody(map[string]any{"secretary": 1}), []string{"字段 secretary：本接口不接受此字段"}},
			{"wrong type", committeeBody(map[string]any{"chair_id": "李娜"}), []string{"字段 chair_id：类型不正确，应为整数"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := c
				c.t = t
				c.do("POST", "/api/v1/orgs/{B1}/meetings", tc.body, http.StatusBadRequest, append(tc.want, `"code":"invalid"`)...)
				if n := len(c.meetings()); n != 0 {
					t.Fatalf("a refused request saved %d meetings", n)
				}
			})
		}

		// Recorded after its day: 补录, with counts from the attendance.
		rec := c.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(nil), http.StatusCreated,
			`"late":true`, `"expected":1`, `"present":1`, `"quorum_met":true`, `"passed":true`, `"person_name":"李娜"`, `"org_name":"第一党支部"`)
		var created meetingDetail
		if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil {
			t.Fatal(err)
		}
		id := created.ID
		if loc := rec.Header().Get("Location"); loc != meetingURL(id) {
			t.Errorf("Location = %q", loc)
		}
		path := meetingURL(id)
		c.do("GET", path, "", http.StatusOK, `"starts_at":"2026-02-10T06:30:00Z"`, `"status":"present"`, `"filing":"none"`, `"entered_at":"2026-03-02T10:00:00Z"`)
		list := c.do("GET", "/api/v1/orgs/{B1}/meetings?year=2026&type=committee", "", http.StatusOK)
		if ms := decodeList[meetingOut](t, list, "meetings"); len(ms) != 1 || ms[0].ID != id || !ms[0].Late {
			t.Errorf("2026 committee meetings: %+v", ms)
		}
		if ms := decodeList[meetingOut](t, c.do("GET", "/api/v1/orgs/{C}/meetings?year=2025", "", http.StatusOK), "meetings"); len(ms) != 0 {
			t.Errorf("2025: %+v", ms)
		}
		c.do("GET", "/api/v1/orgs/{B1}/meetings?year=abc&type=bogus&filing=x", "", http.StatusBadRequest, "参数 year：", "参数 type：", "参数 filing：")
		c.do("GET", "/api/v1/meetings/99999", "", http.StatusNotFound, "未找到该会议")
		c.do("GET", "/api/v1/meetings/abc", "", http.StatusNotFound)

		// PUT takes a GET answer back, its read-only members ignored.
		var back map[string]any
		if err := json.Unmarshal(c.do("GET", path, "", http.StatusOK).Body.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		back["place"] = "党员活动室"
		body, _ := json.Marshal(back)
		c.do("PUT", path, string(body), http.StatusOK, `"place":"党员活动室"`, `"late":true`)
		c.do("PUT", path, committeeBody(map[string]any{"starts_at": "2026-02-30 09:00"}), http.StatusBadRequest, "不是有效时间")
		c.do("PUT", path, committeeBody(map[string]any{"status": "cancelled", "cancel_reason": "误录", "attendance": nil}), http.StatusBadRequest,
			"已召开的会议不能取消")
		if m, _, _ := s.Meeting(sys, id); m.Place != "党员活动室" {
			t.Errorf("place %q", m.Place)
		}

		// Filing: submitted, returned with a note, resubmitted, acknowledged.
		c.do("POST", path+"/review", `{"acknowledge":true}`, http.StatusBadRequest, "该会议未在待确认状态")
		if ms := decodeList[meetingOut](t, c.do("GET", "/api/v1/orgs/{C}/meetings?year=2026&filing=none", "", http.StatusOK), "meetings"); len(ms) != 1 {
			t.Errorf("not filed: %+v", ms)
		}
		c.do("POST", path+"/file", "", http.StatusOK, `"filing":"submitted"`)
		c.do("POST", path+"/file", "", http.StatusBadRequest, "已报备，无需重复")
		for filing, n := range map[string]int{"submitted": 1, "none": 0, "returned": 0} {
			ms := decodeList[meetingOut](t, c.do("GET", "/api/v1/orgs/{C}/meetings?year=2026&filing="+filing, "", http.StatusOK), "meetings")
			if len(ms) != n {
				t.Errorf("filing=%s: %d meetings, want %d", filing, len(ms), n)
			}
		}
		c.do("POST", path+"/review", `{}`, http.StatusBadRequest, `"field":"acknowledge"`)
		c.do("POST", path+"/review", `{"acknowledge":false}`, http.StatusBadRequest, "退回意见：退回时须说明原因")
		c.do("POST", path+"/review", `{"acknowledge":false,"note":"请补充会议记录"}`, http.StatusOK, `"filing":"returned"`, `"filing_note":"请补充会议记录"`)
		c.do("POST", path+"/file", "", http.StatusOK, `"filing":"submitted"`)
		c.do("POST", path+"/review", `{"acknowledge":true}`, http.StatusOK, `"filing":"acknowledged"`)

		// Rights.
		reader := zhibu.Actor{AccountID: 7, Name: "宣传委员", Scope: zhibu.Scope{Paths: []string{fx.b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}}}
		writer := reader
		writer.Grants = append(writer.Grants[:1:1], zhibu.Grant{Perm: zhibu.PermMeetingWrite, Path: fx.b1.Path})
		other := zhibu.Actor{AccountID: 9, Name: "他人", Scope: zhibu.Scope{Paths: []string{fx.b2.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b2.Path}, {Perm: zhibu.PermMeetingWrite, Path: fx.b2.Path}}}
		superior := zhibu.Actor{AccountID: 10, Name: "上级", Scope: zhibu.Scope{Paths: []string{fx.c.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.c.Path}, {Perm: zhibu.PermFilingReview, Path: fx.c.Path}}}
		r := c.as(reader)
		r.do("GET", path, "", http.StatusOK)
		r.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(nil), http.StatusForbidden)
		r.do("PUT", path, committeeBody(nil), http.StatusForbidden)
		r.do("POST", path+"/file", "", http.StatusForbidden)
		r.do("POST", path+"/review", `{"acknowledge":true}`, http.StatusForbidden)
		o := c.as(other)
		o.do("GET", path, "", http.StatusNotFound)
		o.do("PUT", path, committeeBody(nil), http.StatusNotFound)
		o.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(nil), http.StatusNotFound)
		wr := c.as(writer)
		created2 := wr.do("POST", "/api/v1/orgs/{B1}/meetings", committeeBody(map[string]any{"starts_at": "2026-03-01 09:00"}), http.StatusCreated)
		var m2 meetingDetail
		json.Unmarshal(created2.Body.Bytes(), &m2)
		wr.do("POST", meetingURL(m2.ID)+"/file", "", http.StatusOK)
		wr.do("POST", meetingURL(m2.ID)+"/review", `{"acknowledge":true}`, http.StatusForbidden)
		sup := c.as(superior)
		sup.do("PUT", meetingURL(m2.ID), committeeBody(nil), http.StatusForbidden)
		sup.do("POST", meetingURL(m2.ID)+"/review", `{"acknowledge":true,"note":"已阅"}`, http.StatusOK, `"filing":"acknowledged"`)

		// A planned group meeting, then cancelled through PUT.
		planned := c.do("POST", "/api/v1/orgs/{G1}/meetings", `{"type":"group","status":"planned","starts_at":"2026-04-01 19:00","topics":["学习党章"]}`,
			http.StatusCreated, `"status":"planned"`, `"late":false`, `"expected":0`)
		var pm meetingDetail
		json.Unmarshal(planned.Body.Bytes(), &pm)
		c.do("PUT", meetingURL(pm.ID), `{"type":"group","status":"cancelled","starts_at":"2026-04-01 19:00"}`, http.StatusBadRequest, "取消原因：取消会议时不能为空")
		c.do("PUT", meetingURL(pm.ID), `{"type":"group","status":"cancelled","starts_at":"2026-04-01 19:00","cancel_reason":"执勤任务"}`,
			http.StatusOK, `"status":"cancelled"`, `"cancel_reason":"执勤任务"`)
	})
}
