// Package introspect is retort gen -from-db: it reads the schema of a live
// PostgreSQL, SQLite or MariaDB/MySQL database through the engine (tables,
// columns, keys, unique constraints, indexes and enum types) and writes a
// Go package of tagged structs that map it, with relationships from the
// foreign keys, for retort gen to write the descriptors of.
package introspect

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/retort/engine"
)

// Schema is what Read finds in a database.
type Schema struct {
	Tables []*Table // by name
	Enums  []*Enum  // by name: PostgreSQL's enum types, MariaDB's ENUM columns
}

// Table is a table of the schema.
type Table struct {
	Name    string
	Columns []*Column  // in the table's order
	PK      []string   // the primary key's columns, in the key's order
	FKs     []*FK      // by their first column's position
	Uniques [][]string // unique constraints and unique indexes, the primary key's excepted
	Indexes [][]string // the other indexes, on columns in ascending order
	Checks  []string   // CHECK constraints' expressions, as the database prints them
	// Unwritten are the indexes no tag declares (on an expression,
	// partial, or with a descending column), each as the database
	// describes it: Write leaves them to a comment.
	Unwritten []string
}

// Column is a column of a table.
type Column struct {
	Name string
	// Type is the column's type in the words of a type: tag (bigint,
	// integer, smallint, boolean, real, double, numeric(p, s), text,
	// varchar(n), bytes, date, timestamp, timestamptz, json, uuid), one
	// of them but json with [] for a PostgreSQL array (text[]),
	// or "enum" with Enum set.
	Type     string
	DBType   string // the type as the database spells it, for errors
	Enum     *Enum
	Nullable bool
	AutoInc  bool   // an identity, serial or AUTO_INCREMENT column, or SQLite's rowid
	Default  string // the server default's SQL text, or ""
}

// FK is a foreign key.
type FK struct {
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   string // cascade, set null, set default or restrict; "" for no action
}

// Enum is an enum type and its values in order.
type Enum struct {
	Name   string
	Values []string
}

// Read reads the schema eng's connections use (PostgreSQL's current
// schema, MariaDB's current database, SQLite's main database): every table,
// or those named in tables. A column of a type no Go type maps is an
// error naming it.
func Read(ctx context.Context, eng *engine.Engine, tables []string) (*Schema, error) {
	var s *Schema
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		var err error
		switch eng.Dialect().Name {
		case "postgres":
			s, err = readPostgres(ctx, tx)
		case "sqlite":
			s, err = readSQLite(ctx, tx)
		case "mysql", "mariadb":
			s, err = readMySQL(ctx, tx)
		default:
			err = fmt.Errorf("introspect: no reader for %s", eng.Dialect().Name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(tables) > 0 {
		for _, name := range tables {
			if s.table(name) == nil {
				return nil, fmt.Errorf("introspect: no table %q in the database", name)
			}
		}
		s.Tables = slices.DeleteFunc(s.Tables, func(t *Table) bool { return !slices.Contains(tables, t.Name) })
		// And the enums of those tables.
		s.Enums = slices.DeleteFunc(s.Enums, func(e *Enum) bool {
			return !slices.ContainsFunc(s.Tables, func(t *Table) bool {
				return slices.ContainsFunc(t.Columns, func(c *Column) bool { return c.Enum == e })
			})
		})
	}
	// Byte order, whatever the database's collation.
	slices.SortFunc(s.Tables, func(a, b *Table) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(s.Enums, func(a, b *Enum) int { return strings.Compare(a.Name, b.Name) })
	for _, t := range s.Tables {
		// Foreign keys in the order of their first columns, whatever
		// order the catalog keeps them in.
		slices.SortStableFunc(t.FKs, func(a, b *FK) int {
			return slices.IndexFunc(t.Columns, func(c *Column) bool { return c.Name == a.Columns[0] }) -
				slices.IndexFunc(t.Columns, func(c *Column) bool { return c.Name == b.Columns[0] })
		})
		for _, c := range t.Columns {
			if c.Type == "" {
				return nil, fmt.Errorf("introspect: %s.%s: no Go type maps its SQL type %s", t.Name, c.Name, c.DBType)
			}
		}
	}
	return s, nil
}

func (s *Schema) table(name string) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// query runs a catalog query and scans its rows into T's fields by label.
func query[T any](ctx context.Context, tx *engine.Tx, sql string, args ...any) ([]T, error) {
	r, err := tx.QuerySQL(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("introspect: %w", err)
	}
	rows, err := engine.ScanAll[T](r)
	if err != nil {
		return nil, fmt.Errorf("introspect: %w", err)
	}
	return rows, nil
}
