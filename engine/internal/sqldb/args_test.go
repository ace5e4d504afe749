package sqldb

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/engine"
)

// TestRealNumerics: SQLite receives a decimal as the number it keeps:
// an integer as an int64 (exact at any length that fits), a fraction as
// the float64 nearest, for up to 15 significant digits; more digits, or
// a magnitude beyond a float's, are refused naming the argument.
func TestRealNumerics(t *testing.T) {
	d := decimal.RequireFromString
	in := []any{d("37.62"), d("1200"), d("1234567890123456789"), d("1e30"), d("-0.000123456789012345"),
		(*decimal.Decimal)(nil), decimal.NullDecimal{}, decimal.NewNullDecimal(d("2.5")), "text", nil}
	got, err := realNumerics(in, "SQLite")
	if err != nil {
		t.Fatal(err)
	}
	want := []any{37.62, int64(1200), int64(1234567890123456789), 1e30, -0.000123456789012345,
		(*decimal.Decimal)(nil), decimal.NullDecimal{}, 2.5, "text", nil}
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	if !d("37.62").Equal(in[0].(decimal.Decimal)) {
		t.Error("the arguments were modified")
	}
	for _, bad := range []string{"1234567890.123456", "0.1234567890123456", "1e-400", "1e400"} {
		_, err := realNumerics([]any{int64(1), d(bad)}, "SQLite")
		if !errors.Is(err, engine.ErrUnsupportedValue) || !strings.Contains(err.Error(), "argument 2") {
			t.Errorf("%s: %v, want ErrUnsupportedValue naming argument 2", bad, err)
		}
	}
}
