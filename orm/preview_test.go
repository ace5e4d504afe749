package orm_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// oneKeyList makes a select-in's IN list of any length one of one key, as
// Preview shows it where there are no array parameters.
var oneKeyList = regexp.MustCompile(`IN \(\?(, \?)*\)`)

// previewAndRun previews q, then runs it in a new session, and returns the
// preview and the SELECTs the run sent.
func previewAndRun[R any](t *testing.T, w *world, q *orm.SelectStmt[R]) (orm.SQLPreview, []string) {
	t.Helper()
	s := w.f.New()
	defer s.Close()
	w.rec.Reset()
	pv, err := orm.Preview(s, q)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.rec.Count(); n != 0 {
		t.Fatalf("Preview sent %d statements: %q", n, w.rec.SQL())
	}
	if _, err := orm.All(t.Context(), s, q); err != nil {
		t.Fatal(err)
	}
	var sent []string
	for _, sql := range w.rec.SQL() {
		if strings.HasPrefix(sql, "SELECT") || strings.HasPrefix(sql, "WITH") {
			sent = append(sent, oneKeyList.ReplaceAllString(sql, "IN (?)"))
		}
	}
	return pv, sent
}

// TestPreview: a query's preview is the SQL its run sends, statement for
// statement (the IN lists of a run without array parameters aside, whose
// length is the parents'), with the loader path of each load; it sends
// nothing, and fails as the run would.
func TestPreview(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		if err := orm.CreateAll(ctx, w.eng, shelves.Table, books.Table); err != nil {
			t.Fatal(err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&shelf{StoreID: 1, ShelfNo: 2, Label: "top", Books: []*book{{ID: 1, Title: "one"}, {ID: 2, Title: "two"}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			run   func() (orm.SQLPreview, []string)
			paths string
		}{
			{"joined below select-in", func() (orm.SQLPreview, []string) {
				return previewAndRun(t, w, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(2)).
					Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks).JoinedLoad(chinook.Tracks.Genre)))
			}, "Artist.Albums"},
			{"joined, select-in chains and a many-to-many", func() (orm.SQLPreview, []string) {
				return previewAndRun(t, w, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(2)).Options(
					orm.JoinedLoad(chinook.Albums.Artist),
					orm.SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.MediaType),
					orm.SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.Playlists).JoinedLoad(chinook.Playlists.Tracks)))
			}, "Album.Tracks Album.Tracks.MediaType Album.Tracks.Playlists"},
			{"recursive, then select-in at every level", func() (orm.SQLPreview, []string) {
				return previewAndRun(t, w, orm.Select[chinook.Employee]().Where(chinook.Employees.EmployeeID.Eq(1)).
					Options(orm.RecursiveLoad(chinook.Employees.Reports, orm.ToLeaves).SelectInLoad(chinook.Employees.Customers).JoinedLoad(chinook.Customers.Invoices)))
			}, "Employee.Reports Employee.Reports.Customers"},
			{"per-parent limit", func() (orm.SQLPreview, []string) {
				return previewAndRun(t, w, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(3)).
					Options(orm.SelectInLoad(chinook.Artists.Albums.OrderBy(chinook.Albums.Title.Desc()).Limit(1)).JoinedLoad(chinook.Albums.Tracks)))
			}, "Artist.Albums"},
			{"composite key", func() (orm.SQLPreview, []string) {
				return previewAndRun(t, w, orm.Select[shelf]().Options(orm.SelectInLoad(shelfBooks).JoinedLoad(bookShelf)))
			}, "shelf.Books"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				pv, sent := c.run()
				want := []string{pv.Query.SQL}
				var paths []string
				for _, l := range pv.Loads {
					want = append(want, l.SQL)
					paths = append(paths, l.Path)
					if l.Strategy.String() != "selectin" && l.Strategy.String() != "recursive" {
						t.Errorf("%s: strategy %s", l.Path, l.Strategy)
					}
					if l.Stmt == nil || len(l.Args) == 0 {
						t.Errorf("%s: no statement or arguments", l.Path)
					}
				}
				if got := strings.Join(paths, " "); got != c.paths {
					t.Errorf("paths %q, want %q", got, c.paths)
				}
				if strings.Join(want, "\n") != strings.Join(sent, "\n") {
					t.Errorf("preview\n%s\nthe run sent\n%s", strings.Join(want, "\n"), strings.Join(sent, "\n"))
				}
				if w.backend == testdb.Postgres && strings.Contains(pv.String(), " IN (") {
					t.Errorf("PostgreSQL preview with an IN list:\n%s", pv)
				}
			})
		}
		t.Run("String", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			pv, err := orm.Preview(s, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Eq(1)).
				Options(orm.SelectInLoad(chinook.Artists.Albums).JoinedLoad(chinook.Albums.Tracks)))
			if err != nil {
				t.Fatal(err)
			}
			key := map[string]string{testdb.Postgres: "= ANY($1)", testdb.SQLite: "IN (?)", testdb.MySQL: "IN (?)"}[w.backend]
			want := pv.Query.SQL + "\n-- Artist.Albums (selectin)\n" +
				"SELECT album.album_id, album.title, album.artist_id, track_1.track_id, track_1.name, track_1.album_id AS album_id_1, track_1.media_type_id, track_1.genre_id, track_1.composer, track_1.milliseconds, track_1.bytes, track_1.unit_price " +
				"FROM album LEFT OUTER JOIN track AS track_1 ON track_1.album_id = album.album_id WHERE album.artist_id " + key + " ORDER BY album.title ASC"
			if got := pv.String(); got != want {
				t.Errorf("String\n%s\nwant\n%s", got, want)
			}
			if fmt.Sprint(pv.Loads[0].Args) != "[0]" && fmt.Sprint(pv.Loads[0].Args) != "[[0]]" {
				t.Errorf("key arguments %v, want the zero key", pv.Loads[0].Args)
			}
		})
		t.Run("refused", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			w.rec.Reset()
			_, err := orm.Preview(s, orm.Select[chinook.Artist]().Options(orm.SelectInLoad(chinook.Artists.Albums), orm.JoinedLoad(chinook.Artists.Albums)))
			if err == nil || !strings.Contains(err.Error(), "loader strategies conflict for Artist.Albums") {
				t.Errorf("conflicting options: %v", err)
			}
			_, err = orm.Preview(s, orm.Select[chinook.Employee]().Options(
				orm.SelectInLoad(chinook.Employees.Reports).JoinedLoad(chinook.Employees.Reports),
				orm.SelectInLoad(chinook.Employees.Reports).JoinedLoad(chinook.Employees.Customers)))
			if err == nil || !strings.Contains(err.Error(), "a cartesian product") {
				t.Errorf("two joined collections below a select-in: %v", err)
			}
			var q *orm.SelectStmt[*chinook.Artist]
			if _, err := orm.Preview(s, q); !errors.Is(err, orm.ErrNil) {
				t.Errorf("a nil query: %v", err)
			}
			if n := w.rec.Count(); n != 0 {
				t.Errorf("%d statements sent", n)
			}
		})
	})
}
