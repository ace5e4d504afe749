package chinookdb_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/mysql"
	_ "github.com/retortdb/retort/engine/pgx"
	_ "github.com/retortdb/retort/engine/sqlite"
	"github.com/retortdb/retort/internal/models/chinookdb"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestConfigures: the generated descriptors pass orm.Configure's checks
// (keys, foreign keys, relationships and their back: pairs).
func TestConfigures(t *testing.T) {
	if err := orm.Configure(); err != nil {
		t.Fatal(err)
	}
	if got := len(chinookdb.MappedTables); got != 11 {
		t.Errorf("%d tables mapped, want Chinook's 11", got)
	}
}

// TestSameRows: on each backend, Chinook's rows loaded through the
// generated models print as through the hand-written ones, whose print
// internal/introspect's TestSameRows checks against the same digest
// (testdata/rows.txt). The tables are made from the generated models.
func TestSameRows(t *testing.T) {
	for _, backend := range []string{testdb.Postgres, testdb.SQLite, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			db, dsn := testdb.OpenWithDSN(t, backend)
			eng, err := engine.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { eng.Close() })
			if err := orm.CreateAll(t.Context(), eng, chinookdb.MappedTables...); err != nil {
				t.Fatal(err)
			}
			testdb.LoadChinookData(t, db)
			var rows string
			err = orm.NewSessionFactory(eng).Transaction(t.Context(), func(s *orm.Session) error {
				var err error
				rows, err = printGenerated(t.Context(), s)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			digest := fmt.Sprintf("sha256 %x\nlines %d\n", sha256.Sum256([]byte(rows)), strings.Count(rows, "\n"))
			want, err := os.ReadFile("testdata/rows.txt")
			if err != nil {
				t.Fatal(err)
			}
			if digest != string(want) {
				path := filepath.Join(os.TempDir(), "retort-chinookdb-rows-"+backend+".txt")
				_ = os.WriteFile(path, []byte(rows), 0o644)
				t.Errorf("the rows (printed to %s) give\n%swant\n%s", path, digest, want)
			}
		})
	}
}

// printGenerated is internal/introspect's printHandWritten through the
// generated models, whose relationships have the generated names (Parent
// and Children for the employees' manager and reports, InvoiceLines).
func printGenerated(ctx context.Context, s *orm.Session) (string, error) {
	var b strings.Builder
	artists, err := orm.All(ctx, s, orm.Select[chinookdb.Artist]().OrderBy(chinookdb.Artists.ArtistID.Asc()).Options(
		orm.SelectInLoad(chinookdb.Artists.Albums).SelectInLoad(chinookdb.Albums.Tracks).SelectInLoad(chinookdb.Tracks.MediaType),
		orm.SelectInLoad(chinookdb.Artists.Albums).SelectInLoad(chinookdb.Albums.Tracks).SelectInLoad(chinookdb.Tracks.Genre)))
	if err != nil {
		return "", err
	}
	for _, a := range artists {
		fmt.Fprintf(&b, "artist %d %s\n", a.ArtistID, str(a.Name))
		for _, al := range sorted(a.Albums, func(x *chinookdb.Album) int32 { return x.AlbumID }) {
			fmt.Fprintf(&b, " album %d %s\n", al.AlbumID, al.Title)
			for _, tr := range sorted(al.Tracks, func(x *chinookdb.Track) int32 { return x.TrackID }) {
				fmt.Fprintf(&b, "  track %d %s %s %s %d %s %.2f %s %s\n", tr.TrackID, tr.Name, str(tr.Composer), str(tr.AlbumID),
					tr.Milliseconds, str(tr.Bytes), tr.UnitPrice, str(tr.MediaType.Name), str(tr.Genre.Name))
			}
		}
	}
	emps, err := orm.All(ctx, s, orm.Select[chinookdb.Employee]().OrderBy(chinookdb.Employees.EmployeeID.Asc()).Options(
		orm.SelectInLoad(chinookdb.Employees.Parent), orm.SelectInLoad(chinookdb.Employees.Children)))
	if err != nil {
		return "", err
	}
	for _, e := range emps {
		manager := "-"
		if e.Parent != nil {
			manager = e.Parent.LastName
		}
		fmt.Fprintf(&b, "employee %d %s %s %s %s %s %s reports to %s:", e.EmployeeID, e.FirstName, e.LastName, str(e.Title),
			str(e.BirthDate), str(e.HireDate), str(e.Email), manager)
		for _, r := range sorted(e.Children, func(x *chinookdb.Employee) int32 { return x.EmployeeID }) {
			fmt.Fprintf(&b, " %d", r.EmployeeID)
		}
		b.WriteString("\n")
	}
	customers, err := orm.All(ctx, s, orm.Select[chinookdb.Customer]().OrderBy(chinookdb.Customers.CustomerID.Asc()).Options(
		orm.SelectInLoad(chinookdb.Customers.SupportRep), orm.SelectInLoad(chinookdb.Customers.Invoices).SelectInLoad(chinookdb.Invoices.InvoiceLines)))
	if err != nil {
		return "", err
	}
	for _, c := range customers {
		fmt.Fprintf(&b, "customer %d %s %s %s %s %s\n", c.CustomerID, c.FirstName, c.LastName, str(c.Company), c.Email, c.SupportRep.LastName)
		for _, inv := range sorted(c.Invoices, func(x *chinookdb.Invoice) int32 { return x.InvoiceID }) {
			fmt.Fprintf(&b, " invoice %d %s %s %.2f\n", inv.InvoiceID, inv.InvoiceDate.UTC(), str(inv.BillingCity), inv.Total)
			for _, l := range sorted(inv.InvoiceLines, func(x *chinookdb.InvoiceLine) int32 { return x.InvoiceLineID }) {
				fmt.Fprintf(&b, "  line %d %d %.2f %d\n", l.InvoiceLineID, l.TrackID, l.UnitPrice, l.Quantity)
			}
		}
	}
	playlists, err := orm.All(ctx, s, orm.Select[chinookdb.Playlist]().OrderBy(chinookdb.Playlists.PlaylistID.Asc()).Options(
		orm.SelectInLoad(chinookdb.Playlists.Tracks)))
	if err != nil {
		return "", err
	}
	for _, p := range playlists {
		fmt.Fprintf(&b, "playlist %d %s:", p.PlaylistID, str(p.Name))
		for _, tr := range sorted(p.Tracks, func(x *chinookdb.Track) int32 { return x.TrackID }) {
			fmt.Fprintf(&b, " %d", tr.TrackID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// sorted returns objs by key: the print does not depend on the order
// collections load in.
func sorted[T any](objs []*T, key func(*T) int32) []*T {
	return slices.SortedFunc(slices.Values(objs), func(x, y *T) int { return cmp.Compare(key(x), key(y)) })
}

// str prints a nullable value, or NULL.
func str[T any](v *T) string {
	if v == nil {
		return "NULL"
	}
	return fmt.Sprint(*v)
}
