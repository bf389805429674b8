package archive

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// Verify checks a package: every entry but the manifest is listed in the
// manifest once with its SHA-256 sum, and every line of the manifest names
// an entry with that sum. It returns the entries' paths in the manifest's
// order.
func Verify(r io.ReaderAt, size int64) ([]string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		if byName[f.Name] != nil {
			return nil, fmt.Errorf("verify: %s twice", f.Name)
		}
		byName[f.Name] = f
	}
	mf := byName[Manifest]
	if mf == nil {
		return nil, fmt.Errorf("verify: no %s", Manifest)
	}
	rc, err := mf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var paths []string
	listed := map[string]bool{}
	sc := bufio.NewScanner(rc)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			return nil, fmt.Errorf("verify: manifest line %q", sc.Text())
		}
		f := byName[name]
		if f == nil || listed[name] {
			return nil, fmt.Errorf("verify: manifest names %s: missing or twice", name)
		}
		listed[name] = true
		got, err := sumOf(f)
		if err != nil {
			return nil, err
		}
		if got != sum {
			return nil, fmt.Errorf("verify: %s: sum %s, manifest says %s", name, got, sum)
		}
		paths = append(paths, name)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for name := range byName {
		if name != Manifest && !listed[name] {
			return nil, fmt.Errorf("verify: %s is not in the manifest", name)
		}
	}
	return paths, nil
}

func sumOf(f *zip.File) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", fmt.Errorf("verify %s: %w", f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
