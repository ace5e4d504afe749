// dialect/postgres/postgres.go

// Package postgres is the PostgreSQL dialect: $n placeholders, whole slices
// bound as one array parameter (x = ANY($1)), DISTINCT ON, LATERAL,
// RETURNING, ILIKE, ON CONFLICT, and casts on standalone values, which the
// server could not otherwise type.
package postgres

import (
	"strconv"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect"
)

// Dialect compiles statements for PostgreSQL 12 and later.
var Dialect = &core.Dialect{
	Name:            "postgres",
	Placeholder:     core.Dollar,
	IdentifierQuote: '"',
	Reserved:        dialect.Words(reserved),
	TypeName:        typeName,
	// NAMEDATALEN-1: the server cuts longer names short, with a NOTICE.
	MaxIdentifierLength: 63,
	// The extended protocol counts parameters in 16 bits.
	MaxParameters: 65535,
	Features: core.FeatureLateral | core.FeatureDistinctOn | core.FeatureReturningInsert |
		core.FeatureReturningUpdate | core.FeatureReturningDelete | core.FeatureILike |
		core.FeatureArrayParams | core.FeatureFullJoin | core.FeatureNullsOrdering |
		core.FeatureForUpdate | core.FeatureLockOf | core.FeatureSkipLocked | core.FeatureOnConflict |
		core.FeatureUpdateFrom | core.FeatureCTEOnDML | core.FeatureCTEBeforeInsert | core.FeatureIntersectExcept |
		core.FeatureTypedBinds | core.FeatureWindowFrames | core.FeatureFilter | core.FeatureEnumTypes | core.FeatureJSONB | core.FeatureArrayColumns |
		core.FeatureNumericRound | core.FeatureIdentityColumns | core.FeatureFKSetDefault |
		core.FeatureCreateIndexIfNotExists | core.FeatureNestedComments | core.FeatureDollarQuotes,
}

func typeName(t core.Type, _ bool) string {
	switch t.Kind() {
	case core.KindBoolean:
		return "BOOLEAN"
	case core.KindSmallInt:
		return "SMALLINT"
	case core.KindInteger:
		return "INTEGER"
	case core.KindBigInt:
		return "BIGINT"
	case core.KindReal:
		return "REAL"
	case core.KindDouble:
		return "DOUBLE PRECISION"
	case core.KindNumeric:
		if p, s := t.Precision(); p > 0 {
			return "NUMERIC(" + strconv.Itoa(p) + ", " + strconv.Itoa(s) + ")"
		}
		return "NUMERIC"
	case core.KindText:
		return "TEXT"
	case core.KindVarchar:
		return "VARCHAR(" + strconv.Itoa(t.Length()) + ")"
	case core.KindBytes:
		return "BYTEA"
	case core.KindDate:
		return "DATE"
	case core.KindTimestamp:
		return "TIMESTAMP"
	case core.KindTimestampTZ:
		return "TIMESTAMP WITH TIME ZONE"
	case core.KindJSON:
		return "JSONB"
	case core.KindUUID:
		return "UUID"
	}
	return ""
}

// reserved lists PostgreSQL's reserved key words (and those reserved in
// some contexts, such as function or type names), which must be quoted to
// be used as identifiers.
const reserved = `all analyse analyze and any array as asc asymmetric authorization binary both case cast
check collate collation column concurrently constraint create cross current_catalog current_date
current_role current_schema current_time current_timestamp current_user default deferrable desc distinct
do else end except false fetch for foreign freeze from full grant group having ilike in initially inner
intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull
null offset on only or order outer overlaps placing primary references returning right select
session_user similar some symmetric system_user table tablesample then to trailing true union unique user
using variadic verbose when where window with`
