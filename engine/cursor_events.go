// engine/cursor_events.go

package engine

import "fmt"

// buffer lets a cursor's FETCH run through the tracing wrapper: the rows
// are buffered by the driver underneath, then the statement's end is
// reported with its row count.
func (r *tracedRows) buffer(prev driverRows) (driverRows, error) {
	b, ok := r.driverRows.(rowBufferer)
	if !ok {
		_ = r.close()
		return nil, fmt.Errorf("engine: the driver's rows cannot be buffered for a cursor (%T)", r.driverRows)
	}
	cur, err := b.buffer(prev)
	if pb, ok := cur.(interface{ len() int }); ok {
		r.n = int64(pb.len())
	}
	_ = r.close()
	return cur, err
}
