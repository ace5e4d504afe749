// core/dialect.go

package core

import "sync"

// Feature is a capability that a database may or may not have. The compiler
// consults these flags instead of branching on a dialect's name, so a new
// dialect is described by data rather than by edits scattered through the
// compiler.
type Feature uint64

// The features a Dialect may declare.
const (
	// FeatureLateral: LATERAL subqueries in FROM and JOIN.
	FeatureLateral Feature = 1 << iota
	// FeatureDistinctOn: SELECT DISTINCT ON (...).
	FeatureDistinctOn
	// FeatureReturningInsert: INSERT ... RETURNING.
	FeatureReturningInsert
	// FeatureReturningUpdate: UPDATE ... RETURNING.
	FeatureReturningUpdate
	// FeatureReturningDelete: DELETE ... RETURNING.
	FeatureReturningDelete
	// FeatureILike: a native ILIKE operator. Without it ILike compiles to
	// lower(x) LIKE lower(pattern).
	FeatureILike
	// FeatureArrayParams: a whole slice may be bound as one array parameter,
	// so In compiles to "= ANY($1)": one statement shape for any list length
	// and no ceiling on the number of parameters.
	FeatureArrayParams
	// FeatureFullJoin: FULL OUTER JOIN.
	FeatureFullJoin
	// FeatureNullsOrdering: NULLS FIRST / NULLS LAST in ORDER BY.
	FeatureNullsOrdering
	// FeatureForUpdate: SELECT ... FOR UPDATE / FOR SHARE.
	FeatureForUpdate
	// FeatureLockOf: FOR UPDATE OF table.
	FeatureLockOf
	// FeatureSkipLocked: NOWAIT and SKIP LOCKED.
	FeatureSkipLocked
	// FeatureOnConflict: INSERT ... ON CONFLICT DO NOTHING / DO UPDATE.
	FeatureOnConflict
	// FeatureOnDuplicateKey: INSERT ... ON DUPLICATE KEY UPDATE.
	FeatureOnDuplicateKey
	// FeatureUpdateFrom: UPDATE t SET ... FROM other WHERE ...
	FeatureUpdateFrom
	// FeatureUpdateMultiTable: UPDATE t, other SET t.c = ... WHERE ...
	FeatureUpdateMultiTable
	// FeatureCTEOnDML: WITH ... UPDATE and WITH ... DELETE.
	FeatureCTEOnDML
	// FeatureCTEBeforeInsert: WITH ... INSERT. Without it, an INSERT ...
	// SELECT carries its WITH after the column list, as MySQL wants.
	FeatureCTEBeforeInsert
	// FeatureIntersectExcept: INTERSECT and EXCEPT.
	FeatureIntersectExcept
	// FeatureTypedBinds: standalone bound values (Value) are rendered with a
	// cast to their SQL type, because the server cannot infer a parameter's
	// type from a select list (PostgreSQL).
	FeatureTypedBinds
	// FeatureWindowFrames: ROWS/RANGE frames in window definitions.
	FeatureWindowFrames
	// FeatureFilter: FILTER (WHERE ...) on aggregates.
	FeatureFilter
	// FeatureNumericRound: round(x, digits) needs x to be NUMERIC, so Round
	// casts it (PostgreSQL).
	FeatureNumericRound
	// FeatureLockInShareMode: FOR SHARE is spelled LOCK IN SHARE MODE
	// (MariaDB, which has no FOR SHARE).
	FeatureLockInShareMode
)

// PlaceholderStyle is how a dialect writes bind parameters.
type PlaceholderStyle uint8

const (
	// Question writes every parameter as "?" (SQLite, MySQL).
	Question PlaceholderStyle = iota
	// Dollar numbers parameters "$1", "$2", ... (PostgreSQL).
	Dollar
)

// Dialect describes one database's SQL: how it quotes identifiers, writes
// parameters and types, and what it supports. The packages under dialect/
// declare one each; a zero Dialect is not useful.
//
// A Dialect also owns the cache of compiled statements for that database, so
// it must be used through a pointer and not copied after first use.
type Dialect struct {
	// Name identifies the dialect in errors and logs ("postgres", "sqlite", "mysql").
	Name string
	// Placeholder is the bind parameter style.
	Placeholder PlaceholderStyle
	// IdentifierQuote is the character that delimits quoted identifiers:
	// '"' for standard SQL, '`' for MySQL. Inside a quoted identifier it is
	// escaped by doubling.
	IdentifierQuote byte
	// Reserved holds the dialect's reserved words in lower case; an
	// identifier equal to one of them is always quoted.
	Reserved map[string]bool
	// Features is the set of capabilities.
	Features Feature
	// TypeName renders a SQL type, for DDL (cast=false) or inside CAST
	// (cast=true), where some databases accept fewer spellings.
	TypeName func(t Type, cast bool) string
	// OffsetWithoutLimit is the LIMIT clause a database needs before a bare
	// OFFSET ("LIMIT -1" on SQLite, "LIMIT 18446744073709551615" on MySQL);
	// empty when OFFSET may stand alone.
	OffsetWithoutLimit string
	// FuncNames renames functions whose name differs on this database
	// ("length" is "char_length" on MySQL). The statement cache is per
	// dialect, so a rename costs nothing after the first compile.
	FuncNames map[string]string
	// CacheSize bounds the compiled-statement cache; 0 means 1000 entries.
	CacheSize int

	cacheOnce sync.Once
	cache     *stmtCache
}

// Has reports whether the dialect declares every feature in f.
func (d *Dialect) Has(f Feature) bool { return d.Features&f == f }

// String returns the dialect's name.
func (d *Dialect) String() string { return d.Name }

func (d *Dialect) stmtCache() *stmtCache {
	d.cacheOnce.Do(func() {
		n := d.CacheSize
		if n <= 0 {
			n = 1000
		}
		d.cache = newStmtCache(n)
	})
	return d.cache
}
