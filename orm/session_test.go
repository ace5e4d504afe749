package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
	"github.com/retortdb/retort/retorttest"
)

// world is one backend with the shop and Chinook schemas created empty, a
// session factory on it, and a recorder of its statements.
type world struct {
	backend string
	dsn     string
	db      *testdb.DB
	eng     *engine.Engine
	f       *orm.SessionFactory
	rec     *retorttest.Recorder
}

// eachWorld runs fn on SQLite, PostgreSQL and MariaDB.
func eachWorld(t *testing.T, fn func(t *testing.T, w *world), opts ...orm.SessionOption) {
	for _, backend := range []string{testdb.SQLite, testdb.Postgres, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			db, dsn := testdb.OpenWithDSN(t, backend)
			rec := retorttest.NewRecorder()
			eng, err := engine.Open(t.Context(), dsn, rec.Option())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { eng.Close() })
			if err := orm.CreateAll(t.Context(), eng, append(shop.MappedTables, chinook.MappedTables...)...); err != nil {
				t.Fatal(err)
			}
			rec.Reset()
			fn(t, &world{backend: backend, dsn: dsn, db: db, eng: eng, f: orm.NewSessionFactory(eng, opts...), rec: rec})
		})
	}
}

func ptr[T any](v T) *T { return &v }

// inspect is orm.Inspect, failing the test on an error.
func inspect(t *testing.T, s *orm.Session, obj any) orm.State {
	t.Helper()
	st, err := orm.Inspect(s, obj)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// isLoaded is orm.IsLoaded, failing the test on an error.
func isLoaded(t *testing.T, s *orm.Session, obj any, r orm.AnyRelationship) bool {
	t.Helper()
	ok, err := orm.IsLoaded(s, obj, r)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// count returns a table's row count, read outside any session.
func (w *world) count(t *testing.T, table string) int {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), "SELECT COUNT(*) FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	fmt.Sscan(rows[0][0], &n)
	return n
}

// newArtist builds an artist with two albums of three tracks each.
func newArtist(name string) *chinook.Artist {
	a := &chinook.Artist{Name: ptr(name)}
	for i := range 2 {
		al := &chinook.Album{Title: fmt.Sprintf("%s album %d", name, i+1)}
		for j := range 3 {
			al.Tracks = append(al.Tracks, &chinook.Track{Name: fmt.Sprintf("track %d.%d", i+1, j+1), MediaTypeID: 1, Milliseconds: 1000, UnitPrice: 0.99})
		}
		a.Albums = append(a.Albums, al)
	}
	return a
}

// TestFlushGraph: one flush inserts an artist with its albums and tracks,
// a multi-row INSERT per table in foreign-key order, with the generated
// keys set on the objects and the foreign keys taken from the
// relationships; a cascade delete removes them all.
func TestFlushGraph(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&chinook.MediaType{MediaTypeID: 1, Name: ptr("MPEG")})
		})
		if err != nil {
			t.Fatal(err)
		}
		a, b := newArtist("Ann"), newArtist("Bob")
		w.rec.Reset()
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(a, b)
		})
		if err != nil {
			t.Fatal(err)
		}
		var inserts []string
		for _, sql := range w.rec.SQL() {
			if strings.HasPrefix(sql, "INSERT") {
				inserts = append(inserts, strings.Fields(sql)[2])
			}
		}
		if got := strings.Join(inserts, " "); got != "artist album track" {
			t.Errorf("INSERTs into %q, want one per table: artist album track\n%s", got, strings.Join(w.rec.SQL(), "\n"))
		}
		if a.ArtistID == 0 || b.ArtistID == 0 || a.ArtistID == b.ArtistID {
			t.Errorf("generated keys: %d, %d", a.ArtistID, b.ArtistID)
		}
		for _, art := range []*chinook.Artist{a, b} {
			for _, al := range art.Albums {
				if al.AlbumID == 0 || al.ArtistID != art.ArtistID {
					t.Errorf("album %q: id %d, artist_id %d, want the artist's %d", al.Title, al.AlbumID, al.ArtistID, art.ArtistID)
				}
				for _, tr := range al.Tracks {
					if tr.AlbumID == nil || *tr.AlbumID != al.AlbumID {
						t.Errorf("track %q: album_id %v, want %d", tr.Name, tr.AlbumID, al.AlbumID)
					}
				}
			}
		}
		if n := w.count(t, "track"); n != 12 {
			t.Errorf("%d tracks in the database, want 12", n)
		}

		// Artist.Albums and Album.Tracks cascade delete: deleting the
		// artist deletes the loaded albums and tracks, children first.
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			art, err := orm.Get[chinook.Artist](ctx, s, a.ArtistID)
			if err != nil {
				return err
			}
			// Loaded, so the flush deletes what they hold by key.
			if err := orm.Load(ctx, s, []*chinook.Artist{art}, chinook.Artists.Albums, orm.SelectInLoad(chinook.Albums.Tracks)); err != nil {
				return err
			}
			w.rec.Reset()
			return s.Delete(art)
		})
		if err != nil {
			t.Fatal(err)
		}
		var deletes []string
		for _, sql := range w.rec.SQL() {
			if strings.HasPrefix(sql, "DELETE") {
				deletes = append(deletes, strings.Fields(sql)[2])
			}
		}
		// The tracks' playlist_track rows go first (Track.Playlists).
		if got := strings.Join(deletes, " "); got != "playlist_track track album artist" {
			t.Errorf("DELETEs from %q, want one per table, children first: playlist_track track album artist", got)
		}
		if n := w.count(t, "track"); n != 6 {
			t.Errorf("%d tracks left, want Bob's 6", n)
		}
		if n := w.count(t, "artist"); n != 1 {
			t.Errorf("%d artists left, want 1", n)
		}
	})
}

