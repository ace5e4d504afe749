// engine/cursor_pgx.go

package engine

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// PostgreSQL's half of server-side cursors (cursor.go): pgxTx declares
// that its database has SQL cursors, and pgxRows can copy a FETCH's rows
// off the connection, so the connection is free between batches.

func (*pgxTx) serverCursors() {}

// buffer reads every remaining row into memory, raw (the wire bytes, in
// one slab per batch), and closes the pgx rows: what a FETCH of one batch
// returns. The batch is then scanned and decoded exactly as pgx would,
// through the connection's type map.
func (r *pgxRows) buffer() (driverRows, error) {
	defer r.rows.Close()
	fds := r.rows.FieldDescriptions()
	b := &pgxBatch{fds: fds, typeMap: r.rows.Conn().TypeMap(), pos: -1}
	b.cols = r.columns()
	slab := make([]byte, 0, 256) // non-nil: an empty value is not NULL
	var ends []int               // per value: its end in slab, or -1 for NULL
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
	if err := r.rows.Err(); err != nil {
		return nil, err
	}
	// Slice the slab only now that it no longer moves.
	n := len(fds)
	if n > 0 {
		b.rows = make([][][]byte, len(ends)/n)
		cells := make([][]byte, len(ends))
		start := 0
		for k, end := range ends {
			if end >= 0 {
				cells[k] = slab[start:end:end]
				start = end
			}
		}
		for i := range b.rows {
			b.rows[i] = cells[i*n : (i+1)*n : (i+1)*n]
		}
	}
	return b, nil
}

// pgxBatch is one FETCH's rows, held in memory with the connection free.
type pgxBatch struct {
	fds     []pgconn.FieldDescription
	typeMap *pgtype.Map
	cols    []string
	rows    [][][]byte
	pos     int
}

func (b *pgxBatch) columns() []string { return b.cols }
func (b *pgxBatch) err() error        { return nil }
func (b *pgxBatch) close() error      { b.rows = nil; return nil }

func (b *pgxBatch) next() bool {
	if b.pos+1 >= len(b.rows) {
		b.rows, b.pos = nil, -1 // let the batch go as soon as it is read
		return false
	}
	b.pos++
	return true
}

func (b *pgxBatch) scan(dest ...any) error {
	if b.pos < 0 {
		return errors.New("scan: no current row")
	}
	return pgx.ScanRow(b.typeMap, b.fds, b.rows[b.pos], dest...)
}

// values decodes the current row as pgx's Rows.Values does.
func (b *pgxBatch) values() ([]any, error) {
	if b.pos < 0 {
		return nil, errors.New("read row values: no current row")
	}
	raw := b.rows[b.pos]
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

func (b *pgxBatch) len() int { return len(b.rows) }
