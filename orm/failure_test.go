package orm_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestFirstStatementFails makes the first statement of a session's
// transaction fail, in a query and in a flush: the database's error comes
// back (on PostgreSQL, where BEGIN goes with that statement, this once
// panicked), the session rolls back and closes cleanly, and the engine's
// connection is back in the pool, so that Close does not wait for it.
func TestFirstStatementFails(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if _, err := w.db.Exec(ctx, "INSERT INTO artist (artist_id, name) VALUES (1, 'one')"); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			run  func(s *orm.Session) error
			code map[string]string
		}{
			{"query", func(s *orm.Session) error {
				// Only PostgreSQL fails a division by zero; the others
				// take it as NULL.
				_, err := orm.All(ctx, s, orm.Select[chinook.Artist]().Where(core.Raw[bool]("artist_id / 0 = 1")))
				return err
			}, map[string]string{testdb.Postgres: "22012"}},
			{"flush breaking a primary key", func(s *orm.Session) error {
				if err := s.Add(&chinook.Artist{ArtistID: 1, Name: ptr("again")}); err != nil {
					return err
				}
				return s.Flush(ctx)
			}, map[string]string{testdb.Postgres: "23505", testdb.MySQL: "1062", testdb.SQLite: "1555"}},
			{"flush breaking a foreign key", func(s *orm.Session) error {
				if err := s.Add(&chinook.Album{AlbumID: 1, Title: "orphan", ArtistID: 99}); err != nil {
					return err
				}
				return s.Commit(ctx)
			}, map[string]string{testdb.Postgres: "23503", testdb.MySQL: "1452", testdb.SQLite: "787"}},
		}
		for _, c := range cases {
			code, ok := c.code[w.backend]
			if !ok {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				s := w.f.New()
				err := c.run(s)
				if got := testdb.ErrorCode(err); got != code {
					t.Errorf("%v: code %q, want %q", err, got, code)
				}
				if err := s.Rollback(ctx); err != nil {
					t.Errorf("Rollback: %v", err)
				}
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if n := w.eng.Stats().InUse; n != 0 {
					t.Errorf("%d connections in use after Close", n)
				}
				if n := w.count(t, "album"); n != 0 {
					t.Errorf("%d albums after the failure", n)
				}
			})
		}
		closed := make(chan error, 1)
		go func() { closed <- w.eng.Close() }()
		select {
		case err := <-closed:
			if err != nil {
				t.Errorf("Engine.Close: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Engine.Close still waiting after 5 s: a connection was not returned")
		}
	})
}

