package introspect_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/introspect"
	"github.com/retortdb/retort/internal/testdb"
)

// typesDDL makes, on each backend, a table of every type the command
// maps, an enum where the database has them, two foreign keys to one
// table, a composite unique constraint and index, a composite foreign
// key, and indexes no tag declares (descending, partial, on an
// expression) where the database has them; on PostgreSQL, a table of
// arrays.
var typesDDL = map[string][]string{
	testdb.Postgres: {
		`CREATE TABLE leg (flight_number INTEGER, seq INTEGER, PRIMARY KEY (flight_number, seq))`,
		`CREATE TABLE booking (id BIGINT PRIMARY KEY, flight_number INTEGER NOT NULL, seq INTEGER NOT NULL, FOREIGN KEY (flight_number, seq) REFERENCES leg)`,
		`CREATE TYPE mood AS ENUM ('sad', 'so-so', 'happy')`,
		`CREATE TABLE airport (code VARCHAR(3) PRIMARY KEY, name TEXT NOT NULL)`,
		`CREATE TABLE flight (
			id BIGSERIAL PRIMARY KEY, origin_id VARCHAR(3) NOT NULL REFERENCES airport (code),
			destination_id VARCHAR(3) NOT NULL REFERENCES airport (code) ON DELETE CASCADE,
			number INTEGER NOT NULL, seats SMALLINT, price NUMERIC(8, 2), fill REAL, ratio DOUBLE PRECISION,
			open BOOLEAN NOT NULL DEFAULT true, day DATE, departs TIMESTAMP, lands TIMESTAMP(3) WITH TIME ZONE,
			notes JSONB, ref UUID, photo BYTEA, mood mood NOT NULL DEFAULT 'so-so',
			UNIQUE (number, day), CHECK (number > 0))`,
		`CREATE INDEX ix_flight_route ON flight (origin_id, destination_id)`,
		`CREATE INDEX ix_flight_late ON flight (number, day DESC)`,
		`CREATE INDEX ix_flight_open ON flight (number) WHERE open`,
		`CREATE UNIQUE INDEX ix_flight_lower ON flight (lower(origin_id), number)`,
		`CREATE TABLE crew (id BIGINT PRIMARY KEY, names TEXT[] NOT NULL, ranks INTEGER[], badges BIGINT[] NOT NULL,
			refs UUID[] NOT NULL, pay NUMERIC(8, 2)[] NOT NULL, codes VARCHAR(4)[] NOT NULL, days DATE[] NOT NULL,
			seen TIMESTAMPTZ[] NOT NULL, flags BOOLEAN[] NOT NULL, scores DOUBLE PRECISION[] NOT NULL, doc JSON NOT NULL,
			blobs BYTEA[] NOT NULL)`,
	},
	testdb.MySQL: {
		`CREATE TABLE leg (flight_number INT, seq INT, PRIMARY KEY (flight_number, seq))`,
		`CREATE TABLE booking (id BIGINT PRIMARY KEY, flight_number INT NOT NULL, seq INT NOT NULL, CONSTRAINT fk_leg FOREIGN KEY (flight_number, seq) REFERENCES leg (flight_number, seq))`,
		`CREATE TABLE airport (code VARCHAR(3) PRIMARY KEY, name LONGTEXT NOT NULL)`,
		`CREATE TABLE flight (
			id BIGINT AUTO_INCREMENT PRIMARY KEY, origin_id VARCHAR(3) NOT NULL, destination_id VARCHAR(3) NOT NULL,
			number INT NOT NULL, seats SMALLINT, price DECIMAL(8, 2), fill FLOAT, ratio DOUBLE,
			open BOOLEAN NOT NULL DEFAULT true, day DATE, departs DATETIME(6), lands DATETIME(6),
			notes JSON, ref CHAR(36), photo LONGBLOB, mood ENUM('sad', 'so-so', 'happy') NOT NULL DEFAULT 'so-so',
			UNIQUE (number, day), CHECK (number > 0),
			CONSTRAINT fk_origin FOREIGN KEY (origin_id) REFERENCES airport (code),
			CONSTRAINT fk_destination FOREIGN KEY (destination_id) REFERENCES airport (code) ON DELETE CASCADE)`,
		`CREATE INDEX ix_flight_route ON flight (origin_id, destination_id)`,
		`CREATE INDEX ix_flight_late ON flight (number, day DESC)`,
	},
	testdb.SQLite: {
		`CREATE TABLE leg (flight_number INTEGER, seq INTEGER, PRIMARY KEY (flight_number, seq))`,
		`CREATE TABLE booking (id INTEGER PRIMARY KEY, flight_number INTEGER NOT NULL, seq INTEGER NOT NULL, FOREIGN KEY (flight_number, seq) REFERENCES leg)`,
		`CREATE TABLE airport (code VARCHAR(3) PRIMARY KEY, name TEXT NOT NULL)`,
		`CREATE TABLE flight (
			id INTEGER PRIMARY KEY, origin_id VARCHAR(3) NOT NULL REFERENCES airport (code),
			destination_id VARCHAR(3) NOT NULL REFERENCES airport (code) ON DELETE CASCADE,
			number INTEGER NOT NULL, seats INTEGER, price NUMERIC(8, 2), fill REAL, ratio REAL,
			open BOOLEAN NOT NULL DEFAULT true, day DATE, departs TIMESTAMP, lands TIMESTAMP,
			notes JSON, ref UUID, photo BLOB, mood TEXT NOT NULL DEFAULT 'so-so' CHECK (mood IN ('sad', 'so-so', 'happy')),
			UNIQUE (number, day), CHECK (number > 0))`,
		`CREATE INDEX ix_flight_route ON flight (origin_id, destination_id)`,
		`CREATE INDEX ix_flight_late ON flight (number, day DESC)`,
		`CREATE INDEX ix_flight_open ON flight (number)
			WHERE open`,
		`CREATE UNIQUE INDEX ix_flight_lower ON flight (lower(origin_id), number)`,
	},
}

