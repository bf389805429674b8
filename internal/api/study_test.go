package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// Study and talks through the API: bad bodies answered naming the field,
// a session counted in the hours, a talk recorded by a party only, and its
// content hidden from a reader of the branch who is neither a party nor
// the secretary.
func TestStudyTalksAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		zhao := mustPerson(t, s, zhibu.Person{Name: "赵敏", Gender: zhibu.Male, Ethnicity: "汉族", BirthDate: d(1990, 5, 6), IDNumber: newID,
			Status: zhibu.FullMember, AppliedOn: d(2010, 1, 1), ActivistOn: d(2010, 7, 1), CandidateOn: d(2011, 8, 1), AdmittedOn: d(2012, 1, 1),
			ConfirmedOn: d(2013, 1, 1), OrgID: fx.b1.ID, GroupID: fx.g1.ID, JoinedOn: d(2021, 1, 1)})
		z := strconv.FormatInt(zhao.ID, 10)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("POST", "/api/v1/orgs/{B1}/study/sessions", `{"held_on":"2026-03-09","topic":"","minutes":0,"present":[]}`, http.StatusBadRequest,
			"学习日期：不能晚于今天", "学习专题：不能为空", "学时：应大于0且不超过8小时", "参加人员：至少选择一人")
		c.do("POST", "/api/v1/orgs/{B1}/study/sessions", `{"held_on":"2026-02-09","topic":"学习党章","minutes":210,"present":[{P1},{P3}]}`,
			http.StatusBadRequest, "参加人员：有人不是本支部的人员")
		c.do("POST", "/api/v1/orgs/{B1}/study/sessions", `{"held_on":"2026-02-09","topic":"学习党章","minutes":210,"present":[{P1},`+z+`]}`,
			http.StatusCreated, `"minutes":210`)
		c.do("GET", "/api/v1/orgs/{B1}/study?year=2026", "", http.StatusOK, `"name":"赵敏"`, `"hours":3.5`, `"required_hours":32`)
		c.do("GET", "/api/v1/orgs/{B1}/study?year=20x6", "", http.StatusBadRequest, "年度：")

		li := actorFor(fx.li.ID, zhibu.Holding{Position: zhibu.Secretary, Org: fx.b1})
		member := actorFor(zhao.ID)
		c.as(li).do("POST", "/api/v1/people/{P1}/talks", `{"b_id":{P1},"held_on":"2026-03-01","place":"","topics":"谈心"}`, http.StatusBadRequest,
			"谈话对象：不能与谈话人相同", "谈话地点：不能为空")
		c.as(li).do("POST", "/api/v1/people/"+z+"/talks", `{"b_id":{P1},"held_on":"2026-03-01","place":"办公室","topics":"谈心"}`, http.StatusForbidden)
		c.as(li).do("POST", "/api/v1/people/{P1}/talks", `{"b_id":{P3},"held_on":"2026-03-01","place":"办公室","topics":"谈心"}`, http.StatusBadRequest,
			"不是本支部的人员")
		c.as(member).do("POST", "/api/v1/people/"+z+"/talks", `{"b_id":{P1},"held_on":"2026-03-01","place":"办公室","topics":"工作压力较大","follow_up":"再谈"}`,
			http.StatusCreated, `"b_name":"李娜"`)
		c.as(li).do("GET", "/api/v1/orgs/{B1}/talks?year=2026", "", http.StatusOK, `"topics":"工作压力较大"`)
		reader := zhibu.Actor{AccountID: 77, Name: "只读", Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}}, Scope: zhibu.Scope{Paths: []string{fx.b1.Path}}}
		rec := c.as(reader).do("GET", "/api/v1/orgs/{B1}/talks?year=2026", "", http.StatusOK, `"hidden":true`, `"a_name":"赵敏"`)
		if body := rec.Body.String(); strings.Contains(body, "工作压力较大") || strings.Contains(body, "再谈") {
			t.Errorf("a reader of the branch sees a talk's content: %s", body)
		}
		c.as(reader).do("GET", "/api/v1/orgs/{C}/talks", "", http.StatusNotFound)
		c.do("GET", "/api/v1/orgs/{C}/talks", "", http.StatusBadRequest, "谈心谈话按党支部登记")
	})
}

func actorFor(personID int64, holdings ...zhibu.Holding) zhibu.Actor {
	roles, grants, scope := zhibu.Rights(personID, holdings, nil)
	return zhibu.Actor{AccountID: personID + 1000, PersonID: personID, Name: "测试", Roles: roles, Grants: grants, Scope: scope}
}
