package introspect_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/internal/testdb/rowdigest"
	"github.com/retortdb/retort/orm"
)

// shopDigest holds the digest of the shop sample's rows as printShop
// prints them; internal/models/shopdb's TestSameRows checks that the
// models generated from the shop's tables print the same.
const shopDigest = "../models/shopdb/testdata/rows.txt"

// TestSameShopRows: on each backend, the shop sample (testdb.LoadShopSample)
// loaded through the hand-written shop models prints as shopDigest says:
// departments with their users, each user's profile and orders, each
// order's items with their product; the category tree; products with
// their category and tags through the many-to-many; tags with their
// products. internal/models/shopdb's TestSameRows prints them through the
// generated models.
func TestSameShopRows(t *testing.T) {
	rowdigest.Check(t, rowdigest.Sample{Name: "shop", Tables: shop.MappedTables, Load: testdb.LoadShopSample, Print: printShop, Digest: shopDigest, Update: *update})
}

func printShop(ctx context.Context, s *orm.Session) (string, error) {
	var b strings.Builder
	depts, err := orm.All(ctx, s, orm.Select[shop.Department]().OrderBy(shop.Departments.ID.Asc()).Options(
		orm.SelectInLoad(shop.Departments.Users).SelectInLoad(shop.Users.Profile),
		orm.SelectInLoad(shop.Departments.Users).SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items).SelectInLoad(shop.Items.Product)))
	if err != nil {
		return "", err
	}
	for _, d := range depts {
		fmt.Fprintf(&b, "department %d %s\n", d.ID, d.Name)
		for _, u := range rowdigest.Sorted(d.Users, func(x *shop.User) int64 { return x.ID }) {
			fmt.Fprintf(&b, " user %d %s %t %s %d\n", u.ID, u.Email, u.IsActive, u.CreatedAt.UTC().Format(time.RFC3339), u.DepartmentID)
			if p := u.Profile; p != nil {
				fmt.Fprintf(&b, "  profile %d %d %s %s\n", p.ID, p.UserID, p.Bio, rowdigest.Str(p.AvatarURL))
			}
			for _, o := range rowdigest.Sorted(u.Orders, func(x *shop.Order) int64 { return x.ID }) {
				fmt.Fprintf(&b, "  order %d %d %s %.2f %s\n", o.ID, o.UserID, o.CreatedAt.UTC().Format(time.RFC3339), o.Total, o.Status)
				for _, it := range rowdigest.Sorted(o.Items, func(x *shop.Item) int64 { return x.ID }) {
					fmt.Fprintf(&b, "   item %d %d %s %d %.2f %s\n", it.ID, it.OrderID, it.SKU, it.Quantity, it.Price, it.Product.Name)
				}
			}
		}
	}
	cats, err := orm.All(ctx, s, orm.Select[shop.Category]().OrderBy(shop.Categories.ID.Asc()).Options(
		orm.SelectInLoad(shop.Categories.Parent), orm.SelectInLoad(shop.Categories.Children)))
	if err != nil {
		return "", err
	}
	for _, c := range cats {
		parent := "-"
		if c.Parent != nil {
			parent = c.Parent.Name
		}
		fmt.Fprintf(&b, "category %d %s %s under %s:", c.ID, c.Name, rowdigest.Str(c.ParentID), parent)
		for _, ch := range rowdigest.Sorted(c.Children, func(x *shop.Category) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %d", ch.ID)
		}
		b.WriteString("\n")
	}
	products, err := orm.All(ctx, s, orm.Select[shop.Product]().OrderBy(shop.Products.ID.Asc()).Options(
		orm.SelectInLoad(shop.Products.Category), orm.SelectInLoad(shop.Products.Tags)))
	if err != nil {
		return "", err
	}
	for _, p := range products {
		fmt.Fprintf(&b, "product %d %s %.2f %s:", p.ID, p.Name, p.Price, p.Category.Name)
		for _, tg := range rowdigest.Sorted(p.Tags, func(x *shop.Tag) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %s", tg.Name)
		}
		b.WriteString("\n")
	}
	tags, err := orm.All(ctx, s, orm.Select[shop.Tag]().OrderBy(shop.Tags.ID.Asc()).Options(orm.SelectInLoad(shop.Tags.Products)))
	if err != nil {
		return "", err
	}
	for _, tg := range tags {
		fmt.Fprintf(&b, "tag %d %s:", tg.ID, tg.Name)
		for _, p := range rowdigest.Sorted(tg.Products, func(x *shop.Product) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %d", p.ID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
