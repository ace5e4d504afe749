package introspect_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/internal/testdb/rowdigest"
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
	rowdigest.Check(t, rowdigest.Sample{Name: "chinook", Tables: chinook.MappedTables, Load: testdb.LoadChinookData, Print: printHandWritten, Digest: rowsDigest, Update: *update})
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
		fmt.Fprintf(&b, "artist %d %s\n", a.ArtistID, rowdigest.Str(a.Name))
		for _, al := range rowdigest.Sorted(a.Albums, func(x *chinook.Album) int32 { return x.AlbumID }) {
			fmt.Fprintf(&b, " album %d %s\n", al.AlbumID, al.Title)
			for _, tr := range rowdigest.Sorted(al.Tracks, func(x *chinook.Track) int32 { return x.TrackID }) {
				fmt.Fprintf(&b, "  track %d %s %s %s %d %s %.2f %s %s\n", tr.TrackID, tr.Name, rowdigest.Str(tr.Composer), rowdigest.Str(tr.AlbumID),
					tr.Milliseconds, rowdigest.Str(tr.Bytes), tr.UnitPrice, rowdigest.Str(tr.MediaType.Name), rowdigest.Str(tr.Genre.Name))
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
		fmt.Fprintf(&b, "employee %d %s %s %s %s %s %s reports to %s:", e.EmployeeID, e.FirstName, e.LastName, rowdigest.Str(e.Title),
			rowdigest.Str(e.BirthDate), rowdigest.Str(e.HireDate), rowdigest.Str(e.Email), manager)
		for _, r := range rowdigest.Sorted(e.Reports, func(x *chinook.Employee) int32 { return x.EmployeeID }) {
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
		fmt.Fprintf(&b, "customer %d %s %s %s %s %s\n", c.CustomerID, c.FirstName, c.LastName, rowdigest.Str(c.Company), c.Email, c.SupportRep.LastName)
		for _, inv := range rowdigest.Sorted(c.Invoices, func(x *chinook.Invoice) int32 { return x.InvoiceID }) {
			fmt.Fprintf(&b, " invoice %d %s %s %.2f\n", inv.InvoiceID, inv.InvoiceDate.UTC(), rowdigest.Str(inv.BillingCity), inv.Total)
			for _, l := range rowdigest.Sorted(inv.Lines, func(x *chinook.InvoiceLine) int32 { return x.InvoiceLineID }) {
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
		fmt.Fprintf(&b, "playlist %d %s:", p.PlaylistID, rowdigest.Str(p.Name))
		for _, tr := range rowdigest.Sorted(p.Tracks, func(x *chinook.Track) int32 { return x.TrackID }) {
			fmt.Fprintf(&b, " %d", tr.TrackID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
