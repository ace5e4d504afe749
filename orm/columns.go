// orm/columns.go

package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// columnOption is LoadOnly, Defer or Undefer: columns of one entity.
type columnOption struct {
	cols []*core.ColumnDef
	// props are the computed fields it names (a Property).
	props []*computed
	name  string
}

func (c columnOption) applyQuery(o *queryOptions) { r := o.more(); r.columns = append(r.columns, c) }

// String is the option as a conflict names it: LoadOnly(orders.total).
func (c columnOption) String() string {
	names := make([]string, len(c.cols), len(c.cols)+len(c.props))
	for i, d := range c.cols {
		names[i] = d.Table.Name() + "." + d.Name
	}
	for _, p := range c.props {
		names = append(names, p.owner.Name()+"."+p.field)
	}
	return c.name + "(" + strings.Join(names, ", ") + ")"
}

// same reports whether c and d are the same option of the same columns.
func (c columnOption) same(d columnOption) bool {
	return c.name == d.name && slices.Equal(c.cols, d.cols) && slices.Equal(c.props, d.props)
}

// LoadOnly loads the query's entity with only the columns cols (of one
// entity's table) and its primary key, which is always loaded (L31):
// SELECT users.id, users.email, with the local keys of the relationships
// loaded from it (orders.user_id, for SelectInLoad(Orders.User)). The
// objects a loader loads are narrowed on its path instead
// (LoadPath.LoadOnly). The other fields stay zero. Go cannot
// load a field on first read, so a later query of the same objects
// completes them (L34), and Refresh reloads them all. Setting an unloaded
// field to its zero value needs FlagModified to be written (see the
// package documentation, Loading columns).
func LoadOnly(cols ...core.Expression) QueryOption { return columnsOption("LoadOnly", cols) }

// Defer loads the query's entity without the columns cols, which stay zero
// (a large text or blob the page does not show); see LoadOnly. A column
// tagged deferred is left out of every query this way.
func Defer(cols ...core.Expression) QueryOption { return columnsOption("Defer", cols) }

// Undefer loads columns tagged deferred, which queries otherwise leave
// out: orm.Select[Profile]().Options(orm.Undefer(Profiles.Bio)).
func Undefer(cols ...core.Expression) QueryOption { return columnsOption("Undefer", cols) }

func columnsOption(name string, cols []core.Expression) QueryOption {
	opt, err := newColumnOption(name, cols)
	if err != nil {
		return optionFunc(func(o *queryOptions) { o.err = err })
	}
	return opt
}

func newColumnOption(name string, cols []core.Expression) (columnOption, error) {
	opt := columnOption{name: name}
	for _, e := range cols {
		if p, ok := e.(interface{ computedField() *computed }); ok {
			opt.props = append(opt.props, p.computedField())
			continue
		}
		d, ok := e.(interface{ Def() *core.ColumnDef })
		if !ok || d.Def() == nil {
			return opt, fmt.Errorf("retort: %s takes table columns (Users.Email) and ColumnProperty fields, not %T", name, e)
		}
		opt.cols = append(opt.cols, d.Def())
	}
	return opt, nil
}

// LoadOnly loads the objects of the path's last relationship with only
// the columns cols of their table (SQLAlchemy's
// selectinload(User.orders).load_only(Order.total)), with their primary
// key and the keys the loaders need, which are always loaded: the
// columns that match them to their parents, and the local keys of the
// relationships loaded from them. With every loader (SelectInLoad,
// JoinedLoad, ContainsEager, RecursiveLoad, DefaultLoad of a
// relationship its mapping loads) and in Load:
//
//	orm.SelectInLoad(Users.Orders).LoadOnly(Orders.Total).SelectInLoad(Orders.Items)
//
// The path goes on from the same link. The other fields stay zero and
// unloaded, as with the query option LoadOnly: objects the session holds
// keep the fields they have (PopulateExisting overwrites only the columns
// read), and a later query that reads the columns completes them. A
// column of another table fails the query, naming it and the
// relationship; so do two options giving one path different columns.
func (l LoadPath) LoadOnly(cols ...core.Expression) LoadPath { return l.narrowed("LoadOnly", cols) }

// Defer loads the objects of the path's last relationship without the
// columns cols; see LoadPath.LoadOnly. A key the loaders need is read all
// the same.
func (l LoadPath) Defer(cols ...core.Expression) LoadPath { return l.narrowed("Defer", cols) }

// Undefer loads, with the objects of the path's last relationship, their
// columns tagged deferred; see LoadPath.LoadOnly.
func (l LoadPath) Undefer(cols ...core.Expression) LoadPath { return l.narrowed("Undefer", cols) }

