package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// A session that sees one user's orders alone, as a tenant's session
// sees the tenant's rows: whichever way it loads them, and whatever it
// writes.
func ExampleWithGlobalCriteria() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	const ann = 1
	s := f.New(orm.WithGlobalCriteria[shop.Order](shop.Orders.UserID.Eq(ann)))
	defer s.Close()

	users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(orm.SelectInLoad(shop.Users.Orders)))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.Email, "has", len(u.Orders), "orders")
	}
	_, err = orm.Get[shop.Order](ctx, s, int64(3)) // bob's
	fmt.Println("Get of bob's order:", errors.Is(err, orm.ErrNoRows))

	// Writing an order of bob's is refused before anything is sent.
	bobs := &shop.Order{UserID: 2, Status: "new"}
	if err := s.Add(bobs); err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Flush(ctx))
	if err := s.Expunge(bobs); err != nil {
		log.Fatal(err)
	}

	// An administrator's query lifts the criteria.
	all, err := orm.All(ctx, s, orm.Select[shop.Order]().Options(orm.WithoutGlobalCriteria[shop.Order]()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("every order:", len(all))
	// Output:
	// ann@example.com has 2 orders
	// bob@example.com has 0 orders
	// cid@example.com has 0 orders
	// Get of bob's order: true
	// retort: flush: INSERT of Order [0]: outside the session's global criteria (orders.user_id = ? [1])
	// every order: 3
}
