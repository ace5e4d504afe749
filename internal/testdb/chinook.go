package testdb

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"
)

// Chinook's expected contents, from testdata/README.md.
const (
	ChinookTracks          = 3503
	ChinookTrackNameChars  = 55639 // sum of the track names' lengths in characters
	ChinookInvoices        = 412
	ChinookInvoiceLines    = 2240
	ChinookPlaylistTracks  = 8715
	ChinookEmployees       = 8
	ChinookInvoiceTotalSum = "2328.60"
)

// The datasets (testdata/README.md) are part of the test binaries that use
// this package, so that a fresh clone runs every test with nothing beside
// it.
var (
	//go:embed testdata/chinook/chinook_schema_portable.sql
	chinookSchema string
	//go:embed testdata/chinook/chinook_data.sql
	chinookData string
	//go:embed testdata/shop/shop_postgresql.sql
	shopScript string
)

// chinookScripts is the Chinook dataset as every backend loads it.
type chinookScripts struct {
	schema, data string
}

var loadChinookScripts = sync.OnceValue(func() *chinookScripts {
	s := &chinookScripts{schema: chinookSchema}
	// The data writes dates as '2021/1/1'. PostgreSQL and MySQL parse
	// that, but SQLite keeps it as text, which sorts '2021/10/1' before
	// '2021/2/1' and which the driver does not read back as time.Time.
	// ISO literals mean the same on every backend.
	s.data = slashDate.ReplaceAllStringFunc(chinookData, func(lit string) string {
		t, err := time.Parse("'2006/1/2'", lit)
		if err != nil {
			return lit
		}
		return t.Format("'2006-01-02 15:04:05'")
	})
	return s
})

// slashDate matches a string literal holding nothing but a Chinook date.
var slashDate = regexp.MustCompile(`'\d{4}/\d{1,2}/\d{1,2}'`)

// LoadChinook creates the Chinook tables in db's namespace, loads their
// rows, and checks the result against the dataset's published totals. The
// tables carry no foreign keys; tests declare relationships in their
// mappings.
//
// Two adjustments make the portable files load identically everywhere:
// dates are rewritten as ISO literals, and on MySQL the schema's TIMESTAMP
// columns become DATETIME, because MySQL's TIMESTAMP cannot hold dates
// before 1970 (employees' birth dates) and converts values through the
// session time zone, unlike the SQL-standard TIMESTAMP of the other two.
func LoadChinook(t testing.TB, db *DB) {
	t.Helper()
	s := loadChinookScripts()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	start := time.Now()
	var err error
	if db.Name == SQLite {
		err = loadChinookSQLite(ctx, t.TempDir(), db, s)
	} else {
		err = loadChinookScript(ctx, db, s)
	}
	if err != nil {
		t.Fatalf("testdb: chinook: load on %s: %v", db.Name, err)
	}
	t.Logf("testdb: chinook loaded on %s in %v", db.Name, time.Since(start).Round(time.Millisecond))
}

// LoadChinookData loads Chinook's rows, dates rewritten as LoadChinook
// does, into tables that already exist in db's namespace: for tests that
// create the tables themselves, from the definitions in internal/chinook.
// It checks the result against the dataset's published totals.
//
// The data file inserts referenced rows first, and employees in reports_to
// order, so the rows load with foreign keys enforced, as they are on every
// backend (SQLite's connections here turn them on).
func LoadChinookData(t testing.TB, db *DB) {
	t.Helper()
	s := loadChinookScripts()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	start := time.Now()
	err := db.ExecScript(ctx, s.data)
	if err == nil {
		err = checkChinook(ctx, db)
	}
	if err != nil {
		t.Fatalf("testdb: chinook: load data on %s: %v", db.Name, err)
	}
	t.Logf("testdb: chinook rows loaded on %s in %v", db.Name, time.Since(start).Round(time.Millisecond))
}

// loadChinookScript runs the dataset's SQL and checks the result.
func loadChinookScript(ctx context.Context, db *DB, s *chinookScripts) error {
	schema := s.schema
	if db.Name == MySQL {
		schema = strings.ReplaceAll(schema, " TIMESTAMP", " DATETIME")
	}
	// One script, so that PostgreSQL and SQLite load it in a single
	// transaction and round trip.
	if err := db.ExecScript(ctx, schema+"\n"+s.data); err != nil {
		return err
	}
	return checkChinook(ctx, db)
}

// loadChinookSQLite copies a Chinook database built once per process into
// db, page by page with SQLite's backup API. Under the race detector the
// transpiled SQLite engine runs some 30 times slower, and parsing the
// dataset's 15,000 rows would then take well over a second per test. The
// copy replaces the whole database, so a namespace that already holds
// tables gets the script instead.
func loadChinookSQLite(ctx context.Context, tmp string, db *DB, s *chinookScripts) error {
	var tables int
	if err := db.sqldb.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master").Scan(&tables); err != nil {
		return err
	}
	if tables > 0 {
		return loadChinookScript(ctx, db, s)
	}
	image, err := sqliteChinookImage()
	if err != nil {
		return err
	}
	path := filepath.Join(tmp, "chinook.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		return err
	}
	conn, err := db.sqldb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("%T has no NewRestore", dc)
		}
		b, err := r.NewRestore(sqliteURI(path) + "?mode=ro")
		if err != nil {
			return err
		}
		_, err = b.Step(-1)
		return errors.Join(err, b.Finish())
	})
}

// sqliteChinookImage returns the bytes of a SQLite database file holding
// Chinook, loaded and checked once per process. The file itself is removed
// at once, so nothing outlives the test binary.
var sqliteChinookImage = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "retort-chinook-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "chinook.db")
	sqldb, err := openSQLiteFile(path)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	err = loadChinookScript(ctx, &DB{Name: SQLite, Flavor: SQLite, sqldb: sqldb}, loadChinookScripts())
	if err = errors.Join(err, sqldb.Close()); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
})

// checkChinook compares the loaded data with the totals the dataset's
// README publishes. The character count catches mangled text: lost
// backslashes, or UTF-8 stored in a narrower character set.
func checkChinook(ctx context.Context, db *DB) error {
	length := "LENGTH" // characters for text on SQLite
	if db.Name != SQLite {
		length = "CHAR_LENGTH" // MySQL's LENGTH counts bytes
	}
	got, err := db.QueryStrings(ctx, "SELECT COUNT(*), SUM("+length+"(name)) FROM track")
	if err != nil {
		return err
	}
	want := []string{fmt.Sprint(ChinookTracks), fmt.Sprint(ChinookTrackNameChars)}
	if fmt.Sprint(got) != fmt.Sprint([][]string{want}) {
		return fmt.Errorf("track count and name characters = %v, want %v", got, want)
	}

	rows, err := db.Query(ctx, "SELECT SUM(total) FROM invoice")
	if err != nil {
		return err
	}
	// SQLite sums binary floating-point values, so compare at the
	// column's scale rather than exactly.
	if sum, ok := rows[0][0].(float64); !ok || fmt.Sprintf("%.2f", sum) != ChinookInvoiceTotalSum {
		return fmt.Errorf("invoice total = %v (%T), want %s", rows[0][0], rows[0][0], ChinookInvoiceTotalSum)
	}
	return nil
}
