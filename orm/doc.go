// orm/doc.go

// Package orm maps Go structs onto tables: declaratively, with
// `retort:"..."` tags and typed descriptors that retort gen writes, or
// imperatively onto an existing core.Table with Map. The Session, ORM
// queries and loader strategies build on it.
//
// # Declarative mapping
//
// A tagged struct is the source of truth; retort gen, recorded once as a
// tool of the module (go get -tool github.com/retortdb/retort/cmd/retort),
// writes its descriptors:
//
//	//go:generate go tool retort gen
//
//	type User struct {
//		_            struct{}    `retort:"table:users; index:(department_id, created_at)"`
//		ID           int64       `retort:"pk"`
//		Email        string      `retort:"unique; type:varchar(200)"`
//		DepartmentID int64       `retort:"references:departments.id; ondelete:cascade"`
//		Nickname     *string     // nullable: a pointer, or sql.Null[T]
//		CreatedAt    time.Time   `retort:"server_default:CURRENT_TIMESTAMP"`
//		Department   *Department // many-to-one: users.department_id → departments.id
//		Orders       []*Order    `retort:"order_by:created_at desc; back:User; cascade:all, delete-orphan"`
//	}
//
// retort gen writes, beside it, a descriptor per struct (Users.Email is a
// core.Column[string], Users.Orders an orm.Relationship[User, Order]) and
// the code that reads and writes the fields without reflection, and
// registers the mapping from an init function. Generated files are
// committed; a test that runs the generator again catches a stale one.
//
// A tag holds options separated by semicolons, each a key or key:value.
// Names in tags (columns in order_by, index, fk) are SQL names.
//
// The table, on a blank field `_ struct{}`:
//
//	table:name             the table; by default the struct's name in snake_case (OrderItem → order_item)
//	descriptor:Name        the generated descriptor; by default the struct's name in the plural (User → Users)
//	schema:name            the database schema
//	index:[name](a, b)     a composite index (repeatable)
//	unique:[name](a, b)    a composite unique constraint (repeatable)
//	check:expr             a CHECK constraint: DDL text (repeatable)
//
// A column field (any field whose type is not a mapped struct's *T or []*T):
//
//	column:name            the column; by default the field's name in snake_case (UserID → user_id)
//	pk                     (part of) the primary key; tag each field of a composite key
//	autoincrement[:false]  the database generates the key; the default for a single integer key
//	unique, index          a unique constraint or an index on the column alone
//	type:varchar(200)      the SQL type, instead of the Go type's (int64 BIGINT, int32 INTEGER,
//	                       string TEXT, bool BOOLEAN, float64 DOUBLE, time.Time timestamptz, []byte bytes,
//	                       shopspring's decimal.Decimal NUMERIC, a [16]byte type such as google/uuid's UUID uuid, a map JSON,
//	                       a slice of those an array: text[] on PostgreSQL, JSON elsewhere);
//	                       type:sql(citext) spells a type Retort does not know (core.Custom)
//	default:value          a value INSERT binds when the row leaves the column out
//	server_default:expr    the column's DEFAULT in DDL: SQL text
//	references:table.col   a foreign key; ondelete:/onupdate: cascade, set null, set default, restrict, no action
//	version                an integer counting the row's versions, for optimistic locking
//	deferred               left out of queries (a large text or blob) unless they Undefer it
//	soft_delete            marks a row deleted, which Delete then keeps and queries leave out: a nullable
//	                       time (*time.Time, NULL while live) or a bool (see Soft delete)
//	computed               not a column: a field filled from a SQL expression (see Computed fields)
//	-                      not a column
//
// A column is nullable exactly when its field is a pointer or a
// sql.Null[T]; its descriptor is typed by the value type (a *string field
// gives a core.Column[string]), so comparisons take plain values.
//
// A time.Time column is timestamptz unless type: says otherwise: TIMESTAMP
// WITH TIME ZONE on PostgreSQL, DATETIME(6) on MariaDB and MySQL, and
// TIMESTAMP (text) on SQLite. Each stores the instant, and objects read it
// back in UTC: a time set in any zone is Equal to the one loaded, and a
// query compares it with the stored one whatever the zone of either.
// type:timestamp gives PostgreSQL's TIMESTAMP without time zone, for a
// schema that has one; it holds the instant's UTC wall clock (package
// engine says how).
//
// Money and other exact amounts are github.com/shopspring/decimal's
// Decimal (NULL in a *decimal.Decimal, a NullDecimal or a
// sql.Null[decimal.Decimal]): NUMERIC on PostgreSQL, DECIMAL(65, 30) on
// MariaDB and MySQL unless type:numeric(12, 2) says otherwise, read and
// written exactly; on SQLite a NUMERIC whose values are 8-byte floats,
// exact to 15 significant digits, where a decimal of more digits is
// refused rather than changed. core.Sum of a decimal column is a decimal,
// exact on all three. A float64 field may still be NUMERIC
// (type:numeric(10, 2)), read as the nearest float.
//
// A field whose type is a [16]byte (google/uuid's UUID, gofrs' UUID, or a
// type of the program's own) is a UUID column, keys and foreign keys
// included: PostgreSQL's uuid, and elsewhere the canonical text
// ("4f1c...-...", lower case; TEXT on SQLite, CHAR(36) on MariaDB and
// MySQL), which sorts as the bytes do. A type with Value and Scan methods
// keeps them; one without is bound and read by the engine, which also
// reads a UUID stored as 16 bytes or 32 hex digits.
//
// A slice field ([]string, []int64, ...; not []byte) is an array column:
// elem[] on PostgreSQL, and the slice's JSON text elsewhere (JSON on
// MariaDB and MySQL, TEXT on SQLite), a nil slice written as an empty
// one. core.Contains, Overlaps and Any search it on every backend: @>, &&
// and = ANY on PostgreSQL, JSON_CONTAINS and JSON_OVERLAPS on MariaDB and
// MySQL, json_each on SQLite. A tag type:json keeps a slice a plain JSON
// document, and type:text[] (any type with []) names an array's type.
//
// A map field is a JSON document, and so is a struct or slice field
// tagged type:json (a *S for a nullable one): jsonb on PostgreSQL, JSON on
// MariaDB and MySQL, TEXT on SQLite. It is written as its encoding/json
// text and read back through json.Unmarshal, and a change made inside it
// in place (a map entry set, a slice element changed) is written by the
// next flush: the session's snapshot holds a deep copy. core.JSONGet,
// JSONText, JSONContains and JSONHasKey query inside documents, each
// database its own way (core's package documentation has the table).
//
// A field of a named string type that has typed constants is an enum:
//
//	type OrderStatus string
//
//	const (
//		OrderNew     OrderStatus = "new"
//		OrderPaid    OrderStatus = "paid"
//		OrderShipped OrderStatus = "shipped"
//	)
//
// retort gen makes its column a core.Enum named as the type in snake_case
// (order_status), whose values are the constants in source order: a
// PostgreSQL type of its own (CREATE TYPE order_status AS ENUM ..., which
// CreateAll creates before the tables and DropAll drops after them), an
// ENUM column on MariaDB and MySQL, and TEXT with a CHECK on SQLite. A
// write of any other value fails before anything is sent, with
// core.ErrInvalidStatement naming the column and the value; the database
// refuses one that hand-written SQL sends. Rows sort in the constants'
// order on PostgreSQL and MariaDB, as text on SQLite. A tag type: keeps
// such a field a plain column; orm.Map takes the type from the table's
// column, which core.SQLType(core.Enum(...)) makes an enum.
//
// A field of a named integer type is an enum when its typed constants
// are at least two and their values run without a gap, as iota declares
// them:
//
//	type Priority int
//
//	const (
//		Low Priority = iota
//		Medium
//		High
//	)
//
// Its column keeps the integers, in the integer type of the Go type's
// width (BIGINT here, SMALLINT for an int8), with a CHECK (priority IN (0,
// 1, 2)) named ck_table_column on every database: not a PostgreSQL enum
// type, since the values are the integers the program uses, not labels.
// A write of any other value fails before anything is sent, as a string
// enum's, and so does the zero value of a type whose constants start at
// iota + 1 (a field left unset). Constants that are units or flags
// (time.Duration's, 1 << iota) or a lone sentinel do not make an enum:
// such a type keeps a plain integer column, and so does a field tagged
// type: (type:bigint). retort gen writes core.IntEnum for the enum; with
// orm.Map, give the column core.SQLType(core.IntEnum("priority", Low,
// Medium, High)).
//
// A relationship field is a *T or []*T of a mapped struct T, or an
// orm.WriteOnly[T], a collection never loaded (see Write-only
// collections). Its kind
// comes from the foreign keys and the field's shape: a *T whose table the
// parent's key references is a many-to-one; a *T whose table holds a key
// to the parent's is a one-to-one; a []*T whose table holds a key to the
// parent's is a one-to-many; a []*T with secondary: is a many-to-many. In a
// self-referential table (an employee's manager and reports) every key
// goes both ways, and the shape alone decides: *T is the many-to-one
// (the remote side is the referenced key), []*T the one-to-many.
//
//	fk:col[, col]          the foreign key's columns, when several link the tables
//	secondary:table        the association table of a many-to-many (itself a mapped struct);
//	                       with a self-referential one, fk: names its key toward the parent
//	order_by:col [desc], …  the order of a collection's objects (else none: the database's)
//	back:Field             the target's relationship that mirrors this one, kept consistent in memory
//	cascade:…              save-update (the default), merge, delete, delete-orphan, all (save-update, merge, delete), none
//	passive_deletes        leave the children's deletion to the database's ON DELETE
//	lazy:selectin          the default loading strategy: selectin, joined, raise (the default) or noload
//
// # Embedded structs
//
// The fields of an embedded struct are columns of the table that embeds
// it, as with GORM's gorm.Model or ent's mixins: a struct of the package or
// of another (base.Model), embedded by value (exported or not) or by
// pointer, at any depth, each exported field with its own tag. They come
// in field order, where the struct is embedded:
//
//	type Base struct {
//		ID        int64 `retort:"pk"`
//		CreatedAt time.Time
//	}
//
//	type Post struct {   // columns id, created_at, title
//		Base
//		Title string
//	}
//
//	type Comment struct { // columns id, created_at, body
//		*Base
//		Body string
//	}
//
// A struct that a mapped struct embeds is part of its table, not a table
// of its own, even when its fields are tagged. Names follow Go's selector
// rule: a field shadows a deeper one of the same name, which maps nothing
// (o.ID is the field mapped), and two fields of one name at the same
// depth are ambiguous, a mistake. Through an embedded pointer, a row
// loaded allocates the struct where it is nil, and a nil one is written
// as the zero struct: its fields' zero values, NULL for a nullable
// column. A loaded object's embedded structs are its own.
//
// Refused with a message, never dropped: an embedded field of any other
// type (a named string, time.Time, an interface; name the field to map it
// as a column), an unexported embedded pointer (reflection cannot set it;
// embed the struct by value), a tag on an embedded struct other than -
// (which leaves the struct out), a table tag on its blank field, a
// relationship field in it (declare it on the mapped struct: a
// relationship is typed by the struct that holds it), and the same
// column twice. Map follows the same rules; retort gen also refuses an
// embedded pointer that it could reach only through another package's
// unexported field.
//
// # Imperative mapping
//
// Map maps a struct onto a table defined with core, matching fields to
// columns by name; NewRelationship declares its relationships.
//
// # Inheritance
//
// A class hierarchy maps onto one table, its rows told apart by a
// discriminator column (SQLAlchemy's single-table inheritance). Go has no
// subclasses: a subtype is a struct that embeds its base by value as its
// first field, exported, and adds its own columns, which are nullable in
// the table since the other types' rows leave them NULL. Each type is
// mapped onto the table, and Polymorphic declares the hierarchy, with the
// discriminator value of each type's rows (Subtype):
//
//	type Employee struct {
//		ID   int64
//		Name string
//		Kind string // the discriminator
//	}
//	type Manager struct {
//		Employee        // first, by value
//		Budget   *int64 // manager rows only
//	}
//	type Engineer struct {
//		Employee
//		Language *string
//	}
//
//	orm.Map[Employee](staff.Table)
//	orm.Map[Manager](staff.Table)
//	orm.Map[Engineer](staff.Table)
//	orm.Polymorphic[Employee](staff.Kind, orm.Subtype[Employee]("employee"),
//		orm.Subtype[Manager]("manager"), orm.Subtype[Engineer]("engineer"))
//
// A subtype may itself have subtypes (type Director struct { Manager; ... }).
// The base may be left out of the list: it then has no rows of its own.
//
// What each operation does:
//
//	INSERT      the flush sets the discriminator to the type's value and writes the type's columns,
//	            one statement per type and column set
//	Select[E]   every row, each loaded as the object of its type: a *Manager for a manager's row,
//	            returned as the *Employee it embeds; all the family's columns are read
//	Select[M]   the rows of M and the types below it: WHERE kind IN ('manager', ...)
//	Get         the same filter: Get[Engineer] of a manager's key is ErrNoRows
//	UPDATE      the changed columns of the object's type, as any object's
//	DELETE      by key, one statement per type
//
// Concrete returns the object a base pointer is part of, for a type
// switch (see the example of Polymorphic): the base pointer and the
// subtype's object have one address, and the session, while it holds the
// object, knows its type. Column options narrow a polymorphic query as
// any (LoadOnly(staff.Name) loads managers without their budget), the
// discriminator always read with the key.
// The identity map holds one object per row, whatever type asks: Get[Employee]
// and Get[Manager] of a manager's key return the one *Manager (the
// first as its *Employee), as SQLAlchemy returns one instance. A
// relationship to the base (a team's []*Employee), loaded by select-in or
// a join, holds the subtypes' objects the same way; one to a subtype
// loads that family's rows alone. A row whose discriminator holds a
// value no type was declared with fails its load with ErrNoSubtype,
// naming the value: it is never loaded as another type.
//
// A model outside any hierarchy pays nothing for this on the query path
// but a nil check per query and per scanner. Not done yet: joined-table
// inheritance (a table per subtype sharing the base's key), and tags for
// retort gen: a hierarchy is declared with Map and Polymorphic.
//
// # Configuration
//
// Configure checks all mappings once, before first use, and reports every
// mistake as a *ConfigError naming the struct, the field and what is
// wrong: no primary key, a relationship with no foreign-key path or two
// ambiguous ones, a foreign key whose type differs from the key it
// references, an unknown column in order_by. retort gen reports the same,
// with the file and line.
//
// # Sessions
//
// A SessionFactory (NewSessionFactory: SQLAlchemy's sessionmaker) makes
// Sessions on an engine. A Session holds one object per row (its identity
// map), tracks the objects added, changed and deleted, and writes them at
// Flush, Commit or before a query (autoflush): inserts parents before
// children, one multi-row INSERT per table with generated keys read back,
// UPDATEs of the changed columns only (compared with a snapshot taken at
// load), with a version column checked and bumped, and DELETEs children
// first. Relationships drive the keys: an order appended to user.Orders
// gets the user's id at flush. A many-to-many link is one association
// row whichever side holds it, or both (Append keeps both): inserted
// once, with the table's other new links in one multi-row INSERT.
//
// What the next flush will write can be asked before it runs: New lists
// the objects it inserts (with those the cascades reach), Dirty those it
// updates, Deleted those it deletes, and Changes(obj) an object's fields
// with their old and new values (IsModified says whether there are any).
// NoAutoflush runs queries without the flush; WithAutobegin(false) makes
// sessions that send nothing outside a transaction Begin started.
//
// How new rows are inserted depends on whether their keys come back. When
// no key needs reading back (the program set the keys, or the table has
// no generated key) and a flush has at least 100 new objects of a table
// with the same columns set, they go through engine.Tx.InsertMany: on
// PostgreSQL one COPY ... FROM STDIN for all of them, however many (a
// tracer or retorttest.Recorder sees one statement, of
// engine.KindCopy), and elsewhere multi-row INSERTs within the dialect's
// bind parameter limit. Fewer objects go by one INSERT, which costs a
// round trip less than COPY. When the database generates the keys, the
// objects go by multi-row INSERT ... RETURNING (PostgreSQL, SQLite), one
// statement per chunk of up to 32,000 parameters, the keys read back
// and set on the objects; on MySQL and MariaDB, which have no RETURNING,
// one INSERT and LAST_INSERT_ID() per object.
//
// Taking an object away from its parent works from either side. A child
// removed from a loaded one-to-many collection, or whose many-to-one the
// program sets to nil (order.User = nil) after it was loaded or flushed
// with a target, is deleted at flush when the parent's collection has the
// delete-orphan cascade, and otherwise has its foreign key set to NULL;
// a key that cannot be NULL fails the flush with ErrNotNullable before
// anything is sent. A nil many-to-one the session never saw a target in
// (nobody loaded it) changes nothing, and a foreign-key field the program
// wrote itself wins over the nil.
//
// Deleting a parent deletes the objects of its relationships with the
// delete cascade: those of a relationship a loader (a query's option, a
// default strategy, Load) loaded, one by one as the session's objects;
// those of one nobody loaded, which the session cannot know (a collection
// the program filled itself counts as not loaded), with a DELETE by the
// parent's key per relationship, before the parent's. Below those, their
// own cascades and many-to-many association rows go first, which takes
// one SELECT of their keys per level; objects of the session among them
// become deleted. passive_deletes sends nothing for the relationship and
// leaves its rows to the database's ON DELETE.
//
//	f := orm.NewSessionFactory(eng)
//	err := f.Transaction(ctx, func(s *orm.Session) error {
//		u, err := orm.Get[User](ctx, s, int64(1))
//		if err != nil {
//			return err
//		}
//		u.Email = "new@example.com"                  // an UPDATE of email only, at commit
//		return s.Add(&Order{User: u, Status: "new"}) // INSERT, user_id from u
//	})
//
// Merge copies an object from outside the session (decoded from a
// request, or loaded by another session) onto the session's object of the
// same key, loading it if need be, and returns that one. A Go struct cannot
// tell a field its caller set to zero from one nobody set, so the rule is
// explicit: every column field counts by default, MergeFields names the
// ones that do, and MergeNonZero skips zero values. Relationships tagged
// cascade:merge (or all) are merged too, a nil field counting as not given:
//
//	u, err := orm.Merge(ctx, s, &User{ID: id, Email: form.Email}, orm.MergeFields(Users.Email))
//
// Nothing autocommits: a session begins a transaction on first use and
// keeps it until Commit or Rollback; BeginNested and Session.Savepoint
// make savepoints. A failed flush rolls the transaction back, and the
// session refuses work with ErrNeedsRollback until Rollback. Inside a
// savepoint it rolls back to the savepoint only, as SQLAlchemy does:
// Session.Savepoint returns the error and the enclosing transaction goes
// on with the work done before the savepoint (after BeginNested, call
// RollbackNested). Rolling back, to a savepoint or whole, sets the
// session's objects back: those inserted or added in the rolled-back work
// are transient, those deleted in it persistent, and every object is
// expired, to be read again by the next query that returns it. A session
// belongs to one goroutine at a time; a second one gets ErrConcurrentUse.
//
// Read paths have two lighter kinds of session: ReadOnly ones keep no
// snapshots and refuse writes, in a READ ONLY transaction; Autocommit ones
// are read-only too, and run without a transaction at all (SQLAlchemy's
// AUTOCOMMIT isolation level), sparing the COMMIT's round trip:
//
//	reads := orm.NewSessionFactory(eng, orm.WithAutocommit(true))
//
// On a SQLite file they matter more: a session that may write holds the
// database's write lock from its first statement to its end (BEGIN
// IMMEDIATE), and the other such sessions of the engine wait their turn,
// while read-only and Autocommit sessions never wait (see "SQLite and
// concurrent writers" in package engine). Keep writing sessions short, read
// through the lighter kinds, and never hold two writing sessions open at
// once in one goroutine: the second would wait for the first.
//
// Go has no attribute interception, so the defaults differ from
// SQLAlchemy's where that matters: expire-on-commit is off (an expired
// object cannot reload itself when read), and an expired object is
// refreshed by the next query that returns it, or by Refresh.
//
// # Hooks and events
//
// Code can run as the flush writes objects and as queries load them. A
// model gets hooks by having the methods (BeforeInserter, AfterInserter,
// BeforeUpdater, AfterUpdater, BeforeDeleter, AfterDeleter, AfterLoader;
// found once when the model is registered, so a call costs no
// reflection), and a factory registers functions for a type (WithHook),
// for a concern that is not the model's own (an audit of every write). A
// model without hooks pays a nil check per object written or loaded. A
// factory's session events run around each flush and at the end of each
// transaction: WithBeforeFlush, WithAfterFlush, WithAfterCommit,
// WithAfterRollback.
//
// A flush that has something to write calls, in order: the before-flush
// functions, which may use the session (Add an audit row per object
// Dirty lists, query without a flush of their own); BeforeInsert,
// BeforeUpdate and BeforeDelete of the objects it is about to write,
// inserts first; the statements; AfterInsert, AfterUpdate and
// AfterDelete in the same order; the after-flush functions. A model's
// method runs before the factory's functions for the same event. An
// error from a before-flush function or a Before hook ends the flush
// before it sends anything (the objects stay as they were, to be fixed
// and flushed again); one from an After hook or an after-flush function
// fails it as a failed statement would: the transaction, or the innermost
// savepoint, is rolled back. After-commit functions run once the
// transaction is committed (their error is returned, the commit
// standing), after-rollback ones when a transaction ends rolled back
// (Rollback, Close, a failed flush or COMMIT).
//
// A Before hook may change its object's own columns (set UpdatedAt), and
// the flush writes what the hook left; it must not add, delete or link
// objects, which the flush has already planned: do that in a before-flush
// function. BeforeUpdate runs only for objects the flush updates (those
// Session.Dirty lists). Hooks run for the objects the flush writes, not
// for rows written without one: engine-level statements (core.Update,
// core.Delete, InsertMany), children a cascade deletes by their parent's
// key without loading them, the database's ON DELETE CASCADE.
//
// A flush that fails after it sent statements (a statement's error, a
// cancelled context, a lost connection, an After hook's or after-flush
// function's error) calls no After hook: its rows go with the rollback
// of the transaction (or of the innermost savepoint), and a transaction
// that ends so calls the after-rollback functions once, not again at
// Rollback or Close. A hook or event that panics lets the panic go on
// through the call: if the flush had begun sending statements, it is
// rolled back first as a failed flush is (the session refuses work until
// Rollback); a Before hook's panic leaves the session and its objects as
// they were. The session events' functions run with the session left, so
// that they may use it; another goroutine still inside it when one
// returns makes the flush fail with ErrConcurrentUse.
//
// AfterLoad (AfterLoader, or WithHook(AfterLoad, ...)) runs for each
// object a row puts in the session: one new to it, or one the row
// overwrites (PopulateExisting, Refresh, an expired object; SQLAlchemy
// has a separate refresh event for those), once per object however many
// rows repeat it, and not for one the session returns as it holds it. It
// runs for the objects of every loader: All, One, First, Get, Refresh,
// the objects select-in, joined, ContainsEager and RecursiveLoad load
// with them, Load, Merge's loads, and each batch of Partitions and
// Stream (Related reads what is loaded, and Go has no lazy load on a
// field read, so nothing else loads). It runs once the call has read its
// rows and loaded every relationship its options and mappings ask for,
// in the order the rows came (a query's own rows, then those its
// select-ins read), so that an object sees its relationships loaded; for
// a stream, per batch, before the batch is yielded. A field AfterLoad
// sets is best one no column holds: a column it changes is an unflushed
// change, which the next flush writes. It runs inside the call, and must
// not use the session. Its error fails the call with a *HookError: the
// objects stay in the session, and those whose AfterLoad did not run to
// the end (the failing one and those after it, or all of them when the
// query itself failed) are expired, so that the next query that reads
// their rows loads them again and calls AfterLoad then; a panic does the
// same and goes on.
//
// # Queries
//
// Select[T] starts a query of T's objects; it takes core's clauses (Where,
// Join, OuterJoin, GroupBy, OrderBy, Limit, ...) and is immutable like a
// core.SelectStmt. All, One, OneOrNone and First run it; Partitions and
// Stream read it in batches with a bounded heap:
//
//	q := orm.Select[User]().Where(Users.IsActive.IsTrue()).OrderBy(Users.ID.Asc())
//	users, err := orm.All(ctx, s, q)                  // []*User
//	for u, err := range orm.Stream(ctx, s, q.YieldPer(2000)) { ... }
//
// Select2 and Select3 return typed rows (Row2.V1, Row2.V2) of entities,
// columns or both, each element's Go type saying which: a *User is the
// entity, read from its table struct or an alias; an int64 the value of
// a column or expression, whose own Go type it must be (or a pointer or
// sql.Null of it). Each entity is hydrated once; rows of columns alone are
// scanned straight into the Row2, as hand-written Scan code would be:
//
//	rank := core.RowNumber().Over(core.PartitionBy(Users.DepartmentID), core.OrderBy(Users.CreatedAt)).Label("rank")
//	rows, err := orm.All(ctx, s, orm.Select2[*User, int64](Users, rank))
//	pairs, err := orm.All(ctx, s, orm.Select2[int64, string](Users.ID, Users.Email)) // []orm.Row2[int64, string]
//
// Columns2 and Columns3 take the row's types from the columns, so the
// compiler checks them: orm.Columns2(Users.ID, Users.Email) is the query
// above.
//
// SelectFrom reads T from an alias (core.Aliased(Users)), a subquery or a
// CTE; FromStatement from any statement, matching columns by name. Every
// object goes through the session's identity map: one object per row. An
// object the session holds keeps what it has (PopulateExisting overwrites
// it, and an expired or partly loaded one is filled); where a join repeats
// it row after row — a joined many-to-one's target, a joined collection's
// parent — its key is read first and, on PostgreSQL, the rest of its
// columns are not even decoded.
// Unique drops repeated rows; the parents repeated by a joined collection
// are always merged, so a query of entities never needs it for that.
//
// # Joins and EXISTS along relationships
//
// Join and OuterJoin take a relationship as well as a table, and the
// mapping gives the ON clause (SQLAlchemy's join(User.orders)); a
// many-to-many joins its association table, then its target. Of names an
// alias of the target, and From an alias of the parent, to go on from:
//
//	o := core.Aliased(Orders, "o")
//	q := orm.Select[User]().Join(Users.Orders.Of(o)).Join(Orders.Items.From(o)).Where(o.Total.Gt(100))
//
// A relationship from a table to itself (an employee's manager, or
// reports) joins only an alias of it: Retort does not make one up, since
// the query's conditions must name it. Conditions given to Join, and the
// criteria of And, join the ON clause.
//
// Any and Has are correlated EXISTS along a relationship, with criteria
// on the target (SQLAlchemy's any() and has()): Any for a collection,
// Has for a reference; the other one fails the query.
//
//	orm.Select[User]().Where(Users.Orders.Any(Orders.Total.Gt(100)))  // EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id AND orders.total > $1)
//	orm.Select[Order]().Where(Orders.User.Has(Users.Email.Eq("ann@example.com")))
//
// The EXISTS is correlated to the parent's table, or to the alias that From
// names when the query reads the parent from one (a query that reads
// neither fails, rather than test every parent's rows at once); the
// target is the subquery's own, even when the query joins it too.
//
// # Loading relationships
//
// A relationship is loaded only when a query or Load asks for it, or when
// its mapping's lazy option makes select-in or joined its default:
//
//	users, err := orm.All(ctx, s, orm.Select[User]().Options(
//		orm.SelectInLoad(Users.Orders).SelectInLoad(Orders.Items),
//		orm.JoinedLoad(Users.Department)))
//
// costs three statements whatever the number of users: users joined to
// their department, then their orders (WHERE orders.user_id = ANY($1) on
// PostgreSQL, one array parameter; padded IN lists of at most 512 keys
// elsewhere), then the orders' items. The strategies:
//
//	SelectInLoad     one more SELECT per level; a many-to-one skips the targets the session holds
//	RecursiveLoad    a self-referential collection (a tree) to a depth or to its leaves, in one
//	                 WITH RECURSIVE statement seeded by the parents' keys
//	JoinedLoad       a LEFT OUTER JOIN (InnerJoin: INNER) under an anonymous alias, in the same query;
//	                 a LIMIT still counts parents, a GROUP BY groups them, DISTINCT ON picks them (the query is
//	                 wrapped in a subquery, the collection joined outside it, in the order of the query's own
//	                 joins); criteria (And, WithLoaderCriteria) go in the join's ON clause; below a
//	                 select-in level, joined into that level's SELECT
//	ContainsEager    read from the query's own JOIN, filtered as the query filters
//	Load             after the query, for many objects at once: explicit loading replaces lazy loading
//	NoLoad           left empty on purpose, and counted as loaded
//	RaiseLoad        left unloaded: Related fails with ErrNotLoaded
//	DefaultLoad      no change: the mapping's strategy (or a wildcard's), to reach the links below it
//
// and, on any link of a path that loads objects, the columns they are
// loaded with (see Loading columns):
//
//	.LoadOnly(cols)  only these columns of the link's target, its primary key and the loaders' keys
//	.Defer(cols)     all but these
//	.Undefer(cols)   with these columns tagged deferred
//
// Wildcard stands for every relationship not named otherwise, at that
// point of the path and below: orm.RaiseLoad(orm.Wildcard) guards a hot
// path against defaults. Two options that give one path different
// strategies, or different column options, fail, naming both; so does an
// option that does not start at an entity of the query. Joining two
// collections side by side multiplies their rows and is refused unless
// AllowCartesian says otherwise; a chain of them (users, their orders,
// the orders' items) is not a product.
//
// Loading a one-to-many or one-to-one whose mapping names a back: fills
// the back-reference too, without SQL: after SelectInLoad(Users.Orders)
// each order's User is its user, marked loaded, and the order is not
// changed for a flush. An object the session held before the load keeps
// a back-reference it had loaded or set. Loading a many-to-one fills
// nothing back: the target's collection would hold only the objects
// loaded.
//
// A collection is loaded in the order its order_by, or the loader's
// OrderBy, asks for; without one, as in SQLAlchemy, its statements have
// no ORDER BY, and its objects come in whatever order the database
// returns them: a sort by key cost every select-in and joined load a
// server-side sort. A joined collection is built once, with each object
// once, whatever order its rows come in. A streamed query's batches do not
// depend on row order either: each batch's relationships are loaded by
// select-in, by key, and a joined collection cannot stream (the keyset
// pages of a stream on SQLite and MySQL are ordered by the root's key,
// which is how they page, not a collection's order).
//
// A relationship value narrows what a loader loads: And filters it
// (Users.Orders.And(Orders.Status.Eq("paid"))), and OrderBy with Limit
// keeps each parent's first n (Users.Orders.OrderBy(Orders.CreatedAt.Desc()).Limit(3):
// one statement with ROW_NUMBER() per parent; a Limit without an order
// keeps the first n by primary key). WithLoaderCriteria filters
// every load of an entity in a query: its rows, its select-in loads, and
// the query's joins of its table, in their ON clause (an outer join keeps
// its parents). IsLoaded and Related tell a loaded relationship from one
// nobody loaded.
//
// Preview shows the SQL a query will send without running it: the
// query's statement with its joins, then each select-in and recursive
// load's, in the order they run, with the loader path each loads
// (fmt.Println(pv) prints them; each is a core.Statement too, for
// EXPLAIN). A load's parent keys are not known before the run: it is
// shown for one key (= ANY($1) on PostgreSQL, whatever their number).
//
// # Write-only collections
//
// A collection too large to load (an account's transactions, a user's
// events) is a field of type WriteOnly[T] in place of []*T, a one-to-many
// or a many-to-many with the same tag options but lazy (SQLAlchemy's
// WriteOnlyMapped). Nothing ever loads it: the program records changes
// with Add and Remove, the flush writes them without reading the
// collection, and the relationship's Select queries its objects, which
// the program pages through:
//
//	type Account struct {
//		ID           int64                      `retort:"pk"`
//		Transactions orm.WriteOnly[Transaction] `retort:"cascade:all, delete-orphan; order_by:id"`
//	}
//
//	acct.Transactions.Add(&Transaction{Amount: 100})  // at flush: INSERT, account_id from acct
//	acct.Transactions.Remove(old)                     // at flush: DELETE (delete-orphan), else account_id = NULL
//	page, err := orm.All(ctx, s, Accounts.Transactions.Select(acct).Where(Transactions.ID.Gt(last)).Limit(100))
//
// At flush, an object added is tracked with the save-update cascade and
// takes the parent's key (after the parent's INSERT when the parent is
// new), or, through a many-to-many, gets its association row, in one
// multi-row INSERT with the flush's other links; its many-to-one back
// to the parent (back:) is set. An object removed is deleted with the
// delete-orphan cascade and otherwise has its foreign key set to NULL
// (ErrNotNullable, before anything is sent, when it cannot be), or its
// association row is deleted. A removed object whose key does not
// reference the parent was not in the collection and is left alone; one
// the session does not hold fails the flush with ErrDetached. Adding an
// object twice adds it once, and an Add and a Remove of one object
// before the flush cancel out, as in SQLAlchemy. The changes are cleared
// once a flush has written them; a failed flush keeps them for the next
// one. Merge does not carry them: it copies columns and the
// relationships it cascades along, and a write-only collection is none.
//
// Select(parent) is the query of the parent's objects, WHERE the foreign
// key is the parent's key (through the association table for a
// many-to-many), in the mapping's order_by; Where, OrderBy, Limit and
// Offset narrow it, and All, Stream or Partitions run it, after the
// autoflush has written the recorded changes. It works for any
// collection.
//
// Every loader option naming a write-only collection (SelectInLoad,
// JoinedLoad, ContainsEager, RecursiveLoad, NoLoad, RaiseLoad,
// DefaultLoad) fails the query with ErrWriteOnly naming it, and so do
// Load, Related and IsLoaded; Wildcard passes it by. Joins, Any and Has
// along it work as along any relationship. Deleting the parent deletes
// the collection's rows by the parent's key with the delete cascade, as
// for a collection nobody loaded, deletes its association rows, and
// otherwise sets the children's foreign key to NULL by one UPDATE when
// it can be NULL; passive_deletes leaves them all to the database's ON
// DELETE. Nothing is read.
//
// A back-reference to or from a write-only collection is kept on the
// other side only: an added object's many-to-one back to the parent is
// set by the flush (by Relationship.Append at once), and setting that
// many-to-one, or an Append to a many-to-many's other side, records
// nothing in the write-only collection: the change is written from that
// side. A model without a
// write-only collection pays nothing for them: they are kept apart from
// its other relationships, and a flush looks for their changes only once
// a mapping has one.
//
// # Loading columns
//
// LoadOnly and Defer narrow an entity's columns, and a column tagged
// deferred is left out of every query (Get included) unless Undefer asks
// for it. As query options they narrow the query's own entities; on a
// loader path, the objects its last link loads, by select-in, a join,
// ContainsEager, RecursiveLoad or Load, as SQLAlchemy's
// selectinload(User.orders).load_only(Order.total):
//
//	orm.SelectInLoad(Users.Orders).LoadOnly(Orders.Total).SelectInLoad(Orders.Items)
//	orm.DefaultLoad(Users.Orders).Defer(Orders.Status)   // at the mapping's strategy
//	orm.Load(ctx, s, users, Users.Orders, orm.LoadPath{}.LoadOnly(Orders.Total))
//
// The primary key is always loaded, and so are the keys the loaders need:
// the columns that match each object to its parent (orders.user_id) and
// the local keys of the relationships loaded from it. A column of
// another table fails the query, naming the column and the relationship.
// The fields of columns not loaded stay at their zero value, and
// the session remembers them as unloaded; a later query that reads them
// fills them in. Writing to such a field is a write like any other, with
// one limit Go sets: the flush finds writes by comparing each field with
// the value it had, so an unloaded field set to anything but its zero
// value is written, while one set to its zero value looks untouched. Mark
// that write with FlagModified (or load the column first):
//
//	u, err := orm.One(ctx, s, orm.Select[User]().Where(Users.ID.Eq(id)).Options(orm.LoadOnly(Users.Email)))
//	u.IsActive = false                            // the zero value of an unloaded field:
//	err = orm.FlagModified(s, u, Users.IsActive) // without this, nothing is sent
//
// A query that fills an unloaded field the program has written keeps the
// written value, and the flush still sends it; PopulateExisting and the
// reload of an expired object discard it with the other unflushed
// changes.
//
// # Computed fields
//
// A field tagged computed holds a value SQL computes rather than a
// column: retort gen and Map leave it out of the table. ColumnProperty
// gives it an expression of the entity's row (SQLAlchemy's
// column_property), which every query of the entity then selects,
// labelled with the field's snake_case name: a plain expression of its
// columns, or a correlated subquery of another table. Declare it in a
// package variable of a file of your own, beside the generated code:
//
//	type Order struct {
//		...
//		ItemCount int64 `retort:"computed"`
//	}
//
//	var OrderItemCount = orm.ColumnProperty[Order]("ItemCount",
//		core.Scalar[int64](core.Select(core.CountAll()).From(Items).Where(Items.OrderID.EqCol(Orders.ID))))
//
// Select, Get, Refresh, Stream and every loader read it with the
// entity's columns: SELECT orders.id, ..., (SELECT count(*) FROM items
// WHERE items.order_id = orders.id) AS item_count. A joined load moves
// the expression onto the join's alias (items.order_id = orders_1.id), a
// query read from an alias onto the alias, and a wrapped query selects it
// inside its subquery. The property is the expression itself, typed: a
// query filters and orders by it (Where(OrderItemCount.Gt(2)),
// OrderBy(OrderItemCount.Desc())), and Defer, LoadOnly and Undefer name
// it as they name columns; a deferred one is filled by the next query
// that reads it. The flush never writes it nor compares it: an INSERT or
// UPDATE has no such column, a change to the field alone makes nothing
// dirty, and a new object's field keeps what the program gave it until a
// query or Refresh reads it.
//
// A field tagged computed without a ColumnProperty is filled by the
// queries that say how (SQLAlchemy's query_expression): WithExpression
// gives one query's expression for it, a value that depends on the query
// such as a distance to a point or a search rank, and it is zero in
// objects of queries without one:
//
//	dist := core.Abs(Places.Lat.Sub(lat)).AddExpr(core.Abs(Places.Lon.Sub(lon)))
//	q := orm.Select[Place]().OrderBy(dist.Asc()).Limit(10).Options(orm.WithExpression[Place]("Distance", dist))
//
// As with columns, an object the session holds keeps its value: a query
// gives a held object a new one only with PopulateExisting, which also
// sets the field to zero when the query has no WithExpression for it.
// Mistakes in a ColumnProperty (no such field, or not tagged computed; a
// type that cannot hold the expression's values; an expression that
// reads another table outside a subquery) are *ConfigErrors naming the
// field; those of a WithExpression fail its query with
// ErrComputedField. An entity without computed fields pays nothing for
// them.
//
// # Soft delete
//
// A column tagged soft_delete marks a row deleted rather than have it
// deleted, as GORM's DeletedAt does: a nullable time (a *time.Time or a
// sql.Null[time.Time]), NULL while the row is live, or a bool, false
// while it is. Configure refuses another type, a second such column of a
// table, and one in the primary key. orm.Map reads the tag too.
//
//	type Post struct {
//		ID        int64 `retort:"pk"`
//		Title     string
//		DeletedAt *time.Time `retort:"soft_delete"`
//	}
//
// Session.Delete of such an object makes the flush send an UPDATE of
// that column instead of a DELETE: the flush's time, bound as a parameter
// (one for all its soft deletes, in UTC to the microsecond, which every
// database keeps), or true. It goes by primary key, with a version column
// checked and bumped as an update's; a row it does not find, changed or
// deleted by another transaction since it was loaded, fails the flush
// with ErrStaleData. The object's field is set, its delete hooks run
// (not its update hooks), and it goes the way of a deleted object:
// Deleted after the flush, detached after the commit, its other
// unflushed changes not written. Its many-to-many association rows stay.
//
// The delete cascade soft-deletes the children that have soft delete too,
// loaded or not (those nobody loaded by one UPDATE per relationship, by
// their parents' keys, which leaves a child deleted earlier with its own
// time), and leaves the other children as they are: the parent's row
// stays, so theirs still reference a row, and a parent brought back finds
// them. (GORM marks the parent alone.) Delete(obj, orm.HardDelete())
// deletes the row for real, and with it every child the cascade
// reaches, with soft delete or not; so does the delete of a parent
// without soft delete, whose children's rows would reference nothing.
//
// Queries leave the marked rows out, through the machinery of
// WithLoaderCriteria: deleted_at IS NULL (or NOT deleted) in the WHERE
// where a query reads the table or an alias of it, in the ON clause of
// each join of them (an outer join keeps the parents with no live row),
// and in select-in, joined and recursive loads, Load, Stream, Get
// (ErrNoRows) and the EXISTS of Any and Has. A many-to-one whose target
// is deleted is nil, and a recursive load does not go below a deleted
// node. IncludeDeleted brings every entity's deleted rows back for one
// query, IncludeDeletedOf[T] T's alone; they do not reach into Any and
// Has, built before the query's options are known. What a statement of
// the program's own reads is its own to filter: a query of columns alone
// (Columns2), FromStatement, a subquery or CTE a query reads from, and
// the engine's core.Update and core.Delete. Refresh and Merge find a
// deleted row by its key (Merge updates it, rather than insert a
// duplicate).
//
// An object read with IncludeDeleted is brought back by clearing its
// field: the flush sends a plain UPDATE. Deleting it again, without
// HardDelete, sends nothing and keeps its time. An entity without soft
// delete pays a nil check per query and per load.
//
// # Global criteria
//
// Criteria that every load of an entity must carry, a tenant's id above
// all, are stated once, on a factory (WithGlobalCriteria, for every
// session) or on the session of a request, where the tenant is known
// (SQLAlchemy's with_loader_criteria in a do_orm_execute event):
//
//	s := f.New(orm.WithGlobalCriteria[Order](Orders.TenantID.Eq(tenant)))
//
// The session then runs every query as if it carried
// WithLoaderCriteria[Order] with them: in its WHERE where it reads the
// table, in the ON clause of each explicit join of the table (so that an
// outer join keeps its parents), in the joins of JoinedLoad and the
// query's own joins that ContainsEager reads, in the statements of
// select-in and RecursiveLoad loads, of a mapping's default strategies,
// of Load, Merge and Refresh, of Stream and Partitions; and Get by
// another tenant's key finds nothing, even when the session holds that
// object. Criteria of a factory, a session and a query are ANDed.
// WithoutGlobalCriteria[T]() lifts them from one query, for code that
// must see every tenant (a report, a migration); use a session made
// without them for anything else of that kind. An alias of the table
// (core.Aliased, a self-referential join's other side) gets them moved
// onto it, as soft delete's filter is: in its join's ON clause, or in the
// WHERE of a query that reads from it; a query of columns alone of the
// table gets them in its WHERE. A FromStatement query of the entity, or
// one that reads it from a subquery or CTE, is refused: state them in
// that statement, and lift the global ones.
//
// Writes are checked too. Before a flush sends anything (after the
// Before hooks, which may set the tenant), it evaluates the criteria on
// each object it is to insert or update, and on the values each object
// it is to update or delete was loaded with, and refuses one outside them
// with a *CriteriaError (errors.Is ErrOutsideCriteria) naming the entity,
// its key and the criteria. Go evaluates a column compared with a value
// (=, <>, IN, NOT IN, IS NULL, IS NOT NULL) and AND, OR and NOT of such
// conditions, with SQL's rules for NULL; any other criterion (a function,
// a range, a subquery) is not checked in Go, and an INSERT is then not
// checked at all. Every UPDATE and DELETE the flush sends carries the
// criteria in its WHERE, whatever their form, so a row outside them is
// never touched: the statement matches no row, and the flush fails with
// the same error, its transaction rolled back. The rows a delete cascade
// removes without loading them are deleted only inside the criteria; the
// parent's DELETE then fails on the foreign key of any other. Engine-level
// statements (core.Update, core.Delete, engine.Tx.InsertMany) are the
// program's own, and carry nothing; so are the EXISTS of Any and Has,
// built before the session is known: give them the criteria.
//
// A session without global criteria pays a nil check per query and per
// flush for them.
//
// # Schema
//
// CreateAll and DropAll create and drop the tables of mappings in
// foreign-key order, with each dialect's types, keys, indexes and
// constraints. retort schema --dialect postgres prints the same DDL for a
// migration tool to take over.
package orm
