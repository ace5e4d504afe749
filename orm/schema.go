// orm/schema.go

package orm

import (
	"context"
	"fmt"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// DDL returns the statements that create tables on dialect d: on
// PostgreSQL first the enum types their columns use (CREATE TYPE ... AS
// ENUM), then each table's CREATE TABLE (columns, keys, unique and check
// constraints, foreign keys) and its indexes, with the tables in
// foreign-key order. It is what CreateAll runs and what retort schema
// prints, for a migration tool (goose, Atlas, golang-migrate) to take over.
func DDL(d *core.Dialect, tables ...*core.Table) ([]string, error) {
	if d == nil {
		return nil, &nilError{op: "DDL", what: "the dialect"}
	}
	sorted, err := core.SortTables(tables)
	if err != nil {
		return nil, err
	}
	enums, err := enumTypes(d, sorted)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range enums {
		c, err := d.Compile(core.CreateEnum(e))
		if err != nil {
			return nil, err
		}
		out = append(out, c.SQL)
	}
	for _, t := range sorted {
		stmts := []core.Statement{core.CreateTable(t)}
		for _, ix := range t.SecondaryIndexes() {
			stmts = append(stmts, core.CreateIndex(t, ix))
		}
		for _, s := range stmts {
			c, err := d.Compile(s)
			if err != nil {
				return nil, err
			}
			out = append(out, c.SQL)
		}
	}
	return out, nil
}

// CreateAll creates tables, their constraints and indexes, in foreign-key
// order, in one transaction: SQLAlchemy's metadata.create_all. A generated
// package lists its tables in MappedTables. Tables that exist already make
// it fail; on PostgreSQL and SQLite then nothing is created, while MySQL
// commits each CREATE as it runs.
func CreateAll(ctx context.Context, eng *engine.Engine, tables ...*core.Table) error {
	if eng == nil {
		return &nilError{op: "CreateAll", what: "the engine"}
	}
	ddl, err := DDL(eng.Dialect(), tables...)
	if err != nil {
		return err
	}
	return eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, sql := range ddl {
			if _, err := tx.ExecSQL(ctx, sql); err != nil {
				return fmt.Errorf("retort: CreateAll: %w", err)
			}
		}
		return nil
	})
}

// DropAll drops tables that exist, in reverse foreign-key order, in one
// transaction (each DROP commits at once on MySQL).
func DropAll(ctx context.Context, eng *engine.Engine, tables ...*core.Table) error {
	if eng == nil {
		return &nilError{op: "DropAll", what: "the engine"}
	}
	sorted, err := core.SortTables(tables)
	if err != nil {
		return err
	}
	enums, err := enumTypes(eng.Dialect(), sorted)
	if err != nil {
		return err
	}
	slices.Reverse(sorted)
	return eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, t := range sorted {
			if _, err := tx.Exec(ctx, core.DropTable(t).IfExists()); err != nil {
				return fmt.Errorf("retort: DropAll: %w", err)
			}
		}
		for _, e := range enums {
			if _, err := tx.Exec(ctx, core.DropEnum(e).IfExists()); err != nil {
				return fmt.Errorf("retort: DropAll: %w", err)
			}
		}
		return nil
	})
}

// enumTypes lists the enum types of tables' columns, each once, in the
// order they first appear, where d makes enums types of their own (see
// core.Enum); elsewhere none. Two different enums of one name are an
// error: one of them would be created, and the other's columns use it.
func enumTypes(d *core.Dialect, tables []*core.Table) ([]core.Type, error) {
	if !d.Has(core.FeatureEnumTypes) {
		return nil, nil
	}
	var enums []core.Type
	for _, t := range tables {
		for _, col := range t.Columns() {
			if col.Type.Kind() != core.KindEnum {
				continue
			}
			i := slices.IndexFunc(enums, func(e core.Type) bool { return e.EnumName() == col.Type.EnumName() })
			switch {
			case i < 0:
				enums = append(enums, col.Type)
			case !slices.Equal(enums[i].EnumValues(), col.Type.EnumValues()):
				return nil, fmt.Errorf("retort: %w: enum type %s is defined twice, with values %q and %q (column %s.%s)",
					core.ErrInvalidStatement, col.Type.EnumName(), enums[i].EnumValues(), col.Type.EnumValues(), t.Name(), col.Name)
			}
		}
	}
	return enums, nil
}
