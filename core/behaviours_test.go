package core_test

// One test per SQLAlchemy behaviour of the SQL a select compiles to: joins,
// aliases and the Cartesian lint (J), LATERAL, CTEs, window functions,
// DISTINCT and GROUP BY (X), labels and bind parameters (C), each named
// after the behaviour's ID in docs/differences.md. Each test pins what
// Retort does on every dialect; where Retort differs on purpose, that page
// says why. The entity side of these behaviours is tested in package orm.

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
)

// The shop dataset's tables, defined as the behaviour examples use them. products is left out, so
// items.product_id is a plain column.

type shopDepartments struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}

type shopUsers struct {
	*core.Table
	ID           core.Column[int64]
	Email        core.Column[string]
	DepartmentID core.Column[int64]
	IsActive     core.Column[bool]
	CreatedAt    core.Column[time.Time]
}

type shopProfiles struct {
	*core.Table
	ID        core.Column[int64]
	UserID    core.Column[int64]
	Bio       core.Column[string]
	AvatarURL core.Column[*string]
}

type shopOrders struct {
	*core.Table
	ID        core.Column[int64]
	UserID    core.Column[int64]
	CreatedAt core.Column[time.Time]
	Total     core.Column[float64]
	Status    core.Column[string]
}

type shopItems struct {
	*core.Table
	ID        core.Column[int64]
	OrderID   core.Column[int64]
	ProductID core.Column[int64]
	SKU       core.Column[string]
	Quantity  core.Column[int32]
	Price     core.Column[float64]
}

// shopCategories is the self-referential tree. parent_id is NULL at the
// root; it is a Column[int64] with the Nullable option rather than a
// Column[*int64], because EqCol needs both sides of "child.parent_id =
// categories.id" to have the same Go type.
type shopCategories struct {
	*core.Table
	ID       core.Column[int64]
	ParentID core.Column[int64]
	Name     core.Column[string]
}

var shop = newShopModel()

func newShopModel() (m struct {
	Departments shopDepartments
	Users       shopUsers
	Profiles    shopProfiles
	Orders      shopOrders
	Items       shopItems
	Categories  shopCategories
}) {
	d := &m.Departments
	d.Table = core.NewTable("departments")
	d.ID = core.NewColumn[int64](d.Table, "id", core.PrimaryKey())
	d.Name = core.NewColumn[string](d.Table, "name")

	u := &m.Users
	u.Table = core.NewTable("users")
	u.ID = core.NewColumn[int64](u.Table, "id", core.PrimaryKey())
	u.Email = core.NewColumn[string](u.Table, "email", core.Unique())
	u.DepartmentID = core.NewColumn[int64](u.Table, "department_id", core.References(d.ID))
	u.IsActive = core.NewColumn[bool](u.Table, "is_active")
	u.CreatedAt = core.NewColumn[time.Time](u.Table, "created_at", core.SQLType(core.TimestampTZ))

	p := &m.Profiles
	p.Table = core.NewTable("profiles")
	p.ID = core.NewColumn[int64](p.Table, "id", core.PrimaryKey())
	p.UserID = core.NewColumn[int64](p.Table, "user_id", core.Unique(), core.References(u.ID))
	p.Bio = core.NewColumn[string](p.Table, "bio")
	p.AvatarURL = core.NewColumn[*string](p.Table, "avatar_url")

	o := &m.Orders
	o.Table = core.NewTable("orders")
	o.ID = core.NewColumn[int64](o.Table, "id", core.PrimaryKey())
	o.UserID = core.NewColumn[int64](o.Table, "user_id", core.References(u.ID))
	o.CreatedAt = core.NewColumn[time.Time](o.Table, "created_at", core.SQLType(core.TimestampTZ))
	o.Total = core.NewColumn[float64](o.Table, "total", core.SQLType(core.Numeric(12, 2)))
	o.Status = core.NewColumn[string](o.Table, "status")

	it := &m.Items
	it.Table = core.NewTable("items")
	it.ID = core.NewColumn[int64](it.Table, "id", core.PrimaryKey())
	it.OrderID = core.NewColumn[int64](it.Table, "order_id", core.References(o.ID))
	it.ProductID = core.NewColumn[int64](it.Table, "product_id")
	it.SKU = core.NewColumn[string](it.Table, "sku")
	it.Quantity = core.NewColumn[int32](it.Table, "quantity")
	it.Price = core.NewColumn[float64](it.Table, "price", core.SQLType(core.Numeric(10, 2)))

	c := &m.Categories
	c.Table = core.NewTable("categories")
	c.ID = core.NewColumn[int64](c.Table, "id", core.PrimaryKey())
	c.ParentID = core.NewColumn[int64](c.Table, "parent_id", core.Nullable(), core.References(c.ID))
	c.Name = core.NewColumn[string](c.Table, "name")
	return m
}

// behaviourSQL compiles stmt for d and checks the exact SQL and arguments.
func behaviourSQL(t *testing.T, d *core.Dialect, stmt core.Statement, wantSQL string, wantArgs ...any) {
	t.Helper()
	c, err := d.Compile(stmt)
	if err != nil {
		t.Fatalf("%s: Compile: %v", d, err)
	}
	if c.SQL != wantSQL {
		t.Errorf("%s: SQL\n got %s\nwant %s", d, c.SQL, wantSQL)
	}
	if len(wantArgs) == 0 {
		wantArgs = nil
	}
	if !reflect.DeepEqual(c.Args, wantArgs) {
		t.Errorf("%s: args %#v, want %#v", d, c.Args, wantArgs)
	}
}

// behaviourErr compiles stmt for d and checks that it fails with sentinel
// and a message holding every one of words.
func behaviourErr(t *testing.T, d *core.Dialect, stmt core.Statement, sentinel error, words ...string) {
	t.Helper()
	c, err := d.Compile(stmt)
	if !errors.Is(err, sentinel) {
		t.Fatalf("%s: Compile = %q, %v; want %v", d, c.SQL, err, sentinel)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not say %q", d, err, w)
		}
	}
	if c.SQL != "" || c.Args != nil {
		t.Errorf("%s: failed Compile returned %q %v", d, c.SQL, c.Args)
	}
}

// allDialects are the dialects whose output the tests compare.
var allDialects = []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MariaDB}

