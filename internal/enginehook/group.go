// internal/enginehook/group.go

package enginehook

import (
	"errors"
	"fmt"
)

// Group stands, among the destinations of an engine.Result's Scan, for as
// many columns as it has Dests: the columns that follow the destinations
// before it. Scan calls Skip, which may read every destination before the
// Group that is not itself in a Group; if Skip reports true, the Group's
// columns need not be read.
//
// It is for package orm's joined loading, which needs only some columns
// of a row (an entity's key) to decide whether it needs the rest: an
// object its identity map holds already is not read again. On PostgreSQL,
// Scan calls Skip as it reaches the Group, and a skipped column costs
// nothing, not even its decoding: Dests keep what they held. Through
// database/sql (SQLite, MySQL) the driver has converted the whole row
// before Scan sees it, so Scan reads the Group's columns into Dests as any
// others, and then calls Skip.
//
//	rest := &enginehook.Group{Dests: []any{&u.Email, &u.Name}, Skip: func() bool { return seen[u.ID] }}
//	err := res.Scan(&u.ID, rest)
//
// A Group cannot hold another Group.
type Group struct {
	Dests []any
	Skip  func() bool
}

// ErrNestedGroup is returned for a Group among a Group's Dests.
var ErrNestedGroup = errors.New("engine: a Group cannot hold another Group")

// Width is the number of columns dest stands for, each Group as many as
// its Dests.
func Width(dest []any) int {
	n := 0
	for _, d := range dest {
		if g, ok := d.(*Group); ok {
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
