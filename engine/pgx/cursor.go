// engine/pgx/cursor.go

package pgx

import (
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/retortdb/retort/engine/driver"
)

// PostgreSQL's half of server-side cursors (engine/cursor.go): pgxTx declares
// that its database has SQL cursors, and pgxRows can copy a FETCH's rows
// off the connection, so the connection is free between batches.

func (t *pgxTx) ServerCursors() bool { return !t.autocommit }

// buffer reads every remaining row into memory, raw (the wire bytes, in
// one slab per batch), and closes the pgx rows: what a FETCH of one batch
// returns. The batch is then scanned and decoded exactly as pgx would,
// through the connection's type map.
//
// prev, if a *pgxBatch, is the cursor's previous batch, read to its end: its
// memory (the slab, the cells, the scan plans) is reused, so that a stream
// allocates nothing per batch once its batches stop growing. That is as
// safe as pgx's own rows, whose raw values live in the connection's read
// buffer until the next row: pgx's scans and decodes copy what they keep.
func (r *pgxRows) Buffer(prev driver.Rows) (driver.Rows, error) {
	defer r.rows.Close()
	b, ok := prev.(*pgxBatch)
	if !ok || b == nil {
		// The field descriptions are copied: pgconn reuses their memory
		// for the connection's next statement, which may run while this
		// batch is read.
		b = &pgxBatch{fds: slices.Clone(r.rows.FieldDescriptions()), typeMap: r.rows.Conn().TypeMap()}
		b.cols = r.Columns()
		b.slab = make([]byte, 0, 256) // non-nil: an empty value is not NULL
	}
	b.pos, b.n = -1, 0
	slab, ends := b.slab[:0], b.ends[:0] // ends: per value, its end in slab, or -1 for NULL
	for r.rows.Next() {
		for _, v := range r.rows.RawValues() {
			if v == nil {
				ends = append(ends, -1)
				continue
			}
			slab = append(slab, v...)
			ends = append(ends, len(slab))
		}
	}
	b.slab, b.ends = slab, ends
	if err := r.rows.Err(); err != nil {
		return nil, classify(err)
	}
	// Slice the slab only now that it no longer moves.
	if n := len(b.fds); n > 0 {
		if cap(b.cells) < len(ends) {
			b.cells = make([][]byte, len(ends))
		}
		cells := b.cells[:len(ends)]
		start := 0
		for k, end := range ends {
			if end >= 0 {
				cells[k] = slab[start:end:end]
				start = end
			} else {
				cells[k] = nil
			}
		}
		b.cells = cells
		b.n = len(ends) / n
	}
	return b, nil
}

// pgxBatch is one FETCH's rows, held in memory with the connection free.
type pgxBatch struct {
	fds     []pgconn.FieldDescription // the cursor's own copy
	typeMap *pgtype.Map
	cols    []string
	slab    []byte   // the values' bytes, end to end
	ends    []int    // per value: its end in slab, or -1 for NULL
	cells   [][]byte // per value, row by row: its bytes in slab, nil for NULL
	n       int      // rows
	pos     int      // the current row, -1 before the first
	sc      pgxScanner
}

func (b *pgxBatch) Columns() []string { return b.cols }
func (b *pgxBatch) Err() error        { return nil }
func (b *pgxBatch) Close() error      { b.n, b.pos = 0, -1; return nil }

func (b *pgxBatch) Next() bool {
	if b.pos+1 >= b.n {
		b.n, b.pos = 0, -1
		return false
	}
	b.pos++
	return true
}

// row returns the current row's raw values.
func (b *pgxBatch) row() [][]byte {
	n := len(b.fds)
	return b.cells[b.pos*n : (b.pos+1)*n : (b.pos+1)*n]
}

// scan scans the current row with the plans kept from row to row and
// batch to batch.
func (b *pgxBatch) Scan(dest ...any) error {
	if b.pos < 0 {
		return errors.New("scan: no current row")
	}
	return b.sc.scan(b.typeMap, b.fds, b.row(), dest)
}

// values decodes the current row as pgx's Rows.Values does.
func (b *pgxBatch) Values() ([]any, error) {
	if b.pos < 0 {
		return nil, errors.New("read row values: no current row")
	}
	raw := b.row()
	out := make([]any, len(raw))
	for i, buf := range raw {
		if buf == nil {
			continue
		}
		fd := &b.fds[i]
		if dt, ok := b.typeMap.TypeForOID(fd.DataTypeOID); ok {
			v, err := dt.Codec.DecodeValue(b.typeMap, fd.DataTypeOID, fd.Format, buf)
			if err != nil {
				return nil, fmt.Errorf("read row values: %w", err)
			}
			out[i] = v
			continue
		}
		switch fd.Format {
		case pgx.TextFormatCode:
			out[i] = string(buf)
		default:
			out[i] = append([]byte(nil), buf...)
		}
	}
	return out, nil
}

func (b *pgxBatch) Len() int { return b.n }
