package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"zhibu"
	"zhibu/internal/secret"
)

// BenchmarkSubtreeL lists one county bureau's subtree (one committee, 200
// branches, 600 groups) in an org tree of the L tier: a province of 100
// county committees, 20,000 branches and 60,000 groups (80,101 orgs). The
// tree is written with plain SQL to keep set-up short.
//
//	go test -run '^$' -bench SubtreeL -benchtime 50x ./internal/store/
func BenchmarkSubtreeL(b *testing.B) {
	ctx := zhibu.WithActor(context.Background(), zhibu.System)
	s, err := Open(ctx, filepath.Join(b.TempDir(), "l.db"), Keys{Data: secret.Key{1}, Audit: secret.Key{2}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var county int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO orgs (id, code, name, kind, parent_id, path, depth, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		id := int64(0)
		add := func(kind zhibu.OrgKind, parent int64, parentPath string, depth int) (int64, string, error) {
			id++
			path := parentPath + strconv.FormatInt(id, 10) + "/"
			_, err := ins.ExecContext(ctx, id, fmt.Sprintf("L%d", id), fmt.Sprintf("组织%d", id), string(kind), nullID(parent), path, depth, s.stamp())
			return id, path, err
		}
		root, rootPath, err := add(zhibu.KindCommittee, 0, "/", 0)
		if err != nil {
			return err
		}
		for c := 0; c < 100; c++ {
			cid, cpath, err := add(zhibu.KindCommittee, root, rootPath, 1)
			if err != nil {
				return err
			}
			if c == 50 {
				county = cid
			}
			for br := 0; br < 200; br++ {
				bid, bpath, err := add(zhibu.KindBranch, cid, cpath, 2)
				if err != nil {
					return err
				}
				for g := 0; g < 3; g++ {
					if _, _, err := add(zhibu.KindGroup, bid, bpath, 3); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		orgs, err := s.Orgs(ctx, OrgFilter{Under: county})
		if err != nil || len(orgs) != 801 {
			b.Fatalf("subtree: %d orgs, %v", len(orgs), err)
		}
	}
}