// isolated returns a dialect like d with a cache of its own, so a test can
// count what it caches.
func isolated(d *core.Dialect) *core.Dialect {
	return &core.Dialect{
		Name: d.Name, Placeholder: d.Placeholder, IdentifierQuote: d.IdentifierQuote, Reserved: d.Reserved,
		Features: d.Features, TypeName: d.TypeName, OffsetWithoutLimit: d.OffsetWithoutLimit, FuncNames: d.FuncNames,
		KeyTextType: d.KeyTextType,
	}
}

// ---- 5. Joins, onclause, aliasing, cartesian lint ----

func TestJ01_OnClauseFromSingleForeignKey(t *testing.T) {
	u, o, it, p, d := shop.Users, shop.Orders, shop.Items, shop.Profiles, shop.Departments
	for _, dia := range allDialects {
		// one-to-many: the FK is on the joined table
		behaviourSQL(t, dia, core.Select(u.ID, o.ID).Join(o.Table),
			"SELECT users.id, orders.id AS id_1 FROM users JOIN orders ON orders.user_id = users.id")
		// many-to-one, from the side that holds the FK
		behaviourSQL(t, dia, core.Select(o.ID, u.Email).From(o.Table).Join(u.Table),
			"SELECT orders.id, users.email FROM orders JOIN users ON orders.user_id = users.id")
		behaviourSQL(t, dia, core.Select(u.Email, d.Name).Join(d.Table),
			"SELECT users.email, departments.name FROM users JOIN departments ON users.department_id = departments.id")
		// one-to-one
		behaviourSQL(t, dia, core.Select(u.Email, p.Bio).Join(p.Table),
			"SELECT users.email, profiles.bio FROM users JOIN profiles ON profiles.user_id = users.id")
		// a chain: each join looks for its FK among every table joined so far
		behaviourSQL(t, dia, core.Select(u.Email, it.SKU).Join(o.Table).Join(it.Table),
			"SELECT users.email, items.sku FROM users JOIN orders ON orders.user_id = users.id "+
				"JOIN items ON items.order_id = orders.id")
	}
}

func TestJ01_ExplicitOnClauseOuterAndFullJoins(t *testing.T) {
	u, o := shop.Users, shop.Orders
	for _, dia := range allDialects {
		// the ON clause renders as written, in either order
		behaviourSQL(t, dia, core.Select(u.ID, o.Total).OuterJoin(o.Table, o.UserID.EqCol(u.ID)),
			"SELECT users.id, orders.total FROM users LEFT OUTER JOIN orders ON orders.user_id = users.id")
		behaviourSQL(t, dia, core.Select(u.ID, o.Total).OuterJoin(o.Table, u.ID.EqCol(o.UserID)),
			"SELECT users.id, orders.total FROM users LEFT OUTER JOIN orders ON users.id = orders.user_id")
		// several ON conditions are ANDed
		behaviourSQL(t, dia, core.Select(u.ID, o.Total).Join(o.Table, o.UserID.EqCol(u.ID), o.Status.Eq("paid")),
			"SELECT users.id, orders.total FROM users JOIN orders ON (orders.user_id = users.id AND orders.status "+
				eqParam(dia, 1)+")", "paid")
	}
	full := core.Select(u.ID, o.Total).FullJoin(o.Table, o.UserID.EqCol(u.ID))
	for _, dia := range []*core.Dialect{postgres.Dialect, sqlite.Dialect} {
		behaviourSQL(t, dia, full,
			"SELECT users.id, orders.total FROM users FULL OUTER JOIN orders ON orders.user_id = users.id")
	}
	behaviourErr(t, mysql.MariaDB, full, core.ErrUnsupported, "FULL OUTER JOIN is not supported by mariadb")
	behaviourErr(t, mysql.MySQL, full, core.ErrUnsupported, "FULL OUTER JOIN is not supported by mysql")
}

// eqParam is "= $n" on PostgreSQL and "= ?" elsewhere.
func eqParam(d *core.Dialect, n int) string {
	if d.Placeholder == core.Dollar {
		return "= $" + string(rune('0'+n))
	}
	return "= ?"
}

func TestJ02_JoinWithoutForeignKeyPathIsRefused(t *testing.T) {
	u, o, c := shop.Users, shop.Orders, shop.Categories
	for _, dia := range allDialects {
		// Building never panics; Compile reports the mistake.
		behaviourErr(t, dia, core.Select(u.ID, c.Name).Join(c.Table), core.ErrNoJoinPath,
			"no foreign key links users to categories", "give an ON condition")
		// only tables carry foreign keys: a subquery needs an explicit ON
		paid := core.Select(o.ID, o.UserID).Where(o.Status.Eq("paid")).Subquery("paid")
		behaviourErr(t, dia, core.Select(u.ID, o.ID.Of(paid)).Join(paid), core.ErrNoJoinPath,
			"join to paid needs an ON condition", "only tables carry foreign keys")
		// no left side (SQLAlchemy: "Please use the .select_from() method")
		behaviourErr(t, dia, core.Select(core.CountAll()).Join(o.Table), core.ErrInvalidStatement,
			"JOIN to orders: nothing to join from; use From")
		// an explicit ON clause resolves it
		behaviourSQL(t, dia, core.Select(u.ID, c.Name).Join(c.Table, c.ID.EqCol(u.DepartmentID)),
			"SELECT users.id, categories.name FROM users JOIN categories ON categories.id = users.department_id")
	}
}

