// orm/loading.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// ErrNotLoaded: a relationship Retort was asked for is not loaded, and its
// strategy is raise (the default).
var ErrNotLoaded = errors.New("retort: relationship not loaded")

// LoadPath is a loader option: a path of relationships from one of the
// query's entities, each link with its strategy. Build one with
// SelectInLoad, JoinedLoad, RecursiveLoad, RaiseLoad, NoLoad or
// DefaultLoad and chain links from it:
//
//	orm.SelectInLoad(Users.Orders).SelectInLoad(Orders.Items)
//
// A link that does not continue from the previous link's target makes the
// query fail, naming both. Wildcard in place of a relationship stands for
// every relationship not named otherwise, at that level and below.
// LoadOnly, Defer and Undefer narrow the columns of the objects the last
// link loads, and the path goes on from that link:
//
//	orm.SelectInLoad(Users.Orders).LoadOnly(Orders.Total).SelectInLoad(Orders.Items)
type LoadPath struct {
	links []loadLink
	// own narrows the columns of the objects at the path's start: in
	// Load's then options, those Load loads (LoadPath{}.LoadOnly(...)).
	own []columnOption
	err error
}

type loadLink struct {
	rel      *relationship // nil for Wildcard
	strategy Strategy
	spec     loadSpec
	inner    bool
	from     core.FromItem  // where ContainsEager reads the target
	cols     []columnOption // LoadOnly, Defer, Undefer of the target's columns
}

// Wildcard stands, in a loader option, for every relationship of the
// entity at that point of the path that no other option names, and for
// those of the entities below: orm.RaiseLoad(orm.Wildcard) guards a whole
// query, orm.SelectInLoad(Users.Orders).RaiseLoad(orm.Wildcard) everything
// under the orders. An option naming a relationship wins over a wildcard
// (as in SQLAlchemy, L21); two wildcards with different strategies at one
// point fail, naming both (SQLAlchemy lets the last win, L25).
var Wildcard AnyRelationship = wildcard{}

type wildcard struct{}

func (wildcard) relationship() *relationship { return nil }
func (wildcard) loadSpec() loadSpec          { return loadSpec{} }

// SelectInLoad loads the relationship of all the query's objects with one
// more SELECT (per level of the path): WHERE key = ANY($1), one array
// parameter, on PostgreSQL; padded IN lists of at most InListSize keys
// (512) elsewhere.
func SelectInLoad(r AnyRelationship) LoadPath { return LoadPath{}.SelectInLoad(r) }

// NoLoad leaves the relationship empty on purpose: nil, and counted as
// loaded.
func NoLoad(r AnyRelationship) LoadPath { return LoadPath{}.NoLoad(r) }

// RaiseLoad leaves the relationship unloaded even when its mapping loads
// it by default: Related then fails with ErrNotLoaded for the query's
// objects. With Wildcard it guards every relationship a query does not
// load explicitly, so that a hot path cannot come to depend on a default.
func RaiseLoad(r AnyRelationship) LoadPath { return LoadPath{}.RaiseLoad(r) }

// DefaultLoad names r on a loader path without changing how it is
// loaded (SQLAlchemy's defaultload): its mapping's strategy, or a
// Wildcard's, stays, and what is chained after it applies below it,
//
//	orm.DefaultLoad(Users.Orders).SelectInLoad(Orders.Items)
//
// or to its objects' columns: orm.DefaultLoad(Users.Orders).LoadOnly(Orders.Total).
// Another option naming r with a strategy gives it that strategy. r takes
// no And, OrderBy or Limit here: they belong to a loader named.
func DefaultLoad(r AnyRelationship) LoadPath { return LoadPath{}.DefaultLoad(r) }

// DefaultLoad continues the path with r, loaded as it would be without
// the option (see the function DefaultLoad).
func (l LoadPath) DefaultLoad(r AnyRelationship) LoadPath { return l.then(r, defaultLoad) }

