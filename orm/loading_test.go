package orm_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
	"github.com/retortdb/retort/retorttest"
)

// selects returns the SELECT statements the recorder saw, by table.
func (w *world) selects() []string {
	var out []string
	for _, sql := range w.rec.SQL() {
		if strings.HasPrefix(sql, "SELECT") {
			f := strings.Fields(sql[strings.Index(sql, " FROM ")+6:])
			out = append(out, f[0])
		}
	}
	return out
}

// TestBehaviour_L16_R08_SelectInChainPerLevel: artists with their albums and the albums' tracks,
// select-in at each level: one statement per level, the collections in
// their order_by, and the same graph as SQL counts it.
func TestBehaviour_L16_R08_SelectInChainPerLevel(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		artists, err := orm.All(ctx, s, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(10)).Options(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "artist album track" {
			t.Errorf("statements on %q, want one per level: artist album track", got)
		}
		albums, tracks := 0, 0
		for _, a := range artists {
			if !isLoaded(t, s, a, chinook.Artists.Albums) {
				t.Errorf("artist %d: albums not marked loaded", a.ArtistID)
			}
			for i, al := range a.Albums {
				if al.ArtistID != a.ArtistID || i > 0 && a.Albums[i-1].Title > al.Title {
					t.Errorf("artist %d: album %q out of place", a.ArtistID, al.Title)
				}
				albums++
				tracks += len(al.Tracks)
			}
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT COUNT(DISTINCT al.album_id), COUNT(tr.track_id) FROM album al LEFT JOIN track tr ON tr.album_id = al.album_id WHERE al.artist_id <= 10")
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprint(albums, tracks); rows[0][0]+" "+rows[0][1] != want {
			t.Errorf("loaded %s albums and tracks, the database has %v", want, rows[0])
		}
	})
}

// TestBehaviour_L13_ManyToOneSkipsHeld: a many-to-one loads its targets in one statement,
// and none when the session holds them all.
func TestBehaviour_L13_ManyToOneSkipsHeld(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		q := orm.Select[chinook.Track]().Where(chinook.Tracks.AlbumID.Eq(1))
		w.rec.Reset()
		tracks, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(chinook.Tracks.Album)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "track album" {
			t.Errorf("statements on %q, want track album", got)
		}
		for _, tr := range tracks {
			if tr.Album == nil || tr.Album != tracks[0].Album || tr.Album.AlbumID != 1 {
				t.Fatalf("track %d: album %+v, want the one album 1", tr.TrackID, tr.Album)
			}
		}
		w.rec.Reset()
		if _, err := orm.All(ctx, s, q.Where(chinook.Tracks.TrackID.Le(3)).Options(orm.SelectInLoad(chinook.Tracks.Album))); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "track" {
			t.Errorf("statements on %q, want track alone: album 1 is held", got)
		}
	})
}

// TestExplicitLoad: orm.Load over many objects is one statement per level,
// never one per object, and Related refuses an unloaded relationship.
func TestExplicitLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(100)))
		if err != nil || len(albums) != 100 {
			t.Fatalf("%d albums (%v)", len(albums), err)
		}
		if _, err := orm.Related(s, albums[0], chinook.Albums.Tracks); !errors.Is(err, orm.ErrNotLoaded) || !strings.Contains(err.Error(), "Album.Tracks") {
			t.Errorf("Related before loading: %v, want ErrNotLoaded naming Album.Tracks", err)
		}
		w.rec.Reset()
		if err := orm.Load(ctx, s, albums, chinook.Albums.Tracks, orm.SelectInLoad(chinook.Tracks.Genre)); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "track genre" {
			t.Errorf("statements on %q, want track genre", got)
		}
		got, err := orm.Related(s, albums[0], chinook.Albums.Tracks)
		if err != nil || len(got) == 0 || got[0].Genre == nil {
			t.Errorf("Related after Load: %d tracks, %v", len(got), err)
		}
	})
}

