package orm_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// seedRelJoin adds to seedShop's rows: a second product, bat, tags on
// both (ball: red; bat: blue, red), and four employees (Nancy reports to
// Andrew, Jane and Margaret to Nancy).
func seedRelJoin(t *testing.T, w *world) {
	t.Helper()
	seedShop(t, w)
	s := w.f.New()
	defer s.Close()
	ctx := t.Context()
	ball, err := orm.One(ctx, s, orm.Select[shop.Product]())
	if err != nil {
		t.Fatal(err)
	}
	red, blue := &shop.Tag{Name: "red"}, &shop.Tag{Name: "blue"}
	ball.Tags = []*shop.Tag{red}
	bat := &shop.Product{Name: "bat", Price: 5, CategoryID: ball.CategoryID, Tags: []*shop.Tag{blue, red}}
	andrew := &chinook.Employee{EmployeeID: 1, FirstName: "Andrew", LastName: "Adams"}
	nancy := &chinook.Employee{EmployeeID: 2, FirstName: "Nancy", LastName: "Edwards", Manager: andrew}
	jane := &chinook.Employee{EmployeeID: 3, FirstName: "Jane", LastName: "Peacock", Manager: nancy}
	margaret := &chinook.Employee{EmployeeID: 4, FirstName: "Margaret", LastName: "Park", Manager: nancy}
	if err := s.AddAll(bat, andrew, nancy, jane, margaret); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	w.rec.Reset()
}

var placeholder = regexp.MustCompile(`\$\d+`)

// checkSQL compares the one statement recorded with want, written for
// PostgreSQL: the other backends have "?" for "$n".
func checkSQL(t *testing.T, w *world, want string) {
	t.Helper()
	if w.backend != testdb.Postgres {
		want = placeholder.ReplaceAllString(want, "?")
	}
	if sql := w.rec.SQL(); len(sql) != 1 || sql[0] != want {
		t.Errorf("statements\n%q\nwant\n%q", sql, want)
	}
	w.rec.Reset()
}

const userCols = "users.id, users.email, users.department_id, users.is_active, users.created_at"

func emails(users []*shop.User) string {
	var out []string
	for _, u := range users {
		out = append(out, u.Email)
	}
	return strings.Join(out, " ")
}

func firstNames(es []*chinook.Employee) string {
	var out []string
	for _, e := range es {
		out = append(out, e.FirstName)
	}
	return strings.Join(out, " ")
}