// typesWant are lines each backend's models.go must have, where they
// differ; common holds those of every backend.
var (
	common = []string{
		"type Airport struct {",
		"Code    string    `retort:\"pk; type:varchar(3)\"`",
		"Name    string\n",
		"OriginFlights      []*Flight `retort:\"fk:origin_id; back:Origin\"`",
		"DestinationFlights []*Flight `retort:\"fk:destination_id; back:Destination\"`",
		"_             struct{}   `retort:\"unique:(number, day); index:(origin_id, destination_id)",
		"OriginID      string     `retort:\"type:varchar(3); references:airport.code\"`",
		"DestinationID string     `retort:\"type:varchar(3); references:airport.code; ondelete:cascade\"`",
		"Price         *decimal.Decimal `retort:\"type:numeric(8, 2)\"`",
		"Open          bool       `retort:\"server_default:",
		"Day           *time.Time `retort:\"type:date\"`",
		"Notes         *map[string]any\n",
		"Ref           *[16]byte\n",
		"Photo         *[]byte\n",
		"Origin        *Airport   `retort:\"fk:origin_id; back:OriginFlights\"`",
		"Destination   *Airport   `retort:\"fk:destination_id; back:DestinationFlights\"`",
		"type Booking struct {\n\t// (flight_number, seq) references leg (flight_number, seq): a composite foreign key, which tags cannot declare.\n",
	}
	typesWant = map[string][]string{
		testdb.Postgres: {
			"destination_id); check:(number > 0)\"`", "type Mood string",
			"// index ix_flight_late USING btree (number, day DESC), which tags cannot declare.\n",
			"// index ix_flight_open USING btree (number) WHERE open, which tags cannot declare.\n",
			"// unique index ix_flight_lower USING btree (lower((origin_id)::text), number), which tags cannot declare.\n", "MoodSoSo  Mood = \"so-so\"",
			"Number        int32\n", "Seats         *int16\n", "Fill          *float32\n", "Ratio         *float64\n",
			"Departs       *time.Time `retort:\"type:timestamp\"`", "Lands         *time.Time\n",
			"Mood          Mood       `retort:\"server_default:'so-so'::mood\"`",
			"type Crew struct {", "Names  []string\n", "Ranks  *[]int32\n", "Badges []int64\n", "Refs   [][16]byte\n",
			"Pay    []decimal.Decimal `retort:\"type:numeric(8, 2)[]\"`", "Codes  []string `retort:\"type:varchar(4)[]\"`",
			"Days   []time.Time `retort:\"type:date[]\"`", "Seen   []time.Time\n", "Flags  []bool\n", "Scores []float64\n",
			"Doc    map[string]any\n", "Blobs  [][]byte\n",
		},
		testdb.MySQL: {
			"destination_id); check:number > 0\"`", "type FlightMood string",
			"// index ix_flight_late (number, day DESC), which tags cannot declare.\n", "FlightMoodSoSo  FlightMood = \"so-so\"",
			"Number        int32\n", "Seats         *int16\n", "Fill          *float32\n", "Ratio         *float64\n",
			"Departs       *time.Time\n", "Lands         *time.Time\n",
			"Mood          FlightMood `retort:\"server_default:'so-so'\"`",
		},
		testdb.SQLite: {
			"destination_id)\"`", // SQLite's CHECK constraints are not read
			"// index ix_flight_late (number, day DESC), which tags cannot declare.\n",
			"// index ix_flight_open (number) WHERE open, which tags cannot declare.\n",
			"// unique index ix_flight_lower (lower(origin_id), number), which tags cannot declare.\n",
			"Number        int64\n", "Seats         *int64\n", "Fill          *float64\n", "Ratio         *float64\n",
			"Departs       *time.Time\n", "Lands         *time.Time\n",
			"type FlightMood string", "FlightMoodSoSo  FlightMood = \"so-so\"",
			"Mood          FlightMood `retort:\"server_default:'so-so'\"`",
		},
	}
)

