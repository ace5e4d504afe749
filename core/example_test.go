// core/example_test.go

package core_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
)

// The examples' tables: a shop with users, their orders and a tree of
// categories. A table is a struct embedding *core.Table with one typed
// column per field, defined once at package initialisation.

var Users = func() (t struct {
	*core.Table
	ID           core.Column[int64]
	Email        core.Column[string]
	DepartmentID core.Column[int64]
	IsActive     core.Column[bool]
	CreatedAt    core.Column[time.Time]
}) {
	t.Table = core.NewTable("users")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Email = core.NewColumn[string](t.Table, "email", core.Unique())
	t.DepartmentID = core.NewColumn[int64](t.Table, "department_id")
	t.IsActive = core.NewColumn[bool](t.Table, "is_active")
	t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
	return t
}()

var Orders = func() (t struct {
	*core.Table
	ID        core.Column[int64]
	UserID    core.Column[int64]
	CreatedAt core.Column[time.Time]
	Total     core.Column[float64]
}) {
	t.Table = core.NewTable("orders")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.UserID = core.NewColumn[int64](t.Table, "user_id", core.References(Users.ID))
	t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
	t.Total = core.NewColumn[float64](t.Table, "total", core.SQLType(core.Numeric(12, 2)))
	return t
}()

var Categories = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	ParentID core.Column[int64]
	Name     core.Column[string]
}) {
	t.Table = core.NewTable("categories")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.ParentID = core.NewColumn[int64](t.Table, "parent_id", core.Nullable(), core.References(t.ID))
	t.Name = core.NewColumn[string](t.Table, "name", core.Unique())
	return t
}()

// printCompiled compiles stmt for d and prints the SQL and the arguments.
func printCompiled(d *core.Dialect, stmt core.Statement) {
	c, err := d.Compile(stmt)
	if err != nil {
		fmt.Printf("%s: error: %v\n", d, err)
		return
	}
	fmt.Printf("%s: %s\n", d, c.SQL)
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		if s, ok := a.(string); ok {
			args[i] = strconv.Quote(s)
		} else {
			args[i] = fmt.Sprint(a)
		}
	}
	fmt.Printf("args: [%s]\n", strings.Join(args, ", "))
}

func ExampleSelect() {
	stmt := core.Select(Users.ID, Users.Email).
		Where(Users.IsActive.IsTrue(), Users.Email.Like("%@example.com")).
		OrderBy(Users.CreatedAt.Desc()).
		Limit(20)
	printCompiled(postgres.Dialect, stmt)
	printCompiled(sqlite.Dialect, stmt)
	// Output:
	// postgres: SELECT users.id, users.email FROM users WHERE users.is_active AND users.email LIKE $1 ORDER BY users.created_at DESC LIMIT $2
	// args: ["%@example.com", 20]
	// sqlite: SELECT users.id, users.email FROM users WHERE users.is_active AND users.email LIKE ? ORDER BY users.created_at DESC LIMIT ?
	// args: ["%@example.com", 20]
}

func ExampleSelectStmt_Join() {
	// Users with their order counts and totals, for those with 10 orders
	// or more. The FROM clause starts at the first table selected.
	orderCount := core.Count(Orders.ID).Label("order_count")
	totalSpent := core.Sum(Orders.Total).Label("total_spent")
	stmt := core.Select(Users.ID, Users.Email, orderCount, totalSpent).
		Join(Orders, Orders.UserID.EqCol(Users.ID)).
		GroupBy(Users.ID, Users.Email).
		Having(core.Count(Orders.ID).Ge(10)).
		OrderBy(totalSpent.Desc())
	printCompiled(postgres.Dialect, stmt)

	// Without ON, the condition comes from the one foreign key that links
	// the two tables.
	printCompiled(postgres.Dialect, core.Select(Users.Email, Orders.Total).Join(Orders))
	// Output:
	// postgres: SELECT users.id, users.email, count(orders.id) AS order_count, sum(orders.total) AS total_spent FROM users JOIN orders ON orders.user_id = users.id GROUP BY users.id, users.email HAVING count(orders.id) >= $1 ORDER BY total_spent DESC
	// args: [10]
	// postgres: SELECT users.email, orders.total FROM users JOIN orders ON orders.user_id = users.id
	// args: []
}

