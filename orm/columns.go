// orm/columns.go

package orm

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// columnOption is LoadOnly, Defer or Undefer: columns of one entity.
type columnOption struct {
	cols []*core.ColumnDef
	name string
}

func (c columnOption) applyQuery(o *queryOptions) { o.columns = append(o.columns, c) }

// LoadOnly loads the query's entity with only the columns cols (of one
// entity's table) and its primary key, which is always loaded (L31):
// SELECT users.id, users.email. The other fields stay zero. Go cannot
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
	opt := columnOption{name: name}
	for _, e := range cols {
		d, ok := e.(interface{ Def() *core.ColumnDef })
		if !ok || d.Def() == nil {
			return optionFunc(func(o *queryOptions) {
				o.err = fmt.Errorf("retort: %s takes table columns (Users.Email), not %T", name, e)
			})
		}
		opt.cols = append(opt.cols, d.Def())
	}
	return opt
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
		if len(mine) == 0 {
			continue
		}
		if len(mine) != len(opt.cols) {
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

// markPartial records which mapped columns of obj were not loaded.
func (s *Session) markPartial(m *mapper, obj objptr.Ptr, cols []int) {
	var missing []int
	for i, f := range m.fields {
		if f != "" && !slices.Contains(cols, i) {
			missing = append(missing, i)
		}
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
		if inst == nil || inst.snapshot.IsNil() {
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
