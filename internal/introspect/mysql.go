package introspect

import (
	"context"
	"regexp"
	"strings"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/naming"
)

// readMySQL reads the current database from information_schema, as
// MariaDB and MySQL keep it.
func readMySQL(ctx context.Context, tx *engine.Tx) (*Schema, error) {
	s := &Schema{}
	// MariaDB's JSON is LONGTEXT with a CHECK (json_valid(col)) named
	// after the column.
	checks, err := query[struct{ Table, Clause string }](ctx, tx, `
		SELECT TABLE_NAME AS "table", CHECK_CLAUSE AS clause
		FROM information_schema.CHECK_CONSTRAINTS
		WHERE CONSTRAINT_SCHEMA = DATABASE()
		ORDER BY TABLE_NAME, CONSTRAINT_NAME`)
	if err != nil {
		return nil, err
	}
	jsonCols := map[[2]string]bool{}
	var otherChecks []struct{ Table, Clause string }
	for _, c := range checks {
		if m := jsonValid.FindStringSubmatch(c.Clause); m != nil {
			jsonCols[[2]string{c.Table, m[1]}] = true
		} else {
			otherChecks = append(otherChecks, c)
		}
	}

	cols, err := query[struct {
		Table, Name, Type string
		Nullable, AutoInc bool
		Default           *string
	}](ctx, tx, `
		SELECT c.TABLE_NAME AS "table", c.COLUMN_NAME AS name, c.COLUMN_TYPE AS "type",
			c.IS_NULLABLE = 'YES' AS nullable, c.EXTRA LIKE ? AS auto_inc, c.COLUMN_DEFAULT AS "default"
		FROM information_schema.COLUMNS c
		JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
		WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = ?
		ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`, "%auto_increment%", "BASE TABLE")
	if err != nil {
		return nil, err
	}
	for _, r := range cols {
		t := s.table(r.Table)
		if t == nil {
			t = &Table{Name: r.Table}
			s.Tables = append(s.Tables, t)
		}
		c := &Column{Name: r.Name, DBType: r.Type, Nullable: r.Nullable, AutoInc: r.AutoInc}
		// MariaDB shows a column without a default as NULL.
		if r.Default != nil && *r.Default != "NULL" {
			c.Default = *r.Default
		}
		typ := strings.ToLower(r.Type)
		switch {
		case strings.HasPrefix(typ, "enum("):
			c.Type = "enum"
			c.Enum = &Enum{Name: naming.Snake(naming.Camel(naming.Singular(t.Name))) + "_" + c.Name, Values: enumValues(r.Type)}
			s.Enums = append(s.Enums, c.Enum)
		case jsonCols[[2]string{t.Name, c.Name}]:
			c.Type = "json"
		default:
			c.Type = mysqlType(typ)
		}
		t.Columns = append(t.Columns, c)
	}

	for _, c := range otherChecks {
		if t := s.table(c.Table); t != nil {
			// MariaDB quotes every name in the clause: a tag cannot
			// hold backquotes, and plain names need none.
			t.Checks = append(t.Checks, plainName.ReplaceAllString(c.Clause, "$1"))
		}
	}

	keys, err := query[struct{ Table, Name, Kind, Column, RefTable, RefColumn, OnDelete string }](ctx, tx, `
		SELECT k.TABLE_NAME AS "table", k.CONSTRAINT_NAME AS name, c.CONSTRAINT_TYPE AS kind, k.COLUMN_NAME AS "column",
			COALESCE(k.REFERENCED_TABLE_NAME, '') AS ref_table, COALESCE(k.REFERENCED_COLUMN_NAME, '') AS ref_column,
			COALESCE(r.DELETE_RULE, '') AS on_delete
		FROM information_schema.KEY_COLUMN_USAGE k
		JOIN information_schema.TABLE_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
			AND c.TABLE_NAME = k.TABLE_NAME AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME
		LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
			AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
		WHERE k.TABLE_SCHEMA = DATABASE()
		ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`)
	if err != nil {
		return nil, err
	}
	fkNames := map[[2]string]bool{}
	var last [2]string
	for _, r := range keys {
		t := s.table(r.Table)
		if t == nil {
			continue
		}
		first := last != [2]string{r.Table, r.Name}
		last = [2]string{r.Table, r.Name}
		switch r.Kind {
		case "PRIMARY KEY":
			t.PK = append(t.PK, r.Column)
		case "UNIQUE":
			if first {
				t.Uniques = append(t.Uniques, nil)
			}
			t.Uniques[len(t.Uniques)-1] = append(t.Uniques[len(t.Uniques)-1], r.Column)
		case "FOREIGN KEY":
			if first {
				// InnoDB's RESTRICT is NO ACTION, and what it shows
				// for a key that names neither.
				onDelete := action(r.OnDelete)
				if onDelete == "restrict" {
					onDelete = ""
				}
				t.FKs = append(t.FKs, &FK{RefTable: r.RefTable, OnDelete: onDelete})
				fkNames[last] = true
			}
			fk := t.FKs[len(t.FKs)-1]
			fk.Columns = append(fk.Columns, r.Column)
			fk.RefColumns = append(fk.RefColumns, r.RefColumn)
		}
	}

	// The other indexes: not unique (those are the constraints above),
	// and not the one the server makes for a foreign key without one,
	// which has the key's name. One on an expression or with a
	// descending column, which tags cannot declare, becomes a note.
	idx, err := query[struct {
		Table, Name       string
		Column, Collation *string
	}](ctx, tx, `
		SELECT TABLE_NAME AS "table", INDEX_NAME AS name, COLUMN_NAME AS "column", COLLATION AS "collation"
		FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 1
		ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`)
	if err != nil {
		return nil, err
	}
	special := map[[2]string]bool{}
	for _, r := range idx {
		if r.Column == nil || deref(r.Collation) == "D" {
			special[[2]string{r.Table, r.Name}] = true
		}
	}
	type index struct {
		table *Table
		key   [2]string
		cols  []string // the columns, or their description when special
	}
	var indexes []*index
	for _, r := range idx {
		t, key := s.table(r.Table), [2]string{r.Table, r.Name}
		if t == nil || fkNames[key] {
			continue
		}
		if len(indexes) == 0 || indexes[len(indexes)-1].key != key {
			indexes = append(indexes, &index{table: t, key: key})
		}
		ix := indexes[len(indexes)-1]
		col := deref(r.Column)
		switch {
		case r.Column == nil:
			col = "an expression"
		case special[key] && deref(r.Collation) == "D":
			col += " DESC"
		}
		ix.cols = append(ix.cols, col)
	}
	for _, ix := range indexes {
		if special[ix.key] {
			ix.table.Unwritten = append(ix.table.Unwritten, "index "+ix.key[1]+" ("+strings.Join(ix.cols, ", ")+")")
		} else {
			ix.table.Indexes = append(ix.table.Indexes, ix.cols)
		}
	}
	return s, nil
}

