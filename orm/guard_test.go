package orm_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// TestGuardedReads: the functions that read a session's state without SQL
// (Get of a held object, Inspect, IsLoaded, Related) and Merge run while
// another goroutine adds, flushes and loads objects in a loop, which
// writes the identity map and the record of loaded relationships. Each call either gives the right answer or returns
// ErrConcurrentUse; under -race no race is reported, and no call ends the
// process with "concurrent map read and map write" (Inspect did).
func TestGuardedReads(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		dept := &shop.Department{Name: "ops"}
		user := &shop.User{Email: "ann@example.com", Department: dept,
			Orders: []*shop.Order{{Status: "paid"}, {Status: "new"}}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(user) }); err != nil {
			t.Fatal(err)
		}
		reads := []struct {
			name string
			call func(s *orm.Session, u, c *shop.User) error
		}{
			{"Get", func(s *orm.Session, u, c *shop.User) error {
				got, err := orm.Get[shop.User](ctx, s, u.ID)
				if err == nil && got != u {
					return fmt.Errorf("Get returned another object than the held one")
				}
				return err
			}},
			{"Inspect", func(s *orm.Session, u, c *shop.User) error {
				st, err := orm.Inspect(s, u)
				if err == nil && st != orm.Persistent {
					return fmt.Errorf("Inspect: %v, want persistent", st)
				}
				return err
			}},
			{"IsLoaded", func(s *orm.Session, u, c *shop.User) error {
				ok, err := orm.IsLoaded(s, u, shop.Users.Orders)
				if err == nil && !ok {
					return fmt.Errorf("IsLoaded: false for a loaded collection")
				}
				return err
			}},
			{"Related", func(s *orm.Session, u, c *shop.User) error {
				orders, err := orm.Related(s, u, shop.Users.Orders)
				if err == nil && len(orders) != 2 {
					return fmt.Errorf("Related: %d orders, want 2", len(orders))
				}
				return err
			}},
			{"Merge", func(s *orm.Session, u, c *shop.User) error {
				// c is a copy of the held object's columns: Merge
				// returns the held one, its fields unchanged.
				got, err := orm.Merge(ctx, s, c)
				if err == nil && got != u {
					return fmt.Errorf("Merge returned another object than the held one")
				}
				return err
			}},
		}
		for _, read := range reads {
			t.Run(read.name, func(t *testing.T) {
				s := w.f.New()
				defer s.Close()
				u, err := orm.Get[shop.User](ctx, s, user.ID) // Orders load by select-in
				if err != nil {
					t.Fatal(err)
				}
				c := &shop.User{ID: u.ID, Email: u.Email, DepartmentID: u.DepartmentID, IsActive: u.IsActive, CreatedAt: u.CreatedAt}
				// done ends either goroutine's loop: the writer's
				// when the reader failed, the reader's when the
				// writer is through.
				var done atomic.Bool
				var wg sync.WaitGroup
				defer wg.Wait() // before the session closes
				var flushErr error
				wg.Go(func() {
					defer done.Store(true)
					for round := 0; round < 30 && !done.Load(); round++ {
						var batch []*shop.User
						for i := range 20 {
							u := &shop.User{Email: fmt.Sprintf("%s.%d.%d@example.com", read.name, round, i), DepartmentID: dept.ID,
								Orders: []*shop.Order{{Status: "new"}}}
							batch = append(batch, u)
							if err := retry(func() error { return s.Add(u) }); err != nil {
								flushErr = err
								return
							}
						}
						// The flush writes the identity map; the
						// load, the record of loaded relationships.
						err := retry(func() error { return s.Flush(ctx) })
						if err == nil {
							err = retry(func() error { return orm.Load(ctx, s, batch, shop.Users.Orders) })
						}
						if err != nil {
							flushErr = err
							return
						}
					}
				})
				var ok, refused int
				for !done.Load() {
					switch err := read.call(s, u, c); {
					case err == nil:
						ok++
					case errors.Is(err, orm.ErrConcurrentUse):
						refused++
					default:
						t.Errorf("%s during a flush: %v", read.name, err)
						done.Store(true)
					}
				}
				wg.Wait()
				if flushErr != nil {
					t.Fatalf("the flushing goroutine: %v", flushErr)
				}
				if err := read.call(s, u, c); err != nil {
					t.Errorf("%s once alone in the session: %v", read.name, err)
				}
				t.Logf("%d calls answered, %d refused with ErrConcurrentUse", ok, refused)
			})
		}
	})
}

// retry calls f until it does not return ErrConcurrentUse.
func retry(f func() error) error {
	for {
		if err := f(); !errors.Is(err, orm.ErrConcurrentUse) {
			return err
		}
	}
}