// TestCascadeDelete: deleting an invoice deletes the lines in its loaded
// collection (cascade all, delete-orphan), children before the parent.
func TestCascadeDelete(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		inv := &chinook.Invoice{
			Customer: &chinook.Customer{FirstName: "C", LastName: "D", Email: "c@d"},
			Total:    2,
			Lines:    []*chinook.InvoiceLine{{UnitPrice: 1, Quantity: 1}, {UnitPrice: 1, Quantity: 1}},
		}
		genre := &chinook.Track{Name: "t", MediaType: &chinook.MediaType{}, UnitPrice: 1}
		for _, l := range inv.Lines {
			l.Track = genre
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(inv) }); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "invoice_line"); n != 2 {
			t.Fatalf("%d lines, want 2", n)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			got, err := orm.Get[chinook.Invoice](ctx, s, inv.InvoiceID)
			if err != nil {
				return err
			}
			lines, err := orm.All(ctx, s, orm.Select[chinook.InvoiceLine]().Where(chinook.InvoiceLines.InvoiceID.Eq(got.InvoiceID)))
			if err != nil {
				return err
			}
			got.Lines = lines
			return s.Delete(got)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, m := w.count(t, "invoice_line"), w.count(t, "invoice"); n != 0 || m != 0 {
			t.Errorf("%d lines and %d invoices left, want none", n, m)
		}
	})
}

// TestBehaviour_I01_I05_SameObject: two queries for one row return the same pointer
// (I01), and Get of a held object issues no SQL (I05).
func TestBehaviour_I01_I05_SameObject(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		g := &chinook.Genre{GenreID: 1, Name: ptr("Rock")}
		if err := s.Add(g); err != nil {
			t.Fatal(err)
		}
		one, err := orm.One(ctx, s, orm.Select[chinook.Genre]().Where(chinook.Genres.GenreID.Eq(1)))
		if err != nil {
			t.Fatal(err)
		}
		all, err := orm.All(ctx, s, orm.Select[chinook.Genre]())
		if err != nil {
			t.Fatal(err)
		}
		if one != g || len(all) != 1 || all[0] != g {
			t.Errorf("queries returned %p and %v, want the added object %p", one, all, g)
		}
		w.rec.Reset()
		got, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil || got != g {
			t.Errorf("Get = %p, %v; want %p", got, err, g)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("Get of a held object issued %d statements: %v", n, w.rec.SQL())
		}
		if _, err := orm.Get[chinook.Genre](ctx, s, int32(2)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of a missing row: %v, want ErrNoRows", err)
		}
	})
}

// TestBehaviour_I02_PopulateExisting: a later row does not overwrite a held object,
// nor its unflushed changes (I02, I03), unless PopulateExisting.
func TestBehaviour_I02_PopulateExisting(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		if err := s.Add(&chinook.Genre{GenreID: 1, Name: ptr("Rock")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		g, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil {
			t.Fatal(err)
		}
		// Changed behind the session's back, in its own transaction.
		tx, err := s.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecSQL(ctx, "UPDATE genre SET name = 'Jazz'"); err != nil {
			t.Fatal(err)
		}
		again, err := orm.One(ctx, s, orm.Select[chinook.Genre]())
		if err != nil || again != g || *g.Name != "Rock" {
			t.Errorf("re-query overwrote the held object: %q, %v", *g.Name, err)
		}
		if _, err := orm.One(ctx, s, orm.Select[chinook.Genre]().Options(orm.PopulateExisting())); err != nil || *g.Name != "Jazz" {
			t.Errorf("PopulateExisting left %q (%v), want Jazz", *g.Name, err)
		}
	})
}

