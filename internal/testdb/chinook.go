package testdb

import (
	"context"
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

// Chinook's expected contents, from shared/datasets/README.md.
const (
	ChinookTracks          = 3503
	ChinookTrackNameChars  = 55639 // sum of the track names' lengths in characters
	ChinookInvoices        = 412
	ChinookInvoiceLines    = 2240
	ChinookPlaylistTracks  = 8715
	ChinookEmployees       = 8
	ChinookInvoiceTotalSum = "2328.60"
)

// chinookScripts is the Chinook dataset, read once per process.
type chinookScripts struct {
	schema, data string
	err          error
	// missing marks err as "no dataset found" rather than a broken one:
	// the only case that may skip outside CI.
	missing bool
}

var loadChinookScripts = sync.OnceValue(func() *chinookScripts {
	s := &chinookScripts{}
	dir, explicit, err := datasetsDir()
	if err != nil {
		s.err, s.missing = err, !explicit
		return s
	}
	dir = filepath.Join(dir, "chinook")
	schema, err := os.ReadFile(filepath.Join(dir, "chinook_schema_portable.sql"))
	if err != nil {
		s.err = err
		return s
	}
	data, err := os.ReadFile(filepath.Join(dir, "chinook_data.sql"))
	if err != nil {
		s.err = err
		return s
	}
	s.schema = string(schema)
	// The data writes dates as '2021/1/1'. PostgreSQL and MySQL parse
	// that, but SQLite keeps it as text, which sorts '2021/10/1' before
	// '2021/2/1' and which the driver does not read back as time.Time.
	// ISO literals mean the same on every backend.
	s.data = slashDate.ReplaceAllStringFunc(string(data), func(lit string) string {
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

// datasetsDir finds shared/datasets: $RETORT_DATASETS if set, else the first
// ancestor of the working directory (a test's package directory) that holds
// shared/datasets/chinook. The repository is checked out with shared/ beside
// it, locally and in CI. explicit reports that the directory was configured,
// so its absence is an error rather than a reason to skip.
func datasetsDir() (dir string, explicit bool, err error) {
	if dir := os.Getenv(EnvDatasets); dir != "" {
		if !isDir(filepath.Join(dir, "chinook")) {
			return "", true, fmt.Errorf("%s=%s has no chinook directory", EnvDatasets, dir)
		}
		return dir, true, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false, err
	}
	for d := wd; ; {
		candidate := filepath.Join(d, "shared", "datasets")
		if isDir(filepath.Join(candidate, "chinook")) {
			return candidate, false, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false, fmt.Errorf("no shared/datasets/chinook in %s or any parent directory", wd)
		}
		d = parent
	}
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// LoadChinook creates the Chinook tables in db's namespace, loads their
// rows, and checks the result against the dataset's published totals. The
// tables carry no foreign keys; tests declare relationships in their
// mappings.
//
// If the dataset cannot be found, LoadChinook skips t, or fails it under
// CI=true or when RETORT_DATASETS names a directory without it.
//
// Two adjustments make the portable files load identically everywhere:
// dates are rewritten as ISO literals, and on MySQL the schema's TIMESTAMP
// columns become DATETIME, because MySQL's TIMESTAMP cannot hold dates
// before 1970 (employees' birth dates) and converts values through the
// session time zone, unlike the SQL-standard TIMESTAMP of the other two.
func LoadChinook(t testing.TB, db *DB) {
	t.Helper()
	s := requireChinookScripts(t)
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
// It checks the result against the dataset's published totals, and skips
// or fails t as LoadChinook does when the dataset is missing.
//
// The data file inserts referenced rows first, and employees in reports_to
// order, so the rows load with foreign keys enforced, as they are on every
// backend (SQLite's connections here turn them on).
func LoadChinookData(t testing.TB, db *DB) {
	t.Helper()
	s := requireChinookScripts(t)
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

// requireChinookScripts returns the dataset, or ends t if it is missing: a
// skip on a developer's machine, a failure under CI or when the dataset is
// broken or RETORT_DATASETS names a directory without it.
func requireChinookScripts(t testing.TB) *chinookScripts {
	t.Helper()
	s := loadChinookScripts()
	if s.err != nil {
		switch {
		case !s.missing:
			t.Fatalf("testdb: chinook: %v", s.err)
		case isCI():
			t.Fatalf("testdb: chinook: %v\nCI=true requires the dataset: check out shared/ beside the repository or set %s", s.err, EnvDatasets)
		default:
			t.Skipf("testdb: chinook: %v\nTo run these tests, check out shared/ beside the repository or set %s to its datasets directory (with CI=true this fails instead of skipping)", s.err, EnvDatasets)
		}
	}
	return s
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