func TestJ03_AnonymousAndNamedAliases(t *testing.T) {
	u, orders := shop.Users, shop.Orders
	o1, o2 := core.Aliased(orders), core.Aliased(orders)
	named := core.Aliased(orders, "o")
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.ID, o1.ID).Join(o1.Table),
			"SELECT users.id, orders_1.id AS id_1 FROM users JOIN orders AS orders_1 ON orders_1.user_id = users.id")
		behaviourSQL(t, dia, core.Select(u.ID, named.ID).Join(named.Table),
			"SELECT users.id, o.id AS id_1 FROM users JOIN orders AS o ON o.user_id = users.id")
		// several aliases of one table coexist, anonymous ones numbered in
		// order of first appearance
		behaviourSQL(t, dia, core.Select(u.ID, o1.ID, o2.ID, named.ID).
			Join(o1.Table).
			Join(o2.Table, o2.UserID.EqCol(u.ID), o2.CreatedAt.GtCol(o1.CreatedAt)).
			Join(named.Table, named.UserID.EqCol(u.ID)),
			"SELECT users.id, orders_1.id AS id_1, orders_2.id AS id_2, o.id AS id_3 FROM users "+
				"JOIN orders AS orders_1 ON orders_1.user_id = users.id "+
				"JOIN orders AS orders_2 ON (orders_2.user_id = users.id AND orders_2.created_at > orders_1.created_at) "+
				"JOIN orders AS o ON o.user_id = users.id")
		// numbering is per statement, at compile time: o2 is orders_1 here
		behaviourSQL(t, dia, core.Select(o2.ID, o1.ID).Join(o1.Table, o1.ID.EqCol(o2.ID)),
			"SELECT orders_1.id, orders_2.id AS id_1 FROM orders AS orders_1 JOIN orders AS orders_2 ON orders_2.id = orders_1.id")
		// core.Alias and Of, without a table struct
		a := core.Alias(orders.Table, "")
		behaviourSQL(t, dia, core.Select(orders.ID.Of(a)).Where(orders.Status.Of(a).Eq("paid")),
			"SELECT orders_1.id FROM orders AS orders_1 WHERE orders_1.status "+eqParam(dia, 1), "paid")
		behaviourErr(t, dia, core.Select(orders.ID.Of(u.Table)), core.ErrInvalidStatement,
			"orders.id is not a column of table users")
		// an alias name no quoting can make safe
		bad := core.Alias(orders.Table, "o\x00")
		behaviourErr(t, dia, core.Select(orders.ID.Of(bad)), core.ErrInvalidIdentifier, "NUL byte")
		// an alias finds its columns by name through its table; a column
		// added to it is refused, not added
		behaviourSQL(t, dia, core.Select(core.ColumnOf[string](a, "status")),
			"SELECT orders_1.status FROM orders AS orders_1")
		behaviourErr(t, dia, core.Select(core.ColumnOf[string](a, "nope")), core.ErrInvalidStatement, `has no column "nope"`)
		extra := core.Alias(orders.Table, "x")
		behaviourErr(t, dia, core.Select(core.NewColumn[int64](extra, "extra")), core.ErrInvalidStatement, "not to an alias")
		if err := extra.Err(); err == nil || !strings.Contains(err.Error(), "not to an alias") {
			t.Errorf("an alias given a column: Err() = %v", err)
		}
	}
}

// TestJ03_AliasedStructShapes: Aliased moves every exported table and
// column field of a struct onto one new alias, leaves unexported fields
// and the struct given alone, and returns anything else unchanged, the
// first time a type is seen and after.
func TestJ03_AliasedStructShapes(t *testing.T) {
	type tags struct {
		*core.Table
		ID    core.Column[int64]
		Name  core.Column[string]
		label core.Column[string] // unexported: not moved
		Again *core.Table         // a second table field: the same alias
		Note  string
	}
	tbl := core.NewTable("tags")
	base := tags{Table: tbl, ID: core.NewColumn[int64](tbl, "id"), Name: core.NewColumn[string](tbl, "name"),
		label: core.NewColumn[string](tbl, "label"), Again: tbl, Note: "n"}
	for range 2 { // the plan of a type is made once, then reused
		a := core.Aliased(base, "t")
		if a.Table == tbl || a.Again != a.Table || a.Note != "n" {
			t.Fatalf("Aliased: table %p, again %p (base %p), note %q", a.Table, a.Again, tbl, a.Note)
		}
		if base.Table != tbl || base.Again != tbl {
			t.Fatal("Aliased changed the struct it was given")
		}
		for _, dia := range allDialects {
			behaviourSQL(t, dia, core.Select(base.ID, a.ID, a.Name).Join(a.Table, a.ID.EqCol(base.ID)),
				"SELECT tags.id, t.id AS id_1, t.name FROM tags JOIN tags AS t ON t.id = tags.id")
			behaviourSQL(t, dia, core.Select(a.label), "SELECT tags.label FROM tags")
		}
	}
	if got := core.Aliased(42, "x"); got != 42 {
		t.Errorf("Aliased(42) = %v", got)
	}
	if got := core.Aliased(tags{}, "x"); got.Table != nil || got.Again != nil {
		t.Errorf("Aliased of a struct without its table: %+v", got)
	}
	type columnsOnly struct{ ID core.Column[int64] }
	c := columnsOnly{ID: base.ID}
	if got := core.Aliased(c, "x"); got != c {
		t.Errorf("Aliased of a struct with no table field changed it")
	}
}

// TestJ03_WholeTableNames: the result names of selecting a whole table
// are made once and shared; adding columns to one statement changes no
// other statement's names.
func TestJ03_WholeTableNames(t *testing.T) {
	tbl := core.NewTable("notes")
	id := core.NewColumn[int64](tbl, "id")
	core.NewColumn[string](tbl, "body")
	dia := postgres.Dialect
	first := core.Select(tbl)
	behaviourSQL(t, dia, first, "SELECT notes.id, notes.body FROM notes")
	behaviourSQL(t, dia, core.Select(tbl).AddColumns(id.Label("body")),
		"SELECT notes.id, notes.body, notes.id AS body_1 FROM notes")
	sub := core.Select(core.Aliased(struct{ *core.Table }{tbl}, "n").Table).Subquery("s")
	behaviourSQL(t, dia, core.Select(core.ColumnOf[string](sub, "body")),
		"SELECT s.body FROM (SELECT n.id, n.body FROM notes AS n) AS s")
	behaviourSQL(t, dia, first, "SELECT notes.id, notes.body FROM notes")
}

func TestJ04_CartesianProductIsRefused(t *testing.T) {
	u, o, d := shop.Users, shop.Orders, shop.Departments
	for _, dia := range allDialects {
		// SQLAlchemy warns and runs the statement; Retort refuses to compile it.
		behaviourErr(t, dia, core.Select(u.ID, o.ID), core.ErrCartesianProduct,
			`cartesian product between FROM element(s) "orders" and "users"`, "CrossJoin")
		// conditions on each table alone do not link them
		behaviourErr(t, dia, core.Select(u.ID, o.ID).Where(u.ID.Eq(1), o.Status.Eq("paid")),
			core.ErrCartesianProduct, `"orders" and "users"`)
		// a joined pair plus an unlinked third table
		behaviourErr(t, dia, core.Select(u.ID, o.ID, d.Name).Join(o.Table), core.ErrCartesianProduct,
			`"departments" and "users JOIN orders"`)
	}
	// SQLAlchemy lints once per cached statement; Retort refuses on every
	// compile and caches nothing.
	dia := isolated(postgres.Dialect)
	for range 2 {
		behaviourErr(t, dia, core.Select(u.ID, o.ID), core.ErrCartesianProduct)
	}
	if n := dia.CacheLen(); n != 0 {
		t.Errorf("a refused statement was cached: CacheLen = %d", n)
	}
}

