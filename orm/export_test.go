package orm

import (
	"reflect"
	"strings"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/objptr"
)

// Check configures the mappings of ms alone, apart from the registry, as
// Configure would.
func Check(ms ...*Mapper) error {
	_, err := configure(ms, nil, nil)
	return err
}

// CheckPolymorphic configures ms with T's hierarchy, apart from the
// registry, as Configure would.
func CheckPolymorphic[T any](disc core.Expression, kinds []Identity, ms ...*Mapper) error {
	_, err := configure(ms, nil, []*hierarchy{{base: reflect.TypeFor[T](), disc: disc, kinds: kinds}})
	return err
}

// CheckProperties is Check with the computed fields props declare, made
// by NewProperty.
func CheckProperties(props []AnyProperty, ms ...*Mapper) error {
	var cs []*computed
	for _, p := range props {
		cs = append(cs, p.computedField())
	}
	_, err := configure(ms, cs, nil)
	return err
}

// AnyProperty is a Property of any type.
type AnyProperty interface{ computedField() *computed }

// NewProperty is ColumnProperty without registering the property.
func NewProperty[T, V any](field string, expr core.TypedExpression[V]) Property[T, V] {
	return newProperty[T](field, expr)
}

// Mapper is a mapping, apart from the registry.
type Mapper = mapper

// Imperative returns T's mapping as Map would register it.
func Imperative[T any](table *core.Table, rels ...AnyRelationship) *Mapper {
	return imperative[T](table, rels)
}

// NewMapper returns T's mapping as Register would register it.
func NewMapper[T any](m Mapping[T]) *Mapper { return newMapper(m) }

// Joins describes the columns a configured relationship joins on:
// "users.id = orders.user_id", a many-to-many's two joins separated by a
// comma, then its order_by.
func Joins(r AnyRelationship) string {
	rel := r.relationship()
	var parts []string
	pair := func(a, b []*core.ColumnDef) {
		for i := range a {
			parts = append(parts, a[i].Table.Name()+"."+a[i].Name+" = "+b[i].Table.Name()+"."+b[i].Name)
		}
	}
	pair(rel.local, rel.remote)
	pair(rel.secondaryRemote, rel.targetColumns)
	s := strings.Join(parts, ", ")
	for i, o := range rel.orderBy {
		if i == 0 {
			s += " order by "
		} else {
			s += ", "
		}
		s += o.col.Name
		if o.desc {
			s += " desc"
		}
	}
	return s
}

// Back names the relationship's back-reference, "order.User".
func Back(r AnyRelationship) string {
	if b := r.relationship().back; b != nil {
		return b.name()
	}
	return ""
}

// ScanAll reads every row of r into new objects of T through T's
// mapping, outside any session: the generated mapping's scanning alone,
// for BenchmarkScan100k and TestCreateAll. It closes r.
func ScanAll[T any](r *engine.Result) (objs []*T, err error) {
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	m, err := mapperFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	cols, err := columnsOf(m, r.Columns())
	if err != nil {
		return nil, err
	}
	sc := newEntityScanner(m, cols, false)
	for r.Next() {
		if err := sc.scan(r, nil); err != nil {
			return nil, err
		}
		objs = append(objs, objptr.To[T](m.clone(sc.stage)))
	}
	return objs, r.Err()
}
