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

// albumGraph describes albums with their tracks (by id: a collection
// without order_by comes in any order) and each track's genre, media type
// and album.
func albumGraph(albums []*chinook.Album) string {
	var b strings.Builder
	for _, al := range albums {
		fmt.Fprintf(&b, "%d %q:", al.AlbumID, al.Title)
		tracks := slices.Clone(al.Tracks)
		slices.SortFunc(tracks, func(x, y *chinook.Track) int { return int(x.TrackID - y.TrackID) })
		for _, tr := range tracks {
			fmt.Fprintf(&b, " %d", tr.TrackID)
			if tr.Genre != nil {
				fmt.Fprintf(&b, "/%s", *tr.Genre.Name)
			}
			if tr.MediaType != nil {
				fmt.Fprintf(&b, "/m%d", tr.MediaType.MediaTypeID)
			}
			if tr.Album != al {
				fmt.Fprintf(&b, "/album %p", tr.Album)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func artistGraph(artists []*chinook.Artist) string {
	var b strings.Builder
	for _, a := range artists {
		fmt.Fprintf(&b, "artist %d\n%s", a.ArtistID, albumGraph(a.Albums))
	}
	return b.String()
}

// run runs q in a new session and returns its rows, the tables of its
// SELECTs and their SQL.
func runQuery[R any](t *testing.T, w *world, q *orm.SelectStmt[R]) ([]R, string, []string) {
	t.Helper()
	s := w.f.New()
	t.Cleanup(func() { s.Close() })
	w.rec.Reset()
	got, err := orm.All(t.Context(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	sql := w.rec.SQL()
	tables := strings.Join(w.selects(), " ")
	// Done with s: on SQLite a second session that may write waits for
	// the first's transaction to end.
	s.Rollback(t.Context())
	return got, tables, sql
}

// TestSelectInJoined: a joined load below a select-in joins into the
// select-in's statement: one statement fewer per joined level, the same
// objects as select-in at every level, each relationship marked loaded;
// through a many-to-many, under a per-parent limit, with an inner join,
// and refused where it would multiply rows or cannot be read.
func TestSelectInJoined(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		t.Run("nested", func(t *testing.T) {
			q := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(12)).OrderBy(chinook.Artists.ArtistID.Asc())
			want, tables, _ := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.Genre)))
			if tables != "artist album track genre" {
				t.Fatalf("select-in at every level: statements on %q", tables)
			}
			got, tables, sql := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks).JoinedLoad(chinook.Tracks.Genre)))
			if tables != "artist album" {
				t.Errorf("statements on %q, want artist album: the tracks and genres joined into the albums' select-in", tables)
			}
			in := sql[1]
			if !strings.HasPrefix(in, "SELECT album.album_id, album.title, album.artist_id, track_1.track_id, track_1.name, track_1.album_id AS album_id_1,") ||
				!strings.Contains(in, " FROM album LEFT OUTER JOIN track AS track_1 ON track_1.album_id = album.album_id LEFT OUTER JOIN genre AS genre_1 ON genre_1.genre_id = track_1.genre_id WHERE album.artist_id ") ||
				!strings.HasSuffix(in, " ORDER BY album.title ASC") {
				t.Errorf("select-in SQL\n%s", in)
			}
			if g, wg := artistGraph(got), artistGraph(want); g != wg {
				t.Errorf("joined below select-in:\n%s\nselect-in throughout:\n%s", g, wg)
			}
			if len(got) != 12 || len(got[0].Albums) == 0 {
				t.Fatalf("%d artists", len(got))
			}
			s := w.f.New()
			defer s.Close()
			got, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks).JoinedLoad(chinook.Tracks.Genre)))
			if err != nil {
				t.Fatal(err)
			}
			al := got[0].Albums[0]
			tr := al.Tracks[0]
			if !isLoaded(t, s, al, chinook.Albums.Tracks) || !isLoaded(t, s, tr, chinook.Tracks.Genre) || !isLoaded(t, s, tr, chinook.Tracks.Album) {
				t.Errorf("Album.Tracks, Track.Genre or Track.Album not marked loaded")
			}
			if isLoaded(t, s, tr, chinook.Tracks.MediaType) {
				t.Errorf("Track.MediaType marked loaded")
			}
		})
		t.Run("columns", func(t *testing.T) {
			got, _, sql := runQuery(t, w, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Eq(1)).
				Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks).LoadOnly(chinook.Tracks.Name)))
			if len(sql) != 2 || !strings.Contains(sql[1], "track_1.name") || strings.Contains(sql[1], "track_1.composer") {
				t.Errorf("statements %q, want the tracks' names and keys joined into the albums' select-in", sql)
			}
			tracks := 0
			for _, al := range got[0].Albums {
				for _, tr := range al.Tracks {
					tracks++
					if tr.Name == "" || tr.Composer != nil || tr.Album != al {
						t.Errorf("track %d: %+v", tr.TrackID, tr)
					}
				}
			}
			if tracks == 0 {
				t.Errorf("no tracks")
			}
		})
		t.Run("criteria", func(t *testing.T) {
			long := chinook.Albums.Tracks.And(chinook.Tracks.Milliseconds.Gt(300000))
			q := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(12)).OrderBy(chinook.Artists.ArtistID.Asc())
			want, _, _ := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(long)))
			got, _, sql := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(long)))
			if len(sql) != 2 || !strings.Contains(sql[1], "track_1.milliseconds > ") || !strings.Contains(sql[1], " FROM album LEFT OUTER JOIN track AS track_1 ON ") {
				t.Errorf("statements %q, want the criteria in the join's ON clause", sql)
			}
			if g, wg := artistGraph(got), artistGraph(want); g != wg {
				t.Errorf("joined with criteria below select-in:\n%s\nselect-in throughout:\n%s", g, wg)
			}
		})
		t.Run("orm.Load", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(5)).OrderBy(chinook.Albums.AlbumID.Asc()))
			if err != nil {
				t.Fatal(err)
			}
			w.rec.Reset()
			if err := orm.Load(ctx, s, albums, chinook.Albums.Tracks, orm.JoinedLoad(chinook.Tracks.Genre), orm.JoinedLoad(chinook.Tracks.MediaType).InnerJoin()); err != nil {
				t.Fatal(err)
			}
			sql := w.rec.SQL()
			if len(sql) != 1 || !strings.Contains(sql[0], " FROM track JOIN media_type AS media_type_1 ON media_type_1.media_type_id = track.media_type_id LEFT OUTER JOIN genre AS genre_1 ON genre_1.genre_id = track.genre_id WHERE ") {
				t.Errorf("statements %q, want one of tracks joining media types (inner) and genres", sql)
			}
			got := albumGraph(albums)
			s.Close()
			want, _, _ := runQuery(t, w, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(5)).OrderBy(chinook.Albums.AlbumID.Asc()).
				Options(orm.SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.Genre), orm.SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.MediaType)))
			if wg := albumGraph(want); got != wg {
				t.Errorf("Load:\n%s\nwant\n%s", got, wg)
			}
		})
		t.Run("many-to-many", func(t *testing.T) {
			// The playlists share tracks, and the tracks albums: an
			// album's collection fills from rows of several parents.
			q := orm.Select[chinook.Playlist]().Where(chinook.Playlists.PlaylistID.Between(12, 18)).OrderBy(chinook.Playlists.PlaylistID.Asc())
			want, tables, _ := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Playlists.Tracks).SelectInLoad(chinook.Tracks.Album).SelectInLoad(chinook.Albums.Tracks)))
			if tables != "playlist track album track" {
				t.Fatalf("select-in at every level: statements on %q", tables)
			}
			got, tables, sql := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Playlists.Tracks).JoinedLoad(chinook.Tracks.Album).JoinedLoad(chinook.Albums.Tracks)))
			if tables != "track playlist_track" && tables != "playlist track" {
				t.Errorf("statements on %q, want playlist track", tables)
			}
			if !strings.Contains(sql[1], " FROM track JOIN playlist_track ON playlist_track.track_id = track.track_id LEFT OUTER JOIN album AS album_1 ON album_1.album_id = track.album_id LEFT OUTER JOIN track AS track_1 ON track_1.album_id = album_1.album_id WHERE playlist_track.playlist_id ") ||
				!strings.HasSuffix(sql[1], " ORDER BY track.track_id ASC") {
				t.Errorf("select-in SQL\n%s", sql[1])
			}
			describe := func(ps []*chinook.Playlist) string {
				var b strings.Builder
				for _, p := range ps {
					fmt.Fprintf(&b, "playlist %d:", p.PlaylistID)
					for _, tr := range p.Tracks {
						fmt.Fprintf(&b, " %d", tr.TrackID)
						if tr.Album != nil {
							fmt.Fprintf(&b, "[%s]", strings.TrimSpace(albumGraph([]*chinook.Album{tr.Album})))
						}
					}
					b.WriteString("\n")
				}
				return b.String()
			}
			if g, wg := describe(got), describe(want); g != wg {
				t.Errorf("joined below a many-to-many select-in:\n%s\nwant\n%s", g, wg)
			}
		})
		t.Run("per-parent limit", func(t *testing.T) {
			first := chinook.Artists.Albums.OrderBy(chinook.Albums.Title.Desc()).Limit(1)
			q := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(12)).OrderBy(chinook.Artists.ArtistID.Asc())
			want, _, _ := runQuery(t, w, q.Options(orm.SelectInLoad(first).SelectInLoad(chinook.Albums.Tracks)))
			got, _, sql := runQuery(t, w, q.Options(orm.SelectInLoad(first).JoinedLoad(chinook.Albums.Tracks)))
			if len(sql) != 2 || !strings.Contains(sql[1], ") AS anon_1 LEFT OUTER JOIN track AS track_1 ON track_1.album_id = anon_1.album_id WHERE anon_1.retort_row_number <= ") {
				t.Errorf("statements %q", sql)
			}
			if g, wg := artistGraph(got), artistGraph(want); g != wg {
				t.Errorf("joined below a limited select-in:\n%s\nwant\n%s", g, wg)
			}
			for _, a := range got {
				if len(a.Albums) > 1 {
					t.Errorf("artist %d: %d albums, want at most 1", a.ArtistID, len(a.Albums))
				}
			}
		})
		t.Run("cartesian", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			// Two collections of the reports side by side multiply.
			opts := []orm.QueryOption{
				orm.SelectInLoad(chinook.Employees.Reports).JoinedLoad(chinook.Employees.Reports),
				orm.SelectInLoad(chinook.Employees.Reports).JoinedLoad(chinook.Employees.Customers),
			}
			q := orm.Select[chinook.Employee]().Where(chinook.Employees.EmployeeID.Eq(2))
			w.rec.Reset()
			_, err := orm.All(ctx, s, q.Options(opts...))
			if err == nil || !strings.Contains(err.Error(), "collections Employee.Reports and Employee.Customers multiplies their rows") {
				t.Errorf("two joined collections below a select-in: %v", err)
			}
			bosses, err := orm.All(ctx, s, q.Options(append(opts, orm.AllowCartesian())...))
			if err != nil {
				t.Fatal(err)
			}
			if len(w.rec.SQL()) != 3 {
				t.Errorf("statements %q, want the failed query's employee, then employee and reports", w.rec.SQL())
			}
			rows, err := w.db.QueryStrings(ctx, "SELECT COUNT(*) FROM customer c JOIN employee e ON c.support_rep_id = e.employee_id WHERE e.reports_to = 2")
			if err != nil {
				t.Fatal(err)
			}
			customers := 0
			for _, r := range bosses[0].Reports {
				customers += len(r.Customers)
				if r.Manager != bosses[0] || !isLoaded(t, s, r, chinook.Employees.Reports) || !isLoaded(t, s, r, chinook.Employees.Customers) {
					t.Errorf("employee %d: manager %p, or its reports or customers not loaded", r.EmployeeID, r.Manager)
				}
				for _, c := range r.Customers {
					if c.SupportRep != r {
						t.Errorf("customer %d: support rep %p, want %d", c.CustomerID, c.SupportRep, r.EmployeeID)
					}
				}
			}
			if fmt.Sprint(customers) != rows[0][0] || customers == 0 {
				t.Errorf("%d customers of the reports, want %s", customers, rows[0][0])
			}
		})
		t.Run("refused", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			q := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(3))
			for _, c := range []struct {
				opts []orm.QueryOption
				want string
			}{
				{[]orm.QueryOption{orm.SelectInLoad(chinook.Artists.Albums).ContainsEager(chinook.Albums.Tracks)},
					"ContainsEager(Album.Tracks) below the select-in of Artist.Albums"},
				{[]orm.QueryOption{orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks).JoinedLoad(chinook.Tracks.Genre).InnerJoin()},
					"InnerJoin on Track.Genre would drop"},
			} {
				w.rec.Reset()
				_, err := orm.All(ctx, s, q.Options(c.opts...))
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%v, want an error saying %q", err, c.want)
				}
				if n := len(w.rec.SQL()); n > 1 {
					t.Errorf("%d statements sent, want the artists' at most", n)
				}
			}
		})
		t.Run("failing statement", func(t *testing.T) {
			s := w.f.New()
			bad := chinook.Artists.Albums.And(core.Raw[bool]("no_such_column = 1"))
			q := orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(3)).OrderBy(chinook.Artists.ArtistID.Asc())
			w.rec.Reset()
			_, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(bad).JoinedLoad(chinook.Albums.Tracks)))
			if err == nil || !strings.Contains(err.Error(), "no_such_column") {
				t.Errorf("a failing select-in: %v", err)
			}
			if n := len(w.rec.SQL()); n != 2 {
				t.Errorf("%d statements, want the artists' and the failing select-in", n)
			}
			if err := s.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			// The session goes on: the artists it holds have no albums
			// marked loaded, and a query loads them.
			got, err := orm.All(ctx, s, q.Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks)))
			if err != nil {
				t.Fatal(err)
			}
			s.Rollback(ctx)
			want, _, _ := runQuery(t, w, q.Options(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks)))
			if g, wg := artistGraph(got), artistGraph(want); g != wg {
				t.Errorf("after the failure:\n%s\nwant\n%s", g, wg)
			}
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if n := w.eng.Stats().InUse; n != 0 {
				t.Errorf("%d connections in use after Close", n)
			}
		})
	})
}

