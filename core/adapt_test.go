package core_test

import (
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
)

// TestAdapt: a condition and an ordering written on a table, adapted onto
// an anonymous alias of it, read the alias's columns and leave the other
// tables' alone; a subquery in the condition that reads the table itself
// keeps its own columns, and one that reads another table is correlated
// to the alias; the same condition adapted onto two aliases of one table
// reads each, and the table itself leaves it as it was.
func TestAdapt(t *testing.T) {
	u, o, it := shop.Users, shop.Orders, shop.Items
	d := postgres.Dialect
	a := core.Alias(o.Table, "")
	paid := core.And(o.Status.Eq("paid"), o.Total.Gt(10))
	stmt := core.Select(u.ID, o.ID.Of(a)).
		OuterJoin(a, o.UserID.Of(a).EqCol(u.ID), core.Adapt(paid, a)).
		OrderBy(u.ID.Asc(), core.AdaptOrder(o.CreatedAt.Desc().NullsLast(), a), core.AdaptOrder(o.ID, a))
	behaviourSQL(t, d, stmt, "SELECT users.id, orders_1.id AS id_1 FROM users "+
		"LEFT OUTER JOIN orders AS orders_1 ON (orders_1.user_id = users.id AND (orders_1.status = $1 AND orders_1.total > $2)) "+
		"ORDER BY users.id ASC, orders_1.created_at DESC NULLS LAST, orders_1.id ASC", "paid", 10.0)

	// A subquery of the criteria: items correlated to the alias; the
	// orders of a second subquery, which selects from them, are its own.
	hasItems := core.Exists(core.Select(it.ID).Where(it.OrderID.EqCol(o.ID)))
	biggest := o.Total.GeCol(core.Scalar[float64](core.Select(core.Max(o.Total)).From(o.Table).Where(o.UserID.EqCol(u.ID))))
	stmt = core.Select(u.ID).OuterJoin(a, o.UserID.Of(a).EqCol(u.ID), core.Adapt(core.And(hasItems, biggest), a))
	behaviourSQL(t, d, stmt, "SELECT users.id FROM users LEFT OUTER JOIN orders AS orders_1 ON (orders_1.user_id = users.id AND "+
		"(EXISTS (SELECT items.id FROM items WHERE items.order_id = orders_1.id) AND "+
		"orders_1.total >= (SELECT max(orders.total) FROM orders WHERE orders.user_id = users.id)))")

	// Two aliases of one table, each with the criteria; the table itself.
	b := core.Alias(o.Table, "")
	stmt = core.Select(u.ID).
		OuterJoin(a, o.UserID.Of(a).EqCol(u.ID), core.Adapt(o.Status.Eq("paid"), a)).
		OuterJoin(b, o.UserID.Of(b).EqCol(u.ID), core.Adapt(o.Status.Eq("open"), b)).
		Join(o.Table, core.Adapt(o.UserID.EqCol(u.ID), o.Table))
	behaviourSQL(t, d, stmt, "SELECT users.id FROM users "+
		"LEFT OUTER JOIN orders AS orders_1 ON (orders_1.user_id = users.id AND orders_1.status = $1) "+
		"LEFT OUTER JOIN orders AS orders_2 ON (orders_2.user_id = users.id AND orders_2.status = $2) "+
		"JOIN orders ON orders.user_id = users.id", "paid", "open")

	// A named alias, on MySQL.
	c := core.Alias(o.Table, "o")
	stmt = core.Select(u.ID).OuterJoin(c, o.UserID.Of(c).EqCol(u.ID), core.Adapt(paid, c))
	behaviourSQL(t, mysql.MySQL, stmt, "SELECT users.id FROM users LEFT OUTER JOIN orders AS o ON (o.user_id = users.id AND (o.status = ? AND o.total > ?))", "paid", 10.0)

	// Onto a subquery: the columns it selects, under its names; inside
	// an adaptation onto an alias, which takes its table's columns.
	sub := core.Select(u.ID, u.CreatedAt).Limit(5).Subquery("")
	later := core.Adapt(core.Adapt(o.CreatedAt.GtCol(u.CreatedAt), a), sub)
	stmt = core.Select(u.ID.Of(sub)).OuterJoin(a, o.UserID.Of(a).EqCol(u.ID.Of(sub)), later).
		OrderBy(core.AdaptOrder(u.CreatedAt.Desc(), sub))
	behaviourSQL(t, d, stmt, "SELECT anon_1.id FROM (SELECT users.id, users.created_at FROM users LIMIT $1) AS anon_1 "+
		"LEFT OUTER JOIN orders AS orders_1 ON (orders_1.user_id = anon_1.id AND orders_1.created_at > anon_1.created_at) "+
		"ORDER BY anon_1.created_at DESC", int64(5))
	// A column the subquery does not select stays as it is, and fails
	// where the table is not read.
	behaviourErr(t, d, core.Select(u.ID.Of(sub)).OrderBy(core.AdaptOrder(u.Email, sub)), core.ErrInvalidStatement, "ORDER BY refers to users")

	var nilCond core.Condition
	behaviourErr(t, d, core.Select(u.ID).Where(core.Adapt(nilCond, a)), core.ErrInvalidStatement, "Adapt of a nil expression")
	behaviourErr(t, d, core.Select(u.ID).Where(core.Adapt(o.Status.Eq("x"), nil)), core.ErrInvalidStatement, "nil FROM item")
}