// TestBehaviour_I06_States: transient → pending → persistent → deleted → detached,
// and Expunge detaches (I06, I07).
func TestBehaviour_I06_States(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		g := &chinook.Genre{GenreID: 7, Name: ptr("Blues")}
		check := func(want orm.State) {
			t.Helper()
			if got := inspect(t, s, g); got != want {
				t.Errorf("state %v, want %v", got, want)
			}
		}
		check(orm.Transient)
		s.Add(g)
		check(orm.Pending)
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		check(orm.Persistent)
		s.Delete(g)
		check(orm.Persistent)
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		check(orm.Deleted)
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		check(orm.Detached)

		h := &chinook.Genre{GenreID: 8}
		s.Add(h)
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s.Expunge(h)
		if got := inspect(t, s, h); got != orm.Detached {
			t.Errorf("expunged: %v, want detached", got)
		}
		again, err := orm.Get[chinook.Genre](ctx, s, int32(8))
		if err != nil || again == h {
			t.Errorf("after Expunge, Get returned the old object (%v)", err)
		}
	})
}

// TestBehaviour_I10_Rollback: objects added in a rolled-back transaction become
// transient; the database keeps nothing of it.
func TestBehaviour_I10_Rollback(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		g := &chinook.Genre{GenreID: 9}
		s.Add(g)
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, g); st != orm.Transient {
			t.Errorf("after Rollback: %v, want transient", st)
		}
		if n := w.count(t, "genre"); n != 0 {
			t.Errorf("%d genres after Rollback", n)
		}
	})
}

// gate is a tracer that holds the first statement it sees until told to
// go on: a session operation frozen mid-statement.
type gate struct {
	once    sync.Once
	inside  chan struct{}
	release chan struct{}
}

func (g *gate) StatementStart(ctx context.Context, _ engine.StatementStartData) context.Context {
	g.once.Do(func() {
		close(g.inside)
		<-g.release
	})
	return ctx
}

func (g *gate) StatementEnd(context.Context, engine.StatementEndData) {}

// TestConcurrentUse: while one goroutine is inside a session (frozen in
// a statement by a tracer), another's call returns ErrConcurrentUse naming
// both operations, and the first completes unharmed.
func TestConcurrentUse(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		g := &gate{inside: make(chan struct{}), release: make(chan struct{})}
		eng, err := engine.Open(ctx, w.dsn, engine.WithTracer(g))
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		s := orm.NewSessionFactory(eng).New()
		defer s.Close()
		done := make(chan error)
		go func() {
			_, err := orm.All(ctx, s, orm.Select[chinook.Genre]())
			done <- err
		}()
		<-g.inside
		err = s.Add(&chinook.Genre{GenreID: 1})
		close(g.release)
		if !errors.Is(err, orm.ErrConcurrentUse) || !strings.Contains(err.Error(), "Add called while All is running in another goroutine") {
			t.Errorf("second goroutine: %v, want ErrConcurrentUse naming Add and All", err)
		}
		if err := <-done; err != nil {
			t.Errorf("first goroutine: %v", err)
		}
		if err := s.Add(&chinook.Genre{GenreID: 1}); err != nil {
			t.Errorf("after the first goroutine left: %v", err)
		}
	})
}

// note is a versioned row, mapped by hand as retort gen would.
type note struct {
	ID   int64
	Body string
	Rev  int64
}

var notes = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Body core.Column[string]
	Rev  core.Column[int64]
}) {
	t.Table = core.NewTable("note")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Body = core.NewColumn[string](t.Table, "body")
	t.Rev = core.NewColumn[int64](t.Table, "rev")
	return t
}()

func init() {
	orm.Register(orm.Mapping[note]{
		Table: notes.Table, Fields: []string{"ID", "Body", "Rev"}, Version: "rev",
		Addr:  func(o *note, i int) any { return []any{&o.ID, &o.Body, &o.Rev}[i] },
		Value: func(o *note, i int) any { return []any{o.ID, o.Body, o.Rev}[i] },
	})
}

// TestStaleData: two sessions load one versioned row; the first writer
// bumps the version, the second gets ErrStaleData naming the object.
func TestStaleData(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, notes.Table); err != nil {
			t.Fatal(err)
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(&note{ID: 1, Body: "a"}) }); err != nil {
			t.Fatal(err)
		}
		s1, s2 := w.f.New(), w.f.New()
		defer s1.Close()
		defer s2.Close()
		// Each session ends its transaction after loading, keeping its
		// object as loaded (expire-on-commit is off): on SQLite a
		// session that may write waits for another's transaction to end.
		n1, err := orm.Get[note](ctx, s1, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if err := s1.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		n2, err := orm.Get[note](ctx, s2, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if n1.Rev != 1 {
			t.Errorf("a new row's version is %d, want 1", n1.Rev)
		}
		if err := s2.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		n1.Body = "b"
		if err := s1.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n1.Rev != 2 {
			t.Errorf("after an update the version is %d, want 2", n1.Rev)
		}
		n2.Body = "c"
		err = s2.Commit(ctx)
		if !errors.Is(err, orm.ErrStaleData) || !strings.Contains(err.Error(), "orm_test.note [1]") {
			t.Errorf("second writer: %v, want ErrStaleData naming orm_test.note [1]", err)
		}
	})
}