func ExampleSelectStmt_Lateral() {
	// The latest order of each user: a LATERAL subquery may refer to the
	// FROM items before it (here u), and is correlated to them.
	u := core.Aliased(Users, "u")
	latest := core.Select(Orders.UserID, Orders.CreatedAt, Orders.Total).
		Where(Orders.UserID.EqCol(u.ID)).
		OrderBy(Orders.CreatedAt.Desc()).
		Limit(1).
		Lateral("latest_ord")
	stmt := core.Select(u.ID, u.Email, Orders.CreatedAt.Of(latest), Orders.Total.Of(latest)).
		From(u).
		OuterJoin(latest, Orders.UserID.Of(latest).EqCol(u.ID))
	printCompiled(postgres.Dialect, stmt)

	// SQLite has no LATERAL: Compile says so rather than emit SQL that fails.
	_, err := sqlite.Dialect.Compile(stmt)
	fmt.Println(errors.Is(err, core.ErrUnsupported), err)
	// Output:
	// postgres: SELECT u.id, u.email, latest_ord.created_at, latest_ord.total FROM users AS u LEFT OUTER JOIN LATERAL (SELECT orders.user_id, orders.created_at, orders.total FROM orders WHERE orders.user_id = u.id ORDER BY orders.created_at DESC LIMIT $1) AS latest_ord ON latest_ord.user_id = u.id
	// args: [1]
	// true retort: unsupported by dialect: LATERAL is not supported by sqlite
}

func ExampleSelectStmt_CTE() {
	// Every category under the root, with its depth: a recursive CTE is an
	// anchor SELECT made into a CTE, then UnionAll of a SELECT that reads it.
	depth := core.Value[int64](0).Label("depth")
	tree := core.Select(Categories.ID, Categories.Name, depth).
		Where(Categories.ParentID.IsNull()).
		CTE("tree")
	tree = tree.UnionAll(
		core.Select(Categories.ID, Categories.Name, depth.Of(tree).Add(1)).
			Join(tree, Categories.ParentID.EqCol(Categories.ID.Of(tree))),
	)
	stmt := core.Select(Categories.Name.Of(tree), depth.Of(tree)).
		Where(depth.Of(tree).Le(3)).
		OrderBy(depth.Of(tree), Categories.Name.Of(tree))
	printCompiled(sqlite.Dialect, stmt)
	// PostgreSQL cannot infer the type of a parameter that stands alone in
	// a select list, so Value is cast there.
	printCompiled(postgres.Dialect, stmt)
	// Output:
	// sqlite: WITH RECURSIVE tree(id, name, depth) AS (SELECT categories.id, categories.name, ? AS depth FROM categories WHERE categories.parent_id IS NULL UNION ALL SELECT categories.id, categories.name, (tree.depth + ?) FROM categories JOIN tree ON categories.parent_id = tree.id) SELECT tree.name, tree.depth FROM tree WHERE tree.depth <= ? ORDER BY tree.depth ASC, tree.name ASC
	// args: [0, 1, 3]
	// postgres: WITH RECURSIVE tree(id, name, depth) AS (SELECT categories.id, categories.name, CAST($1 AS BIGINT) AS depth FROM categories WHERE categories.parent_id IS NULL UNION ALL SELECT categories.id, categories.name, (tree.depth + $2) FROM categories JOIN tree ON categories.parent_id = tree.id) SELECT tree.name, tree.depth FROM tree WHERE tree.depth <= $3 ORDER BY tree.depth ASC, tree.name ASC
	// args: [0, 1, 3]
}

func ExampleExpr_Over() {
	// Each active user's rank by sign-up date within their department: a
	// window function beside plain columns, ordered by its label.
	rank := core.RowNumber().
		Over(core.PartitionBy(Users.DepartmentID), core.OrderBy(Users.CreatedAt)).
		Label("dept_rank")
	stmt := core.Select(Users.ID, Users.Email, rank).
		Where(Users.IsActive.IsTrue()).
		OrderBy(Users.DepartmentID, rank)
	printCompiled(postgres.Dialect, stmt)
	// Output:
	// postgres: SELECT users.id, users.email, row_number() OVER (PARTITION BY users.department_id ORDER BY users.created_at ASC) AS dept_rank FROM users WHERE users.is_active ORDER BY users.department_id ASC, dept_rank ASC
	// args: []
}

