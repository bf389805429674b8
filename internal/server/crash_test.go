package server_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhibu"
	"zhibu/internal/auth"
	"zhibu/internal/demo/demotest"
	"zhibu/internal/server"
	"zhibu/internal/service"
	"zhibu/internal/store"
	"zhibu/internal/store/storetest"
)

// crashChildEnv names the SQLite file the child server of TestCrashSafety
// serves; unset, TestCrashServerChild does nothing.
const crashChildEnv = "ZHIBU_CRASH_CHILD_DB"

// TestCrashServerChild is the server TestCrashSafety runs in a process of
// its own (this test binary again) and kills: it serves the database named
// by $ZHIBU_CRASH_CHILD_DB on a free port, which it prints, until killed.
func TestCrashServerChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		return // only as TestCrashSafety's child
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(s, service.New(s, service.Options{}), server.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ADDR %s\n", ln.Addr())
	http.Serve(ln, h)
}

// TestCrashSafety runs a server in a process of its own under four
// concurrent writers (people added through the API) and kills it with
// SIGKILL three times. Every write the server acknowledged must be in the
// database afterwards, PRAGMA integrity_check must say ok, and the audit
// trail must verify.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: not in -short")
	}
	ctx := context.Background()
	s := demotest.SQLite(t)
	path, _ := s.SQLitePath()
	const token = "zb_crash-test-token-not-a-secret"
	zb03 := demoWithToken(t, s, token, "崩溃测试")
	s.Close()

	var (
		mu    sync.Mutex
		acked = map[int64]string{} // person id → name, as the server acknowledged it
		seq   atomic.Int64
	)
	client := &http.Client{Timeout: 10 * time.Second}
	write := func(addr string) error {
		n := seq.Add(1)
		birth := zhibu.MakeDate(1960+int(n%40), time.Month(1+n%12), 1+int(n%28))
		name := "崩溃" + strconv.FormatInt(n, 10)
		body, _ := json.Marshal(map[string]any{"name": name, "gender": "男", "ethnicity": "汉族", "birth_date": birth.String(),
			"id_number": zhibu.MakeIDNumber("650102", birth, 2*int(n%400)+1), "status": "applicant",
			"applied_on": "2025-03-01", "org_id": zb03.ID})
		req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/people", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return err // killed: not acknowledged
		}
		defer resp.Body.Close()
		var got struct{ ID int64 }
		if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&got) != nil || got.ID == 0 {
			b, _ := io.ReadAll(resp.Body)
			return fmt.Errorf("add person: %d %s", resp.StatusCode, b)
		}
		mu.Lock()
		acked[got.ID] = name
		mu.Unlock()
		return nil
	}
	const kills = 3
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashServerChild$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		addrC := make(chan string, 1)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
					addrC <- a
				}
			}
		}()
		var addr string
		select {
		case addr = <-addrC:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatal("the child server did not start")
		}
		before := len(acked)
		var wg sync.WaitGroup
		var failures atomic.Int32
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					if err := write(addr); err != nil {
						if strings.HasPrefix(err.Error(), "add person") {
							failures.Add(1)
							t.Error(err)
						}
						return
					}
				}
			}()
		}
		time.Sleep(time.Duration(600+300*k) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		wg.Wait()
		cmd.Wait()
		mu.Lock()
		t.Logf("kill %d: %d writes acknowledged before SIGKILL", k+1, len(acked)-before)
		mu.Unlock()
		if failures.Load() > 0 {
			t.FailNow()
		}
	}

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	raw.Close()
	s, err = store.Open(ctx, path, storetest.Keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	missing := 0
	for id, name := range acked {
		p, err := s.Person(sys, id)
		if err != nil || p.Name != name {
			missing++
		}
	}
	if len(acked) == 0 || missing > 0 {
		t.Fatalf("%d of %d acknowledged writes missing after %d kills", missing, len(acked), kills)
	}
	if n, p, err := s.VerifyAudit(sys); err != nil || p != nil {
		t.Fatalf("audit verify after %d kills: %v, %v (%d checked)", kills, p, err, n)
	}
	t.Logf("%d kills: %d acknowledged writes, all present; integrity_check ok; audit verify ok", kills, len(acked))
}

// demoWithToken gives the secretary (书记) of the demo in s an API token;
// it returns ZB03, the seed branch the token's holder leads.
func demoWithToken(t *testing.T, s *store.Store, token, label string) zhibu.Org {
	t.Helper()
	accounts, err := s.DemoAccounts(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if a.Login == "书记" {
			if _, err := s.CreateToken(sys, a.ID, label, auth.Hash(token)); err != nil {
				t.Fatal(err)
			}
		}
	}
	zb03, err := s.OrgByCode(sys, "ZB03")
	if err != nil {
		t.Fatal(err)
	}
	return zb03
}