// SelectInLoad continues the path with r, loaded by select-in.
func (l LoadPath) SelectInLoad(r AnyRelationship) LoadPath { return l.then(r, LazySelectIn) }

// NoLoad continues the path with r, left empty.
func (l LoadPath) NoLoad(r AnyRelationship) LoadPath { return l.then(r, LazyNoLoad) }

// RaiseLoad continues the path with r, left unloaded.
func (l LoadPath) RaiseLoad(r AnyRelationship) LoadPath { return l.then(r, LazyRaise) }

func (l LoadPath) then(r AnyRelationship, st Strategy) LoadPath {
	if r == nil {
		err := l.err
		if err == nil {
			err = &nilError{op: "loader option " + st.String(), what: "the relationship"}
		}
		// A copy: ContainsEager sets its last link's source.
		return LoadPath{links: slices.Clone(l.links), own: l.own, err: err}
	}
	rel := r.relationship()
	spec := r.loadSpec()
	out := LoadPath{links: append(l.links[:len(l.links):len(l.links)], loadLink{rel: rel, strategy: st, spec: spec}), own: l.own, err: l.err}
	n := len(l.links)
	switch {
	case out.err != nil:
	case rel != nil && rel.writeOnly:
		out.err = writeOnlyError(rel, loaderName(st))
	case n > 0 && l.links[n-1].rel == nil:
		out.err = fmt.Errorf("retort: a loader option cannot continue after orm.Wildcard")
	case rel != nil && n > 0 && l.links[n-1].rel.targetType != rel.parentType:
		out.err = fmt.Errorf("retort: %s does not link from %s", rel.name(), l.links[n-1].rel.name())
	case st == defaultLoad && rel == nil:
		out.err = fmt.Errorf("retort: orm.DefaultLoad(orm.Wildcard) changes nothing: name a relationship")
	case st == defaultLoad && (len(spec.criteria) > 0 || len(spec.order) > 0 || spec.limit > 0):
		out.err = fmt.Errorf("retort: And, OrderBy and Limit on %s need a loader named (orm.SelectInLoad), not orm.DefaultLoad, which keeps the mapping's", rel.name())
	case rel != nil && st != LazySelectIn && r.loadSpec().limit > 0:
		out.err = fmt.Errorf("retort: a per-parent limit on %s needs orm.SelectInLoad, not %s", rel.name(), st)
	}
	if j, ok := r.(joinable); ok && out.err == nil {
		// ContainsEager reads the target from the alias of Of; the
		// other loaders read their own tables.
		switch from, of := j.ends(); {
		case from == nil && of != nil && st == containsEager:
			out.links[n].from = of
		case from != nil || of != nil:
			out.err = fmt.Errorf("retort: %s in a %s option: Of and From are for joins, Any and Has (ContainsEager takes Of)", rel.name(), st)
		}
	}
	return out
}

func (l LoadPath) applyQuery(o *queryOptions) { o.loads = append(o.loads, l) }

// loadNode is a node of the tree of loader options: the strategy of the
// relationship that leads to it, and what to load from its objects.
type loadNode struct {
	strategy Strategy
	spec     loadSpec
	inner    bool
	from     core.FromItem // ContainsEager's source of the target's columns
	via      optionName    // the option that set the strategy, for conflicts
	children map[*relationship]*loadNode
	// wild is the strategy a Wildcard gave this point, and wildVia the
	// option; hasWild says there is one, ownWild that an option put it
	// here rather than above.
	wild             Strategy
	wildVia          optionName
	hasWild, ownWild bool
	// joined: the relationship is joined into the query that loads its
	// parents, so eagerLoad finds it loaded.
	joined bool
	// cols are the column options for the objects at this node, from
	// the option colsVia names; loadTrees turns them into spec.cols.
	cols    []columnOption
	colsVia string
}

