package orm_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// dbErrorCode is the code of the database's error that err wraps:
// PostgreSQL's SQLSTATE, MySQL's error number, SQLite's extended result
// code; "" if it wraps none.
func dbErrorCode(err error) string {
	var pgErr *pgconn.PgError
	var myErr *mysql.MySQLError
	var liteErr *sqlite.Error
	switch {
	case errors.As(err, &pgErr):
		return pgErr.Code
	case errors.As(err, &myErr):
		return strconv.Itoa(int(myErr.Number))
	case errors.As(err, &liteErr):
		return strconv.Itoa(liteErr.Code())
	}
	return ""
}

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
				return s.Commit()
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
				if got := dbErrorCode(err); got != code {
					t.Errorf("%v: code %q, want %q", err, got, code)
				}
				if err := s.Rollback(); err != nil {
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
