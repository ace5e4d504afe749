package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// jot is a model with every lifecycle hook method: BeforeInsert refuses
// an empty body and one saying "fail after" fails AfterInsert; "panic
// before" and "panic after" make them panic;
// BeforeUpdate counts the edits, a column the flush then writes. Each
// hook writes to hookLog.
type jot struct {
	ID    int64
	Body  string
	Edits int64
}

var jots = func() (t struct {
	*core.Table
	ID    core.Column[int64]
	Body  core.Column[string]
	Edits core.Column[int64]
}) {
	t.Table = core.NewTable("jot")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Body = core.NewColumn[string](t.Table, "body")
	t.Edits = core.NewColumn[int64](t.Table, "edits")
	return t
}()

func init() { orm.Map[jot](jots.Table) }

// hookLog records the hooks and events called, in order; the tests that
// use it do not run in parallel.
var hookLog []string

func logHook(format string, args ...any) { hookLog = append(hookLog, fmt.Sprintf(format, args...)) }

var errEmptyBody = errors.New("a jot needs a body")

func (n *jot) BeforeInsert(context.Context) error {
	logHook("BeforeInsert %s", n.Body)
	switch n.Body {
	case "":
		return errEmptyBody
	case "panic before":
		panic("BeforeInsert " + n.Body)
	}
	return nil
}

func (n *jot) AfterInsert(context.Context) error {
	logHook("AfterInsert %s id>0=%t", n.Body, n.ID > 0)
	switch n.Body {
	case "fail after":
		return errors.New("after insert failed")
	case "panic after":
		panic("AfterInsert " + n.Body)
	}
	return nil
}

func (n *jot) BeforeUpdate(context.Context) error {
	n.Edits++
	logHook("BeforeUpdate %s", n.Body)
	return nil
}

func (n *jot) AfterUpdate(context.Context) error {
	logHook("AfterUpdate %s", n.Body)
	return nil
}

func (n *jot) BeforeDelete(context.Context) error {
	logHook("BeforeDelete %s", n.Body)
	return nil
}

func (n *jot) AfterDelete(context.Context) error {
	logHook("AfterDelete %s", n.Body)
	return nil
}

// takeLog returns the log, joined, and empties it.
func takeLog() string {
	out := strings.Join(hookLog, "; ")
	hookLog = nil
	return out
}

// hookFactory is a factory on w's engine with a factory hook after each
// insert and every session event logging.
func hookFactory(w *world, opts ...orm.SessionOption) *orm.SessionFactory {
	opts = append([]orm.SessionOption{
		orm.WithHook(orm.AfterInsert, func(_ context.Context, n *jot) error { logHook("factory AfterInsert %s", n.Body); return nil }),
		orm.WithBeforeFlush(func(context.Context, *orm.Session) error { logHook("before flush"); return nil }),
		orm.WithAfterFlush(func(context.Context, *orm.Session) error { logHook("after flush"); return nil }),
		orm.WithAfterCommit(func(context.Context, *orm.Session) error { logHook("after commit"); return nil }),
		orm.WithAfterRollback(func(context.Context, *orm.Session) error { logHook("after rollback"); return nil }),
	}, opts...)
	return orm.NewSessionFactory(w.eng, opts...)
}

// TestHooks: the hooks and events of an insert, an update and a delete
// run in the documented order on each backend; BeforeUpdate's change is
// written; a load alone and a flush with nothing to write call no flush
// event.
func TestHooks(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		f := hookFactory(w)
		takeLog()
		s := f.New()
		defer s.Close()
		n := &jot{Body: "a"}
		if err := s.Add(n); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := takeLog(), "before flush; BeforeInsert a; AfterInsert a id>0=true; factory AfterInsert a; after flush; after commit"; got != want {
			t.Errorf("insert:\n got %s\nwant %s", got, want)
		}

		if _, err := orm.All(ctx, s, orm.Select[jot]()); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := takeLog(), "after commit"; got != want {
			t.Errorf("a load and a commit with nothing to write: %s, want %s", got, want)
		}

		n.Body = "b"
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := takeLog(), "before flush; BeforeUpdate b; AfterUpdate b; after flush; after commit"; got != want {
			t.Errorf("update:\n got %s\nwant %s", got, want)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT body, edits FROM jot")
		if err != nil || fmt.Sprint(rows) != "[[b 1]]" {
			t.Errorf("after the update: %v, %v; want body b and the edit BeforeUpdate counted", rows, err)
		}

		if err := s.Delete(n); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := takeLog(), "before flush; BeforeDelete b; AfterDelete b; after flush; after commit"; got != want {
			t.Errorf("delete:\n got %s\nwant %s", got, want)
		}
	})
}

