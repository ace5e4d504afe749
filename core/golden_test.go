package core_test

// Golden tests: every construct of the expression language compiled for
// every dialect, kept in testdata/golden/<case>.sql for a reviewer to read.
// Regenerate with
//
//	go test ./core/ -run TestGolden -update
//
// and read the diff: each file holds one statement as PostgreSQL, SQLite,
// MySQL and MariaDB receive it, with its arguments in placeholder order, or
// the error Compile returns where the database lacks the construct.

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/internal/chinook"
)

var goldenUpdate = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldenDir = "testdata/golden"

// goldenDialects are the dialects each case is compiled for, in file order.
var goldenDialects = []struct {
	name string
	d    *core.Dialect
}{
	{"postgres", postgres.Dialect},
	{"sqlite", sqlite.Dialect},
	{"mysql", mysql.MySQL},
	{"mariadb", mysql.MariaDB},
}

// Extra tables, beside Chinook's, for what Chinook lacks.

// gOrder is a table whose names need quoting: a reserved word as the table,
// reserved words as columns ("select" everywhere, "user" on PostgreSQL only,
// "rank" on MySQL only), mixed case, a double quote with a backtick, and
// unicode.
var gOrder = func() (t struct {
	*core.Table
	ID         core.Column[int64]
	Select     core.Column[string]
	User       core.Column[string]
	Rank       core.Column[int64]
	UserName   core.Column[string]
	Odd        core.Column[string]
	Prenom     core.Column[string]
	CustomerID core.Column[int64]
}) {
	t.Table = core.NewTable("order")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Select = core.NewColumn[string](t.Table, "select")
	t.User = core.NewColumn[string](t.Table, "user")
	t.Rank = core.NewColumn[int64](t.Table, "rank")
	t.UserName = core.NewColumn[string](t.Table, "UserName")
	t.Odd = core.NewColumn[string](t.Table, "say \"hi\" `now`")
	t.Prenom = core.NewColumn[string](t.Table, "prénom")
	// INTEGER like the referenced key: MySQL refuses a foreign key between
	// integers of different sizes.
	t.CustomerID = core.NewColumn[int64](t.Table, "customer_id", core.SQLType(core.Integer),
		core.References(chinook.Customer.CustomerID))
	return t
}()

// gLedger is a schema-qualified table (a mixed-case schema, so it is quoted)
// with a foreign key to gOrder.
var gLedger = func() (t struct {
	*core.Table
	ID      core.Column[int64]
	OrderID core.Column[int64]
	Amount  core.Column[float64]
}) {
	t.Table = core.NewTable("ledger", core.Schema("Billing"))
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.OrderID = core.NewColumn[int64](t.Table, "order_id", core.References(gOrder.ID))
	t.Amount = core.NewColumn[float64](t.Table, "amount", core.SQLType(core.Numeric(12, 2)))
	return t
}()

// gPayment holds exact amounts in a decimal column.
var gPayment = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	Payer  core.Column[string]
	Amount core.Column[decimal.Decimal]
}) {
	t.Table = core.NewTable("payment")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Payer = core.NewColumn[string](t.Table, "payer")
	t.Amount = core.NewColumn[decimal.Decimal](t.Table, "amount", core.SQLType(core.Numeric(12, 2)))
	return t
}()

// gLongNames has a 62-byte name and a 63-byte column, the longest
// PostgreSQL keeps: the names the compiler derives from them are longer.
var gLongNames = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	Amount core.Column[float64]
}) {
	t.Table = core.NewTable("adjustments_recorded_for_each_invoice_line_by_the_billing_runs")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Amount = core.NewColumn[float64](t.Table, "amount_in_the_customer_currency_before_any_discounts_or_tax_set")
	return t
}()

// gOddTable has a name with a space, a double quote and a backtick.
var gOddTable = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("Line \"Items` 2")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "名前")
	return t
}()

// gNote has a composite foreign key to playlist_track's composite key.
var gNote = func() (t struct {
	*core.Table
	NoteID     core.Column[int64]
	PlaylistID core.Column[int64]
	TrackID    core.Column[int64]
	Body       core.Column[string]
}) {
	t.Table = core.NewTable("playlist_track_note")
	t.NoteID = core.NewColumn[int64](t.Table, "note_id", core.PrimaryKey())
	t.PlaylistID = core.NewColumn[int64](t.Table, "playlist_id")
	t.TrackID = core.NewColumn[int64](t.Table, "track_id")
	t.Body = core.NewColumn[string](t.Table, "body")
	t.Table.AddForeignKey(
		[]core.Expression{t.PlaylistID, t.TrackID},
		[]core.Expression{chinook.PlaylistTrack.PlaylistID, chinook.PlaylistTrack.TrackID})
	return t
}()

// gTag has columns with Go-side defaults, which Insert fills in, and a
// unique name, the target of upserts.
var gTag = func() (t struct {
	*core.Table
	TagID  core.Column[int64]
	Name   core.Column[string]
	Source core.Column[string]
	Weight core.Column[int64]
}) {
	t.Table = core.NewTable("tag")
	t.TagID = core.NewColumn[int64](t.Table, "tag_id", core.PrimaryKey(), core.AutoIncrement())
	t.Name = core.NewColumn[string](t.Table, "name", core.Unique())
	t.Source = core.NewColumn[string](t.Table, "source", core.Default("manual"))
	t.Weight = core.NewColumn[int64](t.Table, "weight", core.Default(int64(1)))
	return t
}()

// Tables for the DDL cases: each shows what CREATE TABLE, CREATE INDEX and
// DROP TABLE write for some feature of a table definition.

// gShelf has a bit of everything but foreign keys: an auto-increment key,
// TEXT columns in keys (VARCHAR(255) on MySQL) and out of them (LONGTEXT),
// server defaults, a unique column, a named and an unnamed unique index, an
// indexed column, a named two-column index and two CHECK constraints.
// gDoc has a JSON column.
var gDoc = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Data core.Column[map[string]any]
}) {
	t.Table = core.NewTable("doc")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Data = core.NewColumn[map[string]any](t.Table, "data")
	return t
}()

// gPost has array columns.
var gPost = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	Tags   core.Column[[]string]
	Scores core.Column[[]int64]
}) {
	t.Table = core.NewTable("post")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Tags = core.NewColumn[[]string](t.Table, "tags")
	t.Scores = core.NewColumn[[]int64](t.Table, "scores")
	return t
}()

// gSignal has enum columns: a quote and a backslash among the values.
var (
	gSignalColour = core.Enum("signal_colour", "red", "amber", "green", `it's \ odd`)
	gSignal       = func() (t struct {
		*core.Table
		ID     core.Column[int64]
		Colour core.Column[string]
		Last   core.Column[*string]
	}) {
		t.Table = core.NewTable("signal")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
		t.Colour = core.NewColumn[string](t.Table, "colour", core.SQLType(gSignalColour), core.ServerDefault("'red'"))
		t.Last = core.NewColumn[*string](t.Table, "last", core.SQLType(gSignalColour), core.Nullable())
		return t
	}()
)

// gTask has integer enum columns: an int from iota (BIGINT), an int8
// from iota + 1 (SMALLINT, 0 not among them) and a user CHECK beside
// their constraints.
type (
	gPriority int
	gLevel    int8
)

const (
	gLow gPriority = iota
	gMedium
	gHigh
)

const (
	gDebug gLevel = iota + 1
	gInfo
	gWarn
)

var gTask = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	Priority core.Column[gPriority]
	Level    core.Column[*gLevel]
}) {
	t.Table = core.NewTable("task")
	t.Table.AddCheck("id > 0")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Priority = core.NewColumn[gPriority](t.Table, "priority", core.SQLType(core.IntEnum("priority", gLow, gMedium, gHigh)))
	t.Level = core.NewColumn[*gLevel](t.Table, "level", core.SQLType(core.IntEnum("level", gDebug, gInfo, gWarn)), core.Nullable())
	return t
}()

var gShelf = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	Code     core.Column[string]
	Label    core.Column[*string]
	Room     core.Column[string]
	Capacity core.Column[int32]
	Notes    core.Column[*string]
	Active   core.Column[bool]
}) {
	t.Table = core.NewTable("shelf")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Code = core.NewColumn[string](t.Table, "code", core.Unique())
	t.Label = core.NewColumn[*string](t.Table, "label", core.SQLType(core.Varchar(80)), core.ServerDefault("'untitled'"))
	t.Room = core.NewColumn[string](t.Table, "room", core.Indexed())
	t.Capacity = core.NewColumn[int32](t.Table, "capacity", core.ServerDefault("10"))
	t.Notes = core.NewColumn[*string](t.Table, "notes")
	t.Active = core.NewColumn[bool](t.Table, "active", core.ServerDefault("TRUE"))
	t.AddIndex("", true, t.Room, t.Label)
	t.AddIndex("shelf_code_capacity_key", true, t.Code, t.Capacity)
	t.AddIndex("shelf_by_capacity", false, t.Capacity, t.Room)
	t.AddCheck("capacity > 0")
	t.AddCheck("label <> ''")
	return t
}()

// gBook references gShelf twice, by id and by its TEXT code, and itself,
// with every foreign key action but SET DEFAULT.
var gBook = func() (t struct {
	*core.Table
	ID         core.Column[int64]
	ShelfID    core.Column[*int64]
	ShelfCode  core.Column[string]
	PreviousID core.Column[*int64]
}) {
	t.Table = core.NewTable("book")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.ShelfID = core.NewColumn[*int64](t.Table, "shelf_id",
		core.References(gShelf.ID, core.OnDelete(core.FKSetNull), core.OnUpdate(core.FKCascade)))
	t.ShelfCode = core.NewColumn[string](t.Table, "shelf_code", core.References(gShelf.Code, core.OnDelete(core.FKCascade)))
	t.PreviousID = core.NewColumn[*int64](t.Table, "previous_id",
		core.References(t.ID, core.OnDelete(core.FKRestrict), core.OnUpdate(core.FKNoAction)))
	return t
}()

// gCopy has a composite primary key, declared with SetPrimaryKey.
var gCopy = func() (t struct {
	*core.Table
	BookID core.Column[int64]
	CopyNo core.Column[int32]
}) {
	t.Table = core.NewTable("copy")
	t.BookID = core.NewColumn[int64](t.Table, "book_id", core.References(gBook.ID, core.OnDelete(core.FKCascade)))
	t.CopyNo = core.NewColumn[int32](t.Table, "copy_no")
	t.SetPrimaryKey(t.BookID, t.CopyNo)
	return t
}()

// gLoan has a composite foreign key with actions, to gCopy's key.
var gLoan = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	BookID core.Column[int64]
	CopyNo core.Column[int32]
}) {
	t.Table = core.NewTable("loan")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.BookID = core.NewColumn[int64](t.Table, "book_id")
	t.CopyNo = core.NewColumn[int32](t.Table, "copy_no")
	t.AddForeignKey([]core.Expression{t.BookID, t.CopyNo}, []core.Expression{gCopy.BookID, gCopy.CopyNo},
		core.OnDelete(core.FKCascade), core.OnUpdate(core.FKCascade))
	return t
}()

// gBin's foreign key sets its column back to the default: refused on MySQL
// and MariaDB, whose InnoDB rejects or ignores it.
var gBin = func() (t struct {
	*core.Table
	ID      core.Column[int64]
	ShelfID core.Column[int64]
}) {
	t.Table = core.NewTable("bin")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.ShelfID = core.NewColumn[int64](t.Table, "shelf_id", core.ServerDefault("1"),
		core.References(gShelf.ID, core.OnDelete(core.FKSetDefault)))
	return t
}()

// gAccount is in gLedger's schema and references it: SQLite can do that,
// since both are in one attached database.
var gAccount = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	LedgerID core.Column[int64]
}) {
	t.Table = core.NewTable("account", core.Schema("Billing"))
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.LedgerID = core.NewColumn[int64](t.Table, "ledger_id", core.References(gLedger.ID), core.Indexed())
	return t
}()