// child returns node's child for r, creating it with strategy st.
func (n *loadNode) child(r *relationship, st Strategy, via optionName, spec *loadSpec) *loadNode {
	if c := n.children[r]; c != nil {
		return c
	}
	if n.children == nil {
		n.children = map[*relationship]*loadNode{}
	}
	c := &loadNode{strategy: st, via: via}
	if spec != nil {
		c.spec = *spec
	}
	if n.hasWild {
		c.wild, c.wildVia, c.hasWild = n.wild, n.wildVia, true
	}
	n.children[r] = c
	return c
}

// strategyFor returns how r, a relationship of the objects at n, is
// loaded (an option naming it, else a wildcard, else its mapping) and its
// node, if an option made one.
func (n *loadNode) strategyFor(r *relationship) (Strategy, *loadNode) {
	if c := n.children[r]; c != nil {
		return c.strategy, c
	}
	if n.hasWild {
		return n.wild, nil
	}
	return r.lazy, nil
}

// touches reports whether loading the objects of m at n, reached by via
// (nil at a query's entity), does anything to their relationships: loads
// them, or marks them loaded or raised. When it does not, the objects
// need not be collected for eagerLoad.
func (n *loadNode) touches(m *mapper, via *relationship) bool {
	for _, r := range m.rels {
		st, child := n.strategyFor(r)
		if walksBack(r, child, via) {
			continue
		}
		if st != LazyRaise || r.lazy != LazyRaise {
			return true
		}
	}
	return false
}

// walksBack reports whether r, which no option names (child is nil), leads
// back up the path eagerLoad came down by via: a default does not follow
// it.
func walksBack(r *relationship, child *loadNode, via *relationship) bool {
	return child == nil && via != nil && (r == via.back || r.target == via.parent)
}

// loadForest is a query's trees of loader options, one per entity (a
// query has one or a few: a slice, one allocation, where a map and its
// nodes took three).
type loadForest []loadRoot

type loadRoot struct {
	m    *mapper
	node loadNode
}

// of is m's tree, or nil if m is no entity of the query.
func (f loadForest) of(m *mapper) *loadNode {
	for i := range f {
		if f[i].m == m {
			return &f[i].node
		}
	}
	return nil
}

// loadTrees merges the options of a query into one tree per entity of
// the query (roots), and refuses options that start at none of them
// (L26) or that give one path, or one wildcard, two strategies (L24), or
// two sets of column options. own is, for Load, the relationship whose
// targets roots holds (nil for a query): options of no link narrow
// their columns. It resolves the links DefaultLoad named to the
// strategy they would have without it, and the column options into the
// columns each loader reads.
func loadTrees(roots []*mapper, loads []LoadPath, own *relationship) (loadForest, error) {
	trees := make(loadForest, len(roots))
	for i, m := range roots {
		trees[i].m = m
	}
	for _, l := range loads {
		if l.err != nil {
			return nil, l.err
		}
		if len(l.own) > 0 {
			if own == nil {
				return nil, fmt.Errorf("retort: %s names no relationship: narrow a query's entities with the query option orm.%s", l.own[0], l.own[0].name)
			}
			if err := trees[0].node.setColumns(l.own, own, "orm.LoadPath{}"); err != nil {
				return nil, err
			}
		}
		if len(l.links) == 0 {
			continue
		}
		var n *loadNode
		if first := l.links[0].rel; first == nil {
			// A wildcard alone covers every entity of the query.
			link := l.links[0]
			via := optionName{strategy: link.strategy}
			for i := range trees {
				t := &trees[i].node
				if t.ownWild && t.wild != link.strategy {
					return nil, fmt.Errorf("retort: loader strategies conflict for the wildcard: %s and %s", t.wildVia, via)
				}
				t.ownWild = true
				t.setWild(link.strategy, via)
			}
			continue
		} else if n = trees.of(first.parent); n == nil {
			names := make([]string, len(roots))
			for i, m := range roots {
				names[i] = m.typ.String()
			}
			return nil, fmt.Errorf("retort: the option for %s does not start at an entity of the query (%s)", first.name(), strings.Join(names, ", "))
		}
		for _, link := range l.links {
			via := optionName{strategy: link.strategy, rel: link.rel}
			if link.rel == nil {
				if n.ownWild && n.wild != link.strategy {
					return nil, fmt.Errorf("retort: loader strategies conflict for the wildcard: %s and %s", n.wildVia, via)
				}
				n.ownWild = true
				n.setWild(link.strategy, via)
				continue
			}
			child := n.children[link.rel]
			switch {
			case child == nil:
				child = n.child(link.rel, link.strategy, via, &link.spec)
			case link.strategy == defaultLoad:
			case child.strategy == defaultLoad:
				child.strategy, child.via, child.spec = link.strategy, via, link.spec
			case child.strategy != link.strategy:
				return nil, fmt.Errorf("retort: loader strategies conflict for %s: %s and %s", link.rel.name(), child.via, via)
			}
			child.inner = child.inner || link.inner
			if link.from != nil {
				child.from = link.from
			}
			if len(link.cols) > 0 {
				if err := child.setColumns(link.cols, link.rel, via.String()); err != nil {
					return nil, err
				}
			}
			n = child
		}
	}
	for i := range trees {
		if err := trees[i].node.resolve(trees[i].m, own); err != nil {
			return nil, err
		}
	}
	return trees, nil
}