// sjAuthor, sjBook and sjPublisher map joined relationships by default
// (lazy:joined): an author's books load by select-in, into which each
// book's publisher joins, while the book's author, back up the path, and
// the publisher's books, back again, do not.
type sjAuthor struct {
	ID    int64
	Name  string
	Books []*sjBook
}

type sjBook struct {
	ID          int64
	AuthorID    int64
	PublisherID *int64
	Title       string
	Author      *sjAuthor
	Publisher   *sjPublisher
}

type sjPublisher struct {
	ID    int64
	Name  string
	Books []*sjBook
}

var (
	sjAuthors    = core.NewTable("sj_author")
	sjPublishers = core.NewTable("sj_publisher")
	sjBooks      = core.NewTable("sj_book")
	sjAuthorID   = core.NewColumn[int64](sjAuthors, "id", core.PrimaryKey())
	_            = core.NewColumn[string](sjAuthors, "name")
	sjPubID      = core.NewColumn[int64](sjPublishers, "id", core.PrimaryKey())
	_            = core.NewColumn[string](sjPublishers, "name")
	_            = core.NewColumn[int64](sjBooks, "id", core.PrimaryKey())
	_            = core.NewColumn[int64](sjBooks, "author_id", core.References(sjAuthorID))
	_            = core.NewColumn[int64](sjBooks, "publisher_id", core.Nullable(), core.References(sjPubID))
	_            = core.NewColumn[string](sjBooks, "title")

	sjAuthorBooks    = orm.NewRelationship[sjAuthor, sjBook]("Books", "back:Author; order_by:id; lazy:selectin")
	sjBookAuthor     = orm.NewRelationship[sjBook, sjAuthor]("Author", "back:Books; lazy:joined")
	sjBookPublisher  = orm.NewRelationship[sjBook, sjPublisher]("Publisher", "back:Books; lazy:joined")
	sjPublisherBooks = orm.NewRelationship[sjPublisher, sjBook]("Books", "back:Publisher; lazy:joined")
)