// TestJoinAlongRelationship: Join and OuterJoin of a relationship take
// the ON clause from the mapping, to the target's table or an alias of it,
// through the association table of a many-to-many, and from a table to an
// alias of itself.
func TestJoinAlongRelationship(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedRelJoin(t, w)
		s := w.f.New()
		defer s.Close()

		pairs, err := orm.All(ctx, s, orm.Select2[*shop.User, int64](shop.Users, shop.Orders.ID).
			Join(shop.Users.Orders).OrderBy(shop.Orders.ID.Asc()).Options(orm.NoLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pairs {
			got = append(got, fmt.Sprint(p.V1.Email, ":", p.V2))
		}
		if want := "a@x:1 a@x:2 b@x:3"; strings.Join(got, " ") != want {
			t.Errorf("users joined to orders: %q, want %q", got, want)
		}
		checkSQL(t, w, "SELECT "+userCols+", orders.id AS id_1 FROM users JOIN orders ON orders.user_id = users.id ORDER BY orders.id ASC")

		// An alias of the target, outer: c@x has no order.
		o := core.Aliased(shop.Orders, "o")
		outer, err := orm.All(ctx, s, orm.Select2[*shop.User, *int64](shop.Users, o.ID).
			OuterJoin(shop.Users.Orders.Of(o)).OrderBy(shop.Users.ID.Asc(), o.ID.Asc()).Options(orm.NoLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, p := range outer {
			id := "none"
			if p.V2 != nil {
				id = fmt.Sprint(*p.V2)
			}
			got = append(got, p.V1.Email+":"+id)
		}
		if want := "a@x:1 a@x:2 b@x:3 c@x:none"; strings.Join(got, " ") != want {
			t.Errorf("users outer-joined to orders: %q, want %q", got, want)
		}
		checkSQL(t, w, "SELECT "+userCols+", o.id AS id_1 FROM users LEFT OUTER JOIN orders AS o ON o.user_id = users.id ORDER BY users.id ASC, o.id ASC")

		// And's criteria and Join's own conditions go into the ON clause;
		// From continues from the alias.
		i := core.Aliased(shop.Items, "i")
		users, err := orm.All(ctx, s, orm.Select[shop.User]().
			Join(shop.Users.Orders.Of(o).And(o.Total.Gt(1.5))).
			Join(shop.Orders.Items.From(o).Of(i), i.SKU.Eq("sku-2-1")).Options(orm.NoLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		if got := emails(users); got != "a@x" {
			t.Errorf("users with item sku-2-1 in an order over 1.5: %q", got)
		}
		checkSQL(t, w, "SELECT "+userCols+" FROM users JOIN orders AS o ON (o.user_id = users.id AND o.total > $1) "+
			"JOIN items AS i ON (i.order_id = o.id AND i.sku = $2)")

		// ContainsEager reads the collection from the alias of Of.
		s.Close()
		s = w.f.New()
		defer s.Close()
		eager, err := orm.All(ctx, s, orm.Select[shop.User]().Join(shop.Users.Orders.Of(o)).Where(o.Total.Lt(1.5)).
			Options(orm.ContainsEager(shop.Users.Orders.Of(o))))
		if err != nil {
			t.Fatal(err)
		}
		if len(eager) != 1 || eager[0].Email != "b@x" || len(eager[0].Orders) != 1 || eager[0].Orders[0].ID != 3 {
			t.Errorf("users with their orders under 1.5, read from the join: %v", eager)
		}
		checkSQL(t, w, "SELECT "+userCols+", o.id AS id_1, o.user_id, o.created_at AS created_at_1, o.total, o.status FROM users "+
			"JOIN orders AS o ON o.user_id = users.id WHERE o.total < $1")

		// Many-to-one.
		orders, err := orm.All(ctx, s, orm.Select[shop.Order]().Join(shop.Orders.User).Where(shop.Users.Email.Eq("b@x")))
		if err != nil {
			t.Fatal(err)
		}
		if len(orders) != 1 || orders[0].ID != 3 {
			t.Errorf("b@x's orders: %v", orders)
		}
		checkSQL(t, w, "SELECT orders.id, orders.user_id, orders.created_at, orders.total, orders.status FROM orders "+
			"JOIN users ON users.id = orders.user_id WHERE users.email = $1")

		// Many-to-many: the association table, then the target.
		tagged, err := orm.All(ctx, s, orm.Select2[*shop.Product, string](shop.Products, shop.Tags.Name).
			Join(shop.Products.Tags).OrderBy(shop.Products.ID.Asc(), shop.Tags.Name.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, p := range tagged {
			got = append(got, p.V1.Name+":"+p.V2)
		}
		if want := "ball:red bat:blue bat:red"; strings.Join(got, " ") != want {
			t.Errorf("products joined to tags: %q, want %q", got, want)
		}
		checkSQL(t, w, "SELECT products.id, products.category_id, products.name, products.price, tags.name AS name_1 FROM products "+
			"JOIN product_tags ON product_tags.product_id = products.id JOIN tags ON tags.id = product_tags.tag_id "+
			"ORDER BY products.id ASC, tags.name ASC")
		// Outer through a many-to-many: both joins are outer, and Join's
		// condition is in the target's ON clause.
		tg := core.Aliased(shop.Tags, "tg")
		blue, err := orm.All(ctx, s, orm.Select2[*shop.Product, *string](shop.Products, tg.Name).
			OuterJoin(shop.Products.Tags.Of(tg), tg.Name.Eq("blue")).OrderBy(shop.Products.ID.Asc(), tg.Name.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, p := range blue {
			name := "none"
			if p.V2 != nil {
				name = *p.V2
			}
			got = append(got, p.V1.Name+":"+name)
		}
		if want := map[bool]string{true: "ball:none bat:blue bat:none", false: "ball:none bat:none bat:blue"}[w.backend == testdb.Postgres]; strings.Join(got, " ") != want {
			t.Errorf("products outer-joined to the blue tag: %q, want %q", got, want)
		}
		checkSQL(t, w, "SELECT products.id, products.category_id, products.name, products.price, tg.name AS name_1 FROM products "+
			"LEFT OUTER JOIN product_tags ON product_tags.product_id = products.id "+
			"LEFT OUTER JOIN tags AS tg ON (tg.id = product_tags.tag_id AND tg.name = $1) ORDER BY products.id ASC, tg.name ASC")

		// Self-referential: the target must be an alias.
		r := core.Aliased(chinook.Employees, "r")
		bosses, err := orm.All(ctx, s, orm.Select2[*chinook.Employee, string](chinook.Employees, r.FirstName).
			Join(chinook.Employees.Reports.Of(r)).OrderBy(chinook.Employees.EmployeeID.Asc(), r.EmployeeID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, b := range bosses {
			got = append(got, b.V1.FirstName+">"+b.V2)
		}
		if want := "Andrew>Nancy Nancy>Jane Nancy>Margaret"; strings.Join(got, " ") != want {
			t.Errorf("managers and reports: %q, want %q", got, want)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.HasSuffix(sql[0], " FROM employee JOIN employee AS r ON r.reports_to = employee.employee_id "+
			"ORDER BY employee.employee_id ASC, r.employee_id ASC") {
			t.Errorf("statements %q", sql)
		}
		w.rec.Reset()
		m := core.Aliased(chinook.Employees, "m")
		reports, err := orm.All(ctx, s, orm.Select[chinook.Employee]().Join(chinook.Employees.Manager.Of(m)).
			Where(m.FirstName.Eq("Nancy")).OrderBy(chinook.Employees.EmployeeID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if got := firstNames(reports); got != "Jane Margaret" {
			t.Errorf("Nancy's reports: %q", got)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], " FROM employee JOIN employee AS m ON m.employee_id = employee.reports_to WHERE m.first_name = ") {
			t.Errorf("statements %q", sql)
		}
		w.rec.Reset()

		// Mistakes fail before anything is sent.
		for _, c := range []struct {
			q    *orm.SelectStmt[*chinook.Employee]
			want string
		}{
			{orm.Select[chinook.Employee]().Join(chinook.Employees.Reports), "Join along Employee.Reports relates employee to itself"},
			{orm.Select[chinook.Employee]().Join(chinook.Employees.Reports.Of(core.Aliased(chinook.Customers))), "Of(customer) is not an alias of employee"},
			{orm.Select[chinook.Employee]().OuterJoin(chinook.Employees.Reports.OrderBy(r.FirstName.Asc()).Of(r)), "with OrderBy or Limit"},
			{orm.Select[chinook.Employee]().Join(chinook.Employees.EmployeeID), "Join takes a table, an alias, a subquery or a relationship"},
			{orm.Select[chinook.Employee]().Options(orm.SelectInLoad(chinook.Employees.Reports.Of(r))), "Of and From are for joins"},
		} {
			if _, err := orm.All(ctx, s, c.q); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("mistakes sent %q", w.rec.SQL())
		}
	})
}

// TestAnyHas: Any and Has are correlated EXISTS along a relationship, to
// the parent's table or its alias, through a many-to-many, from a table to
// itself, and inside queries that load relationships.
func TestAnyHas(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedRelJoin(t, w)
		s := w.f.New()
		defer s.Close()
		users := func(q *orm.SelectStmt[*shop.User]) string {
			t.Helper()
			us, err := orm.All(ctx, s, q.Options(orm.NoLoad(shop.Users.Orders)))
			if err != nil {
				t.Fatal(err)
			}
			return emails(us)
		}
		byID := shop.Users.ID.Asc()

		if got := users(orm.Select[shop.User]().Where(shop.Users.Orders.Any(shop.Orders.Total.Gt(1.5))).OrderBy(byID)); got != "a@x" {
			t.Errorf("users with an order over 1.5: %q", got)
		}
		checkSQL(t, w, "SELECT "+userCols+" FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id AND orders.total > $1) "+
			"ORDER BY users.id ASC")
		if got := users(orm.Select[shop.User]().Where(core.Not(shop.Users.Orders.Any())).OrderBy(byID)); got != "c@x" {
			t.Errorf("users without orders: %q", got)
		}
		checkSQL(t, w, "SELECT "+userCols+" FROM users WHERE NOT (EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id)) ORDER BY users.id ASC")

		// The parent read from an alias: the EXISTS is correlated to it.
		u := core.Aliased(shop.Users, "u")
		if got := users(orm.SelectFrom[shop.User](u).Where(shop.Users.Orders.From(u).Any(shop.Orders.Total.Lt(1.5))).OrderBy(u.ID.Asc())); got != "b@x" {
			t.Errorf("users (as u) with an order under 1.5: %q", got)
		}
		checkSQL(t, w, "SELECT u.id, u.email, u.department_id, u.is_active, u.created_at FROM users AS u "+
			"WHERE EXISTS (SELECT 1 FROM orders WHERE u.id = orders.user_id AND orders.total < $1) ORDER BY u.id ASC")

		// The query joins the target too: the subquery keeps its own.
		if got := users(orm.Select[shop.User]().Join(shop.Users.Orders).Where(shop.Users.Orders.Any(shop.Orders.Total.Lt(1.5))).OrderBy(byID)); got != "b@x" {
			t.Errorf("users joined to orders, with an order under 1.5: %q", got)
		}
		checkSQL(t, w, "SELECT "+userCols+" FROM users JOIN orders ON orders.user_id = users.id "+
			"WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id AND orders.total < $1) ORDER BY users.id ASC")

		// Has along a many-to-one; And's criteria count.
		orders, err := orm.All(ctx, s, orm.Select[shop.Order]().Where(shop.Orders.User.And(shop.Users.IsActive.IsTrue()).Has(shop.Users.Email.Eq("b@x"))))
		if err != nil {
			t.Fatal(err)
		}
		if len(orders) != 1 || orders[0].ID != 3 {
			t.Errorf("orders of b@x: %v", orders)
		}
		checkSQL(t, w, "SELECT orders.id, orders.user_id, orders.created_at, orders.total, orders.status FROM orders "+
			"WHERE EXISTS (SELECT 1 FROM users WHERE orders.user_id = users.id AND users.is_active AND users.email = $1)")

		// Many-to-many, both ways.
		products, err := orm.All(ctx, s, orm.Select[shop.Product]().Where(shop.Products.Tags.Any(shop.Tags.Name.Eq("blue"))))
		if err != nil {
			t.Fatal(err)
		}
		if len(products) != 1 || products[0].Name != "bat" {
			t.Errorf("products tagged blue: %v", products)
		}
		checkSQL(t, w, "SELECT products.id, products.category_id, products.name, products.price FROM products "+
			"WHERE EXISTS (SELECT 1 FROM product_tags, tags WHERE products.id = product_tags.product_id "+
			"AND tags.id = product_tags.tag_id AND tags.name = $1)")
		tags, err := orm.All(ctx, s, orm.Select[shop.Tag]().Where(shop.Tags.Products.Any(shop.Products.Name.Eq("ball"))))
		if err != nil {
			t.Fatal(err)
		}
		if len(tags) != 1 || tags[0].Name != "red" {
			t.Errorf("tags of ball: %v", tags)
		}
		w.rec.Reset()

		// Self-referential: the target is an alias.
		r := core.Aliased(chinook.Employees, "r")
		es, err := orm.All(ctx, s, orm.Select[chinook.Employee]().Where(chinook.Employees.Reports.Of(r).Any(r.FirstName.Eq("Jane"))))
		if err != nil {
			t.Fatal(err)
		}
		if got := firstNames(es); got != "Nancy" {
			t.Errorf("Jane's manager: %q", got)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.HasSuffix(sql[0],
			" FROM employee WHERE EXISTS (SELECT 1 FROM employee AS r WHERE employee.employee_id = r.reports_to AND r.first_name = "+
				map[bool]string{true: "$1)", false: "?)"}[w.backend == testdb.Postgres]) {
			t.Errorf("statements %q", sql)
		}
		w.rec.Reset()
		es, err = orm.All(ctx, s, orm.Select[chinook.Employee]().Where(chinook.Employees.Manager.Of(r).Has(r.FirstName.Eq("Nancy"))).
			OrderBy(chinook.Employees.EmployeeID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if got := firstNames(es); got != "Jane Margaret" {
			t.Errorf("Nancy's reports: %q", got)
		}
		w.rec.Reset()

		// In a query that loads a collection by a join, under a limit: the
		// EXISTS filters the parents, and the collection is whole. (A new
		// session: s holds the users with their orders not loaded.)
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		joined, err := orm.All(ctx, s2, orm.Select[shop.User]().Where(shop.Users.Orders.Any(shop.Orders.CreatedAt.Gt(time.Date(2024, 1, 2, 12, 0, 0, 0, time.UTC)))).
			OrderBy(byID).Limit(5).Options(orm.JoinedLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		if len(joined) != 2 || len(joined[0].Orders) != 2 || len(joined[1].Orders) != 1 {
			t.Errorf("users with an order after day 2, joined with their orders: %v", joined)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], "FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id AND orders.created_at > ") {
			t.Errorf("statements %q", sql)
		}
		w.rec.Reset()
		// In a select-in load's criteria: each user's orders with an item of
		// that SKU; the EXISTS is correlated to the loaded orders.
		s2.Close()
		s3 := w.f.New()
		defer s3.Close()
		loaded, err := orm.All(ctx, s3, orm.Select[shop.User]().OrderBy(byID).
			Options(orm.SelectInLoad(shop.Users.Orders.And(shop.Orders.Items.Any(shop.Items.SKU.Eq("sku-2-1"))))))
		if err != nil {
			t.Fatal(err)
		}
		if len(loaded) != 3 || len(loaded[0].Orders) != 1 || loaded[0].Orders[0].ID != 2 || len(loaded[1].Orders) != 0 {
			t.Errorf("users with their orders holding sku-2-1: %v", loaded)
		}
		if sql := w.rec.SQL(); len(sql) != 2 || !strings.Contains(sql[1], " AND EXISTS (SELECT 1 FROM items WHERE orders.id = items.order_id AND items.sku = ") {
			t.Errorf("statements %q", sql)
		}
		w.rec.Reset()

		// Mistakes fail before anything is sent, naming what to use.
		for _, c := range []struct {
			cond core.Condition
			want string
		}{
			{shop.Users.Orders.Has(), "Has on User.Orders, a one-to-many: use Any"},
			{shop.Users.Profile.Any(), "Any on User.Profile, a one-to-one: use Has"},
			{chinook.Employees.Reports.Any(), "Any along Employee.Reports relates employee to itself"},
			{shop.Users.Orders.From(core.Aliased(shop.Orders)).Any(), "From(orders) is not an alias of users"},
			{orm.Relationship[shop.User, shop.Order]{}.Any(), "Any: the relationship is nil"},
		} {
			_, err := orm.All(ctx, s3, orm.Select[shop.User]().Where(c.cond))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
			if c.want == "Any: the relationship is nil" && !errors.Is(err, orm.ErrNil) {
				t.Errorf("%v is not ErrNil", err)
			}
		}
		// The parent read from an alias that From does not name: the
		// EXISTS would test every user's orders, so the query fails.
		_, err = orm.All(ctx, s3, orm.SelectFrom[shop.User](u).Where(shop.Users.Orders.Any()))
		if err == nil || !strings.Contains(err.Error(), "correlated to users, which the enclosing statement does not read") {
			t.Errorf("Any from an alias without From: %v", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("mistakes sent %q", w.rec.SQL())
		}
	})
}
