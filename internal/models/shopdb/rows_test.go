package shopdb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/retortdb/retort/engine/mysql"
	_ "github.com/retortdb/retort/engine/pgx"
	_ "github.com/retortdb/retort/engine/sqlite"
	"github.com/retortdb/retort/internal/models/shopdb"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/internal/testdb/rowdigest"
	"github.com/retortdb/retort/orm"
)

// TestConfigures: the generated descriptors pass orm.Configure's checks
// (keys, foreign keys, relationships and their back: pairs).
func TestConfigures(t *testing.T) {
	if err := orm.Configure(); err != nil {
		t.Fatal(err)
	}
	if got := len(shopdb.MappedTables); got != 9 {
		t.Errorf("%d tables mapped, want the shop's 9", got)
	}
}

// TestSameRows: on each backend, the shop sample's rows loaded through the
// generated models print as through the hand-written ones, whose print
// internal/introspect's TestSameShopRows checks against the same digest
// (testdata/rows.txt). The tables are made from the generated models.
func TestSameRows(t *testing.T) {
	rowdigest.Check(t, rowdigest.Sample{Name: "shopdb", Tables: shopdb.MappedTables, Load: testdb.LoadShopSample, Print: printGenerated, Digest: "testdata/rows.txt"})
}

// printGenerated is internal/introspect's printShop through the generated
// models: their amounts are decimals, SKU is Sku.
func printGenerated(ctx context.Context, s *orm.Session) (string, error) {
	var b strings.Builder
	depts, err := orm.All(ctx, s, orm.Select[shopdb.Department]().OrderBy(shopdb.Departments.ID.Asc()).Options(
		orm.SelectInLoad(shopdb.Departments.Users).SelectInLoad(shopdb.Users.Profile),
		orm.SelectInLoad(shopdb.Departments.Users).SelectInLoad(shopdb.Users.Orders).SelectInLoad(shopdb.Orders.Items).SelectInLoad(shopdb.Items.Product)))
	if err != nil {
		return "", err
	}
	for _, d := range depts {
		fmt.Fprintf(&b, "department %d %s\n", d.ID, d.Name)
		for _, u := range rowdigest.Sorted(d.Users, func(x *shopdb.User) int64 { return x.ID }) {
			fmt.Fprintf(&b, " user %d %s %t %s %d\n", u.ID, u.Email, u.IsActive, u.CreatedAt.UTC().Format(time.RFC3339), u.DepartmentID)
			if p := u.Profile; p != nil {
				fmt.Fprintf(&b, "  profile %d %d %s %s\n", p.ID, p.UserID, p.Bio, rowdigest.Str(p.AvatarURL))
			}
			for _, o := range rowdigest.Sorted(u.Orders, func(x *shopdb.Order) int64 { return x.ID }) {
				fmt.Fprintf(&b, "  order %d %d %s %s %s\n", o.ID, o.UserID, o.CreatedAt.UTC().Format(time.RFC3339), o.Total.StringFixed(2), o.Status)
				for _, it := range rowdigest.Sorted(o.Items, func(x *shopdb.Item) int64 { return x.ID }) {
					fmt.Fprintf(&b, "   item %d %d %s %d %s %s\n", it.ID, it.OrderID, it.Sku, it.Quantity, it.Price.StringFixed(2), it.Product.Name)
				}
			}
		}
	}
	cats, err := orm.All(ctx, s, orm.Select[shopdb.Category]().OrderBy(shopdb.Categories.ID.Asc()).Options(
		orm.SelectInLoad(shopdb.Categories.Parent), orm.SelectInLoad(shopdb.Categories.Children)))
	if err != nil {
		return "", err
	}
	for _, c := range cats {
		parent := "-"
		if c.Parent != nil {
			parent = c.Parent.Name
		}
		fmt.Fprintf(&b, "category %d %s %s under %s:", c.ID, c.Name, rowdigest.Str(c.ParentID), parent)
		for _, ch := range rowdigest.Sorted(c.Children, func(x *shopdb.Category) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %d", ch.ID)
		}
		b.WriteString("\n")
	}
	products, err := orm.All(ctx, s, orm.Select[shopdb.Product]().OrderBy(shopdb.Products.ID.Asc()).Options(
		orm.SelectInLoad(shopdb.Products.Category), orm.SelectInLoad(shopdb.Products.Tags)))
	if err != nil {
		return "", err
	}
	for _, p := range products {
		fmt.Fprintf(&b, "product %d %s %s %s:", p.ID, p.Name, p.Price.StringFixed(2), p.Category.Name)
		for _, tg := range rowdigest.Sorted(p.Tags, func(x *shopdb.Tag) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %s", tg.Name)
		}
		b.WriteString("\n")
	}
	tags, err := orm.All(ctx, s, orm.Select[shopdb.Tag]().OrderBy(shopdb.Tags.ID.Asc()).Options(orm.SelectInLoad(shopdb.Tags.Products)))
	if err != nil {
		return "", err
	}
	for _, tg := range tags {
		fmt.Fprintf(&b, "tag %d %s:", tg.ID, tg.Name)
		for _, p := range rowdigest.Sorted(tg.Products, func(x *shopdb.Product) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %d", p.ID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
