package engine_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

var gadgetState = core.Enum("gadget_state", "on", "off")

// gadgets has a column of each type issue 25 added, written and read
// here through core statements and the engine alone, no ORM.
var gadgets = func() (t struct {
	*core.Table
	ID    core.Column[int64]
	Key   core.Column[[16]byte]
	Alt   core.Column[[16]byte]
	Doc   core.Column[map[string]any]
	Tags  core.Column[[]string]
	State core.Column[string]
	Price core.Column[decimal.Decimal]
	Cost  core.Column[decimal.Decimal]
}) {
	t.Table = core.NewTable("gadget")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Key = core.NewColumn[[16]byte](t.Table, "key")
	t.Alt = core.NewColumn[[16]byte](t.Table, "alt", core.Nullable())
	t.Doc = core.NewColumn[map[string]any](t.Table, "doc")
	t.Tags = core.NewColumn[[]string](t.Table, "tags")
	t.State = core.NewColumn[string](t.Table, "state", core.SQLType(gadgetState))
	t.Price = core.NewColumn[decimal.Decimal](t.Table, "price")
	t.Cost = core.NewColumn[decimal.Decimal](t.Table, "cost", core.Nullable(), core.SQLType(core.Numeric(8, 2)))
	return t
}()

// TestTypesThroughCore: UUIDs, JSON documents, arrays, enums and
// decimals written by core.Insert and read by Tx.Query into typed
// destinations, at their extremes: the all-zero and all-ones UUIDs, NULL,
// a nil map (JSON null), an empty array, text with quotes, a backslash and
// non-ASCII, the smallest and largest decimals every backend keeps
// exactly (15 significant digits, SQLite's floats).
func TestTypesThroughCore(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			if eng.Dialect().Has(core.FeatureEnumTypes) {
				if _, err := tx.Exec(ctx, core.CreateEnum(gadgetState)); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, core.CreateTable(gadgets.Table))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var ones [16]byte
		for i := range ones {
			ones[i] = 0xff
		}
		odd := `it's "odd" \ é`
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.Exec(ctx, core.Insert(gadgets.Table).
				Values(gadgets.ID.Set(1), gadgets.Key.Set([16]byte{}), gadgets.Alt.SetNull(), gadgets.Doc.Set(nil),
					gadgets.Tags.Set([]string{}), gadgets.State.Set("on"),
					gadgets.Price.Set(decimal.RequireFromString("-0.000000000000001")), gadgets.Cost.SetNull()).
				Values(gadgets.ID.Set(2), gadgets.Key.Set(ones), gadgets.Alt.Set(ones),
					gadgets.Doc.Set(map[string]any{"name": odd, "n": 1.5, "list": []any{"a", nil}}),
					gadgets.Tags.Set([]string{odd, ""}), gadgets.State.Set("off"),
					gadgets.Price.Set(decimal.RequireFromString("999999999999999")), gadgets.Cost.Set(decimal.RequireFromString("-123456.50"))))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			key   [16]byte
			alt   *[16]byte
			doc   map[string]any
			tags  []string
			state string
			price string // decimals compare by value: their text
			cost  *string
		}
		var got []row
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.Query(ctx, core.Select(gadgets.Key, gadgets.Alt, gadgets.Doc, gadgets.Tags, gadgets.State, gadgets.Price, gadgets.Cost).
				From(gadgets).OrderBy(gadgets.ID.Asc()))
			if err != nil {
				return err
			}
			defer res.Close()
			for res.Next() {
				var r row
				var price decimal.Decimal
				var cost *decimal.Decimal
				if err := res.Scan(&r.key, &r.alt, &r.doc, &r.tags, &r.state, &price, &cost); err != nil {
					return err
				}
				r.price = price.String()
				if cost != nil {
					c := cost.String()
					r.cost = &c
				}
				got = append(got, r)
			}
			return res.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		minusCost := "-123456.5"
		want := []row{
			{key: [16]byte{}, alt: nil, doc: nil, tags: []string{}, state: "on", price: "-0.000000000000001"},
			{key: ones, alt: &ones, doc: map[string]any{"name": odd, "n": 1.5, "list": []any{"a", nil}}, tags: []string{odd, ""}, state: "off",
				price: "999999999999999", cost: &minusCost},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back\n%s\nwant\n%s", fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want))
		}
	})
}
