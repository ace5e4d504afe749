// internal/chinook/chinook.go

// Package chinook defines the Chinook sample database's tables with core, for
// tests, examples and benchmarks. The schema and data are in
// internal/testdb/testdata/chinook; the foreign keys, which the portable
// schema file leaves out, are declared here.
package chinook

import (
	"time"

	"github.com/retortdb/retort/core"
)

// Artist is the artist table.
var Artist = func() (t struct {
	*core.Table
	ArtistID core.Column[int64]
	Name     core.Column[string]
}) {
	t.Table = core.NewTable("artist")
	t.ArtistID = core.NewColumn[int64](t.Table, "artist_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.Name = core.NewColumn[string](t.Table, "name", core.Nullable(), core.SQLType(core.Varchar(120)))
	return t
}()

// Album is the album table.
var Album = func() (t struct {
	*core.Table
	AlbumID  core.Column[int64]
	Title    core.Column[string]
	ArtistID core.Column[int64]
}) {
	t.Table = core.NewTable("album")
	t.AlbumID = core.NewColumn[int64](t.Table, "album_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.Title = core.NewColumn[string](t.Table, "title", core.SQLType(core.Varchar(160)))
	t.ArtistID = core.NewColumn[int64](t.Table, "artist_id", core.SQLType(core.Integer),
		core.References(Artist.ArtistID), core.Indexed())
	return t
}()

// Genre is the genre table.
var Genre = func() (t struct {
	*core.Table
	GenreID core.Column[int64]
	Name    core.Column[string]
}) {
	t.Table = core.NewTable("genre")
	t.GenreID = core.NewColumn[int64](t.Table, "genre_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.Name = core.NewColumn[string](t.Table, "name", core.Nullable(), core.SQLType(core.Varchar(120)))
	return t
}()

// MediaType is the media_type table.
var MediaType = func() (t struct {
	*core.Table
	MediaTypeID core.Column[int64]
	Name        core.Column[string]
}) {
	t.Table = core.NewTable("media_type")
	t.MediaTypeID = core.NewColumn[int64](t.Table, "media_type_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.Name = core.NewColumn[string](t.Table, "name", core.Nullable(), core.SQLType(core.Varchar(120)))
	return t
}()

// Track is the track table.
var Track = func() (t struct {
	*core.Table
	TrackID      core.Column[int64]
	Name         core.Column[string]
	AlbumID      core.Column[int64]
	MediaTypeID  core.Column[int64]
	GenreID      core.Column[int64]
	Composer     core.Column[string]
	Milliseconds core.Column[int64]
	Bytes        core.Column[int64]
	UnitPrice    core.Column[float64]
}) {
	t.Table = core.NewTable("track")
	t.TrackID = core.NewColumn[int64](t.Table, "track_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.Name = core.NewColumn[string](t.Table, "name", core.SQLType(core.Varchar(200)))
	t.AlbumID = core.NewColumn[int64](t.Table, "album_id", core.Nullable(), core.SQLType(core.Integer),
		core.References(Album.AlbumID), core.Indexed())
	t.MediaTypeID = core.NewColumn[int64](t.Table, "media_type_id", core.SQLType(core.Integer),
		core.References(MediaType.MediaTypeID), core.Indexed())
	t.GenreID = core.NewColumn[int64](t.Table, "genre_id", core.Nullable(), core.SQLType(core.Integer),
		core.References(Genre.GenreID), core.Indexed())
	t.Composer = core.NewColumn[string](t.Table, "composer", core.Nullable(), core.SQLType(core.Varchar(220)))
	t.Milliseconds = core.NewColumn[int64](t.Table, "milliseconds", core.SQLType(core.Integer))
	t.Bytes = core.NewColumn[int64](t.Table, "bytes", core.Nullable(), core.SQLType(core.Integer))
	t.UnitPrice = core.NewColumn[float64](t.Table, "unit_price", core.SQLType(core.Numeric(10, 2)))
	return t
}()

// Playlist is the playlist table.
var Playlist = func() (t struct {
	*core.Table
	PlaylistID core.Column[int64]
	Name       core.Column[string]
}) {
	t.Table = core.NewTable("playlist")
	t.PlaylistID = core.NewColumn[int64](t.Table, "playlist_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.Name = core.NewColumn[string](t.Table, "name", core.Nullable(), core.SQLType(core.Varchar(120)))
	return t
}()

// PlaylistTrack is the playlist_track table: the many-to-many between
// playlists and tracks, with a composite primary key.
var PlaylistTrack = func() (t struct {
	*core.Table
	PlaylistID core.Column[int64]
	TrackID    core.Column[int64]
}) {
	t.Table = core.NewTable("playlist_track")
	t.PlaylistID = core.NewColumn[int64](t.Table, "playlist_id", core.PrimaryKey(), core.SQLType(core.Integer),
		core.References(Playlist.PlaylistID), core.Indexed())
	t.TrackID = core.NewColumn[int64](t.Table, "track_id", core.PrimaryKey(), core.SQLType(core.Integer),
		core.References(Track.TrackID), core.Indexed())
	return t
}()

// Employee is the employee table; reports_to makes it a tree.
var Employee = func() (t struct {
	*core.Table
	EmployeeID core.Column[int64]
	LastName   core.Column[string]
	FirstName  core.Column[string]
	Title      core.Column[string]
	ReportsTo  core.Column[int64]
	BirthDate  core.Column[time.Time]
	HireDate   core.Column[time.Time]
	Address    core.Column[string]
	City       core.Column[string]
	State      core.Column[string]
	Country    core.Column[string]
	PostalCode core.Column[string]
	Phone      core.Column[string]
	Fax        core.Column[string]
	Email      core.Column[string]
}) {
	t.Table = core.NewTable("employee")
	t.EmployeeID = core.NewColumn[int64](t.Table, "employee_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.LastName = core.NewColumn[string](t.Table, "last_name", core.SQLType(core.Varchar(20)))
	t.FirstName = core.NewColumn[string](t.Table, "first_name", core.SQLType(core.Varchar(20)))
	t.Title = core.NewColumn[string](t.Table, "title", core.Nullable(), core.SQLType(core.Varchar(30)))
	t.ReportsTo = core.NewColumn[int64](t.Table, "reports_to", core.Nullable(), core.SQLType(core.Integer), core.Indexed())
	t.Table.AddForeignKey([]core.Expression{t.ReportsTo}, []core.Expression{t.EmployeeID})
	t.BirthDate = core.NewColumn[time.Time](t.Table, "birth_date", core.Nullable())
	t.HireDate = core.NewColumn[time.Time](t.Table, "hire_date", core.Nullable())
	t.Address = core.NewColumn[string](t.Table, "address", core.Nullable(), core.SQLType(core.Varchar(70)))
	t.City = core.NewColumn[string](t.Table, "city", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.State = core.NewColumn[string](t.Table, "state", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.Country = core.NewColumn[string](t.Table, "country", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.PostalCode = core.NewColumn[string](t.Table, "postal_code", core.Nullable(), core.SQLType(core.Varchar(10)))
	t.Phone = core.NewColumn[string](t.Table, "phone", core.Nullable(), core.SQLType(core.Varchar(24)))
	t.Fax = core.NewColumn[string](t.Table, "fax", core.Nullable(), core.SQLType(core.Varchar(24)))
	t.Email = core.NewColumn[string](t.Table, "email", core.Nullable(), core.SQLType(core.Varchar(60)))
	return t
}()

// Customer is the customer table.
var Customer = func() (t struct {
	*core.Table
	CustomerID   core.Column[int64]
	FirstName    core.Column[string]
	LastName     core.Column[string]
	Company      core.Column[string]
	Address      core.Column[string]
	City         core.Column[string]
	State        core.Column[string]
	Country      core.Column[string]
	PostalCode   core.Column[string]
	Phone        core.Column[string]
	Fax          core.Column[string]
	Email        core.Column[string]
	SupportRepID core.Column[int64]
}) {
	t.Table = core.NewTable("customer")
	t.CustomerID = core.NewColumn[int64](t.Table, "customer_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.FirstName = core.NewColumn[string](t.Table, "first_name", core.SQLType(core.Varchar(40)))
	t.LastName = core.NewColumn[string](t.Table, "last_name", core.SQLType(core.Varchar(20)))
	t.Company = core.NewColumn[string](t.Table, "company", core.Nullable(), core.SQLType(core.Varchar(80)))
	t.Address = core.NewColumn[string](t.Table, "address", core.Nullable(), core.SQLType(core.Varchar(70)))
	t.City = core.NewColumn[string](t.Table, "city", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.State = core.NewColumn[string](t.Table, "state", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.Country = core.NewColumn[string](t.Table, "country", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.PostalCode = core.NewColumn[string](t.Table, "postal_code", core.Nullable(), core.SQLType(core.Varchar(10)))
	t.Phone = core.NewColumn[string](t.Table, "phone", core.Nullable(), core.SQLType(core.Varchar(24)))
	t.Fax = core.NewColumn[string](t.Table, "fax", core.Nullable(), core.SQLType(core.Varchar(24)))
	t.Email = core.NewColumn[string](t.Table, "email", core.SQLType(core.Varchar(60)))
	t.SupportRepID = core.NewColumn[int64](t.Table, "support_rep_id", core.Nullable(), core.SQLType(core.Integer),
		core.References(Employee.EmployeeID), core.Indexed())
	return t
}()

// Invoice is the invoice table.
var Invoice = func() (t struct {
	*core.Table
	InvoiceID         core.Column[int64]
	CustomerID        core.Column[int64]
	InvoiceDate       core.Column[time.Time]
	BillingAddress    core.Column[string]
	BillingCity       core.Column[string]
	BillingState      core.Column[string]
	BillingCountry    core.Column[string]
	BillingPostalCode core.Column[string]
	Total             core.Column[float64]
}) {
	t.Table = core.NewTable("invoice")
	t.InvoiceID = core.NewColumn[int64](t.Table, "invoice_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.CustomerID = core.NewColumn[int64](t.Table, "customer_id", core.SQLType(core.Integer),
		core.References(Customer.CustomerID), core.Indexed())
	t.InvoiceDate = core.NewColumn[time.Time](t.Table, "invoice_date")
	t.BillingAddress = core.NewColumn[string](t.Table, "billing_address", core.Nullable(), core.SQLType(core.Varchar(70)))
	t.BillingCity = core.NewColumn[string](t.Table, "billing_city", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.BillingState = core.NewColumn[string](t.Table, "billing_state", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.BillingCountry = core.NewColumn[string](t.Table, "billing_country", core.Nullable(), core.SQLType(core.Varchar(40)))
	t.BillingPostalCode = core.NewColumn[string](t.Table, "billing_postal_code", core.Nullable(), core.SQLType(core.Varchar(10)))
	t.Total = core.NewColumn[float64](t.Table, "total", core.SQLType(core.Numeric(10, 2)))
	return t
}()

// InvoiceLine is the invoice_line table.
var InvoiceLine = func() (t struct {
	*core.Table
	InvoiceLineID core.Column[int64]
	InvoiceID     core.Column[int64]
	TrackID       core.Column[int64]
	UnitPrice     core.Column[float64]
	Quantity      core.Column[int64]
}) {
	t.Table = core.NewTable("invoice_line")
	t.InvoiceLineID = core.NewColumn[int64](t.Table, "invoice_line_id", core.PrimaryKey(), core.SQLType(core.Integer))
	t.InvoiceID = core.NewColumn[int64](t.Table, "invoice_id", core.SQLType(core.Integer),
		core.References(Invoice.InvoiceID), core.Indexed())
	t.TrackID = core.NewColumn[int64](t.Table, "track_id", core.SQLType(core.Integer),
		core.References(Track.TrackID), core.Indexed())
	t.UnitPrice = core.NewColumn[float64](t.Table, "unit_price", core.SQLType(core.Numeric(10, 2)))
	t.Quantity = core.NewColumn[int64](t.Table, "quantity", core.SQLType(core.Integer))
	return t
}()

// Tables lists every Chinook table, parents before children.
func Tables() []*core.Table {
	return []*core.Table{Artist.Table, Album.Table, Genre.Table, MediaType.Table, Track.Table, Playlist.Table,
		PlaylistTrack.Table, Employee.Table, Customer.Table, Invoice.Table, InvoiceLine.Table}
}
