package introspect

import (
	"context"
	"regexp"
	"strings"

	"github.com/retortdb/retort/engine"
)

// readPostgres reads the current schema from pg_catalog. Column lists come
// as comma-joined text (string_agg in key order) so that no array type is
// scanned.
func readPostgres(ctx context.Context, tx *engine.Tx) (*Schema, error) {
	s := &Schema{}
	enums, err := query[struct{ Type, Label string }](ctx, tx, `
		SELECT t.typname AS "type", e.enumlabel AS label
		FROM pg_type t
		JOIN pg_enum e ON e.enumtypid = t.oid
		JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE n.nspname = current_schema()
		ORDER BY t.typname, e.enumsortorder`)
	if err != nil {
		return nil, err
	}
	byName := map[string]*Enum{}
	for _, e := range enums {
		if byName[e.Type] == nil {
			byName[e.Type] = &Enum{Name: e.Type}
			s.Enums = append(s.Enums, byName[e.Type])
		}
		byName[e.Type].Values = append(byName[e.Type].Values, e.Label)
	}

	cols, err := query[struct {
		Table, Name, Type, TypeName, Default string
		Nullable, Identity, Enum             bool
		Dims                                 int
	}](ctx, tx, `
		SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS "type", a.attndims AS dims,
			t.typname AS type_name, COALESCE(pg_get_expr(d.adbin, d.adrelid), '') AS "default",
			NOT a.attnotnull AS nullable, a.attidentity <> '' AS identity, t.typtype = 'e' AS "enum"
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
			AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY c.relname, a.attnum`)
	if err != nil {
		return nil, err
	}
	for _, r := range cols {
		t := s.table(r.Table)
		if t == nil {
			t = &Table{Name: r.Table}
			s.Tables = append(s.Tables, t)
		}
		c := &Column{Name: r.Name, DBType: r.Type, Nullable: r.Nullable, AutoInc: r.Identity, Default: r.Default}
		if strings.HasPrefix(r.Default, "nextval(") { // serial
			c.AutoInc, c.Default = true, ""
		}
		if e := byName[r.TypeName]; r.Enum && e != nil {
			c.Type, c.Enum = "enum", e
		} else if !r.Enum && r.Dims <= 1 { // an enum of another schema stays unmapped
			// So does an array declared with several dimensions
			// (integer[][]), which format_type shows as one and a
			// slice cannot hold.
			c.Type = postgresType(r.Type)
		}
		t.Columns = append(t.Columns, c)
	}

	cons, err := query[struct{ Table, Kind, Columns, RefTable, RefColumns, OnDelete, Def string }](ctx, tx, `
		SELECT c.relname AS "table", k.contype::text AS kind, pg_get_constraintdef(k.oid) AS def,
			(SELECT string_agg(a.attname, ',' ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
				JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS columns,
			COALESCE(r.relname, '') AS ref_table,
			COALESCE((SELECT string_agg(a.attname, ',' ORDER BY u.i) FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
				JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n), '') AS ref_columns,
			k.confdeltype::text AS on_delete
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_class r ON r.oid = k.confrelid
		WHERE n.nspname = current_schema() AND k.contype IN ('p', 'u', 'f', 'c')
		ORDER BY c.relname, k.conkey[1], k.conname`)
	if err != nil {
		return nil, err
	}
	for _, r := range cons {
		t := s.table(r.Table)
		columns := strings.Split(r.Columns, ",")
		if t == nil {
			continue
		}
		switch r.Kind {
		case "p":
			t.PK = columns
		case "u":
			t.Uniques = append(t.Uniques, columns)
		case "c":
			// CHECK ((price >= (0)::numeric))
			def := strings.TrimSuffix(strings.TrimPrefix(r.Def, "CHECK ("), ")")
			t.Checks = append(t.Checks, plainLiterals(def))
			continue
		case "f":
			t.FKs = append(t.FKs, &FK{Columns: columns, RefTable: r.RefTable, RefColumns: strings.Split(r.RefColumns, ","),
				OnDelete: map[string]string{"c": "cascade", "n": "set null", "d": "set default", "r": "restrict"}[r.OnDelete]})
		}
	}

	// Indexes that back no constraint. Those on an expression, partial or
	// with a column not in ascending order, which tags cannot declare,
	// are kept as the database prints them, from USING on.
	idx, err := query[struct {
		Table, Name, Columns, Def string
		Unique, Special           bool
	}](ctx, tx, `
		SELECT c.relname AS "table", i.relname AS name, x.indisunique AS "unique", pg_get_indexdef(x.indexrelid) AS def,
			x.indexprs IS NOT NULL OR x.indpred IS NOT NULL OR EXISTS (SELECT 1 FROM unnest(x.indoption::int2[]) o WHERE o <> 0) AS special,
			COALESCE((SELECT string_agg(a.attname, ',' ORDER BY u.i) FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, i)
				JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n), '') AS columns
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class c ON c.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND NOT x.indisprimary
			AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
		ORDER BY c.relname, i.relname`)
	if err != nil {
		return nil, err
	}
	for _, r := range idx {
		t := s.table(r.Table)
		switch {
		case t == nil:
		case r.Special:
			_, using, _ := strings.Cut(r.Def, " USING ")
			kind := "index "
			if r.Unique {
				kind = "unique index "
			}
			t.Unwritten = append(t.Unwritten, kind+r.Name+" USING "+using)
		case r.Unique:
			t.Uniques = append(t.Uniques, strings.Split(r.Columns, ","))
		default:
			t.Indexes = append(t.Indexes, strings.Split(r.Columns, ","))
		}
	}
	return s, nil
}