func TestJ05_JoinsAndWhereLinksSatisfyTheLint(t *testing.T) {
	u, o := shop.Users, shop.Orders
	for _, dia := range allDialects {
		// the intentional join(Order, true())
		behaviourSQL(t, dia, core.Select(u.ID, o.ID).Join(o.Table, core.True()),
			"SELECT users.id, orders.id AS id_1 FROM users JOIN orders ON TRUE")
		behaviourSQL(t, dia, core.Select(u.ID, o.ID).CrossJoin(o.Table),
			"SELECT users.id, orders.id AS id_1 FROM users CROSS JOIN orders")
		// a WHERE link, with an inferred and with an explicit FROM list
		behaviourSQL(t, dia, core.Select(u.ID, o.ID).Where(o.UserID.EqCol(u.ID)),
			"SELECT users.id, orders.id AS id_1 FROM users, orders WHERE orders.user_id = users.id")
		behaviourSQL(t, dia, core.Select(u.ID, o.ID).From(u.Table, o.Table).Where(o.Status.Eq("paid"), o.UserID.EqCol(u.ID)),
			"SELECT users.id, orders.id AS id_1 FROM users, orders WHERE orders.status "+eqParam(dia, 1)+
				" AND orders.user_id = users.id", "paid")
		// a HAVING link counts too
		behaviourSQL(t, dia, core.Select(u.ID, core.CountAll().Label("n")).From(u.Table, o.Table).
			GroupBy(u.ID, o.UserID).Having(o.UserID.EqCol(u.ID)),
			"SELECT users.id, count(*) AS n FROM users, orders GROUP BY users.id, orders.user_id HAVING orders.user_id = users.id")
	}
}

func TestJ06_JoinedAliasIsInvisibleToTheRestOfTheQuery(t *testing.T) {
	// The joinedload trap: an anonymous alias joined in does not make the
	// table's own columns refer to it, so a condition on the table adds the
	// table again, unjoined. The ORM's joined loading meets the same rule
	// (orm's TestBehaviour_J06_JoinedLoadAliasIsInvisible).
	u, orders := shop.Users, shop.Orders
	o := core.Aliased(orders)
	base := core.Select(u.Table, o.ID).OuterJoin(o.Table)
	for _, dia := range allDialects {
		// Filtering on the table, not the alias, adds a second, unjoined
		// "orders": SQLAlchemy warns and returns every user; Retort refuses.
		behaviourErr(t, dia, base.Where(orders.Status.Eq("paid")), core.ErrCartesianProduct,
			`"orders" and "users JOIN orders (anonymous alias)"`)
		// Filter on the alias ...
		behaviourSQL(t, dia, base.Where(o.Status.Eq("paid")),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, orders_1.id AS id_1 "+
				"FROM users LEFT OUTER JOIN orders AS orders_1 ON orders_1.user_id = users.id WHERE orders_1.status "+
				eqParam(dia, 1), "paid")
		// ... or join the table itself (what contains_eager will read).
		behaviourSQL(t, dia, core.Select(u.Table, orders.ID).Join(orders.Table).Where(orders.Status.Eq("paid")),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, orders.id AS id_1 "+
				"FROM users JOIN orders ON orders.user_id = users.id WHERE orders.status "+eqParam(dia, 1), "paid")
		// ORDER BY adds no FROM item, as in SQLAlchemy, so a table that is
		// only ordered by would reach the server unselected: refused.
		behaviourErr(t, dia, base.OrderBy(orders.CreatedAt), core.ErrInvalidStatement,
			"ORDER BY refers to orders, which is not in the FROM clause")
		// Ordering by the alias compiles.
		behaviourSQL(t, dia, base.OrderBy(o.CreatedAt),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, orders_1.id AS id_1 "+
				"FROM users LEFT OUTER JOIN orders AS orders_1 ON orders_1.user_id = users.id ORDER BY orders_1.created_at ASC")
	}
}

func TestJ07_SubqueriesAreLinted(t *testing.T) {
	u, o, c := shop.Users, shop.Orders, shop.Categories
	unlinked := core.Select(o.ID, c.Name)
	for _, dia := range allDialects {
		want := `cartesian product between FROM element(s) "categories" and "orders"`
		// EXISTS, correlated to users, with an unlinked table inside
		behaviourErr(t, dia, core.Select(u.ID).Where(core.Exists(
			core.Select(o.ID).Where(o.UserID.EqCol(u.ID), c.Name.Eq("books")))), core.ErrCartesianProduct, want)
		// a derived table, a CTE and a scalar subquery
		behaviourErr(t, dia, core.Select(core.ColumnOf[int64](unlinked.Subquery("s"), "id")), core.ErrCartesianProduct, want)
		behaviourErr(t, dia, core.Select(core.ColumnOf[int64](unlinked.CTE("s"), "id")), core.ErrCartesianProduct, want)
		behaviourErr(t, dia, core.Select(u.ID, core.Scalar[int64](core.Select(core.CountAll()).From(o.Table, c.Table))),
			core.ErrCartesianProduct, want)
		// correlation is a link: users is the enclosing query's, not repeated
		behaviourSQL(t, dia, core.Select(u.ID).Where(core.Exists(core.Select(o.ID).Where(o.UserID.EqCol(u.ID)))),
			"SELECT users.id FROM users WHERE EXISTS (SELECT orders.id FROM orders WHERE orders.user_id = users.id)")
	}
}

