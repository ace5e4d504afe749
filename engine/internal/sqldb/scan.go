// engine/internal/sqldb/scan.go

package sqldb

import (
	"reflect"

	"github.com/retortdb/retort/internal/enginehook"
)

// The ORM's special destinations (internal/enginehook), through database/sql, which converts
// a whole row before Scan sees it.

// groupScan scans, through database/sql, destinations that hold Groups:
// all in one pass, each Group's Dests in its place, then each Group's
// Skip is called, in order. flat is kept from row to row.
type groupScan struct {
	flat []any
}

// scan reports false, doing nothing, when dest holds no Group.
func (g *groupScan) scan(nulls *nullTemps, scan func(...any) error, dst []any) (bool, error) {
	has := false
	for _, d := range dst {
		if _, ok := d.(*enginehook.Group); ok {
			has = true
			break
		}
	}
	if !has {
		return false, nil
	}
	flat := g.flat[:0]
	for _, d := range dst {
		grp, ok := d.(*enginehook.Group)
		if !ok {
			flat = append(flat, d)
			continue
		}
		for _, gd := range grp.Dests {
			if _, ok := gd.(*enginehook.Group); ok {
				return true, enginehook.ErrNestedGroup
			}
		}
		flat = append(flat, grp.Dests...)
	}
	g.flat = flat
	if err := nulls.scan(scan, flat); err != nil {
		return true, err
	}
	for _, d := range dst {
		if grp, ok := d.(*enginehook.Group); ok {
			grp.Skip()
		}
	}
	return true, nil
}

// nullTemps scans Nullable destinations through database/sql, which
// cannot skip a column: each goes through a **T temporary, kept per
// column for the next row.
type nullTemps struct {
	tmp  []reflect.Value // per column: a **T (a *T's address), or invalid
	dest []any
}

// scan scans the current row of rows into dest.
func (t *nullTemps) scan(scan func(...any) error, dest []any) error {
	has := false
	for _, d := range dest {
		if _, ok := d.(*enginehook.Nullable); ok {
			has = true
			break
		}
	}
	if !has {
		return scan(dest...)
	}
	if len(t.tmp) < len(dest) {
		t.tmp = make([]reflect.Value, len(dest))
	}
	t.dest = append(t.dest[:0], dest...)
	for i, d := range dest {
		n, ok := d.(*enginehook.Nullable)
		if !ok {
			continue
		}
		pt := reflect.TypeOf(n.Dest) // *T: the temporary, whose address is scanned into
		if !t.tmp[i].IsValid() || t.tmp[i].Type().Elem() != pt {
			t.tmp[i] = reflect.New(pt)
		}
		t.tmp[i].Elem().SetZero()
		t.dest[i] = t.tmp[i].Interface()
	}
	if err := scan(t.dest...); err != nil {
		return err
	}
	for i, d := range dest {
		n, ok := d.(*enginehook.Nullable)
		if !ok {
			continue
		}
		v := t.tmp[i].Elem() // the *T
		if n.Null = v.IsNil(); !n.Null {
			reflect.ValueOf(n.Dest).Elem().Set(v.Elem())
		}
	}
	return nil
}
