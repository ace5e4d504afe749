package core_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/chinook"
	"github.com/retortdb/retort/internal/testdb"
)

// These tests run compiled statements on real databases (SQLite, PostgreSQL
// and MariaDB, through testdb) and check the rows they return. Expected rows
// never come from the code under test: they are hand-written SQL run on the
// same database, often formulated differently (a correlated count instead of
// a window function), constants of the Chinook data, or sums worked out in
// Go.

// execCompile compiles stmt for db's dialect.
func execCompile(t *testing.T, db *testdb.DB, stmt core.Statement) core.Compiled {
	t.Helper()
	c, err := db.Dialect().Compile(stmt)
	if err != nil {
		t.Fatalf("%s: compile: %v", db.Dialect(), err)
	}
	return c
}

// execQuery compiles stmt for db and runs it, returning its rows as
// testdb.DB.Query normalises them.
func execQuery(t *testing.T, db *testdb.DB, stmt core.Statement) [][]any {
	t.Helper()
	c := execCompile(t, db, stmt)
	rows, err := db.Query(t.Context(), c.SQL, c.Args...)
	if err != nil {
		t.Fatalf("%s: %v\nSQL:  %s\nargs: %#v", db.Dialect(), err, c.SQL, c.Args)
	}
	return rows
}

// execStmt compiles stmt for db and executes it, returning the rows affected.
func execStmt(t *testing.T, db *testdb.DB, stmt core.Statement) int64 {
	t.Helper()
	c := execCompile(t, db, stmt)
	n, err := db.Exec(t.Context(), c.SQL, c.Args...)
	if err != nil {
		t.Fatalf("%s: %v\nSQL:  %s\nargs: %#v", db.Dialect(), err, c.SQL, c.Args)
	}
	return n
}

// execHandSQL runs hand-written SQL, the independent side of a comparison.
func execHandSQL(t *testing.T, db *testdb.DB, sql string) [][]any {
	t.Helper()
	rows, err := db.Query(t.Context(), sql)
	if err != nil {
		t.Fatalf("%s: hand-written SQL: %v\nSQL: %s", db.Name, err, sql)
	}
	return rows
}

// execHandInt runs hand-written SQL that returns one integer.
func execHandInt(t *testing.T, db *testdb.DB, sql string) int64 {
	t.Helper()
	rows := execHandSQL(t, db, sql)
	if len(rows) != 1 || len(rows[0]) != 1 {
		t.Fatalf("%s: %s returned %v, want one value", db.Name, sql, rows)
	}
	switch n := rows[0][0].(type) {
	case int64:
		return n
	case float64: // SUM of integers is NUMERIC on PostgreSQL and MySQL
		if n == math.Trunc(n) {
			return int64(n)
		}
	}
	t.Fatalf("%s: %s returned %#v, want an integer", db.Name, sql, rows[0][0])
	return 0
}

// execUnsupported checks that stmt does not compile for db because the
// database lacks construct.
func execUnsupported(t *testing.T, db *testdb.DB, stmt core.Statement, construct string) {
	t.Helper()
	c, err := db.Dialect().Compile(stmt)
	if !errors.Is(err, core.ErrUnsupported) {
		t.Fatalf("%s: %s compiled to %q, %v; want an error wrapping core.ErrUnsupported", db.Dialect(), construct, c.SQL, err)
	}
	if !strings.Contains(err.Error(), construct) {
		t.Errorf("%s: error %q does not name %s", db.Dialect(), err, construct)
	}
}

// execText formats rows for comparison: NULL, integers and strings as they are,
// other numbers with two decimals (the scale of Chinook's prices), because
// SQLite sums decimals in binary floating point.
func execText(rows [][]any) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = make([]string, len(row))
		for j, v := range row {
			switch v := v.(type) {
			case nil:
				out[i][j] = "NULL"
			case float64:
				out[i][j] = strconv.FormatFloat(v, 'f', 2, 64)
			case time.Time:
				out[i][j] = v.Format(time.RFC3339)
			case []byte:
				out[i][j] = string(v)
			default:
				out[i][j] = fmt.Sprint(v)
			}
		}
	}
	return out
}

// execAssertRows compares rows with want, both formatted by execText.
func execAssertRows(t *testing.T, what string, got [][]any, want [][]string) {
	t.Helper()
	g := execText(got)
	if reflect.DeepEqual(g, want) {
		return
	}
	if len(g) != len(want) {
		t.Errorf("%s: %d rows, want %d\n got: %s\nwant: %s", what, len(g), len(want), execHead(g), execHead(want))
		return
	}
	for i := range g {
		if !reflect.DeepEqual(g[i], want[i]) {
			t.Errorf("%s: row %d = %q, want %q (%d rows)", what, i, g[i], want[i], len(g))
			return
		}
	}
}

// execAssertSame compares rows from the code under test with the rows of an
// independent query.
func execAssertSame(t *testing.T, what string, got, want [][]any) {
	t.Helper()
	execAssertRows(t, what, got, execText(want))
}

func execHead(rows [][]string) string {
	if len(rows) > 8 {
		return fmt.Sprintf("%q ... (%d more)", rows[:8], len(rows)-8)
	}
	return fmt.Sprintf("%q", rows)
}

// execNum reads a number that a backend may return as an integer or a float
// (SQLite sums whole decimals to an integer).
func execNum(t *testing.T, v any) float64 {
	t.Helper()
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	t.Fatalf("%#v is not a number", v)
	return 0
}

