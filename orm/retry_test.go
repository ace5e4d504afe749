package orm_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestRetryDeadlock: two factory transactions rename two departments in
// opposite orders and deadlock; with Retry the victim runs again in a new
// Session and both renames are committed, three runs in all.
func TestRetryDeadlock(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		if w.backend == testdb.SQLite {
			t.Skip("SQLite has one writer at a time: its transactions do not deadlock")
		}
		ctx := t.Context()
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return errors.Join(s.Add(&shop.Department{ID: 1, Name: "one"}), s.Add(&shop.Department{ID: 2, Name: "two"}))
		}); err != nil {
			t.Fatal(err)
		}
		f := orm.NewSessionFactory(w.eng, orm.WithRetry(3))
		var mu sync.Mutex
		runs := 0
		var firstLocks sync.WaitGroup
		firstLocks.Add(2)
		// finished[i] closes when transaction i has committed or failed.
		finished := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
		rename := func(me int, first, second int64, suffix string) func(*orm.Session) error {
			var once sync.Once
			started := false
			return func(s *orm.Session) error {
				mu.Lock()
				runs++
				mu.Unlock()
				if started {
					// The victim's second run reads, then writes, each
					// name: at READ COMMITTED it must read after the other
					// transaction's commit, or it writes back a name
					// without the other's suffix (a lost update no retry
					// can prevent; a version column would catch it).
					<-finished[1-me]
				}
				started = true
				for i, id := range []int64{first, second} {
					d, err := orm.Get[shop.Department](ctx, s, id)
					if err != nil {
						return err
					}
					d.Name += suffix
					if err := s.Flush(ctx); err != nil {
						return err
					}
					if i == 0 {
						// Both hold their first row before either asks
						// for its second, on the first run only.
						once.Do(func() { firstLocks.Done(); firstLocks.Wait() })
					}
				}
				return nil
			}
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		wg.Go(func() { defer close(finished[0]); errs[0] = f.Transaction(ctx, rename(0, 1, 2, "+a")) })
		wg.Go(func() { defer close(finished[1]); errs[1] = f.Transaction(ctx, rename(1, 2, 1, "+b")) })
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if runs != 3 {
			t.Errorf("%d runs, want 3: one deadlock victim run again", runs)
		}
		s := w.f.New()
		defer s.Close()
		for _, id := range []int64{1, 2} {
			d, err := orm.Get[shop.Department](ctx, s, id)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.Name, "+a") || !strings.Contains(d.Name, "+b") {
				t.Errorf("department %d is %q: a rename is missing", id, d.Name)
			}
		}
	})
}

// TestNoRowsNamesTheEntity: One, First and Get with no row return
// ErrNoRows (and sql.ErrNoRows) with the entity in the message.
func TestNoRowsNamesTheEntity(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		none := orm.Select[shop.Department]().Where(shop.Departments.ID.Eq(-1))
		_, errOne := orm.One(ctx, s, none)
		_, errFirst := orm.First(ctx, s, none)
		_, errGet := orm.Get[shop.Department](ctx, s, int64(-1))
		for _, c := range []struct {
			err  error
			want string
		}{
			{errOne, "retort: One: no row of Department"},
			{errFirst, "retort: First: no row of Department"},
			{errGet, "retort: Get: no Department with key [-1]"},
		} {
			if !errors.Is(c.err, orm.ErrNoRows) || !errors.Is(c.err, sql.ErrNoRows) || !strings.Contains(fmt.Sprint(c.err), c.want) {
				t.Errorf("%v, want ErrNoRows saying %q", c.err, c.want)
			}
		}
		if d, err := orm.OneOrNone(ctx, s, none); d != nil || err != nil {
			t.Errorf("OneOrNone: %v, %v", d, err)
		}
	})
}
