// engine/result.go

package engine

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/retortdb/retort/engine/driver"
)

// Row is one row of a [Result], as Go values in column order: each the
// driver's natural type for its column (int64, float64, string, []byte for
// binary columns, time.Time, bool, nil for NULL...). Column names are in
// [Result.Columns].
//
// A NUMERIC or DECIMAL column's value is its decimal text, a string, on
// every backend: exact on PostgreSQL and MySQL/MariaDB, which keep
// decimals exactly; SQLite keeps them as REAL or INTEGER, and gives that
// value's shortest text. (A computed value on SQLite has no declared type,
// and comes back as float64 or int64.) Scan into a float64, or a decimal
// type that implements sql.Scanner, to compute with it.
type Row []any

// Result is the rows of a query, streamed: each [Result.Next] reads one more
// row from the connection, so memory does not grow with the row count
// unless the caller keeps the rows.
//
// A Result holds its transaction's connection busy until it is closed.
// Reading it to the end closes it, as do the methods and functions that
// read it whole or in part (All, One, OneOrNone, First, Mappings,
// Partitions, Scalars, ScanAll, ScanPartitions) — on every path, errors
// included. Otherwise call [Result.Close]; committing or rolling back the
// transaction closes it too.
type Result struct {
	rows   driver.Rows
	sql    string
	ctx    context.Context // the statement's, for its errors
	cancel context.CancelFunc
	conn   *txConn
	open   *openResult // leak tracking (leak.go)
	closed bool
	err    error // the error that ended iteration, if any
}

// Columns returns the names (labels) of the result's columns.
func (r *Result) Columns() []string { return r.rows.Columns() }

// Next advances to the next row, which [Result.Scan] then reads. It returns
// false at the end of the rows or on an error ([Result.Err] tells which),
// and the Result is then closed.
func (r *Result) Next() bool {
	if r.closed {
		return false
	}
	if r.rows.Next() {
		return true
	}
	_ = r.Close()
	return false
}

// Scan copies the current row's columns into dest, one pointer per column,
// with the driver's conversions. A pointer to a pointer (**string) receives
// nil for NULL. An error (a NULL into an int64, say) ends the Result: it
// is closed, and Err returns the error.
func (r *Result) Scan(dest ...any) error {
	if r.closed {
		return fmt.Errorf("engine: Scan on a closed Result\nSQL: %s", shortSQL(r.sql))
	}
	return r.fail(r.rows.Scan(dest...))
}

// Err returns the error that ended iteration, or nil if the rows ended
// normally or have not ended yet.
func (r *Result) Err() error { return r.err }

// Close releases the rows, so that the transaction's connection can run
// other statements, and returns the error that ended them, if any (as Err
// does). It is safe to call more than once. Closing before the
// last row discards the remaining ones (the driver may still have to read
// them from the connection; on PostgreSQL pgx does).
func (r *Result) Close() error {
	if r.closed {
		return r.err
	}
	r.closed = true
	r.untrack() // leak.go: frees the connection, cancels the leak report
	// The driver's error is read after close: pgx reports some only then.
	cerr := r.rows.Close()
	if r.cancel != nil {
		defer r.cancel() // the statement's timeout: after its errors are read
	}
	if err := r.rows.Err(); err != nil && r.err == nil {
		r.err = stmtError(r.ctx, r.sql, err)
	} else if cerr != nil && r.err == nil {
		r.err = stmtError(r.ctx, r.sql, cerr)
	}
	return r.err
}

// end closes r for its transaction's op (Commit or Rollback). A Result
// with rows still unread then fails with ErrTxDone, so that a caller who
// reads on learns that its rows were cut short, rather than taking the
// part it read for the whole. Whether any are left takes reading one more
// row, which closing would have read anyway.
func (r *Result) end(op string) {
	if r.closed {
		return
	}
	if r.err == nil && r.rows.Next() {
		r.err = fmt.Errorf("%w: %s closed the Result before its last row\nSQL: %s", ErrTxDone, op, shortSQL(r.sql))
	}
	_ = r.Close()
}

// fail records err (if not nil) as the error that ended the Result, closes
// it, and returns the recorded error.
func (r *Result) fail(err error) error {
	if err == nil {
		return nil
	}
	if r.err == nil {
		r.err = stmtError(r.ctx, r.sql, err)
	}
	_ = r.Close()
	return r.err
}

