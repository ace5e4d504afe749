package testdb_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/retortdb/retort/internal/testdb"
)

// TestMain fails the package's tests if a goroutine outlives them: the
// fault proxy's, or a pool's the harness failed to close.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestLoadChinook(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		testdb.LoadChinook(t, db)
		ctx := t.Context()

		// Counting the namespace's tables also proves isolation: the
		// schema or database holds this test's tables and nothing else.
		tables := map[string]string{
			testdb.SQLite:   "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
			testdb.Postgres: "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
			testdb.MySQL:    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
		}[db.Name]
		assertRows(t, db, tables, [][]string{{"11"}})

		assertRows(t, db, `SELECT
			(SELECT COUNT(*) FROM track),
			(SELECT COUNT(*) FROM invoice),
			(SELECT COUNT(*) FROM invoice_line),
			(SELECT COUNT(*) FROM playlist_track),
			(SELECT COUNT(*) FROM employee)`,
			[][]string{{
				fmt.Sprint(testdb.ChinookTracks),
				fmt.Sprint(testdb.ChinookInvoices),
				fmt.Sprint(testdb.ChinookInvoiceLines),
				fmt.Sprint(testdb.ChinookPlaylistTracks),
				fmt.Sprint(testdb.ChinookEmployees),
			}})
		assertRows(t, db, "SELECT employee_id, reports_to FROM employee WHERE reports_to IS NULL",
			[][]string{{"1", "NULL"}})

		// Values chosen to exercise Query's normalisation: an integer, a
		// decimal, non-ASCII text, a backslash that MySQL would eat
		// without NO_BACKSLASH_ESCAPES, and a date that only sorts and
		// scans correctly on SQLite after the ISO rewrite.
		rows, err := db.Query(ctx, `SELECT t.track_id, t.unit_price, t.name, i.invoice_date
			FROM track t, invoice i
			WHERE t.track_id = 3499 AND i.invoice_id = 1`)
		if err != nil {
			t.Fatal(err)
		}
		want := [][]any{{
			int64(3499),
			0.99,
			`Pini Di Roma (Pinien Von Rom) \ I Pini Della Via Appia`,
			time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC),
		}}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("Query = %#v\nwant %#v", rows, want)
		}
		assertRows(t, db, "SELECT name FROM artist WHERE artist_id = 6", [][]string{{"Antônio Carlos Jobim"}})
		assertRows(t, db, "SELECT MAX(invoice_date) FROM invoice WHERE invoice_date < '2021-03-01'",
			maxDate(db))
	})
}

// maxDate is the latest February 2021 invoice date. SQLite reports an
// aggregate without a declared type, so the driver cannot know it is a
// time and returns the stored ISO text.
func maxDate(db *testdb.DB) [][]string {
	if db.Name == testdb.SQLite {
		return [][]string{{"2021-02-19 00:00:00"}}
	}
	return [][]string{{"2021-02-19 00:00:00 +0000 UTC"}}
}

func TestNormalisation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := t.Context()
		err := db.ExecScript(ctx, `
			CREATE TABLE sample (
				id INT PRIMARY KEY,
				amount NUMERIC(10,2),
				ratio REAL,
				label VARCHAR(40),
				note TEXT
			);
			INSERT INTO sample VALUES (1, 2.00, 0.5, 'semi;colon', 'it''s');
			INSERT INTO sample VALUES (2, NULL, NULL, NULL, NULL);`)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(ctx, "SELECT id, amount, ratio, label, note FROM sample ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		want := [][]any{
			{int64(1), 2.0, 0.5, "semi;colon", "it's"},
			{int64(2), nil, nil, nil, nil},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("Query = %#v\nwant %#v", rows, want)
		}

		update := "UPDATE sample SET label = 'x' WHERE id IN (1, 2)"
		if n, err := db.Exec(ctx, update); err != nil || n != 2 {
			t.Errorf("Exec(%q) = %d, %v; want 2 rows", update, n, err)
		}
		// Setting the same value again: MySQL reports changed rows unless
		// the harness asks for matched ones, as the other backends count.
		if n, err := db.Exec(ctx, update); err != nil || n != 2 {
			t.Errorf("Exec(%q) again = %d, %v; want 2 rows", update, n, err)
		}
	})
}

// TestExecScriptFailureLeavesNothing checks the transactional loading that
// ExecScript promises on PostgreSQL and SQLite.
func TestExecScriptFailureLeavesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		if db.Name == testdb.MySQL {
			t.Skip("MySQL commits DDL implicitly")
		}
		ctx := t.Context()
		err := db.ExecScript(ctx, "CREATE TABLE doomed (id INT); INSERT INTO no_such_table VALUES (1);")
		if err == nil {
			t.Fatal("ExecScript succeeded; want an error for the missing table")
		}
		if _, err := db.Query(ctx, "SELECT * FROM doomed"); err == nil {
			t.Error("table doomed exists after the failed script")
		}
	})
}

// TestIsolation runs Each twice, so the second round's subtests are named
// "sqlite#01" and so on, and checks that nothing carries over: each run
// must get a namespace of its own.
func TestIsolation(t *testing.T) {
	for range 2 {
		testdb.Each(t, func(t *testing.T, db *testdb.DB) {
			if _, err := db.Exec(t.Context(), "CREATE TABLE marker (id INT)"); err != nil {
				t.Fatalf("namespace is not fresh: %v", err)
			}
		})
	}
}

func TestHandles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		if (db.Pool() != nil) != (db.Name == testdb.Postgres) || (db.SQL() != nil) == (db.Name == testdb.Postgres) {
			t.Errorf("%s: Pool() = %v, SQL() = %v", db.Name, db.Pool(), db.SQL())
		}
		if db.Name == testdb.MySQL {
			if db.Flavor != testdb.MariaDB && db.Flavor != testdb.MySQL {
				t.Errorf("Flavor = %q", db.Flavor)
			}
			// The harness's sql_mode change must stay inside ExecScript.
			if err := db.ExecScript(t.Context(), "SELECT 1;"); err != nil {
				t.Fatal(err)
			}
			rows, err := db.QueryStrings(t.Context(), "SELECT @@SESSION.sql_mode LIKE '%NO_BACKSLASH_ESCAPES%'")
			if err != nil || rows[0][0] != "0" {
				t.Errorf("sql_mode has NO_BACKSLASH_ESCAPES after ExecScript: %v, %v", rows, err)
			}
		} else if db.Flavor != db.Name {
			t.Errorf("Flavor = %q, want %q", db.Flavor, db.Name)
		}
	})
}

func assertRows(t *testing.T, db *testdb.DB, query string, want [][]string) {
	t.Helper()
	got, err := db.QueryStrings(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s\n got %q\nwant %q", query, got, want)
	}
}