func TestExecRecursiveCTE(t *testing.T) {
	t.Parallel()
	e := chinook.Employee
	anchor := core.Select(e.EmployeeID, e.FirstName, e.LastName, core.Value(int64(0)).Label("depth")).
		Where(e.ReportsTo.IsNull())
	tree := anchor.CTE("tree")
	parentDepth := core.ColumnOf[int64](tree, "depth")
	step := core.Select(e.EmployeeID, e.FirstName, e.LastName, parentDepth.Add(1).Label("depth")).
		Where(e.ReportsTo.EqCol(e.EmployeeID.Of(tree)))
	full := tree.UnionAll(step)
	depth := core.ColumnOf[int64](full, "depth")
	stmt := core.Select(e.EmployeeID.Of(full), e.FirstName.Of(full), e.LastName.Of(full), depth).
		OrderBy(depth, e.EmployeeID.Of(full))
	// The same tree cut off below the managers: the recursive part's own
	// WHERE stops it.
	shallow := tree.UnionAll(step.Where(parentDepth.Lt(1)))
	shallowStmt := core.Select(e.EmployeeID.Of(shallow), core.ColumnOf[int64](shallow, "depth")).
		OrderBy(e.EmployeeID.Of(shallow))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		got := execQuery(t, db, stmt)
		// Chinook's org chart: Adams manages Edwards (sales) and
		// Mitchell (IT), who manage the other five.
		execAssertRows(t, "hierarchy", got, [][]string{
			{"1", "Andrew", "Adams", "0"},
			{"2", "Nancy", "Edwards", "1"},
			{"6", "Michael", "Mitchell", "1"},
			{"3", "Jane", "Peacock", "2"},
			{"4", "Margaret", "Park", "2"},
			{"5", "Steve", "Johnson", "2"},
			{"7", "Robert", "King", "2"},
			{"8", "Laura", "Callahan", "2"},
		})
		execAssertSame(t, "hierarchy vs hand-written WITH RECURSIVE", got, execHandSQL(t, db, `
			WITH RECURSIVE h (employee_id, depth) AS (
				SELECT employee_id, 0 FROM employee WHERE reports_to IS NULL
				UNION ALL
				SELECT x.employee_id, h.depth + 1 FROM employee x JOIN h ON x.reports_to = h.employee_id)
			SELECT h.employee_id, x.first_name, x.last_name, h.depth
			FROM h JOIN employee x ON x.employee_id = h.employee_id
			ORDER BY h.depth, h.employee_id`))
		if len(got) != testdb.ChinookEmployees {
			t.Errorf("hierarchy has %d employees, want all %d", len(got), testdb.ChinookEmployees)
		}
		execAssertRows(t, "hierarchy to depth 1", execQuery(t, db, shallowStmt), [][]string{{"1", "0"}, {"2", "1"}, {"6", "1"}})
	})
}

func TestExecTopTracksPerAlbum(t *testing.T) {
	t.Parallel()
	tr, al := chinook.Track, chinook.Album

	// Through LATERAL: for each album, its three longest tracks (ties
	// broken by id, so that the answer is unique).
	top := core.Select(tr.TrackID, tr.Milliseconds).
		Where(tr.AlbumID.EqCol(al.AlbumID)).
		OrderBy(tr.Milliseconds.Desc(), tr.TrackID.Asc()).
		Limit(3).
		Lateral("top3")
	lateral := core.Select(al.AlbumID, tr.TrackID.Of(top), tr.Milliseconds.Of(top)).
		From(al.Table, top).
		OrderBy(al.AlbumID, tr.Milliseconds.Of(top).Desc(), tr.TrackID.Of(top))
	// The same as LEFT JOIN LATERAL ... ON TRUE, which would keep an
	// album without tracks (Chinook has none).
	lateralJoin := core.Select(al.AlbumID, tr.TrackID.Of(top), tr.Milliseconds.Of(top)).
		From(al.Table).OuterJoin(top, core.True()).
		OrderBy(al.AlbumID, tr.Milliseconds.Of(top).Desc(), tr.TrackID.Of(top))

	// Through ROW_NUMBER() in a subquery.
	rn := core.RowNumber().Over(core.PartitionBy(tr.AlbumID), core.OrderBy(tr.Milliseconds.Desc(), tr.TrackID.Asc())).Label("rn")
	ranked := core.Select(tr.AlbumID, tr.TrackID, tr.Milliseconds, rn).Subquery("ranked")
	numbered := core.Select(tr.AlbumID.Of(ranked), tr.TrackID.Of(ranked), tr.Milliseconds.Of(ranked)).
		Where(rn.Of(ranked).Le(3)).
		OrderBy(tr.AlbumID.Of(ranked), tr.Milliseconds.Of(ranked).Desc(), tr.TrackID.Of(ranked))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		// A track is among its album's three longest when fewer than
		// three tracks of the album come before it.
		want := execHandSQL(t, db, `
			SELECT t.album_id, t.track_id, t.milliseconds FROM track t
			WHERE (SELECT COUNT(*) FROM track u
			       WHERE u.album_id = t.album_id
			         AND (u.milliseconds > t.milliseconds
			              OR (u.milliseconds = t.milliseconds AND u.track_id < t.track_id))) < 3
			ORDER BY t.album_id, t.milliseconds DESC, t.track_id`)
		wantCount := execHandInt(t, db, `
			SELECT SUM(CASE WHEN n > 3 THEN 3 ELSE n END)
			FROM (SELECT album_id, COUNT(*) AS n FROM track WHERE album_id IS NOT NULL GROUP BY album_id) x`)
		if int64(len(want)) != wantCount {
			t.Fatalf("hand-written query: %d rows, want %d", len(want), wantCount)
		}

		byRowNumber := execQuery(t, db, numbered)
		execAssertSame(t, "ROW_NUMBER() vs hand-written", byRowNumber, want)

		// MySQL 8 has LATERAL, MariaDB and SQLite do not.
		hasLateral := db.Name == testdb.Postgres || db.Flavor == testdb.MySQL
		if !hasLateral {
			execUnsupported(t, db, lateral, "LATERAL")
			execUnsupported(t, db, lateralJoin, "LATERAL")
			return
		}
		byLateral := execQuery(t, db, lateral)
		execAssertSame(t, "LATERAL vs hand-written", byLateral, want)
		execAssertSame(t, "LATERAL vs ROW_NUMBER()", byLateral, byRowNumber)
		execAssertSame(t, "LEFT JOIN LATERAL vs hand-written", execQuery(t, db, lateralJoin), want)
	})
}

func TestExecGroupByHaving(t *testing.T) {
	t.Parallel()
	inv, cu := chinook.Invoice, chinook.Customer

	perCustomer := core.Select(inv.CustomerID, core.Sum(inv.Total).Label("spent"), core.CountAll().Label("invoices")).
		GroupBy(inv.CustomerID).
		OrderBy(inv.CustomerID)
	spent := core.Sum(inv.Total).Label("spent")
	perCountry := core.Select(cu.Country, spent).
		From(cu.Table).Join(inv.Table).
		GroupBy(cu.Country).
		Having(core.Sum(inv.Total).Gt(100)).
		OrderBy(spent.Desc(), cu.Country)
	total := core.Select(core.Sum(inv.Total))
	bigInvoices := core.Select(inv.BillingCountry, core.CountAll(), core.Filter(core.CountAll(), inv.Total.Gt(10))).
		GroupBy(inv.BillingCountry).
		OrderBy(inv.BillingCountry)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)

		got := execQuery(t, db, perCustomer)
		execAssertSame(t, "totals per customer", got, execHandSQL(t, db,
			"SELECT customer_id, SUM(total), COUNT(*) FROM invoice GROUP BY customer_id ORDER BY customer_id"))
		var sum float64
		var count int64
		for _, r := range got {
			sum += execNum(t, r[1])
			count += r[2].(int64)
		}
		if s := fmt.Sprintf("%.2f", sum); s != testdb.ChinookInvoiceTotalSum || count != testdb.ChinookInvoices || len(got) != 59 {
			t.Errorf("per-customer totals add up to %s over %d invoices and %d customers, want %s, %d, 59",
				s, count, len(got), testdb.ChinookInvoiceTotalSum, testdb.ChinookInvoices)
		}

		got = execQuery(t, db, perCountry)
		execAssertRows(t, "countries over 100", got, [][]string{
			{"USA", "523.06"},
			{"Canada", "303.96"},
			{"France", "195.10"},
			{"Brazil", "190.10"},
			{"Germany", "156.48"},
			{"United Kingdom", "112.86"},
		})
		execAssertSame(t, "countries over 100 vs hand-written", got, execHandSQL(t, db, `
			SELECT c.country, SUM(i.total) FROM customer c JOIN invoice i ON i.customer_id = c.customer_id
			GROUP BY c.country HAVING SUM(i.total) > 100 ORDER BY 2 DESC, 1`))

		execAssertRows(t, "sum of all invoices", execQuery(t, db, total), [][]string{{testdb.ChinookInvoiceTotalSum}})

		if !db.Dialect().Has(core.FeatureFilter) {
			execUnsupported(t, db, bigInvoices, "FILTER")
			return
		}
		got = execQuery(t, db, bigInvoices)
		execAssertSame(t, "aggregate FILTER vs hand-written", got, execHandSQL(t, db, `
			SELECT billing_country, COUNT(*), SUM(CASE WHEN total > 10 THEN 1 ELSE 0 END)
			FROM invoice GROUP BY billing_country ORDER BY billing_country`))
		if len(got) != 24 {
			t.Errorf("%d billing countries, want 24", len(got))
		}
	})
}

