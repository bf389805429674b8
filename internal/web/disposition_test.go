package web

import "testing"

// Every download names its file twice: an ASCII fallback that says what
// the document is, and the Chinese name in UTF-8 (RFC 6266).
func TestContentDispositionFallback(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"第三党支部2026年党费收缴登记簿.xlsx", `attachment; filename="dues-ledger-2026.xlsx"; filename*=UTF-8''%E7%AC%AC%E4%B8%89%E5%85%9A%E6%94%AF%E9%83%A82026%E5%B9%B4%E5%85%9A%E8%B4%B9%E6%94%B6%E7%BC%B4%E7%99%BB%E8%AE%B0%E7%B0%BF.xlsx`},
		{"第三党支部发展党员工作登记簿2026-12-07.xlsx", `attachment; filename="development-register-2026-12-07.xlsx"`},
		{"王芳发展党员纪实.docx", `attachment; filename="development-record.docx"`},
		{"人员花名册模板.xlsx", `attachment; filename="roster-template.xlsx"`},
		{"第三党支部2026-03-05支委会记录.docx", `attachment; filename="minutes-2026-03-05.docx"`},
		{"第三党支部2026年三会一课记录簿.xlsx", `attachment; filename="meetings-register-2026.xlsx"`},
		{"其他.csv", `attachment; filename="document.csv"`},
		{"report \"x\".csv", `attachment; filename="document-report-x.csv"`},
	} {
		got := contentDisposition(tc.name)
		if len(got) < len(tc.want) || got[:len(tc.want)] != tc.want {
			t.Errorf("%s: %s\nwant prefix %s", tc.name, got, tc.want)
		}
	}
}
