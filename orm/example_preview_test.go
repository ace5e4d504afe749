package orm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// The SQL a query will send, without running it: the users, then their
// orders' select-in, into which the orders' items are joined. On SQLite
// the select-in's IN list is shown for one key.
func ExamplePreview() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	q := orm.Select[shop.User]().Where(shop.Users.IsActive.Eq(true)).
		Options(orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.Status).JoinedLoad(shop.Orders.Items).LoadOnly(shop.Items.SKU))
	pv, err := orm.Preview(s, q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pv)
	fmt.Println(len(pv.Loads), "load:", pv.Loads[0].Path, pv.Loads[0].Args)
	// Output:
	// SELECT users.id, users.email, users.department_id, users.is_active, users.created_at FROM users WHERE users.is_active = ?
	// -- User.Orders (selectin)
	// SELECT orders.id, orders.user_id, orders.status, items_1.id AS id_1, items_1.order_id, items_1.sku FROM orders LEFT OUTER JOIN items AS items_1 ON items_1.order_id = orders.id WHERE orders.user_id IN (?) ORDER BY orders.created_at DESC, orders.id ASC, items_1.id ASC
	// 1 load: User.Orders [0]
}
