// engine/insertmany.go

package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine/driver"
)

// InsertMany inserts rows into table, each row holding one value per
// column named in columns, in that order, and returns the number of rows
// inserted:
//
//	n, err := tx.InsertMany(ctx, Items, []string{"id", "name", "price"}, [][]any{
//		{int64(1), "tea", "3.50"},
//		{int64(2), "jam", nil}, // nil is NULL
//	})
//
// The values travel as data, never as SQL text, and are converted as a
// statement's arguments are. A column left out that has a Default gets it,
// as in core.Insert. On PostgreSQL the rows go by COPY ... FROM STDIN in
// the binary format (pgx's CopyFrom), one statement however many rows;
// on SQLite and MySQL/MariaDB by multi-row INSERTs, each with as many rows
// as the dialect's bind parameter limit allows (Dialect.MaxParameters: a
// 5-column row, 13,107 rows an INSERT on MySQL, 6,553 on SQLite).
//
// COPY returns nothing, so InsertMany reads back no generated key: use
// core.Insert with Returning for that. A failure comes back as a
// statement's does, classified (errors.Is(err, ErrUniqueViolation)...),
// and leaves the transaction as a failed INSERT does: on PostgreSQL it
// can then only roll back (or roll back to a savepoint), and elsewhere the
// rows of the INSERTs before the failing one stay in it until the
// transaction is rolled back. An empty rows sends nothing. A row whose
// length is not len(columns), or a column the table does not have, fails
// with core.ErrInvalidStatement before anything is sent.
//
// Tracers see COPY as one statement of [KindCopy], whose SQL is the COPY
// statement and whose Args are nil (the rows would be too many to log),
// and the INSERTs each as a statement of [KindExec].
func (tx *Tx) InsertMany(ctx context.Context, table *core.Table, columns []string, rows [][]any) (int64, error) {
	if err := tx.usable(); err != nil {
		return 0, err
	}
	columns, rows, err := withDefaults(table, columns, rows)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	ctx, cancel := tx.e.bound(ctx)
	if cancel != nil {
		defer cancel()
	}
	if _, ok := baseTx(tx.conn.dtx).(driver.Copier); ok {
		return tx.copyFrom(ctx, table.Base(), columns, rows)
	}
	per := len(rows)
	if limit := tx.e.dialect.MaxParameters; limit > 0 {
		per = max(1, limit/len(columns))
	}
	cols := make([]core.Column[any], len(columns))
	for i, name := range columns {
		cols[i] = core.ColumnOf[any](table.Base(), name)
	}
	var total int64
	for chunk := range slices.Chunk(rows, per) {
		set := make([][]core.Assignment, len(chunk))
		for i, row := range chunk {
			set[i] = make([]core.Assignment, len(cols))
			for j, c := range cols {
				set[i][j] = c.Set(row[j])
			}
		}
		n, err := tx.Exec(ctx, core.Insert(table.Base()).Rows(set...))
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// withDefaults checks columns and rows against table, and returns them
// with the table's columns that have a Default and are not in columns
// appended, their default in every row (copies, when there are any: the
// caller's rows are left alone).
func withDefaults(table *core.Table, columns []string, rows [][]any) ([]string, [][]any, error) {
	if table == nil {
		return nil, nil, fmt.Errorf("engine: InsertMany: %w: nil table", core.ErrInvalidStatement)
	}
	if err := table.Err(); err != nil {
		return nil, nil, err
	}
	fail := func(format string, args ...any) ([]string, [][]any, error) {
		return nil, nil, fmt.Errorf("engine: InsertMany into %s: %w: %s", table.Name(), core.ErrInvalidStatement, fmt.Sprintf(format, args...))
	}
	if len(columns) == 0 {
		return fail("no columns")
	}
	defs := table.Base().Columns()
	for i, name := range columns {
		if !slices.ContainsFunc(defs, func(d *core.ColumnDef) bool { return d.Name == name }) {
			return fail("the table has no column %q", name)
		}
		if slices.Contains(columns[:i], name) {
			return fail("column %q given twice", name)
		}
	}
	for i, row := range rows {
		if len(row) != len(columns) {
			return fail("row %d has %d values for %d columns", i+1, len(row), len(columns))
		}
	}
	// Values a column refuses (an enum's others, a string's or an
	// integer's) are refused here, as a statement's Compile refuses them:
	// COPY would send them.
	for j, name := range columns {
		def := defs[slices.IndexFunc(defs, func(d *core.ColumnDef) bool { return d.Name == name })]
		if def.Type.Kind() != core.KindEnum && def.Type.IntEnumValues() == nil {
			continue
		}
		for i, row := range rows {
			if err := def.Check(row[j]); err != nil {
				return nil, nil, fmt.Errorf("engine: InsertMany into %s: row %d: %w", table.Name(), i+1, err)
			}
		}
	}
	var defaults []any
	for _, d := range defs {
		if d.Default != nil && !slices.Contains(columns, d.Name) {
			columns = append(columns[:len(columns):len(columns)], d.Name)
			defaults = append(defaults, d.Default)
		}
	}
	if len(defaults) == 0 || len(rows) == 0 {
		return columns, rows, nil
	}
	full := make([][]any, len(rows))
	for i, row := range rows {
		full[i] = append(slices.Clip(row), defaults...)
	}
	return columns, full, nil
}

// copyFrom runs the driver's COPY, reported to tracers as one statement.
func (tx *Tx) copyFrom(ctx context.Context, table *core.Table, columns []string, rows [][]any) (int64, error) {
	sql := tx.copySQL(table, columns)
	var n int64
	var err error
	if t, ok := tx.conn.dtx.(*tracedTx); ok {
		n, err = t.copyFrom(ctx, sql, table, columns, rows)
	} else {
		n, err = tx.conn.dtx.(driver.Copier).CopyFrom(ctx, table.SchemaName(), table.Name(), columns, rows)
	}
	if err != nil {
		return 0, stmtError(ctx, sql, err)
	}
	return n, nil
}

// copySQL is the COPY statement the driver sends, for tracers and error
// messages.
func (tx *Tx) copySQL(table *core.Table, columns []string) string {
	q := func(name string) string {
		s, err := tx.e.dialect.QuoteIdentifier(name)
		if err != nil {
			return name
		}
		return s
	}
	var b strings.Builder
	b.WriteString("COPY ")
	if s := table.SchemaName(); s != "" {
		b.WriteString(q(s) + ".")
	}
	b.WriteString(q(table.Name()) + " (")
	for i, c := range columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(q(c))
	}
	b.WriteString(") FROM STDIN BINARY")
	return b.String()
}

// copyFrom runs the driver's COPY, reporting it as a statement of
// KindCopy.
func (t *tracedTx) copyFrom(ctx context.Context, sql string, table *core.Table, columns []string, rows [][]any) (int64, error) {
	tctx := t.start(ctx, sql, nil, KindCopy)
	start := time.Now()
	n, err := t.Tx.(driver.Copier).CopyFrom(ctx, table.SchemaName(), table.Name(), columns, rows)
	t.end(tctx, StatementEndData{SQL: sql, Kind: KindCopy, Duration: time.Since(start), Rows: n, Err: stmtError(ctx, sql, err)})
	return n, err
}
