package engine_test

import (
	"errors"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/testdb"
)

// diagEngine opens a SQLite engine whose leak reports go to the returned
// buffer.
func diagEngine(t *testing.T, opts ...engine.Option) (*engine.Engine, *testdb.LogBuffer) {
	buf := &testdb.LogBuffer{}
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	opts = append(opts, engine.WithDiagLogger(slog.New(slog.NewTextHandler(buf, nil))))
	return open(t, dsn, opts...), buf
}

// waitFor polls until cond holds, for at most two seconds, forcing
// collections meanwhile.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		if cond() {
			return true
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	return cond()
}

// nextLine returns file:line of the line after its call.
func nextLine() string {
	_, file, l, _ := runtime.Caller(1)
	return file[strings.LastIndex(file, "/")+1:] + ":" + strconv.Itoa(l+1)
}

// TestLeakedResult drops a Result unclosed: it is reported, naming the
// line that opened it (CallSites is on), while its transaction still refuses other
// statements until it ends.
func TestLeakedResult(t *testing.T) {
	eng, buf := diagEngine(t, engine.WithCallSites(true))
	ctx := t.Context()
	tx, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var site string
	func() {
		site = nextLine()
		res, err := tx.QuerySQL(ctx, "SELECT 1 UNION ALL SELECT 2")
		if err != nil {
			t.Fatal(err)
		}
		res.Next()
	}()
	if !waitFor(func() bool { return strings.Contains(buf.String(), "never closed") }) {
		t.Fatalf("no report of the dropped Result; log: %q", buf.String())
	}
	if out := buf.String(); !strings.Contains(out, site) || !strings.Contains(out, "SELECT 1 UNION ALL SELECT 2") {
		t.Errorf("report %q does not name %s and the SQL", out, site)
	}
	if _, err := tx.ExecSQL(ctx, "SELECT 1"); err == nil {
		t.Errorf("a statement ran while the dropped Result's rows were open")
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Errorf("Rollback: %v", err)
	}
}

// TestClosedResultNotReported: a Result closed, read to the end, or
// closed by Commit is never reported.
func TestClosedResultNotReported(t *testing.T) {
	eng, buf := diagEngine(t)
	ctx := t.Context()
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := must(tx.QuerySQL(ctx, "SELECT 1")).All(); err != nil {
			return err
		}
		res := must(tx.QuerySQL(ctx, "SELECT 1"))
		if err := res.Close(); err != nil {
			return err
		}
		must(tx.QuerySQL(ctx, "SELECT 1")).Next() // closed by Commit
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if out := buf.String(); out != "" {
		t.Errorf("reported: %q", out)
	}
}

// TestClosesResults: a Result of a transaction begun with
// enginehook.ClosesResults is not watched, so one dropped unclosed is not
// reported; it still holds the connection until Rollback closes it, and
// the transaction itself is still reported when it runs long, naming the
// line that began it.
func TestClosesResults(t *testing.T) {
	eng, buf := diagEngine(t, engine.WithLongTransaction(50*time.Millisecond), engine.WithCallSites(true))
	ctx := t.Context()
	site := nextLine()
	tx, err := eng.Begin(ctx, enginehook.ClosesResults.(engine.TxOption))
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	func() {
		res := must(tx.QuerySQL(ctx, "SELECT 1 UNION ALL SELECT 2"))
		res.Next()
	}()
	if !waitFor(func() bool { return strings.Contains(buf.String(), "still open") }) {
		t.Fatalf("no report of the long transaction; log: %q", buf.String())
	}
	if out := buf.String(); strings.Contains(out, "never closed") || !strings.Contains(out, site) {
		t.Errorf("report %q: want the long transaction's only, naming %s", out, site)
	}
	if _, err := tx.ExecSQL(ctx, "SELECT 1"); !errors.Is(err, engine.ErrResultOpen) {
		t.Errorf("a statement while the dropped Result was open: %v, want ErrResultOpen", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if s := eng.Stats(); s.InUse != 0 {
		t.Errorf("%d connections in use after Rollback", s.InUse)
	}
}

// TestLongTransaction holds a transaction past a 50ms threshold: the
// warning names the line that began it (CallSites is on). One committed in time is not
// reported.
func TestLongTransaction(t *testing.T) {
	eng, buf := diagEngine(t, engine.WithLongTransaction(50*time.Millisecond), engine.WithCallSites(true))
	ctx := t.Context()
	quick, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := quick.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	// Read-only, so that the writable transaction below does not wait
	// for it to end.
	site := nextLine()
	tx, err := eng.Begin(ctx, engine.WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if !waitFor(func() bool { return strings.Contains(buf.String(), "still open") }) {
		t.Fatalf("no report of the long transaction; log: %q", buf.String())
	}
	out := buf.String()
	if !strings.Contains(out, site) || strings.Count(out, "still open") != 1 {
		t.Errorf("report %q: want one, naming %s", out, site)
	}
	// Through Engine.Transaction, the site is the caller's, not tx.go's.
	buf2 := len(out)
	site2 := nextLine()
	err = eng.Transaction(ctx, func(*engine.Tx) error { time.Sleep(120 * time.Millisecond); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if later := buf.String()[buf2:]; !strings.Contains(later, site2) {
		t.Errorf("report %q does not name %s", later, site2)
	}
}

// TestReportsWithoutCallSites: by default no call site is recorded, at
// Begin or at Query, yet a dropped Result and a long transaction are
// still reported, with their SQL and a hint in place of a site.
func TestReportsWithoutCallSites(t *testing.T) {
	eng, buf := diagEngine(t, engine.WithLongTransaction(50*time.Millisecond))
	ctx := t.Context()
	tx, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if engine.SiteRecorded(tx) {
		t.Errorf("Begin recorded a call site with CallSites off")
	}
	func() {
		res := must(tx.QuerySQL(ctx, "SELECT 1 UNION ALL SELECT 2"))
		res.Next()
	}()
	if !waitFor(func() bool {
		out := buf.String()
		return strings.Contains(out, "never closed") && strings.Contains(out, "still open")
	}) {
		t.Fatalf("want both reports; log: %q", buf.String())
	}
	out := buf.String()
	if strings.Contains(out, "site=") || strings.Count(out, "WithCallSites(true)") != 2 ||
		!strings.Contains(out, "SELECT 1 UNION ALL SELECT 2") {
		t.Errorf("reports %q: want the SQL and two hints, no site", out)
	}

	on, _ := diagEngine(t, engine.WithCallSites(true))
	tx2, err := on.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Rollback(ctx)
	if !engine.SiteRecorded(tx2) {
		t.Errorf("Begin recorded no call site with CallSites on")
	}
}