// Auto-increment where not every database can have it.
var (
	// gCounter auto-increments a column outside any key.
	gCounter = func() (t struct {
		*core.Table
		ID  core.Column[string]
		Seq core.Column[int64]
	}) {
		t.Table = core.NewTable("counter")
		t.ID = core.NewColumn[string](t.Table, "id", core.PrimaryKey(), core.SQLType(core.Varchar(20)))
		t.Seq = core.NewColumn[int64](t.Table, "seq", core.AutoIncrement())
		return t
	}()
	// gTicket auto-increments a unique column beside a text key.
	gTicket = func() (t struct {
		*core.Table
		Code   core.Column[string]
		Number core.Column[int64]
	}) {
		t.Table = core.NewTable("ticket")
		t.Code = core.NewColumn[string](t.Table, "code", core.PrimaryKey(), core.SQLType(core.Varchar(20)))
		t.Number = core.NewColumn[int64](t.Table, "number", core.Unique(), core.AutoIncrement())
		return t
	}()
	// gEvent auto-increments the first column of a composite key.
	gEvent = func() (t struct {
		*core.Table
		ID     core.Column[int64]
		Stream core.Column[string]
	}) {
		t.Table = core.NewTable("event")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
		t.Stream = core.NewColumn[string](t.Table, "stream", core.PrimaryKey())
		return t
	}()
	// gTwoAuto auto-increments two columns.
	gTwoAuto = func() (t struct {
		*core.Table
		ID    core.Column[int64]
		Other core.Column[int64]
	}) {
		t.Table = core.NewTable("two_auto")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
		t.Other = core.NewColumn[int64](t.Table, "other", core.Unique(), core.AutoIncrement())
		return t
	}()
	// gTextAuto auto-increments a text column, which no database can.
	gTextAuto = func() (t struct {
		*core.Table
		ID core.Column[string]
	}) {
		t.Table = core.NewTable("text_auto")
		t.ID = core.NewColumn[string](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
		return t
	}()
)

// gStamp has time.Time columns: of the default type, nullable, with a
// server default, and declared TIMESTAMP without time zone.
var gStamp = func() (t struct {
	*core.Table
	ID      core.Column[int64]
	At      core.Column[time.Time]
	Seen    core.Column[*time.Time]
	Created core.Column[time.Time]
	Naive   core.Column[time.Time]
}) {
	t.Table = core.NewTable("stamp")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.At = core.NewColumn[time.Time](t.Table, "at")
	t.Seen = core.NewColumn[*time.Time](t.Table, "seen")
	t.Created = core.NewColumn[time.Time](t.Table, "created", core.ServerDefault("CURRENT_TIMESTAMP"))
	t.Naive = core.NewColumn[time.Time](t.Table, "naive", core.SQLType(core.Timestamp))
	return t
}()

// gOpaque has a column whose Go type has no SQL type.
var gOpaque = func() (t struct {
	*core.Table
	ID      core.Column[int64]
	Payload core.Column[struct{ A, B int }]
}) {
	t.Table = core.NewTable("opaque")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Payload = core.NewColumn[struct{ A, B int }](t.Table, "payload")
	return t
}()

// gEmpty has no columns.
var gEmpty = core.NewTable("empty")

// goldenSecondaryIndex returns t's secondary index named name.
func goldenSecondaryIndex(t *core.Table, name string) core.Index {
	for _, ix := range t.SecondaryIndexes() {
		if ix.Name == name {
			return ix
		}
	}
	panic("golden: " + t.Name() + " has no secondary index " + name)
}

// goldenCase is one statement. build makes it with bound values derived from
// v, so that the cache test can build the same shape with other values.
type goldenCase struct {
	name string
	doc  string
	// build returns the statement; v changes bound values only, never the
	// statement's shape.
	build func(v int64) core.Statement
	// fixedArgs: the statement binds only values that do not depend on v.
	fixedArgs bool
}

// sv is a string value that depends on v.
func sv(prefix string, v int64) string { return prefix + strconv.FormatInt(v, 10) }

// Short names for the Chinook tables.
var (
	gArtist   = chinook.Artist
	gAlbum    = chinook.Album
	gGenre    = chinook.Genre
	gTrack    = chinook.Track
	gPlaylist = chinook.Playlist
	gPT       = chinook.PlaylistTrack
	gEmp      = chinook.Employee
	gCust     = chinook.Customer
	gInv      = chinook.Invoice
	gLine     = chinook.InvoiceLine
)

var goldenCases = []goldenCase{
	// Tables and whole-table selects.
	{
		name: "select_whole_table_artist",
		doc:  "A whole table selected: every column, in definition order, FROM inferred.",
		build: func(v int64) core.Statement {
			return core.Select(gArtist)
		},
	},
	{
		name: "select_two_whole_tables_joined_duplicate_column_renamed",
		doc:  "Two whole tables: artist.artist_id clashes with album.artist_id and becomes artist_id_1.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum, gArtist).Join(gArtist).Where(gAlbum.AlbumID.Eq(v))
		},
	},
	{
		name: "select_quoted_identifiers",
		doc: "Names that need quoting: reserved words (order, select; user on PostgreSQL only; rank on MySQL only),\n" +
			"mixed case, a double quote and backticks (doubled inside the quotes), unicode.",
		build: func(v int64) core.Statement {
			return core.Select(gOrder).
				Where(gOrder.Select.Eq(sv("s", v)), gOrder.UserName.Like("A%"), gOrder.Odd.IsNotNull()).
				OrderBy(gOrder.Rank.Desc(), gOrder.Prenom.Asc())
		},
	},
	{
		name: "select_quoted_table_name_with_quote_backtick_and_space",
		doc:  "A table named `Line \"Items` 2` with a unicode column, and an anonymous alias of it.",
		build: func(v int64) core.Statement {
			a := core.Alias(gOddTable.Table, "")
			return core.Select(gOddTable.Name, gOddTable.Name.Of(a)).From(gOddTable).
				Join(a, gOddTable.ID.LtCol(gOddTable.ID.Of(a))).Where(gOddTable.ID.Eq(v))
		},
	},
	{
		name: "select_schema_qualified_table_joined_by_foreign_key",
		doc:  `A table in schema "Billing" (quoted, mixed case), joined to "order" through its foreign key.`,
		build: func(v int64) core.Statement {
			return core.Select(gLedger.ID, gLedger.Amount, gOrder.UserName).Join(gOrder).
				Where(gLedger.Amount.Gt(float64(v) + 0.5))
		},
	},

	// Comparisons.
	{
		name: "where_compare_with_values",
		doc:  "Every comparison with a bound value; several Where conditions are joined with AND.",
		build: func(v int64) core.Statement {
			m := gTrack.Milliseconds
			return core.Select(gTrack.TrackID).
				Where(m.Eq(v), m.Ne(v+1), m.Lt(v+2), m.Le(v+3), m.Gt(v+4), m.Ge(v+5))
		},
	},
	{
		name: "where_compare_columns",
		doc:  "Every comparison between two columns.",
		build: func(v int64) core.Statement {
			l, t := gLine.UnitPrice, gTrack.UnitPrice
			return core.Select(gLine.InvoiceLineID).Join(gTrack).
				Where(core.Or(l.EqCol(t), l.NeCol(t), l.LtCol(t), l.LeCol(t), l.GtCol(t), l.GeCol(t)),
					gLine.InvoiceID.Eq(v))
		},
	},
	{
		name: "where_in_values",
		doc:  "In: one array parameter on PostgreSQL (= ANY), one placeholder per value elsewhere.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.GenreID.In(v, v+1, v+2))
		},
	},
	{
		name: "where_in_empty_list",
		doc:  "In with no values matches nothing: 1 <> 1 where values are expanded.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.GenreID.In(), gTrack.AlbumID.Eq(v))
		},
	},
	{
		name: "where_not_in_values",
		doc:  "NotIn: <> ALL(array) on PostgreSQL, NOT IN elsewhere.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.Name.NotIn(sv("a", v), sv("b", v)))
		},
	},
	{
		name: "where_not_in_empty_list",
		doc:  "NotIn with no values matches every row: 1 = 1 where values are expanded.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.GenreID.NotIn(), gTrack.AlbumID.Eq(v))
		},
	},
	{
		name: "where_in_select_and_not_in_select",
		doc:  "InSelect and NotInSelect with uncorrelated subqueries.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(
				gTrack.AlbumID.InSelect(core.Select(gAlbum.AlbumID).Where(gAlbum.ArtistID.Eq(v))),
				gTrack.GenreID.NotInSelect(core.Select(gGenre.GenreID).Where(gGenre.Name.Like(sv("%rock", v)))))
		},
	},
	{
		name: "where_between",
		doc:  "Between with two bound values.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID).
				Where(gInv.InvoiceDate.Between(time.Date(2021, 1, int(v), 0, 0, 0, 0, time.UTC),
					time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)))
		},
	},
	{
		name: "where_like_not_like_ilike",
		doc:  "Like, NotLike, and ILike: native ILIKE on PostgreSQL, lower() LIKE lower() elsewhere.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.Name.Like(sv("A%", v)),
				gTrack.Composer.NotLike(sv("%Bach%", v)), gTrack.Name.ILike(sv("%love%", v)))
		},
	},
	{
		name: "where_is_null_is_not_null",
		doc:  "IsNull and IsNotNull.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.Composer.IsNull(), gTrack.GenreID.IsNotNull(), gTrack.TrackID.Gt(v))
		},
	},
	{
		name: "where_and_or_not_nested",
		doc:  "And, Or and Not nested: every list is parenthesised, so precedence never depends on the reader.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(core.Or(
				core.And(gTrack.GenreID.Eq(v), core.Not(gTrack.Composer.IsNull())),
				core.And(gTrack.GenreID.Eq(v+1), core.Or(gTrack.Milliseconds.Lt(60000), gTrack.Milliseconds.Gt(600000))),
				core.Not(core.Or(gTrack.Name.Like("%a%"), gTrack.Name.Like("%e%")))))
		},
	},
	{
		name: "where_and_or_with_nothing_to_join",
		doc:  "And() with no conditions is TRUE, Or() is FALSE; a single condition needs no parentheses.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(core.And(), core.Or(gTrack.TrackID.Eq(v)), core.Or())
		},
	},

	// Expressions.
	{
		name: "select_arithmetic",
		doc:  "Arithmetic with values and with expressions, and negation; each operation is parenthesised.",
		build: func(v int64) core.Statement {
			m := gTrack.Milliseconds
			return core.Select(
				m.Div(1000).Label("seconds"),
				m.Add(v).Mul(2).Sub(1).Label("arith"),
				gTrack.UnitPrice.MulExpr(gTrack.UnitPrice).Label("square"),
				m.AddExpr(gTrack.Bytes).SubExpr(m).DivExpr(gTrack.TrackID).Label("mixed"),
				m.Neg().Label("negated"))
		},
	},
	{
		name: "select_cast",
		doc:  "Cast to each SQL type: each dialect spells the target type its own way (MySQL: SIGNED, CHAR, ...).",
		build: func(v int64) core.Statement {
			return core.Select(
				core.Cast[string](gTrack.Milliseconds, core.Text).Label("as_text"),
				core.Cast[string](gTrack.TrackID, core.Varchar(10)).Label("as_varchar"),
				core.Cast[float64](gTrack.Milliseconds, core.Numeric(12, 3)).Label("as_numeric"),
				core.Cast[float64](gTrack.Milliseconds, core.Double).Label("as_double"),
				core.Cast[int64](gTrack.UnitPrice, core.BigInt).Label("as_bigint"),
				core.Cast[bool](gTrack.Bytes, core.Boolean).Label("as_bool"),
				core.Cast[time.Time](gInv.InvoiceDate, core.Date).Label("as_date"),
			).Join(gLine, gLine.TrackID.EqCol(gTrack.TrackID)).Join(gInv).Where(gTrack.TrackID.Eq(v))
		},
	},
	{
		name: "select_case_with_else",
		doc:  "Searched CASE with ELSE; the branch values are typed binds (cast on PostgreSQL).",
		build: func(v int64) core.Statement {
			length := core.Case[string]().
				When(gTrack.Milliseconds.Lt(v*1000), core.Value("short")).
				When(gTrack.Milliseconds.Lt(300000), core.Value("medium")).
				Else(core.Value("long")).Label("length")
			return core.Select(gTrack.Name, length)
		},
	},
	{
		name: "select_case_without_else",
		doc:  "CASE without ELSE (NULL when no branch matches), branch results are columns.",
		build: func(v int64) core.Statement {
			who := core.Case[string]().When(gTrack.Composer.IsNotNull(), gTrack.Composer).
				When(gTrack.AlbumID.Eq(v), gTrack.Name).End().Label("who")
			return core.Select(gTrack.TrackID, who)
		},
	},
	{
		name: "select_case_without_when_error",
		doc:  "A CASE with no WHEN is refused.",
		build: func(v int64) core.Statement {
			return core.Select(core.Case[string]().Else(core.Value(sv("x", v))).Label("x")).From(gTrack)
		},
	},
	{
		name: "select_coalesce",
		doc:  "Coalesce of columns and a typed value.",
		build: func(v int64) core.Statement {
			return core.Select(core.Coalesce[string](gTrack.Composer, gTrack.Name, core.Value(sv("unknown", v))).Label("credit"))
		},
	},
	{
		name: "select_func_custom_name",
		doc:  "Func with a name of the program's choosing, written as given (not quoted).",
		build: func(v int64) core.Statement {
			return core.Select(core.Func[string]("replace", gEmp.Email, core.Value(sv("@", v)), core.Value(" at ")).Label("spelled"))
		},
	},
	{
		name: "select_func_invalid_name_error",
		doc:  "A function name that is not a plain identifier is refused: Func is no way to inject SQL.",
		build: func(v int64) core.Statement {
			return core.Select(core.Func[int64]("count(*); DROP TABLE track; --", gTrack.TrackID)).Where(gTrack.TrackID.Eq(v))
		},
	},
	{
		name: "select_aggregates_grouped",
		doc:  "Count, CountAll, CountDistinct, Sum, Avg, Min and Max per album.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.AlbumID,
				core.Count(gTrack.Composer).Label("n_composed"),
				core.CountAll().Label("n_tracks"),
				core.CountDistinct(gTrack.GenreID).Label("n_genres"),
				core.SumInt(gTrack.Milliseconds).Label("total_ms"),
				core.Avg(gTrack.UnitPrice).Label("avg_price"),
				core.Min(gTrack.Milliseconds).Label("shortest"),
				core.Max(gTrack.Milliseconds).Label("longest"),
			).Where(gTrack.AlbumID.Lt(v)).GroupBy(gTrack.AlbumID)
		},
	},
	{
		name: "select_scalar_functions",
		doc:  "Lower, Upper, Length (char_length on MySQL, whose length counts bytes), Abs, Round.",
		build: func(v int64) core.Statement {
			return core.Select(
				core.Lower(gTrack.Name).Label("lower_name"),
				core.Upper(gTrack.Name).Label("upper_name"),
				core.Length(gTrack.Name).Label("name_length"),
				core.Abs(gTrack.Milliseconds.Sub(v)).Label("distance"),
				core.Round(gTrack.UnitPrice, int(v)).Label("rounded"))
		},
	},
	{
		name: "select_aggregate_filter",
		doc:  "FILTER (WHERE ...) on aggregates: PostgreSQL and SQLite have it; MySQL and MariaDB do not.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.AlbumID,
				core.Filter(core.CountAll(), gTrack.Milliseconds.Gt(v)).Label("n_long"),
				core.Filter(core.SumInt(gTrack.Bytes), gTrack.GenreID.Eq(v+1)).Label("rock_bytes"),
			).GroupBy(gTrack.AlbumID)
		},
	},
	{
		name: "select_filter_on_non_aggregate_error",
		doc:  "Filter applies to an aggregate call only.",
		build: func(v int64) core.Statement {
			return core.Select(core.Filter(gTrack.Milliseconds.Add(v), gTrack.TrackID.Gt(1)))
		},
	},
	{
		name: "select_labels_and_duplicate_names",
		doc: "Three columns called name (artist, track, genre): the later ones become name_1 and name_2;\n" +
			"labels name expressions.",
		build: func(v int64) core.Statement {
			return core.Select(gArtist.Name, gAlbum.Title, gTrack.Name, gGenre.Name,
				gTrack.Milliseconds.Div(1000).Label("seconds")).
				From(gArtist).Join(gAlbum).Join(gTrack).Join(gGenre).Where(gArtist.ArtistID.Eq(v))
		},
	},
	{
		name: "select_label_clashing_with_column_name",
		doc:  "A label equal to a column name already selected is made distinct (name_1).",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name, core.Upper(gTrack.Name).Label("name")).Where(gTrack.TrackID.Eq(v))
		},
	},
	{
		name: "select_value_typed_binds",
		doc: "Standalone values in a select list: PostgreSQL cannot infer a parameter's type there, so they are\n" +
			"cast; the others bind them bare. A value compared with a column is never cast.",
		build: func(v int64) core.Statement {
			return core.Select(
				core.Value(v).Label("an_int"),
				core.Value(sv("text", v)).Label("a_text"),
				core.Value(v%2 == 0).Label("a_bool"),
				core.Value(float64(v)+0.25).Label("a_float"),
				core.Value(int32(v)).Label("an_int32"),
				core.Value(time.Date(2024, 1, int(v), 12, 0, 0, 0, time.UTC)).Label("a_time"),
			).From(gTrack).Where(gTrack.TrackID.Eq(v))
		},
	},
	{
		name: "select_raw_with_arguments",
		doc:  "Raw SQL: written verbatim, each ? becoming the dialect's next placeholder.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name, core.Raw[int64]("? * 2 + ?", v, v+1).Label("calc")).
				Where(core.Raw[bool]("track.milliseconds > ?", v*1000), gTrack.GenreID.Eq(v+2))
		},
	},
	{
		name: "select_raw_too_few_placeholders_error",
		doc:  "Raw with more arguments than ? placeholders is refused.",
		build: func(v int64) core.Statement {
			return core.Select(core.Raw[int64]("?", v, v+1).Label("x")).From(gTrack)
		},
	},

	// FROM and joins.
	{
		name: "select_from_explicit",
		doc:  "From states the FROM item when nothing selected names it.",
		build: func(v int64) core.Statement {
			return core.Select(core.CountAll()).From(gTrack).Where(core.Raw[bool]("1 = ?", v))
		},
	},
	{
		name: "join_with_on",
		doc:  "Join with an explicit ON condition (several ON conditions are joined with AND).",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum.Title, gArtist.Name).From(gAlbum).
				Join(gArtist, gArtist.ArtistID.EqCol(gAlbum.ArtistID), gArtist.Name.Ne(sv("x", v)))
		},
	},
	{
		name: "outer_join_with_on",
		doc:  "LEFT OUTER JOIN with ON.",
		build: func(v int64) core.Statement {
			return core.Select(gArtist.Name, gAlbum.Title).From(gArtist).
				OuterJoin(gAlbum, gAlbum.ArtistID.EqCol(gArtist.ArtistID)).Where(gArtist.ArtistID.Lt(v))
		},
	},
	{
		name: "full_join_with_on",
		doc:  "FULL OUTER JOIN: PostgreSQL and SQLite (3.39+); MySQL and MariaDB do not have it.",
		build: func(v int64) core.Statement {
			return core.Select(gEmp.LastName, gCust.LastName).From(gEmp).
				FullJoin(gCust, gCust.SupportRepID.EqCol(gEmp.EmployeeID)).Where(gEmp.EmployeeID.Lt(v))
		},
	},
	{
		name: "join_inferred_from_foreign_key",
		doc:  "Join without ON, inferred from the one foreign key between album and artist.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum.Title, gArtist.Name).Join(gArtist).Where(gArtist.ArtistID.Eq(v))
		},
	},
	{
		name: "join_inferred_from_foreign_key_reverse_direction",
		doc:  "The foreign key may point either way: artist joined to album, and then track to album.",
		build: func(v int64) core.Statement {
			return core.Select(gArtist.Name, gTrack.Name).From(gArtist).Join(gAlbum).Join(gTrack).
				Where(gArtist.ArtistID.Eq(v))
		},
	},
	{
		name: "join_inferred_composite_foreign_key",
		doc:  "A composite foreign key gives an ON with one equality per column, joined with AND.",
		build: func(v int64) core.Statement {
			return core.Select(gNote.Body, gPT.TrackID).From(gNote).Join(gPT).Where(gNote.NoteID.Eq(v))
		},
	},
	{
		name: "join_inferred_no_foreign_key_error",
		doc:  "No foreign key links genre and artist: the error names both.",
		build: func(v int64) core.Statement {
			return core.Select(gGenre.Name, gArtist.Name).From(gGenre).Join(gArtist).Where(gGenre.GenreID.Eq(v))
		},
	},
	{
		name: "join_inferred_two_foreign_key_paths_error",
		doc:  "employee joined to an alias of employee: reports_to links them both ways, and the error lists both.",
		build: func(v int64) core.Statement {
			boss := core.Alias(gEmp.Table, "boss")
			return core.Select(gEmp.LastName, gEmp.LastName.Of(boss)).From(gEmp).Join(boss).Where(gEmp.EmployeeID.Eq(v))
		},
	},
	{
		name: "join_self_through_alias_with_on",
		doc:  "A self-join stated with ON: each employee with their manager.",
		build: func(v int64) core.Statement {
			boss := core.Aliased(gEmp, "boss")
			return core.Select(gEmp.LastName, boss.LastName.Label("boss_last_name")).From(gEmp).
				OuterJoin(boss, gEmp.ReportsTo.EqCol(boss.EmployeeID)).Where(gEmp.EmployeeID.Gt(v))
		},
	},
	{
		name: "cross_join",
		doc:  "CrossJoin: a Cartesian product stated on purpose.",
		build: func(v int64) core.Statement {
			return core.Select(gGenre.Name, gAlbum.Title).From(gGenre).CrossJoin(gAlbum).Where(gAlbum.AlbumID.Lt(v))
		},
	},
	{
		name: "cartesian_product_error",
		doc:  "Two tables that nothing links: refused with ErrCartesianProduct.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum.Title, gArtist.Name).Where(gAlbum.AlbumID.Eq(v))
		},
	},
	{
		name: "cartesian_linked_by_where",
		doc:  "The same two tables linked by a WHERE condition: accepted.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum.Title, gArtist.Name).
				Where(gAlbum.ArtistID.EqCol(gArtist.ArtistID), gAlbum.AlbumID.Eq(v))
		},
	},

	// Clauses.
	{
		name: "group_by_having",
		doc:  "GROUP BY and HAVING (several HAVING conditions joined with AND).",
		build: func(v int64) core.Statement {
			n := core.CountAll().Label("n_tracks")
			return core.Select(gTrack.AlbumID, n).GroupBy(gTrack.AlbumID).
				Having(core.CountAll().Gt(v), core.SumInt(gTrack.Milliseconds).Lt(v*100000))
		},
	},
	{
		name: "group_by_whole_table",
		doc:  "GROUP BY a whole table stands for all its columns.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum, core.CountAll().Label("n_tracks")).Join(gTrack).
				GroupBy(gAlbum).Having(core.CountAll().Ge(v))
		},
	},
	{
		name: "order_by_asc_desc",
		doc:  "OrderBy: orderings and plain expressions (ascending).",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.AlbumID.Eq(v)).
				OrderBy(gTrack.Milliseconds.Desc(), gTrack.Name.Asc(), gTrack.TrackID)
		},
	},
	{
		name: "order_by_nulls_first_last",
		doc:  "NULLS FIRST / NULLS LAST: PostgreSQL and SQLite; refused on MySQL and MariaDB.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).Where(gTrack.AlbumID.Eq(v)).
				OrderBy(gTrack.Composer.Asc().NullsFirst(), gTrack.Bytes.Desc().NullsLast())
		},
	},
	{
		name: "limit_and_offset",
		doc:  "LIMIT and OFFSET, bound as parameters.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).OrderBy(gTrack.TrackID).Limit(v * 10).Offset(v * 20)
		},
	},
	{
		name: "limit_only",
		doc:  "LIMIT alone.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).OrderBy(gTrack.TrackID).Limit(v)
		},
	},
	{
		name: "offset_without_limit",
		doc:  "OFFSET alone: SQLite and MySQL need a LIMIT before it (-1, 2^64-1).",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name).OrderBy(gTrack.TrackID).Offset(v)
		},
	},
	{
		name: "select_distinct",
		doc:  "SELECT DISTINCT.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Composer).Distinct().Where(gTrack.AlbumID.Eq(v))
		},
	},
	{
		name: "select_distinct_on",
		doc:  "DISTINCT ON: the longest track of each album. PostgreSQL only.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.AlbumID, gTrack.Name, gTrack.Milliseconds).DistinctOn(gTrack.AlbumID).
				Where(gTrack.GenreID.Eq(v)).OrderBy(gTrack.AlbumID, gTrack.Milliseconds.Desc())
		},
	},

	// Row locks.
	{
		name: "for_update",
		doc:  "FOR UPDATE: not on SQLite, which locks whole databases.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID, gInv.Total).Where(gInv.CustomerID.Eq(v)).ForUpdate()
		},
	},
	{
		name: "for_share",
		doc:  "FOR SHARE; MariaDB spells it LOCK IN SHARE MODE.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID).Where(gInv.CustomerID.Eq(v)).ForShare()
		},
	},
	{
		name: "for_update_nowait",
		doc:  "FOR UPDATE NOWAIT.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID).Where(gInv.CustomerID.Eq(v)).ForUpdate(core.NoWait())
		},
	},
	{
		name: "for_update_skip_locked",
		doc:  "FOR UPDATE SKIP LOCKED, the queue-worker idiom.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID).Where(gInv.Total.Gt(float64(v))).OrderBy(gInv.InvoiceID).
				Limit(10).ForUpdate(core.SkipLocked())
		},
	},
	{
		name: "for_share_skip_locked",
		doc:  "FOR SHARE SKIP LOCKED.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID).Where(gInv.CustomerID.Eq(v)).ForShare(core.SkipLocked())
		},
	},
	{
		name: "for_update_of_table_and_alias",
		doc:  "FOR UPDATE OF: only the invoice rows and the aliased customer's are locked. PostgreSQL and MySQL.",
		build: func(v int64) core.Statement {
			c := core.Alias(gCust.Table, "c")
			return core.Select(gInv.InvoiceID, gCust.Email.Of(c)).From(gInv).
				Join(c, gInv.CustomerID.EqCol(gCust.CustomerID.Of(c))).Join(gLine).
				Where(gInv.InvoiceID.Eq(v)).ForUpdate(core.LockOf(gInv.Table, c), core.NoWait())
		},
	},
	{
		name: "for_update_of_schema_qualified_table",
		doc:  "FOR UPDATE OF names a table without its schema: PostgreSQL refuses qualified names there.",
		build: func(v int64) core.Statement {
			return core.Select(gLedger.Amount).Where(gLedger.ID.Eq(v)).ForUpdate(core.LockOf(gLedger.Table))
		},
	},

	// Subqueries and correlation.
	{
		name: "scalar_subquery_correlated",
		doc:  "A scalar subquery in the select list, correlated to album automatically.",
		build: func(v int64) core.Statement {
			n := core.Scalar[int64](core.Select(core.CountAll()).Where(gTrack.AlbumID.EqCol(gAlbum.AlbumID))).Label("n_tracks")
			return core.Select(gAlbum.Title, n).Where(gAlbum.ArtistID.Eq(v))
		},
	},
	{
		name: "exists_and_not_exists_correlated",
		doc:  "EXISTS and NOT EXISTS, each correlated to artist.",
		build: func(v int64) core.Statement {
			return core.Select(gArtist.Name).Where(
				core.Exists(core.Select(gAlbum.AlbumID).Where(gAlbum.ArtistID.EqCol(gArtist.ArtistID), gAlbum.Title.Like(sv("%", v)))),
				core.NotExists(core.Select(gTrack.TrackID).Join(gAlbum).
					Where(gAlbum.ArtistID.EqCol(gArtist.ArtistID), gTrack.Milliseconds.Lt(v))))
		},
	},
	{
		name: "correlated_subquery_in_where_comparison",
		doc:  "Tracks longer than their album's average: a scalar subquery correlated through the outer track's album.",
		build: func(v int64) core.Statement {
			t2 := core.Aliased(gTrack)
			avg := core.Scalar[float64](core.Select(core.Avg(t2.Milliseconds)).Where(t2.AlbumID.EqCol(gTrack.AlbumID)))
			return core.Select(gTrack.Name).Where(core.Cast[float64](gTrack.Milliseconds, core.Double).GtCol(avg), gTrack.GenreID.Eq(v))
		},
	},
	{
		name: "correlated_subquery_with_explicit_from",
		doc:  "A subquery that states its FROM keeps it; the outer table is still correlated.",
		build: func(v int64) core.Statement {
			n := core.Scalar[int64](core.Select(core.CountAll()).From(gInv).Where(gInv.CustomerID.EqCol(gCust.CustomerID))).Label("n_invoices")
			return core.Select(gCust.Email, n).Where(gCust.SupportRepID.Eq(v))
		},
	},
	{
		name: "subquery_emptied_by_correlation_error",
		doc:  "A subquery whose only table is correlated away would have no FROM: refused.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum.Title).Where(core.Exists(core.Select(gAlbum.AlbumID).Where(gAlbum.ArtistID.Eq(v))))
		},
	},

	// Aliases.
	{
		name: "alias_named",
		doc:  "A named alias; its columns are reached with Of.",
		build: func(v int64) core.Statement {
			a := core.Alias(gAlbum.Table, "a")
			return core.Select(gAlbum.Title.Of(a)).From(a).Where(gAlbum.ArtistID.Of(a).Eq(v))
		},
	},
	{
		name: "alias_anonymous_numbered_in_order",
		doc:  "Anonymous aliases are named album_1, album_2 in order of first appearance.",
		build: func(v int64) core.Statement {
			a1 := core.Alias(gAlbum.Table, "")
			a2 := core.Alias(gAlbum.Table, "")
			return core.Select(gAlbum.Title.Of(a1), gAlbum.Title.Of(a2)).From(a1).
				Join(a2, gAlbum.ArtistID.Of(a1).EqCol(gAlbum.ArtistID.Of(a2)), gAlbum.AlbumID.Of(a1).LtCol(gAlbum.AlbumID.Of(a2))).
				Where(gAlbum.ArtistID.Of(a1).Eq(v))
		},
	},
	{
		name: "alias_anonymous_of_long_table_shortened",
		doc: "Anonymous aliases of a 62-byte table would be named <table>_1 and <table>_2, 64 bytes, which\n" +
			"PostgreSQL would cut to one name: past 63 bytes a generated name is cut and ends in a hash of\n" +
			"the whole name. The repeated 63-byte column gets <column>_1 in the subquery, shortened alike.",
		build: func(v int64) core.Statement {
			a1, a2 := core.Alias(gLongNames.Table, ""), core.Alias(gLongNames.Table, "")
			sub := core.Select(gLongNames.Amount.Of(a1), gLongNames.Amount.Of(a2)).From(a1).
				Join(a2, gLongNames.ID.Of(a2).GtCol(gLongNames.ID.Of(a1))).Where(gLongNames.ID.Of(a1).Eq(v)).Subquery("")
			return core.Select(core.CountAll()).From(sub)
		},
	},
	{
		name: "label_too_long_error",
		doc: "A label of 64 bytes: PostgreSQL keeps 63 and would cut it short, so Compile refuses it; MySQL\n" +
			"and MariaDB allow 256 and 255 characters in an alias, SQLite any length.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name.Label(strings.Repeat("x", 64))).Where(gTrack.TrackID.Eq(v))
		},
	},
	{
		name: "alias_anonymous_skips_names_taken_by_the_statement",
		doc:  "An anonymous alias never takes a name the statement gives another alias: album_1 is taken, so it is album_2.",
		build: func(v int64) core.Statement {
			named := core.Alias(gAlbum.Table, "album_1")
			anon := core.Alias(gAlbum.Table, "")
			return core.Select(gAlbum.Title.Of(named), gAlbum.Title.Of(anon)).From(anon).
				Join(named, gAlbum.ArtistID.Of(anon).EqCol(gAlbum.ArtistID.Of(named))).
				Where(gAlbum.AlbumID.Of(anon).Eq(v))
		},
	},
	{
		name: "cte_two_with_one_name_error",
		doc:  "Two different CTEs with the same name in one statement are refused rather than both emitted.",
		build: func(v int64) core.Statement {
			a := core.Select(gAlbum.AlbumID).Where(gAlbum.ArtistID.Eq(v)).CTE("picked")
			b := core.Select(gAlbum.AlbumID).Where(gAlbum.ArtistID.Gt(v)).CTE("picked")
			return core.Select(gAlbum.AlbumID.Of(a)).Where(gAlbum.AlbumID.Of(a).InSelect(core.Select(gAlbum.AlbumID.Of(b))))
		},
	},
	{
		name: "order_by_table_not_in_from_error",
		doc:  "ORDER BY adds no FROM item; ordering by a table the query does not select from is refused.",
		build: func(v int64) core.Statement {
			return core.Select(gAlbum.Title).Where(gAlbum.ArtistID.Eq(v)).OrderBy(gArtist.Name)
		},
	},
	{
		name: "alias_anonymous_of_quoted_tables",
		doc:  `Anonymous aliases of "order" and of "Billing".ledger: the generated names are quoted as needed.`,
		build: func(v int64) core.Statement {
			o := core.Aliased(gOrder)
			l := core.Aliased(gLedger)
			return core.Select(o.UserName, l.Amount).From(l).Join(o).Where(o.ID.Eq(v))
		},
	},
	{
		name: "aliased_struct_named",
		doc:  "core.Aliased copies a table struct onto an alias: c.Email is c.email.",
		build: func(v int64) core.Statement {
			c := core.Aliased(gCust, "c")
			rep := core.Aliased(gEmp, "rep")
			return core.Select(c.Email, rep.LastName).From(c).Join(rep).Where(c.Country.Eq(sv("Brazil", v)))
		},
	},
	{
		name: "alias_name_with_nul_error",
		doc:  "An alias name holding a NUL byte is refused.",
		build: func(v int64) core.Statement {
			a := core.Alias(gAlbum.Table, "a\x00b")
			return core.Select(gAlbum.Title.Of(a)).Where(gAlbum.AlbumID.Of(a).Eq(v))
		},
	},

	// Subqueries in FROM.
	{
		name: "subquery_in_from_named",
		doc:  "A named subquery joined to album; its columns are reached with Of (by expression) and ColumnOf (by name).",
		build: func(v int64) core.Statement {
			n := core.CountAll().Label("n_tracks")
			per := core.Select(gTrack.AlbumID, n).GroupBy(gTrack.AlbumID).Subquery("per_album")
			return core.Select(gAlbum.Title, n.Of(per)).From(gAlbum).
				Join(per, gTrack.AlbumID.Of(per).EqCol(gAlbum.AlbumID)).
				Where(core.ColumnOf[int64](per, "n_tracks").Gt(v))
		},
	},
	{
		name: "subquery_in_from_anonymous",
		doc:  "Anonymous subqueries are named anon_1, anon_2 in order of appearance.",
		build: func(v int64) core.Statement {
			long := core.Select(gTrack.TrackID, gTrack.AlbumID).Where(gTrack.Milliseconds.Gt(v)).Subquery("")
			cheap := core.Select(gTrack.TrackID).Where(gTrack.UnitPrice.Lt(1)).Subquery("")
			return core.Select(core.ColumnOf[int64](long, "album_id"), core.CountAll().Label("n")).From(long).
				Join(cheap, gTrack.TrackID.Of(cheap).EqCol(gTrack.TrackID.Of(long))).
				GroupBy(core.ColumnOf[int64](long, "album_id"))
		},
	},
	{
		name: "subquery_unknown_column_error",
		doc:  "ColumnOf a name the subquery does not select: the error lists the columns it has.",
		build: func(v int64) core.Statement {
			per := core.Select(gTrack.AlbumID, core.CountAll().Label("n")).GroupBy(gTrack.AlbumID).Subquery("per_album")
			return core.Select(core.ColumnOf[int64](per, "n_tracks")).Where(core.ColumnOf[int64](per, "n").Gt(v))
		},
	},
	{
		name: "subquery_of_whole_table_with_duplicate_names",
		doc:  "A subquery selecting two whole tables: the outer query reaches the renamed artist_id_1 by name.",
		build: func(v int64) core.Statement {
			sq := core.Select(gAlbum, gArtist).Join(gArtist).Where(gArtist.ArtistID.Lt(v)).Subquery("aa")
			return core.Select(gAlbum.Title.Of(sq), core.ColumnOf[int64](sq, "artist_id_1"), gArtist.Name.Of(sq))
		},
	},

	// LATERAL.
	{
		name: "select_lateral_three_longest_tracks",
		doc:  "The three longest tracks of each album, through LATERAL joined ON TRUE. Not on SQLite or MariaDB.",
		build: func(v int64) core.Statement {
			top := core.Select(gTrack.Name, gTrack.Milliseconds).
				Where(gTrack.AlbumID.EqCol(gAlbum.AlbumID)).
				OrderBy(gTrack.Milliseconds.Desc()).Limit(3).Lateral("top_tracks")
			return core.Select(gAlbum.Title, gTrack.Name.Of(top), gTrack.Milliseconds.Of(top)).
				From(gAlbum).Join(top, core.True()).Where(gAlbum.ArtistID.Eq(v)).
				OrderBy(gAlbum.Title, gTrack.Milliseconds.Of(top).Desc())
		},
	},
	{
		name: "select_lateral_latest_invoice_outer_join",
		doc:  "The latest invoice of each customer (or none), through LEFT OUTER JOIN LATERAL.",
		build: func(v int64) core.Statement {
			c := core.Aliased(gCust, "c")
			latest := core.Select(gInv.InvoiceDate, gInv.Total).Where(gInv.CustomerID.EqCol(c.CustomerID)).
				OrderBy(gInv.InvoiceDate.Desc()).Limit(1).Lateral("latest")
			return core.Select(c.CustomerID, c.Email, gInv.InvoiceDate.Of(latest), gInv.Total.Of(latest)).From(c).
				OuterJoin(latest, core.True()).Where(c.SupportRepID.Eq(v))
		},
	},

	// CTEs.
	{
		name: "cte_single",
		doc:  "One CTE, selected from.",
		build: func(v int64) core.Statement {
			long := core.Select(gTrack.TrackID, gTrack.Name).Where(gTrack.Milliseconds.Gt(v)).CTE("long_tracks")
			return core.Select(gTrack.Name.Of(long)).OrderBy(gTrack.Name.Of(long))
		},
	},
	{
		name: "cte_two_in_one_statement",
		doc:  "Two independent CTEs joined together; each is defined once in WITH.",
		build: func(v int64) core.Statement {
			long := core.Select(gTrack.TrackID, gTrack.AlbumID).Where(gTrack.Milliseconds.Gt(v)).CTE("long_tracks")
			old := core.Select(gAlbum.AlbumID, gAlbum.Title).Where(gAlbum.AlbumID.Lt(v + 1)).CTE("old_albums")
			return core.Select(gAlbum.Title.Of(old), core.CountAll().Label("n")).From(old).
				Join(long, gTrack.AlbumID.Of(long).EqCol(gAlbum.AlbumID.Of(old))).
				GroupBy(gAlbum.Title.Of(old))
		},
	},
	{
		name: "cte_reading_another",
		doc:  "A CTE that reads another: the one it reads comes first in WITH, whatever the order of use.",
		build: func(v int64) core.Statement {
			sales := core.Select(gLine.TrackID, core.SumInt(gLine.Quantity).Label("sold")).
				Where(gLine.UnitPrice.Gt(float64(v))).GroupBy(gLine.TrackID).CTE("sales")
			sold := core.ColumnOf[int64](sales, "sold")
			best := core.Select(gLine.TrackID.Of(sales), sold).Where(sold.Ge(v + 2)).CTE("best_sellers")
			return core.Select(gTrack.Name, core.ColumnOf[int64](best, "sold")).From(gTrack).
				Join(best, core.ColumnOf[int64](best, "track_id").EqCol(gTrack.TrackID))
		},
	},
	{
		name: "cte_recursive_employee_tree_with_depth",
		doc:  "WITH RECURSIVE over the employee tree: the anchor is the top manager, each step goes one level down.",
		build: func(v int64) core.Statement {
			anchor := core.Select(gEmp.EmployeeID, gEmp.LastName, core.Value(v).Label("depth")).
				Where(gEmp.ReportsTo.IsNull()).CTE("tree")
			step := core.Select(gEmp.EmployeeID, gEmp.LastName, core.ColumnOf[int64](anchor, "depth").Add(1).Label("depth")).
				Join(anchor, gEmp.ReportsTo.EqCol(gEmp.EmployeeID.Of(anchor)))
			tree := anchor.UnionAll(step)
			return core.Select(gEmp.EmployeeID.Of(tree), gEmp.LastName.Of(tree), core.ColumnOf[int64](tree, "depth")).
				Where(core.ColumnOf[int64](tree, "depth").Le(v+5)).
				OrderBy(core.ColumnOf[int64](tree, "depth"), gEmp.LastName.Of(tree))
		},
	},
	{
		name: "cte_recursive_union_distinct",
		doc:  "A recursive CTE with UNION (no duplicates): playlists reachable through shared tracks.",
		build: func(v int64) core.Statement {
			pt2 := core.Aliased(gPT, "pt2")
			anchor := core.Select(gPT.PlaylistID).Where(gPT.PlaylistID.Eq(v)).CTE("reach")
			step := core.Select(pt2.PlaylistID).From(anchor).
				Join(gPT, gPT.PlaylistID.EqCol(gPT.PlaylistID.Of(anchor))).
				Join(pt2, pt2.TrackID.EqCol(gPT.TrackID))
			reach := anchor.Union(step)
			return core.Select(gPlaylist.Name).From(gPlaylist).Join(reach, gPT.PlaylistID.Of(reach).EqCol(gPlaylist.PlaylistID))
		},
	},
	{
		name: "cte_feeding_insert_select",
		doc:  "A CTE feeding INSERT ... SELECT: WITH leads on PostgreSQL and SQLite; MySQL puts it before the SELECT.",
		build: func(v int64) core.Statement {
			long := core.Select(gTrack.TrackID).Where(gTrack.Milliseconds.Gt(v)).CTE("long_tracks")
			return core.Insert(gPT.Table).FromSelect([]core.Expression{gPT.PlaylistID, gPT.TrackID},
				core.Select(core.Value(v+1), gTrack.TrackID.Of(long)))
		},
	},
	{
		name: "cte_feeding_update",
		doc:  "A CTE read by an UPDATE's WHERE.",
		build: func(v int64) core.Statement {
			long := core.Select(gTrack.TrackID).Where(gTrack.Milliseconds.Gt(v)).CTE("long_tracks")
			return core.Update(gTrack.Table).Set(gTrack.UnitPrice.Set(float64(v) + 0.99)).
				Where(gTrack.TrackID.InSelect(core.Select(gTrack.TrackID.Of(long))))
		},
	},
	{
		name: "cte_feeding_delete",
		doc:  "A CTE read by a DELETE's WHERE.",
		build: func(v int64) core.Statement {
			stale := core.Select(gInv.InvoiceID).Where(gInv.Total.Lt(float64(v))).CTE("stale")
			return core.Delete(gLine.Table).Where(gLine.InvoiceID.InSelect(core.Select(gInv.InvoiceID.Of(stale))))
		},
	},

	// Window functions.
	{
		name: "window_row_number_partition_order",
		doc:  "row_number() OVER (PARTITION BY ... ORDER BY ...).",
		build: func(v int64) core.Statement {
			rn := core.RowNumber().Over(core.PartitionBy(gTrack.AlbumID), core.OrderBy(gTrack.Milliseconds.Desc())).Label("rn")
			return core.Select(gTrack.Name, gTrack.AlbumID, rn).Where(gTrack.GenreID.Eq(v))
		},
	},
	{
		name: "window_rank_dense_rank",
		doc:  "rank() and dense_rank(), partitioned by two columns and ordered by two.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Name,
				core.Rank().Over(core.PartitionBy(gTrack.GenreID, gTrack.MediaTypeID), core.OrderBy(gTrack.UnitPrice.Desc(), gTrack.Name)).Label("price_rank"),
				core.DenseRank().Over(core.OrderBy(gTrack.Milliseconds)).Label("length_rank")).
				Where(gTrack.AlbumID.Eq(v))
		},
	},
	{
		name: "window_lag_lead",
		doc:  "lag() and lead() with bound offsets, in invoice order per customer.",
		build: func(v int64) core.Statement {
			w := []core.WindowOption{core.PartitionBy(gInv.CustomerID), core.OrderBy(gInv.InvoiceDate)}
			return core.Select(gInv.InvoiceID,
				core.Lag(gInv.Total, int(v)).Over(w...).Label("previous_total"),
				core.Lead(gInv.Total, int(v+1)).Over(w...).Label("next_total"))
		},
	},
	{
		name: "window_rows_frame",
		doc:  "A running total: ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, and a moving window of offsets.",
		build: func(v int64) core.Statement {
			return core.Select(gInv.InvoiceID,
				core.Sum(gInv.Total).Over(core.PartitionBy(gInv.CustomerID), core.OrderBy(gInv.InvoiceDate),
					core.Rows(core.UnboundedPreceding, core.CurrentRow)).Label("running_total"),
				core.Avg(gInv.Total).Over(core.OrderBy(gInv.InvoiceDate),
					core.Rows(core.Preceding(2), core.Following(2))).Label("moving_avg")).
				Where(gInv.CustomerID.Eq(v))
		},
	},
	{
		name: "decimal_sum",
		doc:  "The sum of a decimal column: sum() where the database adds decimals, SQLite's retort_decimal_sum, which adds its floats as decimals.",
		build: func(v int64) core.Statement {
			return core.Select(gPayment.Payer, core.Sum(gPayment.Amount).Label("paid"), core.Avg(gPayment.Amount).Label("mean")).
				GroupBy(gPayment.Payer).
				Having(core.Sum(gPayment.Amount).Gt(decimal.New(v, -2)))
		},
	},
	{
		name: "window_range_frame",
		doc:  "RANGE frames: by value of the ORDER BY column, and unbounded on both sides.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.TrackID,
				core.CountAll().Over(core.OrderBy(gTrack.Milliseconds),
					core.Range(core.Preceding(1000), core.Following(1000))).Label("similar_length"),
				core.Max(gTrack.Milliseconds).Over(core.PartitionBy(gTrack.AlbumID), core.OrderBy(gTrack.Milliseconds),
					core.Range(core.UnboundedPreceding, core.UnboundedFollowing)).Label("album_longest")).
				Where(gTrack.AlbumID.Lt(v))
		},
	},
	{
		name: "window_order_by_label",
		doc:  "ORDER BY a window function's label: the statement orders by the bare label.",
		build: func(v int64) core.Statement {
			rn := core.RowNumber().Over(core.OrderBy(gTrack.Milliseconds.Desc())).Label("rn")
			return core.Select(gTrack.Name, rn).Where(gTrack.AlbumID.Eq(v)).OrderBy(rn.Desc())
		},
	},
	{
		name: "window_ranked_subquery_first_per_group",
		doc:  "The classic top-1-per-group: rank in a subquery, filter on the rank outside.",
		build: func(v int64) core.Statement {
			rn := core.RowNumber().Over(core.PartitionBy(gInv.CustomerID), core.OrderBy(gInv.InvoiceDate.Desc())).Label("rn")
			ranked := core.Select(gInv.CustomerID, gInv.Total, rn).Subquery("ranked")
			return core.Select(gCust.Email, gInv.Total.Of(ranked)).From(gCust).
				Join(ranked, core.And(gInv.CustomerID.Of(ranked).EqCol(gCust.CustomerID), rn.Of(ranked).Eq(v)))
		},
	},

	// Set operations.
	{
		name: "union_with_order_by_and_limit",
		doc:  "UNION of two SELECTs, ordered by a result column and limited.",
		build: func(v int64) core.Statement {
			return core.Select(gArtist.Name).Where(gArtist.ArtistID.Lt(v)).
				Union(core.Select(gGenre.Name).Where(gGenre.GenreID.Lt(v + 1))).
				OrderBy(gArtist.Name.Desc()).Limit(v + 2).Offset(v + 3)
		},
	},
	{
		name: "union_ordered_by_label",
		doc:  "A set operation ordered by a label of its first SELECT: ORDER BY names the result column.",
		build: func(v int64) core.Statement {
			n := core.Lower(gArtist.Name).Label("lower_name")
			return core.Select(n).Where(gArtist.ArtistID.Lt(v)).
				Union(core.Select(core.Lower(gGenre.Name).Label("lower_name"))).OrderBy(n.Desc())
		},
	},
	{
		name: "union_all_three_parts",
		doc:  "UNION ALL of three SELECTs.",
		build: func(v int64) core.Statement {
			return core.Select(gEmp.Email).Where(gEmp.EmployeeID.Eq(v)).
				UnionAll(core.Select(gCust.Email).Where(gCust.CustomerID.Eq(v+1)),
					core.Select(gCust.Email).Where(gCust.CustomerID.Eq(v+2)))
		},
	},
	{
		name: "intersect",
		doc:  "INTERSECT: cities with both customers and employees.",
		build: func(v int64) core.Statement {
			return core.Select(gCust.City).Where(gCust.CustomerID.Gt(v)).Intersect(core.Select(gEmp.City)).
				OrderBy(gCust.City)
		},
	},
	{
		name: "except",
		doc:  "EXCEPT: tracks never sold.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.TrackID).Where(gTrack.AlbumID.Eq(v)).Except(core.Select(gLine.TrackID)).
				OrderBy(gTrack.TrackID).Limit(5)
		},
	},
	{
		name: "union_of_parts_with_their_own_limit",
		doc:  "Parts with their own ORDER BY / LIMIT are wrapped in subqueries (SQLite refuses parenthesised parts).",
		build: func(v int64) core.Statement {
			longest := core.Select(gTrack.Name).OrderBy(gTrack.Milliseconds.Desc()).Limit(v)
			shortest := core.Select(gTrack.Name).OrderBy(gTrack.Milliseconds).Limit(v + 1)
			return longest.UnionAll(shortest)
		},
	},
	{
		name: "union_as_subquery_in_from",
		doc:  "A UNION used as a named subquery.",
		build: func(v int64) core.Statement {
			people := core.Select(gEmp.Email, gEmp.Country).Where(gEmp.EmployeeID.Gt(v)).
				Union(core.Select(gCust.Email, gCust.Country)).Subquery("people")
			return core.Select(gEmp.Country.Of(people), core.CountAll().Label("n")).From(people).
				GroupBy(gEmp.Country.Of(people))
		},
	},

	// INSERT.
	{
		name: "insert_one_row",
		doc:  "INSERT of one row; columns with a Go default (source, weight) are filled in.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v)), gTag.Weight.Set(v))
		},
	},
	{
		name: "insert_several_rows",
		doc:  "INSERT of three rows, columns in any order per row.",
		build: func(v int64) core.Statement {
			return core.Insert(gArtist.Table).
				Values(gArtist.ArtistID.Set(v), gArtist.Name.Set(sv("a", v))).
				Values(gArtist.Name.Set(sv("b", v)), gArtist.ArtistID.Set(v+1)).
				Values(gArtist.ArtistID.Set(v+2), gArtist.Name.Set(sv("c", v)))
		},
	},
	{
		name: "insert_default_filled_in",
		doc:  "Rows that leave out a column with a default get the default; a row may also set it.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).
				Values(gTag.Name.Set(sv("jazz", v))).
				Values(gTag.Name.Set(sv("blues", v)), gTag.Source.Set("import"))
		},
	},
	{
		name: "insert_rows_of_different_shapes_error",
		doc:  "A row that sets a column the first row did not set is refused.",
		build: func(v int64) core.Statement {
			return core.Insert(gArtist.Table).
				Values(gArtist.Name.Set(sv("a", v))).
				Values(gArtist.Name.Set(sv("b", v)), gArtist.ArtistID.Set(v))
		},
	},
	{
		name: "insert_row_missing_a_column_error",
		doc:  "A row that leaves out a column (without a default) the first row set is refused.",
		build: func(v int64) core.Statement {
			return core.Insert(gArtist.Table).
				Values(gArtist.ArtistID.Set(v), gArtist.Name.Set(sv("a", v))).
				Values(gArtist.Name.Set(sv("b", v)))
		},
	},
	{
		name: "insert_from_select",
		doc:  "INSERT ... SELECT.",
		build: func(v int64) core.Statement {
			return core.Insert(gPT.Table).FromSelect([]core.Expression{gPT.PlaylistID, gPT.TrackID},
				core.Select(core.Value(v), gTrack.TrackID).Where(gTrack.GenreID.Eq(v+1)))
		},
	},
	{
		name: "insert_on_conflict_do_nothing",
		doc:  "ON CONFLICT (name) DO NOTHING: PostgreSQL and SQLite.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v))).OnConflict(gTag.Name).DoNothing()
		},
	},
	{
		name: "insert_on_conflict_without_target_do_nothing",
		doc:  "ON CONFLICT DO NOTHING without a target: any unique constraint.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v))).OnConflict().DoNothing()
		},
	},
	{
		name: "insert_on_conflict_do_update",
		doc:  "ON CONFLICT (name) DO UPDATE with EXCLUDED: the value the INSERT proposed.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v)), gTag.Weight.Set(v)).
				OnConflict(gTag.Name).
				DoUpdate(gTag.Weight.SetExpr(gTag.Weight.AddExpr(core.Excluded(gTag.Weight))),
					gTag.Source.Set(sv("upsert", v)))
		},
	},
	{
		name: "insert_on_conflict_do_update_without_target_error",
		doc:  "DO UPDATE needs a conflict target.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v))).OnConflict().
				DoUpdate(gTag.Weight.Set(v))
		},
	},
	{
		name: "insert_on_duplicate_key_update",
		doc:  "ON DUPLICATE KEY UPDATE with VALUES(col): MySQL and MariaDB.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v)), gTag.Weight.Set(v)).
				OnDuplicateKeyUpdate(gTag.Weight.SetExpr(gTag.Weight.AddExpr(core.Excluded(gTag.Weight))),
					gTag.Source.Set(sv("upsert", v)))
		},
	},
	{
		name: "insert_returning",
		doc:  "INSERT ... RETURNING: PostgreSQL, SQLite, MariaDB; not MySQL.",
		build: func(v int64) core.Statement {
			return core.Insert(gTag.Table).Values(gTag.Name.Set(sv("rock", v))).Returning(gTag.TagID, gTag.Weight)
		},
	},
	{
		name: "insert_into_quoted_table_returning_whole_row",
		doc:  `INSERT into "order" with quoted column names, returning every column.`,
		build: func(v int64) core.Statement {
			return core.Insert(gOrder.Table).Values(gOrder.ID.Set(v), gOrder.Select.Set("s"), gOrder.User.Set("u"),
				gOrder.Rank.Set(v+1), gOrder.UserName.Set("n"), gOrder.Odd.Set("o"), gOrder.Prenom.Set("p"),
				gOrder.CustomerID.Set(v+2)).Returning(gOrder)
		},
	},

	// UPDATE.
	{
		name: "update_set_and_set_expr",
		doc:  "UPDATE with a value and an expression.",
		build: func(v int64) core.Statement {
			return core.Update(gTrack.Table).
				Set(gTrack.UnitPrice.SetExpr(gTrack.UnitPrice.Mul(1.1)), gTrack.Composer.Set(sv("anon", v))).
				Where(gTrack.AlbumID.Eq(v))
		},
	},
	{
		name: "update_from_other_table",
		doc:  "UPDATE reading another table: UPDATE ... FROM on PostgreSQL and SQLite, UPDATE t, other on MySQL.",
		build: func(v int64) core.Statement {
			return core.Update(gTrack.Table).Set(gTrack.UnitPrice.Set(float64(v)+0.49)).From(gGenre).
				Where(gTrack.GenreID.EqCol(gGenre.GenreID), gGenre.Name.Eq(sv("Jazz", v)))
		},
	},
	{
		name: "update_returning",
		doc:  "UPDATE ... RETURNING: PostgreSQL and SQLite; neither MySQL nor MariaDB.",
		build: func(v int64) core.Statement {
			return core.Update(gTrack.Table).Set(gTrack.Milliseconds.SetExpr(gTrack.Milliseconds.Add(v))).
				Where(gTrack.TrackID.Eq(v+1)).Returning(gTrack.TrackID, gTrack.Milliseconds)
		},
	},
	{
		name: "update_with_correlated_subquery",
		doc:  "SET from a scalar subquery correlated to the updated table.",
		build: func(v int64) core.Statement {
			total := core.Scalar[float64](core.Select(core.Sum(gLine.UnitPrice)).Where(gLine.InvoiceID.EqCol(gInv.InvoiceID)))
			return core.Update(gInv.Table).Set(gInv.Total.SetExpr(total)).Where(gInv.InvoiceID.Eq(v))
		},
	},
	{
		name: "update_without_set_error",
		doc:  "An UPDATE with nothing to set is refused.",
		build: func(v int64) core.Statement {
			return core.Update(gTrack.Table).Where(gTrack.TrackID.Eq(v))
		},
	},

	// DELETE.
	{
		name: "delete_where",
		doc:  "DELETE with WHERE.",
		build: func(v int64) core.Statement {
			return core.Delete(gLine.Table).Where(gLine.InvoiceID.Eq(v), gLine.Quantity.Lt(v+1))
		},
	},
	{
		name: "delete_returning",
		doc:  "DELETE ... RETURNING: PostgreSQL, SQLite, MariaDB; not MySQL.",
		build: func(v int64) core.Statement {
			return core.Delete(gLine.Table).Where(gLine.InvoiceID.Eq(v)).Returning(gLine.InvoiceLineID, gLine.TrackID)
		},
	},
	{
		name: "delete_all_rows",
		doc:  "DELETE without WHERE removes every row.",
		build: func(v int64) core.Statement {
			return core.Delete(gPT.Table)
		},
	},
	{
		name: "delete_schema_qualified_with_exists",
		doc:  "DELETE from a schema-qualified table, correlated EXISTS on the deleted table.",
		build: func(v int64) core.Statement {
			return core.Delete(gLedger.Table).Where(core.NotExists(
				core.Select(gOrder.ID).Where(gOrder.ID.EqCol(gLedger.OrderID), gOrder.Rank.Gt(v))))
		},
	},
	{
		name: "condition_shared_by_where_and_case",
		doc:  "One condition value used twice in a statement (Where and a CASE): both placeholders take its value.",
		build: func(v int64) core.Statement {
			long := gTrack.Milliseconds.Gt(v)
			return core.Select(gTrack.Name,
				core.Case[string]().When(long, core.Value("long")).Else(core.Value("short")).Label("kind")).
				Where(long)
		},
	},
	{
		name: "select_double_negation",
		doc:  "Neg of Neg: the two minus signs must not run together into a -- comment.",
		build: func(v int64) core.Statement {
			return core.Select(gTrack.Milliseconds.Neg().Neg().Label("same"), gTrack.Milliseconds.Sub(v).Neg().Label("diff"))
		},
	},
	{
		name: "window_ordered_by_aggregate_label",
		doc: "A window ordered by an aggregate that is also selected under a label: inside OVER the expression\n" +
			"is written out, since no database lets a window refer to a select-list alias.",
		build: func(v int64) core.Statement {
			total := core.SumInt(gLine.Quantity).Label("sold")
			return core.Select(gLine.TrackID, total, core.Rank().Over(core.OrderBy(total.Desc())).Label("sales_rank")).
				Where(gLine.InvoiceID.Gt(v)).GroupBy(gLine.TrackID).OrderBy(total.Desc())
		},
	},
	{
		name: "select_lateral_in_from_list",
		doc:  "LATERAL as a comma-separated FROM item: it reads the item before it, so they are not a Cartesian product.",
		build: func(v int64) core.Statement {
			n := core.CountAll().Label("n")
			cnt := core.Select(n).Where(gTrack.AlbumID.EqCol(gAlbum.AlbumID), gTrack.Milliseconds.Gt(v)).Lateral("cnt")
			return core.Select(gAlbum.Title, n.Of(cnt)).From(gAlbum, cnt)
		},
	},
	{
		name: "insert_values_with_scalar_subquery",
		doc: "A scalar subquery in VALUES reads the table being inserted into: it keeps its own FROM\n" +
			"(VALUES cannot refer to the target's columns). MariaDB runs it; MySQL may refuse it (error 1093).",
		build: func(v int64) core.Statement {
			next := core.Scalar[int64](core.Select(core.Coalesce[int64](core.Max(gArtist.ArtistID), core.Value(v)).Add(1)))
			return core.Insert(gArtist.Table).Values(gArtist.ArtistID.SetExpr(next), gArtist.Name.Set(sv("new", v)))
		},
	},
	{
		name: "update_from_returning",
		doc: "UPDATE ... FROM ... RETURNING: the returned columns are qualified, since a bare name (name) could be\n" +
			"in both tables. (SQLite's RETURNING may not name the FROM tables' columns at all.)",
		build: func(v int64) core.Statement {
			return core.Update(gTrack.Table).Set(gTrack.Name.Set(sv("renamed", v))).From(gGenre).
				Where(gTrack.GenreID.EqCol(gGenre.GenreID), gGenre.GenreID.Eq(v)).Returning(gTrack.TrackID, gTrack.Name)
		},
	},
	// Schema DDL.
	{
		name: "create_table_columns_constraints_and_checks",
		doc: "CREATE TABLE with an auto-increment key (identity, AUTO_INCREMENT, SQLite's inline rowid alias),\n" +
			"server defaults, NOT NULL but for pointer columns, a unique column, unique indexes (unnamed: uq_<table>_<cols>;\n" +
			"named: its own name) and CHECK constraints. On MySQL the TEXT columns in a key are VARCHAR(255); notes,\n" +
			"in none, stays LONGTEXT. The non-unique indexes are not here: see create_index_*.",
		build: func(v int64) core.Statement { return core.CreateTable(gShelf.Table) },
	},
	{
		name:  "create_table_array_columns",
		doc:   "Slice columns: arrays on PostgreSQL, the slice's JSON text elsewhere (JSON on MySQL, TEXT on SQLite).",
		build: func(v int64) core.Statement { return core.CreateTable(gPost.Table) },
	},
	{
		name: "array_contains_overlaps_any",
		doc: "Array tests, values bound: as an array on PostgreSQL (@>, &&, = ANY), as JSON text elsewhere\n" +
			"(MySQL's JSON_CONTAINS and JSON_OVERLAPS, SQLite's json_each).",
		build: func(v int64) core.Statement {
			return core.Select(gPost.ID).Where(core.Contains(gPost.Tags, "go", sv("x", v)),
				core.Overlaps(gPost.Tags, "sql"), core.Any(gPost.Scores, v))
		},
	},
	{
		name: "insert_array_values",
		doc:  "Array values: the slice on PostgreSQL, its JSON text elsewhere; a nil slice as an empty one.",
		build: func(v int64) core.Statement {
			return core.Insert(gPost.Table).Values(gPost.ID.Set(v), gPost.Tags.Set([]string{"go", `it's`}), gPost.Scores.Set(nil))
		},
	},
	{
		name: "insert_json_unencodable",
		doc:  "A document encoding/json cannot encode fails Compile, naming the column, before anything is sent.",
		build: func(v int64) core.Statement {
			return core.Insert(gDoc.Table).Values(gDoc.ID.Set(v), gDoc.Data.Set(map[string]any{"c": make(chan int)}))
		},
	},
	{
		name: "array_and_json_of_nil_expressions",
		doc:  "Contains and JSONText of a nil expression fail Compile, naming the function.",
		build: func(v int64) core.Statement {
			return core.Select(gPost.ID).Where(core.Contains[string](nil, sv("x", v)), core.JSONText(nil, "k").Eq("y"))
		},
	},
	{
		name: "json_path_text_and_key",
		doc: "JSON functions, keys always bound: a path's text (PostgreSQL #>> with a text[]; MySQL's JSON_UNQUOTE of\n" +
			"JSON_EXTRACT and SQLite's ->> with a JSON path, each key quoted in it), a path's JSON, and a key's presence.",
		build: func(v int64) core.Statement {
			return core.Select(gDoc.ID, core.JSONGet(gDoc.Data, "owner")).
				Where(core.JSONText(gDoc.Data, "owner", `"na.me"`).Eq(sv("ann", v)), core.JSONHasKey(gDoc.Data, "plan"))
		},
	},
	{
		name: "json_contains",
		doc:  "JSON containment, the value encoded as JSON and bound: PostgreSQL's @>, MySQL's JSON_CONTAINS; SQLite has none.",
		build: func(v int64) core.Statement {
			return core.Select(gDoc.ID).Where(core.JSONContains(gDoc.Data, map[string]any{"plan": "pro", "seats": v}))
		},
	},
	{
		name: "insert_json_document",
		doc:  "A document for a JSON column is bound as its JSON text.",
		build: func(v int64) core.Statement {
			return core.Insert(gDoc.Table).Values(gDoc.ID.Set(v), gDoc.Data.Set(map[string]any{"plan": "pro", "tags": []string{"a"}}))
		},
	},
	{
		name: "create_table_enum_columns",
		doc: "Enum columns: PostgreSQL's type of its own, by its quoted name (create_enum makes it); MySQL's and\n" +
			"MariaDB's ENUM (a backslash doubled, as they read one in a literal); SQLite's TEXT with a CHECK.",
		build: func(v int64) core.Statement { return core.CreateTable(gSignal.Table) },
	},
	{
		name:  "create_enum",
		doc:   "CREATE TYPE ... AS ENUM, only where an enum is a type of its own (PostgreSQL).",
		build: func(v int64) core.Statement { return core.CreateEnum(gSignalColour) },
	},
	{
		name:  "drop_enum_if_exists",
		doc:   "DROP TYPE IF EXISTS for an enum, only where it is a type of its own (PostgreSQL).",
		build: func(v int64) core.Statement { return core.DropEnum(gSignalColour).IfExists() },
	},
	{
		name: "insert_enum_value_outside",
		doc:  "A value outside the column's enum is refused by Compile, before anything is sent.",
		build: func(v int64) core.Statement {
			return core.Insert(gSignal.Table).Values(gSignal.ID.Set(v), gSignal.Colour.Set("blue"))
		},
	},
	{
		name: "insert_enum_values",
		doc:  "Values inside the enum are bound as any string; NULL for the nullable one.",
		build: func(v int64) core.Statement {
			return core.Insert(gSignal.Table).Values(gSignal.ID.Set(v), gSignal.Colour.Set(`it's \ odd`), gSignal.Last.Set(nil))
		},
	},
	{
		name: "create_table_int_enum_columns",
		doc: "Integer enum columns: the integer of the Go type's width, with a CHECK of the values named\n" +
			"ck_<table>_<column> on every database, before the table's own numbered CHECKs.",
		build: func(v int64) core.Statement { return core.CreateTable(gTask.Table) },
	},
	{
		name: "insert_int_enum_values",
		doc:  "Values inside an integer enum are bound as the integers they are; NULL for the nullable one.",
		build: func(v int64) core.Statement {
			return core.Insert(gTask.Table).Values(gTask.ID.Set(v), gTask.Priority.Set(gHigh), gTask.Level.Set(nil))
		},
	},
	{
		name: "insert_int_enum_value_outside",
		doc:  "A value outside an integer enum is refused by Compile, before anything is sent.",
		build: func(v int64) core.Statement {
			return core.Insert(gTask.Table).Values(gTask.ID.Set(v), gTask.Priority.Set(7))
		},
	},
	{
		name: "insert_int_enum_zero_outside",
		doc:  "The Go zero value of a type whose constants start at iota + 1 is refused as any other.",
		build: func(v int64) core.Statement {
			var unset gLevel
			return core.Insert(gTask.Table).Values(gTask.ID.Set(v), gTask.Priority.Set(gLow), gTask.Level.Set(&unset))
		},
	},
	{
		name: "update_int_enum_value_outside",
		doc:  "An UPDATE's SET is checked as an INSERT's value.",
		build: func(v int64) core.Statement {
			return core.Update(gTask.Table).Set(gTask.Priority.Set(gHigh + 1)).Where(gTask.ID.Eq(v))
		},
	},
	{
		name: "create_table_int_enum_twice",
		doc:  "An integer enum with a value twice is refused where a table uses it.",
		build: func(v int64) core.Statement {
			t := core.NewTable("bad")
			core.NewColumn[gPriority](t, "p", core.SQLType(core.IntEnum("priority", gLow, gHigh, gLow)))
			return core.CreateTable(t)
		},
	},
	{
		name: "create_table_if_not_exists",
		doc:  "CREATE TABLE IF NOT EXISTS, on every database.",
		build: func(v int64) core.Statement {
			return core.CreateTable(gArtist.Table).IfNotExists()
		},
	},
	{
		name: "create_table_autoincrement_primary_key_and_unique_text",
		doc: "An auto-increment primary key: on SQLite the whole key is inline as INTEGER NOT NULL PRIMARY KEY, with\n" +
			"no PK constraint. The unique TEXT name is VARCHAR(255) on MySQL, the TEXT source stays LONGTEXT.\n" +
			"Go-side defaults (Default) are not DDL.",
		build: func(v int64) core.Statement { return core.CreateTable(gTag.Table) },
	},
	{
		name: "create_table_foreign_key_actions",
		doc: "Foreign keys with ON DELETE / ON UPDATE actions, one of them a self-reference, one to a TEXT column\n" +
			"(VARCHAR(255) on both sides on MySQL, since both are in keys).",
		build: func(v int64) core.Statement { return core.CreateTable(gBook.Table) },
	},
	{
		name: "create_table_composite_primary_key_and_foreign_keys",
		doc:  "Chinook's playlist_track: a composite primary key whose two columns each reference another table.",
		build: func(v int64) core.Statement {
			return core.CreateTable(gPT.Table)
		},
	},
	{
		name:  "create_table_composite_foreign_key_with_actions",
		doc:   "A composite foreign key (AddForeignKey) with actions, named after all its columns.",
		build: func(v int64) core.Statement { return core.CreateTable(gLoan.Table) },
	},
	{
		name:  "create_table_composite_primary_key_declared_by_set_primary_key",
		doc:   "SetPrimaryKey: a composite key over columns declared without PrimaryKey.",
		build: func(v int64) core.Statement { return core.CreateTable(gCopy.Table) },
	},
	{
		name: "create_table_self_referencing_foreign_key",
		doc:  "Chinook's employee: reports_to references the table itself; its times are DATETIME(6) on MySQL.",
		build: func(v int64) core.Statement {
			return core.CreateTable(gEmp.Table)
		},
	},
	{
		name: "create_table_time_columns",
		doc: "time.Time columns are TIMESTAMP WITH TIME ZONE on PostgreSQL, which keeps the instant; SQLType(Timestamp)\n" +
			"is TIMESTAMP without time zone. MySQL and MariaDB (DATETIME(6)) and SQLite (TIMESTAMP, text) have one type\n" +
			"for both, holding the UTC wall clock.",
		build: func(v int64) core.Statement { return core.CreateTable(gStamp.Table) },
	},
	{
		name:  "create_table_quoted_identifiers",
		doc:   "Reserved and odd names are quoted in the table, the columns, the constraints and the referenced table.",
		build: func(v int64) core.Statement { return core.CreateTable(gOrder.Table) },
	},
	{
		name:  "create_table_quoted_table_name_in_constraint_names",
		doc:   "A table name with a quote, a backtick and a space, inside the derived constraint name too.",
		build: func(v int64) core.Statement { return core.CreateTable(gOddTable.Table) },
	},
	{
		name: "create_table_schema_qualified_referencing_another_schema",
		doc: "A table in schema Billing referencing a table without schema. SQLite's schemas are attached databases,\n" +
			"and a foreign key cannot cross them.",
		build: func(v int64) core.Statement { return core.CreateTable(gLedger.Table) },
	},
	{
		name:  "create_table_schema_qualified_referencing_same_schema",
		doc:   "A foreign key within one schema: SQLite writes the referenced table without it, as it must.",
		build: func(v int64) core.Statement { return core.CreateTable(gAccount.Table) },
	},
	{
		name:  "create_table_on_delete_set_default",
		doc:   "ON DELETE SET DEFAULT: InnoDB rejects it (MySQL) or ignores it (MariaDB), so it is refused there.",
		build: func(v int64) core.Statement { return core.CreateTable(gBin.Table) },
	},
	{
		name: "create_table_autoincrement_outside_any_key",
		doc: "AutoIncrement on a column in no key: an identity column on PostgreSQL; SQLite can auto-increment only\n" +
			"its rowid, MySQL only a column that leads a key.",
		build: func(v int64) core.Statement { return core.CreateTable(gCounter.Table) },
	},
	{
		name:  "create_table_autoincrement_on_unique_column",
		doc:   "AutoIncrement on a unique column beside a text primary key: MySQL can (the column leads a key), SQLite cannot.",
		build: func(v int64) core.Statement { return core.CreateTable(gTicket.Table) },
	},
	{
		name:  "create_table_autoincrement_leading_composite_key",
		doc:   "AutoIncrement on the first column of a composite primary key: not SQLite's rowid, which is a single column.",
		build: func(v int64) core.Statement { return core.CreateTable(gEvent.Table) },
	},
	{
		name:  "create_table_autoincrement_on_two_columns",
		doc:   "Two AutoIncrement columns: PostgreSQL has as many identity columns as you like, MySQL one per table.",
		build: func(v int64) core.Statement { return core.CreateTable(gTwoAuto.Table) },
	},
	{
		name:  "create_table_autoincrement_on_text_column_error",
		doc:   "AutoIncrement on a text column is a mistake everywhere.",
		build: func(v int64) core.Statement { return core.CreateTable(gTextAuto.Table) },
	},
	{
		name:  "create_table_column_without_sql_type_error",
		doc:   "A column of a Go type with no SQL type (a struct) needs SQLType.",
		build: func(v int64) core.Statement { return core.CreateTable(gOpaque.Table) },
	},
	{
		name:  "create_table_without_columns_error",
		doc:   "A table without columns.",
		build: func(v int64) core.Statement { return core.CreateTable(gEmpty) },
	},
	{
		name:  "create_table_of_alias_error",
		doc:   "CREATE TABLE of an alias: the table itself is what exists.",
		build: func(v int64) core.Statement { return core.CreateTable(core.Alias(gArtist.Table, "a")) },
	},
	{
		name: "create_index_on_indexed_column",
		doc:  "The index of an Indexed column, from SecondaryIndexes, named ix_<table>_<column>.",
		build: func(v int64) core.Statement {
			return core.CreateIndex(gShelf.Table, goldenSecondaryIndex(gShelf.Table, "ix_shelf_room"))
		},
	},
	{
		name: "create_index_declared_on_two_columns",
		doc:  "A named two-column index declared with AddIndex.",
		build: func(v int64) core.Statement {
			return core.CreateIndex(gShelf.Table, goldenSecondaryIndex(gShelf.Table, "shelf_by_capacity"))
		},
	},
	{
		name: "create_index_if_not_exists",
		doc:  "CREATE INDEX IF NOT EXISTS: MariaDB has it, MySQL does not.",
		build: func(v int64) core.Statement {
			return core.CreateIndex(gTrack.Table, goldenSecondaryIndex(gTrack.Table, "ix_track_album_id")).IfNotExists()
		},
	},
	{
		name: "create_unique_index_unnamed",
		doc:  "CreateIndex of an unnamed unique index: named uq_<table>_<columns>.",
		build: func(v int64) core.Statement {
			return core.CreateIndex(gTag.Table, core.Index{Unique: true, Columns: []*core.ColumnDef{gTag.Source.Def(), gTag.Weight.Def()}})
		},
	},
	{
		name: "create_index_schema_qualified",
		doc:  "An index of a table in a schema: on SQLite the schema qualifies the index's name, not the table's.",
		build: func(v int64) core.Statement {
			return core.CreateIndex(gAccount.Table, goldenSecondaryIndex(gAccount.Table, "ix_account_ledger_id"))
		},
	},
	{
		name: "create_index_column_of_other_table_error",
		doc:  "An index over a column of another table.",
		build: func(v int64) core.Statement {
			return core.CreateIndex(gTag.Table, core.Index{Columns: []*core.ColumnDef{gArtist.Name.Def()}})
		},
	},
	{
		name:  "drop_table",
		doc:   "DROP TABLE.",
		build: func(v int64) core.Statement { return core.DropTable(gOrder.Table) },
	},
	{
		name:  "drop_table_if_exists_schema_qualified",
		doc:   "DROP TABLE IF EXISTS of a table in a schema.",
		build: func(v int64) core.Statement { return core.DropTable(gLedger.Table).IfExists() },
	},
}

