// engine/nullable.go

package engine

import (
	"reflect"
	"unsafe"
)

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

// unwrapper replaces the *Nullable destinations of a row, for the pgx
// scanners, by their Dest, or by nil (which the scanners skip) for a NULL
// value, setting Null. A query passes the same destinations row after
// row: they are copied once, and then only the Nullables' places are
// rewritten (a copy of every destination per row would cost a write
// barrier per value while the collector runs).
type unwrapper struct {
	src []any // the destinations last unwrapped
	out []any // src unwrapped
	at  []int // the places of the *Nullables in src
	// ptrs: src holds only pointers and nils, which any value can be
	// compared with (a map cannot).
	ptrs bool
}

// unwrap returns dest unwrapped, given the row's values. ok is false when
// dest holds no Nullable, and then dest itself is to be used.
func (u *unwrapper) unwrap(dest []any, row [][]byte) (out []any, ok bool) {
	if !holdsNullable(dest) {
		// Most queries: a look at each destination's type costs less
		// than comparing the destinations with the last row's.
		return dest, false
	}
	if !u.holds(dest) {
		u.src = append(u.src[:0], dest...)
		u.out = append(u.out[:0], dest...)
		u.at, u.ptrs = u.at[:0], true
		for i, d := range dest {
			if _, is := d.(*Nullable); is {
				u.at = append(u.at, i)
			}
			u.ptrs = u.ptrs && (d == nil || reflect.TypeOf(d).Kind() == reflect.Pointer)
		}
	}
	for _, i := range u.at {
		n := u.src[i].(*Nullable)
		n.Null = row[i] == nil
		if n.Null {
			u.out[i] = nil
		} else {
			u.out[i] = n.Dest
		}
	}
	return u.out, true
}

// holdsNullable reports whether dest holds a *Nullable. It looks from
// the end: an outer join's Nullables follow the columns of the entity
// it joins to.
func holdsNullable(dest []any) bool {
	for i := len(dest) - 1; i >= 0; i-- {
		if _, is := dest[i].(*Nullable); is {
			return true
		}
	}
	return false
}

// holds reports whether dest is the destinations last unwrapped. Those
// are pointers (or nils), so two of them are the same exactly when their
// type and data words are: the words of the two slices are compared as
// bytes, at once, rather than value by value through the runtime's
// interface equality, a call per column per row.
func (u *unwrapper) holds(dest []any) bool {
	if !u.ptrs || len(dest) != len(u.src) {
		return false
	}
	return string(words(dest)) == string(words(u.src))
}

// words returns the memory of xs, two words per value.
func words(xs []any) []byte {
	if len(xs) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&xs[0])), len(xs)*int(unsafe.Sizeof(xs[0])))
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