// row reads the current row's values.
func (r *Result) row() (Row, error) {
	v, err := r.rows.Values()
	if err != nil {
		return nil, r.fail(err)
	}
	return v, nil
}

// done closes r and returns the error that ended it, if any.
func (r *Result) done() error {
	_ = r.Close()
	return r.err
}

// All reads every remaining row and closes the Result.
func (r *Result) All() ([]Row, error) {
	var out []Row
	for r.Next() {
		row, err := r.row()
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return out, nil
}

// One returns the only row, and closes the Result. It fails with
// [ErrNoRows] if there is none and [ErrMultipleRows] if there are more.
func (r *Result) One() (Row, error) {
	row, err := r.OneOrNone()
	if err == nil && row == nil {
		return nil, fmt.Errorf("%w: One expected exactly one row\nSQL: %s", ErrNoRows, shortSQL(r.sql))
	}
	return row, err
}

// OneOrNone returns the only row, or nil if there is none, and closes the
// Result. It fails with [ErrMultipleRows] if there are more.
func (r *Result) OneOrNone() (Row, error) {
	defer r.Close()
	if !r.Next() {
		return nil, r.done()
	}
	row, err := r.row()
	if err != nil {
		return nil, err
	}
	if r.Next() {
		_ = r.Close()
		return nil, fmt.Errorf("%w: expected at most one row\nSQL: %s", ErrMultipleRows, shortSQL(r.sql))
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return row, nil
}

// First returns the first row, or nil if there is none, and closes the
// Result, discarding any other rows. A query that wants one row of many
// should say LIMIT 1, so the database does not produce the rest.
func (r *Result) First() (Row, error) {
	defer r.Close()
	if !r.Next() {
		return nil, r.done()
	}
	row, err := r.row()
	if err != nil {
		return nil, err
	}
	return row, r.done()
}

// Mappings reads every remaining row as a map from column name to value,
// and closes the Result. If two columns share a name, the later one wins:
// label them apart.
func (r *Result) Mappings() ([]map[string]any, error) {
	cols := r.Columns()
	var out []map[string]any
	for r.Next() {
		row, err := r.row()
		if err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			m[c] = row[i]
		}
		out = append(out, m)
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return out, nil
}

// Partitions returns the remaining rows in batches of n (the last one may
// be shorter), reading each batch from the connection only when the loop
// asks for it:
//
//	for batch, err := range res.Partitions(500) {
//		if err != nil { return err }
//		...
//	}
//
// Each batch is a new slice the caller may keep. An error ends the
// sequence, yielded with a nil batch. The Result is closed when the loop
// ends, by break too.
func (r *Result) Partitions(n int) iter.Seq2[[]Row, error] {
	return partitions(r, n, func(r *Result, row *Row) (err error) {
		*row, err = r.row()
		return err
	})
}

// partitions batches r's rows, each read by read into a zeroed element of
// the batch.
func partitions[T any](r *Result, n int, read func(*Result, *T) error) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		defer r.Close()
		if n < 1 {
			yield(nil, fmt.Errorf("engine: Partitions(%d): the batch size must be at least 1", n))
			return
		}
		batch := make([]T, 0, n)
		for r.Next() {
			var zero T
			batch = append(batch, zero)
			if err := read(r, &batch[len(batch)-1]); err != nil {
				yield(nil, err)
				return
			}
			if len(batch) == n {
				if !yield(batch, nil) {
					return
				}
				batch = make([]T, 0, n)
			}
		}
		if err := r.done(); err != nil {
			yield(nil, err)
			return
		}
		if len(batch) > 0 {
			yield(batch, nil)
		}
	}
}

// Scalars reads the first column of every remaining row as a T, and closes
// the Result. T is anything the driver scans into (int64, string,
// time.Time, *string for a column that may be NULL...).
func Scalars[T any](r *Result) ([]T, error) {
	var out []T
	n := len(r.Columns())
	if n == 0 {
		_ = r.Close()
		return nil, errors.New("engine: Scalars: the query returns no columns")
	}
	dest := make([]any, n)
	for i := 1; i < n; i++ {
		dest[i] = new(any) // the other columns, discarded
	}
	for r.Next() {
		var v T
		dest[0] = &v
		if err := r.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return out, nil
}
