// dialect/mysql/mysql.go

// Package mysql holds the MySQL and MariaDB dialects: ? placeholders,
// backtick quoting, ON DUPLICATE KEY UPDATE, multi-table UPDATE. They differ
// in what each server added: MySQL 8 has LATERAL and FOR UPDATE OF but no
// RETURNING; MariaDB (10.6 and later) has RETURNING on INSERT and DELETE but
// no LATERAL. Neither has RETURNING on UPDATE, FULL OUTER JOIN, NULLS
// FIRST/LAST, DISTINCT ON or ON CONFLICT.
package mysql

import (
	"strconv"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect"
)

const common = core.FeatureForUpdate | core.FeatureSkipLocked | core.FeatureOnDuplicateKey |
	core.FeatureUpdateMultiTable | core.FeatureIntersectExcept | core.FeatureWindowFrames | core.FeatureAutoIncrement |
	core.FeatureBackslashEscapes | core.FeatureHashComments | core.FeatureInlineEnums | core.FeatureJSONFunctions

// The identifier limits, in characters: 64 for names, which the server
// refuses past that, and for aliases 256 on MySQL (its manual) and 255 on
// MariaDB, which cuts a longer alias short without a word (measured on
// 10.11: a derived table's column aliased with 256 characters cannot be
// selected by that name).
const (
	maxIdentifier = 64
	maxAliasMySQL = 256
	maxAliasMaria = 255
)

// maxParameters is the most placeholders a prepared statement may have:
// the protocol counts them in 16 bits.
const maxParameters = 65535

// keyText is what a TEXT column in a key becomes: InnoDB indexes TEXT only
// with a prefix length, and 255 characters of utf8mb4 (1,020 bytes) fit its
// 3,072-byte key limit.
var keyText = core.Varchar(255)

// MySQL compiles statements for MySQL 8.0.31 and later.
var MySQL = &core.Dialect{
	Name:                    "mysql",
	Placeholder:             core.Question,
	IdentifierQuote:         '`',
	Reserved:                dialect.Words(reserved),
	TypeName:                typeName,
	OffsetWithoutLimit:      "LIMIT 18446744073709551615",
	FuncNames:               funcNames,
	KeyTextType:             keyText,
	MaxParameters:           maxParameters,
	MaxIdentifierLength:     maxIdentifier,
	MaxAliasLength:          maxAliasMySQL,
	IdentifierLengthInChars: true,
	Features:                common | core.FeatureLateral | core.FeatureLockOf | core.FeatureCTEOnDML,
}

// MariaDB compiles statements for MariaDB 10.6 and later.
var MariaDB = &core.Dialect{
	Name:                    "mariadb",
	Placeholder:             core.Question,
	IdentifierQuote:         '`',
	Reserved:                dialect.Words(reserved),
	TypeName:                typeName,
	OffsetWithoutLimit:      "LIMIT 18446744073709551615",
	FuncNames:               funcNames,
	KeyTextType:             keyText,
	MaxParameters:           maxParameters,
	MaxIdentifierLength:     maxIdentifier,
	MaxAliasLength:          maxAliasMaria,
	IdentifierLengthInChars: true,
	Features: common | core.FeatureReturningInsert | core.FeatureReturningDelete | core.FeatureLockInShareMode |
		core.FeatureCreateIndexIfNotExists,
}

// MySQL's length() counts bytes; char_length() counts characters, as
// length() does elsewhere.
var funcNames = map[string]string{"length": "char_length"}

func typeName(t core.Type, cast bool) string {
	if cast {
		// CAST accepts only a few target types.
		switch t.Kind() {
		case core.KindBoolean, core.KindSmallInt, core.KindInteger, core.KindBigInt:
			return "SIGNED"
		case core.KindReal, core.KindDouble:
			return "DOUBLE"
		case core.KindNumeric:
			if p, s := t.Precision(); p > 0 {
				return "DECIMAL(" + strconv.Itoa(p) + ", " + strconv.Itoa(s) + ")"
			}
			return "DECIMAL(65, 30)"
		case core.KindText, core.KindVarchar, core.KindUUID:
			return "CHAR"
		case core.KindBytes:
			return "BINARY"
		case core.KindDate:
			return "DATE"
		case core.KindTimestamp, core.KindTimestampTZ:
			return "DATETIME(6)"
		case core.KindJSON:
			return "JSON"
		}
		return ""
	}
	switch t.Kind() {
	case core.KindBoolean:
		return "BOOLEAN"
	case core.KindSmallInt:
		return "SMALLINT"
	case core.KindInteger:
		return "INT"
	case core.KindBigInt:
		return "BIGINT"
	case core.KindReal:
		return "FLOAT"
	case core.KindDouble:
		return "DOUBLE"
	case core.KindNumeric:
		if p, s := t.Precision(); p > 0 {
			return "DECIMAL(" + strconv.Itoa(p) + ", " + strconv.Itoa(s) + ")"
		}
		return "DECIMAL(65, 30)"
	case core.KindText:
		return "LONGTEXT"
	case core.KindVarchar:
		return "VARCHAR(" + strconv.Itoa(t.Length()) + ")"
	case core.KindBytes:
		return "LONGBLOB"
	case core.KindDate:
		return "DATE"
	case core.KindTimestamp, core.KindTimestampTZ:
		return "DATETIME(6)"
	case core.KindJSON:
		return "JSON"
	case core.KindUUID:
		return "CHAR(36)"
	}
	return ""
}

// reserved lists the words MySQL and MariaDB reserve; the last two lines are
// reserved by MariaDB only (MariaDB 10.11 refuses them unquoted as column names).
const reserved = `accessible add all alter analyze and as asc asensitive before between bigint binary blob both
by call cascade case change char character check collate column condition constraint continue convert
create cross cube cume_dist current_date current_time current_timestamp current_user cursor database
databases day_hour day_microsecond day_minute day_second dec decimal declare default delayed delete
dense_rank desc describe deterministic distinct distinctrow div double drop dual each else elseif empty
enclosed escaped except exists exit explain false fetch first_value float float4 float8 for force foreign
from fulltext function generated get grant group grouping groups having high_priority hour_microsecond
hour_minute hour_second if ignore in index infile inner inout insensitive insert int int1 int2 int3 int4
int8 integer intersect interval into io_after_gtids io_before_gtids is iterate join json_table key keys
kill lag last_value lateral lead leading leave left like limit linear lines load localtime localtimestamp
lock long longblob longtext loop low_priority master_bind master_ssl_verify_server_cert match maxvalue
mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod modifies natural not
no_write_to_binlog nth_value ntile null numeric of offset on optimize optimizer_costs option optionally or
order out outer outfile over partition percent_rank precision primary procedure purge range rank read
reads read_write real recursive references regexp release rename repeat replace require resignal restrict
return returning revoke right rlike row row_number rows schema schemas second_microsecond select
sensitive separator set show signal smallint spatial specific sql sqlexception sqlstate sqlwarning
sql_big_result sql_calc_found_rows sql_small_result ssl starting stored straight_join system table
terminated then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock unsigned update
usage use using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying virtual when
where while window with write xor year_month zerofill
current_role delete_domain_id do_domain_ids ignore_domain_ids master_demote_to_replica master_demote_to_slave
page_checksum parse_vcol_expr portion ref_system_id stats_auto_recalc stats_persistent stats_sample_pages`