// TestTypesAndNames: each type of the command's table, an enum, two keys
// to one table (told apart by fk: and their names), composite unique
// constraints and indexes, ON DELETE and server defaults, on each backend.
func TestTypesAndNames(t *testing.T) {
	for _, backend := range []string{testdb.Postgres, testdb.SQLite, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			dsn, _ := testdb.EngineDSN(t, backend)
			eng, err := engine.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { eng.Close() })
			err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
				for _, stmt := range typesDDL[backend] {
					if _, err := tx.ExecSQL(t.Context(), stmt); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			src, dir := generate(t, eng, "flights")
			got := squeeze(string(src))
			for _, line := range append(common, typesWant[backend]...) {
				if !strings.Contains(got, squeeze(line)) {
					t.Errorf("models.go has no %q", line)
				}
			}
			if t.Failed() {
				t.Logf("models.go:\n%s", src)
			}
			roundTrip(t, dir, dsn, backend)
		})
	}
}

// squeeze makes each run of spaces and tabs one space, so that the lines
// wanted need not follow gofmt's alignment.
func squeeze(s string) string {
	return spaces.ReplaceAllString(s, " ")
}

var spaces = regexp.MustCompile(`[ \t]+`)

// generate runs introspect.Generate on eng's schema into a new package
// under testdata (retort gen loads it, so it must be inside the module),
// checks that the package compiles with its retort_gen.go, and returns
// its models.go and its directory.
func generate(t *testing.T, eng *engine.Engine, name string) ([]byte, string) {
	t.Helper()
	dir, err := os.MkdirTemp("testdata", name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if _, err := introspect.Generate(t.Context(), eng, dir, nil, introspect.Options{Package: name}); err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes, Dir: dir}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range pkgs[0].Errors {
		t.Errorf("the generated package does not compile: %v", e)
	}
	src, err := os.ReadFile(filepath.Join(dir, introspect.ModelsFile))
	if err != nil {
		t.Fatal(err)
	}
	return src, dir
}

// TestUnmappedArrays: on PostgreSQL, an array no slice maps (of JSON, of
// an enum, or declared with two dimensions) is an error naming
// its column and type, not a field of another type.
func TestUnmappedArrays(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng, err := engine.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	ddl := []string{
		`CREATE TYPE mood AS ENUM ('sad', 'happy')`,
		`CREATE TABLE docs (id BIGINT PRIMARY KEY, a JSONB[])`,
		`CREATE TABLE moods (id BIGINT PRIMARY KEY, a mood[])`,
		`CREATE TABLE grid (id BIGINT PRIMARY KEY, a INTEGER[][])`,
	}
	err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		for _, stmt := range ddl {
			if _, err := tx.ExecSQL(t.Context(), stmt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for table, typ := range map[string]string{"docs": "jsonb[]", "moods": "mood[]", "grid": "integer[]"} {
		_, err := introspect.Read(t.Context(), eng, []string{table})
		if want := table + ".a: no Go type maps its SQL type " + typ; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one with %q", table, err, want)
		}
	}
}

// TestShopDataset: the shop dataset's own DDL (testdb.LoadShop's, whose
// keys are no identities and whose orders index has a descending column)
// gives structs that compile, with the keys autoincrement:false and the
// descending index left to a comment rather than written ascending.
func TestShopDataset(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng, err := engine.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	script, err := os.ReadFile("../testdb/testdata/shop/shop_postgresql.sql")
	if err != nil {
		t.Fatal(err)
	}
	// The CREATE statements alone: the rows are not needed.
	err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		for stmt := range strings.SplitSeq(string(script), ";") {
			stmt = strings.TrimSpace(comments.ReplaceAllString(stmt, ""))
			if !strings.HasPrefix(stmt, "CREATE") {
				continue
			}
			if _, err := tx.ExecSQL(t.Context(), stmt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := generate(t, eng, "shop")
	got := squeeze(string(src))
	for _, line := range []string{
		"type Order struct {\n\t// index orders_user_id_created_at_idx USING btree (user_id, created_at DESC), which tags cannot declare.\n\t_ struct{} `retort:\"table:orders\"`",
		"ID int64 `retort:\"pk; autoincrement:false\"`",
		"UserID int64 `retort:\"references:users.id; unique\"`",
		"Tags []*Tag `retort:\"secondary:product_tags; back:Products\"`",
	} {
		if !strings.Contains(got, squeeze(line)) {
			t.Errorf("models.go has no %q", line)
		}
	}
	if t.Failed() {
		t.Logf("models.go:\n%s", src)
	}
}

var comments = regexp.MustCompile(`(?m)^--.*$`)
