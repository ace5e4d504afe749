// orm/computed.go

package orm

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/mapping"
	"github.com/retortdb/retort/internal/naming"
	"github.com/retortdb/retort/internal/objptr"
)

// ErrComputedField: WithExpression names a field that is not a computed
// field of the entity, gives it an expression of another Go type, or
// names an entity the query does not select.
var ErrComputedField = errors.New("retort: not a computed field")

// computed is a field of a mapped struct filled from a SQL expression
// rather than a column: a field tagged computed, with the expression
// ColumnProperty gave it (SQLAlchemy's column_property), or none, filled
// only by a query's WithExpression (query_expression).
type computed struct {
	owner reflect.Type // the mapped struct
	field string
	// expr is ColumnProperty's expression over the owner's table, nil
	// for a field only queries fill; adapt is it read from another
	// FROM item (an alias, or a subquery that selects the table's
	// columns), labelled.
	expr  core.Expression
	adapt func(src core.FromItem, label string) core.Projection
	vt    reflect.Type // the expression's Go values
	// label names the value in a SELECT: the field's snake_case name.
	label string
	at    objptr.Field
	err   error
}

// Property is a field of T whose value a SQL expression computes from
// T's row, declared with ColumnProperty. It is the expression itself,
// so a query can filter and order by it (Where(ItemCount.Gt(2)),
// OrderBy(ItemCount.Desc())), and it names the field to Defer,
// LoadOnly and Undefer.
type Property[T, V any] struct {
	core.Expr[V]
	c *computed
}

// computedField is the field a Property stands for.
func (p Property[T, V]) computedField() *computed { return p.c }

// ColumnProperty declares T's field, tagged `retort:"computed"`, as
// computed by expr (SQLAlchemy's column_property): every query of T
// selects expr with the columns, labelled with the field's snake_case
// name, and puts its value in the field. expr reads T's table, in
// expressions of its columns (price * quantity) or in correlated
// subqueries (an order's item count):
//
//	var OrderItemCount = orm.ColumnProperty[Order]("ItemCount",
//		core.Scalar[int64](core.Select(core.CountAll()).From(Items).Where(Items.OrderID.EqCol(Orders.ID))))
//
// Declare it in a package variable of the program's own file, beside the
// generated code it leaves alone. Select, Get, Refresh, Stream, the
// loaders (select-in, joined, on the join's alias; recursive;
// ContainsEager) all load it; Defer leaves it out of a query, and a
// later query that reads it fills it in. The flush never writes it nor
// compares it: a change to the field is not a change of the object, and
// a new object's field keeps what the program set until a query or
// Refresh reads it. Mistakes are reported by Configure as a *ConfigError
// naming the field: a field that does not exist or is not tagged
// computed, of a type that cannot hold V (V, *V or sql.Null[V]), an
// expression naming another table outside a subquery, two properties of
// one field.
func ColumnProperty[T, V any](field string, expr core.TypedExpression[V]) Property[T, V] {
	p := newProperty[T](field, expr)
	registry.Lock()
	properties = append(properties, p.c)
	registry.configured = false
	registry.Unlock()
	return p
}

// newProperty is ColumnProperty's property, not registered.
func newProperty[T, V any](field string, expr core.TypedExpression[V]) Property[T, V] {
	c := &computed{owner: reflect.TypeFor[T](), field: field, vt: reflect.TypeFor[V]()}
	if expr == nil {
		c.err = &nilError{op: "ColumnProperty(" + field + ")", what: "the expression"}
		expr = core.Null[V]()
	}
	c.expr = expr
	c.adapt = func(src core.FromItem, label string) core.Projection {
		return core.Adapt(expr, src).Label(label)
	}
	return Property[T, V]{Expr: core.ExprOf(expr), c: c}
}

// properties are the ColumnProperty declarations, of every type, that
// configure attaches to their mappers.
var properties []*computed