func init() {
	orm.Map[sjAuthor](sjAuthors, sjAuthorBooks)
	orm.Map[sjPublisher](sjPublishers, sjPublisherBooks)
	orm.Map[sjBook](sjBooks, sjBookAuthor, sjBookPublisher)
}

// TestSelectInJoinedByMapping: relationships mapped lazy:joined below a
// select-in level join into its statement, and not back up the path.
func TestSelectInJoinedByMapping(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, sjAuthors, sjPublishers, sjBooks); err != nil {
			t.Fatal(err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			pubs := []*sjPublisher{{ID: 1, Name: "p1"}, {ID: 2, Name: "p2"}}
			for i := range 4 {
				a := &sjAuthor{ID: int64(i + 1), Name: fmt.Sprint("a", i+1)}
				for j := range i {
					b := &sjBook{ID: int64(10*i + j), Title: fmt.Sprintf("b%d%d", i, j)}
					if j > 0 {
						b.Publisher = pubs[j%2]
					}
					a.Books = append(a.Books, b)
				}
				if err := s.Add(a); err != nil {
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
		authors, err := orm.All(ctx, s, orm.Select[sjAuthor]().OrderBy(sjAuthorID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		sql := w.rec.SQL()
		want := "SELECT sj_book.id, sj_book.author_id, sj_book.publisher_id, sj_book.title, sj_publisher_1.id AS id_1, sj_publisher_1.name FROM sj_book LEFT OUTER JOIN sj_publisher AS sj_publisher_1 ON sj_publisher_1.id = sj_book.publisher_id WHERE sj_book.author_id "
		if len(sql) != 2 || !strings.HasPrefix(sql[1], want) || !strings.HasSuffix(sql[1], " ORDER BY sj_book.id ASC") {
			t.Errorf("statements %q, want the authors' and\n%s...", sql, want)
		}
		var books []string
		for _, a := range authors {
			for _, b := range a.Books {
				pub := "-"
				if b.Publisher != nil {
					pub = b.Publisher.Name
				}
				books = append(books, fmt.Sprintf("%s:%s:%s", a.Name, b.Title, pub))
				if b.Author != a || !isLoaded(t, s, b, sjBookPublisher) || !isLoaded(t, s, b, sjBookAuthor) {
					t.Errorf("book %d: author %p, or its publisher or author not marked loaded", b.ID, b.Author)
				}
				if b.Publisher != nil && isLoaded(t, s, b.Publisher, sjPublisherBooks) {
					t.Errorf("publisher %d: its books marked loaded, back up the path", b.Publisher.ID)
				}
			}
		}
		if got := strings.Join(books, " "); got != "a2:b10:- a3:b20:- a3:b21:p2 a4:b30:- a4:b31:p2 a4:b32:p1" {
			t.Errorf("books %s", got)
		}
	})
}
