package orm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// Tests of SQLAlchemy behaviours that the other files do not cover
// already; each is named after its behaviour's ID (see docs/differences.md
// for those where Retort differs).

// TestBehaviour_L05_JoinedSQLShape: a joined load adds LEFT OUTER JOIN
// <table> AS <table>_1, its columns after the parent's (a name the parent
// uses already labelled <name>_1), and no ORDER BY for a many-to-one.
func TestBehaviour_L05_JoinedSQLShape(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		if _, err := orm.All(t.Context(), s, orm.Select[chinook.Album]().Options(orm.JoinedLoad(chinook.Albums.Artist))); err != nil {
			t.Fatal(err)
		}
		want := "SELECT album.album_id, album.title, album.artist_id, artist_1.artist_id AS artist_id_1, artist_1.name FROM album LEFT OUTER JOIN artist AS artist_1 ON artist_1.artist_id = album.artist_id"
		if got := w.rec.SQL()[0]; got != want {
			t.Errorf("SQL\n%s\nwant\n%s", got, want)
		}
	})
}

// TestBehaviour_L09_JoinOrder: several joined loads render in the
// mapping's field order, whatever the order of the options.
func TestBehaviour_L09_JoinOrder(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		s := w.f.New()
		defer s.Close()
		var sql []string
		for _, opts := range [][]orm.QueryOption{
			{orm.JoinedLoad(chinook.Tracks.Genre), orm.JoinedLoad(chinook.Tracks.Album)},
			{orm.JoinedLoad(chinook.Tracks.Album), orm.JoinedLoad(chinook.Tracks.Genre)},
		} {
			w.rec.Reset()
			if _, err := orm.All(t.Context(), s, orm.Select[chinook.Track]().Options(opts...)); err != nil {
				t.Fatal(err)
			}
			sql = append(sql, w.rec.SQL()[0])
		}
		if sql[0] != sql[1] || strings.Index(sql[0], "JOIN album") > strings.Index(sql[0], "JOIN genre") {
			t.Errorf("the option order changed the SQL, or genre came before album:\n%s\n%s", sql[0], sql[1])
		}
	})
}

// TestBehaviour_L11_L36_SelectInSQLShape: a select-in for a one-to-many
// queries the target table alone, by the foreign key, with no join back to
// the parent, ordered by the relationship's order_by (L36); a joined
// collection puts that order in the outer ORDER BY. Without an order_by
// neither has an ORDER BY (TestCollectionsUnordered).
func TestBehaviour_L11_L36_SelectInSQLShape(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		q := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(3))
		w.rec.Reset()
		if _, err := orm.All(t.Context(), s, q.Options(orm.SelectInLoad(chinook.Artists.Albums))); err != nil {
			t.Fatal(err)
		}
		sql := w.rec.SQL()[1]
		if !strings.HasPrefix(sql, "SELECT album.album_id, album.title, album.artist_id FROM album WHERE album.artist_id ") ||
			strings.Contains(sql, "JOIN") || !strings.HasSuffix(sql, "ORDER BY album.title ASC") {
			t.Errorf("select-in SQL %s", sql)
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		w.rec.Reset()
		if _, err := orm.All(t.Context(), s2, q.Options(orm.JoinedLoad(chinook.Artists.Albums))); err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL()[0]; !strings.HasSuffix(sql, "ORDER BY album_1.title ASC") {
			t.Errorf("joined SQL %s", sql)
		}
	})
}

// TestBehaviour_L14_L15_I04_LoadedStays: a relationship loaded before keeps
// its objects, changes included, when a later query asks to load it again
// (L14: the collection is not replaced; unlike SQLAlchemy, no IN query is
// sent when every parent has it loaded); a later query does fill it on held
// objects that lack it (L15); PopulateExisting reloads it (I04).
func TestBehaviour_L14_L15_I04_LoadedStays(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		// Without autoflush: the tracks taken out of an album below would
		// otherwise be flushed before the next query (their album_id set
		// to NULL, as SQLAlchemy does), and I04 would reload the one left.
		s := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New()
		defer s.Close()
		q := orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(3))
		albums, err := orm.All(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		if isLoaded(t, s, albums[0], chinook.Albums.Tracks) {
			t.Fatal("tracks loaded without being asked for")
		}
		if _, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(chinook.Albums.Tracks))); err != nil {
			t.Fatal(err)
		}
		if len(albums[0].Tracks) == 0 || !isLoaded(t, s, albums[0], chinook.Albums.Tracks) {
			t.Fatalf("L15: the held album's tracks were not filled")
		}
		n := len(albums[0].Tracks)
		albums[0].Tracks = albums[0].Tracks[:1]
		w.rec.Reset()
		if _, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(chinook.Albums.Tracks))); err != nil {
			t.Fatal(err)
		}
		if len(albums[0].Tracks) != 1 {
			t.Errorf("L14: the loaded collection was replaced: %d tracks", len(albums[0].Tracks))
		}
		if got := strings.Join(w.selects(), " "); got != "album" {
			t.Errorf("statements on %s, want the albums alone", got)
		}
		if _, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(chinook.Albums.Tracks), orm.PopulateExisting())); err != nil {
			t.Fatal(err)
		}
		if len(albums[0].Tracks) != n {
			t.Errorf("I04: PopulateExisting left %d tracks, want %d", len(albums[0].Tracks), n)
		}
	})
}

