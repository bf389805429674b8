// Command benchfloor is the floor the load test of docs/performance.md
// measures zhibu against, in the same run and on the same core: a bare
// net/http handler (GET /bare), and the raw SQL count of held meetings per
// org per month of a year on zhibu's own database (GET /sql), without
// scoping, rules or templates. It is a measuring tool, not part of zhibu:
// its one query reads the database read-only.
//
//	benchfloor -addr 127.0.0.1:8099 -db DSN -year 2025
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8099", "listen address")
	dsn := flag.String("db", "", "zhibu's database: a SQLite file or a postgres:// URL")
	year := flag.Int("year", 2025, "the year counted")
	flag.Parse()
	driver, source, month := "sqlite", "file:"+*dsn+"?mode=ro&_pragma=busy_timeout(10000)", "substr(starts_at, 1, 7)"
	if strings.HasPrefix(*dsn, "postgres://") || strings.HasPrefix(*dsn, "postgresql://") {
		driver, source, month = "pgx", *dsn, "to_char(starts_at, 'YYYY-MM')"
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	if driver == "pgx" {
		db.SetMaxOpenConns(16)
	}
	from := time.Date(*year, 1, 1, 0, 0, 0, 0, time.UTC)
	count := `SELECT org_id, ` + month + `, COUNT(*) FROM meetings WHERE status = 'held' AND starts_at >= $1 AND starts_at < $2
		GROUP BY org_id, ` + month
	http.HandleFunc("GET /bare", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	http.HandleFunc("GET /sql", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		defer cancel()
		var lo, hi any = from.Format("2006-01-02"), from.AddDate(1, 0, 0).Format("2006-01-02") // SQLite keeps text
		if driver == "pgx" {
			lo, hi = from, from.AddDate(1, 0, 0)
		}
		rows, err := db.QueryContext(ctx, count, lo, hi)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		type cell struct {
			Org   int64  `json:"org"`
			Month string `json:"month"`
			N     int    `json:"n"`
		}
		var out []cell
		for rows.Next() {
			var c cell
			if err := rows.Scan(&c.Org, &c.Month, &c.N); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			out = append(out, c)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