// TestFailedFlush: a flush that violates a constraint leaves the database
// unchanged, and the session refuses work until Rollback.
func TestFailedFlush(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		s.Add(&chinook.Genre{GenreID: 1, Name: ptr("ok")})
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		// An album of an artist that does not exist.
		s.Add(&chinook.Album{AlbumID: 1, Title: "x", ArtistID: 999})
		err := s.Flush(ctx)
		if err == nil {
			t.Fatal("flush of a row breaking a foreign key succeeded")
		}
		if _, err := orm.All(ctx, s, orm.Select[chinook.Genre]()); !errors.Is(err, orm.ErrNeedsRollback) {
			t.Errorf("query after a failed flush: %v, want ErrNeedsRollback", err)
		}
		if err := s.Commit(ctx); !errors.Is(err, orm.ErrNeedsRollback) {
			t.Errorf("Commit after a failed flush: %v, want ErrNeedsRollback", err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "genre"); n != 0 {
			t.Errorf("%d genres: the failed flush's transaction was not rolled back", n)
		}
		if _, err := orm.All(ctx, s, orm.Select[chinook.Genre]()); err != nil {
			t.Errorf("query after Rollback: %v", err)
		}
	})
}

// TestT02_Transaction: the factory's Transaction commits on nil and rolls
// back on an error or a panic, statements already flushed included (T02).
func TestT02_Transaction(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		boom := errors.New("boom")
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			s.Add(&chinook.Genre{GenreID: 1})
			if err := s.Flush(ctx); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("Transaction returned %v, want boom", err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not go on")
				}
			}()
			w.f.Transaction(ctx, func(s *orm.Session) error {
				s.Add(&chinook.Genre{GenreID: 2})
				s.Flush(ctx)
				panic("boom")
			})
		}()
		if n := w.count(t, "genre"); n != 0 {
			t.Errorf("%d genres after an error and a panic, want 0", n)
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(&chinook.Genre{GenreID: 3}) }); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "genre"); n != 1 {
			t.Errorf("%d genres after a commit, want 1", n)
		}
	})
}

// TestT03_Nested: a nested transaction is a savepoint; rolling it back
// undoes its work only, and its objects become transient (T03).
func TestT03_Nested(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		outer, inner := &chinook.Genre{GenreID: 1}, &chinook.Genre{GenreID: 2}
		s.Add(outer)
		err := s.Savepoint(ctx, func() error {
			s.Add(inner)
			if err := s.Flush(ctx); err != nil {
				return err
			}
			return errors.New("undo the inner one")
		})
		if err == nil {
			t.Fatal("the nested transaction's error was lost")
		}
		if st := inspect(t, s, inner); st != orm.Transient {
			t.Errorf("inner object after the savepoint's rollback: %v, want transient", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT genre_id FROM genre")
		if err != nil || len(rows) != 1 || rows[0][0] != "1" {
			t.Errorf("genres %v (%v), want only 1", rows, err)
		}
		var savepoints []string
		for _, sql := range w.rec.SQL() {
			if strings.Contains(sql, "SAVEPOINT") {
				savepoints = append(savepoints, strings.Fields(sql)[0])
			}
		}
		if strings.Join(savepoints, " ") != "SAVEPOINT ROLLBACK" {
			t.Errorf("savepoint statements %v, want SAVEPOINT then ROLLBACK TO SAVEPOINT", savepoints)
		}
	})
}

// TestReadOnlySession: a read-only session keeps one object per row and
// answers Get from memory like any other, refreshes with one SELECT, and
// refuses to write.
func TestReadOnlySession(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&chinook.Genre{GenreID: 1, Name: ptr("Rock")}, &chinook.Genre{GenreID: 2})
		}); err != nil {
			t.Fatal(err)
		}
		s := orm.NewSessionFactory(w.eng, orm.WithReadOnly(true)).New()
		defer s.Close()
		all, err := orm.All(ctx, s, orm.Select[chinook.Genre]().OrderBy(chinook.Genres.GenreID.Asc()))
		if err != nil || len(all) != 2 {
			t.Fatalf("All: %v, %v", all, err)
		}
		w.rec.Reset()
		g, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil || g != all[0] || w.rec.Count() != 0 {
			t.Errorf("Get = %p (%v) with %d statements, want %p from memory", g, err, w.rec.Count(), all[0])
		}
		if st := inspect(t, s, g); st != orm.Persistent {
			t.Errorf("state %v, want persistent", st)
		}
		g.Name = ptr("scribbled")
		if err := s.Refresh(ctx, g); err != nil || *g.Name != "Rock" {
			t.Errorf("Refresh left %q (%v), want Rock", *g.Name, err)
		}
		if err := s.Add(&chinook.Genre{GenreID: 3}); !errors.Is(err, orm.ErrReadOnly) {
			t.Errorf("Add: %v, want ErrReadOnly", err)
		}
		if err := s.Expunge(g); err != nil {
			t.Fatal(err)
		}
		again, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil || again == g {
			t.Errorf("after Expunge, Get gave the old object (%v)", err)
		}

		// Streaming in batches of one lets go of each batch's new
		// objects, but not of those the session held before.
		s.ExpungeAll()
		held, err := orm.Get[chinook.Genre](ctx, s, int32(2))
		if err != nil {
			t.Fatal(err)
		}
		var first *chinook.Genre
		for batch, err := range orm.Partitions(ctx, s, orm.Select[chinook.Genre]().OrderBy(chinook.Genres.GenreID.Asc()), 1) {
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = batch[0]
			}
		}
		w.rec.Reset()
		if g, err := orm.Get[chinook.Genre](ctx, s, int32(2)); err != nil || g != held || w.rec.Count() != 0 {
			t.Errorf("an object held before the stream was let go (%v)", err)
		}
		if g, err := orm.Get[chinook.Genre](ctx, s, int32(1)); err != nil || g == first {
			t.Errorf("a streamed object stayed in the session (%v)", err)
		}
	})
}

