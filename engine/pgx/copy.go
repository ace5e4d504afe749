// engine/pgx/copy.go

package pgx

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// CopyFrom loads rows by COPY ... FROM STDIN in the binary format, through
// pgx's CopyFrom: values are encoded by the connection's type map, as a
// statement's arguments are. pgx first describes "SELECT columns FROM
// table" to learn the columns' types (a prepared statement it caches), so
// the load costs a round trip besides the rows, two when BEGIN has not
// been sent yet: COPY cannot go in a pipeline with it.
func (t *pgxTx) CopyFrom(ctx context.Context, schema, table string, columns []string, rows [][]any) (int64, error) {
	if t.refused {
		return 0, errAborted()
	}
	if !t.begun() {
		if _, err := t.conn.Exec(ctx, t.begin); err != nil {
			return 0, classify(err)
		}
		t.begin = ""
	}
	name := pgx.Identifier{table}
	if schema != "" {
		name = pgx.Identifier{schema, table}
	}
	conn := t.conn.Conn()
	oids, err := columnTypes(ctx, conn, name, columns)
	if err != nil {
		return 0, classify(err)
	}
	src := &copySource{rows: rows, i: -1, m: conn.TypeMap(), oids: oids, types: make([]reflect.Type, len(columns)), convert: make([]bool, len(columns))}
	n, err := conn.CopyFrom(ctx, name, columns, src)
	if err != nil {
		// The table may have changed under the types kept.
		delete(conn.PgConn().CustomData(), copyTypesKey(name, columns))
	}
	return n, classify(err)
}

// copyTypesKey names, in a connection's CustomData, the types of a table's
// columns as columnTypes found them.
func copyTypesKey(name pgx.Identifier, columns []string) string {
	return "retort.copy " + name.Sanitize() + " " + strings.Join(columns, ",")
}

// columnTypes returns the type OIDs of the table's columns, described once
// per connection (pgx describes them again, from its own cache).
func columnTypes(ctx context.Context, conn *pgx.Conn, name pgx.Identifier, columns []string) ([]uint32, error) {
	key := copyTypesKey(name, columns)
	data := conn.PgConn().CustomData()
	if oids, ok := data[key].([]uint32); ok {
		return oids, nil
	}
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = pgx.Identifier{c}.Sanitize()
	}
	sd, err := conn.PgConn().Prepare(ctx, "", "SELECT "+strings.Join(quoted, ", ")+" FROM "+name.Sanitize(), nil)
	if err != nil {
		return nil, err
	}
	oids := make([]uint32, len(sd.Fields))
	for i, f := range sd.Fields {
		oids[i] = f.DataTypeOID
	}
	data[key] = oids
	return oids, nil
}

// copySource hands pgx the rows, converting a value that has no binary
// encoding for its column's type, though an INSERT takes it in the text
// format (a decimal given as a string), into one that has: its text
// decoded by the column's codec. Whether a column's values need it is
// decided on the first value of each Go type met, so rows that need none
// go as they are.
type copySource struct {
	rows    [][]any
	i       int
	m       *pgtype.Map
	oids    []uint32
	types   []reflect.Type // per column: the Go type last met
	convert []bool         // per column: whether values of that type need converting
	row     []any          // the converted row, reused (pgx encodes it at once)
	err     error
}

func (s *copySource) Next() bool {
	s.i++
	return s.i < len(s.rows) && s.err == nil
}

func (s *copySource) Values() ([]any, error) {
	row := s.rows[s.i]
	out := row
	for j, v := range row {
		if v == nil {
			continue
		}
		if typ := reflect.TypeOf(v); typ != s.types[j] {
			// pgx finds a plan for some values it then fails to
			// encode (a string for numeric): try one. A nil pointer
			// encodes as NULL whatever it points to, and decides
			// nothing.
			buf, err := s.m.Encode(s.oids[j], pgtype.BinaryFormatCode, v, nil)
			if err == nil && buf == nil {
				continue
			}
			s.types[j] = typ
			s.convert[j] = err != nil
		}
		if !s.convert[j] {
			continue
		}
		if &out[0] == &row[0] {
			s.row = append(s.row[:0], row...)
			out = s.row
		}
		c, err := s.binary(s.oids[j], v)
		if err != nil {
			s.err = err
			return nil, err
		}
		out[j] = c
	}
	return out, nil
}

// binary returns v, which has no binary encoding for the type oid, as the
// value the type's codec decodes from v's text encoding.
func (s *copySource) binary(oid uint32, v any) (any, error) {
	typ, ok := s.m.TypeForOID(oid)
	if !ok {
		return nil, fmt.Errorf("COPY: no type for OID %d to encode %T", oid, v)
	}
	text, err := s.m.Encode(oid, pgtype.TextFormatCode, v, nil)
	if err != nil {
		return nil, err
	}
	if oid == pgtype.NumericOID {
		// The engine's numeric codec decodes to text (numeric.go).
		var n pgtype.Numeric
		err := s.m.Scan(oid, pgtype.TextFormatCode, text, &n)
		return n, err
	}
	return typ.Codec.DecodeValue(s.m, oid, pgtype.TextFormatCode, text)
}

func (s *copySource) Err() error { return s.err }