// goldenRender compiles c for every dialect into the golden file's text.
func goldenRender(t *testing.T, c goldenCase, v int64) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(c.doc, "\n") {
		b.WriteString("-- " + line + "\n")
	}
	for _, gd := range goldenDialects {
		b.WriteString("\n-- " + gd.name + "\n")
		res, err := gd.d.Compile(c.build(v))
		if err != nil {
			if !goldenKnownError(err) {
				t.Errorf("%s on %s: error %q wraps none of core's sentinel errors", c.name, gd.name, err)
			}
			b.WriteString("-- error: " + err.Error() + "\n")
			continue
		}
		if err := goldenCheckPlaceholders(gd.d, res); err != nil {
			t.Errorf("%s on %s: %v\n%s", c.name, gd.name, err, res.SQL)
		}
		b.WriteString(res.SQL + "\n")
		b.WriteString("-- args: " + goldenArgs(res.Args) + "\n")
	}
	return b.String()
}

func goldenKnownError(err error) bool {
	for _, s := range []error{core.ErrCartesianProduct, core.ErrUnsupported, core.ErrInvalidStatement,
		core.ErrNoJoinPath, core.ErrInvalidIdentifier, core.ErrForeignKeyCycle, core.ErrIdentifierTooLong,
		core.ErrTooManyParameters} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// goldenCheckPlaceholders checks what a reader of the golden files should
// not have to: that PostgreSQL's placeholders run $1, $2, ... in order, and
// that every dialect has as many placeholders as arguments. Quoted
// identifiers and string literals are skipped.
func goldenCheckPlaceholders(d *core.Dialect, res core.Compiled) error {
	s := res.SQL
	n := 0
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"' || ch == '`' || ch == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == ch {
					if j+1 < len(s) && s[j+1] == ch {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(s) {
				return fmt.Errorf("unterminated %c at offset %d", ch, i)
			}
			i = j
		case ch == '?' && d.Placeholder == core.Question:
			n++
		case ch == '?' && d.Has(core.FeatureJSONB) && strings.HasPrefix(s[i:], "? $"):
			// jsonb's key test, applied to a parameter (JSONHasKey)
		case ch == '?':
			return fmt.Errorf("? in a $n dialect at offset %d", i)
		case ch == '$' && d.Placeholder == core.Dollar:
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			num, err := strconv.Atoi(s[i+1 : j])
			if err != nil {
				return fmt.Errorf("$ without a number at offset %d", i)
			}
			n++
			if num != n {
				return fmt.Errorf("placeholder $%d where $%d was due", num, n)
			}
			i = j - 1
		}
	}
	if n != len(res.Args) {
		return fmt.Errorf("%d placeholders for %d arguments", n, len(res.Args))
	}
	return nil
}