// backendID returns the server's id of the session's connection, which it
// begins: the backend's pid on PostgreSQL, CONNECTION_ID() on MySQL.
func backendID(t *testing.T, w *world, s *orm.Session) int64 {
	t.Helper()
	tx, err := s.Tx(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res, err := tx.QuerySQL(t.Context(), map[string]string{testdb.Postgres: "SELECT pg_backend_pid()", testdb.MySQL: "SELECT CONNECTION_ID()"}[w.backend])
	if err != nil {
		t.Fatal(err)
	}
	ids, err := engine.Scalars[int64](res)
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

// kill ends the server connection id, from the test's own connection.
func (w *world) kill(t *testing.T, id int64) {
	t.Helper()
	kill := map[string]string{testdb.Postgres: "SELECT pg_terminate_backend($1)", testdb.MySQL: fmt.Sprintf("KILL %d", id)}[w.backend]
	var args []any
	if w.backend == testdb.Postgres {
		args = append(args, id)
	}
	if _, err := w.db.Query(t.Context(), kill, args...); err != nil {
		t.Fatalf("%s: %v", kill, err)
	}
}

// whenRunning calls f once the server connection id runs a statement
// that starts with prefix (polling pg_stat_activity or MySQL's process
// list), and fails t if that does not happen within 10 seconds.
func (w *world) whenRunning(t *testing.T, id int64, prefix string, f func()) {
	query := map[string]string{
		testdb.Postgres: "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE $2",
		testdb.MySQL:    "SELECT count(*) FROM information_schema.processlist WHERE id = ? AND info LIKE ?",
	}[w.backend]
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		rows, err := w.db.Query(context.Background(), query, id, prefix+"%")
		if err != nil {
			t.Error(err)
			return
		}
		if rows[0][0] != int64(0) {
			f()
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Errorf("connection %d never ran a statement starting %q", id, prefix)
}

// serverIdle waits until the server connection id no longer runs a
// statement (PostgreSQL: the backend is gone or idle), failing t if it
// still does a second later: a cancelled statement must stop on the
// server, not only in the client.
func (w *world) serverIdle(t *testing.T, id int64) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		rows, err := w.db.Query(t.Context(), "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", id)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] == int64(0) {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("backend %d still runs a statement a second after the cancel", id)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// manyArtists returns n new artists, unsaved, with ids from first.
func manyArtists(n, first int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = &chinook.Artist{ArtistID: int32(first + i), Name: ptr(fmt.Sprintf("artist %d", first+i))}
	}
	return out
}

// errWholeRead stands for a stream that read every row, correctly, from a
// connection killed after the server had sent them all.
var errWholeRead = errors.New("every row read before the kill")

// TestSessionLostConnection kills a session's connection before a query,
// in the middle of a stream, and in the middle of a flush of 30,000
// objects, and cancels its context in the middle of a stream and of a
// flush. Each time the session's call returns the driver's error (or the
// context's), nothing of the transaction is committed, the session rolls
// back and closes cleanly, no connection stays in use, and a cancelled
// statement stops on the server too (PostgreSQL).
func TestSessionLostConnection(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		if w.backend == testdb.SQLite {
			t.Skip("SQLite has no connection to lose")
		}
		ctx := t.Context()
		seed := w.f.New()
		if err := seed.AddAll(manyArtists(5000, 1)...); err != nil {
			t.Fatal(err)
		}
		if err := seed.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		stream := func(ctx context.Context, s *orm.Session, atFirst func()) (int, error) {
			n := 0
			for _, err := range orm.Stream(ctx, s, orm.Select[chinook.Artist]().OrderBy(chinook.Artists.ArtistID.Asc()).YieldPer(100)) {
				if err != nil {
					return n, err
				}
				if n++; n == 1 {
					atFirst()
				}
			}
			return n, nil
		}
		flush := func(ctx context.Context, s *orm.Session, id int64, fault func()) error {
			if err := s.AddAll(manyArtists(30000, 10001)...); err != nil {
				t.Fatal(err)
			}
			// On PostgreSQL the artists, whose keys are set, go by
			// COPY, which pgx spells in lower case.
			stmt := "INSERT"
			if w.backend == testdb.Postgres {
				stmt = "copy"
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				w.whenRunning(t, id, stmt, fault)
			}()
			err := s.Flush(ctx)
			<-done
			return err
		}
		cases := []struct {
			name   string
			cancel bool
			run    func(ctx context.Context, s *orm.Session, id int64, fault func()) error
		}{
			{"killed before a query", false, func(ctx context.Context, s *orm.Session, id int64, fault func()) error {
				fault()
				_, err := orm.All(ctx, s, orm.Select[chinook.Artist]())
				return err
			}},
			{"killed mid-stream", false, func(ctx context.Context, s *orm.Session, id int64, fault func()) error {
				n, err := stream(ctx, s, fault)
				if err == nil && n == 5000 && w.backend == testdb.MySQL {
					// MariaDB streams without a cursor: it may have sent
					// every row before the kill, and the read is then
					// whole (the engine's million-row TestLostConnection
					// covers a kill that lands mid-result).
					return errWholeRead
				}
				if err != nil && n >= 5000 {
					t.Errorf("all %d artists streamed from a killed connection", n)
				}
				return err
			}},
			{"killed mid-flush", false, flush},
			{"cancelled mid-stream", true, func(ctx context.Context, s *orm.Session, id int64, fault func()) error {
				_, err := stream(ctx, s, fault)
				return err
			}},
			{"cancelled mid-flush", true, flush},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				s := w.f.New()
				id := backendID(t, w, s)
				ctx, cancel := context.WithCancel(ctx)
				defer cancel()
				fault := func() { w.kill(t, id) }
				if c.cancel {
					fault = cancel
				}
				err := c.run(ctx, s, id, fault)
				if c.cancel {
					if !errors.Is(err, context.Canceled) {
						t.Errorf("%v: not context.Canceled", err)
					}
					if w.backend == testdb.Postgres {
						w.serverIdle(t, id)
					}
				} else if !testdb.LostConnection(err) && err != errWholeRead {
					t.Errorf("%v: not the driver's lost connection", err)
				}
				_ = s.Rollback(ctx)
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if n := w.count(t, "artist"); n != 5000 {
					t.Errorf("%d artists after the failure, want the 5000 committed before", n)
				}
				if n := w.eng.Stats().InUse; n != 0 {
					t.Errorf("%d connections in use after Close", n)
				}
			})
		}
	})
}

// TestSessionCommitReplyLost: a session's COMMIT reaches the server, and
// its answer is lost to a reset. Commit's error wraps
// engine.ErrCommitOutcomeUnknown, and the artist is in the database.
func TestSessionCommitReplyLost(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		if w.backend == testdb.SQLite {
			t.Skip("SQLite commits in the process")
		}
		proxy, dsn := testdb.ProxyDSN(t, w.dsn)
		eng, err := engine.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		s := orm.NewSessionFactory(eng).New()
		defer s.Close()
		if err := s.Add(&chinook.Artist{ArtistID: 7, Name: ptr("seven")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		proxy.DropReplyAfter("COMMIT", testdb.ThenReset)
		err = s.Commit(t.Context())
		if !errors.Is(err, engine.ErrCommitOutcomeUnknown) {
			t.Errorf("Commit whose answer was lost: %v, want ErrCommitOutcomeUnknown", err)
		}
		if n := w.count(t, "artist"); n != 1 {
			t.Errorf("%d artists: the server's commit is not there", n)
		}
	})
}