// TestReadOnlyStreamKeepsWhatTheLoopHolds: a read-only stream lets each
// batch go at once when the batch is all the session gained, but an
// object the loop body loaded meanwhile stays, even when the body also
// expunged one of the batch's, leaving the counts equal.
func TestReadOnlyStreamKeepsWhatTheLoopHolds(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		if w.backend != testdb.Postgres {
			t.Skip("the loop body runs a query mid-stream: only a PostgreSQL cursor leaves the connection free for it")
		}
		ctx := t.Context()
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for i := range 6 {
				if err := s.Add(&chinook.Genre{GenreID: int32(i + 1), Name: ptr(fmt.Sprint("g", i+1))}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		s := orm.NewSessionFactory(w.eng, orm.WithReadOnly(true)).New()
		defer s.Close()
		var held, streamed *chinook.Genre
		n := 0
		for batch, err := range orm.Partitions(ctx, s, orm.Select[chinook.Genre]().OrderBy(chinook.Genres.GenreID.Asc()), 2) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			switch n {
			case 2: // genres 3 and 4
				if err := s.Expunge(batch[0]); err != nil {
					t.Fatal(err)
				}
				if held, err = orm.Get[chinook.Genre](ctx, s, int32(6)); err != nil {
					t.Fatal(err)
				}
			case 3: // genres 5 and 6
				streamed = batch[1]
			}
		}
		if streamed != held {
			t.Errorf("the stream gave genre 6 as a new object, not the one the loop held")
		}
		w.rec.Reset()
		if g, err := orm.Get[chinook.Genre](ctx, s, int32(6)); err != nil || g != held || w.rec.Count() != 0 {
			t.Errorf("the object the loop loaded was let go with the batch (%v)", err)
		}
	})
}

// TestBehaviour_I16_Merge: Merge copies a detached object's fields onto the
// session's own object and returns that one; an unknown key gives a new
// pending copy.
func TestBehaviour_I16_Merge(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(&chinook.Genre{GenreID: 1, Name: ptr("Rock")}) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		held, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil {
			t.Fatal(err)
		}
		outside := &chinook.Genre{GenreID: 1, Name: ptr("Jazz")}
		got, err := orm.Merge(ctx, s, outside)
		if err != nil || got != held || *held.Name != "Jazz" {
			t.Errorf("Merge returned %p (%v), want the held %p with Jazz", got, err, held)
		}
		if st := inspect(t, s, outside); st != orm.Transient {
			t.Errorf("the argument is %v, want it left outside (transient)", st)
		}
		fresh, err := orm.Merge(ctx, s, &chinook.Genre{GenreID: 2, Name: ptr("Blues")})
		if err != nil || inspect(t, s, fresh) != orm.Pending {
			t.Errorf("Merge of an unknown key: %v, state %v; want a pending copy", err, inspect(t, s, fresh))
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT name FROM genre ORDER BY genre_id")
		if err != nil || len(rows) != 2 || rows[0][0] != "Jazz" || rows[1][0] != "Blues" {
			t.Errorf("rows %v (%v), want Jazz and Blues", rows, err)
		}
	})
}

// TestOrphans: a child taken out of a delete-orphan collection is deleted
// at flush; taken out of another collection, its foreign key is set to
// NULL.
func TestOrphans(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		inv := &chinook.Invoice{
			Customer: &chinook.Customer{FirstName: "C", LastName: "D", Email: "c@d"},
			Lines:    []*chinook.InvoiceLine{{Quantity: 1}, {Quantity: 2}},
		}
		track := &chinook.Track{Name: "t", MediaType: &chinook.MediaType{}}
		for _, l := range inv.Lines {
			l.Track = track
		}
		rep := &chinook.Employee{LastName: "R", FirstName: "E"}
		rep.Customers = []*chinook.Customer{inv.Customer}
		s.AddAll(inv, rep)
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if inv.Customer.SupportRepID == nil || *inv.Customer.SupportRepID != rep.EmployeeID {
			t.Fatalf("the customer's support_rep_id is %v, want %d", inv.Customer.SupportRepID, rep.EmployeeID)
		}
		inv.Lines = inv.Lines[1:] // Invoice.Lines cascades delete-orphan
		rep.Customers = nil       // Employee.Customers does not
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "invoice_line"); n != 1 {
			t.Errorf("%d invoice lines, want the orphan deleted", n)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT support_rep_id FROM customer")
		if err != nil || rows[0][0] != "NULL" && rows[0][0] != "" {
			t.Errorf("the removed customer's support_rep_id is %v (%v), want NULL", rows, err)
		}
	})
}

