package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// eventLog is a tracer of every kind that writes each event as a line.
type eventLog struct {
	mu    sync.Mutex
	lines []string
	ends  []engine.StatementEndData
	conns int
}

type startKey struct{}

func (l *eventLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, s)
}

func (l *eventLog) StatementStart(ctx context.Context, d engine.StatementStartData) context.Context {
	l.add(fmt.Sprintf("start %s %s %v", d.Kind, d.SQL, d.Args))
	return context.WithValue(ctx, startKey{}, d.SQL)
}

func (l *eventLog) StatementEnd(ctx context.Context, d engine.StatementEndData) {
	if got, _ := ctx.Value(startKey{}).(string); got != d.SQL {
		l.add(fmt.Sprintf("end without its start's context: %q", got))
	}
	l.mu.Lock()
	l.ends = append(l.ends, d)
	l.mu.Unlock()
	l.add(fmt.Sprintf("end %s %s rows=%d err=%v", d.Kind, d.SQL, d.Rows, d.Err != nil))
}

func (l *eventLog) TxEvent(_ context.Context, d engine.TxEventData) {
	l.add(strings.TrimSpace(fmt.Sprintf("tx %s %s", d.Op, d.Savepoint)))
}

func (l *eventLog) Connect(context.Context, engine.ConnectData) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns++
}

func (l *eventLog) Checkout(_ context.Context, d engine.CheckoutData) {
	l.add(fmt.Sprintf("checkout err=%v", d.Err != nil))
}

func (l *eventLog) Checkin(context.Context, engine.CheckinData) { l.add("checkin") }

func (l *eventLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.lines
	l.lines, l.ends = nil, nil
	return out
}

func (l *eventLog) lastEnd() engine.StatementEndData {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ends[len(l.ends)-1]
}

