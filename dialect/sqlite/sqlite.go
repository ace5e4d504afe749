// dialect/sqlite/sqlite.go

// Package sqlite is the SQLite dialect (3.35 and later): ? placeholders,
// RETURNING, ON CONFLICT, UPDATE ... FROM, window functions. SQLite has no
// LATERAL, DISTINCT ON, ILIKE (it is emulated with lower()), row locking or
// array parameters.
package sqlite

import (
	"strconv"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect"
)

// Dialect compiles statements for SQLite.
var Dialect = &core.Dialect{
	Name:               "sqlite",
	Placeholder:        core.Question,
	IdentifierQuote:    '"',
	Reserved:           dialect.Words(reserved),
	TypeName:           typeName,
	OffsetWithoutLimit: "LIMIT -1",
	// SQLITE_MAX_VARIABLE_NUMBER, as modernc.org/sqlite builds SQLite.
	MaxParameters: 32766,
	Features: core.FeatureReturningInsert | core.FeatureReturningUpdate | core.FeatureReturningDelete |
		core.FeatureFullJoin | core.FeatureNullsOrdering | core.FeatureOnConflict | core.FeatureUpdateFrom |
		core.FeatureCTEOnDML | core.FeatureCTEBeforeInsert | core.FeatureIntersectExcept | core.FeatureWindowFrames | core.FeatureFilter |
		core.FeatureRowidAlias | core.FeatureFKSetDefault | core.FeatureCreateIndexIfNotExists | core.FeatureAttachedSchemas | core.FeatureRealNumerics,
}

func typeName(t core.Type, cast bool) string {
	switch t.Kind() {
	case core.KindBoolean:
		if cast {
			return "INTEGER"
		}
		return "BOOLEAN"
	case core.KindSmallInt, core.KindInteger, core.KindBigInt:
		// INTEGER is the one spelling that makes a primary key the rowid.
		return "INTEGER"
	case core.KindReal, core.KindDouble:
		return "REAL"
	case core.KindNumeric:
		if p, s := t.Precision(); p > 0 && !cast {
			return "NUMERIC(" + strconv.Itoa(p) + ", " + strconv.Itoa(s) + ")"
		}
		return "NUMERIC"
	case core.KindText, core.KindJSON, core.KindUUID:
		return "TEXT"
	case core.KindVarchar:
		if cast {
			return "TEXT"
		}
		return "VARCHAR(" + strconv.Itoa(t.Length()) + ")"
	case core.KindBytes:
		return "BLOB"
	case core.KindDate:
		if cast {
			return "TEXT"
		}
		return "DATE"
	case core.KindTimestamp, core.KindTimestampTZ:
		if cast {
			return "TEXT"
		}
		return "TIMESTAMP"
	}
	return ""
}

// reserved lists SQLite's keywords; SQLite accepts some of them unquoted
// where unambiguous, but quoting all of them is always correct.
const reserved = `abort action add after all alter always analyze and as asc attach autoincrement before begin
between by cascade case cast check collate column commit conflict constraint create cross current
current_date current_time current_timestamp database default deferrable deferred delete desc detach
distinct do drop each else end escape except exclude exclusive exists explain fail filter first following
for foreign from full generated glob group groups having if ignore immediate in index indexed initially
inner insert instead intersect into is isnull join key last left like limit match materialized natural no
not nothing notnull null nulls of offset on or order others outer over partition plan pragma preceding
primary query raise range recursive references regexp reindex release rename replace restrict returning
right rollback row rows savepoint select set table temp temporary then ties to transaction trigger
unbounded union unique update using vacuum values view virtual when where window with without`