func TestJ08_SelfReferentialJoinWithoutOnIsRefused(t *testing.T) {
	// SQLAlchemy ANDs both FK directions, which matches nothing useful;
	// Retort refuses and names both paths.
	cat := shop.Categories
	anon := core.Aliased(cat)
	child := core.Aliased(cat, "child")
	for _, dia := range allDialects {
		behaviourErr(t, dia, core.Select(cat.ID, anon.ID).Join(anon.Table), core.ErrNoJoinPath,
			"2 foreign-key paths link categories to categories (anonymous alias)",
			"categories.parent_id -> categories (anonymous alias).id",
			"categories (anonymous alias).parent_id -> categories.id", "give an ON condition")
		behaviourErr(t, dia, core.Select(cat.Name, child.Name).Join(child.Table), core.ErrNoJoinPath,
			"2 foreign-key paths link categories to child (categories.parent_id -> child.id; child.parent_id -> categories.id)")
		// an explicit ON picks the direction
		behaviourSQL(t, dia, core.Select(cat.Name, child.Name).Join(child.Table, child.ParentID.EqCol(cat.ID)),
			"SELECT categories.name, child.name AS name_1 FROM categories JOIN categories AS child ON child.parent_id = categories.id")
		behaviourSQL(t, dia, core.Select(cat.Name, anon.Name).OuterJoin(anon.Table, anon.ID.EqCol(cat.ParentID)),
			"SELECT categories.name, categories_1.name AS name_1 FROM categories "+
				"LEFT OUTER JOIN categories AS categories_1 ON categories_1.id = categories.parent_id")
	}
}

// ---- 6. LATERAL, CTE, window functions, DISTINCT, GROUP BY ----

func TestX01_LateralSubqueryCorrelatesAutomatically(t *testing.T) {
	u, o := shop.Users, shop.Orders
	latest := core.Select(o.ID, o.UserID, o.CreatedAt, o.Total).
		Where(o.UserID.EqCol(u.ID)).
		OrderBy(o.CreatedAt.Desc()).
		Limit(1).
		Lateral("latest")
	stmt := core.Select(u.ID, u.Email, o.CreatedAt.Of(latest), o.Total.Of(latest)).OuterJoin(latest, core.True())
	const want = "SELECT users.id, users.email, latest.created_at, latest.total FROM users " +
		"LEFT OUTER JOIN LATERAL (SELECT orders.id, orders.user_id, orders.created_at, orders.total FROM orders " +
		"WHERE orders.user_id = users.id ORDER BY orders.created_at DESC LIMIT %s) AS latest ON TRUE"
	behaviourSQL(t, postgres.Dialect, stmt, strings.Replace(want, "%s", "$1", 1), int64(1))
	behaviourSQL(t, mysql.MySQL, stmt, strings.Replace(want, "%s", "?", 1), int64(1))
	behaviourErr(t, sqlite.Dialect, stmt, core.ErrUnsupported, "LATERAL is not supported by sqlite")
	behaviourErr(t, mysql.MariaDB, stmt, core.ErrUnsupported, "LATERAL is not supported by mariadb")

	// The latest order per user, from an alias of users.
	ua := core.Aliased(u)
	lat := core.Select(o.UserID, o.CreatedAt, o.Total).
		Where(o.UserID.EqCol(ua.ID)).
		OrderBy(o.CreatedAt.Desc()).
		Limit(1).
		Lateral("latest_ord")
	behaviourSQL(t, postgres.Dialect,
		core.Select(ua.ID, ua.Email, o.CreatedAt.Of(lat), o.Total.Of(lat)).
			From(ua.Table).
			OuterJoin(lat, o.UserID.Of(lat).EqCol(ua.ID)),
		"SELECT users_1.id, users_1.email, latest_ord.created_at, latest_ord.total FROM users AS users_1 "+
			"LEFT OUTER JOIN LATERAL (SELECT orders.user_id, orders.created_at, orders.total FROM orders "+
			"WHERE orders.user_id = users_1.id ORDER BY orders.created_at DESC LIMIT $1) AS latest_ord "+
			"ON latest_ord.user_id = users_1.id", int64(1))
}

func TestX02_ColumnsOfSubqueryLateralAndCTE(t *testing.T) {
	// A table's columns are found again on a subquery, lateral or CTE that
	// selects them (what aliased(Entity, selectable) maps onto); the ORM
	// reads entities from them through the same lookup.
	u, o := shop.Users, shop.Orders
	recent := core.Select(o.ID, o.UserID, o.Total).Where(o.Status.Eq("paid")).Subquery("recent")
	paid := core.Select(o.ID, o.UserID, o.Total).Where(o.Status.Eq("paid")).CTE("paid")
	anon := core.Select(o.ID, o.UserID).Subquery("")
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.Email, o.ID.Of(recent), o.Total.Of(recent)).
			Join(recent, o.UserID.Of(recent).EqCol(u.ID)),
			"SELECT users.email, recent.id, recent.total FROM users JOIN (SELECT orders.id, orders.user_id, orders.total "+
				"FROM orders WHERE orders.status "+eqParam(dia, 1)+") AS recent ON recent.user_id = users.id", "paid")
		behaviourSQL(t, dia, core.Select(u.Email, o.Total.Of(paid)).Join(paid, o.UserID.Of(paid).EqCol(u.ID)),
			"WITH paid AS (SELECT orders.id, orders.user_id, orders.total FROM orders WHERE orders.status "+
				eqParam(dia, 1)+") SELECT users.email, paid.total FROM users JOIN paid ON paid.user_id = users.id", "paid")
		behaviourSQL(t, dia, core.Select(o.ID.Of(anon)).Where(o.UserID.Of(anon).Eq(3)),
			"SELECT anon_1.id FROM (SELECT orders.id, orders.user_id FROM orders) AS anon_1 WHERE anon_1.user_id "+
				eqParam(dia, 1), int64(3))
		behaviourErr(t, dia, core.Select(o.Status.Of(recent)), core.ErrInvalidStatement,
			"orders.status is not selected by recent (it has [id user_id total])")
	}
}

