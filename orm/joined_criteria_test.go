package orm_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// oneStatement runs q in a new session and returns its objects, failing
// unless it took exactly one statement, which it returns too.
func oneStatement[T any](t *testing.T, w *world, q *orm.SelectStmt[*T]) ([]*T, string) {
	t.Helper()
	s := w.f.New()
	defer s.Close()
	w.rec.Reset()
	objs, err := orm.All(t.Context(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	sql := w.rec.SQL()
	if len(sql) != 1 {
		t.Fatalf("%d statements, want 1:\n%s", len(sql), strings.Join(sql, "\n"))
	}
	return objs, sql[0]
}

// TestJoinedLoadCriteria: criteria on a joined relationship, from And or
// from WithLoaderCriteria, go into the ON clause of its LEFT OUTER JOIN,
// on the join's alias, so that every parent comes back: a collection
// holds what they let through (in the order of OrderBy, after the
// query's), a many-to-one a target or nil. Nested joins of one table, a
// many-to-many and the subquery of a limited query take them too, in one
// statement that loads what select-in loads. ContainsEager, InnerJoin and
// an order on a many-to-one refuse them, saying why.
func TestJoinedLoadCriteria(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		const long = 300_000
		longTracks := chinook.Albums.Tracks.And(chinook.Tracks.Milliseconds.Gt(long))
		albums := orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(20)).OrderBy(chinook.Albums.AlbumID.Asc())
		want := func(where string) string {
			t.Helper()
			rows, err := w.db.QueryStrings(ctx, "SELECT album.album_id, track.track_id FROM album LEFT OUTER JOIN track ON track.album_id = album.album_id "+
				"AND track.milliseconds > 300000 WHERE "+where+" ORDER BY album.album_id, track.milliseconds DESC, track.track_id")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, r := range rows {
				if i == 0 || r[0] != rows[i-1][0] {
					if i > 0 {
						b.WriteString("\n")
					}
					b.WriteString(r[0] + ":")
				}
				if r[1] != "" && r[1] != "NULL" {
					b.WriteString(" " + r[1])
				}
			}
			return b.String() + "\n"
		}

		// And with OrderBy: every album, each with its long tracks,
		// longest first; the order after the albums'.
		byLength := longTracks.OrderBy(chinook.Tracks.Milliseconds.Desc(), chinook.Tracks.TrackID.Asc())
		got, sql := oneStatement(t, w, albums.Options(orm.JoinedLoad(byLength)))
		if albumTracks(got) != want("album.album_id <= 20") || len(got) != 20 {
			t.Errorf("joined with criteria loaded\n%s\nwant\n%s", albumTracks(got), want("album.album_id <= 20"))
		}
		if w.backend == testdb.Postgres {
			const wantSQL = "SELECT album.album_id, album.title, album.artist_id, track_1.track_id, track_1.name, track_1.album_id AS album_id_1, " +
				"track_1.media_type_id, track_1.genre_id, track_1.composer, track_1.milliseconds, track_1.bytes, track_1.unit_price " +
				"FROM album LEFT OUTER JOIN track AS track_1 ON (track_1.album_id = album.album_id AND track_1.milliseconds > $1) " +
				"WHERE album.album_id <= $2 ORDER BY album.album_id ASC, track_1.milliseconds DESC, track_1.track_id ASC"
			if sql != wantSQL {
				t.Errorf("SQL\n%s\nwant\n%s", sql, wantSQL)
			}
		}
		s := w.f.New()
		selectin, err := orm.All(ctx, s, albums.Options(orm.SelectInLoad(byLength)))
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if albumTracks(selectin) != albumTracks(got) {
			t.Errorf("select-in loaded\n%s\njoined\n%s", albumTracks(selectin), albumTracks(got))
		}
		empty := 0
		for _, a := range got {
			if len(a.Tracks) == 0 {
				empty++
			}
		}
		if empty == 0 || empty == len(got) {
			t.Errorf("%d of %d albums have no long track: the test needs some of each", empty, len(got))
		}

		// WithLoaderCriteria: the same ON clause, the mapping's order (none).
		got, sql = oneStatement(t, w, albums.Options(orm.JoinedLoad(chinook.Albums.Tracks), orm.WithLoaderCriteria[chinook.Track](chinook.Tracks.Milliseconds.Gt(long))))
		if albumTrackSets(got) != albumTrackSets(selectin) {
			t.Errorf("WithLoaderCriteria, joined, loaded\n%s\nwant\n%s", albumTrackSets(got), albumTrackSets(selectin))
		}
		if !strings.Contains(sql, "LEFT OUTER JOIN track AS track_1 ON (track_1.album_id = album.album_id AND track_1.milliseconds > ") ||
			strings.Contains(sql, "ORDER BY album.album_id ASC,") {
			t.Errorf("WithLoaderCriteria: SQL %s", sql)
		}

		// Under LIMIT: the albums are counted in a subquery, the tracks
		// joined to it with the criteria.
		limited := orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Gt(10)).OrderBy(chinook.Albums.AlbumID.Asc()).Limit(5)
		got, sql = oneStatement(t, w, limited.Options(orm.JoinedLoad(byLength)))
		if albumTracks(got) != want("album.album_id BETWEEN 11 AND 15") {
			t.Errorf("under LIMIT loaded\n%s\nwant\n%s", albumTracks(got), want("album.album_id BETWEEN 11 AND 15"))
		}
		if w.backend == testdb.Postgres {
			const wantSQL = "SELECT anon_1.album_id, anon_1.title, anon_1.artist_id, track_1.track_id, track_1.name, track_1.album_id AS album_id_1, " +
				"track_1.media_type_id, track_1.genre_id, track_1.composer, track_1.milliseconds, track_1.bytes, track_1.unit_price " +
				"FROM (SELECT album.album_id, album.title, album.artist_id FROM album WHERE album.album_id > $1 ORDER BY album.album_id ASC LIMIT $2) AS anon_1 " +
				"LEFT OUTER JOIN track AS track_1 ON (track_1.album_id = anon_1.album_id AND track_1.milliseconds > $3) " +
				"ORDER BY anon_1.album_id ASC, track_1.milliseconds DESC, track_1.track_id ASC"
			if sql != wantSQL {
				t.Errorf("SQL\n%s\nwant\n%s", sql, wantSQL)
			}
		}

		// A many-to-one: every track, its genre when the criteria let it
		// through, else nil, loaded.
		rock := chinook.Tracks.Genre.And(chinook.Genres.Name.Eq("Rock"))
		tracks, sql := oneStatement(t, w, orm.Select[chinook.Track]().Where(chinook.Tracks.TrackID.Le(400)).OrderBy(chinook.Tracks.TrackID.Asc()).Options(orm.JoinedLoad(rock)))
		if !strings.Contains(sql, "LEFT OUTER JOIN genre AS genre_1 ON (genre_1.genre_id = track.genre_id AND genre_1.name = ") {
			t.Errorf("many-to-one: SQL %s", sql)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT track_id, genre_id FROM track WHERE track_id <= 400 ORDER BY track_id")
		if err != nil {
			t.Fatal(err)
		}
		if len(tracks) != len(rows) {
			t.Fatalf("%d tracks, want %d", len(tracks), len(rows))
		}
		rockN := 0
		for i, tr := range tracks {
			switch {
			case rows[i][1] == "1" && (tr.Genre == nil || *tr.Genre.Name != "Rock"):
				t.Errorf("track %d of genre 1 (Rock) has genre %v", tr.TrackID, tr.Genre)
			case rows[i][1] != "1" && tr.Genre != nil:
				t.Errorf("track %d of genre %s has genre %s, which the criteria filter out", tr.TrackID, rows[i][1], *tr.Genre.Name)
			}
			if tr.Genre != nil {
				rockN++
			}
		}
		if rockN == 0 || rockN == len(tracks) {
			t.Errorf("%d of %d tracks are rock: the test needs some of each", rockN, len(tracks))
		}

		// The same table joined twice, each alias with its criteria: an
		// employee's manager if a sales manager, and theirs if the
		// general manager.
		emps, sql := oneStatement(t, w, orm.Select[chinook.Employee]().Where(chinook.Employees.EmployeeID.Ge(3)).OrderBy(chinook.Employees.EmployeeID.Asc()).Options(
			orm.JoinedLoad(chinook.Employees.Manager.And(chinook.Employees.Title.Eq("Sales Manager"))).
				JoinedLoad(chinook.Employees.Manager.And(chinook.Employees.Title.Eq("General Manager")))))
		if !strings.Contains(sql, "LEFT OUTER JOIN employee AS employee_1 ON (employee_1.employee_id = employee.reports_to AND employee_1.title = ") ||
			!strings.Contains(sql, "LEFT OUTER JOIN employee AS employee_2 ON (employee_2.employee_id = employee_1.reports_to AND employee_2.title = ") {
			t.Errorf("nested: SQL %s", sql)
		}
		var chain []string
		for _, e := range emps {
			line := fmt.Sprint(e.EmployeeID)
			for m := e.Manager; m != nil; m = m.Manager {
				line += fmt.Sprint(">", m.EmployeeID)
			}
			chain = append(chain, line)
		}
		if got, want := strings.Join(chain, " "), "3>2>1 4>2>1 5>2>1 6 7 8"; got != want {
			t.Errorf("employees and managers %s, want %s", got, want)
		}

		// A many-to-many: a playlist's long tracks, as select-in loads them.
		playlists := orm.Select[chinook.Playlist]().OrderBy(chinook.Playlists.PlaylistID.Asc())
		longOnes := chinook.Playlists.Tracks.And(chinook.Tracks.Milliseconds.Gt(long))
		lists := func(pls []*chinook.Playlist) string {
			var b strings.Builder
			for _, p := range pls {
				fmt.Fprintf(&b, "%d: %v\n", p.PlaylistID, playlistTrackIDs(p.Tracks))
			}
			return b.String()
		}
		joinedLists, sql := oneStatement(t, w, playlists.Options(orm.JoinedLoad(longOnes)))
		if !strings.Contains(sql, "LEFT OUTER JOIN track AS track_1 ON (track_1.track_id = playlist_track_1.track_id AND track_1.milliseconds > ") {
			t.Errorf("many-to-many: SQL %s", sql)
		}
		s = w.f.New()
		selectinLists, err := orm.All(ctx, s, playlists.Options(orm.SelectInLoad(longOnes)))
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if lists(joinedLists) != lists(selectinLists) || !strings.Contains(lists(joinedLists), "1: [") {
			t.Errorf("many-to-many joined\n%s\nselect-in\n%s", lists(joinedLists), lists(selectinLists))
		}

		// Criteria that name the parent's table too: read from the
		// parent's table, the subquery that wraps it, or its alias.
		titled := chinook.Artists.Albums.And(chinook.Albums.Title.GtCol(chinook.Artists.Name))
		rows, err = w.db.QueryStrings(ctx, "SELECT artist.artist_id, album.album_id FROM artist LEFT OUTER JOIN album "+
			"ON album.artist_id = artist.artist_id AND album.title > artist.name WHERE artist.artist_id <= 30 ORDER BY artist.artist_id, album.album_id")
		if err != nil {
			t.Fatal(err)
		}
		wantAlbums := map[string][]string{}
		for _, r := range rows {
			if _, ok := wantAlbums[r[0]]; !ok {
				wantAlbums[r[0]] = []string{}
			}
			if r[1] != "" && r[1] != "NULL" {
				wantAlbums[r[0]] = append(wantAlbums[r[0]], r[1])
			}
		}
		albumsOf := func(artists ...*chinook.Artist) string {
			var b strings.Builder
			for _, a := range artists {
				ids := []int32{}
				for _, al := range a.Albums {
					ids = append(ids, al.AlbumID)
				}
				slices.Sort(ids)
				fmt.Fprintf(&b, "%d: %v\n", a.ArtistID, ids)
			}
			return b.String()
		}
		wantOf := func(ids ...int32) string {
			var b strings.Builder
			for _, id := range ids {
				fmt.Fprintf(&b, "%d: %v\n", id, wantAlbums[fmt.Sprint(id)])
			}
			return b.String()
		}
		artists := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(30)).OrderBy(chinook.Artists.ArtistID.Asc())
		for i, q := range []*orm.SelectStmt[*chinook.Artist]{artists, artists.Limit(12)} {
			got, sql := oneStatement(t, w, q.Options(orm.JoinedLoad(titled)))
			parent := []string{"artist", "anon_1"}[i]
			var ids []int32
			for _, a := range got {
				ids = append(ids, a.ArtistID)
			}
			if albumsOf(got...) != wantOf(ids...) || len(ids) < 12 {
				t.Errorf("criteria on the parent too loaded\n%s\nwant\n%s", albumsOf(got...), wantOf(ids...))
			}
			if !strings.Contains(sql, "album_1.artist_id = "+parent+".artist_id AND album_1.title > "+parent+".name)") {
				t.Errorf("SQL %s", sql)
			}
		}
		albumsOfArtists, sql := oneStatement(t, w, orm.Select[chinook.Album]().Where(chinook.Albums.ArtistID.Le(30)).
			Options(orm.JoinedLoad(chinook.Albums.Artist).JoinedLoad(titled)))
		if !strings.Contains(sql, "LEFT OUTER JOIN album AS album_1 ON (album_1.artist_id = artist_1.artist_id AND album_1.title > artist_1.name)") {
			t.Errorf("nested: SQL %s", sql)
		}
		var ids []int32
		var nested []*chinook.Artist
		for _, al := range albumsOfArtists {
			if !slices.Contains(ids, al.ArtistID) {
				ids = append(ids, al.ArtistID)
				nested = append(nested, al.Artist)
			}
		}
		if albumsOf(nested...) != wantOf(ids...) {
			t.Errorf("nested criteria on the parent too loaded\n%s\nwant\n%s", albumsOf(nested...), wantOf(ids...))
		}

		// Refused, with the reason.
		s = w.f.New()
		defer s.Close()
		for _, c := range []struct {
			q    *orm.SelectStmt[*chinook.Album]
			want string
		}{
			{orm.Select[chinook.Album]().Join(chinook.Tracks).Options(orm.ContainsEager(longTracks)),
				"criteria or an order on Album.Tracks, which ContainsEager reads from the query's own join"},
			{orm.Select[chinook.Album]().Options(orm.JoinedLoad(chinook.Albums.Artist.OrderBy(chinook.Artists.Name.Asc()))),
				"OrderBy on the joined Album.Artist, a many-to-one: it holds one object"},
		} {
			if _, err := orm.All(ctx, s, c.q); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		}
		_, err = orm.All(ctx, s, orm.Select[chinook.Track]().Options(orm.JoinedLoad(chinook.Tracks.MediaType.And(chinook.MediaTypes.Name.Ne("x"))).InnerJoin()))
		if err == nil || !strings.Contains(err.Error(), "InnerJoin on Track.MediaType with criteria would drop the parents") {
			t.Errorf("InnerJoin with criteria: %v", err)
		}
		_, err = orm.All(ctx, s, orm.Select[chinook.Track]().Options(orm.JoinedLoad(chinook.Tracks.MediaType).InnerJoin(), orm.WithLoaderCriteria[chinook.MediaType](chinook.MediaTypes.Name.Ne("x"))))
		if err == nil || !strings.Contains(err.Error(), "InnerJoin on Track.MediaType with criteria") {
			t.Errorf("InnerJoin with WithLoaderCriteria: %v", err)
		}
	})
}