func TestExecNotExists(t *testing.T) {
	t.Parallel()
	cu, inv, tr, il := chinook.Customer, chinook.Invoice, chinook.Track, chinook.InvoiceLine

	withoutInvoice := core.Select(cu.CustomerID, cu.FirstName, cu.LastName).
		Where(core.NotExists(core.Select(inv.InvoiceID).Where(inv.CustomerID.EqCol(cu.CustomerID)))).
		OrderBy(cu.CustomerID)
	withInvoice := core.Select(core.CountAll()).From(cu.Table).
		Where(core.Exists(core.Select(inv.InvoiceID).Where(inv.CustomerID.EqCol(cu.CustomerID))))
	newCustomer := core.Insert(cu.Table).Values(
		cu.CustomerID.Set(60), cu.FirstName.Set("Ada"), cu.LastName.Set("Lovelace"), cu.Email.Set("ada@example.com"))

	unsold := core.Select(tr.TrackID).
		Where(core.NotExists(core.Select(il.InvoiceLineID).Where(il.TrackID.EqCol(tr.TrackID)))).
		OrderBy(tr.TrackID)
	unsoldCount := core.Select(core.CountAll()).From(tr.Table).
		Where(core.NotExists(core.Select(il.InvoiceLineID).Where(il.TrackID.EqCol(tr.TrackID))))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)

		// Every Chinook customer has invoices.
		execAssertRows(t, "customers without invoices, before", execQuery(t, db, withoutInvoice), [][]string{})
		if n := execStmt(t, db, newCustomer); n != 1 {
			t.Fatalf("insert customer: %d rows affected, want 1", n)
		}
		execAssertRows(t, "customers without invoices", execQuery(t, db, withoutInvoice), [][]string{{"60", "Ada", "Lovelace"}})
		execAssertRows(t, "customers with invoices", execQuery(t, db, withInvoice), [][]string{{"59"}})

		want := execHandSQL(t, db, "SELECT track_id FROM track WHERE track_id NOT IN (SELECT track_id FROM invoice_line) ORDER BY track_id")
		execAssertSame(t, "tracks never sold", execQuery(t, db, unsold), want)
		wantCount := execHandInt(t, db, "SELECT COUNT(*) FROM track t LEFT JOIN invoice_line l ON l.track_id = t.track_id WHERE l.invoice_line_id IS NULL")
		if wantCount == 0 || wantCount == testdb.ChinookTracks {
			t.Fatalf("hand-written count of unsold tracks is %d: the check would prove nothing", wantCount)
		}
		execAssertRows(t, "count of tracks never sold", execQuery(t, db, unsoldCount), [][]string{{fmt.Sprint(wantCount)}})
	})
}

func TestExecScalarSubquery(t *testing.T) {
	t.Parallel()
	al, tr := chinook.Album, chinook.Track

	trackCount := core.Scalar[int64](core.Select(core.CountAll()).From(tr.Table).Where(tr.AlbumID.EqCol(al.AlbumID)))
	scalar := core.Select(al.AlbumID, al.Title, trackCount.Label("tracks")).OrderBy(al.AlbumID)
	grouped := core.Select(al.AlbumID, al.Title, core.Count(tr.TrackID).Label("tracks")).
		From(al.Table).OuterJoin(tr.Table).
		GroupBy(al.AlbumID, al.Title).
		OrderBy(al.AlbumID)
	// The scalar subquery in WHERE, against HAVING.
	bigScalar := core.Select(al.AlbumID).Where(trackCount.Gt(20)).OrderBy(al.AlbumID)
	bigGrouped := core.Select(al.AlbumID).From(al.Table).Join(tr.Table).
		GroupBy(al.AlbumID).Having(core.CountAll().Gt(20)).OrderBy(al.AlbumID)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		got := execQuery(t, db, scalar)
		execAssertSame(t, "scalar subquery vs GROUP BY", got, execQuery(t, db, grouped))
		if want := execHandInt(t, db, "SELECT COUNT(*) FROM album"); int64(len(got)) != want {
			t.Errorf("%d albums, want %d", len(got), want)
		}
		var sum int64
		for _, r := range got {
			sum += r[2].(int64)
		}
		if sum != testdb.ChinookTracks {
			t.Errorf("track counts add up to %d, want %d", sum, testdb.ChinookTracks)
		}
		if want := execHandInt(t, db, "SELECT COUNT(*) FROM track WHERE album_id = 1"); len(got) == 0 || got[0][2] != want {
			t.Errorf("album 1: %v, want %d tracks", got[0], want)
		}

		big := execQuery(t, db, bigScalar)
		if len(big) == 0 {
			t.Fatal("no album has more than 20 tracks: the check would prove nothing")
		}
		execAssertSame(t, "scalar subquery in WHERE vs HAVING", big, execQuery(t, db, bigGrouped))
		execAssertSame(t, "scalar subquery in WHERE vs hand-written", big, execHandSQL(t, db,
			"SELECT album_id FROM track GROUP BY album_id HAVING COUNT(*) > 20 ORDER BY album_id"))
	})
}