// goldenArgs formats arguments for reading: strings quoted, times in RFC
// 3339, ints other than int64 with their type.
func goldenArgs(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case nil:
			parts[i] = "nil"
		case string:
			parts[i] = strconv.Quote(a)
		case int64, float64, bool:
			parts[i] = fmt.Sprint(a)
		case time.Time:
			parts[i] = "time(" + a.Format(time.RFC3339Nano) + ")"
		case int, int8, int16, int32, uint, uint8, uint16, uint32, uint64, float32:
			parts[i] = fmt.Sprintf("%T(%v)", a, a)
		default:
			parts[i] = fmt.Sprintf("%#v", a)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

var goldenNameRE = regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)

func TestGolden(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range goldenCases {
		if !goldenNameRE.MatchString(c.name) {
			t.Errorf("case name %q: use lower-case words joined by _, no digits", c.name)
		}
		if seen[c.name] {
			t.Errorf("case name %q used twice", c.name)
		}
		seen[c.name] = true
		if strings.TrimSpace(c.doc) == "" {
			t.Errorf("case %s has no doc", c.name)
		}
	}
	if *goldenUpdate {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			got := goldenRender(t, c, 1)
			path := filepath.Join(goldenDir, c.name+".sql")
			if *goldenUpdate {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./core/ -run TestGolden -update to create it)", err)
			}
			if string(want) != got {
				t.Errorf("%s differs from the compiled SQL (-file +compiled); if the change is intended, "+
					"run go test ./core/ -run TestGolden -update and review the diff:\n%s", path, goldenDiff(string(want), got))
			}
		})
	}
	// Golden files without a case are stale: a renamed or deleted case.
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".sql")
		if seen[name] {
			continue
		}
		if *goldenUpdate {
			if err := os.Remove(f); err != nil {
				t.Error(err)
			}
			continue
		}
		t.Errorf("%s has no case in goldenCases: delete it, or run with -update", f)
	}
}

