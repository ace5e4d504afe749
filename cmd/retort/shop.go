// cmd/retort/shop.go

package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// The demo's shop: the schema of internal/models/shop (the mapped structs
// of internal/testdb/testdata/shop), created by orm.CreateAll, and a small
// cut of the dataset's rows, every value a function of the row id, so that
// the demo prints the same rows on every run.

// Shop sizes. The dataset file has 10 departments, 20k users, 200k orders
// and 511 categories; the demo keeps the formulas at a scale that loads in
// milliseconds.
const (
	numDepartments = 5
	numUsers       = 50
	numOrders      = 500
	numCategories  = 31 // a complete binary tree of depth 4
	numProducts    = 20
	numItems       = 1500
	insertBatch    = 100
)

// epoch is the dataset's time origin, 2024-01-01 00:00 UTC.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

var orderStatuses = [...]string{"new", "paid", "shipped", "cancelled"}

// orderUserID spreads orders unevenly over users, as the dataset does: low
// user ids get many orders, high ones few (a multiplicative hash of the
// order id, raised to the power 1.5).
func orderUserID(g int64) int64 {
	h := float64((g*2654435761)%4294967296) / 4294967296.0
	return 1 + int64(math.Floor((numUsers-0.001)*math.Pow(h, 1.5)))
}

// shopRows returns the INSERT statements that fill the shop, in batches of
// insertBatch rows (one multi-row VALUES each).
func shopRows() []*core.InsertStmt {
	var stmts []*core.InsertStmt
	batched := func(t *core.Table, n int64, row func(g int64) []core.Assignment) {
		var ins *core.InsertStmt
		for g := int64(1); g <= n; g++ {
			if ins == nil {
				ins = core.Insert(t)
			}
			ins = ins.Values(row(g)...)
			if g%insertBatch == 0 || g == n {
				stmts = append(stmts, ins)
				ins = nil
			}
		}
	}
	Departments, Users, Orders, Categories := shop.Departments, shop.Users, shop.Orders, shop.Categories
	batched(Departments.Table, numDepartments, func(g int64) []core.Assignment {
		return []core.Assignment{Departments.ID.Set(g), Departments.Name.Set(fmt.Sprintf("dept-%d", g))}
	})
	batched(Users.Table, numUsers, func(g int64) []core.Assignment {
		return []core.Assignment{
			Users.ID.Set(g),
			Users.Email.Set(fmt.Sprintf("user%d@example.com", g)),
			Users.DepartmentID.Set(1 + g%numDepartments),
			Users.IsActive.Set(g%7 != 0),
			Users.CreatedAt.Set(epoch.Add(time.Duration(g) * 17 * time.Minute)),
		}
	})
	batched(Orders.Table, numOrders, func(g int64) []core.Assignment {
		return []core.Assignment{
			Orders.ID.Set(g),
			Orders.UserID.Set(orderUserID(g)),
			Orders.CreatedAt.Set(epoch.Add(time.Duration(g) * 3 * time.Minute)),
			Orders.Total.Set(float64((g*37)%100000) / 100),
			Orders.Status.Set(orderStatuses[g%4]),
		}
	})
	batched(Categories.Table, numCategories, func(g int64) []core.Assignment {
		// The root has no parent. Set takes an int64, so NULL goes in as an
		// expression; every row must set the same columns.
		parent := Categories.ParentID.Set(g / 2)
		if g == 1 {
			parent = Categories.ParentID.SetExpr(core.Null[int64]())
		}
		return []core.Assignment{Categories.ID.Set(g), parent, Categories.Name.Set(fmt.Sprintf("cat-%d", g))}
	})
	batched(shop.Products.Table, numProducts, func(g int64) []core.Assignment {
		return []core.Assignment{
			shop.Products.ID.Set(g),
			shop.Products.CategoryID.Set(1 + g%numCategories),
			shop.Products.Name.Set(fmt.Sprintf("product-%d", g)),
			shop.Products.Price.Set(float64(g*13%5000)/100 + 1),
		}
	})
	batched(shop.Items.Table, numItems, func(g int64) []core.Assignment {
		return []core.Assignment{
			shop.Items.ID.Set(g),
			shop.Items.OrderID.Set(1 + (g*7919)%numOrders),
			shop.Items.ProductID.Set(1 + (g*31)%numProducts),
			shop.Items.SKU.Set(fmt.Sprintf("SKU-%08d", g)),
			shop.Items.Quantity.Set(int32(1 + g%5)),
			shop.Items.Price.Set(float64(g*17%10000)/100 + 0.5),
		}
	})
	return stmts
}

// newShop creates the shop's tables through orm.CreateAll, dropping them
// first (a database given with -dsn may hold them from an earlier run), and
// fills them in one transaction.
func newShop(ctx context.Context, eng *engine.Engine) error {
	if err := orm.DropAll(ctx, eng, shop.MappedTables...); err != nil {
		return err
	}
	if err := orm.CreateAll(ctx, eng, shop.MappedTables...); err != nil {
		return err
	}
	return eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, ins := range shopRows() {
			if _, err := tx.Exec(ctx, ins); err != nil {
				return fmt.Errorf("loading the shop: %w", err)
			}
		}
		return nil
	})
}
