package introspect_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/testdb"
)

// roundTrip runs, in a go test of its own, a test in the package
// TestTypesAndNames generated in dir: it writes a flight (every scalar
// type, JSON, an enum) and on PostgreSQL a crew (every array type and a
// JSON column) through the generated models, and reads them back equal.
// A test binary cannot load a package written while it runs, hence the
// child go test.
func roundTrip(t *testing.T, dir, dsn, backend string) {
	t.Helper()
	driver, mood, crew := "sqlite", "FlightMoodHappy", ""
	switch backend {
	case testdb.Postgres:
		driver, mood, crew = "pgx", "MoodHappy", crewRoundTrip
	case testdb.MySQL:
		driver = "mysql"
	}
	src := strings.NewReplacer("DRIVER", driver, "MOOD", mood, "// CREW\n", crew).Replace(roundTripSource)
	if err := os.WriteFile(filepath.Join(dir, "roundtrip_test.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "go", "test", "-count=1", "-run=^TestRoundTrip$", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RETORT_ROUNDTRIP_DSN="+dsn)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the generated models do not round-trip: %v\n%s", err, out)
	}
}

// roundTripSource is the child test, in the generated package flights.
const roundTripSource = `package flights

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/DRIVER"
	"github.com/retortdb/retort/orm"
)

func TestRoundTrip(t *testing.T) {
	ctx := t.Context()
	eng, err := engine.Open(ctx, os.Getenv("RETORT_ROUNDTRIP_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	price := decimal.RequireFromString("123.45")
	notes := map[string]any{"gate": "B'7", "delay": 1.5, "crew": []any{"ann", "bo"}}
	ref := [16]byte{0: 0xde, 15: 0xff}
	photo := []byte{0, 1, 0xff}
	flight := &Flight{OriginID: "AMS", DestinationID: "LIS", Number: 7, Price: &price, Open: true, Day: &day,
		Departs: &at, Lands: &at, Notes: &notes, Ref: &ref, Photo: &photo, Mood: MOOD}
	set(&flight.Seats, 180)
	set(&flight.Fill, 0.5)
	set(&flight.Ratio, 0.25)
	rows := []any{&Airport{Code: "AMS", Name: "Schiphol"}, &Airport{Code: "LIS", Name: "Humberto Delgado"}, flight}
	var check []func(s *orm.Session) error
	check = append(check, func(s *orm.Session) error {
		got, err := orm.All(ctx, s, orm.Select[Flight]())
		if err != nil {
			return err
		}
		if len(got) != 1 {
			t.Fatalf("%d flights", len(got))
		}
		same(t, flight, got[0])
		return nil
	})
	// CREW
	sf := orm.NewSessionFactory(eng)
	err = sf.Transaction(ctx, func(s *orm.Session) error {
		for _, r := range rows {
			if err := s.Add(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range check {
		if err := sf.Transaction(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
}

// set makes *p point to v, whatever the generated numeric type.
func set[T ~int16 | ~int32 | ~int64 | ~float32 | ~float64](p **T, v float64) {
	x := T(v)
	*p = &x
}

// same compares the column fields of want and got as JSON: the
// relationship fields are nil in both.
func same[T any](t *testing.T, want, got *T) {
	t.Helper()
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(w) != string(g) {
		t.Errorf("read back\n%s\nwant\n%s", g, w)
	}
}
`

// crewRoundTrip is the child's PostgreSQL part: every array type, with
// quotes, a backslash and non-ASCII text, an empty array and a NULL one.
const crewRoundTrip = `	crew := &Crew{ID: 1, Names: []string{"ann", "b'o", "c\"d\\e", "zoë", ""}, Badges: []int64{}, Refs: [][16]byte{ref, {}},
		Pay: []decimal.Decimal{price, decimal.RequireFromString("-0.5")}, Codes: []string{"AB", "c,d"}, Days: []time.Time{day},
		Seen: []time.Time{at, at.Add(time.Hour)}, Flags: []bool{true, false}, Scores: []float64{0.5, -1e300},
		Doc: map[string]any{"k": "v"}, Blobs: [][]byte{{0, 1, 0xff}, {}}}
	crew2 := &Crew{ID: 2, Names: []string{"x"}, Ranks: &[]int32{1, -2}, Badges: []int64{1 << 40}, Refs: [][16]byte{},
		Pay: []decimal.Decimal{}, Codes: []string{}, Days: []time.Time{}, Seen: []time.Time{}, Flags: []bool{},
		Scores: []float64{}, Doc: map[string]any{}, Blobs: [][]byte{}}
	rows = append(rows, crew, crew2)
	check = append(check, func(s *orm.Session) error {
		got, err := orm.All(ctx, s, orm.Select[Crew]().OrderBy(Crews.ID.Asc()))
		if err != nil {
			return err
		}
		if len(got) != 2 {
			t.Fatalf("%d crews", len(got))
		}
		same(t, crew, got[0])
		same(t, crew2, got[1])
		return nil
	})
`