// TestHookFailures: a BeforeInsert error ends the flush before anything
// is sent, names the event and the object, and leaves the object pending
// for a later flush; an AfterInsert error fails the flush as a failed
// statement does (rolled back, ErrNeedsRollback until Rollback), with the
// after-rollback event called; an after-commit error leaves the commit
// standing.
func TestHookFailures(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		f := hookFactory(w)
		s := f.New()
		defer s.Close()
		n := &jot{}
		if err := s.Add(n); err != nil {
			t.Fatal(err)
		}
		takeLog()
		w.rec.Reset()
		err := s.Commit(ctx)
		var he *orm.HookError
		if !errors.Is(err, errEmptyBody) || !errors.As(err, &he) || he.Event != orm.BeforeInsert || he.Object != n ||
			!strings.Contains(err.Error(), "BeforeInsert of *orm_test.jot: a jot needs a body") {
			t.Errorf("a refusing BeforeInsert: %v", err)
		}
		if got := w.statements("INSERT"); len(got) != 0 {
			t.Errorf("INSERTs sent after a refusing BeforeInsert: %v", got)
		}
		if st := inspect(t, s, n); st != orm.Pending {
			t.Errorf("the refused object is %v, want pending", st)
		}
		n.Body = "fixed"
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("the flush after the fix: %v", err)
		}
		takeLog()

		bad := &jot{Body: "fail after"}
		if err := s.Add(bad); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err == nil || !strings.Contains(err.Error(), "AfterInsert of *orm_test.jot: after insert failed") {
			t.Errorf("a failing AfterInsert: %v", err)
		}
		if got, want := takeLog(), "before flush; BeforeInsert fail after; AfterInsert fail after id>0=true; after rollback"; got != want {
			t.Errorf("a failing AfterInsert:\n got %s\nwant %s", got, want)
		}
		if _, err := orm.All(ctx, s, orm.Select[jot]()); !errors.Is(err, orm.ErrNeedsRollback) {
			t.Errorf("a query after the failed flush: %v, want ErrNeedsRollback", err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "jot"); n != 1 {
			t.Errorf("%d jots after the failed flush, want the fixed one only", n)
		}

		failing := orm.NewSessionFactory(w.eng, orm.WithAfterCommit(func(context.Context, *orm.Session) error { return errors.New("publish failed") }))
		s2 := failing.New()
		defer s2.Close()
		if err := s2.Add(&jot{Body: "published"}); err != nil {
			t.Fatal(err)
		}
		if err := s2.Commit(ctx); err == nil || !strings.Contains(err.Error(), "the transaction is committed") {
			t.Errorf("a failing after-commit event: %v", err)
		}
		if n := w.count(t, "jot"); n != 2 {
			t.Errorf("%d jots after a failing after-commit event, want the commit to stand (2)", n)
		}
		takeLog()
	})
}