// TestBehaviour_L12_InListChunks: the default strategy of Users.Orders (lazy:selectin)
// loads 1,201 users' orders in one statement on PostgreSQL (one array
// parameter) and in padded chunks of at most 512 keys elsewhere.
func TestBehaviour_L12_InListChunks(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		const users = 1201
		if err := w.db.ExecScript(ctx, "INSERT INTO departments (id, name) VALUES (1, 'd')"); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		for i := range users {
			u := &shop.User{Email: fmt.Sprint("u", i), DepartmentID: 1, CreatedAt: time.Unix(0, 0)}
			u.Orders = []*shop.Order{{Status: "new", CreatedAt: time.Unix(int64(i), 0)}}
			s.Add(u)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = w.f.New()
		defer s.Close()
		w.rec.Reset()
		got, err := orm.All(ctx, s, orm.Select[shop.User]())
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range got {
			if len(u.Orders) != 1 || u.Orders[0].UserID != u.ID {
				t.Fatalf("user %d: %d orders", u.ID, len(u.Orders))
			}
		}
		want := "users orders orders orders"
		if w.backend == testdb.Postgres {
			want = "users orders"
		}
		if got := strings.Join(w.selects(), " "); got != want {
			t.Errorf("statements on %q, want %q", got, want)
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		// With WithInListSize(500), as SQLAlchemy's chunks (L12): lists of
		// 500, 500 and 201 padded to 256, in two statement shapes.
		small := orm.NewSessionFactory(w.eng, orm.WithInListSize(500)).New()
		defer small.Close()
		w.rec.Reset()
		if _, err := orm.All(ctx, small, orm.Select[shop.User]()); err != nil {
			t.Fatal(err)
		}
		shapes := map[int]int{}
		for _, sql := range w.rec.SQL()[1:] {
			shapes[strings.Count(sql, "?")]++
		}
		want500 := map[int]int{500: 2, 256: 1}
		if w.backend == testdb.Postgres {
			want500 = map[int]int{0: 1}
		}
		if fmt.Sprint(shapes) != fmt.Sprint(want500) {
			t.Errorf("IN lists by size %v, want %v", shapes, want500)
		}
	})
}

// TestBehaviour_L24_L26_OptionErrors: two strategies for one path (L24), and a path that
// does not start at the query's entity or does not chain (L26).
func TestBehaviour_L24_L26_OptionErrors(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		q := orm.Select[chinook.Artist]()
		for _, tc := range []struct {
			opts []orm.QueryOption
			want string
		}{
			{[]orm.QueryOption{orm.SelectInLoad(chinook.Artists.Albums), orm.NoLoad(chinook.Artists.Albums)},
				"loader strategies conflict for Artist.Albums: selectin(Artist.Albums) and noload(Artist.Albums)"},
			{[]orm.QueryOption{orm.RaiseLoad(orm.Wildcard), orm.SelectInLoad(orm.Wildcard)},
				"loader strategies conflict for the wildcard: raise(orm.Wildcard) and selectin(orm.Wildcard)"},
			{[]orm.QueryOption{orm.SelectInLoad(chinook.Artists.Albums).RaiseLoad(orm.Wildcard),
				orm.SelectInLoad(chinook.Artists.Albums).NoLoad(orm.Wildcard)},
				"loader strategies conflict for the wildcard: raise(orm.Wildcard) and noload(orm.Wildcard)"},
			{[]orm.QueryOption{orm.SelectInLoad(chinook.Albums.Tracks)},
				"the option for Album.Tracks does not start at an entity of the query (chinook.Artist)"},
			{[]orm.QueryOption{orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Tracks.Genre)},
				"Track.Genre does not link from Artist.Albums"},
		} {
			if _, err := orm.All(ctx, s, q.Options(tc.opts...)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		}
	})
}