// setColumns gives n, the node of r's objects, the column options cols
// of the option that link names, or fails if another option gave it
// others.
func (n *loadNode) setColumns(cols []columnOption, r *relationship, link string) error {
	name := link
	for _, c := range cols {
		name += "." + c.String()
	}
	if n.cols != nil && !slices.EqualFunc(n.cols, cols, columnOption.same) {
		return fmt.Errorf("retort: column options conflict for %s: %s and %s", r.name(), n.colsVia, name)
	}
	n.cols, n.colsVia = cols, name
	return nil
}

// resolve gives the links below n, the node of m's objects reached by
// via, that DefaultLoad named the strategy they have without it (the
// wildcard's at n, else the mapping's), and turns the column options of
// n and of the nodes below into the columns their loaders read (see
// narrowPath).
func (n *loadNode) resolve(m *mapper, via *relationship) error {
	for r, c := range n.children {
		if c.strategy == defaultLoad && n.hasWild {
			c.strategy, c.via = n.wild, n.wildVia
		} else if c.strategy == defaultLoad {
			c.strategy, c.via = r.lazy, optionName{strategy: r.lazy, rel: r, mapping: true}
		}
		if len(c.cols) > 0 && (c.strategy == LazyRaise || c.strategy == LazyNoLoad) {
			return fmt.Errorf("retort: %s narrows objects nothing loads: %s is left unloaded by %s", c.colsVia, r.name(), c.via)
		}
	}
	if len(n.cols) > 0 {
		cols, err := n.narrowPath(m, via)
		if err != nil {
			return err
		}
		n.spec.cols = cols
	}
	for r, c := range n.children {
		if err := c.resolve(r.target, r); err != nil {
			return err
		}
	}
	return nil
}

// setWild gives n and the nodes below it the wildcard strategy st, where
// they have none of their own.
func (n *loadNode) setWild(st Strategy, via optionName) {
	n.wild, n.wildVia, n.hasWild = st, via, true
	for _, c := range n.children {
		if !c.ownWild {
			c.setWild(st, via)
		}
	}
}

// optionName is a link of a loader option, as a conflict names it:
// selectin(User.Orders), raise(orm.Wildcard), or the mapping's lazy: tag.
// It is made into text only then: every query merges its options, and
// few conflict.
type optionName struct {
	strategy Strategy
	rel      *relationship // nil for Wildcard
	mapping  bool          // the mapping's lazy: tag, not an option
}

func (o optionName) String() string {
	if o.mapping {
		return "the mapping's lazy:" + o.strategy.String()
	}
	name := "orm.Wildcard"
	if o.rel != nil {
		name = o.rel.name()
	}
	return o.strategy.String() + "(" + name + ")"
}

// loadedKey names a relationship of one object.
type loadedKey struct {
	obj objptr.Ptr
	rel *relationship
}

