// orm/inheritance.go

package orm

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// Inheritance. Go has no subclasses, so a subtype is a struct that embeds
// its base by value as its first field: a *Manager's address is its
// Employee's, and objptr reads a Manager through Employee's fields in both
// builds. Each type of a hierarchy has a mapper of its own; what ties them
// is the inheritance below: the identities they share (mapper.key), the
// discriminator that says which type a row is, and, for a type with
// descendants, the family a polymorphic load chooses from.

// ErrNoSubtype is the error of a row whose discriminator holds a value no
// type of its hierarchy was declared with (Subtype): its message names the
// value, the column and the base. Rows are never loaded as another type
// than theirs.
var ErrNoSubtype = errors.New("retort: no type of the hierarchy has the row's discriminator value")

// Identity is a type of a hierarchy with the discriminator value of its
// rows, for Polymorphic; Subtype makes one.
type Identity struct {
	typ      reflect.Type
	identity any
}

// Subtype declares T, in Polymorphic, with the discriminator value that
// marks its rows (SQLAlchemy's polymorphic_identity). T is the base itself
// or a struct that embeds, by value and as its first field, the base or
// another type of the hierarchy; it is mapped like any other (Map, or
// retort gen).
func Subtype[T any](identity any) Identity { return Identity{reflect.TypeFor[T](), identity} }

// hierarchy is a Polymorphic declaration, resolved by Configure.
type hierarchy struct {
	base  reflect.Type
	disc  core.Expression
	kinds []Identity
}

// Polymorphic declares T the base of a hierarchy whose rows share T's
// table and are told apart by discriminator, a column of that table (the
// single-table inheritance of SQLAlchemy's polymorphic_on):
//
//	orm.Map[Employee](staff)
//	orm.Map[Manager](staff)  // type Manager struct { Employee; Budget *int64 }
//	orm.Map[Engineer](staff) // type Engineer struct { Employee; Language *string }
//	orm.Polymorphic[Employee](staff.Kind,
//		orm.Subtype[Employee]("employee"), orm.Subtype[Manager]("manager"), orm.Subtype[Engineer]("engineer"))
//
// A query of T, or a load of a relationship to T, returns each row as the
// object of its type; see Inheritance in the package documentation.
// Mistakes (a type not mapped, one that does not embed its base first, a
// value declared twice) are reported by Configure.
func Polymorphic[T any](discriminator core.Expression, kinds ...Identity) {
	registry.Lock()
	defer registry.Unlock()
	registry.hierarchies = append(registry.hierarchies, &hierarchy{base: reflect.TypeFor[T](), disc: discriminator, kinds: kinds})
	registry.configured = false
}

// inheritance is a mapper's place in a hierarchy.
type inheritance struct {
	root, parent *mapper // parent is nil for the root
	// identity is the discriminator value of the mapper's rows, of the
	// discriminator field's type; nil for a base declared without one.
	identity any
	disc     int  // the discriminator's position among the columns
	shares   bool // the mapper maps its parent's table
	// family is the mapper and its descendants, the mapper first: the
	// types a load of it may return. byIdentity finds one by value.
	family     []*mapper
	byIdentity map[any]*mapper
	// identities are the family's values: a query of a type below the
	// root keeps the rows of its family alone.
	identities []any
	// defaults are the columns a load of a mapper with descendants reads
	// by default: its family's, in table order.
	defaults []int
}

// sharesTable reports whether m maps the table of the type it embeds.
func (m *mapper) sharesTable() bool { return m.inh != nil && m.inh.shares }

// polymorphic reports whether a load of m may return objects of other
// types: m has descendants.
func (m *mapper) polymorphic() bool { return m.inh != nil && len(m.inh.family) > 1 }

// familyMaps reports whether a type below m maps column c, which a load
// of m then reads.
func (m *mapper) familyMaps(c int) bool {
	return m.inh != nil && slices.ContainsFunc(m.inh.family, func(f *mapper) bool { return f.fields[c] != "" })
}

// isA reports whether m's objects are objects of t: m is t or below it.
func (m *mapper) isA(t *mapper) bool {
	for ; m != nil; m = m.inh.parent {
		if m == t {
			return true
		}
		if m.inh == nil {
			return false
		}
	}
	return false
}

// typeFilter is the condition that keeps, in a read of m's table from
// src, the rows of m's family: nil for a mapper outside a hierarchy or at
// its root, whose every row is one of its own.
func (m *mapper) typeFilter(src core.FromItem) core.Condition {
	if m.inh == nil || m.inh.parent == nil {
		return nil
	}
	return core.ColumnOf[any](src, m.cols[m.inh.disc].Name).In(m.inh.identities...)
}

