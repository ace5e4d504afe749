// orm/schema.go

package orm

import (
	"context"
	"fmt"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// DDL returns the statements that create tables on dialect d: each table's
// CREATE TABLE (columns, keys, unique and check constraints, foreign keys),
// then its indexes, with the tables in foreign-key order. It is what
// CreateAll runs and what retort schema prints, for a migration tool
// (goose, Atlas, golang-migrate) to take over.
func DDL(d *core.Dialect, tables ...*core.Table) ([]string, error) {
	if d == nil {
		return nil, &nilError{op: "DDL", what: "the dialect"}
	}
	sorted, err := core.SortTables(tables)
	if err != nil {
		return nil, err
	}
	var out []string
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
	slices.Reverse(sorted)
	return eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, t := range sorted {
			if _, err := tx.Exec(ctx, core.DropTable(t).IfExists()); err != nil {
				return fmt.Errorf("retort: DropAll: %w", err)
			}
		}
		return nil
	})
}