// TestBeforeFlushEvent: a before-flush function can see what the flush
// will write (Dirty), add objects that the same flush writes, and query
// without a flush of its own; a Flush from inside it fails; its error
// ends the flush before anything is sent.
func TestBeforeFlushEvent(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, jots.Table); err != nil {
			t.Fatal(err)
		}
		var inner error
		audit := orm.WithBeforeFlush(func(ctx context.Context, s *orm.Session) error {
			dirty, err := s.Dirty()
			if err != nil {
				return err
			}
			for _, obj := range dirty {
				if n, ok := obj.(*jot); ok {
					if err := s.Add(&jot{Body: "audit: " + n.Body}); err != nil {
						return err
					}
				}
			}
			if _, err := orm.All(ctx, s, orm.Select[jot]()); err != nil {
				return err
			}
			inner = s.Flush(ctx)
			return nil
		})
		f := orm.NewSessionFactory(w.eng, audit)
		s := f.New()
		defer s.Close()
		n := &jot{Body: "a"}
		if err := s.Add(n); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if inner == nil || !strings.Contains(inner.Error(), "called from a flush's own event or hook") {
			t.Errorf("Flush inside a before-flush event: %v", inner)
		}
		n.Body = "b"
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT body FROM jot ORDER BY id")
		if err != nil || fmt.Sprint(rows) != "[[b] [audit: b]]" {
			t.Errorf("rows: %v, %v; want the jot and the audit row the event added", rows, err)
		}
		if got := len(w.statements("INSERT")); got != 1 {
			t.Errorf("%d INSERTs, want the audit row's one", got)
		}

		refuse := orm.NewSessionFactory(w.eng, orm.WithBeforeFlush(func(context.Context, *orm.Session) error { return errors.New("closed for writes") }))
		s2 := refuse.New()
		defer s2.Close()
		if err := s2.Add(&jot{Body: "c"}); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s2.Commit(ctx); err == nil || !strings.Contains(err.Error(), "before-flush event: closed for writes") {
			t.Errorf("a refusing before-flush event: %v", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent after a refusing before-flush event: %q", n, w.rec.SQL())
		}
	})
}

// TestHookOptionsBadInput: a nil function is a programming error, found
// as the factory is made.
func TestHookOptionsBadInput(t *testing.T) {
	for name, opt := range map[string]func() orm.SessionOption{
		"WithHook": func() orm.SessionOption { return orm.WithHook[jot](orm.BeforeInsert, nil) },
		"WithHook event": func() orm.SessionOption {
			return orm.WithHook(orm.HookEvent(99), func(context.Context, *jot) error { return nil })
		},
		"WithBeforeFlush":   func() orm.SessionOption { return orm.WithBeforeFlush(nil) },
		"WithAfterRollback": func() orm.SessionOption { return orm.WithAfterRollback(nil) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "retort: With") {
					t.Errorf("%s: recovered %v, want a panic naming the option", name, r)
				}
			}()
			orm.NewSessionFactory(nil, opt())
		}()
	}
}

// A hook registered on the factory fills a column before each INSERT, and
// a before-flush event refuses a flush that would delete a user.
func ExampleWithHook() {
	ctx := context.Background()
	eng, _ := exampleShop(ctx)
	defer eng.Close()
	f := orm.NewSessionFactory(eng,
		orm.WithHook(orm.BeforeInsert, func(_ context.Context, o *shop.Order) error {
			if o.Status == "" {
				o.Status = "new"
			}
			return nil
		}),
		orm.WithBeforeFlush(func(_ context.Context, s *orm.Session) error {
			deleted, err := s.Deleted()
			for _, obj := range deleted {
				if _, ok := obj.(*shop.User); ok {
					return errors.New("users are never deleted")
				}
			}
			return err
		}))
	s := f.New()
	defer s.Close()
	ann, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("ann@example.com")))
	if err != nil {
		log.Fatal(err)
	}
	order := &shop.Order{CreatedAt: ann.CreatedAt}
	ann.Orders = append(ann.Orders, order)
	if err := s.Commit(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", order.Status)
	if err := s.Delete(ann); err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Commit(ctx))
	// Output:
	// status: new
	// retort: flush: before-flush event: users are never deleted
}

// An AfterLoad function runs for each user a query brings into the
// session, once the query has loaded its orders (lazy:selectin in the
// mapping); a user the session holds already is returned without it.
func ExampleWithHook_afterLoad() {
	ctx := context.Background()
	eng, _ := exampleShop(ctx)
	defer eng.Close()
	f := orm.NewSessionFactory(eng, orm.WithHook(orm.AfterLoad, func(_ context.Context, u *shop.User) error {
		fmt.Println("loaded", u.Email, "with", len(u.Orders), "orders")
		return nil
	}))
	s := f.New()
	defer s.Close()
	q := orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc())
	users, err := orm.All(ctx, s, q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(users), "users")
	again, err := orm.All(ctx, s, q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(again), "users again, the same objects:", again[0] == users[0])
	// Output:
	// loaded ann@example.com with 2 orders
	// loaded bob@example.com with 1 orders
	// loaded cid@example.com with 0 orders
	// 3 users
	// 3 users again, the same objects: true
}
