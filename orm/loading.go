// orm/loading.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/retortdb/retort/core"
)

// ErrNotLoaded: a relationship Retort was asked for is not loaded, and its
// strategy is raise (the default).
var ErrNotLoaded = errors.New("retort: relationship not loaded")

// LoadPath is a loader option: a path of relationships from the query's
// entity, each link with its strategy. Build one with SelectInLoad or
// NoLoad and chain links from it:
//
//	orm.SelectInLoad(Users.Orders).SelectInLoad(Orders.Items)
//
// A link that does not continue from the previous link's target makes the
// query fail, naming both.
type LoadPath struct {
	links []loadLink
	err   error
}

type loadLink struct {
	rel      *relationship
	strategy Strategy
	criteria []core.Condition
}

// SelectInLoad loads the relationship of all the query's objects with one
// more SELECT (per level of the path): WHERE key = ANY($1), one array
// parameter, on PostgreSQL; IN lists of at most 512 keys elsewhere.
func SelectInLoad(r AnyRelationship) LoadPath { return LoadPath{}.SelectInLoad(r) }

// NoLoad leaves the relationship empty on purpose: nil, and counted as
// loaded.
func NoLoad(r AnyRelationship) LoadPath { return LoadPath{}.NoLoad(r) }

// SelectInLoad continues the path with r, loaded by select-in.
func (l LoadPath) SelectInLoad(r AnyRelationship) LoadPath { return l.then(r, LazySelectIn) }

// NoLoad continues the path with r, left empty.
func (l LoadPath) NoLoad(r AnyRelationship) LoadPath { return l.then(r, LazyNoLoad) }

func (l LoadPath) then(r AnyRelationship, st Strategy) LoadPath {
	rel := r.relationship()
	out := LoadPath{links: append(l.links[:len(l.links):len(l.links)], loadLink{rel, st, r.loadCriteria()}), err: l.err}
	if st == LazyJoined && len(r.loadCriteria()) > 0 && out.err == nil {
		out.err = fmt.Errorf("retort: criteria on the joined %s are not supported yet: use orm.SelectInLoad", rel.name())
	}
	if n := len(l.links); n > 0 && out.err == nil && l.links[n-1].rel.targetType != rel.parentType {
		out.err = fmt.Errorf("retort: %s does not link from %s", rel.name(), l.links[n-1].rel.name())
	}
	return out
}

func (l LoadPath) applyQuery(o *queryOptions) { o.loads = append(o.loads, l) }

// loadNode is a node of the tree of loader options: the strategy of the
// relationship that leads to it, and what to load from its objects.
type loadNode struct {
	strategy Strategy
	criteria []core.Condition
	via      string // the option that set the strategy, for conflicts
	children map[*relationship]*loadNode
	order    []*relationship
}

// loadTree merges the options of a query on entity m into a tree, and
// refuses options that do not start at m (L26) or that give one path two
// strategies (L24).
func loadTree(m *mapper, loads []LoadPath) (*loadNode, error) {
	root := &loadNode{}
	for _, l := range loads {
		if l.err != nil {
			return nil, l.err
		}
		if len(l.links) == 0 {
			continue
		}
		if first := l.links[0].rel; first.parentType != m.typ {
			return nil, fmt.Errorf("retort: the option for %s does not start at the query's entity %s", first.name(), m.typ)
		}
		n := root
		path := ""
		for _, link := range l.links {
			path += "." + link.rel.field
			child := n.children[link.rel]
			if child == nil {
				if n.children == nil {
					n.children = map[*relationship]*loadNode{}
				}
				child = &loadNode{strategy: link.strategy, via: link.strategy.String(), criteria: link.criteria}
				n.children[link.rel] = child
				n.order = append(n.order, link.rel)
			} else if child.strategy != link.strategy {
				return nil, fmt.Errorf("retort: loader strategies conflict for %s: %s and %s", link.rel.name(), child.via, link.strategy)
			}
			n = child
		}
	}
	return root, nil
}

// loadedKey marks a relationship of one object as loaded.
type loadedKey struct {
	obj unsafe.Pointer
	rel *relationship
}

