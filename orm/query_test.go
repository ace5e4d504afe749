package orm_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// albumTrackSets is albumTracks with each album's track ids sorted:
// Album.Tracks has no order_by, so its objects come in no given order.
func albumTrackSets(albums []*chinook.Album) string {
	var b strings.Builder
	for _, a := range albums {
		fmt.Fprintf(&b, "%d: %v\n", a.AlbumID, trackIDs(a.Tracks, false))
	}
	return b.String()
}

// albumTracks prints albums with their tracks' ids, one album a line,
// the tracks in the collection's order.
func albumTracks(albums []*chinook.Album) string {
	var b strings.Builder
	for _, a := range albums {
		fmt.Fprintf(&b, "%d:", a.AlbumID)
		for _, tr := range a.Tracks {
			fmt.Fprintf(&b, " %d", tr.TrackID)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestBehaviour_L06_JoinedLimitWrapsSubquery: a query with LIMIT 5 and a
// joined collection returns exactly 5 parents with complete collections:
// the limited SELECT is wrapped in a subquery, joined outside it, and its
// order restated outside, in one statement.
func TestBehaviour_L06_JoinedLimitWrapsSubquery(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		q := orm.Select[chinook.Album]().OrderBy(chinook.Albums.AlbumID.Desc()).Limit(5).Offset(2)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		joined, err := orm.All(ctx, s, q.Options(orm.JoinedLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		sql := w.rec.SQL()
		if len(sql) != 1 || !strings.Contains(sql[0], "FROM (SELECT") || !strings.Contains(sql[0], "LEFT OUTER JOIN track AS track_1") {
			t.Errorf("statements %q, want one that joins tracks to a subquery", sql)
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		selectin, err := orm.All(ctx, s2, q.Options(orm.SelectInLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if len(joined) != 5 {
			t.Fatalf("%d albums, want 5", len(joined))
		}
		if got, want := albumTrackSets(joined), albumTrackSets(selectin); got != want {
			t.Errorf("joined under LIMIT built\n%s\nselect-in built\n%s", got, want)
		}
		if joined[0].AlbumID != 345 || len(joined[0].Tracks) == 0 {
			t.Errorf("first album %d with %d tracks, want 345 (347 - 2) with its tracks", joined[0].AlbumID, len(joined[0].Tracks))
		}
	})
}

// TestJoinedCollectionGroupBy: a grouped query (albums with at least 20
// tracks) that joins a collection is wrapped in a subquery, as under a
// LIMIT, so that the collection is joined to the groups: PostgreSQL
// refused the grouped SELECT of the tracks' columns (42803), and SQLite
// and MariaDB kept one track per album. Every album comes with every
// track, as select-in loads them and as SQL counts them.
func TestJoinedCollectionGroupBy(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		q := orm.Select[chinook.Album]().Join(chinook.Tracks).GroupBy(chinook.Albums.AlbumID).
			Having(core.Count(chinook.Tracks.TrackID).Ge(20)).OrderBy(chinook.Albums.AlbumID.Asc())
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		joined, err := orm.All(ctx, s, q.Options(orm.JoinedLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		sql := w.rec.SQL()
		if w.backend == testdb.Postgres {
			const want = "SELECT anon_1.album_id, anon_1.title, anon_1.artist_id, track_1.track_id, track_1.name, track_1.album_id AS album_id_1, " +
				"track_1.media_type_id, track_1.genre_id, track_1.composer, track_1.milliseconds, track_1.bytes, track_1.unit_price " +
				"FROM (SELECT album.album_id, album.title, album.artist_id FROM album JOIN track ON track.album_id = album.album_id " +
				"GROUP BY album.album_id HAVING count(track.track_id) >= $1 ORDER BY album.album_id ASC) AS anon_1 " +
				"LEFT OUTER JOIN track AS track_1 ON track_1.album_id = anon_1.album_id ORDER BY anon_1.album_id ASC"
			if len(sql) != 1 || sql[0] != want {
				t.Errorf("statements\n%q\nwant\n%q", sql, want)
			}
		} else if len(sql) != 1 || !strings.Contains(sql[0], "GROUP BY album.album_id HAVING count(track.track_id) >= ?") ||
			!strings.Contains(sql[0], ") AS anon_1 LEFT OUTER JOIN track AS track_1 ON track_1.album_id = anon_1.album_id") {
			t.Errorf("statements %q, want one that joins tracks to the grouped subquery", sql)
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		selectin, err := orm.All(ctx, s2, q.Options(orm.SelectInLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := albumTrackSets(joined), albumTrackSets(selectin); got != want {
			t.Errorf("joined under GROUP BY built\n%s\nselect-in built\n%s", got, want)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT album_id, COUNT(*) FROM track GROUP BY album_id HAVING COUNT(*) >= 20 ORDER BY album_id")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range joined {
			for _, tr := range a.Tracks {
				if tr.AlbumID == nil || *tr.AlbumID != a.AlbumID {
					t.Fatalf("album %d holds track %d of album %d", a.AlbumID, tr.TrackID, *tr.AlbumID)
				}
			}
			got = append(got, fmt.Sprint(a.AlbumID, " ", len(a.Tracks)))
		}
		var want []string
		for _, r := range rows {
			want = append(want, r[0]+" "+r[1])
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") || len(want) < 5 {
			t.Errorf("albums and their track counts\n%v\nthe database has\n%v", got, want)
		}
	})
}

// TestBehaviour_L08_InnerJoin: a joined many-to-one with a NOT NULL key
// can be an INNER JOIN, nested chains join through further aliases, and
// InnerJoin over a nullable key is refused.
func TestBehaviour_L08_InnerJoin(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		tracks, err := orm.All(ctx, s, orm.Select[chinook.Track]().Where(chinook.Tracks.TrackID.Le(20)).Options(
			orm.JoinedLoad(chinook.Tracks.MediaType).InnerJoin(),
			orm.JoinedLoad(chinook.Tracks.Album).JoinedLoad(chinook.Albums.Artist)))
		if err != nil {
			t.Fatal(err)
		}
		sql := w.rec.SQL()
		if len(sql) != 1 || !strings.Contains(sql[0], " JOIN media_type AS media_type_1") || strings.Contains(sql[0], "OUTER JOIN media_type") ||
			!strings.Contains(sql[0], "LEFT OUTER JOIN artist AS artist_1 ON artist_1.artist_id = album_1.artist_id") {
			t.Errorf("statements %q", sql)
		}
		if len(tracks) != 20 {
			t.Fatalf("%d tracks", len(tracks))
		}
		for _, tr := range tracks {
			if tr.MediaType == nil || tr.MediaType.MediaTypeID != tr.MediaTypeID || tr.Album == nil || tr.Album.Artist == nil || tr.Album.Artist.ArtistID != tr.Album.ArtistID {
				t.Fatalf("track %d: media type %v, album %v", tr.TrackID, tr.MediaType, tr.Album)
			}
		}
		if tracks[0].Album != tracks[5].Album {
			t.Errorf("tracks 1 and 6, both of album 1, have two album objects")
		}
		if !isLoaded(t, s, tracks[0].Album, chinook.Albums.Artist) {
			t.Errorf("the nested joined Album.Artist is not marked loaded")
		}
		_, err = orm.All(ctx, s, orm.Select[chinook.Track]().Options(orm.JoinedLoad(chinook.Tracks.Album).InnerJoin()))
		if err == nil || !strings.Contains(err.Error(), "InnerJoin on Track.Album") {
			t.Errorf("InnerJoin over a nullable key: %v", err)
		}
		_, err = orm.All(ctx, s, orm.Select[chinook.Track]().Options(orm.JoinedLoad(chinook.Tracks.Album).JoinedLoad(chinook.Albums.Artist).InnerJoin()))
		if err == nil || !strings.Contains(err.Error(), "under the outer join of Track.Album") {
			t.Errorf("InnerJoin under an outer join: %v", err)
		}
	})
}

// TestBehaviour_L20_L21_L25_RaiseLoad: RaiseLoad overrides a mapping's select-in
// default, and Related then refuses the relationship; RaiseLoad with the
// wildcard covers the entities below a loaded path too; an option naming a
// relationship wins over the wildcard (L21); two wildcards with different
// strategies conflict, naming both (where SQLAlchemy lets the last win,
// L25).
func TestBehaviour_L20_L21_L25_RaiseLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().Options(orm.RaiseLoad(orm.Wildcard)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(w.selects(), " "); got != "users" {
			t.Errorf("statements on %s, want users alone: the orders' select-in default is raised", got)
		}
		if _, err := orm.Related(s, users[0], shop.Users.Orders); !errors.Is(err, orm.ErrNotLoaded) || !strings.Contains(err.Error(), "User.Orders of shop.User [1]") {
			t.Errorf("Related: %v", err)
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		users, err = orm.All(ctx, s2, orm.Select[shop.User]().Options(orm.RaiseLoad(orm.Wildcard), orm.SelectInLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		if len(users[0].Orders) != 2 {
			t.Fatalf("user 1 has %d orders loaded, want 2", len(users[0].Orders))
		}
		if _, err := orm.Related(s2, users[0].Orders[0], shop.Orders.Items); !errors.Is(err, orm.ErrNotLoaded) {
			t.Errorf("Order.Items under RaiseLoad(Wildcard): %v", err)
		}
		// A wildcard covers every entity of a row. (Read-only: s2 is
		// still open, which a session that may write would wait for on
		// SQLite.)
		s3 := orm.NewSessionFactory(w.eng, orm.WithReadOnly(true)).New()
		defer s3.Close()
		w.rec.Reset()
		pairs, err := orm.All(ctx, s3, orm.Select2[*shop.User, *shop.Order](shop.Users, shop.Orders).Join(shop.Orders).
			Options(orm.RaiseLoad(orm.Wildcard)))
		if err != nil || len(pairs) != 3 || w.rec.Count() != 1 {
			t.Errorf("a wildcard over two entities: %d rows, %d statements, %v", len(pairs), w.rec.Count(), err)
		}
		_, err = orm.All(ctx, s2, orm.Select[shop.User]().Options(orm.RaiseLoad(orm.Wildcard), orm.SelectInLoad(orm.Wildcard)))
		if err == nil || !strings.Contains(err.Error(), "conflict for the wildcard: raise(orm.Wildcard) and selectin(orm.Wildcard)") {
			t.Errorf("two wildcards: %v", err)
		}
	})
}

// seedShop adds a small shop: three users in one department; user 1 has
// two orders of two items, user 2 one order of one item, user 3 none.
func seedShop(t *testing.T, w *world) {
	t.Helper()
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	dept := &shop.Department{Name: "sales"}
	cat := &shop.Category{Name: "toys"}
	prod := &shop.Product{Name: "ball", Price: 2, Category: cat}
	order := func(n int, day int) *shop.Order {
		o := &shop.Order{CreatedAt: at.AddDate(0, 0, day), Total: float64(n), Status: "paid"}
		for i := range n {
			o.Items = append(o.Items, &shop.Item{Product: prod, SKU: fmt.Sprint("sku-", day, "-", i), Quantity: 1, Price: 1})
		}
		return o
	}
	users := []*shop.User{
		{Email: "a@x", Department: dept, IsActive: true, CreatedAt: at, Orders: []*shop.Order{order(2, 1), order(2, 2)}},
		{Email: "b@x", Department: dept, IsActive: true, CreatedAt: at.AddDate(0, 0, 1), Orders: []*shop.Order{order(1, 3)}},
		{Email: "c@x", Department: dept, IsActive: false, CreatedAt: at.AddDate(0, 0, 2)},
	}
	err := w.f.Transaction(t.Context(), func(s *orm.Session) error {
		for _, u := range users {
			if err := s.Add(u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.rec.Reset()
}

// TestPerParentLimit: each album's three longest tracks, by select-in with
// a per-parent limit: one statement (a ROW_NUMBER() window in a
// subquery), the same tracks as SQL picks one album at a time.
func TestPerParentLimit(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		longest := chinook.Albums.Tracks.OrderBy(chinook.Tracks.Milliseconds.Desc(), chinook.Tracks.TrackID.Asc()).Limit(3)
		w.rec.Reset()
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(40)).OrderBy(chinook.Albums.AlbumID.Asc()).
			Options(orm.SelectInLoad(longest)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 2 || !strings.Contains(sql[1], "row_number() OVER (PARTITION BY track.album_id ORDER BY track.milliseconds DESC, track.track_id ASC)") {
			t.Errorf("statements %q", sql)
		}
		for _, a := range albums {
			rows, err := w.db.QueryStrings(ctx, fmt.Sprintf("SELECT track_id FROM track WHERE album_id = %d ORDER BY milliseconds DESC, track_id LIMIT 3", a.AlbumID))
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, r := range rows {
				want = append(want, r[0])
			}
			for _, tr := range a.Tracks {
				got = append(got, fmt.Sprint(tr.TrackID))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("album %d: tracks %v, want %v", a.AlbumID, got, want)
			}
		}
		if _, err := orm.All(ctx, s, orm.Select[chinook.Album]().Options(orm.JoinedLoad(longest))); err == nil || !strings.Contains(err.Error(), "per-parent limit on Album.Tracks needs orm.SelectInLoad") {
			t.Errorf("joined with a limit: %v", err)
		}
	})
}

// TestBehaviour_L31_L34_LoadOnly: LoadOnly selects the named columns and the
// primary key; Defer leaves columns out; a later full query of the same
// rows completes the objects it finds in the session (L34), which keep
// the values they had.
func TestBehaviour_L31_L34_LoadOnly(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		q := orm.Select[chinook.Track]().Where(chinook.Tracks.TrackID.Le(3)).OrderBy(chinook.Tracks.TrackID.Asc())
		tracks, err := orm.All(ctx, s, q.Options(orm.LoadOnly(chinook.Tracks.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL()[0]; !strings.HasPrefix(sql, "SELECT track.track_id, track.name FROM track") {
			t.Errorf("SQL %s", sql)
		}
		if tracks[0].Name != "For Those About To Rock (We Salute You)" || tracks[0].Milliseconds != 0 || tracks[0].AlbumID != nil {
			t.Errorf("track 1 loaded only by name: %+v", tracks[0])
		}
		tracks[0].Name = "changed in memory"
		again, err := orm.All(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		if again[0] != tracks[0] || again[0].Milliseconds != 343719 || again[0].AlbumID == nil || again[0].Name != "changed in memory" {
			t.Errorf("after a full query: %+v", again[0])
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		w.rec.Reset()
		deferred, err := orm.All(ctx, s2, q.Options(orm.Defer(chinook.Tracks.Composer, chinook.Tracks.Bytes)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL()[0]; strings.Contains(sql, "composer") || strings.Contains(sql, "bytes") || !strings.Contains(sql, "milliseconds") {
			t.Errorf("SQL %s", sql)
		}
		if deferred[0].Composer != nil || deferred[0].Milliseconds != 343719 {
			t.Errorf("deferred: %+v", deferred[0])
		}
		if _, err := orm.All(ctx, s2, q.Options(orm.Defer(chinook.Tracks.TrackID))); err == nil || !strings.Contains(err.Error(), "primary key") {
			t.Errorf("Defer of the key: %v", err)
		}
	})
}

// TestBehaviour_L30_LoaderCriteria: WithLoaderCriteria filters every load
// of an entity the query causes: its select-in loads and the query's own
// rows of it.
func TestBehaviour_L30_LoaderCriteria(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		long := orm.WithLoaderCriteria[chinook.Track](chinook.Tracks.Milliseconds.Gt(300_000))
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(10)).Options(orm.SelectInLoad(chinook.Albums.Tracks), long))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range albums {
			for _, tr := range a.Tracks {
				if tr.Milliseconds <= 300_000 {
					t.Fatalf("track %d of %d ms", tr.TrackID, tr.Milliseconds)
				}
				n++
			}
		}
		tracks, err := orm.All(ctx, s, orm.Select[chinook.Track]().Where(chinook.Tracks.AlbumID.Le(10)).Options(long))
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || len(tracks) != n {
			t.Errorf("%d long tracks through the albums, %d queried", n, len(tracks))
		}
	})
}

// TestLoaderCriteriaOnJoins: WithLoaderCriteria[Track] reaches the
// query's explicit joins of track too, ANDed into their ON clause as
// SQLAlchemy does: an inner join keeps the albums with a long track, an
// outer join keeps every album (with no track where none is long, which a
// WHERE would have dropped), and ContainsEager reads only the long tracks.
// A join of another alias of track is refused, since the criteria name
// the table's own columns. The criteria were left out of joins before.
func TestLoaderCriteriaOnJoins(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		long := orm.WithLoaderCriteria[chinook.Track](chinook.Tracks.Milliseconds.Gt(300_000))
		param := "$1"
		if w.backend != testdb.Postgres {
			param = "?"
		}
		on := "JOIN track ON (track.album_id = album.album_id AND track.milliseconds > " + param + ")"
		count := func(sql string) int {
			t.Helper()
			rows, err := w.db.QueryStrings(ctx, sql)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := strconv.Atoi(rows[0][0])
			return n
		}
		s := w.f.New()
		defer s.Close()

		w.rec.Reset()
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Join(chinook.Tracks).Unique().Options(long))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], " "+on) || strings.Contains(sql[0], "WHERE") {
			t.Errorf("inner join: statements %q, want the criteria in %q", sql, on)
		}
		want := count("SELECT COUNT(DISTINCT album_id) FROM track WHERE milliseconds > 300000")
		if len(albums) != want || want == 0 {
			t.Errorf("inner join: %d albums, the database has %d with a long track", len(albums), want)
		}

		w.rec.Reset()
		rows, err := orm.All(ctx, s, orm.Select2[*chinook.Album, *chinook.Track](chinook.Albums, chinook.Tracks).
			OuterJoin(chinook.Tracks, chinook.Tracks.AlbumID.EqCol(chinook.Albums.AlbumID)).Options(long))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], " LEFT OUTER "+on) || strings.Contains(sql[0], "WHERE") {
			t.Errorf("outer join: statements %q, want the criteria in %q", sql, on)
		}
		none, tracks := 0, 0
		for _, r := range rows {
			switch {
			case r.V2 == nil:
				none++
			case r.V2.Milliseconds <= 300_000:
				t.Fatalf("outer join: track %d of %d ms", r.V2.TrackID, r.V2.Milliseconds)
			default:
				tracks++
			}
		}
		if want := count("SELECT COUNT(*) FROM album a WHERE NOT EXISTS (SELECT 1 FROM track t WHERE t.album_id = a.album_id AND t.milliseconds > 300000)"); none != want || none == 0 {
			t.Errorf("outer join: %d albums without a long track, the database has %d", none, want)
		}
		if want := count("SELECT COUNT(*) FROM track WHERE milliseconds > 300000"); tracks != want {
			t.Errorf("outer join: %d long tracks, the database has %d", tracks, want)
		}

		// Read-only: s is still open, which a session that may write
		// would wait for on SQLite.
		s2 := orm.NewSessionFactory(w.eng, orm.WithReadOnly(true)).New()
		defer s2.Close()
		eager, err := orm.All(ctx, s2, orm.Select[chinook.Album]().Join(chinook.Tracks).
			Options(orm.ContainsEager(chinook.Albums.Tracks), long))
		if err != nil {
			t.Fatal(err)
		}
		tracks = 0
		for _, a := range eager {
			for _, tr := range a.Tracks {
				if tr.Milliseconds <= 300_000 {
					t.Fatalf("contains-eager: album %d holds track %d of %d ms", a.AlbumID, tr.TrackID, tr.Milliseconds)
				}
				tracks++
			}
		}
		if len(eager) != len(albums) || tracks != count("SELECT COUNT(*) FROM track WHERE milliseconds > 300000") {
			t.Errorf("contains-eager: %d albums with %d tracks", len(eager), tracks)
		}

		other := core.Aliased(chinook.Tracks)
		_, err = orm.All(ctx, s, orm.Select[chinook.Album]().Join(other, other.AlbumID.EqCol(chinook.Albums.AlbumID)).Options(long))
		if err == nil || !strings.Contains(err.Error(), "joins an alias of track") {
			t.Errorf("a join of an alias of track: %v, want it refused", err)
		}
	})
}

// TestBehaviour_X04_EntityWithWindow: Select2 rows hold an entity and a
// window function's value; the entity is the session's one object for its
// key (I01), and a mapped second element is an entity too.
func TestBehaviour_X04_EntityWithWindow(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		rank := core.RowNumber().Over(core.PartitionBy(chinook.Tracks.AlbumID), core.OrderBy(chinook.Tracks.Milliseconds.Desc(), chinook.Tracks.TrackID.Asc())).Label("rn")
		rows, err := orm.All(ctx, s, orm.Select2[*chinook.Track, int64](chinook.Tracks, rank).
			Where(chinook.Tracks.AlbumID.Eq(1)).OrderBy(chinook.Tracks.TrackID.Asc()).
			Options(orm.JoinedLoad(chinook.Tracks.Album)))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 10 {
			t.Fatalf("%d rows", len(rows))
		}
		ranks := map[int64]bool{}
		for _, r := range rows {
			ranks[r.V2] = true
			if r.V1.Album == nil || r.V1.Album.AlbumID != 1 {
				t.Errorf("track %d: album %v", r.V1.TrackID, r.V1.Album)
			}
		}
		if len(ranks) != 10 || !ranks[1] || !ranks[10] {
			t.Errorf("ranks %v, want 1..10", ranks)
		}
		one, err := orm.Get[chinook.Track](ctx, s, int32(1))
		if err != nil || one != rows[0].V1 {
			t.Errorf("Get(1) = %p, %v; the row's track is %p", one, err, rows[0].V1)
		}
		pairs, err := orm.All(ctx, s, orm.Select2[*chinook.Album, *chinook.Artist](chinook.Albums, chinook.Artists).
			Join(chinook.Artists).Where(chinook.Albums.AlbumID.Le(5)).OrderBy(chinook.Albums.AlbumID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != 5 || pairs[0].V2.ArtistID != pairs[0].V1.ArtistID || pairs[0].V1 != rows[0].V1.Album || pairs[1].V2 != pairs[2].V2 {
			t.Errorf("album-artist pairs: %+v", pairs)
		}
	})
}

// TestBehaviour_R04_R07_Unique: a join repeats an entity per joined row; Unique
// returns each entity once, and rows of two entities once per pair.
func TestBehaviour_R04_R07_Unique(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		q := orm.Select[chinook.Artist]().Join(chinook.Albums).Where(chinook.Artists.ArtistID.Le(5))
		all, err := orm.All(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		unique, err := orm.All(ctx, s, q.Unique())
		if err != nil {
			t.Fatal(err)
		}
		// Artists 1-5 have 2, 2, 1, 1, 1 albums.
		if len(all) != 7 || len(unique) != 5 {
			t.Errorf("%d rows, %d unique; want 7 and 5", len(all), len(unique))
		}
		pairs, err := orm.All(ctx, s, orm.Select2[*chinook.Artist, *chinook.Album](chinook.Artists, chinook.Albums).Join(chinook.Albums).Where(chinook.Artists.ArtistID.Le(5)).Unique())
		if err != nil || len(pairs) != 7 {
			t.Errorf("%d unique pairs (%v), want 7", len(pairs), err)
		}
		if _, err := orm.All(ctx, s, orm.Select2[*chinook.Artist, []byte](chinook.Artists, core.Func[[]byte]("lower", chinook.Artists.Name)).Unique()); err == nil || !strings.Contains(err.Error(), "not comparable") {
			t.Errorf("Unique over a slice (R07): %v", err)
		}
	})
}

// TestSelectElementTypes: a column or expression element of Select2 and
// Select3 is read into the row's type for it only when that is the
// expression's own Go type (or a pointer or sql.Null of it, or any): a
// count read into an int32, or a name into an int64, is refused before
// anything is sent, naming both types.
func TestSelectElementTypes(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		count := core.Count(chinook.Albums.AlbumID).Label("albums")
		for what, run := range map[string]func() error{
			"a name as an int64": func() error {
				_, err := orm.All(ctx, s, orm.Select2[*chinook.Artist, int64](chinook.Artists, chinook.Artists.Name))
				return err
			},
			"a count as an int32": func() error {
				_, err := orm.All(ctx, s, orm.Select3[*chinook.Artist, string, int32](chinook.Artists, chinook.Artists.Name, count))
				return err
			},
		} {
			if err := run(); err == nil || !strings.Contains(err.Error(), "values: type the row's element as") {
				t.Errorf("%s: %v, want an error naming the types", what, err)
			}
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent for refused queries", n)
		}
		rows, err := orm.All(ctx, s, orm.Select3[*chinook.Artist, *string, sql.Null[int64]](chinook.Artists, chinook.Artists.Name, count).
			OuterJoin(chinook.Albums).GroupBy(chinook.Artists.ArtistID, chinook.Artists.Name).Where(chinook.Artists.ArtistID.Eq(1)))
		if err != nil || len(rows) != 1 || *rows[0].V2 != "AC/DC" || rows[0].V3.V != 2 {
			t.Errorf("AC/DC's albums through a pointer and a sql.Null: %+v, %v", rows, err)
		}
	})
}

// TestBehaviour_X02_SelectFromShareIdentity: objects read from an alias or
// a recursive CTE are the session's objects for their keys.
func TestBehaviour_X02_SelectFromShareIdentity(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		boss, err := orm.Get[chinook.Employee](ctx, s, int32(1))
		if err != nil {
			t.Fatal(err)
		}
		e := core.Aliased(chinook.Employees, "e")
		viaAlias, err := orm.All(ctx, s, orm.SelectFrom[chinook.Employee](e).Where(e.EmployeeID.Eq(1)))
		if err != nil || len(viaAlias) != 1 || viaAlias[0] != boss {
			t.Fatalf("from an alias: %v, %v", viaAlias, err)
		}
		// Everyone under employee 2, through a recursive CTE.
		emp := chinook.Employees
		tree := core.Select(emp.Table).Where(emp.EmployeeID.Eq(2)).CTE("tree")
		sub := core.Aliased(emp, "sub")
		tree = tree.UnionAll(core.Select(sub.Table).Join(tree, sub.ReportsTo.EqCol(emp.EmployeeID.Of(tree))))
		under, err := orm.All(ctx, s, orm.SelectFrom[chinook.Employee](tree).OrderBy(emp.EmployeeID.Of(tree).Asc()))
		if err != nil {
			t.Fatal(err)
		}
		var ids []int32
		for _, u := range under {
			ids = append(ids, u.EmployeeID)
		}
		if fmt.Sprint(ids) != "[2 3 4 5]" {
			t.Errorf("employees under 2: %v", ids)
		}
		two, err := orm.Get[chinook.Employee](ctx, s, int32(2))
		if err != nil || two != under[0] {
			t.Errorf("Get(2) is not the CTE's object: %v", err)
		}
	})
}