// placeholder returns the n-th placeholder of the backend's paramstyle.
func placeholder(b backend, n int) string {
	if b.name == testdb.Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

func checkLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEvents checks that the events fire in order, with the row counts of
// an Exec and of a query (known when its Result is closed), around a
// savepoint rolled back and a commit.
func TestEvents(t *testing.T) {
	log := &eventLog{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		createItems(t, eng, 3)
		log.take()
		tx := begin(t, eng)
		upd := "UPDATE items SET qty = qty + 1 WHERE id < " + placeholder(b, 1)
		if n, err := tx.ExecSQL(ctx, upd, int64(3)); err != nil || n != 2 {
			t.Fatalf("update: %d, %v", n, err)
		}
		res, err := tx.QuerySQL(ctx, "SELECT id FROM items ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := res.All(); err != nil {
			t.Fatal(err)
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sp.ExecSQL(ctx, "DELETE FROM items"); err != nil {
			t.Fatal(err)
		}
		// The program's own savepoint is its statement, not one of the
		// engine's savepoint events, whatever it is named.
		if _, err := sp.ExecSQL(ctx, "SAVEPOINT retort_sp_9"); err != nil {
			t.Fatal(err)
		}
		if err := sp.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		checkLines(t, log.take(), []string{
			"checkout err=false",
			"tx BEGIN",
			"start exec " + upd + " [3]",
			"end exec " + upd + " rows=2 err=false",
			"start query SELECT id FROM items ORDER BY id []",
			"end query SELECT id FROM items ORDER BY id rows=3 err=false",
			"start savepoint SAVEPOINT retort_sp_1 []",
			"end savepoint SAVEPOINT retort_sp_1 rows=0 err=false",
			"tx SAVEPOINT retort_sp_1",
			"start exec DELETE FROM items []",
			"end exec DELETE FROM items rows=3 err=false",
			"start exec SAVEPOINT retort_sp_9 []",
			// SQLite reports the count of the statement before a SAVEPOINT:
			// a program's own exec gets the driver's count as it is.
			"end exec SAVEPOINT retort_sp_9 rows=" + map[bool]string{true: "3", false: "0"}[b.name == "sqlite"] + " err=false",
			"start savepoint ROLLBACK TO SAVEPOINT retort_sp_1 []",
			"end savepoint ROLLBACK TO SAVEPOINT retort_sp_1 rows=0 err=false",
			"tx ROLLBACK TO SAVEPOINT retort_sp_1",
			"tx COMMIT",
			"checkin",
		})

		// A rollback, a savepoint released, a query closed early.
		tx = begin(t, eng)
		sp, err = tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err = sp.QuerySQL(ctx, "SELECT id FROM items ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		res.Next()
		if err := res.Close(); err != nil {
			t.Fatal(err)
		}
		if err := sp.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		checkLines(t, log.take(), []string{
			"checkout err=false",
			"tx BEGIN",
			"start savepoint SAVEPOINT retort_sp_1 []",
			"end savepoint SAVEPOINT retort_sp_1 rows=0 err=false",
			"tx SAVEPOINT retort_sp_1",
			"start query SELECT id FROM items ORDER BY id []",
			"end query SELECT id FROM items ORDER BY id rows=1 err=false",
			"start savepoint RELEASE SAVEPOINT retort_sp_1 []",
			"end savepoint RELEASE SAVEPOINT retort_sp_1 rows=0 err=false",
			"tx RELEASE SAVEPOINT retort_sp_1",
			"tx ROLLBACK",
			"checkin",
		})
	}, engine.WithTracer(log))
}

// TestEventsErrors checks that a statement's error reaches its end event,
// for an Exec and for a query, as the *StatementError the caller gets.
func TestEventsErrors(t *testing.T) {
	log := &eventLog{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		for _, kind := range []string{"exec", "query"} {
			tx := begin(t, eng)
			var err error
			if kind == "exec" {
				_, err = tx.ExecSQL(ctx, "UPDATE no_such_table SET x = 1")
			} else {
				var res *engine.Result
				res, err = tx.QuerySQL(ctx, "SELECT * FROM no_such_table")
				if err == nil {
					_, err = res.All()
				}
			}
			if err == nil {
				t.Fatalf("%s on a missing table succeeded", kind)
			}
			end := log.lastEnd()
			var se *engine.StatementError
			if !errors.As(end.Err, &se) || !strings.Contains(se.SQL, "no_such_table") {
				t.Errorf("%s: end event's Err = %v, want a *StatementError naming the SQL", kind, end.Err)
			}
			if end.Err.Error() != err.Error() {
				t.Errorf("%s: end event's Err %q, the caller's %q", kind, end.Err, err)
			}
			_ = tx.Rollback(ctx)
		}
		log.take()
	}, engine.WithTracer(log))
}

// TestEventsDuration checks a statement's duration against a lower bound:
// a statement that sleeps 50ms lasts at least that long, as an Exec and as
// a query (whose end comes when its Result is closed).
func TestEventsDuration(t *testing.T) {
	log := &eventLog{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		sleep := map[string]string{testdb.Postgres: "SELECT pg_sleep(0.05)", testdb.MySQL: "SELECT SLEEP(0.05)"}[b.name]
		if sleep == "" {
			t.Skip("SQLite has no sleep function")
		}
		ctx := t.Context()
		tx := begin(t, eng)
		defer tx.Rollback(ctx)
		res, err := tx.QuerySQL(ctx, sleep)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := res.All(); err != nil {
			t.Fatal(err)
		}
		if d := log.lastEnd(); d.Duration < 50*time.Millisecond || d.Rows != 1 {
			t.Errorf("query: Duration %v (want ≥ 50ms), Rows %d (want 1)", d.Duration, d.Rows)
		}
		if b.name == testdb.Postgres {
			sleep = "SELECT pg_sleep(0.05)" // Exec of a SELECT: PostgreSQL reports its rows
		}
		if _, err := tx.ExecSQL(ctx, sleep); err != nil {
			t.Fatal(err)
		}
		if d := log.lastEnd(); d.Duration < 50*time.Millisecond {
			t.Errorf("exec: Duration %v, want ≥ 50ms", d.Duration)
		}
		log.take()
	}, engine.WithTracer(log))
}

// TestEventsPool checks Connect (on the servers: PostgreSQL and MySQL)
// and that AddTracer after Open observes the transactions begun after it.
func TestEventsPool(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		early := &eventLog{}
		eng2 := open(t, b.dsn, engine.WithTracer(early))
		early.mu.Lock()
		conns := early.conns
		early.mu.Unlock()
		if b.name == testdb.SQLite {
			if conns != 0 {
				t.Errorf("Connect reported %d times on SQLite, which does not observe it", conns)
			}
		} else if conns < 1 {
			t.Errorf("Connect reported %d times, want at least the one Open makes", conns)
		}

		late := &eventLog{}
		tx := begin(t, eng) // begun before AddTracer: not observed
		eng.AddTracer(late)
		if _, err := tx.ExecSQL(t.Context(), "SELECT 1"); err != nil {
			t.Fatal(err)
		}
		_ = tx.Rollback(t.Context())
		if got := late.take(); len(got) != 0 {
			t.Errorf("a transaction begun before AddTracer was observed: %v", got)
		}
		if !connectionOK(t, eng) {
			t.Fatal("SELECT 1 failed")
		}
		checkLines(t, late.take(), []string{
			"checkout err=false", "tx BEGIN",
			"start query SELECT 1 []", "end query SELECT 1 rows=1 err=false",
			"tx COMMIT", "checkin",
		})
		_ = eng2
	})
}

