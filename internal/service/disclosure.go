package service

import (
	"bytes"
	"context"
	"html/template"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
	"zhibu/internal/store"
)

// Disclosures is the branch's disclosure (党务公开): the procedure's steps,
// each with its right, applied by the store under the invariants of
// zhibu.Disclosure, and the public page exported for the bureau's website.
type Disclosures struct {
	store *store.Store
	opt   Options
}

func newDisclosures(st *store.Store, opt Options) *Disclosures {
	return &Disclosures{store: st, opt: opt}
}

// Propose records a proposed item, today, by the actor.
func (x *Disclosures) Propose(ctx context.Context, d zhibu.Disclosure) (zhibu.Disclosure, error) {
	return x.store.ProposeDisclosure(ctx, d, x.opt.today())
}

// Review records the secrecy review of item id, today.
func (x *Disclosures) Review(ctx context.Context, id int64, passed bool, note string) (zhibu.Disclosure, error) {
	return x.store.ReviewDisclosure(ctx, id, passed, note, x.opt.today())
}

// Approve records the secretary's approval of item id, today.
func (x *Disclosures) Approve(ctx context.Context, id int64) (zhibu.Disclosure, error) {
	return x.store.ApproveDisclosure(ctx, id, x.opt.today())
}

// Publish publishes item id today; without the review and the approval it
// is refused.
func (x *Disclosures) Publish(ctx context.Context, id int64) (zhibu.Disclosure, error) {
	return x.store.PublishDisclosure(ctx, id, x.opt.today())
}

// Withdraw withdraws item id today, with a reason.
func (x *Disclosures) Withdraw(ctx context.Context, id int64, reason string) (zhibu.Disclosure, error) {
	return x.store.WithdrawDisclosure(ctx, id, reason, x.opt.today())
}

// publicPage is the static page of a branch's public items: one HTML file
// with its style inline, nothing fetched from elsewhere.
var publicPage = template.Must(template.New("public").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Org}}党务公开</title>
<style>
body{font-family:"FangSong","仿宋",serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.8;color:#222}
h1{text-align:center;color:#b00;font-family:"SimSun","宋体",serif}
article{border-top:1px solid #ccc;padding:1em 0}
.meta{color:#666;font-size:.9em}
p{white-space:pre-wrap}
</style>
</head>
<body>
<h1>{{.Org}}党务公开</h1>
{{- range .Items}}
<article>
<h2>{{.Title}}</h2>
<p class="meta">{{.Category.Label}} · {{.Period.Label}} · 公开日期：{{.PublishedOn.Chinese}}</p>
<p>{{.Content}}</p>
</article>
{{- else}}
<p>暂无对外公开事项。</p>
{{- end}}
</body>
</html>
`))

// PublicPage is the static page of the branch's items published to the
// public (not withdrawn), for the bureau's website. The export is audited.
func (x *Disclosures) PublicPage(ctx context.Context, orgID int64) ([]byte, error) {
	org, err := x.store.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	items, err := x.store.Disclosures(ctx, store.DisclosureFilter{OrgID: orgID, Published: true, Audience: zhibu.AudiencePublic})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := publicPage.Execute(&b, struct {
		Org   string
		Items []zhibu.Disclosure
	}{org.Name, items}); err != nil {
		return nil, err
	}
	err = x.store.Audit(ctx, store.Event{Action: audit.DiscloseExport, ObjectType: "org", ObjectID: strconv.FormatInt(org.ID, 10),
		OrgPath: org.Path, Result: audit.OK, Detail: "导出对外公开页面（" + strconv.Itoa(len(items)) + "项）"})
	return b.Bytes(), err
}