// TestLoadedCollectionsFlush: a collection loaded from the database, by
// select-in or by a join, is what the next flush compares it with: a child
// taken out of a delete-orphan collection is deleted, and a many-to-many
// collection loaded and left alone writes no association rows (before,
// the flush took every loaded member for a new one, and the commit failed
// on the association table's key), while one taken out is unlinked.
func TestLoadedCollectionsFlush(t *testing.T) {
	for _, strategy := range []string{"selectin", "joined"} {
		t.Run(strategy, func(t *testing.T) {
			eachWorld(t, func(t *testing.T, w *world) {
				ctx := t.Context()
				seedShop(t, w)
				s0 := w.f.New()
				if err := s0.Add(&shop.Product{Name: "p", Price: 1, Category: &shop.Category{Name: "c"},
					Tags: []*shop.Tag{{Name: "a"}, {Name: "b"}, {Name: "c"}}}); err != nil {
					t.Fatal(err)
				}
				if err := s0.Commit(ctx); err != nil {
					t.Fatal(err)
				}
				s0.Close()
				items, tags := orm.SelectInLoad(shop.Orders.Items), orm.SelectInLoad(shop.Products.Tags)
				if strategy == "joined" {
					items, tags = orm.JoinedLoad(shop.Orders.Items), orm.JoinedLoad(shop.Products.Tags)
				}
				s := w.f.New()
				defer s.Close()
				orders, err := orm.All(ctx, s, orm.Select[shop.Order]().OrderBy(shop.Orders.ID.Asc()).Options(items))
				if err != nil {
					t.Fatal(err)
				}
				products, err := orm.All(ctx, s, orm.Select[shop.Product]().Where(shop.Products.Name.Eq("p")).Options(tags))
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Commit(ctx); err != nil {
					t.Fatalf("a commit after loading: %v", err)
				}
				if n := w.count(t, "product_tags"); n != 3 {
					t.Errorf("%d association rows after a commit that changed nothing, want 3", n)
				}
				orders[0].Items = orders[0].Items[1:] // Order.Items cascades delete-orphan
				products[0].Tags = products[0].Tags[1:]
				if err := s.Commit(ctx); err != nil {
					t.Fatal(err)
				}
				if n := w.count(t, "items"); n != 4 {
					t.Errorf("%d items, want 4: the orphan deleted", n)
				}
				if n := w.count(t, "product_tags"); n != 2 {
					t.Errorf("%d association rows, want 2: the removed tag unlinked", n)
				}
			})
		})
	}
}

// TestExpungedChildOfUnchangedCollection: a child expunged from the
// session but still in a loaded, unchanged collection is left alone by the
// flush (as in SQLAlchemy, which flushes changed objects only), not
// brought back as a new row to insert again.
func TestExpungedChildOfUnchangedCollection(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := w.f.New()
		defer s.Close()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(orm.SelectInLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Expunge(users[0].Orders[0]); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("commit: %v", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("the commit sent %d statements, want none: %v", n, w.rec.SQL())
		}
		if n := w.count(t, "orders"); n != 3 {
			t.Errorf("%d orders, want 3", n)
		}
	})
}

// TestSelfReferentialInsert: a tree of new rows in one table is inserted
// parents first, level by level, whatever the order they were added in.
func TestSelfReferentialInsert(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		root := &shop.Category{Name: "root"}
		child := &shop.Category{Name: "child", Parent: root}
		leaf := &shop.Category{Name: "leaf", Parent: child}
		s := w.f.New()
		defer s.Close()
		s.AddAll(leaf, child, root)
		if err := s.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		if child.ParentID == nil || *child.ParentID != root.ID || leaf.ParentID == nil || *leaf.ParentID != child.ID {
			t.Errorf("parent ids: child %v (root %d), leaf %v (child %d)", child.ParentID, root.ID, leaf.ParentID, child.ID)
		}
		var inserts int
		for _, sql := range w.rec.SQL() {
			if strings.HasPrefix(sql, "INSERT") {
				inserts++
			}
		}
		if inserts != 3 {
			t.Errorf("%d INSERTs for a three-level tree, want one per level", inserts)
		}
	})
}

