// orm/relationship_join.go

package orm

import (
	"fmt"

	"github.com/retortdb/retort/core"
)

// Of returns the relationship with its target read from target, an alias
// of the target's table (core.Aliased(Orders)), for Join, OuterJoin, Any
// and Has: orm.Select[User]().Join(Users.Orders.Of(o)) joins the orders as
// o, and conditions then name o's columns (SQLAlchemy's of_type). A
// relationship from a table to itself (an employee's reports) needs one,
// since its target and its parent would otherwise be the same table. In a
// loader option, only ContainsEager takes it, as the alias its target is
// read from.
func (r Relationship[P, C]) Of(target core.FromItem) Relationship[P, C] {
	r.of = target
	return r
}

// From returns the relationship with its parent read from parent, an
// alias of the parent's table, for Join, OuterJoin, Any and Has: in a
// query of u := core.Aliased(Users), Users.Orders.From(u).Any() is
// correlated to u, and Join(Orders.Items.From(o)) continues a join of the
// orders as o.
func (r Relationship[P, C]) From(parent core.FromItem) Relationship[P, C] {
	r.from = parent
	return r
}

// Any is a correlated EXISTS along a collection (one-to-many or
// many-to-many): true for the parents that have at least one object
// matching conds, which name the target's columns (SQLAlchemy's any()):
//
//	orm.Select[User]().Where(Users.Orders.Any(Orders.Total.Gt(100)))
//
// is WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id
// AND orders.total > $1); a many-to-many reads its association table and
// target in the subquery, and core.Not(Users.Orders.Any()) finds the
// parents with none. The criteria of And count too. The parent is the
// parent's table, or the alias given with From, and the enclosing query
// must read it from there: a query of an alias of users that forgot From
// fails, rather than testing everyone's orders. The target is read from
// its own table, or the alias given with Of, inside the subquery even
// when the enclosing query joins it. On a many-to-one or one-to-one the
// query fails: use Has.
func (r Relationship[P, C]) Any(conds ...core.Condition) core.Bool {
	return r.exists("Any", conds)
}

// Has is Any for a reference (many-to-one or one-to-one): true for the
// parents whose object matches conds (SQLAlchemy's has()):
//
//	orm.Select[Order]().Where(Orders.User.Has(Users.Email.Eq("ann@example.com")))
//
// On a collection the query fails: use Any.
func (r Relationship[P, C]) Has(conds ...core.Condition) core.Bool {
	return r.exists("Has", conds)
}

func (r Relationship[P, C]) ends() (from, of core.FromItem) { return r.from, r.of }

func (r Relationship[P, C]) exists(op string, conds []core.Condition) core.Bool {
	if r.r == nil {
		return core.Invalid[bool](&nilError{op: op, what: "the relationship"})
	}
	return r.r.exists(op, r.from, r.of, r.spec, conds)
}

// joinable is a relationship that Join and OuterJoin follow: a
// Relationship, with the aliases of From and Of.
type joinable interface {
	AnyRelationship
	ends() (from, of core.FromItem)
}

// JoinTarget is what Join and OuterJoin take: a core.FromItem (a table
// struct such as Orders, an alias, a subquery, a CTE) or a relationship
// (Users.Orders, Users.Orders.Of(alias), Orders.Items.From(alias)).
// Anything else fails the query. It is any because core.FromItem is an
// interface that only package core can implement.
type JoinTarget = any

// joinStep is one JOIN of a query: its target and ON conditions.
type joinStep struct {
	to core.FromItem
	on []core.Condition
}

// joinSteps returns the joins that follow target: itself for a FROM item,
// and for a relationship its target (with on and the criteria of And in
// its ON clause), after the association table for a many-to-many.
func joinSteps(op string, target JoinTarget, on []core.Condition) ([]joinStep, error) {
	switch t := target.(type) {
	case joinable:
		r := t.relationship()
		if r == nil {
			return nil, &nilError{op: op, what: "the relationship"}
		}
		from, of := t.ends()
		spec := t.loadSpec()
		parent, to, err := r.sources(op, from, of, spec)
		if err != nil {
			return nil, err
		}
		extra := append(spec.criteria[:len(spec.criteria):len(spec.criteria)], on...)
		if r.kind == ManyToMany {
			return []joinStep{
				{to: r.secondary, on: equate(r.secondary, r.remote, parent, r.local)},
				{to: to, on: append(equate(to, r.targetColumns, r.secondary, r.secondaryRemote), extra...)},
			}, nil
		}
		return []joinStep{{to: to, on: append(equate(to, r.remote, parent, r.local), extra...)}}, nil
	case core.FromItem:
		if t == nil {
			return nil, &nilError{op: op, what: "the target"}
		}
		return []joinStep{{to: t, on: on}}, nil
	}
	return nil, fmt.Errorf("retort: %s takes a table, an alias, a subquery or a relationship, not %T", op, target)
}

