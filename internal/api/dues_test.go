package api

import (
	"encoding/json"
	"fmt"
	"testing"

	"zhibu"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

func TestDuesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fx := setup(t, s)
		c := caller{t: t, s: s, fx: fx, actor: zhibu.System}
		c.do("POST", "/api/v1/people/{P1}/dues/payments", `{"months":["2026-01"],"amount_fen":1500,"method":"cash","paid_on":"2026-01-05"}`,
			400, "没有适用的缴费基数")
		c.do("POST", "/api/v1/people/{P1}/dues/bases", `{"category":"salaried","base_fen":300001,"from":"2026-01"}`, 201, `"base_fen":300001`, `"from":"2026-01"`)
		c.do("POST", "/api/v1/people/{P2}/dues/bases", `{"category":"salaried","base_fen":300001,"from":"2026-01"}`, 400, "不是党员")
		c.do("POST", "/api/v1/people/{P1}/dues/bases", `{"category":"bogus","base_fen":-1,"from":"2026-13"}`, 400, "月份格式不正确")
		c.do("POST", "/api/v1/people/{P1}/dues/bases", `{"category":"bogus","base_fen":-1,"from":"2026-03"}`, 400, "缴费类别", "缴费基数：不能为负数")
		c.do("POST", "/api/v1/people/{P1}/dues/payments", `{"months":["2026-01","2026-02"],"amount_fen":5999,"method":"cash","paid_on":"2026-02-05"}`,
			400, `"field":"amount"`, "¥60.00")
		c.do("POST", "/api/v1/people/{P1}/dues/payments", `{"months":["2026-01","2026-02"],"amount_fen":6000,"method":"online","paid_on":"2026-02-05"}`,
			201, `"due_fen":6000`, `"months":["2026-01","2026-02"]`, `"recorded_by":"系统"`)
		c.do("POST", "/api/v1/people/{P1}/dues/payments", `{"months":["2026-02"],"amount_fen":3000,"method":"cash","paid_on":"2026-02-06"}`,
			409, "李娜2026年2月的党费已经登记缴纳")
		c.do("POST", "/api/v1/people/{P1}/dues/payments", `{"months":["2026-03"],"amount_fen":"30","method":"cash"}`, 400, "amount_fen")
		c.do("GET", "/api/v1/people/{P1}/dues/payments", ``, 200, `"amount_fen":6000`, `"method":"online"`)
		c.do("GET", "/api/v1/orgs/{B1}/dues?year=2026", ``, 200, `"name":"李娜"`, `"month":"2026-01","state":"paid","due_fen":3000`, `"paid_fen":6000`)
		c.do("GET", "/api/v1/orgs/{B1}/dues?year=abc", ``, 400, "参数 year")
		// A group leader of another group may not record.
		other := zhibu.Actor{AccountID: 5, Name: "外组组长", Scope: zhibu.Scope{Paths: []string{fx.b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}, {Perm: zhibu.PermDuesWrite, Path: fx.g2.Path}}}
		c.as(other).do("POST", "/api/v1/people/{P1}/dues/payments", `{"months":["2026-03"],"amount_fen":3000,"method":"cash","paid_on":"2026-03-01"}`, 403)
		// Reasons and a waiver's approval.
		c.do("POST", "/api/v1/people/{P1}/dues/reasons", `{"from":"2026-05","to":"2026-04","reason":"出国学习"}`, 400, `"field":"`)
		c.do("POST", "/api/v1/people/{P1}/dues/reasons", `{"from":"2026-04","to":"2026-05","reason":"经支部同意缓交"}`, 201, `"reason":"经支部同意缓交"`)
		c.do("POST", "/api/v1/people/{P1}/dues/approve", `{}`, 400, `"field":"base_id"`)
		c.do("POST", "/api/v1/people/{P1}/dues/approve", `{"base_id":99999}`, 404, "未找到待批准的党费减免")
		rec := c.do("POST", "/api/v1/people/{P1}/dues/bases", `{"category":"waived","base_fen":0,"from":"2026-04","note":"身患重病"}`, 201, `"category":"waived"`)
		var waived zhibu.DuesBase
		if err := json.Unmarshal(rec.Body.Bytes(), &waived); err != nil || waived.ID == 0 {
			t.Fatalf("waived base: %v %s", err, rec.Body)
		}
		branchOnly := zhibu.Actor{AccountID: 6, Name: "组织委员", Scope: zhibu.Scope{Paths: []string{fx.b1.Path}},
			Grants: []zhibu.Grant{{Perm: zhibu.PermOrgRead, Path: fx.b1.Path}, {Perm: zhibu.PermDuesWrite, Path: fx.b1.Path}}}
		body := fmt.Sprintf(`{"base_id":%d}`, waived.ID)
		c.as(branchOnly).do("POST", "/api/v1/people/{P1}/dues/approve", body, 403)
		c.do("POST", "/api/v1/people/{P1}/dues/approve", body, 200, `"approved_on":"`)
		c.do("POST", "/api/v1/people/{P1}/dues/approve", body, 404)
		if ps, _ := s.Payments(sys, store.PaymentFilter{PersonID: fx.li.ID}); len(ps) != 1 {
			t.Errorf("%d payments stored", len(ps))
		}
	})
}
