// orm/imperative.go

package orm

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/mapping"
	"github.com/retortdb/retort/internal/naming"
	"github.com/retortdb/retort/internal/objptr"
)

// Map maps the struct T onto an existing table, without code generation:
// SQLAlchemy's imperative mapping. Each exported field holds the column of
// its snake_case name (UserID → user_id), or the one its tag names
// (`retort:"column:uid"`); a field tagged `retort:"-"`, and the fields of
// rels, hold none. The fields of an embedded struct (by value or by
// pointer, at any depth) are T's, by Go's rules, as retort gen maps them
// (see Embedded structs in the package documentation). The table's
// metadata (keys, foreign keys, types) is the table's own; tags say
// nothing else here, but for soft_delete, which names the column that
// marks a row deleted (see Soft delete in the package documentation).
//
// Fields are read and written through descriptors made once here (see
// internal/objptr): in the default build, using a mapped struct costs no
// reflection per row. Mistakes (a field
// with no column, a relationship without a foreign-key path) are reported
// by Configure.
func Map[T any](table *core.Table, rels ...AnyRelationship) { register(imperative[T](table, rels)) }

func imperative[T any](table *core.Table, rels []AnyRelationship) *mapper {
	m := Mapping[T]{Table: table, Relationships: rels}
	fields, err := mapFields[T](table, rels)
	if err == nil {
		m.Fields = make([]string, len(fields))
		for i, f := range fields {
			if f != nil {
				m.Fields[i] = f.name
			}
			if f != nil && f.softDelete {
				m.SoftDelete = table.Columns()[i].Name
			}
		}
		m.Addr = func(obj *T, i int) any {
			if fields[i] == nil {
				return nil
			}
			p, _ := fields[i].holder(objptr.Of(obj), true)
			return fields[i].Addr(p)
		}
		m.Value = func(obj *T, i int) any {
			if fields[i] == nil {
				return nil
			}
			p, ok := fields[i].holder(objptr.Of(obj), false)
			if !ok {
				return fields[i].zero
			}
			return reflect.ValueOf(fields[i].Addr(p)).Elem().Interface()
		}
	}
	mp := newMapper(m)
	if err != nil {
		mp.err = err
	}
	return mp
}

// relationshipShaped reports whether a field of type rt can only be a
// relationship: a *S that is not a column value (time.Time,
// a sql.Scanner), or a []*S.
func relationshipShaped(rt reflect.Type) bool {
	if rt.Kind() == reflect.Slice {
		rt = rt.Elem()
		if rt.Kind() != reflect.Pointer {
			return false
		}
	}
	if rt.Kind() != reflect.Pointer || rt.Elem().Kind() != reflect.Struct {
		return false
	}
	return rt.Elem() != reflect.TypeFor[time.Time]() && !rt.Implements(reflect.TypeFor[sql.Scanner]())
}

// mappedField is the field of a struct that holds a column: one of its
// own, or one that a struct it embeds promotes.
type mappedField struct {
	name string
	path string // the name from the mapped struct, for messages: Base.ID
	// via are the embedded pointers on the way to the field, outermost
	// first: each a field of the struct that the one before points at,
	// the first of the mapped struct. The field is one of the struct
	// the last points at.
	via []objptr.Field
	objptr.Field
	zero any // the field's zero value: its value while a pointer of via is nil
	// softDelete: the field is tagged soft_delete.
	softDelete bool
}

// holder returns the struct that holds f in obj: obj itself, or the
// struct its embedded pointers lead to. Where one is nil, alloc sets it
// to a new zero struct, else holder reports false.
func (f *mappedField) holder(obj objptr.Ptr, alloc bool) (objptr.Ptr, bool) {
	for _, e := range f.via {
		p := e.Ptr(obj)
		if p.IsNil() {
			if !alloc {
				return objptr.Ptr{}, false
			}
			p = objptr.FromAny(reflect.New(e.Type().Elem()).Interface())
			e.SetPtr(obj, p)
		}
		obj = p
	}
	return obj, true
}

// member is a field of a mapped struct or of a struct it embeds.
type member struct {
	reflect.StructField
	index  []int  // its path from the mapped struct
	path   string // its name from the mapped struct: ID, Base.ID
	parent bool   // an embedded struct, whose fields are members after it
	skip   bool   // an embedded field tagged "-"
}

