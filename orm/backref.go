// orm/backref.go

package orm

import (
	"fmt"
	"slices"

	"github.com/retortdb/retort/internal/objptr"
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
// many-to-many, p joins the child's collection. For a write-only
// collection it records the children as WriteOnly.Add does.
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
	pp := objptr.Of(p)
	for _, c := range children {
		cp := objptr.Of(c)
		if rel.writeOnly {
			rel.changesOf(pp).record(cp, true)
		} else if !slices.Contains(rel.at.Ptrs(pp), cp) {
			rel.at.AppendPtr(pp, cp)
		}
		rel.setBack(pp, cp)
	}
}

// Remove takes child out of p's collection, and clears the child's side of
// the back-reference (its many-to-one field, or its own collection's p).
// For a write-only collection it records the removal as WriteOnly.Remove
// does.
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
	pp, cp := objptr.Of(p), objptr.Of(child)
	if rel.writeOnly {
		rel.changesOf(pp).record(cp, false)
	} else {
		rel.remove(pp, cp)
	}
	if b := rel.back; b != nil {
		if b.many {
			b.remove(cp, pp)
		} else if b.at.Ptr(cp) == pp {
			b.at.SetPtr(cp, objptr.Ptr{})
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
	pp, cp := objptr.Of(p), objptr.Of(c)
	old := rel.at.Ptr(pp)
	rel.at.SetPtr(pp, cp)
	b := rel.back
	if b == nil || old == cp {
		return
	}
	if !old.IsNil() {
		if b.many {
			b.remove(old, pp)
		} else if b.at.Ptr(old) == pp {
			b.at.SetPtr(old, objptr.Ptr{})
		}
	}
	if cp.IsNil() {
		return
	}
	if b.writeOnly {
		// Nothing to keep in memory: the field written is the
		// reference, or the other side's collection.
		return
	}
	if b.many {
		if !slices.Contains(b.at.Ptrs(cp), pp) {
			b.at.AppendPtr(cp, pp)
		}
	} else {
		b.at.SetPtr(cp, pp)
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
func (rel *relationship) setBack(parent, child objptr.Ptr) {
	b := rel.back
	if b == nil || b.writeOnly {
		return
	}
	if b.many {
		if !slices.Contains(b.at.Ptrs(child), parent) {
			b.at.AppendPtr(child, parent)
		}
		return
	}
	if old := b.at.Ptr(child); !old.IsNil() && old != parent {
		rel.remove(old, child)
	}
	b.at.SetPtr(child, parent)
}

// remove takes p out of r's collection in obj, when it is there: a
// write-only collection holds nothing in memory to take it from.
func (r *relationship) remove(obj, p objptr.Ptr) {
	if r.writeOnly {
		return
	}
	coll := r.at.Ptrs(obj)
	if i := slices.Index(coll, p); i >= 0 {
		// A new slice rather than slices.Delete, which would shift the
		// elements of an array the program may still hold.
		r.at.SetPtrs(obj, slices.Concat(coll[:i], coll[i+1:]))
	}
}
