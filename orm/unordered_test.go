package orm_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestCollectionsUnordered: a collection without order_by is loaded with
// no ORDER BY, by select-in (one-to-many and many-to-many) and by joined
// loading, as in SQLAlchemy, and holds the same objects; the mapping's
// order_by and a loader's OrderBy keep their ORDER BY and their order,
// and a per-parent Limit without an order keeps the first objects by
// key.
func TestCollectionsUnordered(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		albumTracks := tracksByAlbum(t, w, 10)
		// load runs q in a session of its own and returns the SQL of its
		// statement number i.
		load := func(q *orm.SelectStmt[*chinook.Album], i int) ([]*chinook.Album, string) {
			t.Helper()
			s := w.f.New()
			defer s.Close()
			w.rec.Reset()
			albums, err := orm.All(ctx, s, q)
			if err != nil {
				t.Fatal(err)
			}
			return albums, w.rec.SQL()[i]
		}
		q := orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(10))
		for _, c := range []struct {
			name string
			opt  orm.LoadPath
			stmt int
		}{
			{"selectin", orm.SelectInLoad(chinook.Albums.Tracks), 1},
			{"joined", orm.JoinedLoad(chinook.Albums.Tracks), 0},
		} {
			albums, sql := load(q.Options(c.opt), c.stmt)
			if strings.Contains(sql, "ORDER BY") {
				t.Errorf("%s without order_by: %s", c.name, sql)
			}
			checkTracks(t, c.name, albums, albumTracks)
		}

		// A loader's OrderBy: the order, and in it.
		byName := chinook.Albums.Tracks.OrderBy(chinook.Tracks.Name.Desc())
		albums, sql := load(q.Options(orm.SelectInLoad(byName)), 1)
		if !strings.HasSuffix(sql, "ORDER BY track.name DESC") {
			t.Errorf("selectin with OrderBy: %s", sql)
		}
		checkTracks(t, "selectin with OrderBy", albums, albumTracks)
		for _, a := range albums {
			if !slices.IsSortedFunc(a.Tracks, func(x, y *chinook.Track) int { return -strings.Compare(x.Name, y.Name) }) {
				t.Errorf("album %d: tracks not by name descending", a.AlbumID)
			}
		}

		// A Limit without an order: the first two by key.
		albums, sql = load(q.Options(orm.SelectInLoad(chinook.Albums.Tracks.Limit(2))), 1)
		if !strings.Contains(sql, "ORDER BY track.track_id ASC)") {
			t.Errorf("selectin with Limit: %s", sql)
		}
		for _, a := range albums {
			want := albumTracks[a.AlbumID][:min(2, len(albumTracks[a.AlbumID]))]
			if got := trackIDs(a.Tracks, true); !slices.Equal(got, want) {
				t.Errorf("album %d with Limit(2): tracks %v, want %v", a.AlbumID, got, want)
			}
		}

		// Many-to-many: a playlist's tracks are ordered by track_id, a
		// track's playlists not at all.
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		tracks, err := orm.All(ctx, s, orm.Select[chinook.Track]().Where(chinook.Tracks.TrackID.Le(20)).
			Options(orm.SelectInLoad(chinook.Tracks.Playlists).SelectInLoad(chinook.Playlists.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 3 || strings.Contains(sql[1], "ORDER BY") || !strings.HasSuffix(sql[2], "ORDER BY track.track_id ASC") {
			t.Errorf("many-to-many select-in: %q", sql)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT track_id, playlist_id FROM playlist_track WHERE track_id <= 20")
		if err != nil {
			t.Fatal(err)
		}
		want := map[int32][]int32{}
		for _, r := range rows {
			tr, _ := strconv.Atoi(r[0])
			p, _ := strconv.Atoi(r[1])
			want[int32(tr)] = append(want[int32(tr)], int32(p))
		}
		for _, tr := range tracks {
			var got []int32
			for _, p := range tr.Playlists {
				got = append(got, p.PlaylistID)
				if !slices.IsSortedFunc(p.Tracks, func(x, y *chinook.Track) int { return int(x.TrackID - y.TrackID) }) {
					t.Errorf("playlist %d: tracks out of track_id order", p.PlaylistID)
				}
			}
			slices.Sort(got)
			slices.Sort(want[tr.TrackID])
			if !slices.Equal(got, want[tr.TrackID]) {
				t.Errorf("track %d: playlists %v, want %v", tr.TrackID, got, want[tr.TrackID])
			}
		}
	})
}

// TestJoinedLoadRowsInterleaved: a joined collection whose rows come
// interleaved, parent after parent, and repeated (the query joins the
// tracks itself and orders by them, so that each album's joined tracks
// come once per track of the album, scattered among the other albums'),
// is built once per album with each track once: from a session that
// holds nothing, and from one that holds the albums (not their tracks).
func TestJoinedLoadRowsInterleaved(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		albumTracks := tracksByAlbum(t, w, 10)
		q := orm.Select[chinook.Album]().Join(chinook.Tracks).Where(chinook.Albums.AlbumID.Le(10))
		for _, order := range []string{"milliseconds", "track_id desc"} {
			for _, held := range []bool{false, true} {
				s := w.f.New()
				if held {
					if _, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(10))); err != nil {
						t.Fatal(err)
					}
				}
				oq := q.OrderBy(chinook.Tracks.Milliseconds.Asc(), chinook.Tracks.TrackID.Asc())
				if order == "track_id desc" {
					oq = q.OrderBy(chinook.Tracks.TrackID.Desc())
				}
				w.rec.Reset()
				albums, err := orm.All(ctx, s, oq.Options(orm.JoinedLoad(chinook.Albums.Tracks)))
				s.Close()
				if err != nil {
					t.Fatal(err)
				}
				if sql := w.rec.SQL()[len(w.rec.SQL())-1]; strings.Contains(sql, "track_1.track_id ASC") {
					t.Errorf("the joined collection added its own ORDER BY: %s", sql)
				}
				if len(albums) != len(albumTracks) {
					t.Errorf("by %s, held %v: %d albums, want %d", order, held, len(albums), len(albumTracks))
				}
				checkTracks(t, fmt.Sprintf("by %s, held %v", order, held), albums, albumTracks)
			}
		}
	})
}

// tracksByAlbum reads the track ids of the albums up to maxAlbum, each
// album's in key order, with SQL.
func tracksByAlbum(t *testing.T, w *world, maxAlbum int) map[int32][]int32 {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), fmt.Sprintf("SELECT album_id, track_id FROM track WHERE album_id <= %d ORDER BY track_id", maxAlbum))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32][]int32{}
	for _, r := range rows {
		a, _ := strconv.Atoi(r[0])
		tr, _ := strconv.Atoi(r[1])
		want[int32(a)] = append(want[int32(a)], int32(tr))
	}
	return want
}

// trackIDs lists the ids of tracks, sorted or as they come.
func trackIDs(tracks []*chinook.Track, asTheyCome bool) []int32 {
	ids := make([]int32, len(tracks))
	for i, tr := range tracks {
		ids[i] = tr.TrackID
	}
	if !asTheyCome {
		slices.Sort(ids)
	}
	return ids
}

// checkTracks checks that each album holds exactly the tracks want lists
// for it, each once, in any order.
func checkTracks(t *testing.T, what string, albums []*chinook.Album, want map[int32][]int32) {
	t.Helper()
	for _, a := range albums {
		if got := trackIDs(a.Tracks, false); !slices.Equal(got, want[a.AlbumID]) {
			t.Errorf("%s: album %d holds tracks %v, want %v", what, a.AlbumID, got, want[a.AlbumID])
		}
	}
}