func ExampleInsert() {
	// An upsert: insert the rows, or give those whose name exists their
	// new parent. Excluded(col) is the value the INSERT proposed for col.
	rows := core.Insert(Categories.Table).
		Values(Categories.ID.Set(7), Categories.Name.Set("books"), Categories.ParentID.Set(1)).
		Values(Categories.ID.Set(8), Categories.Name.Set("music"), Categories.ParentID.Set(1))
	upsert := rows.
		OnConflict(Categories.Name).
		DoUpdate(Categories.ParentID.SetExpr(core.Excluded(Categories.ParentID))).
		Returning(Categories.ID, Categories.ParentID)
	printCompiled(postgres.Dialect, upsert)

	// MySQL spells it ON DUPLICATE KEY UPDATE, and has no RETURNING.
	printCompiled(mysql.MySQL,
		rows.OnDuplicateKeyUpdate(Categories.ParentID.SetExpr(core.Excluded(Categories.ParentID))))
	// Output:
	// postgres: INSERT INTO categories (id, name, parent_id) VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT (name) DO UPDATE SET parent_id = EXCLUDED.parent_id RETURNING id, parent_id
	// args: [7, "books", 1, 8, "music", 1]
	// mysql: INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE parent_id = VALUES(parent_id)
	// args: [7, "books", 1, 8, "music", 1]
}

func ExampleExpr_In() {
	stmt := core.Select(Orders.ID, Orders.Total).Where(Orders.UserID.In(3, 5, 8))
	// PostgreSQL binds the whole list as one array: one statement shape for
	// any number of values, and no limit on the parameter count.
	printCompiled(postgres.Dialect, stmt)
	// Elsewhere each value is a parameter of its own.
	printCompiled(sqlite.Dialect, stmt)
	// Output:
	// postgres: SELECT orders.id, orders.total FROM orders WHERE orders.user_id = ANY($1)
	// args: [[3 5 8]]
	// sqlite: SELECT orders.id, orders.total FROM orders WHERE orders.user_id IN (?, ?, ?)
	// args: [3, 5, 8]
}

func ExampleAliased() {
	// Each category with its parent's name: the same table twice, once under
	// a chosen name and once under an anonymous alias, named categories_1
	// when compiled.
	child := core.Aliased(Categories, "child")
	parent := core.Aliased(Categories)
	stmt := core.Select(child.Name, parent.Name.Label("parent_name")).
		From(child).
		OuterJoin(parent, child.ParentID.EqCol(parent.ID)).
		OrderBy(child.ID)
	printCompiled(postgres.Dialect, stmt)
	// Output:
	// postgres: SELECT child.name, categories_1.name AS parent_name FROM categories AS child LEFT OUTER JOIN categories AS categories_1 ON child.parent_id = categories_1.id ORDER BY child.id ASC
	// args: []
}

func ExampleDialect_Compile() {
	// Compile returns SQL text in the dialect's style and the arguments in
	// placeholder order. Values never enter the text, so the same query
	// with other values has the same SQL: it is rendered once and then
	// served from the dialect's cache.
	byEmail := func(email string) core.Statement {
		return core.Select(Users.ID).Where(Users.Email.Eq(email))
	}
	for _, email := range []string{"ann@example.com", "bob@example.com"} {
		c, err := postgres.Dialect.Compile(byEmail(email))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %q\n", c.SQL, c.Args)
	}
	// Output:
	// SELECT users.id FROM users WHERE users.email = $1 ["ann@example.com"]
	// SELECT users.id FROM users WHERE users.email = $1 ["bob@example.com"]
}

func ExampleRaw() {
	// Raw is the escape hatch for SQL that core cannot express. Its text
	// is written as is; each "?" in it becomes a bind parameter, numbered
	// in the dialect's style.
	matches := core.Raw[bool]("users.email ~ ?", "^ann")
	stmt := core.Select(Users.Email).Where(matches, Users.ID.Gt(100))
	printCompiled(postgres.Dialect, stmt)
	// Output:
	// postgres: SELECT users.email FROM users WHERE users.email ~ $1 AND users.id > $2
	// args: ["^ann", 100]
}

func Example_cartesianProduct() {
	// Two tables that nothing connects would pair every user with every
	// order. Compile refuses the statement instead of running it.
	stmt := core.Select(Users.Email, Orders.Total).Where(Orders.Total.Gt(100))
	_, err := sqlite.Dialect.Compile(stmt)
	fmt.Println(errors.Is(err, core.ErrCartesianProduct))
	fmt.Println(err)

	// Join them (or use CrossJoin to say the product is meant).
	printCompiled(sqlite.Dialect, stmt.Join(Orders, Orders.UserID.EqCol(Users.ID)))
	// Output:
	// true
	// retort: cartesian product: SELECT has a cartesian product between FROM element(s) "orders" and "users"; join them, link them in WHERE, or use CrossJoin
	// sqlite: SELECT users.email, orders.total FROM users JOIN orders ON orders.user_id = users.id WHERE orders.total > ?
	// args: [100]
}
