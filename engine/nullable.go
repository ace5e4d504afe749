// engine/nullable.go

package engine

import "reflect"

// Nullable is a scan destination for a column that may be NULL although
// Dest cannot hold NULL (a *string, an *int64): the value of the columns
// an outer join found nothing for. Scan sets Null, and leaves Dest alone
// when the value is NULL; otherwise it scans the value into Dest as it
// would have unwrapped.
//
// It costs nothing per row on PostgreSQL, where the driver sees the NULL
// before converting anything: what a **string would cost, an allocation
// per non-NULL value, is spared. On SQLite and MySQL the value goes
// through a temporary of the destination's type.
//
//	var name engine.Nullable = engine.Nullable{Dest: &p.Name}
//	err := res.Scan(&u.ID, &name)     // name.Null for a user without a profile
type Nullable struct {
	Dest any
	Null bool
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
		if _, ok := d.(*Nullable); ok {
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
		n, ok := d.(*Nullable)
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
		n, ok := d.(*Nullable)
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
