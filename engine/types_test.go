package engine_test

import (
	"fmt"
	"reflect"
	"testing"

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
}) {
	t.Table = core.NewTable("gadget")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Key = core.NewColumn[[16]byte](t.Table, "key")
	t.Alt = core.NewColumn[[16]byte](t.Table, "alt", core.Nullable())
	t.Doc = core.NewColumn[map[string]any](t.Table, "doc")
	t.Tags = core.NewColumn[[]string](t.Table, "tags")
	t.State = core.NewColumn[string](t.Table, "state", core.SQLType(gadgetState))
	return t
}()

// TestTypesThroughCore: UUIDs, JSON documents, arrays and enums written
// by core.Insert and read by Tx.Query into typed destinations, at their
// extremes: the all-zero and all-ones UUIDs, NULL, a nil map (JSON
// null), an empty array, text with quotes, a backslash and non-ASCII.
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
					gadgets.Tags.Set([]string{}), gadgets.State.Set("on")).
				Values(gadgets.ID.Set(2), gadgets.Key.Set(ones), gadgets.Alt.Set(ones),
					gadgets.Doc.Set(map[string]any{"name": odd, "n": 1.5, "list": []any{"a", nil}}),
					gadgets.Tags.Set([]string{odd, ""}), gadgets.State.Set("off")))
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
		}
		var got []row
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.Query(ctx, core.Select(gadgets.Key, gadgets.Alt, gadgets.Doc, gadgets.Tags, gadgets.State).
				From(gadgets).OrderBy(gadgets.ID.Asc()))
			if err != nil {
				return err
			}
			defer res.Close()
			for res.Next() {
				var r row
				if err := res.Scan(&r.key, &r.alt, &r.doc, &r.tags, &r.state); err != nil {
					return err
				}
				got = append(got, r)
			}
			return res.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []row{
			{key: [16]byte{}, alt: nil, doc: nil, tags: []string{}, state: "on"},
			{key: ones, alt: &ones, doc: map[string]any{"name": odd, "n": 1.5, "list": []any{"a", nil}}, tags: []string{odd, ""}, state: "off"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back\n%s\nwant\n%s", fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want))
		}
	})
}