// goldenDiff is a line diff of want and got: "-" lines only in want, "+"
// lines only in got, with up to two lines of context.
func goldenDiff(want, got string) string {
	a := strings.Split(want, "\n")
	b := strings.Split(got, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, line{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			lines = append(lines, line{'-', a[i]})
			i++
		default:
			lines = append(lines, line{'+', b[j]})
			j++
		}
	}
	var out strings.Builder
	for k, l := range lines {
		near := false
		for d := -2; d <= 2; d++ {
			if k+d >= 0 && k+d < len(lines) && lines[k+d].op != ' ' {
				near = true
			}
		}
		if near {
			fmt.Fprintf(&out, "%c %s\n", l.op, l.text)
		}
	}
	return out.String()
}

// goldenFreshDialect is a copy of d's declarations with its own, empty
// statement cache: what d compiles on a cache miss.
func goldenFreshDialect(d *core.Dialect) *core.Dialect {
	return &core.Dialect{
		Name: d.Name, Placeholder: d.Placeholder, IdentifierQuote: d.IdentifierQuote, Reserved: d.Reserved,
		Features: d.Features, TypeName: d.TypeName, OffsetWithoutLimit: d.OffsetWithoutLimit,
		FuncNames: d.FuncNames, KeyTextType: d.KeyTextType, MaxParameters: d.MaxParameters, CacheSize: d.CacheSize,
		MaxIdentifierLength: d.MaxIdentifierLength, MaxAliasLength: d.MaxAliasLength,
		IdentifierLengthInChars: d.IdentifierLengthInChars,
	}
}

