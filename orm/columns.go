// orm/columns.go

package orm

import (
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/retortdb/retort/core"
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
// completes them (L34), and Refresh reloads them all.
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
func (s *Session) markPartial(m *mapper, obj unsafe.Pointer, cols []int) {
	var missing []int
	for i, f := range m.fields {
		if f != "" && !slices.Contains(cols, i) {
			missing = append(missing, i)
		}
	}
	if s.partial == nil {
		s.partial = map[unsafe.Pointer][]int{}
	}
	s.partial[obj] = missing
}

// complete fills, in held (of m the session's object; inst its instance, or
// nil), the columns it was loaded without from scanned, a new row of it
// that read cols (L34).
func (s *Session) complete(m *mapper, inst *instance, held, scanned unsafe.Pointer, cols []int) {
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
		copyField(m.addr(held, c), m.addr(scanned, c))
		if inst != nil && inst.snapshot != nil {
			copyField(m.addr(inst.snapshot, c), m.addr(held, c))
			if slices.Contains(m.deepColumns(), c) {
				m.copyDeep(inst.snapshot, held, c)
			}
		}
	}
	if len(rest) == 0 {
		delete(s.partial, held)
	} else {
		s.partial[held] = rest
	}
}

// copyField copies *src onto *dst, two pointers to fields of one type.
func copyField(dst, src any) {
	reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem())
}
