package testdb

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// LoadShopSample inserts a small sample of the shop dataset's rows into
// tables that already exist in db's namespace, made from the definitions in
// internal/models/shop (or from models written from those tables): 3
// departments, 12 users (two without orders), 8 profiles (some without an
// avatar, one bio with a quote), 30 orders, 60 items, a tree of 7
// categories, 10 products and 5 tags through product_tags. Unlike
// [LoadShop] it is plain SQL every backend runs, every value a function of
// the row's id, and quick enough for any test.
func LoadShopSample(t testing.TB, db *DB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if err := db.ExecScript(ctx, shopSample()); err != nil {
		t.Fatalf("testdb: shop sample on %s: %v", db.Name, err)
	}
}

// shopSample returns the sample's INSERT statements. Times are UTC wall
// clocks, as LoadChinookData writes them; amounts have two decimals.
func shopSample() string {
	var b strings.Builder
	insert := func(table string, n int, row func(i int) string) {
		fmt.Fprintf(&b, "INSERT INTO %s VALUES ", table)
		for i := 1; i <= n; i++ {
			if i > 1 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%s)", row(i))
		}
		b.WriteString(";\n")
	}
	at := func(base time.Time, d time.Duration) string {
		return base.Add(d).Format("'2006-01-02 15:04:05'")
	}
	cents := func(c int) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }
	users := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	orders := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	insert("departments (id, name)", 3, func(i int) string { return fmt.Sprintf("%d, 'dept-%d'", i, i) })
	insert("users (id, email, department_id, is_active, created_at)", 12, func(i int) string {
		return fmt.Sprintf("%d, 'user%d@example.com', %d, %t, %s", i, i, 1+i%3, i%4 != 0, at(users, time.Duration(i)*17*time.Minute))
	})
	insert("profiles (id, user_id, bio, avatar_url)", 8, func(i int) string {
		bio, avatar := fmt.Sprintf("'bio of user %d'", i), fmt.Sprintf("'https://img.example.com/%d.png'", i)
		if i == 2 {
			bio = "'it''s user 2'"
		}
		if i%3 == 0 {
			avatar = "NULL"
		}
		return fmt.Sprintf("%d, %d, %s, %s", i, i, bio, avatar)
	})
	statuses := []string{"new", "paid", "shipped", "cancelled"}
	insert("orders (id, user_id, created_at, total, status)", 30, func(i int) string {
		return fmt.Sprintf("%d, %d, %s, %s, '%s'", i, 1+(i*7)%10, at(orders, time.Duration(i)*3*time.Hour), cents((i*3737)%100000), statuses[i%4])
	})
	insert("categories (id, parent_id, name)", 7, func(i int) string {
		parent := fmt.Sprint(i / 2)
		if i == 1 {
			parent = "NULL"
		}
		return fmt.Sprintf("%d, %s, 'cat-%d'", i, parent, i)
	})
	insert("products (id, category_id, name, price)", 10, func(i int) string {
		return fmt.Sprintf("%d, %d, 'product-%d', %s", i, 1+i%7, i, cents((i*1313)%50000+100))
	})
	insert("items (id, order_id, product_id, sku, quantity, price)", 60, func(i int) string {
		return fmt.Sprintf("%d, %d, %d, 'SKU-%08d', %d, %s", i, 1+(i*11)%30, 1+(i*3+i/7)%10, i, 1+i%5, cents((i*1717)%10000+50))
	})
	insert("tags (id, name)", 5, func(i int) string { return fmt.Sprintf("%d, 'tag-%d'", i, i) })
	// Each product has one or two tags; tag 5 has none.
	insert("product_tags (product_id, tag_id)", 15, func(i int) string {
		p := 1 + (i-1)%10
		return fmt.Sprintf("%d, %d", p, 1+(p+(i-1)/10)%4)
	})
	return b.String()
}
