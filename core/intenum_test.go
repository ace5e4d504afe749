package core_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
)

// TestIntEnumCheck: an IntEnum keeps its integer kind, and its Check takes
// an integer of any Go type (InsertMany's rows hold int64s, a field its
// own type) and refuses other values, and what no BIGINT holds.
func TestIntEnumCheck(t *testing.T) {
	type rank uint8
	typ := core.IntEnum("rank", rank(0), rank(1), rank(2))
	if typ.Kind() != core.KindSmallInt || typ.EnumName() != "rank" || fmt.Sprint(typ.IntEnumValues()) != "[0 1 2]" || typ.EnumValues() != nil {
		t.Fatalf("IntEnum: kind %v, name %q, values %v and %v", typ.Kind(), typ.EnumName(), typ.IntEnumValues(), typ.EnumValues())
	}
	if core.SmallInt.IntEnumValues() != nil || core.Enum("e", "a").IntEnumValues() != nil {
		t.Error("IntEnumValues of another type")
	}
	table := core.NewTable("t")
	col := core.NewColumn[rank](table, "r", core.SQLType(typ))
	def := table.Columns()[0]
	var nilRank *rank
	two := rank(2)
	for _, v := range []any{rank(0), int64(1), uint(2), &two, nilRank, nil} {
		if err := def.Check(v); err != nil {
			t.Errorf("Check(%#v): %v", v, err)
		}
	}
	for v, want := range map[any]string{
		int8(3):                "column t.r of enum type rank: 3 is not one of its values [0 1 2]",
		int64(-1):              "-1 is not one of its values",
		uint64(math.MaxUint64): "18446744073709551615 is not one of its values",
		"1":                    "a string is not one of its values",
		1.0:                    "a float64 is not one of its values",
		core.TypeKind(9):       "9 is not one of its values", // a named integer of another type
	} {
		if err := def.Check(v); !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%#v): %v, want %q", v, err, want)
		}
	}
	if _, err := postgres.Dialect.Compile(core.Insert(table).Values(col.Set(rank(7)))); err == nil {
		t.Error("Set of a value outside the enum compiled")
	}
	for _, bad := range []core.Type{
		core.IntEnum("big", uint64(math.MaxInt64)+1),
		core.IntEnum[int]("none"),
		core.IntEnum("", 1, 2),
	} {
		bt := core.NewTable("b")
		core.NewColumn[int64](bt, "x", core.SQLType(bad))
		if _, err := postgres.Dialect.Compile(core.CreateTable(bt)); !errors.Is(err, core.ErrInvalidStatement) {
			t.Errorf("CREATE TABLE of a bad IntEnum: %v", err)
		}
	}
	if _, err := postgres.Dialect.Compile(core.CreateEnum(typ)); !errors.Is(err, core.ErrInvalidStatement) {
		t.Errorf("CREATE TYPE of an IntEnum: %v", err)
	}
}