func TestExecUpsert(t *testing.T) {
	t.Parallel()
	g := chinook.Genre
	insert := core.Insert(g.Table).Values(g.GenreID.Set(100), g.Name.Set("Chiptune"))
	again := core.Insert(g.Table).
		Values(g.GenreID.Set(100), g.Name.Set("8-bit")).
		Values(g.GenreID.Set(101), g.Name.Set("Vaporwave"))
	onConflict := again.OnConflict(g.GenreID).DoUpdate(g.Name.SetExpr(core.Excluded(g.Name)))
	onDuplicate := again.OnDuplicateKeyUpdate(g.Name.SetExpr(core.Excluded(g.Name)))
	// An update that differs from the proposed row, so that RETURNING
	// shows which of the two it returns.
	proposed := core.Insert(g.Table).Values(g.GenreID.Set(101), g.Name.Set("proposed"))
	final := g.Name.Set("Vaporwave (final)")
	readBack := core.Select(g.GenreID, g.Name).Where(g.GenreID.Ge(100)).OrderBy(g.GenreID)
	want := [][]string{{"100", "8-bit"}, {"101", "Vaporwave"}}
	wantFinal := [][]string{{"100", "8-bit"}, {"101", "Vaporwave (final)"}}

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		d := db.Dialect()
		returning := d.Has(core.FeatureReturningInsert)

		if returning {
			execAssertRows(t, "INSERT RETURNING", execQuery(t, db, insert.Returning(g.GenreID, g.Name)), [][]string{{"100", "Chiptune"}})
		} else {
			execUnsupported(t, db, insert.Returning(g.GenreID), "RETURNING")
			execStmt(t, db, insert)
		}

		var upsert *core.InsertStmt
		switch {
		case db.Name == testdb.MySQL:
			execUnsupported(t, db, onConflict, "ON CONFLICT")
			upsert = onDuplicate
		default:
			execUnsupported(t, db, onDuplicate, "ON DUPLICATE KEY UPDATE")
			upsert = onConflict
		}
		if returning {
			got := execQuery(t, db, upsert.Returning(g.GenreID, g.Name))
			slices.SortFunc(got, func(a, b []any) int { return int(a[0].(int64) - b[0].(int64)) })
			execAssertRows(t, "upsert RETURNING", got, want)
		} else {
			execStmt(t, db, upsert)
		}
		execAssertRows(t, "upserted genres", execQuery(t, db, readBack), want)

		upsert = proposed.OnConflict(g.GenreID).DoUpdate(final)
		if db.Name == testdb.MySQL {
			upsert = proposed.OnDuplicateKeyUpdate(final)
		}
		if returning {
			// The row as updated, not as proposed (MariaDB too).
			execAssertRows(t, "upsert RETURNING the updated row", execQuery(t, db, upsert.Returning(g.GenreID, g.Name)), wantFinal[1:])
		} else {
			execStmt(t, db, upsert)
		}
		execAssertRows(t, "upserted genres, hand-written", execHandSQL(t, db,
			"SELECT genre_id, name FROM genre WHERE genre_id >= 100 ORDER BY genre_id"), wantFinal)
		if n := execHandInt(t, db, "SELECT COUNT(*) FROM genre"); n != 27 {
			t.Errorf("%d genres, want 25 + 2", n)
		}
	})
}

func TestExecInList(t *testing.T) {
	t.Parallel()
	tr, g := chinook.Track, chinook.Genre
	tracks := func(ids []int64) *core.SelectStmt {
		return core.Select(tr.TrackID, tr.Name).Where(tr.TrackID.In(ids...)).OrderBy(tr.TrackID)
	}
	count := func(cond core.Bool) *core.SelectStmt {
		return core.Select(core.CountAll()).From(tr.Table).Where(cond)
	}

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		ids := []int64{3, 1, 2, 99999}
		stmt := tracks(ids)
		c := execCompile(t, db, stmt)
		if db.Name == testdb.Postgres {
			// One array parameter, whatever the length.
			if !strings.Contains(c.SQL, "= ANY($1)") || !reflect.DeepEqual(c.Args, []any{ids}) {
				t.Errorf("postgres: In compiled to %s %#v, want = ANY($1) with the slice", c.SQL, c.Args)
			}
			if c2 := execCompile(t, db, tracks([]int64{1, 2, 3, 4, 5, 6})); c2.SQL != c.SQL {
				t.Errorf("postgres: In of 6 values compiled to %s, of 4 to %s", c2.SQL, c.SQL)
			}
		} else if !strings.Contains(c.SQL, "IN (?, ?, ?, ?)") {
			t.Errorf("%s: In compiled to %s, want IN (?, ?, ?, ?)", db.Name, c.SQL)
		}
		execAssertSame(t, "track ids IN", execQuery(t, db, stmt), execHandSQL(t, db,
			"SELECT track_id, name FROM track WHERE track_id IN (1, 2, 3) ORDER BY track_id"))

		names := core.Select(g.GenreID, g.Name).Where(g.Name.In("Metal", "Rock", "Polka")).OrderBy(g.GenreID)
		execAssertRows(t, "genre names IN", execQuery(t, db, names), [][]string{{"1", "Rock"}, {"3", "Metal"}})
		notNames := core.Select(core.CountAll()).From(g.Table).Where(g.Name.NotIn("Metal", "Rock", "Polka"))
		execAssertRows(t, "genre names NOT IN", execQuery(t, db, notNames), [][]string{{"23"}})
		execAssertRows(t, "track ids NOT IN", execQuery(t, db, count(tr.TrackID.NotIn(ids...))),
			[][]string{{fmt.Sprint(testdb.ChinookTracks - 3)}})

		// Empty lists, both nil and empty slices: IN matches nothing, NOT
		// IN everything.
		all := [][]string{{fmt.Sprint(testdb.ChinookTracks)}}
		for _, empty := range [][]int64{nil, {}} {
			what := fmt.Sprintf("%#v", empty)
			execAssertRows(t, "IN "+what, execQuery(t, db, tracks(empty)), [][]string{})
			execAssertRows(t, "count IN "+what, execQuery(t, db, count(tr.TrackID.In(empty...))), [][]string{{"0"}})
			execAssertRows(t, "NOT IN "+what, execQuery(t, db, count(tr.TrackID.NotIn(empty...))), all)
		}
		for _, empty := range [][]string{nil, {}} {
			what := fmt.Sprintf("%#v", empty)
			execAssertRows(t, "IN "+what, execQuery(t, db, count(tr.Name.In(empty...))), [][]string{{"0"}})
			execAssertRows(t, "NOT IN "+what, execQuery(t, db, count(tr.Name.NotIn(empty...))), all)
		}
	})
}