// playlistTrackIDs is the ids of tracks, sorted.
func playlistTrackIDs(tracks []*chinook.Track) []int32 {
	ids := make([]int32, len(tracks))
	for i, tr := range tracks {
		ids[i] = tr.TrackID
	}
	slices.Sort(ids)
	return ids
}

// TestJoinedLimitOrderedByJoinedColumn: a limited query that joins a
// collection, ordered by a column of a many-to-one it joins itself, is
// wrapped with that column selected inside, so that the LIMIT counts
// parents in that order, and ordered outside by the subquery's column;
// what ContainsEager reads from that join is selected inside too. Ordered
// by an expression, the expression is selected under a label. Ordered by
// the joined collection's table, or by the table of a JoinedLoad that the
// query does not join, it is refused, saying why.
func TestJoinedLimitOrderedByJoinedColumn(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		// The first albums by artist name, as SQL counts them.
		firstAlbums := func(order string) string {
			t.Helper()
			rows, err := w.db.QueryStrings(ctx, "SELECT album.album_id FROM album JOIN artist ON artist.artist_id = album.artist_id "+
				"WHERE album.album_id > 100 ORDER BY "+order+", album.album_id LIMIT 6")
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range rows {
				ids = append(ids, r[0])
			}
			return strings.Join(ids, " ")
		}
		ids := func(albums []*chinook.Album) string {
			var out []string
			for _, a := range albums {
				out = append(out, fmt.Sprint(a.AlbumID))
			}
			return strings.Join(out, " ")
		}
		base := orm.Select[chinook.Album]().Join(chinook.Albums.Artist).Where(chinook.Albums.AlbumID.Gt(100))
		byName := base.OrderBy(chinook.Artists.Name.Desc(), chinook.Albums.AlbumID.Asc()).Limit(6)

		// ContainsEager: the artist's columns and the order inside.
		got, sql := oneStatement(t, w, byName.Options(orm.ContainsEager(chinook.Albums.Artist), orm.JoinedLoad(chinook.Albums.Tracks)))
		if want := firstAlbums("artist.name DESC"); ids(got) != want {
			t.Errorf("albums %s, want %s", ids(got), want)
		}
		if w.backend == testdb.Postgres {
			const wantSQL = "SELECT anon_1.album_id, anon_1.title, anon_1.artist_id, anon_1.artist_id_1, anon_1.name, " +
				"track_1.track_id, track_1.name AS name_1, track_1.album_id AS album_id_1, track_1.media_type_id, track_1.genre_id, track_1.composer, " +
				"track_1.milliseconds, track_1.bytes, track_1.unit_price " +
				"FROM (SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name " +
				"FROM album JOIN artist ON artist.artist_id = album.artist_id WHERE album.album_id > $1 " +
				"ORDER BY artist.name DESC, album.album_id ASC LIMIT $2) AS anon_1 " +
				"LEFT OUTER JOIN track AS track_1 ON track_1.album_id = anon_1.album_id ORDER BY anon_1.name DESC, anon_1.album_id ASC"
			if sql != wantSQL {
				t.Errorf("SQL\n%s\nwant\n%s", sql, wantSQL)
			}
		}
		s := w.f.New()
		selectin, err := orm.All(ctx, s, byName.Options(orm.SelectInLoad(chinook.Albums.Tracks)))
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if albumTrackSets(got) != albumTrackSets(selectin) {
			t.Errorf("joined\n%s\nselect-in\n%s", albumTrackSets(got), albumTrackSets(selectin))
		}
		for _, a := range got {
			if a.Artist == nil || a.Artist.ArtistID != a.ArtistID || a.Artist.Name == nil {
				t.Errorf("album %d: artist %v, want %d from the join", a.AlbumID, a.Artist, a.ArtistID)
			}
		}

		// The query's own join and a JoinedLoad of the same relationship:
		// the name selected inside, the artist joined outside.
		got, sql = oneStatement(t, w, byName.Options(orm.JoinedLoad(chinook.Albums.Artist), orm.JoinedLoad(chinook.Albums.Tracks)))
		if want := firstAlbums("artist.name DESC"); ids(got) != want || got[0].Artist == nil {
			t.Errorf("albums %s, want %s, with their artists", ids(got), want)
		}
		if !strings.Contains(sql, "SELECT album.album_id, album.title, album.artist_id, artist.name FROM album JOIN artist") ||
			!strings.Contains(sql, ") AS anon_1 LEFT OUTER JOIN artist AS artist_1 ON artist_1.artist_id = anon_1.artist_id") {
			t.Errorf("SQL %s", sql)
		}

		// An expression: selected under a label.
		got, sql = oneStatement(t, w, base.OrderBy(core.Lower(chinook.Artists.Name).Asc(), chinook.Albums.AlbumID.Asc()).Limit(6).
			Options(orm.JoinedLoad(chinook.Albums.Tracks)))
		if want := firstAlbums("lower(artist.name)"); ids(got) != want {
			t.Errorf("albums %s, want %s", ids(got), want)
		}
		if !strings.Contains(sql, "lower(artist.name) AS order_by FROM album") || !strings.Contains(sql, "ORDER BY anon_1.order_by ASC, anon_1.album_id ASC") {
			t.Errorf("SQL %s", sql)
		}

		// A JoinedLoad below ContainsEager joins to the subquery's column.
		tracks, sql := oneStatement(t, w, orm.Select[chinook.Track]().Join(chinook.Tracks.Album).Where(chinook.Tracks.TrackID.Le(100)).
			OrderBy(chinook.Albums.Title.Desc(), chinook.Tracks.TrackID.Asc()).Limit(4).
			Options(orm.ContainsEager(chinook.Tracks.Album).JoinedLoad(chinook.Albums.Artist), orm.JoinedLoad(chinook.Tracks.Playlists)))
		if !strings.Contains(sql, ") AS anon_1 LEFT OUTER JOIN artist AS artist_1 ON artist_1.artist_id = anon_1.artist_id") {
			t.Errorf("SQL %s", sql)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT track.track_id, artist.name, (SELECT COUNT(*) FROM playlist_track WHERE playlist_track.track_id = track.track_id) "+
			"FROM track JOIN album ON album.album_id = track.album_id JOIN artist ON artist.artist_id = album.artist_id "+
			"WHERE track.track_id <= 100 ORDER BY album.title DESC, track.track_id LIMIT 4")
		if err != nil {
			t.Fatal(err)
		}
		var gotRows, wantRows []string
		for _, tr := range tracks {
			gotRows = append(gotRows, fmt.Sprint(tr.TrackID, " ", *tr.Album.Artist.Name, " ", len(tr.Playlists)))
		}
		for _, r := range rows {
			wantRows = append(wantRows, strings.Join(r, " "))
		}
		if strings.Join(gotRows, ", ") != strings.Join(wantRows, ", ") {
			t.Errorf("tracks, artists, playlists: %v, want %v", gotRows, wantRows)
		}

		// An alias of the table itself: employees by their manager's
		// name, each with their manager read from the alias.
		mgr := core.Aliased(chinook.Employees)
		emps, _ := oneStatement(t, w, orm.Select[chinook.Employee]().Join(chinook.Employees.Manager.Of(mgr)).
			OrderBy(mgr.LastName.Asc(), chinook.Employees.EmployeeID.Asc()).Limit(3).
			Options(orm.ContainsEager(chinook.Employees.Manager.Of(mgr)), orm.JoinedLoad(chinook.Employees.Reports)))
		var lines []string
		for _, e := range emps {
			var reports []int32
			for _, r := range e.Reports {
				reports = append(reports, r.EmployeeID)
			}
			slices.Sort(reports)
			lines = append(lines, fmt.Sprintf("%d>%d%v", e.EmployeeID, e.Manager.EmployeeID, reports))
		}
		if got, want := strings.Join(lines, " "), "2>1[3 4 5] 6>1[7 8] 3>2[]"; got != want {
			t.Errorf("employees, managers, reports %s, want %s", got, want)
		}

		// Refused: no parent order in the collection's column, and no
		// name for a JoinedLoad's alias.
		s = w.f.New()
		defer s.Close()
		_, err = orm.All(ctx, s, orm.Select[chinook.Album]().OrderBy(chinook.Tracks.Name.Asc()).Limit(5).Options(orm.JoinedLoad(chinook.Albums.Tracks)))
		if err == nil || !strings.Contains(err.Error(), "ordered by a column of track, the table of the joined collection Album.Tracks") {
			t.Errorf("ordered by the collection: %v", err)
		}
		_, err = orm.All(ctx, s, orm.Select[chinook.Album]().OrderBy(chinook.Artists.Name.Asc()).Limit(5).Options(orm.JoinedLoad(chinook.Albums.Artist), orm.JoinedLoad(chinook.Albums.Tracks)))
		if err == nil || !strings.Contains(err.Error(), "ordered by a column of artist, which it does not join: JoinedLoad(Album.Artist)") {
			t.Errorf("ordered by a JoinedLoad's table: %v", err)
		}
	})
}