// relSet is a set of (object, relationship) pairs: those loaded, or those
// raised, as an objSet per relationship. A query marks one pair per row
// and relationship, so this is on the hot path.
type relSet map[*relationship]*objSet

func (rs *relSet) mark(p objptr.Ptr, r *relationship) { rs.of(r).add(p) }

// of returns the set of objects whose r is in rs, made if need be: for a
// loop that marks many.
func (rs *relSet) of(r *relationship) *objSet {
	if *rs == nil {
		*rs = relSet{}
	}
	objs := (*rs)[r]
	if objs == nil {
		objs = &objSet{}
		(*rs)[r] = objs
	}
	return objs
}

func (rs relSet) has(p objptr.Ptr, r *relationship) bool {
	objs := rs[r]
	return objs != nil && objs.has(p)
}

// objSet is a set of objects, keyed by address. Added objects wait in a
// list, hashed into the map only when the set is next asked or changed
// otherwise: most objects a query marks loaded are never asked about, and
// appending costs a fraction of a map insert, with none of a growing
// map's rehashing.
type objSet struct {
	m       map[objptr.Ptr]struct{}
	pending []objptr.Ptr
}

func (s *objSet) add(p objptr.Ptr) { s.pending = append(s.pending, p) }

// addAll adds objs: into a list of their size when none wait, as after
// the one query of a request.
func (s *objSet) addAll(objs []objptr.Ptr) {
	if len(s.pending) == 0 && cap(s.pending) < len(objs) {
		s.pending = slices.Clone(objs)
		return
	}
	s.pending = append(s.pending, objs...)
}

func (s *objSet) has(p objptr.Ptr) bool {
	s.settle()
	_, ok := s.m[p]
	return ok
}

// removeAll removes the objects in drop.
func (s *objSet) removeAll(drop map[objptr.Ptr]struct{}) {
	kept := s.pending[:0]
	for _, p := range s.pending {
		if _, gone := drop[p]; !gone {
			kept = append(kept, p)
		}
	}
	clear(s.pending[len(kept):]) // a released object must not stay reachable from here
	s.pending = kept
	if len(s.m) > 0 {
		for p := range drop {
			delete(s.m, p)
		}
	}
}

// settle moves the pending objects into the map.
func (s *objSet) settle() {
	if len(s.pending) == 0 {
		return
	}
	if s.m == nil {
		s.m = make(map[objptr.Ptr]struct{}, len(s.pending))
	}
	for _, p := range s.pending {
		s.m[p] = struct{}{}
	}
	clear(s.pending) // a released object must not stay reachable from here
	s.pending = s.pending[:0]
}