// TestExecInListPastParameterLimit runs an In list of 70,000 values, more
// than any backend takes parameters: PostgreSQL binds it as one array and
// runs it; the others refuse it at Compile with ErrTooManyParameters naming
// the count and the limit, never with the driver's own message.
func TestExecInListPastParameterLimit(t *testing.T) {
	t.Parallel()
	tr := chinook.Track
	ids := make([]int64, 70_000)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	in := core.Select(core.CountAll()).From(tr.Table).Where(tr.TrackID.In(ids...))
	notIn := core.Select(core.CountAll()).From(tr.Table).Where(tr.TrackID.NotIn(ids...))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		d := db.Dialect()
		if d.Has(core.FeatureArrayParams) {
			execAssertRows(t, "IN 70,000 ids", execQuery(t, db, in), [][]string{{fmt.Sprint(testdb.ChinookTracks)}})
			execAssertRows(t, "NOT IN 70,000 ids", execQuery(t, db, notIn), [][]string{{"0"}})
			return
		}
		for _, stmt := range []core.Statement{in, notIn} {
			c, err := d.Compile(stmt)
			if !errors.Is(err, core.ErrTooManyParameters) {
				t.Fatalf("%s: In of 70,000 values: %d args, %v; want ErrTooManyParameters", d, len(c.Args), err)
			}
			if want := fmt.Sprintf("the statement has 70000 bind parameters; %s allows %d", d, d.MaxParameters); !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not say %q", d, err, want)
			}
		}
	})
}

// TestExecParameterLimit checks each dialect's MaxParameters against its
// server: a statement with exactly that many parameters compiles and runs,
// one more is refused by Compile, and the same SQL sent to the driver
// anyway is refused by it too, so the limit is the server's own.
func TestExecParameterLimit(t *testing.T) {
	t.Parallel()
	stmt := func(n int) core.Statement {
		args := make([]any, n)
		for i := range args {
			args[i] = i + 1
		}
		in := "CASE WHEN 1 IN (" + strings.Repeat("?, ", n-1) + "?) THEN 1 ELSE 0 END"
		return core.Select(core.Raw[int64](in, args...).Label("found"))
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		d := db.Dialect()
		if d.MaxParameters == 0 {
			t.Fatalf("%s declares no MaxParameters", d)
		}
		execAssertRows(t, "a statement at the limit", execQuery(t, db, stmt(d.MaxParameters)), [][]string{{"1"}})
		_, err := d.Compile(stmt(d.MaxParameters + 1))
		if !errors.Is(err, core.ErrTooManyParameters) {
			t.Fatalf("%s: %d parameters: %v; want ErrTooManyParameters", d, d.MaxParameters+1, err)
		}
		// What the driver says to one more, compiled by a dialect without
		// the limit: a copy of d's declarations.
		unlimited := &core.Dialect{Name: d.Name, Placeholder: d.Placeholder, IdentifierQuote: d.IdentifierQuote,
			Reserved: d.Reserved, Features: d.Features, TypeName: d.TypeName}
		c, err := unlimited.Compile(stmt(d.MaxParameters + 1))
		if err != nil {
			t.Fatalf("%s without a limit: %v", d, err)
		}
		rows, err := db.Query(t.Context(), c.SQL, c.Args...)
		if err == nil {
			t.Fatalf("%s: the server ran %d parameters (%v); MaxParameters %d is below its limit", d, len(c.Args), rows, d.MaxParameters)
		}
		driverSays := map[string]string{testdb.SQLite: "too many SQL variables",
			testdb.Postgres: "limited to 65535 parameters", testdb.MySQL: "too many placeholders"}
		if !strings.Contains(err.Error(), driverSays[db.Name]) {
			t.Errorf("%s: %d parameters: the driver says %q, not that they are too many", d, len(c.Args), err)
		}
	})
}

func TestExecMultiRowInsert(t *testing.T) {
	t.Parallel()
	mt := chinook.MediaType
	insert := core.Insert(mt.Table).
		Values(mt.MediaTypeID.Set(10), mt.Name.Set("FLAC")).
		Values(mt.Name.Set("Ogg Vorbis"), mt.MediaTypeID.Set(11)). // columns in another order
		Values(mt.MediaTypeID.Set(12), mt.Name.Set("Opus"))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		if n := execStmt(t, db, insert); n != 3 {
			t.Errorf("multi-row INSERT affected %d rows, want 3", n)
		}
		execAssertRows(t, "inserted media types", execHandSQL(t, db,
			"SELECT media_type_id, name FROM media_type WHERE media_type_id >= 10 ORDER BY media_type_id"),
			[][]string{{"10", "FLAC"}, {"11", "Ogg Vorbis"}, {"12", "Opus"}})
		if n := execHandInt(t, db, "SELECT COUNT(*) FROM media_type"); n != 8 {
			t.Errorf("%d media types, want 5 + 3", n)
		}
	})
}

func TestExecUpdateFrom(t *testing.T) {
	t.Parallel()
	tr, al := chinook.Track, chinook.Album
	// Credit every track of artist 1 (AC/DC) to its album's title, a value
	// read from the other table.
	update := core.Update(tr.Table).
		Set(tr.Composer.SetExpr(al.Title)).
		From(al.Table).
		Where(tr.AlbumID.EqCol(al.AlbumID), al.ArtistID.Eq(1))
	const snapshot = "SELECT track_id, composer FROM track ORDER BY track_id"

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		d := db.Dialect()
		if !d.Has(core.FeatureUpdateFrom) && !d.Has(core.FeatureUpdateMultiTable) {
			t.Fatalf("%s has neither UPDATE ... FROM nor multi-table UPDATE", d)
		}
		c := execCompile(t, db, update)
		wantPrefix := "UPDATE track SET composer = album.title FROM album WHERE "
		if d.Has(core.FeatureUpdateMultiTable) {
			wantPrefix = "UPDATE track, album SET track.composer = album.title WHERE "
		}
		if !strings.HasPrefix(c.SQL, wantPrefix) {
			t.Errorf("%s: UPDATE compiled to %s, want it to start %s", d, c.SQL, wantPrefix)
		}

		changed := map[int64]string{}
		for _, r := range execHandSQL(t, db, "SELECT t.track_id, a.title FROM track t JOIN album a ON a.album_id = t.album_id WHERE a.artist_id = 1") {
			changed[r[0].(int64)] = r[1].(string)
		}
		if len(changed) == 0 {
			t.Fatal("artist 1 has no tracks: the check would prove nothing")
		}
		before := execHandSQL(t, db, snapshot)
		if n := execStmt(t, db, update); n != int64(len(changed)) {
			t.Errorf("UPDATE affected %d rows, want %d", n, len(changed))
		}
		// Exactly artist 1's tracks changed, each to its album's title.
		for _, r := range before {
			if title, ok := changed[r[0].(int64)]; ok {
				r[1] = title
			}
		}
		execAssertSame(t, "tracks after UPDATE ... FROM", execHandSQL(t, db, snapshot), before)

		// RETURNING, with a column (album_id) that both tables have.
		returning := update.Returning(tr.TrackID, tr.AlbumID, tr.Composer)
		if !d.Has(core.FeatureReturningUpdate) {
			execUnsupported(t, db, returning, "RETURNING")
			return
		}
		want := execHandSQL(t, db, `SELECT t.track_id, t.album_id, a.title FROM track t JOIN album a ON a.album_id = t.album_id
			WHERE a.artist_id = 1 ORDER BY t.track_id`)
		got := execQuery(t, db, returning)
		slices.SortFunc(got, func(a, b []any) int { return int(a[0].(int64) - b[0].(int64)) })
		execAssertSame(t, "UPDATE ... FROM ... RETURNING", got, want)
		if db.Name == testdb.Postgres {
			// A column of the FROM table; SQLite's RETURNING sees only
			// the updated table.
			got := execQuery(t, db, update.Returning(tr.TrackID, al.Title))
			slices.SortFunc(got, func(a, b []any) int { return int(a[0].(int64) - b[0].(int64)) })
			for i := range want {
				want[i] = []any{want[i][0], want[i][2]}
			}
			execAssertSame(t, "UPDATE ... FROM ... RETURNING album.title", got, want)
		}
	})
}