// setIdentity sets the discriminator of obj, a new object of m, to m's
// value, as the row's INSERT must write it: the program need not.
func (m *mapper) setIdentity(obj objptr.Ptr) {
	if m.inh.identity != nil {
		setField(m.addr(obj, m.inh.disc), m.inh.identity)
	}
}

// inherit resolves the hierarchies' declarations onto mappers, returning
// the mistakes.
func inherit(mappers []*mapper, hierarchies []*hierarchy) []error {
	var errs []error
	fail := func(t reflect.Type, format string, args ...any) {
		errs = append(errs, &ConfigError{Struct: t.String(), Msg: "Polymorphic: " + fmt.Sprintf(format, args...)})
	}
	byType := map[reflect.Type]*mapper{}
	for _, m := range mappers {
		m.inh, m.key = nil, m
		if m.err == nil && byType[m.typ] == nil {
			byType[m.typ] = m
		}
	}
	for _, h := range hierarchies {
		base := byType[h.base]
		if base == nil {
			fail(h.base, "%s is not mapped: map it before declaring its hierarchy", h.base)
			continue
		}
		if base.inh != nil {
			fail(h.base, "%s is in another hierarchy already", h.base)
			continue
		}
		disc := -1
		if d, ok := h.disc.(interface{ Def() *core.ColumnDef }); ok && d.Def() != nil {
			disc = base.position(d.Def())
		}
		if disc < 0 || base.fields[disc] == "" {
			fail(h.base, "the discriminator must be a column of %s that %s maps, not %v", base.table.Name(), h.base, h.disc)
			continue
		}
		ft := reflect.TypeOf(base.addr(base.alloc(), disc)).Elem()
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		base.inh = &inheritance{root: base, disc: disc}
		members := []*mapper{base}
		seen := map[any]reflect.Type{}
		for _, k := range h.kinds {
			m := byType[k.typ]
			if m == nil {
				fail(k.typ, "%s is not mapped: map it as well as declaring it a subtype of %s", k.typ, h.base)
				continue
			}
			v := reflect.ValueOf(k.identity)
			if !v.IsValid() || v.Kind() != ft.Kind() || !v.Type().ConvertibleTo(ft) {
				fail(k.typ, "the discriminator value of %s is %T, not a %s as the column %s", k.typ, k.identity, ft, base.cols[disc].Name)
				continue
			}
			id := v.Convert(ft).Interface()
			if prev, dup := seen[id]; dup {
				fail(k.typ, "the discriminator value %v is declared for %s and %s", id, prev, k.typ)
				continue
			}
			seen[id] = k.typ
			if m == base {
				base.inh.identity = id
				continue
			}
			if m.inh != nil {
				fail(k.typ, "%s is declared twice, or in two hierarchies", k.typ)
				continue
			}
			m.inh = &inheritance{root: base, identity: id, disc: disc}
			members = append(members, m)
		}
		for _, m := range members[1:] {
			var parent *mapper
			if m.typ.NumField() > 0 {
				if f := m.typ.Field(0); f.Anonymous && f.IsExported() {
					parent = byType[f.Type]
				}
			}
			if parent == nil || parent.inh == nil || parent.inh.root != base {
				fail(m.typ, "%s must embed %s, or another type of its hierarchy, by value as its first field, exported (a struct of an exported name)", m.typ, h.base)
				m.inh = nil
				continue
			}
			if m.table != parent.table {
				fail(m.typ, "%s maps table %s and %s table %s: a subtype maps its base's table (single-table inheritance)", m.typ, m.table.Name(), parent.typ, parent.table.Name())
				m.inh = nil
				continue
			}
			m.inh.parent, m.inh.shares = parent, true
		}
		for _, m := range members {
			if m.inh == nil {
				continue
			}
			m.key = base
			m.inh.byIdentity = map[any]*mapper{}
			for _, d := range members {
				if d.inh != nil && d.isA(m) {
					if d != m {
						m.inh.family = append(m.inh.family, d)
					}
					if d.inh.identity != nil {
						m.inh.byIdentity[d.inh.identity] = d
						m.inh.identities = append(m.inh.identities, d.inh.identity)
					}
				}
			}
			m.inh.family = append([]*mapper{m}, m.inh.family...)
			if len(m.inh.family) > 1 {
				for c := range m.cols {
					if slices.ContainsFunc(m.inh.family, func(f *mapper) bool { return slices.Contains(f.defaults, c) }) {
						m.inh.defaults = append(m.inh.defaults, c)
					}
				}
			}
		}
	}
	return errs
}

