package orm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestHooksFlushFails: a flush whose statements fail, its context
// cancelled or its connection killed before it sends them, or while it
// sends them (after its INSERT, at its DELETE), calls no After hook,
// ends with its transaction rolled back, and calls the after-rollback
// functions once: not again at Rollback or Close.
func TestHooksFlushFails(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(&jot{Body: "old"}) }); err != nil {
			t.Fatal(err)
		}
		var proxy *testdb.FaultProxy
		pw := *w
		if w.backend != testdb.SQLite {
			var dsn string
			proxy, dsn = testdb.ProxyDSN(t, w.dsn)
			eng, err := engine.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			pw.eng = eng
		}
		const before = "before flush; BeforeInsert new; BeforeDelete old; after rollback"
		for _, tc := range []struct {
			name   string
			remote bool // needs a connection to lose
			// fault readies the failure, given the session, the
			// flush's cancel and the connection's server id.
			fault func(s *orm.Session, cancel func(), id int64)
			want  func(error) bool
		}{
			{"cancelled before", false, func(_ *orm.Session, cancel func(), _ int64) { cancel() },
				func(err error) bool { return errors.Is(err, context.Canceled) }},
			{"killed before", true, func(_ *orm.Session, _ func(), id int64) { w.kill(t, id) }, testdb.LostConnection},
			{"killed at the DELETE", true, func(*orm.Session, func(), int64) { proxy.DropReplyAfter("DELETE", testdb.ThenReset) },
				func(err error) bool { return testdb.LostConnection(err) || errors.Is(err, syscall.ECONNRESET) }},
			{"cancelled at the DELETE", true, func(_ *orm.Session, cancel func(), _ int64) {
				proxy.DropReplyAfter("DELETE", testdb.ThenStall)
				go func() {
					for proxy.Dropped() == 0 {
						time.Sleep(time.Millisecond)
					}
					cancel()
				}()
			}, func(err error) bool { return errors.Is(err, context.Canceled) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if tc.remote && w.backend == testdb.SQLite {
					t.Skip("SQLite has no connection to lose")
				}
				w := w
				if strings.HasSuffix(tc.name, "DELETE") {
					w = &pw
				}
				s := hookFactory(w).New()
				old, err := orm.One(ctx, s, orm.Select[jot]())
				if err != nil {
					t.Fatal(err)
				}
				var id int64
				if w.backend != testdb.SQLite {
					id = backendID(t, w, s)
				}
				if err := s.Add(&jot{Body: "new"}); err != nil {
					t.Fatal(err)
				}
				if err := s.Delete(old); err != nil {
					t.Fatal(err)
				}
				fctx, cancel := context.WithCancel(ctx)
				defer cancel()
				tc.fault(s, cancel, id)
				takeLog()
				err = s.Flush(fctx)
				if !tc.want(err) {
					t.Errorf("Flush: %v", err)
				}
				if strings.Count(err.Error(), "retort: flush:") != 1 {
					t.Errorf("the error names the flush more than once: %v", err)
				}
				if err := s.Rollback(ctx); err != nil {
					t.Errorf("Rollback: %v", err)
				}
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if got := takeLog(); got != before {
					t.Errorf("hooks and events:\n got %s\nwant %s", got, before)
				}
				if rows, err := w.db.QueryStrings(ctx, "SELECT body FROM jot"); err != nil || fmt.Sprint(rows) != "[[old]]" {
					t.Errorf("rows after the failed flush: %v, %v; want the old jot alone", rows, err)
				}
			})
		}
	})
}