func TestExecDeleteReturning(t *testing.T) {
	t.Parallel()
	il := chinook.InvoiceLine
	del := core.Delete(il.Table).Where(il.InvoiceID.Eq(1)).Returning(il.InvoiceLineID, il.TrackID)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		if !db.Dialect().Has(core.FeatureReturningDelete) {
			execUnsupported(t, db, del, "RETURNING")
			return
		}
		want := execHandSQL(t, db, "SELECT invoice_line_id, track_id FROM invoice_line WHERE invoice_id = 1 ORDER BY invoice_line_id")
		if len(want) == 0 {
			t.Fatal("invoice 1 has no lines: the check would prove nothing")
		}
		got := execQuery(t, db, del)
		slices.SortFunc(got, func(a, b []any) int { return int(a[0].(int64) - b[0].(int64)) })
		execAssertSame(t, "DELETE RETURNING", got, want)
		if n := execHandInt(t, db, "SELECT COUNT(*) FROM invoice_line"); n != testdb.ChinookInvoiceLines-int64(len(want)) {
			t.Errorf("%d invoice lines left, want %d - %d", n, testdb.ChinookInvoiceLines, len(want))
		}
		if n := execHandInt(t, db, "SELECT COUNT(*) FROM invoice_line WHERE invoice_id = 1"); n != 0 {
			t.Errorf("%d lines of invoice 1 left, want 0", n)
		}
	})
}

func TestExecSetOperations(t *testing.T) {
	t.Parallel()
	cu, e := chinook.Customer, chinook.Employee
	customers := core.Select(cu.Country)
	employees := core.Select(e.Country)
	union := customers.Union(employees).OrderBy(cu.Country)
	unionAll := core.Select(core.CountAll()).From(customers.UnionAll(employees).Subquery("countries"))
	intersect := customers.Intersect(employees).OrderBy(cu.Country)
	except := customers.Except(employees).OrderBy(cu.Country)
	// Parts with their own ORDER BY and LIMIT.
	firsts := core.Select(cu.FirstName).OrderBy(cu.CustomerID).Limit(2).
		UnionAll(core.Select(e.FirstName).OrderBy(e.EmployeeID).Limit(1)).
		OrderBy(cu.FirstName)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		got := execQuery(t, db, union)
		execAssertSame(t, "UNION", got, execHandSQL(t, db,
			"SELECT country FROM customer UNION SELECT country FROM employee ORDER BY country"))
		if len(got) != 24 {
			t.Errorf("UNION: %d countries, want 24", len(got))
		}
		execAssertRows(t, "UNION ALL", execQuery(t, db, unionAll), [][]string{{"67"}})
		// Every employee works in Canada.
		execAssertRows(t, "INTERSECT", execQuery(t, db, intersect), [][]string{{"Canada"}})
		got = execQuery(t, db, except)
		execAssertSame(t, "EXCEPT", got, execHandSQL(t, db,
			"SELECT DISTINCT country FROM customer WHERE country <> 'Canada' ORDER BY country"))
		if len(got) != 23 {
			t.Errorf("EXCEPT: %d countries, want 23", len(got))
		}
		execAssertRows(t, "UNION ALL of limited parts", execQuery(t, db, firsts), [][]string{{"Andrew"}, {"Leonie"}, {"Luís"}})
	})
}

func TestExecWindowFrame(t *testing.T) {
	t.Parallel()
	inv := chinook.Invoice
	order := core.OrderBy(inv.InvoiceDate, inv.InvoiceID)
	running := core.Sum(inv.Total).Over(core.PartitionBy(inv.CustomerID), order,
		core.Rows(core.UnboundedPreceding, core.CurrentRow)).Label("running")
	// A frame that differs from the default one, so that an ignored frame
	// shows.
	pair := core.Sum(inv.Total).Over(core.PartitionBy(inv.CustomerID), order,
		core.Rows(core.Preceding(1), core.CurrentRow)).Label("pair")
	stmt := core.Select(inv.CustomerID, inv.InvoiceID, inv.Total, running, pair).
		OrderBy(inv.CustomerID, inv.InvoiceDate, inv.InvoiceID)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		got := execQuery(t, db, stmt)
		if len(got) != testdb.ChinookInvoices {
			t.Fatalf("%d rows, want %d", len(got), testdb.ChinookInvoices)
		}
		// Worked out in Go from the totals.
		var cust int64
		var sum, prev float64
		for i, r := range got {
			total := execNum(t, r[2])
			if r[0].(int64) != cust {
				cust, sum, prev = r[0].(int64), 0, 0
			}
			sum += total
			if d := execNum(t, r[3]) - sum; math.Abs(d) > 0.005 {
				t.Fatalf("row %d %v: running total %v, want %.2f", i, r, r[3], sum)
			}
			if d := execNum(t, r[4]) - (total + prev); math.Abs(d) > 0.005 {
				t.Fatalf("row %d %v: sum over 2 rows %v, want %.2f", i, r, r[4], total+prev)
			}
			prev = total
		}
		// And with correlated subqueries instead of window functions.
		execAssertSame(t, "window frames vs hand-written", got, execHandSQL(t, db, `
			SELECT i.customer_id, i.invoice_id, i.total,
				(SELECT SUM(j.total) FROM invoice j WHERE j.customer_id = i.customer_id
				 AND (j.invoice_date < i.invoice_date OR (j.invoice_date = i.invoice_date AND j.invoice_id <= i.invoice_id))),
				i.total + COALESCE((SELECT j.total FROM invoice j WHERE j.customer_id = i.customer_id
				 AND (j.invoice_date < i.invoice_date OR (j.invoice_date = i.invoice_date AND j.invoice_id < i.invoice_id))
				 ORDER BY j.invoice_date DESC, j.invoice_id DESC LIMIT 1), 0)
			FROM invoice i ORDER BY i.customer_id, i.invoice_date, i.invoice_id`))
	})
}

