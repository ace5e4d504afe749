// Package chinookdb maps the tables of a database. retort gen -from-db wrote
// this file from the database's schema; it is the package's source now,
// to edit as any other.
package chinookdb

import (
	"time"

	"github.com/shopspring/decimal"
)

//go:generate go run ../../../cmd/retort gen

// Album maps the table album.
type Album struct {
	AlbumID  int32    `retort:"pk"`
	Title    string   `retort:"type:varchar(160)"`
	ArtistID int32    `retort:"references:artist.artist_id; index"`
	Artist   *Artist  `retort:"back:Albums"`
	Tracks   []*Track `retort:"back:Album"`
}

// Artist maps the table artist.
type Artist struct {
	ArtistID int32    `retort:"pk"`
	Name     *string  `retort:"type:varchar(120)"`
	Albums   []*Album `retort:"back:Artist"`
}

// Customer maps the table customer.
type Customer struct {
	CustomerID   int32      `retort:"pk"`
	FirstName    string     `retort:"type:varchar(40)"`
	LastName     string     `retort:"type:varchar(20)"`
	Company      *string    `retort:"type:varchar(80)"`
	Address      *string    `retort:"type:varchar(70)"`
	City         *string    `retort:"type:varchar(40)"`
	State        *string    `retort:"type:varchar(40)"`
	Country      *string    `retort:"type:varchar(40)"`
	PostalCode   *string    `retort:"type:varchar(10)"`
	Phone        *string    `retort:"type:varchar(24)"`
	Fax          *string    `retort:"type:varchar(24)"`
	Email        string     `retort:"type:varchar(60)"`
	SupportRepID *int32     `retort:"references:employee.employee_id; index"`
	SupportRep   *Employee  `retort:"back:Customers"`
	Invoices     []*Invoice `retort:"back:Customer"`
}

// Employee maps the table employee.
type Employee struct {
	EmployeeID int32   `retort:"pk"`
	LastName   string  `retort:"type:varchar(20)"`
	FirstName  string  `retort:"type:varchar(20)"`
	Title      *string `retort:"type:varchar(30)"`
	ReportsTo  *int32  `retort:"references:employee.employee_id; index"`
	BirthDate  *time.Time
	HireDate   *time.Time
	Address    *string     `retort:"type:varchar(70)"`
	City       *string     `retort:"type:varchar(40)"`
	State      *string     `retort:"type:varchar(40)"`
	Country    *string     `retort:"type:varchar(40)"`
	PostalCode *string     `retort:"type:varchar(10)"`
	Phone      *string     `retort:"type:varchar(24)"`
	Fax        *string     `retort:"type:varchar(24)"`
	Email      *string     `retort:"type:varchar(60)"`
	Parent     *Employee   `retort:"back:Children"`
	Customers  []*Customer `retort:"back:SupportRep"`
	Children   []*Employee `retort:"back:Parent"`
}

// Genre maps the table genre.
type Genre struct {
	GenreID int32    `retort:"pk"`
	Name    *string  `retort:"type:varchar(120)"`
	Tracks  []*Track `retort:"back:Genre"`
}

// Invoice maps the table invoice.
type Invoice struct {
	InvoiceID         int32 `retort:"pk"`
	CustomerID        int32 `retort:"references:customer.customer_id; index"`
	InvoiceDate       time.Time
	BillingAddress    *string         `retort:"type:varchar(70)"`
	BillingCity       *string         `retort:"type:varchar(40)"`
	BillingState      *string         `retort:"type:varchar(40)"`
	BillingCountry    *string         `retort:"type:varchar(40)"`
	BillingPostalCode *string         `retort:"type:varchar(10)"`
	Total             decimal.Decimal `retort:"type:numeric(10, 2)"`
	Customer          *Customer       `retort:"back:Invoices"`
	InvoiceLines      []*InvoiceLine  `retort:"back:Invoice"`
}

// InvoiceLine maps the table invoice_line.
type InvoiceLine struct {
	InvoiceLineID int32           `retort:"pk"`
	InvoiceID     int32           `retort:"references:invoice.invoice_id; index"`
	TrackID       int32           `retort:"references:track.track_id; index"`
	UnitPrice     decimal.Decimal `retort:"type:numeric(10, 2)"`
	Quantity      int32
	Invoice       *Invoice `retort:"back:InvoiceLines"`
	Track         *Track   `retort:"back:InvoiceLines"`
}

// MediaType maps the table media_type.
type MediaType struct {
	MediaTypeID int32    `retort:"pk"`
	Name        *string  `retort:"type:varchar(120)"`
	Tracks      []*Track `retort:"back:MediaType"`
}

// Playlist maps the table playlist.
type Playlist struct {
	PlaylistID int32    `retort:"pk"`
	Name       *string  `retort:"type:varchar(120)"`
	Tracks     []*Track `retort:"secondary:playlist_track; back:Playlists"`
}

// PlaylistTrack maps the association table playlist_track.
type PlaylistTrack struct {
	PlaylistID int32 `retort:"pk; references:playlist.playlist_id; index"`
	TrackID    int32 `retort:"pk; references:track.track_id; index"`
}

// Track maps the table track.
type Track struct {
	TrackID      int32   `retort:"pk"`
	Name         string  `retort:"type:varchar(200)"`
	AlbumID      *int32  `retort:"references:album.album_id; index"`
	MediaTypeID  int32   `retort:"references:media_type.media_type_id; index"`
	GenreID      *int32  `retort:"references:genre.genre_id; index"`
	Composer     *string `retort:"type:varchar(220)"`
	Milliseconds int32
	Bytes        *int32
	UnitPrice    decimal.Decimal `retort:"type:numeric(10, 2)"`
	Album        *Album          `retort:"back:Tracks"`
	MediaType    *MediaType      `retort:"back:Tracks"`
	Genre        *Genre          `retort:"back:Tracks"`
	InvoiceLines []*InvoiceLine  `retort:"back:Track"`
	Playlists    []*Playlist     `retort:"secondary:playlist_track; back:Tracks"`
}
