// engine/internal/dest/dest.go

// Package dest holds what the backends' scanners share about the engine's
// special destinations, [engine.Group] and [engine.Nullable].
package dest

import (
	"errors"
	"fmt"

	"github.com/retortdb/retort/engine"
)

// ErrNestedGroup is returned for a Group among a Group's Dests.
var ErrNestedGroup = errors.New("engine: a Group cannot hold another Group")

// Width is the number of columns dest stands for, each Group as many as
// its Dests.
func Width(dest []any) int {
	n := 0
	for _, d := range dest {
		if g, ok := d.(*engine.Group); ok {
			n += len(g.Dests)
			continue
		}
		n++
	}
	return n
}

// WidthError is the error for destinations that do not match the row's
// columns.
func WidthError(cols int, dest []any) error {
	return fmt.Errorf("number of field descriptions must equal number of destinations, got %d and %d", cols, Width(dest))
}