func TestExecDistinctOn(t *testing.T) {
	t.Parallel()
	inv := chinook.Invoice
	// Each customer's largest invoice.
	stmt := core.Select(inv.CustomerID, inv.InvoiceID, inv.Total).
		DistinctOn(inv.CustomerID).
		OrderBy(inv.CustomerID, inv.Total.Desc(), inv.InvoiceID)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		if db.Name != testdb.Postgres {
			execUnsupported(t, db, stmt, "DISTINCT ON")
			return
		}
		got := execQuery(t, db, stmt)
		if len(got) != 59 {
			t.Errorf("%d rows, want one per customer (59)", len(got))
		}
		execAssertSame(t, "DISTINCT ON vs hand-written", got, execHandSQL(t, db, `
			SELECT i.customer_id, i.invoice_id, i.total FROM invoice i
			WHERE NOT EXISTS (SELECT 1 FROM invoice j WHERE j.customer_id = i.customer_id
				AND (j.total > i.total OR (j.total = i.total AND j.invoice_id < i.invoice_id)))
			ORDER BY i.customer_id`))
	})
}

func TestExecCTEInsertSelect(t *testing.T) {
	t.Parallel()
	g, pl := chinook.Genre, chinook.Playlist
	src := core.Select(g.GenreID, g.Name).Where(g.GenreID.Le(5)).CTE("src")
	insert := core.Insert(pl.Table).FromSelect(
		[]core.Expression{pl.PlaylistID, pl.Name},
		core.Select(g.GenreID.Of(src).Add(1000), g.Name.Of(src)))
	readBack := core.Select(pl.PlaylistID, pl.Name).Where(pl.PlaylistID.Gt(1000)).OrderBy(pl.PlaylistID)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		c := execCompile(t, db, insert)
		// MySQL and MariaDB take the WITH clause after the column list.
		wantPrefix := "WITH src AS ("
		if db.Name == testdb.MySQL {
			wantPrefix = "INSERT INTO playlist (playlist_id, name) WITH src AS ("
		}
		if !strings.HasPrefix(c.SQL, wantPrefix) {
			t.Errorf("%s: compiled to %s, want it to start %s", db.Dialect(), c.SQL, wantPrefix)
		}
		if n := execStmt(t, db, insert); n != 5 {
			t.Errorf("INSERT ... SELECT affected %d rows, want 5", n)
		}
		execAssertSame(t, "playlists from genres", execQuery(t, db, readBack), execHandSQL(t, db,
			"SELECT genre_id + 1000, name FROM genre WHERE genre_id <= 5 ORDER BY genre_id"))
		execAssertRows(t, "first playlist from genres", execQuery(t, db, readBack.Limit(1)), [][]string{{"1001", "Rock"}})
	})
}

// execLockedIDs runs a compiled query in a transaction and returns the integers
// of its first column.
type execLockedIDs func(ctx context.Context, c core.Compiled) ([]int64, error)

func TestExecSkipLocked(t *testing.T) {
	t.Parallel()
	inv := chinook.Invoice
	lock := core.Select(inv.InvoiceID).Where(inv.InvoiceID.In(2, 5)).OrderBy(inv.InvoiceID).ForUpdate()
	skip := core.Select(inv.InvoiceID).Where(inv.InvoiceID.Le(8)).OrderBy(inv.InvoiceID).ForUpdate(core.SkipLocked())
	noWait := core.Select(inv.InvoiceID).Where(inv.InvoiceID.Eq(2)).ForUpdate(core.NoWait())

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		if db.Name == testdb.SQLite {
			execUnsupported(t, db, skip, "FOR UPDATE")
			return
		}
		// A statement that waits for a lock fails the test instead of
		// hanging it.
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		// begin starts a transaction that the test rolls back at the end
		// or through the returned function.
		begin := func() (execLockedIDs, func()) {
			t.Helper()
			if db.Name == testdb.Postgres {
				tx, err := db.Pool().Begin(ctx)
				if err != nil {
					t.Fatal(err)
				}
				rollback := func() { _ = tx.Rollback(context.Background()) }
				t.Cleanup(rollback)
				return func(ctx context.Context, c core.Compiled) ([]int64, error) {
					rows, err := tx.Query(ctx, c.SQL, c.Args...)
					if err != nil {
						return nil, err
					}
					defer rows.Close()
					return execCollectIDs(rows)
				}, rollback
			}
			tx, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			rollback := func() { _ = tx.Rollback() }
			t.Cleanup(rollback)
			return func(ctx context.Context, c core.Compiled) ([]int64, error) {
				rows, err := tx.QueryContext(ctx, c.SQL, c.Args...)
				if err != nil {
					return nil, err
				}
				defer rows.Close()
				return execCollectIDs(rows)
			}, rollback
		}
		run := func(tx execLockedIDs, stmt core.Statement, want []int64) {
			t.Helper()
			c := execCompile(t, db, stmt)
			ids, err := tx(ctx, c)
			if err != nil {
				t.Fatalf("%s: %v\nSQL:  %s\nargs: %#v", db.Dialect(), err, c.SQL, c.Args)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("%s: %s returned %v, want %v", db.Dialect(), c.SQL, ids, want)
			}
		}

		first, endFirst := begin()
		second, endSecond := begin()
		run(first, lock, []int64{2, 5})
		run(second, skip, []int64{1, 3, 4, 6, 7, 8})
		// The rows really are locked: NOWAIT fails at once.
		waiter, endWaiter := begin()
		c := execCompile(t, db, noWait)
		if ids, err := waiter(ctx, c); err == nil {
			t.Errorf("%s: %s returned %v while another transaction holds the row; want a lock error", db.Dialect(), c.SQL, ids)
		}
		endWaiter()
		// Once the first transaction ends, its rows are free and the
		// second one's are still skipped; then all are free.
		endFirst()
		third, endThird := begin()
		run(third, skip, []int64{2, 5})
		endThird()
		endSecond()
		fourth, _ := begin()
		run(fourth, skip, []int64{1, 2, 3, 4, 5, 6, 7, 8})
	})
}