// TestSelectInManyToMany: playlists with their tracks through
// playlist_track, in one statement, each collection in its order_by, and
// a track shared by playlists is one object.
func TestSelectInManyToMany(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		playlists, err := orm.All(ctx, s, orm.Select[chinook.Playlist]().Options(orm.SelectInLoad(chinook.Playlists.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "playlist track" {
			t.Errorf("statements on %q, want playlist track", got)
		}
		total := 0
		byID := map[int32]*chinook.Track{}
		for _, p := range playlists {
			for i, tr := range p.Tracks {
				if i > 0 && p.Tracks[i-1].TrackID >= tr.TrackID {
					t.Fatalf("playlist %d: tracks out of order", p.PlaylistID)
				}
				if prev := byID[tr.TrackID]; prev != nil && prev != tr {
					t.Fatalf("track %d loaded as two objects", tr.TrackID)
				}
				byID[tr.TrackID] = tr
			}
			total += len(p.Tracks)
		}
		if total != testdb.ChinookPlaylistTracks {
			t.Errorf("%d playlist entries, want %d", total, testdb.ChinookPlaylistTracks)
		}
	})
}

// TestBehaviour_L04_JoinedManyToOne: joined loading of many-to-ones is one statement,
// a LEFT OUTER JOIN under an anonymous alias per relationship; a row with
// no match (the general manager has none) leaves the field nil; a path
// that goes on from a joined link loads by select-in.
func TestBehaviour_L04_JoinedManyToOne(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		emps, err := orm.All(ctx, s, orm.Select[chinook.Employee]().OrderBy(chinook.Employees.EmployeeID.Asc()).Options(orm.JoinedLoad(chinook.Employees.Manager)))
		if err != nil {
			t.Fatal(err)
		}
		sqls := w.rec.SQL()
		if len(sqls) != 1 || !strings.Contains(sqls[0], "LEFT OUTER JOIN employee AS employee_1 ON employee_1.employee_id = employee.reports_to") {
			t.Errorf("statements:\n%s\nwant one, with the LEFT OUTER JOIN", strings.Join(sqls, "\n"))
		}
		if len(emps) != testdb.ChinookEmployees || emps[0].Manager != nil {
			t.Fatalf("%d employees; the first's manager %v, want none", len(emps), emps[0].Manager)
		}
		for _, e := range emps[1:] {
			if e.Manager == nil || e.ReportsTo == nil || e.Manager.EmployeeID != *e.ReportsTo {
				t.Errorf("employee %d: manager %v, reports_to %v", e.EmployeeID, e.Manager, e.ReportsTo)
			}
			if e.Manager != nil && e.Manager.EmployeeID <= int32(len(emps)) && e.Manager != emps[e.Manager.EmployeeID-1] {
				t.Errorf("employee %d's manager is not the session's object", e.EmployeeID)
			}
		}

		w.rec.Reset()
		tracks, err := orm.All(ctx, s, orm.Select[chinook.Track]().Where(chinook.Tracks.AlbumID.Eq(1)).Options(orm.JoinedLoad(chinook.Tracks.Album).SelectInLoad(chinook.Albums.Artist), orm.JoinedLoad(chinook.Tracks.Genre)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "track artist" {
			t.Errorf("statements on %q, want track (album and genre joined) then artist", got)
		}
		for _, tr := range tracks {
			if tr.Album == nil || tr.Album.Artist == nil || tr.Genre == nil || *tr.Album.Artist.Name != "AC/DC" {
				t.Fatalf("track %d: album %v, genre %v", tr.TrackID, tr.Album, tr.Genre)
			}
		}
	})
}

// TestBehaviour_L03_L10_JoinedCollection: a joined collection is one statement whose parent
// rows repeat per child; each parent comes back once with its whole
// collection, the same graph select-in loads (in no given order:
// Album.Tracks has no order_by). Two joined
// collections, or one under LIMIT, are refused with a reason.
func TestBehaviour_L03_L10_JoinedCollection(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		q := orm.Select[chinook.Album]().Where(chinook.Albums.ArtistID.Le(20)).OrderBy(chinook.Albums.AlbumID.Asc())
		graph := func(opt orm.QueryOption) (string, int) {
			t.Helper()
			s := w.f.New()
			defer s.Close()
			w.rec.Reset()
			albums, err := orm.All(ctx, s, q.Options(opt))
			if err != nil {
				t.Fatal(err)
			}
			return albumTrackSets(albums), w.rec.Count()
		}
		joined, n := graph(orm.JoinedLoad(chinook.Albums.Tracks))
		if n != 1 {
			t.Errorf("joined: %d statements, want 1", n)
		}
		selectin, _ := graph(orm.SelectInLoad(chinook.Albums.Tracks))
		if joined != selectin {
			t.Errorf("joined and select-in loaded different graphs:\n%s\n---\n%s", joined, selectin)
		}
		if strings.Count(joined, "\n") < 20 {
			t.Errorf("only %d albums", strings.Count(joined, "\n"))
		}

		s := w.f.New()
		defer s.Close()
		if _, err := orm.All(ctx, s, orm.Select[chinook.Employee]().Options(orm.JoinedLoad(chinook.Employees.Reports), orm.JoinedLoad(chinook.Employees.Customers))); err == nil || !strings.Contains(err.Error(), "the collections Employee.Reports and Employee.Customers multiplies their rows") {
			t.Errorf("two joined collections: %v", err)
		}

		// A chain of collections reads a row per track, multiplying
		// nothing: it needs no AllowCartesian, and loads in one statement
		// what select-in loads in three.
		chain := func(opt orm.LoadPath) (string, int) {
			s := w.f.New()
			defer s.Close()
			w.rec.Reset()
			artists, err := orm.All(ctx, s, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(20)).
				OrderBy(chinook.Artists.ArtistID.Asc()).Options(opt))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, a := range artists {
				for _, al := range a.Albums {
					fmt.Fprintf(&b, "%d/%d:", a.ArtistID, al.AlbumID)
					ids := make([]int, len(al.Tracks))
					for i, tr := range al.Tracks {
						ids[i] = int(tr.TrackID)
					}
					slices.Sort(ids)
					fmt.Fprintln(&b, ids)
				}
			}
			return b.String(), w.rec.Count()
		}
		joinedChain, n := chain(orm.JoinedLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks))
		if n != 1 {
			t.Errorf("a joined chain took %d statements, want 1", n)
		}
		selectinChain, _ := chain(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks))
		if joinedChain != selectinChain || strings.Count(joinedChain, "\n") < 10 {
			t.Errorf("a joined chain loaded:\n%s\nselect-in:\n%s", joinedChain, selectinChain)
		}

		// Ordered by a column many customers share, the rows of customers
		// of one support rep interleave, their invoices being numbered
		// by date: a customer is met again after others, each time with
		// an invoice new to the session, or one it held before the query
		// (the first ten), which the collection must not hold twice.
		customers := func(opt orm.LoadPath, held bool) string {
			s := w.f.New()
			defer s.Close()
			if held {
				if _, err := orm.All(ctx, s, orm.Select[chinook.Invoice]().Where(chinook.Invoices.InvoiceID.Le(10))); err != nil {
					t.Fatal(err)
				}
			}
			cs, err := orm.All(ctx, s, orm.Select[chinook.Customer]().OrderBy(chinook.Customers.SupportRepID.Asc()).Options(opt))
			if err != nil {
				t.Fatal(err)
			}
			lines := make([]string, len(cs))
			for i, c := range cs {
				ids := make([]int, len(c.Invoices))
				for j, inv := range c.Invoices {
					ids[j] = int(inv.InvoiceID)
				}
				slices.Sort(ids)
				lines[i] = fmt.Sprintf("%02d: %v", c.CustomerID, ids)
			}
			slices.Sort(lines)
			return strings.Join(lines, "\n")
		}
		want := customers(orm.SelectInLoad(chinook.Customers.Invoices), false)
		for _, held := range []bool{false, true} {
			if got := customers(orm.JoinedLoad(chinook.Customers.Invoices), held); got != want {
				t.Errorf("interleaved parents, invoices held before: %v: joined loaded\n%s\nselect-in\n%s", held, got, want)
			}
		}
		if strings.Count(want, "\n") != 58 || !strings.Contains(want, "01: [") {
			t.Errorf("not every customer's invoices:\n%s", want)
		}
	})
}