// exprOption is WithExpression: the expression a query fills a computed
// field with.
type exprOption struct {
	owner reflect.Type
	field string
	vt    reflect.Type
	adapt func(src core.FromItem, label string) core.Projection
}

func (e exprOption) applyQuery(o *queryOptions) { r := o.more(); r.exprs = append(r.exprs, e) }

// WithExpression fills T's computed field (tagged `retort:"computed"`)
// from expr in this query (SQLAlchemy's query_expression and
// with_expression): a value that depends on the query, as a distance
// to a point it is given or a search rank. A query without it leaves
// the field zero.
//
//	dist := core.Abs(Places.Lat.Sub(lat)).AddExpr(core.Abs(Places.Lon.Sub(lon)))
//	orm.Select[Place]().OrderBy(dist.Asc()).Options(orm.WithExpression[Place]("Distance", dist))
//
// The query selects expr labelled with the field's snake_case name,
// read from where it reads T (an alias's columns when from an alias);
// to filter or order by it, give the query the same expression. It fills
// the query's own T objects, not those a loader loads. An object the
// session holds already keeps the value it has, as with columns, unless
// the query has PopulateExisting, which also sets the field to zero
// when the query has no WithExpression for it; so does the reload of
// an expired object. A field that is not a computed field of T, or a
// ColumnProperty's, an expression of a type the field cannot hold, and a
// query that does not select T, fail the query with ErrComputedField.
func WithExpression[T, V any](field string, expr core.TypedExpression[V]) QueryOption {
	if expr == nil {
		return optionFunc(func(o *queryOptions) {
			o.err = &nilError{op: "WithExpression(" + field + ")", what: "the expression"}
		})
	}
	return exprOption{
		owner: reflect.TypeFor[T](), field: field, vt: reflect.TypeFor[V](),
		adapt: func(src core.FromItem, label string) core.Projection { return core.Adapt(expr, src).Label(label) },
	}
}

// computedAt is the computed field at position c of m's loaded
// positions, or nil for a column.
func (m *mapper) computedAt(c int) *computed {
	if c < len(m.cols) {
		return nil
	}
	return m.computed[c-len(m.cols)]
}

// computedPos is the position of m's computed field c, or -1.
func (m *mapper) computedPos(c *computed) int {
	if i := slices.Index(m.computed, c); i >= 0 {
		return len(m.cols) + i
	}
	return -1
}

// project is the SELECT item of m's position c read from src: a column,
// or a ColumnProperty's expression moved onto src and labelled. A
// computed field that a query fills is projected by the query
// (withExpressions).
func (m *mapper) project(src core.FromItem, c int) core.Projection {
	if c < len(m.cols) {
		return core.ColumnOf[any](src, m.cols[c].Name)
	}
	p := m.computedAt(c)
	return p.adapt(src, p.label)
}

// resultName is the name under which a SELECT of m's position c holds
// it, for a query that reads it from a subquery wrapping that SELECT.
func (m *mapper) resultName(c int) string {
	if c < len(m.cols) {
		return m.cols[c].Name
	}
	return m.computedAt(c).label
}