// TestBehaviour_I03_I12_Autoflush: a query first flushes pending changes so that it
// sees them (I12), and a re-query keeps unflushed changes (I03).
func TestBehaviour_I03_I12_Autoflush(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		s.Add(&chinook.Genre{GenreID: 1, Name: ptr("Rock")})
		all, err := orm.All(ctx, s, orm.Select[chinook.Genre]())
		if err != nil || len(all) != 1 {
			t.Fatalf("the query did not see the pending genre: %v %v", all, err)
		}
		// Committed before noflush begins: on SQLite a session that may
		// write waits for another's transaction to end.
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		noflush := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New()
		defer noflush.Close()
		noflush.Add(&chinook.Genre{GenreID: 2})
		rest, err := orm.All(ctx, noflush, orm.Select[chinook.Genre]().Where(chinook.Genres.GenreID.Eq(2)))
		if err != nil || len(rest) != 0 {
			t.Errorf("without autoflush the query saw %d genres (%v), want 0", len(rest), err)
		}
		if err := noflush.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		g, err := orm.Get[chinook.Genre](ctx, noflush, int32(1))
		if err != nil {
			t.Fatal(err)
		}
		g.Name = ptr("changed, not flushed")
		if _, err := orm.One(ctx, noflush, orm.Select[chinook.Genre]()); err != nil || *g.Name != "changed, not flushed" {
			t.Errorf("a re-query overwrote an unflushed change: %q (%v)", *g.Name, err)
		}
		if _, err := orm.One(ctx, noflush, orm.Select[chinook.Genre]().Options(orm.PopulateExisting())); err != nil || *g.Name != "Rock" {
			t.Errorf("PopulateExisting kept %q (%v), want Rock", *g.Name, err)
		}
	})
}

// TestBehaviour_I07_I13_I15: ExpungeAll empties the session (I07); Expire makes the
// next query overwrite the object and Refresh reloads it at once (I13); a
// new object with a persistent one's key is still INSERTed, and the
// database refuses it (I15).
func TestBehaviour_I07_I13_I15(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		s.Add(&chinook.Genre{GenreID: 1, Name: ptr("Rock")})
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		g, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ExpungeAll(); err != nil {
			t.Fatal(err)
		}
		g2, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil || g2 == g {
			t.Errorf("after ExpungeAll the query returned the old object (%v)", err)
		}

		g2.Name = ptr("local")
		s.Expire(g2)
		if _, err := orm.All(ctx, s, orm.Select[chinook.Genre]()); err != nil || *g2.Name != "Rock" {
			t.Errorf("an expired object kept %q (%v), want Rock", *g2.Name, err)
		}
		g2.Name = ptr("local again")
		w.rec.Reset()
		if err := s.Refresh(ctx, g2); err != nil || *g2.Name != "Rock" || w.rec.Count() != 1 {
			t.Errorf("Refresh: %q, %v, %d statements; want Rock in one", *g2.Name, err, w.rec.Count())
		}

		s.Add(&chinook.Genre{GenreID: 1, Name: ptr("twin")})
		if err := s.Flush(ctx); err == nil {
			t.Error("a second object with a persistent one's key was flushed without error")
		}
		s.Rollback(ctx)
	})
}

// TestT04_Close: Close releases the connection whatever state the
// session is in (a transaction open, a failed flush), and the session can
// be used again.
func TestT04_Close(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		if _, err := orm.All(ctx, s, orm.Select[chinook.Genre]()); err != nil {
			t.Fatal(err)
		}
		if n := w.eng.Stats().InUse; n != 1 {
			t.Fatalf("%d connections in use during the transaction, want 1", n)
		}
		s.Add(&chinook.Album{AlbumID: 1, Title: "x", ArtistID: 999}) // breaks a foreign key
		if err := s.Flush(ctx); err == nil {
			t.Fatal("the flush did not fail")
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if n := w.eng.Stats().InUse; n != 0 {
			t.Errorf("%d connections in use after Close, want 0", n)
		}
		if _, err := orm.All(ctx, s, orm.Select[chinook.Genre]()); err != nil {
			t.Errorf("the session after Close: %v", err)
		}
		s.Close()
	})
}

// TestPostUpdate: new rows of one table that reference each other in a
// cycle are inserted with the key NULL, then UPDATEd (a post-update).
func TestPostUpdate(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		a := &chinook.Employee{LastName: "A", FirstName: "a"}
		b := &chinook.Employee{LastName: "B", FirstName: "b", Manager: a}
		a.Manager = b
		s := w.f.New()
		defer s.Close()
		s.AddAll(a, b)
		if err := s.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		if a.ReportsTo == nil || *a.ReportsTo != b.EmployeeID || b.ReportsTo == nil || *b.ReportsTo != a.EmployeeID {
			t.Errorf("reports_to: a %v (b is %d), b %v (a is %d)", a.ReportsTo, b.EmployeeID, b.ReportsTo, a.EmployeeID)
		}
		rows, err := w.db.QueryStrings(t.Context(), "SELECT COUNT(*) FROM employee WHERE reports_to IS NOT NULL")
		if err != nil || rows[0][0] != "2" {
			t.Errorf("rows with reports_to in the database: %v (%v), want 2", rows, err)
		}
	})
}