// TestBehaviour_L29_RelationshipCriteria: a relationship filtered with And loads only the
// objects the criteria let through, in the select-in statement (L29), and
// through orm.Load too (joined loading: TestJoinedLoadCriteria).
func TestBehaviour_L29_RelationshipCriteria(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		long := chinook.Albums.Tracks.And(chinook.Tracks.Milliseconds.Gt(300_000))
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(30)).Options(orm.SelectInLoad(long)))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range albums {
			for _, tr := range a.Tracks {
				if tr.Milliseconds <= 300_000 {
					t.Fatalf("track %d of %d ms got through the criteria", tr.TrackID, tr.Milliseconds)
				}
				n++
			}
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT COUNT(*) FROM track WHERE album_id <= 30 AND milliseconds > 300000")
		if err != nil || rows[0][0] != fmt.Sprint(n) {
			t.Errorf("loaded %d long tracks, the database has %v (%v)", n, rows, err)
		}
		more, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Gt(30)).Where(chinook.Albums.AlbumID.Le(40)))
		if err != nil {
			t.Fatal(err)
		}
		if err := orm.Load(ctx, s, more, long); err != nil {
			t.Fatal(err)
		}
		for _, a := range more {
			for _, tr := range a.Tracks {
				if tr.Milliseconds <= 300_000 {
					t.Fatalf("orm.Load: track %d of %d ms got through the criteria", tr.TrackID, tr.Milliseconds)
				}
			}
		}
	})
}