func TestX03_RecursiveCTEWithColumnList(t *testing.T) {
	cat := shop.Categories
	tree := core.Select(cat.ID, cat.ParentID, cat.Name, core.Value[int32](0).Label("depth")).
		Where(cat.ParentID.IsNull()).
		CTE("tree")
	child := core.Aliased(cat, "child")
	depth := core.ColumnOf[int32](tree, "depth")
	tree = tree.UnionAll(core.Select(child.ID, child.ParentID, child.Name, depth.Add(1)).
		From(child.Table).
		Join(tree, child.ParentID.EqCol(core.ColumnOf[int64](tree, "id"))))
	stmt := core.Select(core.ColumnOf[int64](tree, "id"), core.ColumnOf[int64](tree, "parent_id"),
		core.ColumnOf[string](tree, "name"), core.ColumnOf[int32](tree, "depth")).
		OrderBy(core.ColumnOf[int32](tree, "depth"), core.ColumnOf[int64](tree, "id"))
	const want = "WITH RECURSIVE tree(id, parent_id, name, depth) AS (" +
		"SELECT categories.id, categories.parent_id, categories.name, %s AS depth FROM categories " +
		"WHERE categories.parent_id IS NULL " +
		"UNION ALL SELECT child.id, child.parent_id, child.name, (tree.depth + %s) " +
		"FROM categories AS child JOIN tree ON child.parent_id = tree.id) " +
		"SELECT tree.id, tree.parent_id, tree.name, tree.depth FROM tree ORDER BY tree.depth ASC, tree.id ASC"
	// literal(0) and + 1 are bind parameters; the standalone 0 is cast on
	// PostgreSQL (asyncpg: $1::INTEGER), the 1 takes tree.depth's type.
	behaviourSQL(t, postgres.Dialect, stmt, strings.NewReplacer("%s AS", "CAST($1 AS INTEGER) AS", "%s)", "$2)").Replace(want),
		int32(0), int32(1))
	for _, dia := range []*core.Dialect{sqlite.Dialect, mysql.MariaDB} {
		behaviourSQL(t, dia, stmt, strings.ReplaceAll(want, "%s", "?"), int32(0), int32(1))
	}
	// A CTE that is not recursive has neither RECURSIVE nor a column list.
	roots := core.Select(cat.ID, cat.Name).Where(cat.ParentID.IsNull()).CTE("roots")
	behaviourSQL(t, postgres.Dialect, core.Select(core.ColumnOf[string](roots, "name")),
		"WITH roots AS (SELECT categories.id, categories.name FROM categories WHERE categories.parent_id IS NULL) "+
			"SELECT roots.name FROM roots")
}

func TestX04_WindowFunctionLabelAndOrderByLabel(t *testing.T) {
	u := shop.Users
	rn := core.RowNumber().Over(core.PartitionBy(u.DepartmentID), core.OrderBy(u.CreatedAt)).Label("rn")
	const window = "row_number() OVER (PARTITION BY users.department_id ORDER BY users.created_at ASC)"
	for _, dia := range allDialects {
		// order_by(rn) renders the bare label
		behaviourSQL(t, dia, core.Select(u.Table, rn).OrderBy(u.DepartmentID, rn),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, "+window+
				" AS rn FROM users ORDER BY users.department_id ASC, rn ASC")
		behaviourSQL(t, dia, core.Select(u.ID, rn).OrderBy(rn.Desc()),
			"SELECT users.id, "+window+" AS rn FROM users ORDER BY rn DESC")
		// a label that is not in the select list cannot be named: the
		// expression is written out
		behaviourSQL(t, dia, core.Select(u.ID).OrderBy(rn),
			"SELECT users.id FROM users ORDER BY "+window+" ASC")
		// the label is the column's name in a subquery
		ranked := core.Select(u.ID, rn).Subquery("ranked")
		behaviourSQL(t, dia, core.Select(u.ID.Of(ranked)).Where(rn.Of(ranked).Eq(1)),
			"SELECT ranked.id FROM (SELECT users.id, "+window+" AS rn FROM users) AS ranked WHERE ranked.rn "+
				eqParam(dia, 1), int64(1))
	}
}

func TestX05_EntityColumnsComeFirstInMixedSelect(t *testing.T) {
	// In a select of a table and a column, the table's columns come first,
	// in definition order and under their own names, so the entity (the
	// first element of an ORM row) is read off them.
	u, o := shop.Users, shop.Orders
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.Table, o.ID).Join(o.Table),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, orders.id AS id_1 "+
				"FROM users JOIN orders ON orders.user_id = users.id")
	}
}

func TestX06_DistinctAndDistinctOn(t *testing.T) {
	u := shop.Users
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.DepartmentID).Distinct(), "SELECT DISTINCT users.department_id FROM users")
	}
	on := core.Select(u.Table).DistinctOn(u.DepartmentID).OrderBy(u.DepartmentID, u.CreatedAt.Desc())
	behaviourSQL(t, postgres.Dialect, on,
		"SELECT DISTINCT ON (users.department_id) users.id, users.email, users.department_id, users.is_active, "+
			"users.created_at FROM users ORDER BY users.department_id ASC, users.created_at DESC")
	behaviourErr(t, sqlite.Dialect, on, core.ErrUnsupported, "DISTINCT ON is not supported by sqlite")
	behaviourErr(t, mysql.MariaDB, on, core.ErrUnsupported, "DISTINCT ON is not supported by mariadb")
}

func TestX07_GroupByAndUnlabelledAggregates(t *testing.T) {
	u, o := shop.Users, shop.Orders
	for _, dia := range allDialects {
		// count(*); unlabelled aggregates stay unlabelled (no count_1)
		behaviourSQL(t, dia, core.Select(u.DepartmentID, core.CountAll(), core.Sum(o.Total)).Join(o.Table).GroupBy(u.DepartmentID),
			"SELECT users.department_id, count(*), sum(orders.total) FROM users JOIN orders ON orders.user_id = users.id "+
				"GROUP BY users.department_id")
		// Label names them
		behaviourSQL(t, dia, core.Select(u.DepartmentID, core.CountAll().Label("count_1"), core.Count(o.ID).Label("orders")).
			Join(o.Table).GroupBy(u.DepartmentID),
			"SELECT users.department_id, count(*) AS count_1, count(orders.id) AS orders FROM users "+
				"JOIN orders ON orders.user_id = users.id GROUP BY users.department_id")
		// an unlabelled aggregate has no name to be reached by from outside
		cnt := core.CountAll()
		perDept := core.Select(u.DepartmentID, cnt).GroupBy(u.DepartmentID).Subquery("per_dept")
		behaviourErr(t, dia, core.Select(u.DepartmentID.Of(perDept), cnt.Of(perDept)), core.ErrInvalidStatement,
			"per_dept selects the expression without a name; give it one with Label")
		labelled := cnt.Label("n")
		perDept = core.Select(u.DepartmentID, labelled).GroupBy(u.DepartmentID).Subquery("per_dept")
		behaviourSQL(t, dia, core.Select(u.DepartmentID.Of(perDept), labelled.Of(perDept)),
			"SELECT per_dept.department_id, per_dept.n FROM (SELECT users.department_id, count(*) AS n FROM users "+
				"GROUP BY users.department_id) AS per_dept")
		// GroupBy(table) expands to every column
		behaviourSQL(t, dia, core.Select(u.Table, core.CountAll().Label("n")).Join(o.Table).GroupBy(u.Table),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, count(*) AS n "+
				"FROM users JOIN orders ON orders.user_id = users.id "+
				"GROUP BY users.id, users.email, users.department_id, users.is_active, users.created_at")
	}
}

