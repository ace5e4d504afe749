package orm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// These tests run sessions that read then write, from many goroutines at
// once, on a SQLite database in a file opened with the engine's defaults:
// what a net/http server with one session per request does. Each write
// session reads a counter (department 1's name) and the user's orders, then
// increments the counter and adds an order. With deferred transactions two
// such sessions that have both read cannot both write: SQLite refuses the
// second at once with SQLITE_BUSY, whatever the busy timeout.

// sqliteShop opens an engine with the default settings on a new SQLite
// database file holding the shop tables, department 1 named "0" and users
// 1 to users.
func sqliteShop(t *testing.T, users int) (*engine.Engine, *orm.SessionFactory) {
	t.Helper()
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	eng, err := engine.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if n := eng.Stats().InUse; n != 0 {
			t.Errorf("%d connections still in use", n)
		}
		eng.Close()
	})
	if err := orm.CreateAll(t.Context(), eng, shop.MappedTables...); err != nil {
		t.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)
	err = f.Transaction(t.Context(), func(s *orm.Session) error {
		d := &shop.Department{ID: 1, Name: "0"}
		for i := range users {
			d.Users = append(d.Users, &shop.User{ID: int64(i + 1), Email: fmt.Sprint("u", i+1), CreatedAt: time.Unix(0, 0)})
		}
		return s.Add(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	return eng, f
}

// countOrders counts the user's orders in s's transaction.
func countOrders(ctx context.Context, s *orm.Session, user int64) (int64, error) {
	tx, err := s.Tx(ctx)
	if err != nil {
		return 0, err
	}
	res, err := tx.Query(ctx, core.Select(core.CountAll()).From(shop.Orders.Table).Where(shop.Orders.UserID.Eq(user)))
	if err != nil {
		return 0, err
	}
	n, err := engine.Scalars[int64](res)
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

// writeOrder is one read-then-write session: it reads the counter and
// checks that the user has the orders it wrote so far (only it writes
// them), then increments the counter and adds the user's order with the
// status given.
func writeOrder(ctx context.Context, f *orm.SessionFactory, user, wrote int64, status string) error {
	return f.Transaction(ctx, func(s *orm.Session) error {
		d, err := orm.Get[shop.Department](ctx, s, int64(1))
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(d.Name, 10, 64)
		if err != nil {
			return err
		}
		if err := checkOrders(ctx, s, user, wrote); err != nil {
			return err
		}
		d.Name = strconv.FormatInt(n+1, 10)
		return s.Add(&shop.Order{UserID: user, Status: status, CreatedAt: time.Now()})
	})
}

// checkOrders fails unless the user has want orders in s's transaction.
func checkOrders(ctx context.Context, s *orm.Session, user, want int64) error {
	n, err := countOrders(ctx, s, user)
	if err == nil && n != want {
		err = fmt.Errorf("user %d has %d orders, want %d", user, n, want)
	}
	return err
}

// readOrders checks the user's orders in a session of f's.
func readOrders(ctx context.Context, f *orm.SessionFactory, user, want int64) error {
	s := f.New()
	defer s.Close()
	return checkOrders(ctx, s, user, want)
}

// checkWrites fails t unless the database holds every order written, by
// status, wrote[i] for user i+1, and the counter counts them all.
func checkWrites(t *testing.T, f *orm.SessionFactory, wrote []int64) {
	t.Helper()
	s := f.New()
	defer s.Close()
	orders, err := orm.All(t.Context(), s, orm.Select[shop.Order]())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, o := range orders {
		got[o.Status] = true
	}
	var total int64
	for i, n := range wrote {
		for j := range n {
			if status := fmt.Sprintf("u%d-%d", i+1, j); !got[status] {
				t.Errorf("order %s is missing", status)
			}
		}
		total += n
	}
	if int64(len(orders)) != total {
		t.Errorf("%d orders, want the %d written", len(orders), total)
	}
	d, err := orm.Get[shop.Department](t.Context(), s, int64(1))
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != strconv.FormatInt(total, 10) {
		t.Errorf("the counter is %s after %d increments: updates were lost", d.Name, total)
	}
	t.Logf("%d read-then-write sessions committed", total)
}

// concurrentWriters runs 16 goroutines for length, each a mix of
// read-then-write sessions, read-only sessions and Autocommit sessions.
// No session may fail, and every write must be there at the end.
func concurrentWriters(t *testing.T, length time.Duration) {
	const workers = 16
	eng, f := sqliteShop(t, workers)
	readers := []*orm.SessionFactory{
		orm.NewSessionFactory(eng, orm.WithReadOnly(true)),
		orm.NewSessionFactory(eng, orm.WithAutocommit(true)),
		f, // a session that may write, and only reads
	}
	ctx := t.Context()
	wrote := make([]int64, workers)
	deadline := time.Now().Add(length)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			user := int64(w + 1)
			for i := w; time.Now().Before(deadline); i++ {
				var err error
				if i%2 == 0 {
					err = writeOrder(ctx, f, user, wrote[w], fmt.Sprintf("u%d-%d", user, wrote[w]))
					if err == nil {
						wrote[w]++
					}
				} else {
					err = readOrders(ctx, readers[i/2%len(readers)], user, wrote[w])
				}
				if err != nil {
					t.Errorf("worker %d, operation %d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	checkWrites(t, f, wrote)
}

// TestSQLiteConcurrentWriters runs concurrentWriters for 10 seconds. It is
// a heavy test: .ci/run runs it without -race; TestSQLiteConcurrentWritersBrief
// runs a second of it in the suite.
func TestSQLiteConcurrentWriters(t *testing.T) {
	if raceOn {
		t.Skip("10 s of writers, several times slower under -race: TestSQLiteConcurrentWritersBrief runs here")
	}
	if testing.Short() {
		t.Skip("10 s of writers")
	}
	concurrentWriters(t, 10*time.Second)
}

// TestSQLiteConcurrentWritersBrief runs concurrentWriters for a second.
func TestSQLiteConcurrentWritersBrief(t *testing.T) {
	concurrentWriters(t, time.Second)
}

// TestSQLiteHTTPServer serves a SQLite database over net/http, a session
// per request, to 16 clients at once: each posts orders (a read-then-write
// session) and reads them back (a read-only session). Every request
// succeeds and every order is there.
func TestSQLiteHTTPServer(t *testing.T) {
	const clients, posts = 16, 15
	eng, f := sqliteShop(t, clients)
	reads := orm.NewSessionFactory(eng, orm.WithReadOnly(true))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /users/{id}/orders", func(w http.ResponseWriter, r *http.Request) {
		user, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
		wrote, err2 := strconv.ParseInt(r.FormValue("wrote"), 10, 64)
		if err1 != nil || err2 != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := writeOrder(r.Context(), f, user, wrote, r.FormValue("status")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /users/{id}/orders/count", func(w http.ResponseWriter, r *http.Request) {
		user, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		s := reads.New()
		defer s.Close()
		n, err := countOrders(r.Context(), s, user)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, n)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := srv.Client()
	defer client.CloseIdleConnections()

	// do sends a request and returns the response's body, or an error
	// unless the status is want.
	do := func(method, url string, want int) (string, error) {
		req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
		if err != nil {
			return "", err
		}
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != want {
			err = fmt.Errorf("%s %s: %s: %s", method, url, resp.Status, strings.TrimSpace(string(body)))
		}
		return string(body), err
	}
	wrote := make([]int64, clients)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			user := c + 1
			for j := range posts {
				url := fmt.Sprintf("%s/users/%d/orders?wrote=%d&status=u%d-%d", srv.URL, user, j, user, j)
				if _, err := do(http.MethodPost, url, http.StatusCreated); err != nil {
					t.Error(err)
					return
				}
				wrote[c]++
				body, err := do(http.MethodGet, fmt.Sprintf("%s/users/%d/orders/count", srv.URL, user), http.StatusOK)
				if err != nil {
					t.Error(err)
					return
				}
				if body != strconv.Itoa(j+1) {
					t.Errorf("user %d has %s orders after %d posts", user, body, j+1)
					return
				}
			}
		})
	}
	wg.Wait()
	if want := slices.Repeat([]int64{posts}, clients); !slices.Equal(wrote, want) {
		t.Errorf("posts that succeeded per client: %v", wrote)
	}
	checkWrites(t, f, wrote)
}
