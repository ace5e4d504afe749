package engine

import "testing"

// TestBaseTx checks that the tracing wrappers can be seen through, for
// the optional capabilities of drivers found by type assertion.
func TestBaseTx(t *testing.T) {
	var inner driverTx = &pgxTx{}
	if got := baseTx(&tracedTx{driverTx: inner}); got != inner {
		t.Errorf("baseTx(traced) = %T, want the driver's", got)
	}
	if got := baseTx(inner); got != inner {
		t.Errorf("baseTx(driver's) = %T, want it unchanged", got)
	}
	var rows driverRows = &pgxRows{}
	if got := baseRows(&tracedRows{driverRows: rows}); got != rows {
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