type goldenResult struct {
	sql  string
	args []any
	err  string
}

func goldenCompile(d *core.Dialect, s core.Statement) goldenResult {
	c, err := d.Compile(s)
	if err != nil {
		return goldenResult{err: err.Error()}
	}
	return goldenResult{sql: c.SQL, args: c.Args}
}

// TestCompiledCacheConsistency checks the compiled-statement cache against
// the golden cases: a second compile of a statement is a cache hit with the
// same output; the same shape with other values hits the cache, keeps the SQL
// and changes only the arguments, which are those a cold compile gives; and
// compiling every case again adds nothing to any dialect's cache.
func TestCompiledCacheConsistency(t *testing.T) {
	withArgs := 0
	for _, gd := range goldenDialects {
		d := gd.d
		fresh := goldenFreshDialect(d)
		for _, c := range goldenCases {
			name := c.name + "/" + gd.name
			first := goldenCompile(d, c.build(1))
			// The fresh copy must agree with d on a cold compile, or the
			// comparisons below compare different dialects.
			if cold := goldenCompile(fresh, c.build(1)); !reflect.DeepEqual(first, cold) {
				t.Errorf("%s: the compile differs from a cold compile (or goldenFreshDialect misses a new "+
					"Dialect field):\ncompiled: %+v\ncold:     %+v", name, first, cold)
				continue
			}
			before := d.CacheLen()
			again := goldenCompile(d, c.build(1))
			if !reflect.DeepEqual(first, again) {
				t.Errorf("%s: second compile differs:\nfirst:  %+v\nsecond: %+v", name, first, again)
			}
			other := goldenCompile(d, c.build(2))
			if d.CacheLen() != before {
				t.Errorf("%s: the cache grew from %d to %d on compiling the same shape again", name, before, d.CacheLen())
			}
			if first.err != "" {
				if other.err == "" {
					t.Errorf("%s: fails with values from 1 (%s) but compiles with values from 2", name, first.err)
				}
				continue
			}
			if other.sql != first.sql {
				t.Errorf("%s: other values changed the SQL:\n%s\n%s", name, first.sql, other.sql)
			}
			if len(other.args) != len(first.args) {
				t.Errorf("%s: other values changed the argument count: %v, %v", name, first.args, other.args)
			}
			if len(first.args) > 0 {
				withArgs++
				if !c.fixedArgs && reflect.DeepEqual(first.args, other.args) {
					t.Errorf("%s: the arguments did not change with the values: %s", name, goldenArgs(first.args))
				}
			}
			// The cache hit's arguments must be those a cold compile of the
			// same statement binds, in the same places.
			if cold := goldenCompile(goldenFreshDialect(d), c.build(2)); !reflect.DeepEqual(other, cold) {
				t.Errorf("%s: a cache hit binds other arguments than a cold compile:\nhit:  %s %s\ncold: %s %s",
					name, other.sql, goldenArgs(other.args), cold.sql, goldenArgs(cold.args))
			}
		}
	}
	if withArgs < 12*len(goldenDialects) {
		t.Errorf("only %d compiled cases have arguments; the value checks above need a dozen per dialect", withArgs)
	}
	// A full second pass adds nothing to any cache.
	lens := make([]int, len(goldenDialects))
	for i, gd := range goldenDialects {
		lens[i] = gd.d.CacheLen()
	}
	for _, c := range goldenCases {
		for _, gd := range goldenDialects {
			for v := int64(3); v <= 4; v++ {
				_, _ = gd.d.Compile(c.build(v))
			}
		}
	}
	for i, gd := range goldenDialects {
		if n := gd.d.CacheLen(); n != lens[i] {
			t.Errorf("%s: the cache grew from %d to %d when every case was compiled again", gd.name, lens[i], n)
		}
	}
}