// TestEventsCheckoutTimeout checks that a failed checkout is reported. The
// transactions are read-only, so that the second waits for the one
// connection rather than for the first's turn to write.
func TestEventsCheckoutTimeout(t *testing.T) {
	log := &eventLog{}
	eng := open(t, "sqlite:"+t.TempDir()+"/t.db", engine.WithTracer(log),
		engine.WithPoolSize(1), engine.WithMaxOverflow(0), engine.WithPoolTimeout(50*time.Millisecond))
	tx := begin(t, eng, engine.WithReadOnly(true))
	defer tx.Rollback(t.Context())
	if _, err := eng.Begin(t.Context(), engine.WithReadOnly(true)); !errors.Is(err, engine.ErrPoolTimeout) {
		t.Fatalf("second Begin: %v, want ErrPoolTimeout", err)
	}
	checkLines(t, log.take(), []string{"checkout err=false", "tx BEGIN", "checkout err=true"})
}

// TestE01_StatementEventReceivesTheFinalSQL checks E01: the
// statement event receives the final SQL in the driver's paramstyle ($1 on
// PostgreSQL, ? on SQLite and MySQL) with the arguments in placeholder
// order, once per statement. (SQLAlchemy's context.execution_options has
// no counterpart: the start event carries the statement's Kind.)
func TestE01_StatementEventReceivesTheFinalSQL(t *testing.T) {
	log := &eventLog{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 3)
		log.take()
		stmt := core.Select(Items.Name).Where(Items.ID.Eq(2)).Limit(1)
		c, err := eng.Dialect().Compile(stmt)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.SQL, placeholder(b, 1)) {
			t.Fatalf("compiled SQL %q has no %s", c.SQL, placeholder(b, 1))
		}
		err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
			res, err := tx.Query(t.Context(), stmt)
			if err != nil {
				return err
			}
			_, err = res.One()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, log.take(), []string{
			"checkout err=false", "tx BEGIN",
			fmt.Sprintf("start query %s %v", c.SQL, c.Args),
			"end query " + c.SQL + " rows=1 err=false",
			"tx COMMIT", "checkin",
		})
	}, engine.WithTracer(log))
}

// rewriter tries to rewrite a statement from its start event, which the
// engine does not allow: the data is a copy.
type rewriter struct{ eventLog }

func (r *rewriter) StatementStart(ctx context.Context, d engine.StatementStartData) context.Context {
	d.SQL = "SELECT 2"
	return r.eventLog.StatementStart(ctx, d)
}

// TestE02_NoRewritingAndTheEndSeesRows checks E02 as Retort
// has it: a tracer cannot rewrite the statement (SQLAlchemy's retval=True
// can; a deliberate difference, in docs/differences.md), and the end event
// sees the row count, as after_cursor_execute sees cursor.rowcount.
func TestE02_NoRewritingAndTheEndSeesRows(t *testing.T) {
	r := &rewriter{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 3)
		if got := scalar(t, eng, "SELECT 1"); got != 1 {
			t.Errorf("SELECT 1 returned %d: the tracer rewrote the statement", got)
		}
		err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
			_, err := tx.ExecSQL(t.Context(), "UPDATE items SET qty = 0")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if d := r.lastEnd(); d.Rows != 3 || d.SQL != "UPDATE items SET qty = 0" {
			t.Errorf("end event: %q rows=%d, want the UPDATE with 3 rows", d.SQL, d.Rows)
		}
		r.take()
	}, engine.WithTracer(r))
}