// TestExecLongNames checks the identifier limits against the servers, and
// the names the compiler makes up from long names. A name at the dialect's
// limit (in characters, "é", where it counts them) is created and read
// back; one longer is refused by Compile with ErrIdentifierTooLong, and the
// server indeed does not keep it: of two tables named by hand with such a
// name and a different last character, one is refused (PostgreSQL cut
// both to one name, MySQL refuses them), and of two labels alike up to
// the alias limit, a derived table cannot give both. Then two anonymous
// aliases of a 62-byte table (named <table>_1 and <table>_2, 64 bytes) and
// a 63-byte column selected through both (<column> and <column>_1) are
// queried through a subquery: with the generated names shortened, not cut
// by the server to the same name, the rows come back as they should.
func TestExecLongNames(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		d := db.Dialect()
		q := func(name string) string { s, _ := d.QuoteIdentifier(name); return s }
		unit := "a"
		if d.IdentifierLengthInChars {
			unit = "é"
		}
		limit := d.MaxIdentifierLength
		if limit == 0 {
			limit = 300 // SQLite keeps any name
		}
		at := strings.Repeat(unit, limit)
		tb := core.NewTable(at)
		col := core.NewColumn[int64](tb, at, core.PrimaryKey())
		execStmt(t, db, core.CreateTable(tb))
		execStmt(t, db, core.Insert(tb).Values(col.Set(7)))
		execAssertRows(t, "a table and column named at the limit", execQuery(t, db, core.Select(col)), [][]string{{"7"}})

		if d.MaxIdentifierLength > 0 {
			over := core.NewTable(at + "x")
			core.NewColumn[int64](over, "id")
			if _, err := d.Compile(core.CreateTable(over)); !errors.Is(err, core.ErrIdentifierTooLong) {
				t.Errorf("CREATE TABLE of a name over the limit: %v; want ErrIdentifierTooLong", err)
			}
			_, err1 := db.Exec(t.Context(), "CREATE TABLE "+q(at+"x1")+" (id INT)")
			_, err2 := db.Exec(t.Context(), "CREATE TABLE "+q(at+"x2")+" (id INT)")
			if err1 == nil && err2 == nil {
				t.Errorf("the server kept two table names of %d characters and more, alike up to the last", limit+2)
			}

			alias := strings.Repeat(unit, max(d.MaxAliasLength, limit))
			derived := "SELECT " + q(alias+"1") + ", " + q(alias+"2") + " FROM (SELECT 1 AS " + q(alias+"1") +
				", 2 AS " + q(alias+"2") + ") AS s"
			if rows, err := db.Query(t.Context(), derived); err == nil {
				t.Errorf("the server kept two aliases over the alias limit, alike up to the last: %v", rows)
			}
			label := core.NewColumn[int64](core.NewTable("t"), "id").Label(alias + "1")
			if _, err := d.Compile(core.Select(label)); !errors.Is(err, core.ErrIdentifierTooLong) {
				t.Errorf("a label over the alias limit: %v; want ErrIdentifierTooLong", err)
			}
		}

		long := core.NewTable(strings.Repeat("l", 62))
		id := core.NewColumn[int64](long, "id", core.PrimaryKey())
		c := core.NewColumn[string](long, strings.Repeat("c", 63))
		execStmt(t, db, core.CreateTable(long))
		execStmt(t, db, core.Insert(long).Values(id.Set(1), c.Set("x")).Values(id.Set(2), c.Set("y")).Values(id.Set(3), c.Set("z")))
		a1, a2 := core.Alias(long, ""), core.Alias(long, "")
		inner := core.Select(id.Of(a1), id.Of(a2), c.Of(a1), c.Of(a2)).From(a1).
			Join(a2, id.Of(a2).GtCol(id.Of(a1))).Subquery("")
		// Cut to 63 bytes by PostgreSQL, <column>_1 would be <column>
		// again, and this reference ambiguous.
		first, second := core.ColumnOf[string](inner, c.Name()), core.ColumnOf[int64](inner, "id_1")
		outer := core.Select(first, second).OrderBy(core.ColumnOf[int64](inner, "id"), second)
		execAssertRows(t, "pairs through two anonymous aliases of a long table", execQuery(t, db, outer),
			[][]string{{"x", "2"}, {"x", "3"}, {"y", "3"}})
	})
}

func TestExecQuotedIdentifiers(t *testing.T) {
	t.Parallel()
	const oddName = "it's a \"quoted\" `name`"
	order := core.NewTable("order")
	id := core.NewColumn[int64](order, "id", core.PrimaryKey())
	sel := core.NewColumn[string](order, "Select")
	odd := core.NewColumn[string](order, oddName)
	ddl := map[string]string{
		testdb.Postgres: `CREATE TABLE "order" (id BIGINT PRIMARY KEY, "Select" VARCHAR(50) NOT NULL, "it's a ""quoted"" ` + "`name`" + `" VARCHAR(50) NOT NULL)`,
		testdb.SQLite:   `CREATE TABLE "order" (id INTEGER PRIMARY KEY, "Select" VARCHAR(50) NOT NULL, "it's a ""quoted"" ` + "`name`" + `" VARCHAR(50) NOT NULL)`,
		testdb.MySQL:    "CREATE TABLE `order` (id BIGINT PRIMARY KEY, `Select` VARCHAR(50) NOT NULL, `it's a \"quoted\" ``name``` VARCHAR(50) NOT NULL)",
	}
	handSelect := map[string]string{
		testdb.Postgres: `SELECT id, "Select", "it's a ""quoted"" ` + "`name`" + `" FROM "order" ORDER BY id`,
		testdb.MySQL:    "SELECT id, `Select`, `it's a \"quoted\" ``name``` FROM `order` ORDER BY id",
	}
	handSelect[testdb.SQLite] = handSelect[testdb.Postgres]

	insert := core.Insert(order).
		Values(id.Set(1), sel.Set("a"), odd.Set("x")).
		Values(id.Set(2), sel.Set("b"), odd.Set("y")).
		Values(id.Set(3), sel.Set("c"), odd.Set("y"))
	from := core.Alias(order, "from")
	label := sel.Of(from).Label("Group By")
	selectStmt := core.Select(id.Of(from), label, odd.Of(from)).
		Where(odd.Of(from).Eq("y")).
		OrderBy(label.Desc())
	update := core.Update(order).Set(odd.SetExpr(sel)).Where(id.Eq(1))
	del := core.Delete(order).Where(sel.Eq("b"))

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		if _, err := db.Exec(t.Context(), ddl[db.Name]); err != nil {
			t.Fatalf("%s: %v\n%s", db.Name, err, ddl[db.Name])
		}
		if n := execStmt(t, db, insert); n != 3 {
			t.Errorf("INSERT affected %d rows, want 3", n)
		}
		execAssertRows(t, "rows, hand-written", execHandSQL(t, db, handSelect[db.Name]),
			[][]string{{"1", "a", "x"}, {"2", "b", "y"}, {"3", "c", "y"}})
		execAssertRows(t, "SELECT", execQuery(t, db, selectStmt), [][]string{{"3", "c", "y"}, {"2", "b", "y"}})
		if n := execStmt(t, db, update); n != 1 {
			t.Errorf("UPDATE affected %d rows, want 1", n)
		}
		if n := execStmt(t, db, del); n != 1 {
			t.Errorf("DELETE affected %d rows, want 1", n)
		}
		execAssertRows(t, "rows after UPDATE and DELETE, hand-written", execHandSQL(t, db, handSelect[db.Name]),
			[][]string{{"1", "a", "a"}, {"3", "c", "y"}})
	})
}

// execCollectIDs reads one int64 column from pgx or database/sql rows.
func execCollectIDs(rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}) ([]int64, error) {
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
