package introspect_test

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
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// rowsDigest holds the digest and length of Chinook's rows as
// printHandWritten prints them: chinookdb's TestSameRows checks that the
// generated models print the same. (The two packages map the same tables,
// so one test binary cannot load both.) -update rewrites it.
const rowsDigest = "../models/chinookdb/testdata/rows.txt"

// TestSameRows: on each backend, Chinook's rows loaded through the
// hand-written models print as rowsDigest says: artists with their albums
// and tracks (with each track's media type and genre), employees with
// their manager and reports, customers with their support representative,
// invoices and lines, and playlists with their tracks through the
// many-to-many. internal/models/chinookdb's TestSameRows prints them
// through the generated models and checks the same digest.
func TestSameRows(t *testing.T) {
	for _, backend := range []string{testdb.Postgres, testdb.SQLite, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			db, dsn := testdb.OpenWithDSN(t, backend)
			eng, err := engine.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { eng.Close() })
			if err := orm.CreateAll(t.Context(), eng, chinook.MappedTables...); err != nil {
				t.Fatal(err)
			}
			testdb.LoadChinookData(t, db)
			var rows string
			err = orm.NewSessionFactory(eng).Transaction(t.Context(), func(s *orm.Session) error {
				var err error
				rows, err = printHandWritten(t.Context(), s)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			checkDigest(t, backend, rows, rowsDigest, "chinook")
		})
	}
}

// checkDigest compares the digest of rows with the file's, which -update
// rewrites from PostgreSQL's; when they differ, the rows go to a file of
// the temporary directory, named after what they are of.
func checkDigest(t *testing.T, backend, rows, file, of string) {
	t.Helper()
	digest := fmt.Sprintf("sha256 %x\nlines %d\n", sha256.Sum256([]byte(rows)), strings.Count(rows, "\n"))
	if *update && backend == testdb.Postgres {
		if err := os.WriteFile(file, []byte(digest), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if digest != string(want) {
		path := filepath.Join(os.TempDir(), "retort-"+of+"-rows-"+backend+".txt")
		_ = os.WriteFile(path, []byte(rows), 0o644)
		t.Errorf("the rows (printed to %s) give\n%swant\n%s", path, digest, want)
	}
}

func printHandWritten(ctx context.Context, s *orm.Session) (string, error) {
	var b strings.Builder
	artists, err := orm.All(ctx, s, orm.Select[chinook.Artist]().OrderBy(chinook.Artists.ArtistID.Asc()).Options(
		orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.MediaType),
		orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks).SelectInLoad(chinook.Tracks.Genre)))
	if err != nil {
		return "", err
	}
	for _, a := range artists {
		fmt.Fprintf(&b, "artist %d %s\n", a.ArtistID, str(a.Name))
		for _, al := range sorted(a.Albums, func(x *chinook.Album) int32 { return x.AlbumID }) {
			fmt.Fprintf(&b, " album %d %s\n", al.AlbumID, al.Title)
			for _, tr := range sorted(al.Tracks, func(x *chinook.Track) int32 { return x.TrackID }) {
				fmt.Fprintf(&b, "  track %d %s %s %s %d %s %.2f %s %s\n", tr.TrackID, tr.Name, str(tr.Composer), str(tr.AlbumID),
					tr.Milliseconds, str(tr.Bytes), tr.UnitPrice, str(tr.MediaType.Name), str(tr.Genre.Name))
			}
		}
	}
	emps, err := orm.All(ctx, s, orm.Select[chinook.Employee]().OrderBy(chinook.Employees.EmployeeID.Asc()).Options(
		orm.SelectInLoad(chinook.Employees.Manager), orm.SelectInLoad(chinook.Employees.Reports)))
	if err != nil {
		return "", err
	}
	for _, e := range emps {
		manager := "-"
		if e.Manager != nil {
			manager = e.Manager.LastName
		}
		fmt.Fprintf(&b, "employee %d %s %s %s %s %s %s reports to %s:", e.EmployeeID, e.FirstName, e.LastName, str(e.Title),
			str(e.BirthDate), str(e.HireDate), str(e.Email), manager)
		for _, r := range sorted(e.Reports, func(x *chinook.Employee) int32 { return x.EmployeeID }) {
			fmt.Fprintf(&b, " %d", r.EmployeeID)
		}
		b.WriteString("\n")
	}
	customers, err := orm.All(ctx, s, orm.Select[chinook.Customer]().OrderBy(chinook.Customers.CustomerID.Asc()).Options(
		orm.SelectInLoad(chinook.Customers.SupportRep), orm.SelectInLoad(chinook.Customers.Invoices).SelectInLoad(chinook.Invoices.Lines)))
	if err != nil {
		return "", err
	}
	for _, c := range customers {
		fmt.Fprintf(&b, "customer %d %s %s %s %s %s\n", c.CustomerID, c.FirstName, c.LastName, str(c.Company), c.Email, c.SupportRep.LastName)
		for _, inv := range sorted(c.Invoices, func(x *chinook.Invoice) int32 { return x.InvoiceID }) {
			fmt.Fprintf(&b, " invoice %d %s %s %.2f\n", inv.InvoiceID, inv.InvoiceDate.UTC(), str(inv.BillingCity), inv.Total)
			for _, l := range sorted(inv.Lines, func(x *chinook.InvoiceLine) int32 { return x.InvoiceLineID }) {
				fmt.Fprintf(&b, "  line %d %d %.2f %d\n", l.InvoiceLineID, l.TrackID, l.UnitPrice, l.Quantity)
			}
		}
	}
	playlists, err := orm.All(ctx, s, orm.Select[chinook.Playlist]().OrderBy(chinook.Playlists.PlaylistID.Asc()).Options(
		orm.SelectInLoad(chinook.Playlists.Tracks)))
	if err != nil {
		return "", err
	}
	for _, p := range playlists {
		fmt.Fprintf(&b, "playlist %d %s:", p.PlaylistID, str(p.Name))
		for _, tr := range sorted(p.Tracks, func(x *chinook.Track) int32 { return x.TrackID }) {
			fmt.Fprintf(&b, " %d", tr.TrackID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// sorted returns objs by key: the print does not depend on the order
// each model's collections load in.
func sorted[T any, K cmp.Ordered](objs []*T, key func(*T) K) []*T {
	return slices.SortedFunc(slices.Values(objs), func(x, y *T) int { return cmp.Compare(key(x), key(y)) })
}

// str prints a nullable value, or NULL.
func str[T any](v *T) string {
	if v == nil {
		return "NULL"
	}
	return fmt.Sprint(*v)
}
