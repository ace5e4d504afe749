package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/core"
	_ "github.com/retortdb/retort/engine/sqlite"
)

// TestDecimalSum: core.RealNumericSum, which core.Sum of a decimal column
// calls on SQLite, adds what NUMERIC columns hold (floats, integers, and
// texts in a column of another affinity) as decimals: exactly where sum()
// adds floats, NULL over no values, an integer when the sum is one, a
// number SQL compares as a number, the nearest float beyond 15 to 17
// digits, over windows that take values away, and an error for a text
// that is not a number.
func TestDecimalSum(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "sum.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE v (id INTEGER PRIMARY KEY, n NUMERIC, t TEXT);
		INSERT INTO v (n, t) VALUES (0.1, '0.1'), (0.2, '0.2'), (NULL, NULL), (3, '3'), (123456789012345.5, 'x')`); err != nil {
		t.Fatal(err)
	}
	sum := core.RealNumericSum
	for _, c := range []struct{ query, want string }{
		{"SELECT " + sum + "(n) FROM v WHERE id <= 2", "0.3"},
		{"SELECT sum(n) FROM v WHERE id <= 2", "0.30000000000000004"}, // why the aggregate exists
		{"SELECT " + sum + "(t) FROM v WHERE id <= 4", "3.3"},
		{"SELECT typeof(" + sum + "(n)) FROM v WHERE id = 4", "integer"},
		{"SELECT typeof(" + sum + "(n)) FROM v WHERE id <= 2", "real"},
		{"SELECT coalesce(" + sum + "(n), 'null') FROM v WHERE id = 3 OR id > 5", "null"},
		{"SELECT count(*) FROM v GROUP BY id % 2 HAVING " + sum + "(n) > '9.5'", ""}, // a real is below any text
		{"SELECT count(*) FROM v GROUP BY id % 2 HAVING " + sum + "(n) > 9.5", "3"},
		{"SELECT group_concat(s, ' ') FROM (SELECT " + sum + "(n) OVER (ORDER BY id ROWS 1 PRECEDING) AS s FROM v WHERE id <= 4)", "0.1 0.3 0.2 3"},
	} {
		var got sql.NullString
		err := db.QueryRow(c.query).Scan(&got)
		if err == sql.ErrNoRows {
			err = nil
		}
		if err != nil || got.String != c.want {
			t.Errorf("%s: %q, %v; want %q", c.query, got.String, err, c.want)
		}
	}
	var d decimal.Decimal
	if err := db.QueryRow("SELECT " + sum + "(n) FROM v WHERE id <= 2").Scan(&d); err != nil || d.String() != "0.3" {
		t.Errorf("0.1 + 0.2 into a decimal: %v, %v", d, err)
	}
	if err := db.QueryRow("SELECT " + sum + "(n) FROM v WHERE id IN (1, 5)").Scan(&d); err != nil || d.String() != "123456789012345.6" {
		t.Errorf("16 digits into a decimal: %v, %v", d, err)
	}
	if err := db.QueryRow("SELECT " + sum + "(t) FROM v").Scan(&d); err == nil || !strings.Contains(err.Error(), `"x" is not a decimal`) {
		t.Errorf("a sum over the text x: %v, want an error naming it", err)
	}
}