// TestCompiledCacheSharedNodes: one expression used twice in a statement,
// and a statement of the same shape with two separate expressions, must not
// share a cache entry that maps both placeholders to one value.
func TestCompiledCacheSharedNodes(t *testing.T) {
	shared := func(v int64) core.Statement {
		cond := gTrack.Milliseconds.Gt(v)
		return core.Select(gTrack.Name).Where(cond).Having(cond)
	}
	separate := func(v, w int64) core.Statement {
		return core.Select(gTrack.Name).Where(gTrack.Milliseconds.Gt(v)).Having(gTrack.Milliseconds.Gt(w))
	}
	for _, gd := range goldenDialects {
		for _, order := range []string{"shared first", "separate first"} {
			d := goldenFreshDialect(gd.d)
			var a, b core.Compiled
			var err error
			if order == "shared first" {
				if a, err = d.Compile(shared(5)); err == nil {
					b, err = d.Compile(separate(6, 7))
				}
			} else {
				if b, err = d.Compile(separate(6, 7)); err == nil {
					a, err = d.Compile(shared(5))
				}
			}
			if err != nil {
				t.Fatalf("%s, %s: %v", gd.name, order, err)
			}
			if want := []any{int64(5), int64(5)}; !reflect.DeepEqual(a.Args, want) {
				t.Errorf("%s, %s: shared condition binds %v, want %v (%s)", gd.name, order, a.Args, want, a.SQL)
			}
			if want := []any{int64(6), int64(7)}; !reflect.DeepEqual(b.Args, want) {
				t.Errorf("%s, %s: separate conditions bind %v, want %v (%s)", gd.name, order, b.Args, want, b.SQL)
			}
		}
	}
}