// bindComputed finds, for each mapper, its fields tagged computed, gives
// them the expressions ColumnProperty declared for them, and sets the
// mapper's loaded positions: the computed fields come after the
// columns, those with an expression loaded by default. It returns the
// mistakes, each a *ConfigError.
func bindComputed(byType map[reflect.Type]*mapper, props []*computed) []error {
	var errs []error
	fail := func(typ reflect.Type, field, format string, args ...any) {
		errs = append(errs, &ConfigError{Struct: typ.String(), Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	for _, p := range props {
		if byType[p.owner] == nil {
			fail(p.owner, p.field, "ColumnProperty of a struct that is not mapped")
		}
	}
	for _, m := range byType {
		var fields []*computed
		for _, f := range reflect.VisibleFields(m.typ) {
			tag, err := mapping.ParseColumnTag(f.Tag.Get("retort"))
			if err != nil || !tag.Computed || !f.IsExported() {
				continue
			}
			c := &computed{owner: m.typ, field: f.Name}
			for _, p := range props {
				if p.owner != m.typ || p.field != f.Name {
					continue
				}
				if c.expr != nil {
					fail(m.typ, f.Name, "two ColumnProperty declarations")
					continue
				}
				c = p
			}
			if err := c.bind(m, f); err != nil {
				fail(m.typ, f.Name, "%v", err)
				continue
			}
			fields = append(fields, c)
		}
		for _, p := range props {
			if p.owner == m.typ && !slices.Contains(fields, p) && !slices.ContainsFunc(errs, func(err error) bool {
				var ce *ConfigError
				return errors.As(err, &ce) && ce.Field == p.field && ce.Struct == m.typ.String()
			}) {
				if _, ok := m.typ.FieldByName(p.field); ok {
					fail(m.typ, p.field, "ColumnProperty of a field not tagged `retort:\"computed\"`: tag it, so that retort gen and Map leave it out of the columns")
				} else {
					fail(m.typ, p.field, "ColumnProperty of a field %s does not have", m.typ)
				}
			}
		}
		m.setComputed(fields)
	}
	return errs
}

// bind checks c, a computed field f of m, and readies it: where it is in
// the struct, and its label.
func (c *computed) bind(m *mapper, f reflect.StructField) error {
	if c.err != nil {
		return c.err
	}
	t := m.typ
	for _, i := range f.Index[:len(f.Index)-1] {
		t = t.Field(i).Type
		if t.Kind() == reflect.Pointer {
			return fmt.Errorf("a computed field cannot be reached through an embedded pointer: embed the struct by value")
		}
	}
	c.at = objptr.FieldOf(m.typ, f.Index)
	c.label = naming.Snake(f.Name)
	if slices.ContainsFunc(m.cols, func(d *core.ColumnDef) bool { return d.Name == c.label }) {
		return fmt.Errorf("its label %s is a column of %s: rename the field", c.label, m.table.Name())
	}
	if c.expr == nil {
		return nil
	}
	if !holds(f.Type, c.vt) {
		return fmt.Errorf("a %s field cannot hold the expression's %s values: make it a %[2]s, *%[2]s or sql.Null[%[2]s]", f.Type, c.vt)
	}
	for _, from := range core.Reads(c.expr) {
		if from != core.FromItem(m.table) {
			return fmt.Errorf("the expression reads %s, not only %s: put other tables in a correlated subquery (core.Scalar)", fromName(from), m.table.Name())
		}
	}
	return nil
}

// holds reports whether a field of type ft can hold values of type vt:
// vt itself, a pointer to it, or its sql.Null.
func holds(ft, vt reflect.Type) bool {
	if ft == vt || ft.Kind() == reflect.Pointer && ft.Elem() == vt {
		return true
	}
	v, ok := nullValue(ft)
	return ok && v == vt
}

// fromName names a FROM item for a message.
func fromName(f core.FromItem) string {
	if t := tableOf(f); t != nil {
		return t.Name()
	}
	return fmt.Sprintf("%T", f)
}

// setComputed gives m its computed fields, after its columns: addr reaches
// them, and those with an expression are loaded by default and counted
// among the fields a whole object has (mapped).
func (m *mapper) setComputed(fields []*computed) {
	if m.colAddr == nil {
		m.colAddr = m.addr
	}
	m.computed = fields
	m.defaults = slices.DeleteFunc(slices.Clone(m.defaults), func(c int) bool { return c >= len(m.cols) })
	m.mapped = 0
	for _, f := range m.fields {
		if f != "" {
			m.mapped++
		}
	}
	if len(fields) == 0 {
		m.addr = m.colAddr
		m.defaults = slices.Clip(m.defaults)
		return
	}
	n, colAddr := len(m.cols), m.colAddr
	m.addr = func(obj objptr.Ptr, i int) any {
		if i < n {
			return colAddr(obj, i)
		}
		return fields[i-n].at.Addr(obj)
	}
	for i := range fields {
		m.mapped++
		if fields[i].expr != nil {
			m.defaults = append(m.defaults, n+i)
		}
	}
	m.defaults = slices.Clip(m.defaults)
}

// isProperty reports whether m's position c is a computed field with an
// expression of its mapping (ColumnProperty's): one a whole object has
// loaded.
func (m *mapper) isProperty(c int) bool {
	p := m.computedAt(c)
	return p != nil && p.expr != nil
}

// queryExpr is a query's WithExpression resolved against its entities:
// the mapper and position it fills.
type queryExpr struct {
	m   *mapper
	pos int
	opt exprOption
}

// resolveExprs checks the query's WithExpression options against the
// mappers of its entities.
func resolveExprs(opts []exprOption, elems []elem) ([]queryExpr, error) {
	out := make([]queryExpr, 0, len(opts))
	for _, o := range opts {
		i := slices.IndexFunc(elems, func(e elem) bool { return e.m != nil && e.m.typ == o.owner })
		if i < 0 {
			return nil, fmt.Errorf("%w: WithExpression(%s.%s): the query selects no %[2]s", ErrComputedField, o.owner, o.field)
		}
		m := elems[i].m
		k := slices.IndexFunc(m.computed, func(c *computed) bool { return c.field == o.field })
		if k < 0 {
			return nil, fmt.Errorf("%w: WithExpression(%s.%s): %[2]s has no field %[3]s tagged `retort:\"computed\"`", ErrComputedField, o.owner, o.field)
		}
		if m.computed[k].expr != nil {
			return nil, fmt.Errorf("%w: WithExpression(%s.%s): the field is a ColumnProperty, computed by its mapping", ErrComputedField, o.owner, o.field)
		}
		if slices.ContainsFunc(out, func(x queryExpr) bool { return x.m == m && x.pos == len(m.cols)+k }) {
			return nil, fmt.Errorf("%w: WithExpression(%s.%s) given twice", ErrComputedField, o.owner, o.field)
		}
		if f, _ := m.typ.FieldByName(o.field); !holds(f.Type, o.vt) {
			return nil, fmt.Errorf("%w: WithExpression(%s.%s): a %s field cannot hold the expression's %s values", ErrComputedField, o.owner, o.field, f.Type, o.vt)
		}
		out = append(out, queryExpr{m: m, pos: len(m.cols) + k, opt: o})
	}
	return out, nil
}

// clearExpressions sets to zero the fields of obj that only queries fill
// and that a row read with cols did not: an overwrite from the database
// (PopulateExisting, an expired object) drops a value an earlier query
// gave, as SQLAlchemy's does.
func (m *mapper) clearExpressions(obj objptr.Ptr, cols []int) {
	for i, c := range m.computed {
		if c.expr == nil && !slices.Contains(cols, len(m.cols)+i) {
			reflect.ValueOf(c.at.Addr(obj)).Elem().SetZero()
		}
	}
}

// tableProjection is project from m's own table: a column as m.columns
// holds it.
func (m *mapper) tableProjection(c int) core.Projection {
	if c < len(m.cols) {
		return m.columns[c]
	}
	return m.project(m.table, c)
}

// wholeRow is what Refresh selects of m: its table's columns, and the
// expressions of its ColumnProperty fields, deferred or not.
func (m *mapper) wholeRow() []core.Projection {
	items := []core.Projection{m.table}
	for i := range m.computed {
		if c := len(m.cols) + i; m.isProperty(c) {
			items = append(items, m.tableProjection(c))
		}
	}
	return items
}

// projectWith is the SELECT item of e's position c: the query's
// expression for a computed field that exprs fill, else e's column or
// property.
func projectWith(e elem, c int, exprs []queryExpr) core.Projection {
	for _, x := range exprs {
		if x.m == e.m && x.pos == c {
			return x.opt.adapt(e.src, e.m.computedAt(c).label)
		}
	}
	return e.m.project(e.src, c)
}
