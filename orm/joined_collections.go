// orm/joined_collections.go

package orm

import (
	"slices"

	"github.com/retortdb/retort/internal/objptr"
)

// joinedCollections is what a query that joins collections knows of them
// across its rows, so that each collection is built once, with each of
// its children once, in whatever order the rows come: which parents'
// collections the query has begun, whether each keeps what was loaded
// before the query (L14), which children the long ones hold, and per
// joined part the parent and child of the last row.
//
// Nothing depends on the rows' order: a collection without order_by is
// joined without an ORDER BY, and the database may interleave parents.
// Still, most rows are settled against the last row's parent and child:
// a parent's rows usually come together, one per child, and a child's
// rows together when a collection below it is joined too. The maps catch
// the rest, and cost nothing while every object the query meets is new to
// the session: a parent created by this row has no collection begun, and
// a child created by it is in no collection. Until the query meets an
// object the session held before the row (metOld), the collections begun
// wait in the list begunFresh and neither map is made; meetOld makes
// them.
type joinedCollections struct {
	parts      []joinPart         // one per joined part, collection or not
	begun      map[loadedKey]bool // each collection begun, and whether it is kept
	begunFresh []loadedKey        // those begun while every object was new
	members    map[memberKey]struct{}
	metOld     bool
}

// joinPart is what a query knows of one joined collection across rows:
// its relationship, and the last row's parent and child and whether the
// parent's collection is kept. The cursor asks for it once per row
// (part) and hands it to enter and add, whose checks against it are
// small enough to inline.
type joinPart struct {
	rel           *relationship
	parent, child objptr.Ptr
	kept          bool
}

// memberKey is one object of a joined collection of one parent.
type memberKey struct {
	parent, child objptr.Ptr
	rel           *relationship
}

// smallCollection is the length up to which a collection being joined is
// searched for a child itself: most are that short, and a scan of a few
// pointers costs less than a map insert per row. Longer ones have their
// children in members.
const smallCollection = 8

// newJoinedCollections is the state of a query whose joined parts join
// rels, one each (those that are no collections are not asked about).
func newJoinedCollections(rels []*relationship) joinedCollections {
	parts := make([]joinPart, len(rels))
	for i, r := range rels {
		parts[i].rel = r
	}
	return joinedCollections{parts: parts}
}

// part is joined part i's state.
func (jc *joinedCollections) part(i int) *joinPart { return &jc.parts[i] }

// enter makes parent (parentFresh: new to the session with this row) the
// current parent of jp, a joined collection's part. It reports whether
// the query has yet to begin parent's collection: the caller then empties
// it or keeps what was loaded before, and says which to begin.
func (jc *joinedCollections) enter(jp *joinPart, parent objptr.Ptr, parentFresh bool) (first bool) {
	if parent == jp.parent {
		return false // small enough to inline: most rows stop here
	}
	return jc.enterNew(jp, parent, parentFresh)
}

// enterNew is enter for a parent that is not the last row's.
func (jc *joinedCollections) enterNew(jp *joinPart, parent objptr.Ptr, parentFresh bool) (first bool) {
	kept, begun := false, false
	if !parentFresh {
		jc.meetOld()
		kept, begun = jc.begun[loadedKey{parent, jp.rel}]
	}
	jp.parent, jp.child, jp.kept = parent, objptr.Ptr{}, kept
	return !begun
}

// begin notes that the query began the collection of jp's current
// parent, keeping what it held (kept) or emptied.
func (jc *joinedCollections) begin(jp *joinPart, kept bool) {
	jp.kept = kept
	lk := loadedKey{jp.parent, jp.rel}
	if jc.metOld {
		jc.begun[lk] = kept
	} else {
		jc.begunFresh = append(jc.begunFresh, lk)
	}
}

// add appends child, not nil (childFresh: new to the session with this
// row), to the collection of jp's current parent, unless it is there
// already, and reports whether it appended it: not when the collection
// is kept, nor when child is there already.
func (jc *joinedCollections) add(jp *joinPart, child objptr.Ptr, childFresh bool) bool {
	if child == jp.child {
		return false // small enough to inline: most rows stop here
	}
	return jc.addMember(jp, child, childFresh)
}

// addMember makes child jp's last child and appends it to the current
// parent's collection unless the collection is kept or holds it already.
// A child new to the session (fresh) is in no collection yet, so until
// the query meets an object the session held before the row, children
// are appended unchecked; from then on a collection past smallCollection
// has its members in members. It reports whether it appended child.
func (jc *joinedCollections) addMember(jp *joinPart, child objptr.Ptr, fresh bool) bool {
	jp.child = child
	if jp.kept {
		return false
	}
	at := jp.rel.at
	if !jc.metOld {
		if fresh {
			at.AppendPtr(jp.parent, child)
			return true
		}
		jc.meetOld()
	}
	mk := memberKey{jp.parent, child, jp.rel}
	n := at.Len(mk.parent)
	if n < smallCollection {
		if slices.Contains(at.Ptrs(mk.parent), mk.child) {
			return false
		}
	} else if _, dup := jc.members[mk]; dup {
		return false
	}
	at.AppendPtr(mk.parent, mk.child)
	switch n++; {
	case n == smallCollection:
		for _, child := range at.Ptrs(mk.parent) {
			jc.members[memberKey{mk.parent, child, mk.rel}] = struct{}{}
		}
	case n > smallCollection:
		jc.members[mk] = struct{}{}
	}
	return true
}

// begunAnew lists the collections the query began afresh: emptied and
// marked loaded, not kept.
func (jc *joinedCollections) begunAnew() []loadedKey {
	out := slices.Clone(jc.begunFresh)
	for lk, kept := range jc.begun {
		if !kept {
			out = append(out, lk)
		}
	}
	return out
}

// meetOld is called when the query meets, as a joined parent or child, an
// object the session held before the row (one an earlier query loaded, or
// an earlier row of this one): it may be a parent met again out of order,
// or a child already in its collection, which only the maps tell. It
// moves the collections begun while every object was new into begun, and
// indexes the members of every long collection begun and not kept.
func (jc *joinedCollections) meetOld() {
	if jc.metOld {
		return
	}
	jc.metOld = true
	jc.begun = make(map[loadedKey]bool, len(jc.begunFresh))
	jc.members = map[memberKey]struct{}{}
	for _, lk := range jc.begunFresh {
		jc.begun[lk] = false
	}
	jc.begunFresh = nil
	for lk, kept := range jc.begun {
		if kept {
			continue
		}
		coll := lk.rel.at.Ptrs(lk.obj)
		if len(coll) < smallCollection {
			continue
		}
		for _, child := range coll {
			jc.members[memberKey{lk.obj, child, lk.rel}] = struct{}{}
		}
	}
}
