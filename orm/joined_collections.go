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
// Nothing depends on the rows' order. Still, most rows are settled against the last row's parent and child:
// a parent's rows usually come together, one per child, and a child's
// rows together when a collection below it is joined too. The maps catch
// the rest, and cost nothing while every object the query meets is new to
// the session: a parent created by this row has no collection begun, and
// a child created by it is in no collection. Until the query meets an
// object the session held before the row (metOld), the collections begun
// wait in the list begunFresh and neither map is made; meetOld makes
// them.
type joinedCollections struct {
	rels       []*relationship    // per joined part, the relationship it joins
	last       []joinLast         // per joined part, the last row's
	begun      map[loadedKey]bool // each collection begun, and whether it is kept
	begunFresh []loadedKey        // those begun while every object was new
	members    map[memberKey]struct{}
	metOld     bool
}

// joinLast is a joined part's parent and child in the last row, and
// whether the parent's collection is kept.
type joinLast struct {
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
	return joinedCollections{rels: rels, last: make([]joinLast, len(rels))}
}

// enter makes parent (parentFresh: new to the session with this row) the
// current parent of part i, a joined collection. It reports
// whether the query has yet to begin parent's collection: the caller
// then empties it or keeps what was loaded before, and says which to
// begin.
func (jc *joinedCollections) enter(i int, parent objptr.Ptr, parentFresh bool) (first bool) {
	if parent == jc.last[i].parent {
		return false // small enough to inline: most rows stop here
	}
	return jc.enterNew(i, parent, parentFresh)
}

// enterNew is enter for a parent that is not the last row's.
func (jc *joinedCollections) enterNew(i int, parent objptr.Ptr, parentFresh bool) (first bool) {
	last, r := &jc.last[i], jc.rels[i]
	kept, begun := false, false
	if !parentFresh {
		jc.meetOld()
		kept, begun = jc.begun[loadedKey{parent, r}]
	}
	*last = joinLast{parent: parent, kept: kept}
	return !begun
}

// begin notes that the query began the collection of part i's current
// parent, keeping what it held (kept) or emptied.
func (jc *joinedCollections) begin(i int, kept bool) {
	last := &jc.last[i]
	last.kept = kept
	lk := loadedKey{last.parent, jc.rels[i]}
	if jc.metOld {
		jc.begun[lk] = kept
	} else {
		jc.begunFresh = append(jc.begunFresh, lk)
	}
}

// add appends child, not nil (childFresh: new to the session with this
// row), to the collection of part i's current parent, unless it is
// there already, and reports whether it appended it: not when the
// collection is kept, nor when child is there already.
func (jc *joinedCollections) add(i int, child objptr.Ptr, childFresh bool) bool {
	if child == jc.last[i].child {
		return false // small enough to inline: most rows stop here
	}
	return jc.addMember(i, child, childFresh)
}

// addMember makes child part i's last child and appends it to the
// current parent's collection unless the collection is kept or holds it
// already. A child new
// to the session (fresh) is in no collection yet, so until the query
// meets an object the session held before the row, children are appended
// unchecked; from then on a collection past smallCollection has its
// members in members. It reports whether it appended child.
func (jc *joinedCollections) addMember(i int, child objptr.Ptr, fresh bool) bool {
	last, r := &jc.last[i], jc.rels[i]
	last.child = child
	if last.kept {
		return false
	}
	mk := memberKey{last.parent, child, r}
	at := r.at
	if !jc.metOld {
		if fresh {
			at.AppendPtr(mk.parent, mk.child)
			return true
		}
		jc.meetOld()
	}
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
