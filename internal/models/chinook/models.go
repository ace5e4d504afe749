// internal/models/chinook/models.go

// Package chinook maps the Chinook sample database's eleven tables with
// tagged structs, for the ORM's tests, examples and benchmarks. The
// descriptors in retort_gen.go are written by retort gen from these
// structs; the schema and data are in internal/testdb/testdata/chinook.
package chinook

import "time"

//go:generate go run ../../../cmd/retort gen

// Artist is a recording artist.
type Artist struct {
	ArtistID int32    `retort:"pk"`
	Name     *string  `retort:"type:varchar(120)"`
	Albums   []*Album `retort:"back:Artist; order_by:title; cascade:all"`
}

// Album is an album of tracks by one artist.
type Album struct {
	AlbumID  int32    `retort:"pk"`
	Title    string   `retort:"type:varchar(160)"`
	ArtistID int32    `retort:"references:artist.artist_id; index"`
	Artist   *Artist  `retort:"back:Albums"`
	Tracks   []*Track `retort:"back:Album; cascade:all"`
}

// Genre is a musical genre.
type Genre struct {
	GenreID int32   `retort:"pk"`
	Name    *string `retort:"type:varchar(120)"`
}

// MediaType is a track's file format.
type MediaType struct {
	MediaTypeID int32   `retort:"pk"`
	Name        *string `retort:"type:varchar(120)"`
}

// Track is a track of an album.
type Track struct {
	TrackID      int32   `retort:"pk"`
	Name         string  `retort:"type:varchar(200)"`
	AlbumID      *int32  `retort:"references:album.album_id; index"`
	MediaTypeID  int32   `retort:"references:media_type.media_type_id; index"`
	GenreID      *int32  `retort:"references:genre.genre_id; index"`
	Composer     *string `retort:"type:varchar(220)"`
	Milliseconds int32
	Bytes        *int32
	UnitPrice    float64 `retort:"type:numeric(10, 2)"`
	Album        *Album  `retort:"back:Tracks"`
	MediaType    *MediaType
	Genre        *Genre
	Playlists    []*Playlist `retort:"secondary:playlist_track; back:Tracks"`
}

// Playlist is a named list of tracks.
type Playlist struct {
	PlaylistID int32    `retort:"pk"`
	Name       *string  `retort:"type:varchar(120)"`
	Tracks     []*Track `retort:"secondary:playlist_track; back:Playlists; order_by:track_id"`
}

// PlaylistTrack is the association of playlists and tracks.
type PlaylistTrack struct {
	PlaylistID int32 `retort:"pk; references:playlist.playlist_id; index"`
	TrackID    int32 `retort:"pk; references:track.track_id; index"`
}

// Employee is a member of staff; employees report to a manager.
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
	Manager    *Employee   `retort:"back:Reports"`
	Reports    []*Employee `retort:"back:Manager; order_by:employee_id"`
	Customers  []*Customer `retort:"back:SupportRep"`
}

// Customer is a customer, looked after by a support representative.
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
	Invoices     []*Invoice `retort:"back:Customer; order_by:invoice_date, invoice_id"`
}

// Invoice is a customer's purchase.
type Invoice struct {
	InvoiceID         int32 `retort:"pk"`
	CustomerID        int32 `retort:"references:customer.customer_id; index"`
	InvoiceDate       time.Time
	BillingAddress    *string        `retort:"type:varchar(70)"`
	BillingCity       *string        `retort:"type:varchar(40)"`
	BillingState      *string        `retort:"type:varchar(40)"`
	BillingCountry    *string        `retort:"type:varchar(40)"`
	BillingPostalCode *string        `retort:"type:varchar(10)"`
	Total             float64        `retort:"type:numeric(10, 2)"`
	Customer          *Customer      `retort:"back:Invoices"`
	Lines             []*InvoiceLine `retort:"back:Invoice; cascade:all, delete-orphan"`
}

// InvoiceLine is one track bought on an invoice.
type InvoiceLine struct {
	InvoiceLineID int32   `retort:"pk"`
	InvoiceID     int32   `retort:"references:invoice.invoice_id; index"`
	TrackID       int32   `retort:"references:track.track_id; index"`
	UnitPrice     float64 `retort:"type:numeric(10, 2)"`
	Quantity      int32
	Invoice       *Invoice `retort:"back:Lines"`
	Track         *Track
}
