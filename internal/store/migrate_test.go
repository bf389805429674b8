package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// TestMigrationsInStep: the two engines' migrations have the same files,
// and after migrating, the same schema, read back from each engine's
// catalogue: the same tables, each with the same columns of matching types
// and nullability, the same primary key, and the same indexes with their
// columns and uniqueness.
func TestMigrationsInStep(t *testing.T) {
	list := func(engine string) []string {
		var names []string
		filepath.WalkDir(filepath.Join("migrations", engine), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, d.Name())
			}
			return nil
		})
		slices.Sort(names)
		return names
	}
	if a, b := list("sqlite"), list("postgres"); len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("migrations differ: sqlite %v, postgres %v", a, b)
	}

	ctx := context.Background()
	path := storetest.SQLitePath(t)
	lite := migratedRaw(t, path, "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	dsn := storetest.PostgresDSN(t) // skips without PostgreSQL
	pg := migratedRaw(t, dsn, "pgx", dsn)

	a, b := sqliteSchema(ctx, t, lite), postgresSchema(ctx, t, pg)
	if len(a.tables) < 20 {
		t.Fatalf("sqlite has %d tables: %v", len(a.tables), a.tables)
	}
	for _, p := range schemaDiff(a, b) {
		t.Error(p)
	}
}

// migratedRaw opens the store on dsn, migrates it, and returns a plain
// connection to the same database.
func migratedRaw(t *testing.T, dsn, driver, rawDSN string) *sql.DB {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(driver, rawDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// column is a column as an engine's catalogue describes it.
type column struct {
	typ     string // the declared type (SQLite) or data_type (PostgreSQL)
	notNull bool
}

// schema is what the migrations made, by table.
type schema struct {
	tables  []string
	columns map[string]map[string]column // table → column → type
	pkeys   map[string]string            // table → primary key columns, "a,b"
	indexes map[string][]string          // table → "unique (a,b)" or "(a,b)", sorted
}

func newSchema() schema {
	return schema{columns: map[string]map[string]column{}, pkeys: map[string]string{}, indexes: map[string][]string{}}
}

// sqliteTypes are the column types the SQLite migrations declare, each with
// the PostgreSQL types it stands for: SQLite keeps dates as text and
// timestamps in its own format.
var sqliteTypes = map[string][]string{
	"INTEGER":   {"bigint", "integer", "smallint"},
	"BIGINT":    {"bigint"},
	"TEXT":      {"text", "character varying", "date"},
	"DATE":      {"date"},
	"TIMESTAMP": {"timestamp with time zone"},
	"BOOLEAN":   {"boolean"},
	"BLOB":      {"bytea"},
	"REAL":      {"double precision", "real"},
}

// typeDrift are columns whose types differ between the engines' migrations
// already applied to databases in use, each with why it is harmless. A
// migration is never edited once released; a new one would have to rebuild
// the table on SQLite to change a declared type.
var typeDrift = map[string]string{
	// SQLite stores a boolean as the integer 0 or 1 whether the column is
	// declared BOOLEAN or INTEGER, and the driver reads both into a bool.
	"dues_payments.paid_by_org": "INTEGER boolean",
}

func sqliteSchema(ctx context.Context, t *testing.T, db *sql.DB) schema {
	t.Helper()
	sc := newSchema()
	sc.tables = queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT GLOB 'search_*_fts*' ORDER BY name`)
	for _, table := range sc.tables {
		sc.columns[table] = map[string]column{}
		rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			t.Fatal(err)
		}
		pk := map[int]string{}
		for rows.Next() {
			var name, typ string
			var notNull bool
			var pkPos int
			if err := rows.Scan(&name, &typ, &notNull, &pkPos); err != nil {
				t.Fatal(err)
			}
			if pkPos > 0 {
				pk[pkPos] = name
				notNull = true // as PostgreSQL makes every primary key column
			}
			sc.columns[table][name] = column{strings.ToUpper(typ), notNull}
		}
		rows.Close()
		var cols []string
		for i := 1; i <= len(pk); i++ {
			cols = append(cols, pk[i])
		}
		sc.pkeys[table] = strings.Join(cols, ",")

		rows, err = db.QueryContext(ctx, `SELECT name, "unique", origin FROM pragma_index_list(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		type index struct {
			name   string
			unique bool
		}
		var idx []index
		for rows.Next() {
			var x index
			var origin string
			if err := rows.Scan(&x.name, &x.unique, &origin); err != nil {
				t.Fatal(err)
			}
			if origin != "pk" {
				idx = append(idx, x)
			}
		}
		rows.Close()
		for _, x := range idx {
			cols := queryStrings(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, x.name)
			sc.indexes[table] = append(sc.indexes[table], indexText(x.unique, cols))
		}
		slices.Sort(sc.indexes[table])
	}
	return sc
}

func postgresSchema(ctx context.Context, t *testing.T, db *sql.DB) schema {
	t.Helper()
	sc := newSchema()
	sc.tables = queryStrings(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	for _, table := range sc.tables {
		sc.columns[table] = map[string]column{}
		rows, err := db.QueryContext(ctx, `SELECT column_name, data_type, is_nullable FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, typ, nullable string
			if err := rows.Scan(&name, &typ, &nullable); err != nil {
				t.Fatal(err)
			}
			if typ == "tsvector" {
				continue // the search index's words (search.go): SQLite keeps them in FTS5 tables
			}
			sc.columns[table][name] = column{typ, nullable == "NO"}
		}
		rows.Close()

		// Each index with its columns in order (an expression counts as
		// "expr"), whether unique, and whether it is the primary key.
		rows, err = db.QueryContext(ctx, `SELECT i.indisunique, i.indisprimary,
				array_to_string(ARRAY(SELECT coalesce(a.attname, 'expr') FROM unnest(i.indkey) WITH ORDINALITY AS k(num, pos)
					LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.pos), ',')
			FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
			WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var unique, primary bool
			var cols string
			if err := rows.Scan(&unique, &primary, &cols); err != nil {
				t.Fatal(err)
			}
			if primary {
				sc.pkeys[table] = cols
				continue
			}
			if strings.HasSuffix(cols, "_tsv") {
				continue // the GIN index of a tsvector, as above
			}
			sc.indexes[table] = append(sc.indexes[table], indexText(unique, strings.Split(cols, ",")))
		}
		rows.Close()
		slices.Sort(sc.indexes[table])
	}
	return sc
}

func indexText(unique bool, cols []string) string {
	s := "(" + strings.Join(cols, ",") + ")"
	if unique {
		s = "unique " + s
	}
	return s
}

// schemaDiff lists how the PostgreSQL schema b differs from the SQLite
// schema a.
func schemaDiff(a, b schema) []string {
	var out []string
	if !slices.Equal(a.tables, b.tables) {
		out = append(out, fmt.Sprintf("tables: sqlite %v, postgres %v", a.tables, b.tables))
	}
	for _, table := range a.tables {
		bc, ok := b.columns[table]
		if !ok {
			continue
		}
		for name, x := range a.columns[table] {
			y, ok := bc[name]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: only in sqlite", table, name))
				continue
			}
			pgTypes, known := sqliteTypes[x.typ]
			if !known {
				out = append(out, fmt.Sprintf("%s.%s: sqlite type %q is not mapped to PostgreSQL types in this test", table, name, x.typ))
			} else if !slices.Contains(pgTypes, y.typ) && typeDrift[table+"."+name] != x.typ+" "+y.typ {
				out = append(out, fmt.Sprintf("%s.%s: sqlite %s, postgres %s (want one of %v)", table, name, x.typ, y.typ, pgTypes))
			}
			if x.notNull != y.notNull {
				out = append(out, fmt.Sprintf("%s.%s: NOT NULL in sqlite %v, in postgres %v", table, name, x.notNull, y.notNull))
			}
		}
		for name := range bc {
			if _, ok := a.columns[table][name]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: only in postgres", table, name))
			}
		}
		if x, y := a.pkeys[table], b.pkeys[table]; x != y {
			out = append(out, fmt.Sprintf("%s: primary key sqlite (%s), postgres (%s)", table, x, y))
		}
		if x, y := a.indexes[table], b.indexes[table]; !slices.Equal(x, y) {
			out = append(out, fmt.Sprintf("%s: indexes sqlite %v, postgres %v", table, x, y))
		}
	}
	slices.Sort(out)
	return out
}