// TestSelectingOrder: a query ordered by a column of a table it joins,
// and by an expression, selects them once wrapping needs them, so that a
// query wrapping it orders by the subquery's columns; terms it selects
// already are not added twice, and a term of a table it does not read is
// returned, not added.
func TestSelectingOrder(t *testing.T) {
	u, o, dep := shop.Users, shop.Orders, shop.Departments
	d := postgres.Dialect
	base := core.Select(u.ID, u.Email).Join(dep.Table).
		OrderBy(dep.Name.Asc(), core.Lower(u.Email).Desc(), u.ID.Asc(), dep.Name.Desc()).Limit(5)
	sel, unread := base.SelectingOrder()
	if len(unread) != 0 {
		t.Errorf("unread %v, want none", unread)
	}
	sub := sel.Subquery("")
	outer := core.Select(u.ID.Of(sub), u.Email.Of(sub)).OrderBy(sel.OrderingsOn(sub)...)
	behaviourSQL(t, d, outer, "SELECT anon_1.id, anon_1.email FROM (SELECT users.id, users.email, departments.name, lower(users.email) AS order_by "+
		"FROM users JOIN departments ON users.department_id = departments.id ORDER BY departments.name ASC, lower(users.email) DESC, users.id ASC, departments.name DESC LIMIT $1) AS anon_1 "+
		"ORDER BY anon_1.name ASC, anon_1.order_by DESC, anon_1.id ASC, anon_1.name DESC", int64(5))
	if again, _ := core.Select(u.ID).OrderBy(u.ID.Asc()).SelectingOrder(); again == nil {
		t.Fatal("nil statement")
	}

	// orders is not read: left out, and named.
	sel, unread = core.Select(u.ID).OrderBy(o.CreatedAt.Asc(), u.ID.Asc()).SelectingOrder()
	if len(unread) != 1 || unread[0] != core.FromItem(o.Table) {
		t.Errorf("unread %v, want orders", unread)
	}
	behaviourErr(t, d, sel, core.ErrInvalidStatement, "ORDER BY refers to orders")
}

// TestOfFindsTheColumnItself: a subquery selecting a table's column and
// the same column of an alias of the table finds each by itself, not the
// first of the two.
func TestOfFindsTheColumnItself(t *testing.T) {
	c := shop.Categories
	parent := core.Aliased(c)
	sub := core.Select(c.ID, c.Name, parent.ID, parent.Name).Join(parent.Table, parent.ID.EqCol(c.ParentID)).Subquery("")
	behaviourSQL(t, postgres.Dialect, core.Select(parent.Name.Of(sub), c.Name.Of(sub), parent.ID.Of(sub)),
		"SELECT anon_1.name_1, anon_1.name, anon_1.id_1 FROM (SELECT categories.id, categories.name, categories_1.id AS id_1, categories_1.name AS name_1 "+
			"FROM categories JOIN categories AS categories_1 ON categories_1.id = categories.parent_id) AS anon_1")
}

func TestReads(t *testing.T) {
	users := core.NewTable("users")
	uid := core.NewColumn[int64](users, "id", core.PrimaryKey())
	name := core.NewColumn[string](users, "name")
	orders := core.NewTable("orders")
	ouser := core.NewColumn[int64](orders, "user_id")
	count := core.Scalar[int64](core.Select(core.CountAll()).From(orders).Where(ouser.EqCol(uid)))
	if got := core.Reads(count); len(got) != 0 {
		t.Errorf("core.Reads(a correlated count) = %v, want none: the subquery reads its own", got)
	}
	if got := core.Reads(name.Eq("ann")); len(got) != 1 || got[0] != core.FromItem(users) {
		t.Errorf("core.Reads(users.name = $1) = %v, want users", got)
	}
	u := core.Alias(users, "u")
	both := core.And(core.ColumnOf[int64](u, "id").Gt(1), ouser.EqCol(uid), core.Exists(core.Select(ouser).From(orders)))
	if got := core.Reads(both); len(got) != 3 || got[0] != core.FromItem(u) || got[1] != core.FromItem(orders) || got[2] != core.FromItem(users) {
		t.Errorf("core.Reads(u.id > 1 AND orders.user_id = users.id AND EXISTS ...) = %v, want u, orders, users", got)
	}
	if got := core.Reads(nil); got != nil {
		t.Errorf("core.Reads(nil) = %v", got)
	}
}
