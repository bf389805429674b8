package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations
var migrations embed.FS

// migrationFiles lists one engine's migrations in order.
func migrationFiles(engine string) ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/"+engine+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// Migrate applies the migrations not yet applied, each in its own
// transaction, and records them in schema_migrations.
func (s *Store) Migrate(ctx context.Context) error {
	if _, err := s.wdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	files, err := migrationFiles(string(s.dialect))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, f := range files {
		version := strings.TrimSuffix(f[strings.LastIndex(f, "/")+1:], ".sql")
		body, err := migrations.ReadFile(f)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if fill := s.afterMigration(version); fill != nil {
				if err := fill(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
				version, s.stamp().Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", version, err)
		}
	}
	return nil
}

// Empty reports whether the database holds no orgs (the demo loads only
// into an empty database).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n)
	return n == 0, err
}

// afterMigration is what fills, in its transaction, the state a migration
// adds from the records already there, when SQL alone cannot: nil for
// most migrations.
func (s *Store) afterMigration(version string) func(context.Context, *sql.Tx) error {
	switch version {
	case "0008_dev_pending":
		return s.fillDevPending // devpending.go
	case "0020_search":
		return s.fillSearch // search.go
	case "0024_dev_files":
		return s.fillDevFiles // devpending.go
	}
	return nil
}