// TestBehaviour_R02_R03_SingleRows: One, OneOrNone and First; First adds no
// LIMIT (R03).
func TestBehaviour_R02_R03_SingleRows(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		genres := orm.Select[chinook.Genre]().OrderBy(chinook.Genres.GenreID.Asc())
		if _, err := orm.One(ctx, s, genres); !errors.Is(err, orm.ErrMultipleRows) {
			t.Errorf("One of many: %v", err)
		}
		if g, err := orm.OneOrNone(ctx, s, genres.Where(chinook.Genres.GenreID.Eq(-1))); g != nil || err != nil {
			t.Errorf("OneOrNone of none: %v, %v", g, err)
		}
		if _, err := orm.OneOrNone(ctx, s, genres); !errors.Is(err, orm.ErrMultipleRows) {
			t.Errorf("OneOrNone of many: %v", err)
		}
		w.rec.Reset()
		g, err := orm.First(ctx, s, genres)
		if err != nil || g.GenreID != 1 {
			t.Errorf("First: %v, %v", g, err)
		}
		if sql := w.rec.SQL()[0]; strings.Contains(sql, "LIMIT") {
			t.Errorf("First added a LIMIT: %s", sql)
		}
		if _, err := orm.First(ctx, s, genres.Where(chinook.Genres.GenreID.Eq(-1))); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("First of none: %v", err)
		}
	})
}

