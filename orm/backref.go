// orm/backref.go

package orm

import (
	"fmt"
	"slices"
	"unsafe"
)

// Go cannot intercept an assignment to a field, so the in-memory side of a
// back-reference (SQLAlchemy's back_populates) is kept by these methods:
// changing one side through them changes the other. Plain assignments to
// the fields work too; the unit of work reads the fields as they are at
// flush. The methods need the mappings configured (see Configure) and
// panic otherwise, as they would on any use of an unconfigured mapping;
// they panic too on a nil parent or child, naming it, as a method call on
// a nil pointer would, since there is no object whose side to keep.

// Append adds children to p's collection, and sets each child's side of
// the back-reference: the child's many-to-one field points at p (and the
// child leaves the collection of the parent it had), or, for a
// many-to-many, p joins the child's collection.
func (r Relationship[P, C]) Append(p *P, children ...*C) {
	rel := r.configured()
	if !rel.many {
		panic("retort: " + rel.name() + " is not a collection: use Set")
	}
	if p == nil {
		panic("retort: " + rel.name() + ".Append: the parent is nil")
	}
	for i, c := range children {
		if c == nil {
			panic(fmt.Sprintf("retort: %s.Append: child %d is nil", rel.name(), i))
		}
	}
	coll := slicePtr(unsafe.Pointer(p), rel.offset)
	for _, c := range children {
		cp := unsafe.Pointer(c)
		if !slices.Contains(*coll, cp) {
			*coll = append(*coll, cp)
		}
		rel.setBack(unsafe.Pointer(p), cp)
	}
}

// Remove takes child out of p's collection, and clears the child's side of
// the back-reference (its many-to-one field, or its own collection's p).
func (r Relationship[P, C]) Remove(p *P, child *C) {
	rel := r.configured()
	if !rel.many {
		panic("retort: " + rel.name() + " is not a collection: use Set(p, nil)")
	}
	if p == nil {
		panic("retort: " + rel.name() + ".Remove: the parent is nil")
	}
	if child == nil {
		panic("retort: " + rel.name() + ".Remove: the child is nil")
	}
	remove(slicePtr(unsafe.Pointer(p), rel.offset), unsafe.Pointer(child))
	if b := rel.back; b != nil {
		if b.many {
			remove(slicePtr(unsafe.Pointer(child), b.offset), unsafe.Pointer(p))
		} else if pp := onePtr(unsafe.Pointer(child), b.offset); *pp == unsafe.Pointer(p) {
			*pp = nil
		}
	}
}

// Set points p's single-object field at c (nil to clear it), and keeps the
// other side: for a many-to-one, p leaves its old target's collection and
// joins c's; for a one-to-one, c's field points back at p and the old
// target's no longer does.
func (r Relationship[P, C]) Set(p *P, c *C) {
	rel := r.configured()
	if rel.many {
		panic("retort: " + rel.name() + " is a collection: use Append and Remove")
	}
	if p == nil {
		panic("retort: " + rel.name() + ".Set: the object is nil (a nil target clears the field)")
	}
	pp := onePtr(unsafe.Pointer(p), rel.offset)
	old := *pp
	*pp = unsafe.Pointer(c)
	b := rel.back
	if b == nil || old == unsafe.Pointer(c) {
		return
	}
	if old != nil {
		if b.many {
			remove(slicePtr(old, b.offset), unsafe.Pointer(p))
		} else if op := onePtr(old, b.offset); *op == unsafe.Pointer(p) {
			*op = nil
		}
	}
	if c == nil {
		return
	}
	if b.many {
		coll := slicePtr(unsafe.Pointer(c), b.offset)
		if !slices.Contains(*coll, unsafe.Pointer(p)) {
			*coll = append(*coll, unsafe.Pointer(p))
		}
	} else {
		*onePtr(unsafe.Pointer(c), b.offset) = unsafe.Pointer(p)
	}
}

func (r Relationship[P, C]) configured() *relationship {
	if r.r == nil {
		panic("retort: use of a zero Relationship")
	}
	if r.r.kind == 0 {
		if err := Configure(); err != nil {
			panic("retort: " + r.r.name() + ": mappings not configured: " + err.Error())
		}
		if r.r.kind == 0 {
			panic("retort: " + r.r.name() + " is not registered with a mapping")
		}
	}
	return r.r
}

// setBack sets child's side of the back-reference of rel (a collection of
// parent): its many-to-one field, leaving its previous parent's
// collection, or its many-to-many collection.
func (rel *relationship) setBack(parent, child unsafe.Pointer) {
	b := rel.back
	if b == nil {
		return
	}
	if b.many {
		coll := slicePtr(child, b.offset)
		if !slices.Contains(*coll, parent) {
			*coll = append(*coll, parent)
		}
		return
	}
	pp := onePtr(child, b.offset)
	if old := *pp; old != nil && old != parent {
		remove(slicePtr(old, rel.offset), child)
	}
	*pp = parent
}

// A relationship field is a *T or a []*T: as words, one pointer or a
// slice of pointers, which these read without knowing T.
func onePtr(obj unsafe.Pointer, off uintptr) *unsafe.Pointer {
	return (*unsafe.Pointer)(unsafe.Add(obj, off))
}

func slicePtr(obj unsafe.Pointer, off uintptr) *[]unsafe.Pointer {
	return (*[]unsafe.Pointer)(unsafe.Add(obj, off))
}

func remove(coll *[]unsafe.Pointer, p unsafe.Pointer) {
	if i := slices.Index(*coll, p); i >= 0 {
		// A new slice rather than slices.Delete, which would shift the
		// elements of an array the program may still hold.
		*coll = slices.Concat((*coll)[:i], (*coll)[i+1:])
	}
}