// TestSelectIn100kKeys loads 100,000 users with their orders: on
// PostgreSQL the orders come in one statement, whatever the number of
// keys (one array parameter); on SQLite in IN lists of at most 512 keys,
// padded to one statement shape. It runs in CI's heavy step: under -race
// the pure-Go SQLite takes half a minute.
func TestSelectIn100kKeys(t *testing.T) {
	if raceOn || testing.Short() {
		t.Skip("heavy: run without -race")
	}
	const users = 100_000
	for _, backend := range []string{testdb.SQLite, testdb.Postgres} {
		t.Run(backend, func(t *testing.T) {
			ctx := t.Context()
			db, dsn := testdb.OpenWithDSN(t, backend)
			rec := retorttest.NewRecorder()
			eng, err := engine.Open(ctx, dsn, rec.Option())
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			if err := orm.CreateAll(ctx, eng, shop.MappedTables...); err != nil {
				t.Fatal(err)
			}
			series := fmt.Sprintf("(WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %d) SELECT x FROM g) AS g", users)
			if backend == testdb.Postgres {
				series = fmt.Sprintf("generate_series(1, %d) AS g(x)", users)
			}
			err = db.ExecScript(ctx, `
				INSERT INTO departments (id, name) VALUES (1, 'd');
				INSERT INTO users (id, email, department_id, is_active, created_at)
					SELECT x, 'u' || x, 1, TRUE, '2024-01-01 00:00:00' FROM `+series+`;
				INSERT INTO orders (id, user_id, created_at, total, status)
					SELECT x, x, '2024-01-02 00:00:00', 1, 'paid' FROM `+series+` WHERE x % 2 = 0;`)
			if err != nil {
				t.Fatal(err)
			}
			s := orm.NewSessionFactory(eng, orm.WithReadOnly(true)).New()
			defer s.Close()
			rec.Reset()
			got, err := orm.All(ctx, s, orm.Select[shop.User]().Options(orm.SelectInLoad(shop.Users.Orders)))
			if err != nil {
				t.Fatal(err)
			}
			orders := 0
			for _, u := range got {
				orders += len(u.Orders)
				if len(u.Orders) != int(1-u.ID%2) {
					t.Fatalf("user %d has %d orders", u.ID, len(u.Orders))
				}
			}
			if len(got) != users || orders != users/2 {
				t.Fatalf("%d users, %d orders", len(got), orders)
			}
			shapes := map[string]int{}
			for _, sql := range rec.SQL()[1:] {
				shapes[sql]++
			}
			want, wantShapes := 1, 1
			if backend == testdb.SQLite {
				want, wantShapes = (users+511)/512, 2 // 195 full lists, and the last padded to 256
			}
			if n := len(rec.SQL()) - 1; n != want || len(shapes) != wantShapes {
				t.Errorf("%d orders statements of %d shapes, want %d of %d", n, len(shapes), want, wantShapes)
			}
		})
	}
}

