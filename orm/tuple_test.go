package orm_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestTupleRows: Select2 and Select3 (and Columns2 and Columns3, which
// the compiler types) of columns alone read typed rows (a
// NULL into a pointer or sql.Null), in a default, a read-only and an
// autocommit session, with GROUP BY, Unique, streaming, and an entity in
// second place; the SQL is the SELECT of those columns and nothing more;
// loader options, which have no entity to load for, are refused.
func TestTupleRows(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		artists := orm.Select2[int32, string](chinook.Artists.ArtistID, chinook.Artists.Name).
			Where(chinook.Artists.ArtistID.Le(3)).OrderBy(chinook.Artists.ArtistID)
		for _, opt := range []orm.SessionOption{orm.WithReadOnly(false), orm.WithReadOnly(true), orm.WithAutocommit(true)} {
			s := orm.NewSessionFactory(w.eng, opt).New()
			w.rec.Reset()
			rows, err := orm.All(ctx, s, artists)
			s.Close()
			if got := fmt.Sprint(rows); err != nil || got != "[{1 AC/DC} {2 Accept} {3 Aerosmith}]" {
				t.Errorf("artists 1 to 3: %s, %v", got, err)
			}
			want := "SELECT artist.artist_id, artist.name FROM artist WHERE artist.artist_id <= ? ORDER BY artist.artist_id ASC"
			if sql := w.rec.SQL(); len(sql) != 1 || placeholders(sql[0]) != want {
				t.Errorf("SQL %q, want %q", sql, want)
			}
		}

		s := w.f.New()
		defer s.Close()
		// Albums per artist, a name NULL for none (an outer join's), a
		// count of albums into a sql.Null.
		counts, err := orm.All(ctx, s, orm.Select3[int32, *string, sql.Null[int64]](chinook.Artists.ArtistID, chinook.Albums.Title,
			core.Count(chinook.Albums.AlbumID).Label("albums")).
			OuterJoin(chinook.Albums).Where(chinook.Artists.ArtistID.In(1, 25)).
			GroupBy(chinook.Artists.ArtistID, chinook.Albums.Title).OrderBy(chinook.Artists.ArtistID, chinook.Albums.Title))
		if err != nil || len(counts) != 3 {
			t.Fatalf("albums of artists 1 and 25: %+v, %v", counts, err)
		}
		if r := counts[0]; r.V1 != 1 || *r.V2 != "For Those About To Rock We Salute You" || r.V3.V != 1 {
			t.Errorf("first row %+v", r)
		}
		if r := counts[2]; r.V1 != 25 || r.V2 != nil || !r.V3.Valid || r.V3.V != 0 {
			t.Errorf("artist 25, who has no album: %+v, want a nil title and 0 albums", r)
		}

		// Unique over columns, typed by the compiler, and a stream of them.
		genres, err := orm.All(ctx, s, orm.Columns2(chinook.Tracks.GenreID, chinook.Tracks.MediaTypeID).
			Where(chinook.Tracks.AlbumID.Le(3)).OrderBy(chinook.Tracks.GenreID, chinook.Tracks.MediaTypeID).Unique())
		if got := fmt.Sprint(genres); err != nil || got != "[{1 1} {1 2}]" {
			t.Errorf("genres and media types of albums 1 to 3: %s, %v", got, err)
		}
		n := 0
		for row, err := range orm.Stream(ctx, s, orm.Columns3(chinook.Tracks.Name, chinook.Tracks.Milliseconds, chinook.Tracks.TrackID).YieldPer(100)) {
			if err != nil {
				t.Fatal(err)
			}
			if row.V1 == "" || row.V2 <= 0 || row.V3 <= 0 {
				t.Fatalf("streamed row %+v", row)
			}
			n++
		}
		if n != 3503 {
			t.Errorf("%d tracks streamed, want 3503", n)
		}

		// An entity after a column.
		ranked, err := orm.All(ctx, s, orm.Select2[int64, *chinook.Album](core.RowNumber().Over(core.OrderBy(chinook.Albums.Title)).Label("n"), chinook.Albums).
			Where(chinook.Albums.ArtistID.Eq(1)).OrderBy(chinook.Albums.Title))
		if err != nil || len(ranked) != 2 || ranked[0].V1 != 1 || ranked[1].V2.Title != "Let There Be Rock" {
			t.Errorf("AC/DC's albums by title, numbered: %+v, %v", ranked, err)
		}

		// Loader options need an entity.
		_, err = orm.All(ctx, s, orm.Select2[int32, string](chinook.Artists.ArtistID, chinook.Artists.Name).
			Options(orm.SelectInLoad(chinook.Artists.Albums)))
		if err == nil {
			t.Error("a loader option on a query of columns: no error")
		}
	})
}

// placeholders writes a statement's parameters as ?, whatever the dialect.
func placeholders(sql string) string {
	for i := 9; i >= 1; i-- {
		sql = strings.ReplaceAll(sql, fmt.Sprintf("$%d", i), "?")
	}
	return sql
}