// members lists the fields of t, and after each embedded struct its own
// members, depth first in source order, as mapping.Visible takes them.
func members(t reflect.Type, at []int, prefix string, seen []reflect.Type) ([]member, error) {
	var out []member
	for i := range t.NumField() {
		f := t.Field(i)
		m := member{StructField: f, index: append(slices.Clip(at), i), path: prefix + f.Name}
		tag, hasTag := f.Tag.Lookup("retort")
		et := f.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		switch {
		case !f.Anonymous:
		case strings.TrimSpace(tag) == "-":
			m.skip = true
		case et.Kind() == reflect.Struct && et != timeType && !reflect.PointerTo(et).Implements(scannerType):
			m.parent = true
			if hasTag {
				return nil, fmt.Errorf("field %s: an embedded struct takes no tag but \"-\": its fields carry their own", m.path)
			}
			if f.Type.Kind() == reflect.Pointer && !f.IsExported() {
				return nil, fmt.Errorf("field %s: an embedded pointer must be exported: a load allocates it, and reflection cannot set an unexported one; embed the struct by value", m.path)
			}
			if slices.Contains(seen, et) {
				break // its fields, a level deeper, are shadowed by those listed
			}
			inner, err := members(et, m.index, m.path+".", append(slices.Clip(seen), et))
			if err != nil {
				return nil, err
			}
			out = append(append(out, m), inner...)
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// fieldAt returns the field of t at index, reached through the
// embedded pointers on the way.
func fieldAt(t reflect.Type, index []int) *mappedField {
	f := &mappedField{}
	root, at := t, 0
	for k, i := range index {
		sf := t.Field(i)
		t = sf.Type
		if t.Kind() == reflect.Pointer && k < len(index)-1 {
			f.via = append(f.via, objptr.FieldOf(root, index[at:k+1]))
			t = t.Elem()
			root, at = t, k+1
		}
	}
	f.Field = objptr.FieldOf(root, index[at:])
	f.zero = reflect.Zero(f.Type()).Interface()
	return f
}

// jsonColumn reports whether f, shaped as a relationship (a *S or []*S),
// names a JSON column of cols: a nullable document, not a relationship.
func jsonColumn(cols []*core.ColumnDef, f reflect.StructField) bool {
	tag, err := mapping.ParseColumnTag(f.Tag.Get("retort"))
	name := tag.Column
	if err != nil || tag.Skip {
		return false
	}
	if name == "" {
		name = naming.Snake(f.Name)
	}
	return slices.ContainsFunc(cols, func(c *core.ColumnDef) bool { return c.Name == name && c.Type.Kind() == core.KindJSON })
}

// mapFields finds, for each of table's columns, the field of T that holds
// it, or nil: a field of T or of a struct it embeds, chosen by Go's
// selector rule.
func mapFields[T any](table *core.Table, rels []AnyRelationship) ([]*mappedField, error) {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("only a struct can be mapped, not %s", rt)
	}
	if table == nil {
		return nil, fmt.Errorf("Map needs a table")
	}
	ms, err := members(rt, nil, "", []reflect.Type{rt})
	if err != nil {
		return nil, err
	}
	promoted := make([]mapping.Promoted, len(ms))
	for i, m := range ms {
		promoted[i] = mapping.Promoted{Name: m.Name, Depth: len(m.index) - 1}
	}
	visible, clash := mapping.Visible(promoted)
	cols := table.Columns()
	fields := make([]*mappedField, len(cols))
	for i, m := range ms {
		f := m.StructField
		if j := clash[i]; j >= 0 && f.IsExported() && !((ms[j].parent || ms[j].skip) && (m.parent || m.skip)) {
			return nil, fmt.Errorf("fields %s and %s are both %s.%s, which Go leaves ambiguous: name one of the embedded fields, or tag one `retort:\"-\"`",
				ms[j].path, m.path, rt.Name(), f.Name)
		}
		if !visible[i] || m.parent || m.skip || !f.IsExported() {
			continue // shadowed, as in Go; an embedded struct, whose fields are members; or not mapped
		}
		if f.Anonymous {
			return nil, fmt.Errorf("field %s: an embedded %s is not mapped: only an embedded struct's fields are columns; name the field to map it as one, or tag it `retort:\"-\"`", m.path, f.Type)
		}
		declared := slices.ContainsFunc(rels, func(r AnyRelationship) bool { return r.relationship().field == f.Name })
		if declared || relationshipShaped(f.Type) && !jsonColumn(cols, f) {
			// A relationship field holds no column; one not passed
			// in rels is left alone, as SQLAlchemy leaves unmapped
			// attributes.
			continue
		}
		tag, err := mapping.ParseColumnTag(f.Tag.Get("retort"))
		if err != nil {
			return nil, fmt.Errorf("field %s: %v", m.path, err)
		}
		if tag.Skip {
			continue
		}
		name := tag.Column
		if name == "" {
			name = naming.Snake(f.Name)
		}
		j := slices.IndexFunc(cols, func(c *core.ColumnDef) bool { return c.Name == name })
		if j < 0 {
			return nil, fmt.Errorf("field %s: %s has no column %q (tag the field `retort:\"-\"` if it is not a column)", m.path, table.Name(), name)
		}
		if fields[j] != nil {
			return nil, fmt.Errorf("fields %s and %s both hold column %q", fields[j].path, m.path, name)
		}
		if tag.SoftDelete {
			if k := slices.IndexFunc(fields, func(f *mappedField) bool { return f != nil && f.softDelete }); k >= 0 {
				return nil, fmt.Errorf("field %s: a second soft_delete column: %s is one already", m.path, fields[k].path)
			}
		}
		fields[j] = fieldAt(rt, m.index)
		fields[j].name, fields[j].path, fields[j].softDelete = f.Name, m.path, tag.SoftDelete
	}
	return fields, nil
}
