// orm/merge.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// ErrWrongColumn: a column given for an object (MergeFields,
// FlagModified) is not a mapped column of its entity, or is not a column
// at all. The message names the column and the entity.
var ErrWrongColumn = errors.New("retort: not a column of the entity")

// MergeOption says which fields of the object given to Merge count.
type MergeOption interface{ applyMerge(*mergeOptions) }

type mergeOptions struct {
	fields  []*core.ColumnDef
	nonZero bool
	err     error
}

type mergeOption func(*mergeOptions)

func (f mergeOption) applyMerge(o *mergeOptions) { f(o) }

// MergeFields makes Merge copy only the fields of the columns cols, and
// leave the other fields of the session's object as they are: an update
// of a few fields from a form or a request, whose other fields are zero
// because nobody set them. cols may name columns of the entity merged and
// of the entities it reaches by cascade:merge; an entity none of whose
// columns is named has every field copied. The primary key always counts:
// it is how the object is found.
func MergeFields(cols ...core.Expression) MergeOption {
	return mergeOption(func(o *mergeOptions) {
		for i, e := range cols {
			d, ok := e.(interface{ Def() *core.ColumnDef })
			switch {
			case e == nil:
				o.err = &nilError{op: "MergeFields", what: fmt.Sprintf("column [%d]", i)}
				return
			case !ok || d.Def() == nil:
				o.err = fmt.Errorf("%w: MergeFields takes table columns (Users.Email), not %T", ErrWrongColumn, e)
				return
			}
			o.fields = append(o.fields, d.Def())
		}
	})
}

// MergeNonZero makes Merge copy only the fields that do not hold their
// type's zero value (0, "", false, nil, the zero time): a field left
// unset counts as not given. It cannot set a field to its zero value;
// name such a field with MergeFields instead. With MergeFields, a field
// is copied when it is named and not zero.
func MergeNonZero() MergeOption {
	return mergeOption(func(o *mergeOptions) { o.nonZero = true })
}

// Merge copies obj's fields onto the session's object of the same primary
// key, loading it first if the session does not hold it, and returns that
// object: obj itself stays outside the session (SQLAlchemy's merge). When
// no row has the key, a new object with obj's fields is added, pending,
// and returned. When obj is the session's own object, it is returned as
// it is.
//
// Which fields count: a Go struct cannot tell a field the caller set from
// one left at its zero value, so by default every column field is copied,
// zero or not: obj stands for the whole row. MergeFields names the fields
// that count, and MergeNonZero skips zero ones; both also shape the
// object made when no row has the key (the fields left out stay zero, and
// a column with a default gets it at INSERT). A field copied onto one the
// session's object was loaded without (LoadOnly, Defer) is written at the
// next flush even when it is zero, as FlagModified would mark it.
//
// Relationships are merged where their mapping says cascade:merge (or
// all): the objects obj's relationship field holds are merged in turn, by
// the same rules, and the session's object is given the merged ones. A
// nil field (a nil slice or pointer) counts as not given and is left as
// it is; an empty non-nil slice empties the collection, which orphans its
// former members as removing them would. A collection is loaded first if
// the session's object has not loaded it, so that the flush knows what
// left it. Merge does not autoflush, as SQLAlchemy's does not: a query it
// runs does not write the objects it is part way through.
//
// A nil obj, or a nil in a merged collection, is ErrNil; a column that
// MergeFields names of an entity the merge does not reach is
// ErrWrongColumn.
func Merge[T any](ctx context.Context, s *Session, obj *T, opts ...MergeOption) (*T, error) {
	if err := s.enter(opMerge); err != nil {
		return nil, err
	}
	defer s.leave()
	if s.opts.readOnly {
		return nil, fmt.Errorf("%w: Merge", ErrReadOnly)
	}
	m, err := mapperFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, &nilError{op: "Merge", what: "the " + reflect.TypeFor[*T]().String()}
	}
	mg := &merger{s: s, done: map[objptr.Ptr]objptr.Ptr{}}
	if err := mg.configure(m, opts); err != nil {
		return nil, err
	}
	if err := checkMerge(m, objptr.Of(obj), map[objptr.Ptr]bool{}); err != nil {
		return nil, err
	}
	// As SQLAlchemy's merge runs with no_autoflush: a query that loads
	// a child would otherwise flush the objects merged so far, a new
	// child before its parent has taken it and given it its key.
	autoflush := s.opts.autoflush
	s.opts.autoflush = false
	defer func() { s.opts.autoflush = autoflush }()
	held, err := mg.merge(ctx, m, objptr.Of(obj))
	if err != nil {
		return nil, err
	}
	return objptr.To[T](held), nil
}

// merger is one Merge's work.
type merger struct {
	s       *Session
	nonZero bool
	// fields holds, per entity of which MergeFields named columns,
	// their positions, the primary key's included.
	fields map[*mapper][]int
	// done maps each object merged to the session's object it became,
	// so that an object met twice (a back-reference) is merged once.
	done map[objptr.Ptr]objptr.Ptr
}

// configure reads the options of a merge of an object of m.
func (mg *merger) configure(m *mapper, opts []MergeOption) error {
	var o mergeOptions
	for i, opt := range opts {
		if opt == nil {
			return &nilError{op: "Merge", what: fmt.Sprintf("option [%d]", i)}
		}
		opt.applyMerge(&o)
	}
	if o.err != nil {
		return o.err
	}
	mg.nonZero = o.nonZero
	reach := mergeReach(m)
	for _, d := range o.fields {
		i := slices.IndexFunc(reach, func(rm *mapper) bool {
			j := rm.position(d)
			return j >= 0 && rm.fields[j] != ""
		})
		if i < 0 {
			return fmt.Errorf("%w: Merge of %s: MergeFields names %s, a column of neither %s nor an entity it reaches by cascade:merge",
				ErrWrongColumn, m.typ, d.Name, m.typ)
		}
		rm := reach[i]
		if mg.fields == nil {
			mg.fields = map[*mapper][]int{}
		}
		if mg.fields[rm] == nil {
			mg.fields[rm] = slices.Clone(rm.pk)
		}
		mg.fields[rm] = append(mg.fields[rm], rm.position(d))
	}
	return nil
}

