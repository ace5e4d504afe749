package shopdb_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/mysql"
	_ "github.com/retortdb/retort/engine/pgx"
	_ "github.com/retortdb/retort/engine/sqlite"
	"github.com/retortdb/retort/internal/models/shopdb"
	"github.com/retortdb/retort/internal/testdb"
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
	for _, backend := range []string{testdb.Postgres, testdb.SQLite, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			db, dsn := testdb.OpenWithDSN(t, backend)
			eng, err := engine.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { eng.Close() })
			if err := orm.CreateAll(t.Context(), eng, shopdb.MappedTables...); err != nil {
				t.Fatal(err)
			}
			testdb.LoadShopSample(t, db)
			var rows string
			err = orm.NewSessionFactory(eng).Transaction(t.Context(), func(s *orm.Session) error {
				var err error
				rows, err = printGenerated(t.Context(), s)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			digest := fmt.Sprintf("sha256 %x\nlines %d\n", sha256.Sum256([]byte(rows)), strings.Count(rows, "\n"))
			want, err := os.ReadFile("testdata/rows.txt")
			if err != nil {
				t.Fatal(err)
			}
			if digest != string(want) {
				path := filepath.Join(os.TempDir(), "retort-shopdb-rows-"+backend+".txt")
				_ = os.WriteFile(path, []byte(rows), 0o644)
				t.Errorf("the rows (printed to %s) give\n%swant\n%s", path, digest, want)
			}
		})
	}
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
		for _, u := range sorted(d.Users, func(x *shopdb.User) int64 { return x.ID }) {
			fmt.Fprintf(&b, " user %d %s %t %s %d\n", u.ID, u.Email, u.IsActive, u.CreatedAt.UTC().Format(time.RFC3339), u.DepartmentID)
			if p := u.Profile; p != nil {
				fmt.Fprintf(&b, "  profile %d %d %s %s\n", p.ID, p.UserID, p.Bio, str(p.AvatarURL))
			}
			for _, o := range sorted(u.Orders, func(x *shopdb.Order) int64 { return x.ID }) {
				fmt.Fprintf(&b, "  order %d %d %s %s %s\n", o.ID, o.UserID, o.CreatedAt.UTC().Format(time.RFC3339), o.Total.StringFixed(2), o.Status)
				for _, it := range sorted(o.Items, func(x *shopdb.Item) int64 { return x.ID }) {
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
		fmt.Fprintf(&b, "category %d %s %s under %s:", c.ID, c.Name, str(c.ParentID), parent)
		for _, ch := range sorted(c.Children, func(x *shopdb.Category) int64 { return x.ID }) {
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
		for _, tg := range sorted(p.Tags, func(x *shopdb.Tag) int64 { return x.ID }) {
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
		for _, p := range sorted(tg.Products, func(x *shopdb.Product) int64 { return x.ID }) {
			fmt.Fprintf(&b, " %d", p.ID)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// sorted returns objs by key: the print does not depend on the order
// collections load in.
func sorted[T any](objs []*T, key func(*T) int64) []*T {
	return slices.SortedFunc(slices.Values(objs), func(x, y *T) int { return cmp.Compare(key(x), key(y)) })
}

// str prints a nullable value, or NULL.
func str[T any](v *T) string {
	if v == nil {
		return "NULL"
	}
	return fmt.Sprint(*v)
}
