// core/doc.go

// Package core is Retort's SQL expression language: tables with typed
// columns, expressions, the SELECT, INSERT, UPDATE and DELETE statements, and
// the compiler that turns a statement into SQL text and arguments for one
// database. It is the model of SQLAlchemy Core, in Go: you build the
// statement you would have written by hand, and the compiler writes it for
// PostgreSQL, SQLite or MySQL.
//
// Package core does not talk to a database. A [Dialect] (from
// [github.com/retortdb/retort/dialect/postgres],
// [github.com/retortdb/retort/dialect/sqlite] or
// [github.com/retortdb/retort/dialect/mysql]) compiles a statement into a
// [Compiled] value, whose SQL and Args go to any driver. Executing
// statements, scanning rows and the ORM belong to the packages above core.
//
// # Tables and typed columns
//
// Define each table once, at package initialisation, with [NewTable] and
// [NewColumn]. The usual shape is a struct that embeds the *[Table] and
// holds its columns, so queries read Users.Email:
//
//	var Users = func() (t struct {
//		*core.Table
//		ID        core.Column[int64]
//		Email     core.Column[string]
//		CreatedAt core.Column[time.Time]
//	}) {
//		t.Table = core.NewTable("users")
//		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
//		t.Email = core.NewColumn[string](t.Table, "email", core.Unique())
//		t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
//		return t
//	}()
//
// A [Column] carries its Go value type, and comparisons take a value or an
// expression of that type: Users.ID.Eq(42) compiles, Users.ID.Eq("42") does
// not, and Orders.UserID.EqCol(Users.ID) compares two int64 columns. Column
// options ([PrimaryKey], [Unique], [Nullable], [References], [SQLType], ...)
// record what DDL and the ORM need; [References] also lets a join find its
// ON condition.
//
// # Column types
//
// A column's SQL type comes from its Go type ([TypeOf]) unless [SQLType]
// names another. Beyond numbers, text, times and bytes:
//
//   - Numeric, for github.com/shopspring/decimal's Decimal (and
//     NullDecimal), exact: NUMERIC on PostgreSQL, DECIMAL(65, 30) on MySQL
//     and MariaDB (or the Numeric(p, s) given), and NUMERIC on SQLite,
//     which keeps numbers as 8-byte floats: exact there to 15 significant
//     digits, and a decimal with more is refused before it is sent. A
//     float64 column may be NUMERIC too, read rounded to the nearest float.
//   - [Enum]: a named type's values; PostgreSQL's enum type (its
//     [CreateEnum] runs before the tables), MySQL's ENUM, SQLite's TEXT with
//     a CHECK. A value outside it fails Compile, before anything is sent.
//   - [IntEnum]: a named integer type's values, kept as the integers: the
//     integer type of the Go type's width with CHECK (column IN (...))
//     named ck_table_column, on every database. A value outside it (the
//     zero value too, when the constants start at iota + 1) fails Compile.
//   - UUID, for any [16]byte type (google/uuid's UUID): PostgreSQL's uuid,
//     the canonical text elsewhere.
//   - JSON, for a map (or a struct or slice with SQLType(JSON)): jsonb on
//     PostgreSQL, JSON on MySQL, TEXT on SQLite; [Column.Set] binds the
//     document's encoding/json text.
//   - [Array], for a slice: elem[] on PostgreSQL, the slice's JSON text
//     elsewhere.
//
// Functions reach inside documents and arrays, every key and value bound,
// each database spelling the operation its own way:
//
//	                    PostgreSQL      MySQL, MariaDB                   SQLite
//	JSONGet(e, k...)    e #> {k...}     JSON_EXTRACT(e, '$."k"...')      e -> '$."k"...'
//	JSONText(e, k...)   e #>> {k...}    JSON_UNQUOTE(JSON_EXTRACT(...))  e ->> '$."k"...'
//	JSONContains(e, v)  e @> v          JSON_CONTAINS(e, v)              refused: ErrUnsupported
//	JSONHasKey(e, k)    e ? k           JSON_CONTAINS_PATH(e, 'one', ..) json_type(e, ..) IS NOT NULL
//	Contains(e, v...)   e @> {v...}     JSON_CONTAINS(e, [v...])         every v in json_each(e)
//	Overlaps(e, v...)   e && {v...}     JSON_OVERLAPS(e, [v...])         some v in json_each(e)
//	Any(e, v)           v = ANY(e)      JSON_CONTAINS(e, [v])            v in json_each(e)
//
// Aggregates are typed as the databases return them: [Count] an int64,
// [SumInt] of an integer column an int64 (a sum may not fit the column's
// type), [Sum] of a float or decimal column its type (exact for decimals,
// SQLite's too), [Avg] a float64.
//
// # Select
//
// [Select] starts a SELECT of columns, expressions or whole tables. Each
// method adds a clause and returns the new statement:
//
//	stmt := core.Select(Users.ID, Users.Email, core.Count(Orders.ID).Label("order_count")).
//		Join(Orders, Orders.UserID.EqCol(Users.ID)).
//		Where(Users.CreatedAt.Ge(since)).
//		GroupBy(Users.ID, Users.Email).
//		OrderBy(Users.ID.Desc()).
//		Limit(50)
//
// The FROM clause is worked out from what the statement selects and filters
// on, unless [SelectStmt.From] or a join states it. [SelectStmt.Join] takes
// an explicit ON condition; without one it infers the condition from the one
// foreign key between the two sides, and fails if there is none or more than
// one. [SelectStmt.OuterJoin], [SelectStmt.FullJoin] and [SelectStmt.CrossJoin]
// are the other kinds.
//
// Aliases, subqueries and CTEs are FROM items too. [Aliased] copies a table
// struct onto an alias (u := core.Aliased(Users, "u") gives u.ID as "u.id");
// [SelectStmt.Subquery] makes a derived table; [SelectStmt.Lateral] makes a
// LATERAL subquery, which may refer to the FROM items before it and is
// correlated to them; [SelectStmt.CTE] makes a common table expression, and
// [CTE.UnionAll] makes it recursive. [Expr.Of] reaches a column of any of
// them through the expression it selects: Orders.Total.Of(latest). There is
// no With method: a statement that uses a CTE writes its WITH clause.
//
// Subqueries also serve as values and sets: [Exists], [Scalar],
// [Expr.InSelect]. A subquery that refers to a table of the enclosing query
// is correlated to it automatically.
//
// Functions are typed too: [Count], [Sum], [Coalesce], [Func] for any other
// function by name, [Cast], [Case]. Window functions are an expression with
// an OVER clause, [Expr.Over]:
//
//	rank := core.RowNumber().
//		Over(core.PartitionBy(Users.DepartmentID), core.OrderBy(Users.CreatedAt)).
//		Label("dept_rank")
//
// Set operations ([SelectStmt.Union], [SelectStmt.UnionAll], ...) give a
// [CompoundSelect].
//
// # Insert, Update, Delete
//
// [Insert] takes rows as assignments, one [InsertStmt.Values] call per row
// (or a SELECT, [InsertStmt.FromSelect]). An upsert is
// [InsertStmt.OnConflict] then [ConflictTarget.DoUpdate] on PostgreSQL and
// SQLite, or [InsertStmt.OnDuplicateKeyUpdate] on MySQL; in both, [Excluded]
// is the value the INSERT proposed:
//
//	stmt := core.Insert(Users.Table).
//		Values(Users.Email.Set("ann@example.com"), Users.CreatedAt.Set(now)).
//		OnConflict(Users.Email).
//		DoUpdate(Users.CreatedAt.SetExpr(core.Excluded(Users.CreatedAt))).
//		Returning(Users.ID)
//
//	// INSERT INTO users (email, created_at) VALUES ($1, $2)
//	// ON CONFLICT (email) DO UPDATE SET created_at = EXCLUDED.created_at RETURNING id
//
// [Update] and [Delete] take Where conditions like Select; [UpdateStmt.From]
// reads other tables. RETURNING is there where the database has it.
//
// # Schema: CREATE TABLE, CREATE INDEX, DROP TABLE
//
// The table definitions also give the schema's DDL, compiled like any other
// statement. Create the tables in [SortTables] order (each after the tables
// it references), each followed by its non-unique indexes; drop them in the
// reverse order:
//
//	tables, err := core.SortTables([]*core.Table{Orders.Table, Users.Table})
//	for _, t := range tables {
//		run(core.CreateTable(t))
//		for _, ix := range t.SecondaryIndexes() {
//			run(core.CreateIndex(t, ix))
//		}
//	}
//	for _, t := range slices.Backward(tables) {
//		run(core.DropTable(t).IfExists())
//	}
//
// [CreateTable] writes the columns (NOT NULL unless [Nullable], DEFAULT
// from [ServerDefault], [AutoIncrement] as each database spells it) and
// every constraint with a name derived from the table's: pk_<table>,
// uq_<table>_<columns> for [Unique] columns and unique indexes,
// fk_<table>_<columns> for foreign keys (with [OnDelete] and [OnUpdate]
// actions), ck_<table>_<n> for [Table.AddCheck]. Non-unique indexes,
// [Indexed] columns and [Table.AddIndex], are [CreateIndex] statements named
// ix_<table>_<columns>, listed by [Table.SecondaryIndexes]. Databases limit
// names to 63 bytes (PostgreSQL, which truncates) or 64 characters (MySQL,
// which refuses): a derived name longer than 63 bytes is cut short, at a
// character boundary, and ends in "_" and eight hex digits of a hash of the
// whole name, 63 bytes in all, so that two long names never become one; a
// name the program gives that is too long for the database is refused by
// Compile with [ErrIdentifierTooLong].
//
// # Compiling: Dialect.Compile
//
// [Dialect.Compile] turns a [Statement] into SQL text in the dialect's
// placeholder style ($1 on PostgreSQL, ? elsewhere) and the arguments in
// placeholder order:
//
//	c, err := postgres.Dialect.Compile(stmt) // the Select above
//	// c.SQL:  SELECT users.id, users.email, count(orders.id) AS order_count FROM users
//	//         JOIN orders ON orders.user_id = users.id WHERE users.created_at >= $1
//	//         GROUP BY users.id, users.email ORDER BY users.id DESC LIMIT $2
//	// c.Args: [since 50]
//
// Output is deterministic: the same statement always gives the same text,
// with columns in a stable order and anonymous aliases named users_1,
// users_2, ... in order of first appearance. It can be logged, diffed and
// asserted in golden tests.
//
// # Immutable, so shareable
//
// Statements are values that never change. Every method returns a new
// statement and leaves its receiver as it was, so a base query can live in a
// package variable and be extended differently by each request, from any
// number of goroutines, without copying or locking:
//
//	active := core.Select(Users.ID, Users.Email).Where(Users.IsActive.IsTrue())
//	recent := active.OrderBy(Users.CreatedAt.Desc()).Limit(10) // active is unchanged
//
// Tables are read-only once defined. Dialects are safe for concurrent use.
//
// # Bind parameters, always
//
// Every value reaches the database as a bind parameter, never as text in the
// SQL: comparisons, [Value], LIMIT and OFFSET, the values of an INSERT. On
// PostgreSQL, [Expr.In] binds the whole slice as one array parameter
// ("x = ANY($1)"), so an IN list has one statement shape for any length and
// never meets the 65,535-parameter ceiling; other dialects write one
// placeholder per value, and Compile refuses a statement with more than the
// database takes ([Dialect.MaxParameters]) with [ErrTooManyParameters]
// rather than leave the driver to. Identifiers are quoted where needed by doubling the
// quote character, and a name holding a NUL byte is refused with
// [ErrInvalidIdentifier]. [Func] accepts only plain function names.
//
// # The escape hatch: Raw
//
// [Raw] writes SQL that core cannot express into a statement, verbatim, with
// each "?" in it bound to the next argument:
//
//	core.Raw[bool]("users.email ~ ?", pattern)
//
// The text is the program's own; values, above all those from users, go in
// the arguments. A "?" inside a string literal, a quoted name or a comment
// is text, as the database reads it; "??" is a literal "?" elsewhere
// (PostgreSQL's jsonb operator: "doc ?? ?").
//
// # Errors, and the Cartesian-product refusal
//
// Builders never panic on a mistake. A bad statement (a nil expression, a
// column a subquery does not select, rows of different shapes) carries the
// mistake to [Dialect.Compile], which returns an error wrapping one of the
// sentinels, for errors.Is: [ErrInvalidStatement], [ErrNoJoinPath],
// [ErrInvalidIdentifier], [ErrUnsupported] for a construct the database
// lacks (LATERAL on SQLite, RETURNING on MySQL, ...), [ErrTooManyParameters]
// and [ErrCartesianProduct].
//
// A SELECT whose FROM items are not connected — by a join, by a WHERE or
// HAVING condition that refers to both, or by a LATERAL subquery that reads
// the other — would pair every row of one with every row of the other. That
// is almost always a forgotten join, and it silently multiplies rows, so
// Compile refuses it with [ErrCartesianProduct], naming the items. Where the
// product is meant, [SelectStmt.CrossJoin] says so.
//
// # Caching by shape
//
// A statement's shape is everything but its bound values. Compile walks the
// statement once to write its shape and collect its values, then looks the
// shape up in the dialect's cache of rendered SQL; only a shape it has not
// seen is rendered. Building the same query per request with other values
// therefore costs a walk and a map lookup. The cache is bounded by
// [Dialect.CacheSize]; [Dialect.CacheLen] reports its size.
//
// # How dialects plug in
//
// A [Dialect] is data: its name, placeholder style, identifier quote,
// reserved words, type names, function renames and a set of [Feature] flags
// (LATERAL, RETURNING, ON CONFLICT, array parameters, ...). The one compiler
// in core consults [Dialect.Has] where databases differ; it never branches
// on a dialect's name. Supporting another database means declaring another
// *Dialect, as the packages under dialect/ do: postgres.Dialect,
// sqlite.Dialect, mysql.MySQL and mysql.MariaDB.
package core