// polyScan reads the rows of a polymorphic load (a mapper with
// descendants): each column into a stage of a type that maps it, then,
// once the discriminator says the row's type, the others into that type's
// stage, which is placed as a scanner's is.
type polyScan struct {
	m     *mapper
	stage objptr.Ptr // m's, where the discriminator is read
	read  bool       // the load reads the discriminator
	// of finds the row's type by its discriminator value; types are the
	// family's, for zeroing their stages.
	of    map[any]*polyType
	types []*polyType
}

// polyType is the stage of one type of a family.
type polyType struct {
	m     *mapper
	stage objptr.Ptr
	cols  []int        // the columns read that it maps
	from  []*fieldCopy // the fields it takes from other types' stages
}

// fieldCopy is a field scanned into one stage that another's row needs.
type fieldCopy struct{ dst, src any }

// newPolyScan prepares the polymorphic read of columns cols of m, m's
// stage being stage. dests returns each column's scan destination.
func newPolyScan(m *mapper, stage objptr.Ptr, cols []int) (*polyScan, []any) {
	ps := &polyScan{m: m, stage: stage, of: map[any]*polyType{}}
	for _, f := range m.inh.family {
		t := &polyType{m: f, stage: stage}
		if f != m {
			t.stage = f.alloc()
		}
		ps.types = append(ps.types, t)
	}
	dests := make([]any, len(cols))
	for k, c := range cols {
		if c == m.inh.disc {
			ps.read = true
		}
		if c >= len(m.cols) {
			// A computed field of m (computed.go): only m's own
			// objects have it.
			dests[k] = m.addr(stage, c)
			ps.types[0].cols = append(ps.types[0].cols, c)
			continue
		}
		var owner *polyType
		for _, t := range ps.types {
			if t.m.fields[c] == "" {
				continue
			}
			t.cols = append(t.cols, c)
			if owner == nil {
				owner = t
				dests[k] = t.m.addr(t.stage, c)
			} else {
				t.from = append(t.from, &fieldCopy{dst: t.m.addr(t.stage, c), src: dests[k]})
			}
		}
	}
	for _, t := range ps.types {
		if t.m.inh.identity != nil {
			ps.of[t.m.inh.identity] = t
		}
	}
	return ps, dests
}

// zero zeroes the stages of m's descendants (the scanner zeroes m's).
func (ps *polyScan) zero() {
	for _, t := range ps.types[1:] {
		t.m.zero(t.stage)
	}
}

// place places the current row as the object of its type.
func (ps *polyScan) place(s *Session, populate bool) (objptr.Ptr, *instance, bool, error) {
	m := ps.m
	if !ps.read {
		return objptr.Ptr{}, nil, false, fmt.Errorf("retort: a load of %s must read its discriminator %s, which says each row's type", m.typ, m.cols[m.inh.disc].Name)
	}
	v := deref(m.value(ps.stage, m.inh.disc))
	t := ps.of[v]
	if t == nil {
		return objptr.Ptr{}, nil, false, fmt.Errorf("%w: %s.%s is %v, which no type of %s's hierarchy was declared with (orm.Subtype)",
			ErrNoSubtype, m.table.Name(), m.cols[m.inh.disc].Name, v, m.typ)
	}
	for _, c := range t.from {
		copyField(c.dst, c.src)
	}
	return s.place(t.m, t.cols, t.stage, populate)
}

// heldAs checks that held, the session's object of a row's identity,
// is an object of m, which the row is read as.
func heldAs(held *instance, m *mapper) error {
	if held.m == m || held.m.isA(m) {
		return nil
	}
	return fmt.Errorf("%w: the row of %s %v is read as a %s, and the session holds it as a %s: its discriminator changed; Expunge the object to load it again",
		ErrNoSubtype, m.table.Name(), held.identity().values(), m.typ, held.m.typ)
}

// Concrete returns the object that obj, an object of s, is part of: for
// the *Employee of a polymorphic query, whose row is a manager's, the
// *Manager that embeds it; for any other, obj itself. It asks s's
// identity map, which knows each object's type, so it must hold obj: a
// stream's batch until the next batch is read, not an object that
// Expunge or Close let go. A type switch then tells the types apart:
//
//	switch e := orm.Concrete(s, emp).(type) {
//	case *Manager:
//		fmt.Println(e.Name, "manages", *e.Budget)
//	case *Employee:
//		fmt.Println(e.Name)
//	}
func Concrete(s *Session, obj any) any {
	m, p, err := objectOf("Concrete", obj)
	if err != nil || m.inh == nil {
		return obj
	}
	key, err := m.keyOf(p)
	if err != nil {
		return obj
	}
	inst := s.idmap.get(key)
	if inst == nil || inst.obj.Uintptr() != p.Uintptr() {
		return obj
	}
	return inst.obj.Interface(inst.m.typ)
}