// TestBeforeFlushConcurrentUse: a before-flush function runs with the
// session left, so another goroutine may enter it; if that one is still
// inside when the function returns, the flush fails with
// ErrConcurrentUse, before sending anything, and the session works once
// the other goroutine is done.
func TestBeforeFlushConcurrentUse(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		inside, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		started := false
		f := pantryWorld(t, w,
			// The other goroutine's query waits inside the session,
			// in a jar's AfterLoad, until the test releases it.
			orm.WithHook(orm.AfterLoad, func(context.Context, *jar) error {
				inside <- struct{}{}
				<-release
				return nil
			}),
			orm.WithBeforeFlush(func(ctx context.Context, s *orm.Session) error {
				if started {
					return nil
				}
				started = true
				go func() {
					_, err := orm.First(ctx, s, orm.Select[jar]().OrderBy(jars.ID.Asc()))
					done <- err
				}()
				<-inside
				return nil
			}))
		s := f.New()
		defer s.Close()
		if err := s.Add(&jot{Body: "x"}); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		err := s.Flush(ctx)
		if !errors.Is(err, orm.ErrConcurrentUse) || !strings.Contains(err.Error(), "before-flush event") {
			t.Errorf("a flush whose session another goroutine entered: %v", err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Errorf("the other goroutine's query: %v", err)
		}
		if got := w.statements("INSERT"); len(got) != 0 {
			t.Errorf("INSERTs sent: %v", got)
		}
		takeLog()
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("Commit once the other goroutine is done: %v", err)
		}
		if n := w.count(t, "jot"); n != 1 {
			t.Errorf("%d jots, want 1", n)
		}
		takeLog()
	})
}

// TestAfterRollbackAtClose: Close of a session with an open transaction
// rolls it back and calls the after-rollback functions, once; Close of
// one without calls none.
func TestAfterRollbackAtClose(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		s := hookFactory(w).New()
		if err := s.Add(&jot{Body: "x"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		takeLog()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got := takeLog(); got != "after rollback" {
			t.Errorf("hooks and events at Close: %q, want after rollback once", got)
		}
		if n := w.count(t, "jot"); n != 0 {
			t.Errorf("%d jots after Close, want none", n)
		}
	})
}

// TestHookPanics: a hook's panic goes through the call. One in a Before
// hook, before anything is sent, leaves the session and the object as
// they were, to be fixed and flushed; one in an After hook, after the
// statements, rolls the transaction back first, as a failed flush does:
// after-rollback runs once, and the session refuses work until Rollback.
func TestHookPanics(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		s := hookFactory(w).New()
		defer s.Close()
		commit := func() (recovered any) {
			defer func() { recovered = recover() }()
			_ = s.Commit(ctx)
			return nil
		}

		n := &jot{Body: "panic before"}
		if err := s.Add(n); err != nil {
			t.Fatal(err)
		}
		takeLog()
		w.rec.Reset()
		if r := commit(); r != "BeforeInsert panic before" {
			t.Errorf("recovered %v, want BeforeInsert's panic", r)
		}
		if got, want := takeLog(), "before flush; BeforeInsert panic before"; got != want {
			t.Errorf("a panicking BeforeInsert:\n got %s\nwant %s", got, want)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("statements sent: %q", w.rec.SQL())
		}
		if st := inspect(t, s, n); st != orm.Pending {
			t.Errorf("the object is %v, want pending", st)
		}
		n.Body = "fixed"
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("Commit after the fix: %v", err)
		}

		if err := s.Add(&jot{Body: "panic after"}); err != nil {
			t.Fatal(err)
		}
		takeLog()
		if r := commit(); r != "AfterInsert panic after" {
			t.Errorf("recovered %v, want AfterInsert's panic", r)
		}
		if got, want := takeLog(), "before flush; BeforeInsert panic after; AfterInsert panic after id>0=true; after rollback"; got != want {
			t.Errorf("a panicking AfterInsert:\n got %s\nwant %s", got, want)
		}
		if err := s.Commit(ctx); !errors.Is(err, orm.ErrNeedsRollback) || !strings.Contains(err.Error(), "panicked") {
			t.Errorf("Commit after the panic: %v, want ErrNeedsRollback", err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if got := takeLog(); got != "" {
			t.Errorf("Rollback after the panic called %s", got)
		}
		if rows, err := w.db.QueryStrings(ctx, "SELECT body FROM jot"); err != nil || fmt.Sprint(rows) != "[[fixed]]" {
			t.Errorf("rows: %v, %v; want the fixed jot alone", rows, err)
		}
	})
}
