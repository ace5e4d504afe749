// engine/cursor_events.go

package engine

import (
	"fmt"

	"github.com/retortdb/retort/engine/driver"
)

// buffer lets a cursor's FETCH run through the tracing wrapper: the rows
// are buffered by the driver underneath, then the statement's end is
// reported with its row count.
func (r *tracedRows) Buffer(prev driver.Rows) (driver.Rows, error) {
	b, ok := r.Rows.(driver.RowBufferer)
	if !ok {
		_ = r.Close()
		return nil, fmt.Errorf("engine: the driver's rows cannot be buffered for a cursor (%T)", r.Rows)
	}
	cur, err := b.Buffer(prev)
	if pb, ok := cur.(driver.Lener); ok {
		r.n = int64(pb.Len())
	}
	_ = r.Close()
	return cur, err
}