// mergeReach lists m and the entities Merge reaches from it through
// relationships with the merge cascade.
func mergeReach(m *mapper) []*mapper {
	reach := []*mapper{m}
	for i := 0; i < len(reach); i++ {
		for _, r := range reach[i].rels {
			if r.cascade&CascadeMerge != 0 && !slices.Contains(reach, r.target) {
				reach = append(reach, r.target)
			}
		}
	}
	return reach
}

// checkMerge refuses a nil in a collection that the merge of obj, an
// object of m, follows, before anything is copied: a Merge that fails on
// bad input changes nothing.
func checkMerge(m *mapper, obj objptr.Ptr, seen map[objptr.Ptr]bool) error {
	if seen[obj] {
		return nil
	}
	seen[obj] = true
	for _, r := range m.rels {
		if r.cascade&CascadeMerge == 0 {
			continue
		}
		related := r.related(obj)
		if i := slices.Index(related, objptr.Ptr{}); i >= 0 {
			return &nilError{op: "Merge", what: fmt.Sprintf("%s[%d]", r.name(), i)}
		}
		for _, c := range related {
			if err := checkMerge(r.target, c, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// merge merges obj, an object of m, and returns the session's object.
func (mg *merger) merge(ctx context.Context, m *mapper, obj objptr.Ptr) (objptr.Ptr, error) {
	if held, ok := mg.done[obj]; ok {
		return held, nil
	}
	if mg.s.idmap.find(m, obj) != nil {
		// The session's own object (or one it is to insert): there is
		// nothing to copy.
		mg.done[obj] = obj
		return obj, nil
	}
	key, err := m.keyOf(obj)
	if err != nil {
		return objptr.Ptr{}, err
	}
	var held objptr.Ptr
	fresh := m.autoinc >= 0 && reflect.ValueOf(m.addr(obj, m.autoinc)).Elem().IsZero()
	if !fresh {
		// A key the database generates is never zero: such an object
		// is new, and needs no query.
		held, err = mg.s.getKey(ctx, m, key.values(), false)
		fresh = errors.Is(err, ErrNoRows)
	}
	if fresh {
		held = m.alloc()
		m.copyCols(held, obj, m.pk)
	} else if err != nil {
		return objptr.Ptr{}, err
	}
	mg.done[obj] = held
	missing := mg.s.partial[held]
	for _, i := range mg.columns(m) {
		if mg.nonZero && reflect.ValueOf(m.addr(obj, i)).Elem().IsZero() {
			continue
		}
		copyField(m.addr(held, i), m.addr(obj, i))
		if slices.Contains(missing, i) {
			// A zero copied onto a field never loaded would look
			// untouched to the flush (see FlagModified).
			inst := mg.s.idmap.find(m, held)
			if !slices.Contains(inst.modified, i) {
				inst.modified = append(inst.modified, i)
			}
		}
	}
	for _, r := range m.rels {
		if r.cascade&CascadeMerge == 0 {
			continue
		}
		if err := mg.mergeRelated(ctx, r, obj, held, fresh); err != nil {
			return objptr.Ptr{}, err
		}
	}
	if fresh {
		if err := mg.s.track(m, held); err != nil {
			return objptr.Ptr{}, addOp(err, "Merge")
		}
	}
	return held, nil
}

// columns lists the columns of m the merge copies.
func (mg *merger) columns(m *mapper) []int {
	if cols := mg.fields[m]; cols != nil {
		return cols
	}
	var cols []int
	for i, f := range m.fields {
		if f != "" {
			cols = append(cols, i)
		}
	}
	return cols
}

// mergeRelated merges what obj's relationship r holds and gives the
// merged objects to held, the session's object for obj (fresh when Merge
// made it).
func (mg *merger) mergeRelated(ctx context.Context, r *relationship, obj, held objptr.Ptr, fresh bool) error {
	if !r.many {
		c := r.at.Ptr(obj)
		if c.IsNil() {
			return nil
		}
		mc, err := mg.merge(ctx, r.target, c)
		if err != nil {
			return err
		}
		r.at.SetPtr(held, mc)
		return nil
	}
	src := r.at.Ptrs(obj)
	if src == nil {
		return nil
	}
	if !fresh && !mg.s.loaded.has(held, r) {
		// The flush finds the children that left a collection by
		// comparing it with what was loaded.
		o := mg.s.loadOptions()
		_, err := mg.s.selectIn(ctx, r, []objptr.Ptr{held}, o, specAt(r, &loadNode{}, o), nil)
		mg.s.recordLoaded()
		if err := mg.s.afterLoad(ctx, err); err != nil {
			return err
		}
	}
	merged := make([]objptr.Ptr, len(src))
	for i, c := range src {
		mc, err := mg.merge(ctx, r.target, c)
		if err != nil {
			return err
		}
		merged[i] = mc
	}
	r.at.SetPtrs(held, merged)
	if r.back != nil && !r.back.many {
		// Each child's many-to-one names its new parent. A
		// many-to-many's other side is left alone: it may not be
		// loaded, and the flush writes a link from either side.
		for _, mc := range merged {
			r.setBack(held, mc)
		}
	}
	return nil
}
