package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// shopIDs reads the keys seedShop gave: user a@x's, its orders' (oldest
// first) and their items' (by id), and the product's.
func shopIDs(t *testing.T, w *world) (user int64, orders []int64, items [][]int64, product int64) {
	t.Helper()
	s := w.f.New()
	defer s.Close()
	u, err := orm.One(t.Context(), s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("a@x")).
		Options(orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
	if err != nil {
		t.Fatal(err)
	}
	for i := len(u.Orders) - 1; i >= 0; i-- { // newest first by the mapping
		o := u.Orders[i]
		orders = append(orders, o.ID)
		var ids []int64
		for _, it := range o.Items {
			ids = append(ids, it.ID)
			product = it.ProductID
		}
		items = append(items, ids)
	}
	w.rec.Reset()
	return u.ID, orders, items, product
}

// TestMergeFields: MergeFields copies the named fields only, a zero value
// included, and leaves the others of the session's object as loaded,
// where Merge of the same object without it would set the unset
// department_id to 0 and break the foreign key; named columns of an
// entity reached by cascade:merge apply to it. MergeNonZero copies the
// fields that are not zero. The UPDATEs set the changed columns only.
func TestMergeFields(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		userID, orders, _, _ := shopIDs(t, w)
		s := w.f.New()
		defer s.Close()
		in := &shop.User{ID: userID, IsActive: false, Orders: []*shop.Order{
			{ID: orders[0], Status: "void"}, {ID: orders[1], Status: "paid"},
		}}
		got, err := orm.Merge(ctx, s, in, orm.MergeFields(shop.Users.IsActive, shop.Orders.Status))
		if err != nil {
			t.Fatal(err)
		}
		if got == in || got.IsActive || got.Email != "a@x" || got.DepartmentID == 0 || len(got.Orders) != 2 || got.Orders[0].Status != "void" || got.Orders[0].Total != 2 {
			t.Fatalf("merged %+v", got)
		}
		if got.Orders[0].User != got {
			t.Errorf("the merged order's User is not the merged user")
		}
		b, err := orm.Merge(ctx, s, &shop.User{ID: userID + 1, Email: "b2@x"}, orm.MergeNonZero())
		if err != nil || b.Email != "b2@x" || !b.IsActive || b.DepartmentID == 0 {
			t.Fatalf("MergeNonZero: %+v (%v)", b, err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		var updates []string
		for _, sql := range w.rec.SQL() {
			if f := strings.Fields(sql); len(f) > 3 && f[0] == "UPDATE" {
				updates = append(updates, f[1]+" "+f[3])
			}
		}
		if got := strings.Join(updates, ", "); got != "users is_active, orders status, users email" && got != "users is_active, users email, orders status" {
			t.Errorf("UPDATEs of %s; want users is_active and email, orders status", got)
		}
		rows, err := w.db.QueryStrings(ctx, fmt.Sprintf(`SELECT u.email, CASE WHEN u.is_active THEN 'y' ELSE 'n' END,
			CASE WHEN u.department_id = d.id THEN 'y' ELSE 'n' END, o.status, o.total
			FROM users u JOIN departments d ON d.name = 'sales' JOIN orders o ON o.user_id = u.id
			WHERE u.id IN (%d, %d) ORDER BY o.id`, userID, userID+1))
		if err != nil {
			t.Fatal(err)
		}
		want := "[[a@x n y void 2] [a@x n y paid 2] [b2@x y y paid 1]]"
		if got := fmt.Sprint(rows); got != want {
			t.Errorf("rows %s, want %s", got, want)
		}
	})
}

// TestMergeCascade: Merge follows relationships tagged cascade:merge
// (shop's Users.Orders and Orders.Items, cascade:all): the given orders
// and items are merged onto the session's own, new ones are added with
// their parent's key, and an item missing from a given collection leaves
// it (deleted, as delete-orphan says). Orders.Items was not loaded: Merge
// loads it first, so that the flush knows which item left. A nil field is
// not given, and leaves the relationship as it is.
func TestMergeCascade(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		userID, orders, items, product := shopIDs(t, w)
		at := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
		s := w.f.New()
		defer s.Close()
		in := &shop.User{ID: userID, Orders: []*shop.Order{
			{ID: orders[0], Status: "shipped", Items: []*shop.Item{
				{ID: items[0][0], Quantity: 5},
				{ProductID: product, SKU: "new", Quantity: 1, Price: 3},
			}},
			{ID: orders[1]}, // nil Items: not given
			{Status: "new", Total: 7, CreatedAt: at, Items: []*shop.Item{{ProductID: product, SKU: "newer", Quantity: 2, Price: 4}}},
		}}
		got, err := orm.Merge(ctx, s, in, orm.MergeNonZero())
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Orders) != 3 || got.Orders[0].Items[0].Quantity != 5 || got.Orders[0].Items[0].SKU == "" || inspect(t, s, got.Orders[2]) != orm.Pending {
			t.Fatalf("merged %+v", got)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, fmt.Sprintf(
			"SELECT o.status, o.total, i.sku, i.quantity FROM orders o JOIN items i ON i.order_id = o.id WHERE o.user_id = %d ORDER BY o.id, i.id", userID))
		if err != nil {
			t.Fatal(err)
		}
		want := "[[shipped 2 sku-1-0 5] [shipped 2 new 1] [paid 2 sku-2-0 1] [paid 2 sku-2-1 1] [new 7 newer 2]]"
		if got := fmt.Sprint(rows); got != want {
			t.Errorf("orders and items %s, want %s", got, want)
		}
		if n := w.count(t, "items"); n != 6 {
			t.Errorf("%d items, want 6 (one orphan deleted, two added)", n)
		}
	})
}

