package orm_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// openEngine opens an engine on dsn, closed when t ends.
func openEngine(t *testing.T, dsn string) *engine.Engine {
	t.Helper()
	eng, err := engine.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := eng.Close(); err != nil {
			t.Error(err)
		}
	})
	return eng
}

// TestCreateAll builds the shop and Chinook schemas from their mappings on
// every backend, loads the Chinook rows into them, reads them back through
// the generated mapping, checks that the constraints hold, and drops them.
func TestCreateAll(t *testing.T) {
	if err := orm.Configure(); err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{testdb.SQLite, testdb.Postgres, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			ctx := t.Context()
			db, dsn := testdb.OpenWithDSN(t, backend)
			eng := openEngine(t, dsn)
			tables := slices.Concat(shop.MappedTables, chinook.MappedTables)
			if err := orm.CreateAll(ctx, eng, tables...); err != nil {
				t.Fatal(err)
			}
			testdb.LoadChinookData(t, db)

			var tracks []*chinook.Track
			var reps []*chinook.Customer
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				res, err := tx.Query(ctx, core.Select(chinook.Tracks.Table).OrderBy(chinook.Tracks.TrackID.Asc()))
				if err != nil {
					return err
				}
				if tracks, err = orm.ScanAll[chinook.Track](res); err != nil {
					return err
				}
				res, err = tx.Query(ctx, core.Select(chinook.Customers.Table).Where(chinook.Customers.SupportRepID.IsNotNull()))
				if err != nil {
					return err
				}
				reps, err = orm.ScanAll[chinook.Customer](res)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			chars := 0
			for _, tr := range tracks {
				chars += utf8.RuneCountInString(tr.Name)
			}
			if len(tracks) != testdb.ChinookTracks || chars != testdb.ChinookTrackNameChars {
				t.Errorf("read %d tracks with %d characters of names, want %d and %d",
					len(tracks), chars, testdb.ChinookTracks, testdb.ChinookTrackNameChars)
			}
			first := tracks[0]
			if first.TrackID != 1 || first.AlbumID == nil || *first.AlbumID != 1 || first.UnitPrice != 0.99 || first.Composer == nil {
				t.Errorf("track 1 = %+v", first)
			}
			if len(reps) != 59 || reps[0].SupportRepID == nil {
				t.Errorf("%d customers with a support representative, want 59", len(reps))
			}

			// The foreign keys and the check constraint are in force.
			err = eng.Transaction(ctx, func(tx *engine.Tx) error {
				_, err := tx.ExecSQL(ctx, "INSERT INTO album (album_id, title, artist_id) VALUES (9999, 'x', 99999)")
				return err
			})
			if err == nil {
				t.Error("an album of a missing artist was inserted: the foreign key is not in force")
			}
			err = eng.Transaction(ctx, func(tx *engine.Tx) error {
				if _, err := tx.ExecSQL(ctx, "INSERT INTO categories (id, name) VALUES (1, 'c')"); err != nil {
					return err
				}
				_, err := tx.ExecSQL(ctx, "INSERT INTO products (id, category_id, name, price) VALUES (1, 1, 'p', -1)")
				return err
			})
			if err == nil {
				t.Error("a product with a negative price was inserted: the check constraint is not in force")
			}

			if err := orm.DropAll(ctx, eng, tables...); err != nil {
				t.Fatal(err)
			}
			// Everything is gone: creating it all again works.
			if err := orm.CreateAll(ctx, eng, tables...); err != nil {
				t.Fatalf("CreateAll after DropAll: %v", err)
			}
		})
	}
}

// TestDDL checks the DDL of one mapped table on each dialect, and that
// the tables come in foreign-key order.
func TestDDL(t *testing.T) {
	ddl, err := orm.DDL(postgres.Dialect, shop.MappedTables...)
	if err != nil {
		t.Fatal(err)
	}
	var creates []string
	for _, s := range ddl {
		if name, ok := strings.CutPrefix(s, "CREATE TABLE "); ok {
			creates = append(creates, strings.Fields(name)[0])
		}
	}
	want := []string{"departments", "users", "profiles", "orders", "categories", "products", "items", "tags", "product_tags"}
	if !slices.Equal(creates, want) {
		t.Errorf("tables created in the order %v, want %v", creates, want)
	}
}