// eagerLoad loads, for objs (of mapper m), the relationships that node
// names and those whose mapping (or a wildcard) makes them select-in,
// then goes on from the objects they loaded. via is the relationship that
// led here, whose back-reference is not followed back by default.
// Relationships joined into the query that loaded objs are in place
// already; eagerLoad goes on below them.
func (s *Session) eagerLoad(ctx context.Context, m *mapper, objs []objptr.Ptr, node *loadNode, via *relationship, o queryOptions) error {
	if len(objs) == 0 {
		return nil
	}
	for _, r := range m.rels {
		st, child := node.strategyFor(r)
		if walksBack(r, child, via) {
			continue
		}
		next := node.below(child)
		if child != nil && child.joined {
			if !r.many {
				// The query placed the target of each parent new to the
				// session without marking it: marked here at once.
				s.loaded.of(r).addAll(objs)
				for _, p := range objs {
					s.unrecord(p, r)
				}
			}
			if !next.touches(r.target, r) {
				// Nothing to do below: the targets, a map insert
				// each to list once, are not listed.
				continue
			}
			if err := s.eagerLoad(ctx, r.target, joinedTargets(r, objs), next, r, o); err != nil {
				return err
			}
			continue
		}
		switch st {
		case LazyNoLoad:
			for _, p := range objs {
				s.markLoaded(p, r)
			}
		case LazyRaise:
			if r.lazy != LazyRaise {
				s.raised.of(r).addAll(objs)
			}
		case recursiveLoad:
			loaded, err := s.recursiveLoad(ctx, r, objs, o, specAt(r, next, o))
			if err != nil {
				return err
			}
			if err := s.eagerLoad(ctx, r.target, loaded, next, r, o); err != nil {
				return err
			}
		case LazySelectIn, LazyJoined:
			loaded, err := s.selectIn(ctx, r, objs, o, specAt(r, next, o), next)
			if err != nil {
				return err
			}
			if err := s.eagerLoad(ctx, r.target, loaded, next, r, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// below is the node of what to load below a relationship of the objects
// at n whose node is child: child, or, where no option names the
// relationship, a node that carries n's wildcard on.
func (n *loadNode) below(child *loadNode) *loadNode {
	if child != nil {
		return child
	}
	next := &loadNode{}
	if n.hasWild {
		next.wild, next.wildVia, next.hasWild = n.wild, n.wildVia, true
	}
	return next
}

// specAt is what loading r at next loads: the option's spec, with the
// query's loader criteria on r's target (its soft-delete filter among
// them).
func specAt(r *relationship, next *loadNode, o queryOptions) loadSpec {
	spec := next.spec
	if crit := o.criteriaOf(r.target); len(crit) > 0 {
		spec.criteria = append(spec.criteria[:len(spec.criteria):len(spec.criteria)], crit...)
	}
	if r.target.inh != nil {
		if f := r.target.typeFilter(r.target.table); f != nil {
			spec.criteria = append(spec.criteria[:len(spec.criteria):len(spec.criteria)], f)
		}
	}
	return spec
}

// joinedTargets lists the objects that r of objs holds, each once. Only
// a many-to-one or many-to-many target can hang from two parents; the
// targets of a one-to-many or one-to-one each have one.
func joinedTargets(r *relationship, objs []objptr.Ptr) []objptr.Ptr {
	shared := r.kind == ManyToOne || r.kind == ManyToMany
	var targets []objptr.Ptr
	if !shared {
		targets = make([]objptr.Ptr, 0, len(objs))
	}
	var seen map[objptr.Ptr]struct{}
	if shared {
		seen = map[objptr.Ptr]struct{}{}
	}
	for _, p := range objs {
		for _, t := range r.related(p) {
			if shared {
				if _, dup := seen[t]; dup {
					continue
				}
				seen[t] = struct{}{}
			}
			targets = append(targets, t)
		}
	}
	return targets
}

func (s *Session) markLoaded(p objptr.Ptr, r *relationship) {
	s.loaded.mark(p, r)
	s.unrecord(p, r)
}

// unrecord notes that r of p was loaded, for recordLoaded, when the
// flush needs to know what it held: a collection, or a many-to-one's
// target.
func (s *Session) unrecord(p objptr.Ptr, r *relationship) {
	if (r.many || r.kind == ManyToOne) && !s.opts.readOnly {
		s.unrecorded = append(s.unrecorded, loadedKey{p, r})
	}
}

// recordLoaded notes what each collection loaded since the last call
// holds, once the loading is done (a joined collection fills over many
// rows): the next flush compares the collection with it, to find the
// children taken out (orphans) and the association rows to add or delete.
// A many-to-one's target goes in the object's snapshot, where the flush
// finds a target the program set to nil.
func (s *Session) recordLoaded() {
	for _, k := range s.unrecorded {
		inst := s.idmap.find(k.rel.parent, k.obj)
		if inst == nil || inst.state != Persistent || inst.readOnly {
			continue
		}
		if k.rel.many {
			inst.recordCollection(k.rel)
		} else if !inst.snapshot.IsNil() {
			k.rel.at.SetPtr(inst.snapshot, k.rel.at.Ptr(inst.obj))
		}
	}
	clear(s.unrecorded)
	s.unrecorded = s.unrecorded[:0]
}

// isRaised reports whether a query left r of p unloaded with RaiseLoad
// although its mapping would load it: Related then refuses it.
func (s *Session) isRaised(p objptr.Ptr, r *relationship) bool {
	return s.raised.has(p, r)
}

// IsLoaded reports whether the relationship r of obj was loaded in
// session s (by a loader option, a default strategy, or Load), or
// ErrConcurrentUse while another goroutine is inside s.
func IsLoaded(s *Session, obj any, r AnyRelationship) (bool, error) {
	if err := s.enter(opIsLoaded); err != nil {
		return false, err
	}
	defer s.leave()
	if r == nil {
		return false, &nilError{op: "IsLoaded", what: "the relationship"}
	}
	_, p, err := objectOf("IsLoaded("+r.relationship().name()+")", obj)
	if err != nil {
		return false, err
	}
	if rel := r.relationship(); rel != nil && rel.writeOnly {
		return false, writeOnlyError(rel, "anything (IsLoaded)")
	}
	return s.loaded.has(p, r.relationship()), nil
}

// Related returns the objects obj's relationship r holds, or ErrNotLoaded
// naming the relationship and the object when it was not loaded and its
// strategy is raise: the check a program makes where it must not read a
// relationship that nobody loaded.
func Related[P, C any](s *Session, obj *P, r Relationship[P, C]) ([]*C, error) {
	if err := s.enter(opRelated); err != nil {
		return nil, err
	}
	defer s.leave()
	rel := r.configured()
	if rel.writeOnly {
		return nil, writeOnlyError(rel, "orm.Related")
	}
	if obj == nil {
		return nil, &nilError{op: "Related(" + rel.name() + ")", what: "the object"}
	}
	p := objptr.Of(obj)
	if !s.loaded.has(p, rel) && (rel.lazy == LazyRaise || s.isRaised(p, rel)) {
		return nil, fmt.Errorf("%w: %s of %s %v was not loaded (load it with orm.SelectInLoad or orm.Load)",
			ErrNotLoaded, rel.name(), rel.parentType, keyValues(rel.parent, p))
	}
	var out []*C
	for _, c := range rel.related(p) {
		out = append(out, objptr.To[C](c))
	}
	return out, nil
}

func keyValues(m *mapper, p objptr.Ptr) []any {
	k, err := m.keyOf(p)
	if err != nil {
		return nil
	}
	return k.values()
}

// Load loads the relationship r of objs, objects of the session, in one
// select-in round trip per level (chunked on SQLite and MySQL); then
// relationships options chains from r, with their column options:
// orm.SelectInLoad(Orders.Items).LoadOnly(Items.SKU). An option of no
// relationship narrows the columns of r's own objects:
// orm.LoadPath{}.LoadOnly(Orders.Total). It replaces SQLAlchemy's lazy
// loading, which Go cannot do on a field read, and never issues a query
// per object.
func Load[P, C any](ctx context.Context, s *Session, objs []*P, r Relationship[P, C], then ...LoadPath) error {
	if err := s.enter(opLoad); err != nil {
		return err
	}
	defer s.leave()
	rel := r.configured()
	if rel.writeOnly {
		return writeOnlyError(rel, "orm.Load")
	}
	ptrs := make([]objptr.Ptr, len(objs))
	for i, o := range objs {
		if o == nil {
			return &nilError{op: "Load(" + rel.name() + ")", what: fmt.Sprintf("objs[%d]", i)}
		}
		ptrs[i] = objptr.Of(o)
	}
	trees, err := loadTrees([]*mapper{rel.target}, then, rel)
	if err != nil {
		return err
	}
	node := trees.of(rel.target)
	spec := r.spec
	spec.cols = node.spec.cols
	o := s.loadOptions()
	loaded, err := s.selectIn(ctx, rel, ptrs, o, specAt(rel, &loadNode{spec: spec}, o), node)
	if err == nil {
		err = s.eagerLoad(ctx, rel.target, loaded, node, rel, o)
	}
	s.recordLoaded()
	return s.afterLoad(ctx, err)
}