// TestT01_Autobegin: the first use begins a transaction by itself; an
// explicit Begin while one is open is an error (T01).
func TestT01_Autobegin(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		if _, err := orm.All(ctx, s, orm.Select[chinook.Genre]()); err != nil {
			t.Fatal(err)
		}
		if ops := w.rec.TxOps(); len(ops) != 1 || ops[0] != engine.TxBegin {
			t.Errorf("transaction events %v, want one BEGIN", ops)
		}
		if err := s.Begin(ctx); err == nil || !strings.Contains(err.Error(), "already begun") {
			t.Errorf("Begin while one is open: %v", err)
		}
	})
}

// TestManyToMany: the objects of a many-to-many collection are written as
// association rows at flush; taking one out deletes its row.
func TestManyToMany(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		s := w.f.New()
		defer s.Close()
		red, blue := &shop.Tag{Name: "red"}, &shop.Tag{Name: "blue"}
		p := &shop.Product{Name: "p", Price: 1, Category: &shop.Category{Name: "c"}, Tags: []*shop.Tag{red, blue}}
		s.Add(p)
		if err := s.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "product_tags"); n != 2 {
			t.Fatalf("%d association rows, want 2", n)
		}
		p.Tags = []*shop.Tag{blue}
		if err := s.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(t.Context(), "SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id")
		if err != nil || len(rows) != 1 || rows[0][0] != "blue" {
			t.Errorf("association rows %v (%v), want blue alone", rows, err)
		}
		if err := s.Delete(p); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "product_tags"); n != 0 {
			t.Errorf("%d association rows after deleting the product, want 0", n)
		}
	})
}

// TestLongSessionTransactionSite: a session's transaction left open past
// LongTransaction is reported naming the program's line that began it
// (CallSites on), through the orm's own frames: a query, and a stream's
// loop.
func TestLongSessionTransactionSite(t *testing.T) {
	for _, backend := range []string{testdb.SQLite, testdb.Postgres} {
		t.Run(backend, func(t *testing.T) {
			ctx := t.Context()
			_, dsn := testdb.OpenWithDSN(t, backend)
			buf := &testdb.LogBuffer{}
			eng, err := engine.Open(ctx, dsn, engine.WithLongTransaction(40*time.Millisecond), engine.WithCallSites(true),
				engine.WithLogger(slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelWarn}))))
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			if err := orm.CreateAll(ctx, eng, chinook.MappedTables...); err != nil {
				t.Fatal(err)
			}
			f := orm.NewSessionFactory(eng)
			buf.Reset() // of a report of CreateAll's transaction
			reported := func(site string) {
				t.Helper()
				deadline := time.Now().Add(2 * time.Second)
				for !strings.Contains(buf.String(), site) && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
				}
				if out := buf.String(); !strings.Contains(out, "still open") || !strings.Contains(out, site) {
					t.Errorf("report %q does not name %s", out, site)
				}
			}

			s := f.New()
			_, _, line, _ := runtime.Caller(0)
			if _, err := orm.All(ctx, s, orm.Select[chinook.Artist]()); err != nil {
				t.Fatal(err)
			}
			reported(fmt.Sprintf("session_test.go:%d", line+1))
			s.Close()

			buf.Reset()
			s = f.New()
			defer s.Close()
			_, _, line, _ = runtime.Caller(0)
			for _, err := range orm.Partitions(ctx, s, orm.Select[chinook.Artist](), 10) {
				if err != nil {
					t.Fatal(err)
				}
			}
			reported(fmt.Sprintf("session_test.go:%d", line+1))
		})
	}
}

// TestOrphanNotNullable: a child taken out of a collection without the
// delete-orphan cascade gets its key set to NULL; where the key cannot be
// NULL (an album's artist_id) the flush fails with ErrNotNullable before
// anything is sent or changed, where it wrote key 0.
func TestOrphanNotNullable(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		artist := &chinook.Artist{ArtistID: 1, Albums: []*chinook.Album{{AlbumID: 1, Title: "a"}, {AlbumID: 2, Title: "b"}}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(artist) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		loaded, err := orm.One(ctx, s, orm.Select[chinook.Artist]().Options(orm.SelectInLoad(chinook.Artists.Albums)))
		if err != nil || len(loaded.Albums) != 2 {
			t.Fatalf("%+v, %v", loaded, err)
		}
		taken := loaded.Albums[0]
		loaded.Albums = loaded.Albums[1:]
		w.rec.Reset()
		err = s.Flush(ctx)
		if !errors.Is(err, orm.ErrNotNullable) || !strings.Contains(err.Error(), "album.artist_id cannot be NULL") {
			t.Fatalf("flush: %v, want ErrNotNullable naming album.artist_id", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent: %q", n, w.rec.SQL())
		}
		if taken.ArtistID != 1 || taken.Artist != loaded {
			t.Errorf("the album taken out was changed: artist_id %d, artist %p", taken.ArtistID, taken.Artist)
		}
	})
}