// literalCast is a cast PostgreSQL prints on a number or a string in a
// CHECK, (0)::numeric, '-1'::integer or 'a'::text, which the other
// databases do not read. The literal alone means the same where it is
// compared with a column of the type, and the check: tag is then SQL that
// every database runs.
var literalCast = regexp.MustCompile(`(^|[^\w.])(?:\((-?\d+(?:\.\d+)?)\)|(-?\d+(?:\.\d+)?)|('(?:[^']|'')*'))::` +
	`(numeric|integer|bigint|smallint|real|double precision|text|character varying)(?:\(\d+(?:,\s*\d+)?\))?`)

// plainLiterals drops literalCast's casts from a CHECK's text; a quoted
// number cast to a number type becomes the number.
func plainLiterals(check string) string {
	return literalCast.ReplaceAllStringFunc(check, func(m string) string {
		g := literalCast.FindStringSubmatch(m)
		lit := g[2] + g[3] + g[4]
		if n := strings.Trim(lit, "'"); g[4] != "" && g[5] != "text" && g[5] != "character varying" && number.MatchString(n) {
			lit = n
		}
		return g[1] + lit
	})
}

var number = regexp.MustCompile(`^-?\d+(?:\.\d+)?$`)

var fractional = regexp.MustCompile(`^(timestamp)\(\d+\)`)

var typeArgs = regexp.MustCompile(`^([a-z ]+?)\s*(?:\((\d+)(?:,\s*(\d+))?\))?$`)

// postgresType names a format_type text in a type: tag's words, or ""
// when no Go type maps it. An array is its element's type and []
// (format_type shows one dimension, however many the column declares);
// an array of JSON documents or of an enum is unmapped: a type: tag
// cannot declare the first, and the second is a type of its own.
func postgresType(t string) string {
	if elem, ok := strings.CutSuffix(t, "[]"); ok {
		switch e := postgresType(elem); e {
		case "", "json":
			return ""
		default:
			return e + "[]"
		}
	}
	// timestamp(3) with time zone: the precision is the database's.
	t = fractional.ReplaceAllString(t, "$1")
	m := typeArgs.FindStringSubmatch(t)
	if m == nil {
		return ""
	}
	switch m[1] {
	case "smallint":
		return "smallint"
	case "integer":
		return "integer"
	case "bigint":
		return "bigint"
	case "boolean":
		return "boolean"
	case "real":
		return "real"
	case "double precision":
		return "double"
	case "numeric":
		return numeric(m[2], m[3])
	case "text":
		return "text"
	case "character varying":
		if m[2] == "" {
			return "text"
		}
		return "varchar(" + m[2] + ")"
	case "bytea":
		return "bytes"
	case "date":
		return "date"
	case "timestamp without time zone", "timestamp":
		return "timestamp"
	case "timestamp with time zone":
		return "timestamptz"
	case "json", "jsonb":
		return "json"
	case "uuid":
		return "uuid"
	}
	return ""
}

// numeric spells NUMERIC(p, s) as a type: tag does.
func numeric(p, s string) string {
	switch {
	case p == "":
		return "numeric"
	case s == "":
		return "numeric(" + p + ")"
	}
	return "numeric(" + p + ", " + s + ")"
}
