package pgx

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/retortdb/retort/internal/enginehook"
)

// TestPointerPlans: every type the typed pointer plans name is planned by
// them, in both formats pgx reads, and scans a value into a new T (not
// into the T the destination pointed to) and NULL into nil. A type they
// do not name keeps pgx's plan.
func TestPointerPlans(t *testing.T) {
	m := pgtype.NewMap()
	withPointerPlans(m)
	when := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	cases := []struct {
		oid   uint32
		value any // a T
	}{
		{pgtype.TextOID, "a"},
		{pgtype.VarcharOID, "b"},
		{pgtype.Int8OID, int64(1) << 40},
		{pgtype.Int4OID, int32(-7)},
		{pgtype.Int2OID, int16(3)},
		{pgtype.Int8OID, 42},
		{pgtype.Float8OID, 2.5},
		{pgtype.Float4OID, float32(0.5)},
		{pgtype.BoolOID, true},
		{pgtype.TimestamptzOID, when},
		{pgtype.ByteaOID, []byte{0, 1, 2}},
	}
	for _, c := range cases {
		for _, format := range []int16{pgtype.BinaryFormatCode, pgtype.TextFormatCode} {
			name := fmt.Sprintf("%T/%d", c.value, format)
			old := reflect.New(reflect.TypeOf(c.value)) // the *T the destination held
			dst := reflect.New(old.Type())              // the **T
			dst.Elem().Set(old)
			plan := m.PlanScan(c.oid, format, dst.Interface())
			if got, want := reflect.TypeOf(plan).String(), fmt.Sprintf("*pgx.pointerPlan[%T]", c.value); got != want {
				t.Errorf("%s: planned by %s, want %s", name, got, want)
				continue
			}
			src, err := m.Encode(c.oid, format, c.value, nil)
			if err != nil {
				t.Fatalf("%s: encode: %v", name, err)
			}
			if err := plan.Scan(src, dst.Interface()); err != nil {
				t.Fatalf("%s: scan: %v", name, err)
			}
			got := dst.Elem()
			if got.Pointer() == old.Pointer() || !old.Elem().IsZero() {
				t.Errorf("%s: the scan wrote into the T the destination held", name)
			}
			if !equalValues(got.Elem().Interface(), c.value) {
				t.Errorf("%s: scanned %v, want %v", name, got.Elem().Interface(), c.value)
			}
			if err := plan.Scan(nil, dst.Interface()); err != nil || !got.IsNil() {
				t.Errorf("%s: NULL scanned to %v (%v), want nil", name, got.Interface(), err)
			}
		}
	}
	var other **uint64
	if plan := m.PlanScan(pgtype.Int8OID, pgtype.BinaryFormatCode, other); reflect.TypeOf(plan).String() == "*pgx.pointerPlan[uint64]" {
		t.Error("**uint64 planned by a typed plan it has none of")
	}
	var s string
	if err := (&pointerPlan[string]{}).Scan([]byte("x"), &s); err == nil {
		t.Error("a **string plan scanned into a *string")
	}
}

func equalValues(a, b any) bool {
	if x, ok := a.([]byte); ok {
		return bytes.Equal(x, b.([]byte))
	}
	if x, ok := a.(time.Time); ok {
		return x.Equal(b.(time.Time))
	}
	return a == b
}

// TestPgxScanner: a *Nullable is scanned into its Dest, or marked Null
// with its Dest untouched; a plan follows its destination's type from row
// to row, a Nullable's Dest's included, and a Dest changed in place; nil
// skips a column; a failed scan names its column.
func TestPgxScanner(t *testing.T) {
	m := pgtype.NewMap()
	fds := []pgconn.FieldDescription{
		{Name: "id", DataTypeOID: pgtype.Int8OID, Format: pgtype.BinaryFormatCode},
		{Name: "name", DataTypeOID: pgtype.TextOID, Format: pgtype.BinaryFormatCode},
	}
	enc := func(oid uint32, v any) []byte {
		b, err := m.Encode(oid, pgtype.BinaryFormatCode, v, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var s pgxScanner
	var id, id2 int64
	name := "unset"
	n := &enginehook.Nullable{Dest: &name}
	scan := func(row [][]byte, dest ...any) {
		t.Helper()
		if err := s.scan(m, fds, row, dest); err != nil {
			t.Fatal(err)
		}
	}
	scan([][]byte{enc(pgtype.Int8OID, int64(1)), enc(pgtype.TextOID, "a")}, &id, n)
	if id != 1 || name != "a" || n.Null {
		t.Fatalf("row 1: %d %q null %v", id, name, n.Null)
	}
	scan([][]byte{enc(pgtype.Int8OID, int64(2)), nil}, &id, n)
	if id != 2 || name != "a" || !n.Null {
		t.Fatalf("row 2 (NULL name): %d %q null %v", id, name, n.Null)
	}
	// The first column now as a string, the second a Nullable of an
	// int64 (its Dest's type, not the Nullable's, picks the plan).
	var idText string
	fds[1] = pgconn.FieldDescription{Name: "n", DataTypeOID: pgtype.Int8OID, Format: pgtype.BinaryFormatCode}
	n.Dest = &id
	scan([][]byte{enc(pgtype.Int8OID, int64(3)), enc(pgtype.Int8OID, int64(30))}, &idText, n)
	if idText != "3" || id != 30 || n.Null {
		t.Fatalf("row 3: %q %d null %v", idText, id, n.Null)
	}
	n.Dest = &id2 // changed in place, of the same type
	scan([][]byte{enc(pgtype.Int8OID, int64(4)), enc(pgtype.Int8OID, int64(40))}, nil, n)
	if id2 != 40 || id != 30 || idText != "3" {
		t.Fatalf("row 4: %d %d %q", id2, id, idText)
	}
	var bad bool
	err := s.scan(m, fds, [][]byte{enc(pgtype.Int8OID, int64(5)), enc(pgtype.Int8OID, int64(50))}, []any{&id, &bad})
	var argErr pgx.ScanArgError
	if !errors.As(err, &argErr) || argErr.ColumnIndex != 1 || argErr.FieldName != "n" {
		t.Fatalf("scanning an int8 into a bool: %v, want a ScanArgError for column 1 (n)", err)
	}
	if err := s.scan(m, fds, [][]byte{nil, nil}, []any{&id}); err == nil {
		t.Fatal("one destination for two columns was accepted")
	}
	if err := s.scan(m, fds, nil, []any{&id, &name}); err == nil || !strings.Contains(err.Error(), "no current row") {
		t.Fatalf("a scan without a row: %v", err)
	}
}