// TestMergeBadInput: a nil object, a nil in a merged collection, a nil
// column and a column of an entity the merge does not reach are typed
// errors naming what is wrong, and send nothing.
func TestMergeBadInput(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		userID, orders, _, _ := shopIDs(t, w)
		s := w.f.New()
		defer s.Close()
		cases := []struct {
			name string
			run  func() error
			is   error
			msg  string
		}{
			{"nil object", func() error { _, err := orm.Merge[shop.User](ctx, s, nil); return err },
				orm.ErrNil, "retort: Merge: the *shop.User is nil"},
			{"nil in a collection", func() error {
				_, err := orm.Merge(ctx, s, &shop.User{ID: userID, Orders: []*shop.Order{{ID: orders[0]}, nil}})
				return err
			}, orm.ErrNil, "retort: Merge: User.Orders[1] is nil"},
			{"nil column", func() error {
				_, err := orm.Merge(ctx, s, &shop.User{ID: userID}, orm.MergeFields(shop.Users.Email, nil))
				return err
			}, orm.ErrNil, "retort: MergeFields: column [1] is nil"},
			{"nil option", func() error { _, err := orm.Merge(ctx, s, &shop.User{ID: userID}, nil); return err },
				orm.ErrNil, "retort: Merge: option [0] is nil"},
			{"another entity's column", func() error {
				_, err := orm.Merge(ctx, s, &shop.User{ID: userID}, orm.MergeFields(shop.Products.Name))
				return err
			}, orm.ErrWrongColumn, "Merge of shop.User: MergeFields names name, a column of neither shop.User nor an entity it reaches by cascade:merge"},
			{"not a column", func() error {
				_, err := orm.Merge(ctx, s, &shop.User{ID: userID}, orm.MergeFields(core.Value(1)))
				return err
			}, orm.ErrWrongColumn, "MergeFields takes table columns"},
		}
		for _, c := range cases {
			w.rec.Reset()
			err := c.run()
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%s: %v; want %v saying %q", c.name, err, c.is, c.msg)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "orders"); n != 3 {
			t.Errorf("%d orders after the refused merges, want 3", n)
		}
		// A column of an entity reached by cascade:merge is accepted.
		if _, err := orm.Merge(ctx, s, &shop.User{ID: userID}, orm.MergeFields(shop.Items.Quantity)); err != nil {
			t.Errorf("MergeFields of an item's column for a user: %v", err)
		}
	})
}

// TestMergeOntoUnloaded: a field Merge copies onto a field of the
// session's object that LoadOnly left unloaded is written, a zero value
// included, which the flush alone could not tell from no write.
func TestMergeOntoUnloaded(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		userID, _, _, _ := shopIDs(t, w)
		s := w.f.New()
		defer s.Close()
		held, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Eq(userID)).Options(orm.LoadOnly(shop.Users.Email), orm.NoLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := orm.Merge(ctx, s, &shop.User{ID: userID, IsActive: false}, orm.MergeFields(shop.Users.IsActive))
		if err != nil || got != held {
			t.Fatalf("Merge: %v", err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if sent := updatesSent(w); sent != "users is_active" {
			t.Errorf("UPDATEs %q, want users is_active", sent)
		}
		rows, err := w.db.QueryStrings(ctx, fmt.Sprintf("SELECT CASE WHEN is_active THEN 'y' ELSE 'n' END FROM users WHERE id = %d", userID))
		if err != nil || fmt.Sprint(rows) != "[[n]]" {
			t.Errorf("is_active %v (%v), want n", rows, err)
		}
	})
}
