// Package bulletin writes a published bulletin (党建信息简报,
// docs/activities.md) in the forms it leaves zhibu in: a Word document in
// the official layout, a static HTML page a website can host as it is, and
// an Atom feed of a branch's published issues that the bureau's website
// can take in. It is pure: bulletins in, bytes out.
package bulletin

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"zhibu"
	"zhibu/internal/docx"
)

// Info is what the documents name beside the bulletin itself.
type Info struct {
	OrgName  string // the branch that publishes it
	Activity string // the activity it reports on, "" for none
}

// Masthead is the bulletin's name, above every issue.
const Masthead = "党建信息简报"

// Doc is the bulletin as a Word document in the official layout: the
// masthead as the title, the issue and the publisher, the article's title
// and its paragraphs, the channels it was pushed to, and the issuer with
// the date of publication.
func Doc(b zhibu.Bulletin, info Info) *docx.Doc {
	d := docx.New()
	d.Props = docx.Props{Title: Masthead + b.IssueLabel(), Subject: b.Title, Creator: info.OrgName}
	d.Title(Masthead)
	d.Field("期号", b.IssueLabel())
	d.Field("编发", info.OrgName)
	d.Blank()
	d.Title(b.Title)
	for _, p := range b.Paragraphs() {
		d.Para(p)
	}
	if info.Activity != "" {
		d.Field("来源活动", info.Activity)
	}
	if len(b.Channels) > 0 {
		d.Field("发布渠道", channelNames(b.Channels))
	}
	d.Signature(info.OrgName, b.PublishedOn)
	return d
}

func channelNames(cs []zhibu.Channel) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Label()
	}
	return strings.Join(names, "、")
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.B.Title}} - {{.Masthead}}{{.B.IssueLabel}}</title>
<style>
body{font-family:"FangSong","仿宋",serif;max-width:42em;margin:2em auto;padding:0 1em;line-height:1.8;color:#000}
.masthead{text-align:center;color:#c00;font-size:2em;font-weight:bold;margin:0}
.issue{display:flex;justify-content:space-between;border-bottom:2px solid #c00;padding-bottom:.3em}
h1{text-align:center;font-size:1.5em}
p{text-indent:2em;margin:.4em 0}
.meta{color:#444;font-size:.9em;text-indent:0}
</style>
</head>
<body>
<article>
<p class="masthead">{{.Masthead}}</p>
<div class="issue"><span>{{.B.IssueLabel}}</span><span>{{.Org}}编</span><span>{{.B.PublishedOn.Chinese}}</span></div>
<h1>{{.B.Title}}</h1>
{{range .B.Paragraphs}}<p>{{.}}</p>
{{end}}{{if .Channels}}<p class="meta">发布渠道：{{.Channels}}</p>
{{end}}</article>
</body>
</html>
`))

// WriteHTML writes the bulletin as one static, self-contained HTML page
// (no script, no outside resource), its text escaped.
func WriteHTML(w io.Writer, b zhibu.Bulletin, info Info) error {
	return page.Execute(w, map[string]any{"B": b, "Masthead": Masthead, "Org": info.OrgName, "Channels": channelNames(b.Channels)})
}

// Atom feed elements (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Link    []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Summary   string   `xml:"summary"`
	Content   atomText `xml:"content"`
}

// FeedInfo names a branch's feed: its id (a tag URI made of the host and
// the org's code, stable whatever the address) and where its pages are.
type FeedInfo struct {
	OrgName string
	OrgCode string
	Host    string // the server's host name, for the tag URIs
	BaseURL string // the pages' address prefix; an entry links BaseURL + "/" + id + ".html"
}

// WriteFeed writes the branch's published bulletins as an Atom feed, the
// latest first. The feed's updated time is the latest publication (the
// feed does not change when nothing is published), dated in China.
func WriteFeed(w io.Writer, bs []zhibu.Bulletin, info FeedInfo) error {
	tag := "tag:" + info.Host + ",2018:zhibu/" + info.OrgCode + "/bulletins"
	f := atomFeed{Title: info.OrgName + Masthead, ID: tag, Author: atomPerson{Name: info.OrgName},
		Link: []atomLink{{Rel: "alternate", Type: "text/html", Href: info.BaseURL}}}
	var latest zhibu.Date
	for _, b := range bs {
		if b.Status != zhibu.BulletinPublished {
			continue
		}
		if b.PublishedOn.After(latest) {
			latest = b.PublishedOn
		}
		var body bytes.Buffer
		for _, p := range b.Paragraphs() {
			body.WriteString("<p>" + template.HTMLEscapeString(p) + "</p>")
		}
		paras := b.Paragraphs()
		summary := ""
		if len(paras) > 0 {
			summary = paras[0]
		}
		when := stamp(b.PublishedOn)
		f.Entries = append(f.Entries, atomEntry{
			Title: b.IssueLabel() + " " + b.Title, ID: tag + ":" + strconv.Itoa(b.Year) + "-" + strconv.Itoa(b.Issue),
			Updated: when, Published: when, Link: atomLink{Rel: "alternate", Type: "text/html", Href: info.BaseURL + "/" + strconv.FormatInt(b.ID, 10) + ".html"},
			Summary: summary, Content: atomText{Type: "html", Body: body.String()},
		})
	}
	if latest.IsZero() {
		latest = zhibu.MakeDate(2018, 1, 1)
	}
	f.Updated = stamp(latest)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(f)
}

// stamp is the start of day d in China as RFC 3339.
func stamp(d zhibu.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, zhibu.DefaultZone).Format(time.RFC3339)
}
