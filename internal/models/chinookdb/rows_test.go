package chinookdb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	_ "github.com/retortdb/retort/engine/mysql"
	_ "github.com/retortdb/retort/engine/pgx"
	_ "github.com/retortdb/retort/engine/sqlite"
	"github.com/retortdb/retort/internal/models/chinookdb"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/internal/testdb/rowdigest"
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
	rowdigest.Check(t, rowdigest.Sample{Name: "chinookdb", Tables: chinookdb.MappedTables, Load: testdb.LoadChinookData, Print: printGenerated, Digest: "testdata/rows.txt"})
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
		fmt.Fprintf(&b, "artist %d %s\n", a.ArtistID, rowdigest.Str(a.Name))
		for _, al := range rowdigest.Sorted(a.Albums, func(x *chinookdb.Album) int32 { return x.AlbumID }) {
			fmt.Fprintf(&b, " album %d %s\n", al.AlbumID, al.Title)
			for _, tr := range rowdigest.Sorted(al.Tracks, func(x *chinookdb.Track) int32 { return x.TrackID }) {
				fmt.Fprintf(&b, "  track %d %s %s %s %d %s %.2f %s %s\n", tr.TrackID, tr.Name, rowdigest.Str(tr.Composer), rowdigest.Str(tr.AlbumID),
					tr.Milliseconds, rowdigest.Str(tr.Bytes), tr.UnitPrice, rowdigest.Str(tr.MediaType.Name), rowdigest.Str(tr.Genre.Name))
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
		fmt.Fprintf(&b, "employee %d %s %s %s %s %s %s reports to %s:", e.EmployeeID, e.FirstName, e.LastName, rowdigest.Str(e.Title),
			rowdigest.Str(e.BirthDate), rowdigest.Str(e.HireDate), rowdigest.Str(e.Email), manager)
		for _, r := range rowdigest.Sorted(e.Children, func(x *chinookdb.Employee) int32 { return x.EmployeeID }) {
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
		fmt.Fprintf(&b, "customer %d %s %s %s %s %s\n", c.CustomerID, c.FirstName, c.LastName, rowdigest.Str(c.Company), c.Email, c.SupportRep.LastName)
		for _, inv := range rowdigest.Sorted(c.Invoices, func(x *chinookdb.Invoice) int32 { return x.InvoiceID }) {
			fmt.Fprintf(&b, " invoice %d %s %s %.2f\n", inv.InvoiceID, inv.InvoiceDate.UTC(), rowdigest.Str(inv.BillingCity), inv.Total)
			for _, l := range rowdigest.Sorted(inv.InvoiceLines, func(x *chinookdb.InvoiceLine) int32 { return x.InvoiceLineID }) {
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
		fmt.Fprintf(&b, "playlist %d %s:", p.PlaylistID, rowdigest.Str(p.Name))
		for _, tr := range rowdigest.Sorted(p.Tracks, func(x *chinookdb.Track) int32 { return x.TrackID }) {
			fmt.Fprintf(&b, " %d", tr.TrackID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
