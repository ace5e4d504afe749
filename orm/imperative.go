// orm/imperative.go

package orm

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
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
// rels, hold none. The table's metadata (keys, foreign keys, types) is the
// table's own; tags say nothing else here.
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
		}
		m.Addr = func(obj *T, i int) any {
			if fields[i] == nil {
				return nil
			}
			return fields[i].Addr(objptr.Of(obj))
		}
		m.Value = func(obj *T, i int) any {
			if fields[i] == nil {
				return nil
			}
			return reflect.ValueOf(fields[i].Addr(objptr.Of(obj))).Elem().Interface()
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

// mappedField is the field of a struct that holds a column.
type mappedField struct {
	name string
	objptr.Field
}

// mapFields finds, for each of table's columns, the field of T that holds
// it, or nil.
func mapFields[T any](table *core.Table, rels []AnyRelationship) ([]*mappedField, error) {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("only a struct can be mapped, not %s", rt)
	}
	if table == nil {
		return nil, fmt.Errorf("Map needs a table")
	}
	cols := table.Columns()
	fields := make([]*mappedField, len(cols))
	for i := range rt.NumField() {
		f := rt.Field(i)
		declared := slices.ContainsFunc(rels, func(r AnyRelationship) bool { return r.relationship().field == f.Name })
		if !f.IsExported() || declared || relationshipShaped(f.Type) {
			// A relationship field holds no column; one not passed
			// in rels is left alone, as SQLAlchemy leaves unmapped
			// attributes.
			continue
		}
		tag, err := mapping.ParseColumnTag(f.Tag.Get("retort"))
		if err != nil {
			return nil, fmt.Errorf("field %s: %v", f.Name, err)
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
			return nil, fmt.Errorf("field %s: %s has no column %q (tag the field `retort:\"-\"` if it is not a column)", f.Name, table.Name(), name)
		}
		if fields[j] != nil {
			return nil, fmt.Errorf("fields %s and %s both hold column %q", fields[j].name, f.Name, name)
		}
		fields[j] = &mappedField{name: f.Name, Field: objptr.FieldOf(rt, f.Index)}
	}
	return fields, nil
}