// TestBehaviour_L18_L19_StreamRefusals: streaming refuses a joined collection
// (L18) and Unique (L19); a joined many-to-one streams.
func TestBehaviour_L18_L19_StreamRefusals(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		for _, tc := range []struct {
			q    *orm.SelectStmt[*chinook.Album]
			want string
		}{
			{orm.Select[chinook.Album]().Options(orm.JoinedLoad(chinook.Albums.Tracks)), "a joined collection cannot be streamed"},
			{orm.Select[chinook.Album]().Unique(), "Unique cannot stream"},
		} {
			for _, err := range orm.Stream(ctx, s, tc.q) {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %v, want %q", err, tc.want)
				}
				break
			}
		}
		n := 0
		for a, err := range orm.Stream(ctx, s, orm.Select[chinook.Album]().Options(orm.JoinedLoad(chinook.Albums.Artist)).YieldPer(100)) {
			if err != nil {
				t.Fatal(err)
			}
			if a.Artist == nil || a.Artist.ArtistID != a.ArtistID {
				t.Fatalf("album %d: artist %v", a.AlbumID, a.Artist)
			}
			n++
		}
		if n != 347 {
			t.Errorf("streamed %d albums, want 347", n)
		}
	})
}

// TestBehaviour_L28_ContainsEager: a query joins the tracks to filter on
// them, and ContainsEager fills each album's tracks from that join: only
// the tracks the filter let through, each album once, one statement; from
// an alias too; and a many-to-one from the query's join.
func TestBehaviour_L28_ContainsEager(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Join(chinook.Tracks).
			Where(chinook.Tracks.Milliseconds.Gt(600_000), chinook.Albums.AlbumID.Le(300)).
			OrderBy(chinook.Albums.AlbumID.Asc(), chinook.Tracks.TrackID.Asc()).
			Options(orm.ContainsEager(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if n := w.rec.Count(); n != 1 {
			t.Errorf("%d statements, want 1", n)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT album_id, track_id FROM track WHERE milliseconds > 600000 AND album_id <= 300 ORDER BY album_id, track_id")
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		last := ""
		for _, r := range rows {
			if r[0] != last {
				if last != "" {
					want.WriteString("\n")
				}
				fmt.Fprintf(&want, "%s:", r[0])
				last = r[0]
			}
			fmt.Fprintf(&want, " %s", r[1])
		}
		want.WriteString("\n")
		if got := albumTracks(albums); got != want.String() {
			t.Errorf("contains-eager built\n%s\nwant\n%s", got, want.String())
		}
		tr := core.Aliased(chinook.Tracks, "t")
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		viaAlias, err := orm.All(ctx, s2, orm.Select[chinook.Album]().Join(tr, tr.AlbumID.EqCol(chinook.Albums.AlbumID)).
			Where(tr.Milliseconds.Gt(600_000), chinook.Albums.AlbumID.Le(300)).
			OrderBy(chinook.Albums.AlbumID.Asc(), tr.TrackID.Asc()).
			Options(orm.ContainsEager(chinook.Albums.Tracks, tr)))
		if err != nil {
			t.Fatal(err)
		}
		if got := albumTracks(viaAlias); got != want.String() {
			t.Errorf("contains-eager from an alias built\n%s", got)
		}
		tracks, err := orm.All(ctx, s2, orm.Select[chinook.Track]().Join(chinook.Albums).Where(chinook.Albums.Title.Eq("Facelift")).
			Options(orm.ContainsEager(chinook.Tracks.Album)))
		if err != nil {
			t.Fatal(err)
		}
		if len(tracks) == 0 || tracks[0].Album == nil || tracks[0].Album.Title != "Facelift" || !isLoaded(t, s2, tracks[0], chinook.Tracks.Album) {
			t.Errorf("many-to-one from the join: %v", tracks)
		}
	})
}

// shelf and book are related through a composite key: a book stands on
// shelf (store_id, shelf_no).
type shelf struct {
	StoreID, ShelfNo int64
	Label            string
	Books            []*book
}

type book struct {
	ID               int64
	StoreID, ShelfNo int64
	Title            string
	Shelf            *shelf
}

var shelves = func() (t struct {
	*core.Table
	StoreID, ShelfNo core.Column[int64]
	Label            core.Column[string]
}) {
	t.Table = core.NewTable("shelf")
	t.StoreID = core.NewColumn[int64](t.Table, "store_id", core.PrimaryKey())
	t.ShelfNo = core.NewColumn[int64](t.Table, "shelf_no", core.PrimaryKey())
	t.Label = core.NewColumn[string](t.Table, "label")
	return t
}()

var books = func() (t struct {
	*core.Table
	ID, StoreID, ShelfNo core.Column[int64]
	Title                core.Column[string]
}) {
	t.Table = core.NewTable("book")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.StoreID = core.NewColumn[int64](t.Table, "store_id")
	t.ShelfNo = core.NewColumn[int64](t.Table, "shelf_no")
	t.Title = core.NewColumn[string](t.Table, "title")
	t.Table.AddForeignKey([]core.Expression{t.StoreID, t.ShelfNo}, []core.Expression{shelves.StoreID, shelves.ShelfNo})
	return t
}()

var (
	shelfBooks = orm.NewRelationship[shelf, book]("Books", "back:Shelf; order_by:id")
	bookShelf  = orm.NewRelationship[book, shelf]("Shelf", "back:Books")
)

func init() {
	orm.Map[shelf](shelves.Table, shelfBooks)
	orm.Map[book](books.Table, bookShelf)
}

// TestSelectInCompositeKey: select-in over a composite foreign key, both
// ways, in IN-free (a = ? AND b = ?) OR ... lists: 600 shelves with their
// books take two statements of 256 tuples and one of the rest (512 values
// a list over two columns).
func TestSelectInCompositeKey(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, shelves.Table, books.Table); err != nil {
			t.Fatal(err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for i := range 600 {
				sh := &shelf{StoreID: int64(i % 7), ShelfNo: int64(i), Label: fmt.Sprint("shelf ", i)}
				for j := range i % 3 {
					sh.Books = append(sh.Books, &book{ID: int64(i*10 + j), Title: fmt.Sprint("book ", i, ".", j)})
				}
				if err := s.Add(sh); err != nil {
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
		w.rec.Reset()
		got, err := orm.All(ctx, s, orm.Select[shelf]().Options(orm.SelectInLoad(shelfBooks)))
		if err != nil {
			t.Fatal(err)
		}
		if n := w.rec.Count(); n != 4 {
			t.Errorf("%d statements, want the shelves and three lists of books", n)
		}
		for _, sh := range got {
			if len(sh.Books) != int(sh.ShelfNo%3) {
				t.Fatalf("shelf %d has %d books", sh.ShelfNo, len(sh.Books))
			}
			for j, b := range sh.Books {
				if b.ID != sh.ShelfNo*10+int64(j) || b.StoreID != sh.StoreID {
					t.Fatalf("shelf %d book %d: %+v", sh.ShelfNo, j, b)
				}
			}
		}
		// Done with s: on SQLite a second session that may write waits
		// for the first's transaction to end.
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		bs, err := orm.All(ctx, s2, orm.Select[book]().Options(orm.SelectInLoad(bookShelf)))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if b.Shelf == nil || b.Shelf.ShelfNo != b.ShelfNo || b.Shelf.StoreID != b.StoreID {
				t.Fatalf("book %d: shelf %+v", b.ID, b.Shelf)
			}
		}
	})
}

// memo has a large body, mapped deferred, as retort gen writes for a
// field tagged `retort:"deferred"`.
type memo struct {
	ID     int64
	UserID int64
	Title  string
	Body   string
	User   *shop.User
}

var memos = func() (t struct {
	*core.Table
	ID, UserID  core.Column[int64]
	Title, Body core.Column[string]
}) {
	t.Table = core.NewTable("memo")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.UserID = core.NewColumn[int64](t.Table, "user_id", core.References(shop.Users.ID))
	t.Title = core.NewColumn[string](t.Table, "title")
	t.Body = core.NewColumn[string](t.Table, "body")
	return t
}()

var memoUser = orm.NewRelationship[memo, shop.User]("User", "")

func init() {
	orm.Register(orm.Mapping[memo]{
		Table: memos.Table, Fields: []string{"ID", "UserID", "Title", "Body"}, Deferred: []string{"body"},
		Addr:          func(o *memo, i int) any { return []any{&o.ID, &o.UserID, &o.Title, &o.Body}[i] },
		Value:         func(o *memo, i int) any { return []any{o.ID, o.UserID, o.Title, o.Body}[i] },
		Relationships: []orm.AnyRelationship{memoUser},
	})
}

// TestDeferredColumns: a deferred column is left out of queries; Undefer
// loads it, and a later query that does completes the objects the session
// holds; the key cannot be deferred.
func TestDeferredColumns(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		if err := orm.CreateAll(ctx, w.eng, memos.Table); err != nil {
			t.Fatal(err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&memo{ID: 1, UserID: 1, Title: "t", Body: "a long body"})
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		got, err := orm.All(ctx, s, orm.Select[memo]())
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL()[0]; sql != "SELECT memo.id, memo.user_id, memo.title FROM memo" {
			t.Errorf("SQL %s", sql)
		}
		m := got[0]
		if m.Body != "" || m.Title != "t" {
			t.Fatalf("memo %+v", m)
		}
		if _, err := orm.All(ctx, s, orm.Select[memo]().Options(orm.Undefer(memos.Body))); err != nil {
			t.Fatal(err)
		}
		if m.Body != "a long body" {
			t.Errorf("after a query that undefers it: body %q", m.Body)
		}
		_, err = orm.All(ctx, s, orm.Select[memo]().Options(orm.Defer(memos.ID)))
		if err == nil || !strings.Contains(err.Error(), "primary key") {
			t.Errorf("Defer of the key: %v", err)
		}
	})
}

