// orm/joined_rows.go

package orm

import (
	"slices"

	"github.com/retortdb/retort/internal/objptr"
)

// joinedRows is what a statement that joins relationships of its entity
// reads of them, row after row: the joined parts, each row's object of
// each part, and the joined collections' state across rows. A query and
// a select-in that joins relationships of its targets read their rows
// through one.
type joinedRows struct {
	parts []joinedPart
	// collection: a collection is joined, so a parent's rows repeat.
	collection bool
	partObjs   []objptr.Ptr // the current row's joined objects
	// partFresh: each joined object is new to the session.
	partFresh []bool
	joined    joinedCollections // the joined collections' state across rows
	seen      map[objptr.Ptr]bool
	lastRoot  objptr.Ptr // the last row's, which seen holds
}

// newJoinedRows readies the reading of parts, planned by planJoins: a
// scanner per part and the state across rows.
func newJoinedRows(parts []joinedPart) joinedRows {
	jr := joinedRows{parts: parts, collection: joinsCollection(parts, false)}
	if len(parts) == 0 {
		return jr
	}
	rels := make([]*relationship, len(parts))
	for i := range parts {
		r := parts[i].rel
		// An inner join always finds its row.
		parts[i].sc = newEntityScanner(r.target, parts[i].node.spec.columns(r.target), !parts[i].node.inner)
		parts[i].back = filledBack(r)
		rels[i] = r
	}
	jr.partObjs = make([]objptr.Ptr, len(parts))
	jr.partFresh = make([]bool, len(parts))
	jr.seen = map[objptr.Ptr]bool{}
	jr.joined = newJoinedCollections(rels)
	return jr
}

// gateParts gates the scanners of the parts whose objects come again row
// after row (see cursor.gate): a many-to-one's or many-to-many's target,
// and, where a collection is joined, every part but a collection joined
// last, whose members come once each.
func (jr *joinedRows) gateParts(s *Session, populate bool) {
	for i := range jr.parts {
		sc, r := jr.parts[i].sc, jr.parts[i].rel
		sc.row = sc.dests
		leaf := !slices.ContainsFunc(jr.parts[i+1:], func(p joinedPart) bool { return p.parent == i })
		if r.kind == ManyToOne || r.kind == ManyToMany || jr.collection && !(r.kind == OneToMany && leaf) {
			sc.gate(s, populate)
		}
	}
}

// repeated reports whether root, the entity of a row that joins a
// collection, came in an earlier row: its collection grows, and it is
// not a result again.
func (jr *joinedRows) repeated(root objptr.Ptr) bool {
	if !jr.collection {
		return false
	}
	if root == jr.lastRoot || jr.seen[root] {
		return true
	}
	jr.seen[root] = true
	jr.lastRoot = root
	return false
}

// abandon takes back, after the statement failed, the loaded marks of
// the collections it began: they may hold only the rows read before the
// failure, and a later load must fill them again rather than keep them
// (L14). The joined many-to-ones are left marked: each row sets one
// whole.
func (jr *joinedRows) abandon(s *Session) {
	drop := map[*relationship]map[objptr.Ptr]struct{}{}
	for _, lk := range jr.joined.begunAnew() {
		if drop[lk.rel] == nil {
			drop[lk.rel] = map[objptr.Ptr]struct{}{}
		}
		drop[lk.rel][lk.obj] = struct{}{}
	}
	for r, objs := range drop {
		if set := s.loaded[r]; set != nil {
			set.removeAll(objs)
		}
	}
}

// placeJoined puts each joined part's object of a row in the field of the
// object it hangs from: root is the row's entity, rootFresh whether it is
// new to the session with this row; populate is PopulateExisting.
func (jr *joinedRows) placeJoined(s *Session, root objptr.Ptr, rootFresh, populate bool) error {
	objs, fresh := jr.partObjs, jr.partFresh
	for i := range jr.parts {
		part := &jr.parts[i] // not a copy per part per row
		objs[i], fresh[i] = objptr.Ptr{}, false
		parent, parentFresh := root, rootFresh
		if part.parent >= 0 {
			parent, parentFresh = objs[part.parent], fresh[part.parent]
		}
		if parent.IsNil() {
			continue
		}
		var target objptr.Ptr
		if part.sc.found() {
			p, inst, isNew, err := part.sc.place(s, populate)
			if err != nil {
				return err
			}
			target = p
			objs[i], fresh[i] = p, inst != nil || isNew
		}
		r := part.rel
		if part.loaded == nil {
			part.loaded = s.loaded.of(r)
		}
		if r.many {
			jp := jr.joined.part(i)
			if jr.joined.enter(jp, parent, parentFresh) {
				// The first row of this parent's collection starts it
				// afresh, unless it was loaded before this statement
				// (L14). One new to the session has nothing loaded:
				// asking the loaded marks would hash those waiting in
				// their set (objSet.settle).
				kept := !parentFresh && !populate && s.loaded.has(parent, r)
				if !kept {
					r.at.SetPtrs(parent, nil)
					s.markLoaded(parent, r)
				}
				jr.joined.begin(jp, kept)
			}
			if !target.IsNil() && jr.joined.add(jp, target, fresh[i]) && part.back != nil {
				part.fillBack(s, parent, target, fresh[i])
			}
			continue
		}
		// An object new to the session has nothing loaded yet; eagerLoad
		// marks it loaded with the others of the statement.
		if parentFresh || populate {
			r.at.SetPtr(parent, target)
		} else if !part.loaded.has(parent) {
			r.at.SetPtr(parent, target)
			part.loaded.add(parent)
			s.unrecord(parent, r)
		} else {
			continue
		}
		if part.back != nil && !target.IsNil() {
			part.fillBack(s, parent, target, fresh[i])
		}
	}
	return nil
}

// fillBack points child's back-reference at parent, which the row just
// gave it (see backFill): a child new to the session (fresh) has none
// loaded yet.
func (part *joinedPart) fillBack(s *Session, parent, child objptr.Ptr, fresh bool) {
	if part.backLoaded == nil {
		part.backLoaded = s.loaded.of(part.back)
	}
	fillBack(s, part.back, part.backLoaded, parent, child, !fresh)
}
