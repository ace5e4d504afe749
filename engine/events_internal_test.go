package engine

import (
	"testing"

	"github.com/retortdb/retort/engine/driver"
)

// fakeTx and fakeRows stand for a driver's.
type (
	fakeTx   struct{ driver.Tx }
	fakeRows struct{ driver.Rows }
)

// TestBaseTx checks that the tracing wrappers can be seen through, for
// the optional capabilities of drivers found by type assertion.
func TestBaseTx(t *testing.T) {
	var inner driver.Tx = &fakeTx{}
	if got := baseTx(&tracedTx{Tx: inner}); got != inner {
		t.Errorf("baseTx(traced) = %T, want the driver's", got)
	}
	if got := baseTx(inner); got != inner {
		t.Errorf("baseTx(driver's) = %T, want it unchanged", got)
	}
	var rows driver.Rows = &fakeRows{}
	if got := baseRows(&tracedRows{Rows: rows}); got != rows {
		t.Errorf("baseRows(traced) = %T, want the driver's", got)
	}
	if got := baseRows(rows); got != rows {
		t.Errorf("baseRows(driver's) = %T, want it unchanged", got)
	}
}

func TestEchoParams(t *testing.T) {
	if got, want := echoParams([]any{int64(1), "a'b", nil, []byte("xyz")}), `(1, "a'b", NULL, <3 bytes>)`; got != want {
		t.Errorf("echoParams = %s, want %s", got, want)
	}
	args := make([]any, 400)
	for i := range args {
		args[i] = i
	}
	want := "(0, 1, 2, 3, 4, 5, 6, 7 ... 390 parameters truncated ... 398, 399)"
	if got := echoParams(args); got != want {
		t.Errorf("echoParams(400) = %s, want %s", got, want)
	}
}
