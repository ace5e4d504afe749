package orm_test

import (
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// Tests of BEHAVIOURS.md section 1 that the other files do not cover
// already; each is named after its behaviour's ID.

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
// the parent, ordered by the relationship's order_by (L36), else by the
// target's primary key; a joined collection puts that order in the outer
// ORDER BY.
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
		s := orm.NewSessionFactory(w.eng, orm.Autoflush(false)).New()
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