func TestX08_CorrelatedExists(t *testing.T) {
	// The correlated EXISTS that SQLAlchemy's User.orders.any(cond) builds,
	// written out (orm's Users.Orders.Any builds it from the mapping).
	u, o := shop.Users, shop.Orders
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.ID).Where(core.Exists(
			core.Select(core.Raw[int64]("1")).From(o.Table).Where(u.ID.EqCol(o.UserID), o.Status.Eq("paid")))),
			"SELECT users.id FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id "+
				"AND orders.status "+eqParam(dia, 1)+")", "paid")
		behaviourSQL(t, dia, core.Select(u.ID).Where(core.NotExists(
			core.Select(o.ID).Where(u.ID.EqCol(o.UserID)))),
			"SELECT users.id FROM users WHERE NOT EXISTS (SELECT orders.id FROM orders WHERE users.id = orders.user_id)")
	}
}

// TestX08_CorrelateRequiresTheEnclosingItem: Correlate makes a subquery
// fail to compile, instead of reading the table itself, when the enclosing
// statement does not have the item; the cache keeps the two apart.
func TestX08_CorrelateRequiresTheEnclosingItem(t *testing.T) {
	u, o := shop.Users, shop.Orders
	ua := core.Aliased(u, "ua")
	sub := core.Select(core.Raw[int64]("1")).From(o.Table).Where(u.ID.EqCol(o.UserID)).Correlate(u.Table)
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.ID).Where(core.Exists(sub)),
			"SELECT users.id FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id)")
		behaviourErr(t, dia, core.Select(ua.ID).Where(core.Exists(sub)), core.ErrInvalidStatement,
			"correlated to users, which the enclosing statement does not read")
		// Without Correlate the subquery reads users itself.
		behaviourSQL(t, dia, core.Select(ua.ID).Where(core.Exists(core.Select(core.Raw[int64]("1")).From(o.Table).Where(u.ID.EqCol(o.UserID)))),
			"SELECT ua.id FROM users AS ua WHERE EXISTS (SELECT 1 FROM orders, users WHERE users.id = orders.user_id)")
		behaviourErr(t, dia, sub, core.ErrInvalidStatement, "correlated to users")
		behaviourErr(t, dia, core.Select(u.ID).Where(core.Exists(sub.Correlate(nil))), core.ErrInvalidStatement, "nil item in Correlate")
	}
}

// ---- 7. SQL rendering details ----

func TestC01_LabelsOnlyToDisambiguate(t *testing.T) {
	u, orders, depts := shop.Users, shop.Orders, shop.Departments
	d, o := core.Aliased(depts), core.Aliased(orders)
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(u.ID, u.Email), "SELECT users.id, users.email FROM users")
		behaviourSQL(t, dia, core.Select(u.Table, d.Table, o.ID, o.CreatedAt).
			OuterJoin(d.Table).
			OuterJoin(o.Table, o.UserID.EqCol(u.ID)),
			"SELECT users.id, users.email, users.department_id, users.is_active, users.created_at, "+
				"departments_1.id AS id_1, departments_1.name, orders_1.id AS id_2, orders_1.created_at AS created_at_1 "+
				"FROM users LEFT OUTER JOIN departments AS departments_1 ON users.department_id = departments_1.id "+
				"LEFT OUTER JOIN orders AS orders_1 ON orders_1.user_id = users.id")
		// an explicit label that is already taken is renamed too
		behaviourSQL(t, dia, core.Select(u.ID, core.Count(orders.ID).Label("id")).Join(orders.Table).GroupBy(u.ID),
			"SELECT users.id, count(orders.id) AS id_1 FROM users JOIN orders ON orders.user_id = users.id GROUP BY users.id")
	}
}

func TestC02_PositionalBindParameters(t *testing.T) {
	u := shop.Users
	stmt := core.Select(u.ID).Where(u.ID.Eq(5), u.Email.Eq("a@example.com")).Limit(10).Offset(20)
	args := []any{int64(5), "a@example.com", int64(10), int64(20)}
	behaviourSQL(t, postgres.Dialect, stmt,
		"SELECT users.id FROM users WHERE users.id = $1 AND users.email = $2 LIMIT $3 OFFSET $4", args...)
	for _, dia := range []*core.Dialect{sqlite.Dialect, mysql.MariaDB} {
		behaviourSQL(t, dia, stmt, "SELECT users.id FROM users WHERE users.id = ? AND users.email = ? LIMIT ? OFFSET ?", args...)
	}
	// the same shape with other values: new arguments, same SQL
	behaviourSQL(t, postgres.Dialect, core.Select(u.ID).Where(u.ID.Eq(6), u.Email.Eq("b@example.com")).Limit(1).Offset(2),
		"SELECT users.id FROM users WHERE users.id = $1 AND users.email = $2 LIMIT $3 OFFSET $4",
		int64(6), "b@example.com", int64(1), int64(2))
}

func TestC02_InIsOneArrayOnPostgresAndExpandedElsewhere(t *testing.T) {
	u := shop.Users
	behaviourSQL(t, postgres.Dialect, core.Select(u.ID).Where(u.ID.In(1, 2, 3)),
		"SELECT users.id FROM users WHERE users.id = ANY($1)", []int64{1, 2, 3})
	behaviourSQL(t, postgres.Dialect, core.Select(u.ID).Where(u.ID.NotIn(1, 2)),
		"SELECT users.id FROM users WHERE users.id <> ALL($1)", []int64{1, 2})
	for _, dia := range []*core.Dialect{sqlite.Dialect, mysql.MariaDB} {
		behaviourSQL(t, dia, core.Select(u.ID).Where(u.ID.In(1, 2, 3)),
			"SELECT users.id FROM users WHERE users.id IN (?, ?, ?)", int64(1), int64(2), int64(3))
		behaviourSQL(t, dia, core.Select(u.ID).Where(u.ID.NotIn(1, 2)),
			"SELECT users.id FROM users WHERE users.id NOT IN (?, ?)", int64(1), int64(2))
	}
}