// narrowed adds the column option name of cols to the path's last link,
// or, on a path of none, to its start (see Load).
func (l LoadPath) narrowed(name string, cols []core.Expression) LoadPath {
	if l.err != nil {
		return l
	}
	opt, err := newColumnOption(name, cols)
	n := len(l.links)
	switch {
	case err != nil:
		l.err = err
	case n == 0:
		l.own = append(l.own[:len(l.own):len(l.own)], opt)
	case l.links[n-1].rel == nil:
		l.err = fmt.Errorf("retort: %s after orm.Wildcard: name the relationship whose objects it narrows", opt)
	case l.links[n-1].strategy == LazyRaise || l.links[n-1].strategy == LazyNoLoad:
		last := l.links[n-1]
		l.err = fmt.Errorf("retort: %s after %s, which loads no objects", opt, optionName{strategy: last.strategy, rel: last.rel})
	default:
		l.links = slices.Clone(l.links)
		last := &l.links[n-1]
		last.cols = append(last.cols[:len(last.cols):len(last.cols)], opt)
	}
	return l
}

// narrow applies column options to an entity's default columns, in
// order, refusing to defer the primary key or to mix tables in one option.
func narrow(m *mapper, cols []int, opts []columnOption) ([]int, error) {
	out := slices.Clone(cols)
	for _, opt := range opts {
		var mine []int
		for _, d := range opt.cols {
			if i := m.position(d); i >= 0 && m.fields[i] != "" {
				mine = append(mine, i)
			}
		}
		for _, p := range opt.props {
			if i := m.computedPos(p); i >= 0 {
				mine = append(mine, i)
			}
		}
		if len(mine) == 0 {
			continue
		}
		if len(mine) != len(opt.cols)+len(opt.props) {
			return nil, fmt.Errorf("retort: %s names columns of several tables, or unmapped ones: give one option per entity", opt.name)
		}
		switch opt.name {
		case "LoadOnly":
			out = append(slices.Clone(m.pk), mine...)
		case "Defer":
			for _, c := range mine {
				if slices.Contains(m.pk, c) {
					return nil, fmt.Errorf("retort: Defer of %s's primary key column %s", m.typ, m.cols[c].Name)
				}
			}
			out = slices.DeleteFunc(out, func(c int) bool { return slices.Contains(mine, c) })
		case "Undefer":
			out = append(out, mine...)
		}
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out, nil
}

// narrowPath is the columns of m the loader of n's objects, reached by
// via, reads: m's defaults narrowed by n's column options, which must
// name m's columns, with the keys the loaders need (withKeys).
func (n *loadNode) narrowPath(m *mapper, via *relationship) ([]int, error) {
	for _, opt := range n.cols {
		for _, d := range opt.cols {
			if i := m.position(d); i < 0 || m.fields[i] == "" {
				return nil, fmt.Errorf("retort: %s: %s.%s is not a mapped column of %s, the objects of %s", n.colsVia, d.Table.Name(), d.Name, m.typ, via.name())
			}
		}
		for _, p := range opt.props {
			if m.computedPos(p) < 0 {
				return nil, fmt.Errorf("retort: %s: %s.%s is not a field of %s, the objects of %s", n.colsVia, p.owner.Name(), p.field, m.typ, via.name())
			}
		}
	}
	cols, err := narrow(m, defaultColumns(m), n.cols)
	if err != nil {
		return nil, err
	}
	return n.withKeys(m, cols, via), nil
}

// withKeys adds to cols, columns of m's objects at n (reached by via, nil
// at a query's entity) narrowed by column options, the keys loading them
// needs, as SQLAlchemy reads them whatever the options: via's columns
// that match each object to its parent (a recursive load's both), and
// the local keys of the relationships loaded from them. Without them
// the objects would be matched, and their relationships loaded, by a
// zero key.
func (n *loadNode) withKeys(m *mapper, cols []int, via *relationship) []int {
	var need []*core.ColumnDef
	switch {
	case via == nil:
	case via.kind == ManyToMany:
		need = append(need, via.targetColumns...)
	case n.strategy == recursiveLoad:
		need = append(append(need, via.remote...), via.local...)
	default:
		need = append(need, via.remote...)
	}
	for _, r := range m.rels {
		st, child := n.strategyFor(r)
		if walksBack(r, child, via) {
			continue
		}
		if st == LazySelectIn || st == LazyJoined || st == recursiveLoad {
			need = append(need, r.local...)
		}
	}
	if m.polymorphic() {
		// The discriminator says which type each row is.
		need = append(need, m.cols[m.inh.disc])
	}
	for _, d := range need {
		if i := m.position(d); i >= 0 && !slices.Contains(cols, i) {
			cols = append(cols, i)
		}
	}
	slices.Sort(cols)
	return cols
}

// markPartial records which mapped columns of obj were not loaded.
func (s *Session) markPartial(m *mapper, obj objptr.Ptr, cols []int) {
	var missing []int
	for i, f := range m.fields {
		if f != "" && !slices.Contains(cols, i) {
			missing = append(missing, i)
		}
	}
	for i := range m.computed {
		if c := len(m.cols) + i; m.isProperty(c) && !slices.Contains(cols, c) {
			missing = append(missing, c)
		}
	}
	if missing == nil {
		// Only fields that queries fill were left out (see computed).
		return
	}
	if s.partial == nil {
		s.partial = map[objptr.Ptr][]int{}
	}
	s.partial[obj] = missing
}

// complete fills, in held (of m the session's object; inst its instance, or
// nil), the columns it was loaded without from scanned, a new row of it
// that read cols (L34). A field the program wrote meanwhile (it differs
// from the zero value it was left at, or FlagModified names it) keeps the
// written value: the snapshot takes the row's, so that the flush still
// sends the write.
func (s *Session) complete(m *mapper, inst *instance, held, scanned objptr.Ptr, cols []int) {
	missing, ok := s.partial[held]
	if !ok {
		return
	}
	rest := missing[:0:0]
	for _, c := range missing {
		if !slices.Contains(cols, c) {
			rest = append(rest, c)
			continue
		}
		if inst == nil || inst.snapshot.IsNil() || c >= len(m.cols) {
			// A computed field is never written: no snapshot to keep.
			copyField(m.addr(held, c), m.addr(scanned, c))
			continue
		}
		if m.sameCol(held, inst.snapshot, c) && !slices.Contains(inst.modified, c) {
			copyField(m.addr(held, c), m.addr(scanned, c))
		}
		copyField(m.addr(inst.snapshot, c), m.addr(scanned, c))
		if slices.Contains(m.deepColumns(), c) {
			// Unshared: scanned is reused for the next row.
			m.copyDeep(inst.snapshot, scanned, c)
		}
	}
	if len(rest) == 0 {
		delete(s.partial, held)
	} else {
		s.partial[held] = rest
	}
}

// unwrite sets back to zero the fields of obj (of m) that it was never
// loaded with and that a row read with cols leaves so: a value written
// there is an unflushed change, which an overwrite from the database
// (PopulateExisting, an expired object) discards with the rest.
func (s *Session) unwrite(m *mapper, obj objptr.Ptr, cols []int) {
	for _, c := range s.partial[obj] {
		if !slices.Contains(cols, c) {
			reflect.ValueOf(m.addr(obj, c)).Elem().SetZero()
		}
	}
}

// FlagModified marks columns cols of obj, a persistent object of s, as
// written: the next flush sends their fields' values, changed or not
// (SQLAlchemy's flag_modified). A field that LoadOnly, Defer or a deferred
// tag left unloaded needs it to be set to its zero value: Go cannot see a
// field written, so the flush finds a write by comparing the field with
// the value it had, and an unloaded field had its zero value. Setting it
// to anything else is seen without it. A column not of obj's entity is
// ErrWrongColumn.
func FlagModified(s *Session, obj any, cols ...core.Expression) error {
	if err := s.enter(opFlagModified); err != nil {
		return err
	}
	defer s.leave()
	m, p, err := objectOf("FlagModified", obj)
	if err != nil {
		return err
	}
	inst := s.idmap.find(m, p)
	if inst == nil || inst.state != Persistent || inst.readOnly {
		return fmt.Errorf("retort: FlagModified: the %T is not persistent in this session", obj)
	}
	var pos []int
	for i, e := range cols {
		if e == nil {
			return &nilError{op: "FlagModified", what: fmt.Sprintf("column [%d]", i)}
		}
		d, ok := e.(interface{ Def() *core.ColumnDef })
		if !ok || d.Def() == nil {
			return fmt.Errorf("%w: FlagModified takes table columns (Users.Email), not %T", ErrWrongColumn, e)
		}
		c := m.position(d.Def())
		if c < 0 || m.fields[c] == "" {
			return fmt.Errorf("%w: FlagModified: %s is not a mapped column of %s", ErrWrongColumn, d.Def().Name, m.typ)
		}
		pos = append(pos, c)
	}
	for _, c := range pos {
		if !slices.Contains(inst.modified, c) {
			inst.modified = append(inst.modified, c)
		}
	}
	return nil
}

// copyField copies *src onto *dst, two pointers to fields of one type.
func copyField(dst, src any) {
	reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem())
}