// TestJoinedRowsOutOfOrder: the rows of a joined collection need not come
// parent by parent, nor child by child. Ordered by a track column, an
// album's rows are scattered among the others'; under AllowCartesian, an
// employee's reports and customers repeat in a cross product. Each parent
// still comes back once, with each child once.
func TestJoinedRowsOutOfOrder(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		sorted := func(ids []int32) []int32 { return slices.Sorted(slices.Values(ids)) }

		s := w.f.New()
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Join(chinook.Tracks).
			Where(chinook.Albums.AlbumID.Le(40)).
			OrderBy(chinook.Tracks.Milliseconds.Asc(), chinook.Tracks.TrackID.Asc()).
			Options(orm.ContainsEager(chinook.Albums.Tracks)))
		s.Close() // SQLite's UPDATE below waits for its read to end
		if err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT album_id, track_id FROM track WHERE album_id <= 40")
		if err != nil {
			t.Fatal(err)
		}
		want := map[int32][]int32{}
		for _, r := range rows {
			a, _ := strconv.Atoi(r[0])
			tr, _ := strconv.Atoi(r[1])
			want[int32(a)] = append(want[int32(a)], int32(tr))
		}
		if len(albums) != len(want) {
			t.Errorf("%d albums, want %d", len(albums), len(want))
		}
		for _, a := range albums {
			var got []int32
			for _, tr := range a.Tracks {
				got = append(got, tr.TrackID)
			}
			if !slices.Equal(sorted(got), sorted(want[a.AlbumID])) {
				t.Errorf("album %d: tracks %v, want %v", a.AlbumID, sorted(got), sorted(want[a.AlbumID]))
			}
		}

		// Chinook's managers support no customers: give one more than a
		// collection holds before addMember turns to its map, and one
		// fewer.
		for _, update := range []string{
			"UPDATE customer SET support_rep_id = 2 WHERE customer_id <= 12",
			"UPDATE customer SET support_rep_id = 6 WHERE customer_id BETWEEN 13 AND 15",
		} {
			if _, err := w.db.Exec(ctx, update); err != nil {
				t.Fatal(err)
			}
		}
		graph := func(from int32, opts ...orm.QueryOption) string {
			s := w.f.New()
			defer s.Close()
			emps, err := orm.All(ctx, s, orm.Select[chinook.Employee]().Where(chinook.Employees.EmployeeID.Ge(from)).
				OrderBy(chinook.Employees.EmployeeID.Asc()).Options(opts...))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, e := range emps {
				var reports, customers []int32
				for _, r := range e.Reports {
					reports = append(reports, r.EmployeeID)
				}
				for _, c := range e.Customers {
					customers = append(customers, c.CustomerID)
				}
				fmt.Fprintf(&b, "%d: %v %v\n", e.EmployeeID, reports, sorted(customers))
			}
			return b.String()
		}
		// From employee 2, every object of the first rows is new to the
		// session: a customer comes back only with employee 2's second
		// report, when its collection already holds twelve.
		var selectin string
		for _, from := range []int32{2, 1} { // 1 last: selectin is checked below
			cartesian := graph(from, orm.JoinedLoad(chinook.Employees.Reports), orm.JoinedLoad(chinook.Employees.Customers), orm.AllowCartesian())
			selectin = graph(from, orm.SelectInLoad(chinook.Employees.Reports), orm.SelectInLoad(chinook.Employees.Customers))
			if cartesian != selectin {
				t.Errorf("from employee %d, a cartesian join loaded\n%s\nselect-in\n%s", from, cartesian, selectin)
			}
		}
		if !strings.Contains(selectin, "2: [3 4 5] [1 2 3 4 5 6 7 8 9 10 11 12]\n") ||
			!strings.Contains(selectin, "6: [7 8] [13 14 15]\n") || strings.Count(selectin, "\n") != 8 {
			t.Errorf("the employees' graph is not what the dataset holds:\n%s", selectin)
		}
	})
}