// TestE03_Echo checks E03 as Retort has it: WithLogger logs
// BEGIN, each statement with its duration, and COMMIT or ROLLBACK at Info
// (none of the three for an Autocommit Tx, which sends none);
// at Debug the parameters too, a long list truncated. (SQLAlchemy's
// "[generated in ...]" / "[cached since ...]" and echo="debug"'s rows are
// not logged: see docs/differences.md.)
func TestE03_Echo(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		t.Run(level.String(), func(t *testing.T) {
			var buf bytes.Buffer
			var mu sync.Mutex
			h := slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{
				Level: level,
				ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
					if a.Key == slog.TimeKey || a.Key == "duration" {
						return slog.Attr{} // vary from run to run
					}
					return a
				},
			})
			each(t, func(t *testing.T, b backend, eng *engine.Engine) {
				createItems(t, eng, 0)
				mu.Lock()
				buf.Reset()
				mu.Unlock()
				ph := placeholder(b, 1)
				in := make([]string, 12)
				args := make([]any, 12)
				for i := range in {
					in[i] = placeholder(b, i+1)
					args[i] = int64(i)
				}
				sel := "SELECT id FROM items WHERE id IN (" + strings.Join(in, ", ") + ")"
				err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
					if _, err := tx.ExecSQL(t.Context(), "INSERT INTO items (id, name, qty) VALUES (1, "+ph+", 5)", "apple"); err != nil {
						return err
					}
					res, err := tx.QuerySQL(t.Context(), sel, args...)
					if err != nil {
						return err
					}
					_, err = res.All()
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				_ = eng.Transaction(t.Context(), func(tx *engine.Tx) error { return errors.New("no") })
				// An Autocommit Tx logs its statements alone: it sends
				// no BEGIN or COMMIT.
				err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
					_, err := tx.ExecSQL(t.Context(), "DELETE FROM items")
					return err
				}, engine.WithAutocommit(true))
				if err != nil {
					t.Fatal(err)
				}
				mu.Lock()
				got := buf.String()
				mu.Unlock()
				insert := fmt.Sprintf("level=INFO msg=%q kind=exec rows=1", "INSERT INTO items (id, name, qty) VALUES (1, "+ph+", 5)")
				query := fmt.Sprintf("level=INFO msg=%q kind=query rows=1", sel)
				del := `level=INFO msg="DELETE FROM items" kind=exec rows=1`
				if level == slog.LevelDebug {
					del += " params=()"
					insert += ` params="(\"apple\")"`
					query += ` params="(0, 1, 2, 3, 4, 5, 6, 7 ... 2 parameters truncated ... 10, 11)"`
				}
				want := strings.Join([]string{"level=INFO msg=BEGIN", insert, query, "level=INFO msg=COMMIT",
					"level=INFO msg=BEGIN", "level=INFO msg=ROLLBACK",
					del, ""}, "\n")
				if got != want {
					t.Errorf("echo at %s:\n%s\nwant:\n%s", level, got, want)
				}
			}, engine.WithLogger(slog.New(h)))
		})
	}
}

// lockedWriter serialises writes to a buffer read by the test.
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestE05_CompiledStatementCache checks E05: the engine
// compiles with its dialect, whose cache is keyed on the statement's
// shape, so running one shape with different values leaves the cache's
// size unchanged.
func TestE05_CompiledStatementCache(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 5)
		dia := eng.Dialect()
		run := func(id int64) {
			t.Helper()
			err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
				res, err := tx.Query(t.Context(), core.Select(Items.Name).Where(Items.ID.Eq(id)))
				if err != nil {
					return err
				}
				_, err = res.One()
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		run(1)
		n := dia.CacheLen()
		if n < 1 {
			t.Fatalf("CacheLen = %d after a compile", n)
		}
		for id := int64(2); id <= 5; id++ {
			run(id)
		}
		if got := dia.CacheLen(); got != n {
			t.Errorf("CacheLen went from %d to %d over four runs of one shape", n, got)
		}
	})
}

// noopTracer is the cheapest tracer, for the benchmark.
type noopTracer struct{}

func (noopTracer) StatementStart(ctx context.Context, _ engine.StatementStartData) context.Context {
	return ctx
}
func (noopTracer) StatementEnd(context.Context, engine.StatementEndData) {}

// BenchmarkExecEvents compares an Exec on an engine without tracers and on
// one with a tracer that does nothing. Without tracers the statement path
// has no event code at all (a transaction's driver is wrapped only when
// tracers are registered): the "none" figures are the engine's own.
func BenchmarkExecEvents(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []engine.Option
	}{{"none", nil}, {"noop", []engine.Option{engine.WithTracer(noopTracer{})}}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			eng, err := engine.Open(ctx, "sqlite:"+b.TempDir()+"/bench.db", c.opts...)
			if err != nil {
				b.Fatal(err)
			}
			defer eng.Close()
			tx, err := eng.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.ExecSQL(ctx, "CREATE TABLE t (id INTEGER)"); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tx.ExecSQL(ctx, "UPDATE t SET id = ? WHERE id = ?", 1, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestExecAllocsWithTracers checks, as BenchmarkExecEvents shows, that
// events cost no allocation per Exec: none without tracers (no event code
// runs), and none with a tracer that allocates nothing itself.
func TestExecAllocsWithTracers(t *testing.T) {
	allocs := func(opts ...engine.Option) float64 {
		ctx := t.Context()
		eng := open(t, "sqlite:"+t.TempDir()+"/a.db", opts...)
		tx := begin(t, eng)
		defer tx.Rollback(ctx)
		if _, err := tx.ExecSQL(ctx, "CREATE TABLE t (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
		// The least of a few runs: database/sql and the driver
		// allocate now and then on their own (a pool's growth).
		least := -1.0
		for range 5 {
			n := testing.AllocsPerRun(200, func() {
				if _, err := tx.ExecSQL(ctx, "UPDATE t SET id = ? WHERE id = ?", 1, 2); err != nil {
					t.Fatal(err)
				}
			})
			if least < 0 || n < least {
				least = n
			}
		}
		return least
	}
	none, noop := allocs(), allocs(engine.WithTracer(noopTracer{}))
	if noop > none {
		t.Errorf("Exec allocates %v times with a no-op tracer, %v without", noop, none)
	}
}
