// engine/group.go

package engine

import (
	"errors"
	"fmt"
)

// Group stands, among the destinations of a [Result.Scan], for as many
// columns as it has Dests: the columns that follow the destinations before
// it. Scan calls Skip, which may read every destination before the Group
// that is not itself in a Group; if Skip reports true, the Group's
// columns need not be read.
//
// It is for a caller that needs only some columns of a row to decide
// whether it needs the rest, as an identity map does: an object it holds
// already is not read again. On PostgreSQL, Scan calls Skip as it reaches
// the Group, and a skipped column costs nothing, not even its decoding:
// Dests keep what they held. Through database/sql (SQLite, MySQL) the
// driver has converted the whole row before Scan sees it, so Scan reads
// the Group's columns into Dests as any others, and then calls Skip.
//
//	rest := &engine.Group{Dests: []any{&u.Email, &u.Name}, Skip: func() bool { return seen[u.ID] }}
//	err := res.Scan(&u.ID, rest)
//
// A Group cannot hold another Group.
type Group struct {
	Dests []any
	Skip  func() bool
}

// errNestedGroup is returned for a Group among a Group's Dests.
var errNestedGroup = errors.New("engine: a Group cannot hold another Group")

// groupScan scans, through database/sql, destinations that hold Groups:
// all in one pass, each Group's Dests in its place, then each Group's
// Skip is called, in order. flat is kept from row to row.
type groupScan struct {
	flat []any
}

// scan reports false, doing nothing, when dest holds no Group.
func (g *groupScan) scan(nulls *nullTemps, scan func(...any) error, dest []any) (bool, error) {
	has := false
	for _, d := range dest {
		if _, ok := d.(*Group); ok {
			has = true
			break
		}
	}
	if !has {
		return false, nil
	}
	flat := g.flat[:0]
	for _, d := range dest {
		grp, ok := d.(*Group)
		if !ok {
			flat = append(flat, d)
			continue
		}
		for _, gd := range grp.Dests {
			if _, ok := gd.(*Group); ok {
				return true, errNestedGroup
			}
		}
		flat = append(flat, grp.Dests...)
	}
	g.flat = flat
	if err := nulls.scan(scan, flat); err != nil {
		return true, err
	}
	for _, d := range dest {
		if grp, ok := d.(*Group); ok {
			grp.Skip()
		}
	}
	return true, nil
}

// groupWidth is the number of columns dest stands for, each Group as many
// as its Dests.
func groupWidth(dest []any) int {
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

// widthError is the error for destinations that do not match the row's
// columns.
func widthError(cols int, dest []any) error {
	return fmt.Errorf("number of field descriptions must equal number of destinations, got %d and %d", cols, groupWidth(dest))
}
