package docx

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// FuzzMarkdown writes arbitrary minutes text into a document: nothing may
// panic, and the XML parts that hold it stay well-formed (text from a user
// never becomes markup).
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"一、会议议程\n（一）学习\n1. 第一项\n（1）细则\n- 要点\n\n正文段落\n接续的一行",
		"<w:p>注入</w:p>&amp;\x00\x01\ufffd]]>",
		"- \n-\n一、\n（\n1.\n",
		strings.Repeat("长", 30) + "\r\n\r\n" + "Latin words\nand more",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := New()
		d.Title("会议记录")
		d.Markdown(text)
		parts := d.parts()
		for _, name := range []string{"word/document.xml", "docProps/core.xml"} {
			part, ok := parts[name]
			if !ok {
				t.Fatalf("no %s", name)
			}
			dec := xml.NewDecoder(bytes.NewReader(part))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed XML for minutes %q: %v", name, text, err)
				}
			}
		}
	})
}