// TestBehaviour_L22_NoLoad: NoLoad leaves the relationship nil, counts it
// as loaded, and sends no SQL for it.
func TestBehaviour_L22_NoLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		albums, err := orm.All(t.Context(), s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Eq(1)).Options(orm.NoLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		tracks, err := orm.Related(s, albums[0], chinook.Albums.Tracks)
		if err != nil || tracks != nil || albums[0].Tracks != nil || w.rec.Count() != 1 {
			t.Errorf("no-load: %v, %v, %d statements", tracks, err, w.rec.Count())
		}
	})
}

// TestBehaviour_J06_JoinedLoadAliasIsInvisible: a joined load joins its
// collection under an anonymous alias, so a condition or an ordering on the
// collection's table, which the query never joined, is refused before it
// runs: SQLAlchemy returns every album for the first (a Cartesian product
// with a warning) and sends the second to a server that rejects it.
func TestBehaviour_J06_JoinedLoadAliasIsInvisible(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		joined := orm.JoinedLoad(chinook.Albums.Tracks)
		_, err := orm.All(t.Context(), s, orm.Select[chinook.Album]().Where(chinook.Tracks.Milliseconds.Gt(600_000)).Options(joined))
		if !errors.Is(err, core.ErrCartesianProduct) || !strings.Contains(err.Error(), `"track" and "album JOIN track (anonymous alias)"`) {
			t.Errorf("a condition on the joined-loaded table: %v", err)
		}
		_, err = orm.All(t.Context(), s, orm.Select[chinook.Album]().OrderBy(chinook.Tracks.Milliseconds.Desc()).Options(joined))
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "ORDER BY refers to track") {
			t.Errorf("an ordering by the joined-loaded table: %v", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent, want none: %q", n, w.rec.SQL())
		}
	})
}

// TestBehaviour_X01_EntityWithLateral: each artist with its latest album
// through an outer-joined LATERAL subquery; an artist without albums comes
// back with a nil album (SQLAlchemy's (User, None) row). PostgreSQL only:
// SQLite and MariaDB have no LATERAL, and say so before anything is sent.
func TestBehaviour_X01_EntityWithLateral(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		ar, al := chinook.Artists, chinook.Albums
		latest := core.Select(al.Table).Where(al.ArtistID.EqCol(ar.ArtistID)).
			OrderBy(al.AlbumID.Desc()).Limit(1).Lateral("latest")
		q := orm.Select2[*chinook.Artist, *chinook.Album](ar, latest).OuterJoin(latest, core.True()).
			Where(ar.ArtistID.In(1, 25, 27)).OrderBy(ar.ArtistID.Asc())
		rows, err := orm.All(ctx, s, q)
		if w.backend != testdb.Postgres {
			if !errors.Is(err, core.ErrUnsupported) {
				t.Errorf("LATERAL on %s: %v, want ErrUnsupported", w.backend, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		// Artist 1 (AC/DC) has albums 1 and 4; 25 has none; 27 has 85 to 87.
		want := map[int32]int32{1: 4, 25: 0, 27: 87}
		if len(rows) != len(want) {
			t.Fatalf("%d rows, want %d", len(rows), len(want))
		}
		for _, r := range rows {
			var got int32
			if r.V2 != nil {
				got = r.V2.AlbumID
			}
			if got != want[r.V1.ArtistID] {
				t.Errorf("artist %d: latest album %d, want %d (0: none)", r.V1.ArtistID, got, want[r.V1.ArtistID])
			}
		}
		held, err := orm.Get[chinook.Album](ctx, s, int32(4))
		if err != nil || held != rows[0].V2 {
			t.Errorf("Get(album 4) is not the row's album: %v", err)
		}
	})
}