// sources returns where a join or EXISTS along r reads the parent and the
// target: from and of, checked against r's tables, or the tables
// themselves.
func (r *relationship) sources(op string, from, of core.FromItem, spec loadSpec) (parent, target core.FromItem, err error) {
	if _, err := mapperFor(r.parentType); err != nil {
		return nil, nil, err
	}
	if len(spec.order) > 0 || spec.limit > 0 {
		return nil, nil, fmt.Errorf("retort: %s along %s with OrderBy or Limit: they order and limit what a loader loads, not a join", op, r.name())
	}
	if parent, err = r.source(op, "From", from, r.parent); err != nil {
		return nil, nil, err
	}
	if target, err = r.source(op, "Of", of, r.target); err != nil {
		return nil, nil, err
	}
	if pt, ok := parent.(*core.Table); ok && pt == target {
		return nil, nil, fmt.Errorf("retort: %s along %s relates %s to itself: read the target from an alias, %s.Of(core.Aliased(...))",
			op, r.name(), r.target.table.Name(), r.name())
	}
	return parent, target, nil
}

// source returns src, or m's table when src is nil, refusing an alias of
// another table.
func (r *relationship) source(op, method string, src core.FromItem, m *mapper) (core.FromItem, error) {
	if src == nil {
		return m.table, nil
	}
	if t := tableOf(src); t != nil {
		if t.Base() != m.table {
			return nil, fmt.Errorf("retort: %s along %s: %s(%s) is not an alias of %s",
				op, r.name(), method, t.Name(), m.table.Name())
		}
		return t, nil
	}
	return src, nil
}

// exists builds the correlated EXISTS of Any and Has.
func (r *relationship) exists(op string, from, of core.FromItem, spec loadSpec, conds []core.Condition) core.Bool {
	parent, target, err := r.sources(op, from, of, spec)
	if err == nil && r.many != (op == "Any") {
		use := "Has"
		if r.many {
			use = "Any"
		}
		err = fmt.Errorf("retort: %s on %s, a %s: use %s", op, r.name(), r.kind, use)
	}
	if err != nil {
		return core.Invalid[bool](err)
	}
	// The target is a FROM item of the subquery even when the enclosing
	// query has it too (a join along the same relationship): only the
	// parent is correlated (SQLAlchemy's correlate_except).
	froms := []core.FromItem{target}
	var where []core.Condition
	if r.kind == ManyToMany {
		froms = []core.FromItem{r.secondary, target}
		where = append(equate(parent, r.local, r.secondary, r.remote),
			equate(target, r.targetColumns, r.secondary, r.secondaryRemote)...)
	} else {
		where = equate(parent, r.local, target, r.remote)
	}
	where = append(append(where, spec.criteria...), conds...)
	if r.target.live != nil {
		// A deleted target is no target, whatever the query's options:
		// the EXISTS is built before they are known.
		where = append(where, r.target.liveOn(target))
	}
	// Correlate: a query that does not read the parent from where the
	// EXISTS says (an alias without From) fails instead of testing every
	// parent row at once.
	return core.Exists(core.Select(core.Raw[int64]("1")).From(froms...).Where(where...).Correlate(parent))
}

// equate returns a.ac[i] = b.bc[i] for each pair of columns.
func equate(a core.FromItem, ac []*core.ColumnDef, b core.FromItem, bc []*core.ColumnDef) []core.Condition {
	on := make([]core.Condition, len(ac))
	for i := range ac {
		on[i] = core.ColumnOf[any](a, ac[i].Name).EqCol(core.ColumnOf[any](b, bc[i].Name))
	}
	return on
}
