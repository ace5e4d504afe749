package sqldb

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"
)

type testID [16]byte

// TestDestTemps: a column's destination is decided once per type and
// decided again when the type changes from one row to the next; a
// malformed value fails the scan, naming it.
func TestDestTemps(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT '4f1c2d3e-aabb-4cdd-8eff-001122334455', '{"a":1}', NULL
		UNION ALL SELECT '4f1c2d3e-aabb-4cdd-8eff-001122334455', '{"a":2}', '[1]'
		UNION ALL SELECT 'not a uuid', '{}', NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var temps destTemps
	var id testID
	var doc map[string]int
	var list *[]int
	for _, want := range []string{"a=1 list=nil", "a=2 list=[1]"} {
		if !rows.Next() {
			t.Fatal("too few rows")
		}
		if err := temps.scan(rows, []any{&id, &doc, &list}); err != nil {
			t.Fatal(err)
		}
		got := "a=" + string(rune('0'+doc["a"])) + " list=nil"
		if list != nil {
			got = "a=" + string(rune('0'+doc["a"])) + " list=[" + string(rune('0'+(*list)[0])) + "]"
		}
		if got != want || id[0] != 0x4f || id[15] != 0x55 {
			t.Errorf("row: %s, id %x; want %s", got, id, want)
		}
	}
	if !rows.Next() {
		t.Fatal("too few rows")
	}
	var a, b, c *string // other destinations for the same columns: decided again
	if err := temps.scan(rows, []any{&a, &b, &c}); err != nil || *a != "not a uuid" || c != nil {
		t.Errorf("plain strings after: %v %v %v, %v", a, b, c, err)
	}
	if err := temps.scan(rows, []any{&id, &doc, &list}); err == nil {
		t.Error("a text that is not a UUID scanned into a [16]byte type")
	}
}