// eagerLoad loads, for objs (of mapper m), the relationships that node
// names and those whose mapping makes them select-in, then goes on from
// the objects they loaded. via is the relationship that led here, whose
// back-reference is not followed back by default.
//
// Relationships joined into the query that loaded objs (joined) are in
// place already; elsewhere a joined strategy loads by select-in for now.
func (s *Session) eagerLoad(ctx context.Context, m *mapper, objs []unsafe.Pointer, node *loadNode, via *relationship, o queryOptions, joined ...*relationship) error {
	if len(objs) == 0 {
		return nil
	}
	for _, r := range m.rels {
		child := node.children[r]
		st := r.lazy
		if child != nil {
			st = child.strategy
		} else if via != nil && (r == via.back || r.target == via.parent) {
			// A default does not walk back up the path it came down.
			continue
		}
		if st == LazyJoined && slices.Contains(joined, r) {
			next := child
			if next == nil {
				next = &loadNode{}
			}
			var targets []unsafe.Pointer
			seen := map[unsafe.Pointer]bool{}
			for _, p := range objs {
				if t := *onePtr(p, r.offset); t != nil && !seen[t] {
					seen[t] = true
					targets = append(targets, t)
				}
			}
			if err := s.eagerLoad(ctx, r.target, targets, next, r, o); err != nil {
				return err
			}
			continue
		}
		switch st {
		case LazyNoLoad:
			for _, p := range objs {
				s.markLoaded(p, r)
			}
		case LazySelectIn, LazyJoined:
			var criteria []core.Condition
			if child != nil {
				criteria = child.criteria
			}
			loaded, err := s.selectIn(ctx, r, objs, o, criteria)
			if err != nil {
				return err
			}
			next := child
			if next == nil {
				next = &loadNode{}
			}
			if err := s.eagerLoad(ctx, r.target, loaded, next, r, o); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Session) markLoaded(p unsafe.Pointer, r *relationship) {
	if s.loaded == nil {
		s.loaded = map[loadedKey]struct{}{}
	}
	s.loaded[loadedKey{p, r}] = struct{}{}
}

// IsLoaded reports whether the relationship r of obj was loaded in
// session s (by a loader option, a default strategy, or Load).
func IsLoaded(s *Session, obj any, r AnyRelationship) bool {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	_, ok := s.loaded[loadedKey{v.UnsafePointer(), r.relationship()}]
	return ok
}

// Related returns the objects obj's relationship r holds, or ErrNotLoaded
// naming the relationship and the object when it was not loaded and its
// strategy is raise: the check a program makes where it must not read a
// relationship that nobody loaded.
func Related[P, C any](s *Session, obj *P, r Relationship[P, C]) ([]*C, error) {
	rel := r.configured()
	p := unsafe.Pointer(obj)
	if _, ok := s.loaded[loadedKey{p, rel}]; !ok && rel.lazy == LazyRaise {
		return nil, fmt.Errorf("%w: %s of %s %v was not loaded (load it with orm.SelectInLoad or orm.Load)",
			ErrNotLoaded, rel.name(), rel.parentType, keyValues(rel.parent, p))
	}
	var out []*C
	for _, c := range rel.related(p) {
		out = append(out, (*C)(c))
	}
	return out, nil
}

func keyValues(m *mapper, p unsafe.Pointer) []any {
	k, err := m.keyOf(p)
	if err != nil {
		return nil
	}
	return k.values()
}

// Load loads the relationship r of objs, objects of the session, in one
// select-in round trip per level (chunked on SQLite and MySQL); then
// relationships options chains from r. It replaces SQLAlchemy's lazy
// loading, which Go cannot do on a field read, and never issues a query
// per object.
func Load[P, C any](ctx context.Context, s *Session, objs []*P, r Relationship[P, C], then ...LoadPath) error {
	leave, err := s.enter("Load")
	defer leave()
	if err != nil {
		return err
	}
	rel := r.configured()
	ptrs := make([]unsafe.Pointer, len(objs))
	for i, o := range objs {
		ptrs[i] = unsafe.Pointer(o)
	}
	node, err := loadTree(rel.target, then)
	if err != nil {
		return err
	}
	loaded, err := s.selectIn(ctx, rel, ptrs, queryOptions{}, r.criteria)
	if err != nil {
		return err
	}
	return s.eagerLoad(ctx, rel.target, loaded, node, rel, queryOptions{})
}
