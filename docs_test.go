package zhibu_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink is a Markdown link's target.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocLinks fails for a link in the README or docs/ that leaves the
// repository (another host, or a path above it) or names a file that is not
// there: the docs travel with the binary to isolated networks.
func TestDocLinks(t *testing.T) {
	files, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "README.md")
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			links++
			if strings.Contains(target, "://") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "mailto:") {
				t.Errorf("%s: link %s leaves the repository", f, target)
				continue
			}
			path, _, _ := strings.Cut(target, "#")
			if path == "" {
				continue // an anchor in the same file
			}
			abs, err := filepath.Abs(filepath.Join(filepath.Dir(f), path))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(abs, root+string(filepath.Separator)) {
				t.Errorf("%s: link %s points outside the repository", f, target)
				continue
			}
			if _, err := os.Stat(abs); err != nil {
				t.Errorf("%s: link %s names no file here", f, target)
			}
		}
	}
	if links < 10 {
		t.Fatalf("found %d links in the docs; the pattern reads none", links)
	}
}