var plainName = regexp.MustCompile("`([A-Za-z_][A-Za-z0-9_]*)`")

var jsonValid = regexp.MustCompile("^json_valid\\(`([^`]+)`\\)$")

// enumValues reads the values of an enum(...) column type: each in single
// quotes, a quote inside one doubled.
func enumValues(typ string) []string {
	body := strings.TrimSuffix(typ[strings.IndexByte(typ, '(')+1:], ")")
	var values []string
	var cur strings.Builder
	in := false
	for i := 0; i < len(body); i++ {
		ch := body[i]
		switch {
		case ch == '\'' && in && i+1 < len(body) && body[i+1] == '\'':
			cur.WriteByte('\'')
			i++
		case ch == '\'' && in:
			values = append(values, cur.String())
			cur.Reset()
			in = false
		case ch == '\'':
			in = true
		case in:
			cur.WriteByte(ch)
		}
	}
	return values
}

// mysqlType names a COLUMN_TYPE in a type: tag's words. retort writes a
// time.Time as DATETIME(6), a UUID as CHAR(36) and a bool as BOOLEAN,
// which is TINYINT(1).
func mysqlType(typ string) string {
	typ = strings.TrimSpace(strings.TrimSuffix(typ, " unsigned"))
	if typ == "tinyint(1)" {
		return "boolean"
	}
	if typ == "char(36)" {
		return "uuid"
	}
	m := typeArgs.FindStringSubmatch(typ)
	if m == nil {
		return ""
	}
	switch m[1] {
	case "tinyint", "smallint":
		return "smallint"
	case "mediumint", "int", "integer":
		return "integer"
	case "bigint":
		return "bigint"
	case "float":
		return "real"
	case "double":
		return "double"
	case "decimal", "numeric":
		return numeric(m[2], m[3])
	case "varchar":
		return "varchar(" + m[2] + ")"
	case "tinytext", "text", "mediumtext", "longtext":
		return "text"
	case "tinyblob", "blob", "mediumblob", "longblob":
		return "bytes"
	case "date":
		return "date"
	case "datetime", "timestamp":
		return "timestamptz"
	case "json":
		return "json"
	}
	return ""
}
