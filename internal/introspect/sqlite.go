package introspect

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/naming"
)

// readSQLite reads the main database through sqlite_master and the
// table-valued PRAGMA functions, which take the table's name bound.
func readSQLite(ctx context.Context, tx *engine.Tx) (*Schema, error) {
	s := &Schema{}
	names, err := query[struct{ Name, SQL string }](ctx, tx,
		`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE ? ESCAPE '!' ORDER BY name`, "sqlite!_%")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		t := &Table{Name: n.Name}
		s.Tables = append(s.Tables, t)
		cols, err := query[struct {
			Name, Type string
			NotNull    bool
			Default    *string
			PK         int
		}](ctx, tx, `SELECT name, type, "notnull" AS not_null, dflt_value AS "default", pk FROM pragma_table_info(?) ORDER BY cid`, t.Name)
		if err != nil {
			return nil, err
		}
		enums := checkedValues(n.SQL)
		pk := map[int]string{}
		for _, r := range cols {
			c := &Column{Name: r.Name, Type: sqliteType(r.Type), DBType: r.Type, Nullable: !r.NotNull}
			// retort makes an enum TEXT CHECK (col IN ('a', 'b')) here.
			if values, ok := enums[r.Name]; ok && c.Type == "text" {
				c.Type = "enum"
				c.Enum = &Enum{Name: naming.Snake(naming.Camel(naming.Singular(t.Name))) + "_" + c.Name, Values: values}
				s.Enums = append(s.Enums, c.Enum)
			}
			if r.Default != nil {
				c.Default = *r.Default
			}
			if r.PK > 0 {
				pk[r.PK] = r.Name
			}
			t.Columns = append(t.Columns, c)
		}
		for i := 1; i <= len(pk); i++ {
			t.PK = append(t.PK, pk[i])
		}
		// SQLite lets a key column be NULL unless it says NOT NULL (an
		// old bug kept), but a key is not meant to be: it is no pointer.
		for _, c := range t.Columns {
			if slices.Contains(t.PK, c.Name) {
				c.Nullable = false
			}
		}
		// A single INTEGER key is the rowid: SQLite numbers new rows.
		if len(t.PK) == 1 {
			for i, r := range cols {
				if r.Name == t.PK[0] && strings.EqualFold(r.Type, "integer") {
					t.Columns[i].AutoInc = true
				}
			}
		}

		fks, err := query[struct {
			ID       int
			Table    string
			From, To *string
			OnDelete string
		}](ctx, tx, `SELECT id, "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, t.Name)
		if err != nil {
			return nil, err
		}
		byID := map[int]*FK{}
		for _, r := range fks {
			fk := byID[r.ID]
			if fk == nil {
				fk = &FK{RefTable: r.Table, OnDelete: action(r.OnDelete)}
				byID[r.ID] = fk
				t.FKs = append(t.FKs, fk)
			}
			fk.Columns = append(fk.Columns, deref(r.From))
			fk.RefColumns = append(fk.RefColumns, deref(r.To))
		}

		idx, err := query[struct {
			Name    string
			Unique  bool
			Origin  string
			Partial bool
		}](ctx, tx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name`, t.Name)
		if err != nil {
			return nil, err
		}
		for _, r := range idx {
			if r.Origin == "pk" {
				continue
			}
			cols, err := query[struct {
				Name *string
				Desc bool
			}](ctx, tx, `SELECT name, "desc" FROM pragma_index_xinfo(?) WHERE "key" ORDER BY seqno`, r.Name)
			if err != nil {
				return nil, err
			}
			var names []string
			special := r.Partial
			for _, c := range cols {
				special = special || c.Name == nil || c.Desc // an expression, a descending column
				names = append(names, deref(c.Name))
			}
			switch {
			case special:
				// Only a CREATE INDEX has a WHERE, an expression or
				// DESC: its text is in sqlite_master.
				def, err := query[struct{ SQL string }](ctx, tx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, r.Name)
				if err != nil {
					return nil, err
				}
				if len(def) == 1 {
					kind := "index "
					if r.Unique {
						kind = "unique index "
					}
					_, cols, _ := strings.Cut(strings.Join(strings.Fields(def[0].SQL), " "), "(")
					t.Unwritten = append(t.Unwritten, kind+r.Name+" ("+cols)
				}
			case r.Unique:
				t.Uniques = append(t.Uniques, names)
			default:
				t.Indexes = append(t.Indexes, names)
			}
		}
	}
	// A foreign key that names no columns refers to the primary key.
	for _, t := range s.Tables {
		for _, fk := range t.FKs {
			if ref := s.table(fk.RefTable); ref != nil && fk.RefColumns[0] == "" {
				fk.RefColumns = ref.PK
			}
		}
	}
	return s, nil
}

// inCheck finds CHECK (col IN ('a', 'b')) in a CREATE TABLE statement.
var inCheck = regexp.MustCompile(`(?i)CHECK\s*\(\s*["\x60\[]?(\w+)["\x60\]]?\s+IN\s*\(((?:\s*'(?:[^']|'')*'\s*,?)+)\)\s*\)`)

// checkedValues returns, by column, the values a CHECK (col IN (...)) of
// the CREATE TABLE text sql allows.
func checkedValues(sql string) map[string][]string {
	out := map[string][]string{}
	for _, m := range inCheck.FindAllStringSubmatch(sql, -1) {
		out[m[1]] = enumValues("(" + m[2] + ")")
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// action names a referential action as a tag does: "" for NO ACTION.
func action(a string) string {
	a = strings.ToLower(a)
	if a == "no action" {
		return ""
	}
	return a
}

// sqliteType names a declared type in a type: tag's words. SQLite's
// integers are 64 bits whatever the declaration, and retort declares
// every integer INTEGER (the one spelling that makes a key the rowid), so
// each is a bigint; TIMESTAMP is how retort declares a time.Time.
func sqliteType(decl string) string {
	decl = strings.ToLower(strings.TrimSpace(decl))
	if decl == "" {
		return "text"
	}
	m := typeArgs.FindStringSubmatch(decl)
	if m == nil {
		return ""
	}
	switch m[1] {
	case "integer", "int", "bigint", "smallint", "tinyint", "mediumint":
		return "bigint"
	case "boolean", "bool":
		return "boolean"
	case "real", "double", "double precision", "float":
		return "double"
	case "numeric", "decimal":
		return numeric(m[2], m[3])
	case "text", "clob":
		return "text"
	case "varchar", "character varying", "nvarchar":
		if m[2] == "" {
			return "text"
		}
		return "varchar(" + m[2] + ")"
	case "blob":
		return "bytes"
	case "date":
		return "date"
	case "timestamp", "datetime":
		return "timestamptz"
	case "json":
		return "json"
	case "uuid":
		return "uuid"
	}
	return ""
}