// TestJoinedHeldObjects: a joined many-to-one's target that the session
// holds is not read again, row after row (its columns are skipped, not
// decoded): it keeps what the session has, as SQLAlchemy's does, unless
// the query populates existing objects or the object was expired; one the
// session holds partly is completed from the row.
func TestJoinedHeldObjects(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		err := orm.NewSessionFactory(w.eng).Transaction(ctx, func(s *orm.Session) error {
			sales, ops := &shop.Department{ID: 1, Name: "Sales"}, &shop.Department{ID: 2, Name: "Ops"}
			for i := range 6 {
				d := sales
				if i%2 == 1 {
					d = ops
				}
				u := &shop.User{ID: int64(i + 1), Email: fmt.Sprintf("u%d@example.com", i+1), Department: d, CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
				if err := s.Add(u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		// The departments, held partly: their names were not loaded.
		depts, err := orm.All(ctx, s, orm.Select[shop.Department]().OrderBy(shop.Departments.ID.Asc()).Options(orm.RaiseLoad(orm.Wildcard), orm.LoadOnly(shop.Departments.ID)))
		if err != nil {
			t.Fatal(err)
		}
		users := func(opts ...orm.QueryOption) string {
			t.Helper()
			us, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(orm.RaiseLoad(orm.Wildcard), orm.JoinedLoad(shop.Users.Department)).Options(opts...))
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range us {
				if u.Department != depts[(u.ID+1)%2] {
					t.Errorf("user %d: department %p, not the session's %p", u.ID, u.Department, depts[(u.ID+1)%2])
				}
				out = append(out, u.Department.Name)
			}
			return strings.Join(out, " ")
		}
		if got, want := users(), "Sales Ops Sales Ops Sales Ops"; got != want {
			t.Errorf("partly held departments completed: %s, want %s", got, want)
		}
		err = w.eng.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.ExecSQL(ctx, "UPDATE departments SET name = 'Renamed' WHERE id = 1")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := users(), "Sales Ops Sales Ops Sales Ops"; got != want {
			t.Errorf("held departments: %s, want what the session has: %s", got, want)
		}
		if got, want := users(orm.PopulateExisting()), "Renamed Ops Renamed Ops Renamed Ops"; got != want {
			t.Errorf("PopulateExisting: %s, want %s", got, want)
		}

		// In a session of the unit of work (not flushing before its
		// queries), a held department changed in memory keeps the change;
		// an expired one is read again.
		uow := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New()
		defer uow.Close()
		names := func() string {
			t.Helper()
			us, err := orm.All(ctx, uow, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(orm.RaiseLoad(orm.Wildcard), orm.JoinedLoad(shop.Users.Department)))
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range us[:2] {
				out = append(out, u.Department.Name)
			}
			return strings.Join(out, " ")
		}
		d1, err := orm.Get[shop.Department](ctx, uow, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		d1.Name = "Local"
		if got, want := names(), "Local Ops"; got != want {
			t.Errorf("a held department changed in memory: %s, want %s", got, want)
		}
		if err := uow.Expire(d1); err != nil {
			t.Fatal(err)
		}
		if got, want := names(), "Renamed Ops"; got != want {
			t.Errorf("an expired department: %s, want %s", got, want)
		}
	}, orm.WithAutocommit(true))
}