// TestAutocommitSession: an Autocommit session reads without a
// transaction (on PostgreSQL each of its statements is a transaction of
// its own), loads by select-in and streams with select-in between batches
// as a transactional one does, and refuses writes and savepoints.
func TestAutocommitSession(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := orm.NewSessionFactory(w.eng, orm.WithAutocommit(true)).New()
		defer s.Close()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).
			Options(orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 3 || len(users[0].Orders) != 2 || len(users[0].Orders[0].Items) != 2 || len(users[1].Orders) != 1 {
			t.Errorf("loaded %d users, the first with %d orders", len(users), len(users[0].Orders))
		}
		if got := strings.Join(w.selects(), " "); got != "users orders items" {
			t.Errorf("statements on %s, want users orders items", got)
		}
		if ops := w.rec.TxOps(); len(ops) != 0 {
			t.Errorf("transaction operations %v, want none", ops)
		}
		if w.backend == testdb.Postgres {
			tx, err := s.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// txid_current() is the transaction's id: two statements
			// of one transaction see the same.
			var ids []int64
			for range 2 {
				res, err := tx.QuerySQL(ctx, "SELECT txid_current()")
				if err != nil {
					t.Fatal(err)
				}
				id, err := engine.Scalars[int64](res)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id[0])
			}
			if ids[0] == ids[1] {
				t.Errorf("two statements ran in one transaction (%d)", ids[0])
			}
		}
		var items int
		for batch, err := range orm.Partitions(ctx, s, orm.Select[shop.Item]().
			Options(orm.SelectInLoad(shop.Items.Order)), 2) {
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range batch {
				if it.Order == nil || it.Order.ID != it.OrderID {
					t.Errorf("item %d without its order", it.ID)
				}
			}
			items += len(batch)
		}
		if items != 5 {
			t.Errorf("streamed %d items, want 5", items)
		}
		// Get, Load and Refresh run their statements the same way.
		s2 := orm.NewSessionFactory(w.eng, orm.WithAutocommit(true)).New()
		defer s2.Close()
		u, err := orm.Get[shop.User](ctx, s2, users[1].ID)
		if err != nil || u.Email != "b@x" {
			t.Fatalf("Get: %v, %v", u, err)
		}
		if err := orm.Load(ctx, s2, []*shop.User{u}, shop.Users.Orders); err != nil || len(u.Orders) != 1 {
			t.Errorf("Load: %d orders, %v", len(u.Orders), err)
		}
		u.Email = "scribbled"
		if err := s2.Refresh(ctx, u); err != nil || u.Email != "b@x" {
			t.Errorf("Refresh left %q (%v)", u.Email, err)
		}
		if err := s.Add(&shop.Department{Name: "x"}); !errors.Is(err, orm.ErrReadOnly) {
			t.Errorf("Add: %v, want ErrReadOnly", err)
		}
		if err := s.BeginNested(ctx); !errors.Is(err, engine.ErrAutocommit) {
			t.Errorf("BeginNested: %v, want engine.ErrAutocommit", err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// TestNullColumnOfASecondEntity: a column read as NULL into a field that
// cannot hold it (a second entity's, through enginehook.Nullable) leaves the
// field zero, not the value of the row before: rows are scanned into one
// staging object per entity, which must be zeroed between rows.
func TestNullColumnOfASecondEntity(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		o := shop.Orders
		status := core.Case[string]().When(o.Total.Lt(1.5), core.Null[string]()).Else(o.Status).Label("status")
		sub := core.Select(o.ID, o.UserID, o.CreatedAt, o.Total, status).Subquery("o")
		s := w.f.New()
		defer s.Close()
		rows, err := orm.All(ctx, s, orm.Select2[*shop.User, *shop.Order](shop.Users, sub).
			Join(sub, o.UserID.Of(sub).EqCol(shop.Users.ID)).OrderBy(o.ID.Of(sub).Asc()).
			Options(orm.RaiseLoad(orm.Wildcard)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, fmt.Sprintf("%s:%g:%q", r.V1.Email, r.V2.Total, r.V2.Status))
		}
		if want := `a@x:2:"paid" a@x:2:"paid" b@x:1:""`; strings.Join(got, " ") != want {
			t.Errorf("rows %s, want %s", strings.Join(got, " "), want)
		}
	})
}

// TestColumnOptionsNameQueryEntities: LoadOnly or Defer of a loaded
// relationship's columns, which would be ignored, fails before anything
// is sent, naming the column; of the query's own entity it still works.
func TestColumnOptionsNameQueryEntities(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		for _, opt := range []orm.QueryOption{orm.LoadOnly(shop.Orders.Status), orm.Defer(shop.Orders.CreatedAt)} {
			_, err := orm.All(ctx, s, orm.Select[shop.User]().Options(orm.SelectInLoad(shop.Users.Orders), opt))
			if err == nil || !strings.Contains(err.Error(), "orders.") || !strings.Contains(err.Error(), "narrow a loaded relationship's objects on its loader's path") {
				t.Errorf("a column option on the orders a select-in loads: %v", err)
			}
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent for refused queries", n)
		}
		if _, err := orm.All(ctx, s, orm.Select[shop.User]().Options(orm.SelectInLoad(shop.Users.Orders), orm.LoadOnly(shop.Users.Email))); err != nil {
			t.Errorf("LoadOnly of the query's own entity: %v", err)
		}
	})
}
