package engine_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/sqlite" // sqlite: DSNs
)

func ExampleEngine_Transaction() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer eng.Close()

	// Commits: fn returned nil.
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.ExecSQL(ctx, `CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,
			qty BIGINT NOT NULL, note VARCHAR(100) NULL)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, core.Insert(Items).
			Values(Items.ID.Set(1), Items.Name.Set("apple"), Items.Qty.Set(3), Items.Note.SetNull()).
			Values(Items.ID.Set(2), Items.Name.Set("pear"), Items.Qty.Set(5), Items.Note.Set("ripe")))
		return err
	})
	fmt.Println("first:", err)

	// Rolls back: fn returned an error.
	errOutOfStock := errors.New("out of stock")
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, core.Update(Items).Set(Items.Qty.Set(0)).Where(Items.ID.Eq(1))); err != nil {
			return err
		}
		return errOutOfStock
	})
	fmt.Println("second:", err)

	type item struct {
		ID   int64
		Name string
		Qty  int64
		Note *string
	}
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.Query(ctx, core.Select(Items.ID, Items.Name, Items.Qty, Items.Note).From(Items).OrderBy(Items.ID.Asc()))
		if err != nil {
			return err
		}
		items, err := engine.ScanAll[item](res)
		for _, it := range items {
			note := "NULL"
			if it.Note != nil {
				note = *it.Note
			}
			fmt.Println(it.ID, it.Name, it.Qty, note)
		}
		return err
	}, engine.WithReadOnly(true))
	fmt.Println("third:", err)
	// Output:
	// first: <nil>
	// second: out of stock
	// 1 apple 3 NULL
	// 2 pear 5 ripe
	// third: <nil>
}
