package orm_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestPostgresExecModes runs the statements that bind key lists (select-in
// loading, many-to-many links, a cascade delete by parent keys) under each
// of pgx's query exec modes. Under exec and simple_protocol, PgBouncer's
// usual settings, pgx has no prepared statement to learn a parameter's
// type from, and could not encode the []any the keys were bound as.
func TestPostgresExecModes(t *testing.T) {
	for _, mode := range []string{"cache_statement", "cache_describe", "describe_exec", "exec", "simple_protocol"} {
		t.Run(mode, func(t *testing.T) {
			db, dsn := testdb.OpenWithDSN(t, testdb.Postgres)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			q.Set("default_query_exec_mode", mode)
			u.RawQuery = q.Encode()
			keyLists(t, db, u.String())
		})
	}
}

// TestPgBouncerKeyLists runs the statements of TestPostgresExecModes
// through a real PgBouncer in transaction pooling mode, under the exec
// modes that work there (engine/pgx's package doc).
func TestPgBouncerKeyLists(t *testing.T) {
	for _, mode := range []string{"exec", "simple_protocol", "cache_describe"} {
		t.Run(mode, func(t *testing.T) {
			db, dsn := testdb.OpenPgBouncer(t, mode)
			keyLists(t, db, dsn)
		})
	}
}

// keyLists loads Chinook on db and, on an engine opened on dsn, which
// reaches the same database, loads artists' albums and tracks and
// playlists' tracks by select-in, removes a many-to-many link and deletes
// an invoice whose lines cascade.
func keyLists(t *testing.T, db *testdb.DB, dsn string) {
	eng, err := engine.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	ctx := t.Context()
	if err := orm.CreateAll(ctx, eng, chinook.MappedTables...); err != nil {
		t.Fatal(err)
	}
	testdb.LoadChinookData(t, db)
	f := orm.NewSessionFactory(eng)

	s := f.New()
	defer s.Close()
	artists, err := orm.All(ctx, s, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Le(10)).
		Options(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks)))
	if err != nil {
		t.Fatal(err)
	}
	tracks := 0
	for _, a := range artists {
		for _, al := range a.Albums {
			tracks += len(al.Tracks)
		}
	}
	want, err := db.QueryStrings(ctx, "SELECT COUNT(*) FROM track JOIN album USING (album_id) WHERE artist_id <= 10")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(tracks) != want[0][0] {
		t.Errorf("%d tracks loaded by select-in, want %s", tracks, want[0][0])
	}
	playlists, err := orm.All(ctx, s, orm.Select[chinook.Playlist]().Where(chinook.Playlists.PlaylistID.Le(3)).
		Options(orm.SelectInLoad(chinook.Playlists.Tracks)))
	if err != nil || len(playlists) != 3 {
		t.Fatalf("playlists with their tracks (many-to-many): %d, %v", len(playlists), err)
	}
	chinook.Playlists.Tracks.Remove(playlists[0], playlists[0].Tracks[0])
	// An invoice whose lines nobody loaded: the delete cascades to
	// them by the invoice's key.
	invoice, err := orm.Get[chinook.Invoice](ctx, s, int32(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(invoice); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatalf("commit of a cascade delete and a link removal: %v", err)
	}
	left, err := db.QueryStrings(ctx, "SELECT COUNT(*) FROM invoice_line WHERE invoice_id = 1")
	if err != nil || left[0][0] != "0" {
		t.Errorf("invoice 1's lines after the cascade: %v, %v", left, err)
	}
}