// TestCompiledCacheLabelOrdering: ORDER BY a select-list label writes the
// bare label, ORDER BY an equal expression that is not in the select list
// writes the expression. The two statements must not share a cache entry, or
// one compiles to the other's SQL depending on which came first (and a set
// operation's ORDER BY is only valid with the bare name).
func TestCompiledCacheLabelOrdering(t *testing.T) {
	label := func() core.Expr[int64] { return core.Max(gTrack.Milliseconds).Label("longest") }
	sameLabel := func() core.Statement {
		l := label()
		return core.Select(gTrack.AlbumID, l).GroupBy(gTrack.AlbumID).OrderBy(l.Desc())
	}
	otherLabel := func() core.Statement {
		return core.Select(gTrack.AlbumID, label()).GroupBy(gTrack.AlbumID).OrderBy(label().Desc())
	}
	unionSame := func() core.Statement {
		l := core.Lower(gArtist.Name).Label("n")
		return core.Select(l).Union(core.Select(core.Lower(gGenre.Name).Label("n"))).OrderBy(l.Asc())
	}
	unionOther := func() core.Statement {
		return core.Select(core.Lower(gArtist.Name).Label("n")).Union(core.Select(core.Lower(gGenre.Name).Label("n"))).
			OrderBy(core.Lower(gArtist.Name).Label("n").Asc())
	}
	for _, gd := range goldenDialects {
		for _, pair := range [][2]func() core.Statement{{sameLabel, otherLabel}, {unionSame, unionOther}} {
			for i := range 2 {
				first, second := pair[i], pair[1-i]
				cold := goldenCompile(goldenFreshDialect(gd.d), second())
				d := goldenFreshDialect(gd.d)
				goldenCompile(d, first())
				if got := goldenCompile(d, second()); !reflect.DeepEqual(got, cold) {
					t.Errorf("%s: after another statement of the same shape, got\n%s %s\nwant (cold compile)\n%s %s",
						gd.name, got.sql, got.err, cold.sql, cold.err)
				}
			}
		}
	}
}