// TestC02_InOverAnyBindsATypedArray: the values of an In over a
// Column[any] (the ORM's keys) are bound on PostgreSQL as a slice of their
// one type, which pgx encodes in every query exec mode; values of mixed
// types stay a []any.
func TestC02_InOverAnyBindsATypedArray(t *testing.T) {
	id := core.ColumnOf[any](shop.Users.Table, "id")
	email := core.ColumnOf[any](shop.Users.Table, "email")
	behaviourSQL(t, postgres.Dialect, core.Select(shop.Users.ID).Where(id.In(int64(1), int64(2))),
		"SELECT users.id FROM users WHERE users.id = ANY($1)", []int64{1, 2})
	behaviourSQL(t, postgres.Dialect, core.Select(shop.Users.ID).Where(email.In("a", "b")),
		"SELECT users.id FROM users WHERE users.email = ANY($1)", []string{"a", "b"})
	behaviourSQL(t, postgres.Dialect, core.Select(shop.Users.ID).Where(id.In(uint8(1), uint8(2))),
		"SELECT users.id FROM users WHERE users.id = ANY($1)", []uint8{1, 2})
	behaviourSQL(t, postgres.Dialect, core.Select(shop.Users.ID).Where(id.In(int64(1), "2")),
		"SELECT users.id FROM users WHERE users.id = ANY($1)", []any{int64(1), "2"})
	behaviourSQL(t, sqlite.Dialect, core.Select(shop.Users.ID).Where(id.In(int64(1), int64(2))),
		"SELECT users.id FROM users WHERE users.id IN (?, ?)", int64(1), int64(2))
}

func TestC02_EmptyInList(t *testing.T) {
	u, o, d := shop.Users, shop.Orders, shop.Departments
	for _, dia := range []*core.Dialect{sqlite.Dialect, mysql.MariaDB} {
		behaviourSQL(t, dia, core.Select(u.ID).Where(u.ID.In()), "SELECT users.id FROM users WHERE 1 <> 1")
		behaviourSQL(t, dia, core.Select(u.ID).Where(u.ID.NotIn()), "SELECT users.id FROM users WHERE 1 = 1")
		// The table of an empty list's column is still in the FROM clause,
		// so it is part of the statement's cached shape.
		behaviourSQL(t, dia, core.Select(u.ID).Where(core.Exists(core.Select(core.Raw[int64]("1")).Where(o.ID.In()))),
			"SELECT users.id FROM users WHERE EXISTS (SELECT 1 FROM orders WHERE 1 <> 1)")
		behaviourSQL(t, dia, core.Select(u.ID).Where(core.Exists(core.Select(core.Raw[int64]("1")).Where(d.ID.In()))),
			"SELECT users.id FROM users WHERE EXISTS (SELECT 1 FROM departments WHERE 1 <> 1)")
		// and a broken left side is reported though it is not written
		behaviourErr(t, dia, core.Select(u.ID).Where(core.Expr[int64]{}.In()), core.ErrInvalidStatement,
			"zero-value expression in In")
	}
	// On PostgreSQL an empty list is an empty array, never a NULL one: pgx
	// sends a nil slice as NULL, and "x <> ALL(NULL)" matches no row.
	for _, stmt := range []core.Statement{core.Select(u.ID).Where(u.ID.In()), core.Select(u.ID).Where(u.ID.NotIn())} {
		c, err := postgres.Dialect.Compile(stmt)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Args) != 1 {
			t.Fatalf("%s: args %#v", c.SQL, c.Args)
		}
		if a, ok := c.Args[0].([]int64); !ok || a == nil || len(a) != 0 {
			t.Errorf("%s: argument %#v, want an empty, non-nil []int64", c.SQL, c.Args[0])
		}
	}
	behaviourSQL(t, postgres.Dialect, core.Select(u.ID).Where(u.ID.NotIn([]int64{}...)),
		"SELECT users.id FROM users WHERE users.id <> ALL($1)", []int64{})
}

func TestC02_NilComparesWithIsNull(t *testing.T) {
	p := shop.Profiles
	for _, dia := range allDialects {
		behaviourSQL(t, dia, core.Select(p.ID).Where(p.AvatarURL.IsNull()),
			"SELECT profiles.id FROM profiles WHERE profiles.avatar_url IS NULL")
		// == None: "avatar_url = NULL" would never be true
		behaviourSQL(t, dia, core.Select(p.ID).Where(p.AvatarURL.Eq(nil)),
			"SELECT profiles.id FROM profiles WHERE profiles.avatar_url IS NULL")
		behaviourSQL(t, dia, core.Select(p.ID).Where(p.AvatarURL.Ne(nil)),
			"SELECT profiles.id FROM profiles WHERE profiles.avatar_url IS NOT NULL")
		url := "https://img.example.com/1.png"
		behaviourSQL(t, dia, core.Select(p.ID).Where(p.AvatarURL.Eq(&url)),
			"SELECT profiles.id FROM profiles WHERE profiles.avatar_url "+eqParam(dia, 1), &url)
	}
}

func TestC02_StandaloneValueIsCastOnPostgres(t *testing.T) {
	u := shop.Users
	stmt := core.Select(u.ID, core.Value[int64](7).Label("k"), core.Value("x").Label("s")).Where(u.ID.Eq(1))
	behaviourSQL(t, postgres.Dialect, stmt,
		"SELECT users.id, CAST($1 AS BIGINT) AS k, CAST($2 AS TEXT) AS s FROM users WHERE users.id = $3",
		int64(7), "x", int64(1))
	for _, dia := range []*core.Dialect{sqlite.Dialect, mysql.MariaDB} {
		behaviourSQL(t, dia, stmt, "SELECT users.id, ? AS k, ? AS s FROM users WHERE users.id = ?",
			int64(7), "x", int64(1))
	}
}
