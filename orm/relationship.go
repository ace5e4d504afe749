// orm/relationship.go

package orm

import (
	"reflect"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/mapping"
	"github.com/retortdb/retort/internal/objptr"
)

// Relationship is a relationship from objects of P to objects of C, held by
// a field of P: a *C (many-to-one, one-to-one) or a []*C (one-to-many,
// many-to-many). Generated descriptors hold one per relationship field
// (Users.Orders); queries and loader options name it, so a misspelt
// relationship fails to compile.
//
// A Relationship is a handle: its join columns are resolved from the
// tables' foreign keys when the mappings are configured.
type Relationship[P, C any] struct {
	r *relationship
	// spec narrows what a loader option through this value loads (And,
	// OrderBy, Limit).
	spec loadSpec
	// from and of are where a join or an EXISTS along the relationship
	// reads the parent and the target (From, Of): an alias of their
	// table, or the table itself when nil.
	from, of core.FromItem
}

// loadSpec is what a loader option loads of a relationship: the objects
// that criteria let through, per parent at most limit of them (when not
// zero) in order, else in the relationship's order.
type loadSpec struct {
	criteria []core.Condition
	order    []core.Expression
	limit    int64
	depth    int // RecursiveLoad's levels (ToLeaves: all of them)
	// cols are the target's columns to read, as the path's column
	// options leave them with the keys the loaders need; nil for its
	// default columns.
	cols []int
}

// columns is the columns of m, the loaded objects' mapper, a loader reads.
func (sp loadSpec) columns(m *mapper) []int {
	if sp.cols != nil {
		return sp.cols
	}
	return defaultColumns(m)
}

// projection is columns as columns of m's table, for a SELECT.
func (sp loadSpec) projection(m *mapper) []core.Projection {
	if sp.cols == nil {
		return defaultProjection(m)
	}
	out := make([]core.Projection, len(sp.cols))
	for i, c := range sp.cols {
		out[i] = m.tableProjection(c)
	}
	return out
}

// NewRelationship declares the relationship held by P's field, with the
// options of a `retort:"..."` tag (fk, secondary, order_by, back, cascade,
// passive_deletes, lazy; see the package documentation). Generated code
// calls it; a program mapping structs with Map calls it for each
// relationship and passes the results to Map.
//
// A field of type WriteOnly[C] makes the relationship a write-only
// collection (see Write-only collections in the package documentation).
func NewRelationship[P, C any](field, tag string) Relationship[P, C] {
	r := &relationship{
		field: field, tag: tag,
		parentType: reflect.TypeFor[P](), targetType: reflect.TypeFor[C](),
	}
	if r.parentType.Kind() != reflect.Struct {
	} else if f, ok := r.parentType.FieldByName(field); ok && f.Type == reflect.TypeFor[WriteOnly[C]]() {
		r.writeOnly = true
	}
	return Relationship[P, C]{r: r}
}

// Name returns "User.Orders": the parent struct and the field.
func (r Relationship[P, C]) Name() string { return r.r.name() }

// String returns the same as Name.
func (r Relationship[P, C]) String() string { return r.r.name() }

// Kind returns the relationship's kind, once the mappings are configured
// (see Configure); before, or when configuration failed, it is zero.
func (r Relationship[P, C]) Kind() Kind { return r.r.kind }

// Strategy returns how the relationship is loaded when a query does not
// say: its tag's lazy option, or LazyRaise.
func (r Relationship[P, C]) Strategy() Strategy { return r.r.lazy }

func (r Relationship[P, C]) relationship() *relationship { return r.r }

func (r Relationship[P, C]) loadSpec() loadSpec { return r.spec }

// And returns the relationship filtered by conds on the target's columns,
// for loader options: orm.SelectInLoad(Users.Orders.And(Orders.Status.Eq("paid")))
// loads each user's paid orders only (SQLAlchemy's and_(), L29). The
// collection then holds what the criteria let through. JoinedLoad puts
// them in the ON clause of its join, on its alias of the target's table.
func (r Relationship[P, C]) And(conds ...core.Condition) Relationship[P, C] {
	r.spec.criteria = append(r.spec.criteria[:len(r.spec.criteria):len(r.spec.criteria)], conds...)
	return r
}

// OrderBy returns the relationship loaded in the order of items (columns
// of the target) instead of its mapping's order_by; with Limit it says
// which objects each parent keeps. JoinedLoad adds the order to the
// query's, after the query's own terms.
func (r Relationship[P, C]) OrderBy(items ...core.Expression) Relationship[P, C] {
	r.spec.order = append(r.spec.order[:len(r.spec.order):len(r.spec.order)], items...)
	return r
}

// Limit returns the collection loaded with at most n objects per parent,
// the first in its order: each user's three latest orders are
// orm.SelectInLoad(Users.Orders.OrderBy(Orders.CreatedAt.Desc()).Limit(3)).
// The select-in query numbers each parent's rows with ROW_NUMBER() OVER
// (PARTITION BY the key ORDER BY ...) in a subquery and keeps those up to
// n: one statement, however many parents. Only select-in can do it.
func (r Relationship[P, C]) Limit(n int64) Relationship[P, C] {
	r.spec.limit = n
	return r
}

// AnyRelationship is a Relationship of any types, for Map's arguments and
// loader options.
type AnyRelationship interface {
	relationship() *relationship
	loadSpec() loadSpec
}

// Kind is the kind of a relationship, worked out from the foreign keys and
// the field's shape.
type Kind uint8

// The relationship kinds.
const (
	// ManyToOne: a *C field; P's table holds the foreign key to C's.
	ManyToOne = Kind(mapping.ManyToOne)
	// OneToMany: a []*C field; C's table holds the foreign key to P's.
	OneToMany = Kind(mapping.OneToMany)
	// OneToOne: a *C field; C's table holds the foreign key to P's.
	OneToOne = Kind(mapping.OneToOne)
	// ManyToMany: a []*C field through a secondary table holding
	// foreign keys to both.
	ManyToMany = Kind(mapping.ManyToMany)
)

// String names the kind: "many-to-one", "one-to-many", ...
func (k Kind) String() string {
	if k == 0 {
		return "unconfigured"
	}
	return mapping.Kind(k).String()
}

// Strategy is how a relationship's objects are loaded.
type Strategy uint8

// The loading strategies a mapping can make a relationship's default
// (the tag's lazy option).
const (
	// LazyRaise is the default: the relationship is loaded only when a
	// query or orm.Load asks for it, and asking Retort for it unloaded
	// fails with an error. Go cannot intercept a field read, so
	// SQLAlchemy's default of loading on first access cannot exist.
	LazyRaise Strategy = iota
	// LazySelectIn loads the relationship of all the rows of a query in one
	// more SELECT per level (lazy:selectin).
	LazySelectIn
	// LazyJoined loads it in the same query through a LEFT OUTER JOIN
	// (lazy:joined).
	LazyJoined
	// LazyNoLoad leaves it empty on purpose (lazy:noload).
	LazyNoLoad
	// containsEager reads it from the query's own join (ContainsEager);
	// no mapping can make it a default.
	containsEager
	// recursiveLoad loads a self-referential collection over many levels
	// in one statement (RecursiveLoad); no mapping can make it a default.
	recursiveLoad
	// defaultLoad names a link of a loader path without setting its
	// strategy (DefaultLoad): loadTrees resolves it to the wildcard's or
	// the mapping's, so no loader meets it.
	defaultLoad
)

// String names the strategy as the lazy option does: "selectin", ...
func (s Strategy) String() string {
	return [...]string{"raise", "selectin", "joined", "noload", "contains_eager", "recursive", "defaultload"}[s]
}

func strategyOf(lazy string) Strategy {
	switch lazy {
	case "selectin":
		return LazySelectIn
	case "joined":
		return LazyJoined
	case "noload":
		return LazyNoLoad
	}
	return LazyRaise
}

// Cascade is the set of operations that flow from a parent to the objects
// of a relationship, as in SQLAlchemy.
type Cascade uint8

// The cascades; a tag says cascade:all, delete-orphan.
const (
	// SaveUpdate adds the relationship's objects to the session with
	// their parent. It is the default.
	SaveUpdate = Cascade(mapping.SaveUpdate)
	// Delete deletes them with their parent.
	Delete = Cascade(mapping.Delete)
	// DeleteOrphan deletes an object removed from its parent's
	// collection.
	DeleteOrphan = Cascade(mapping.DeleteOrphan)
	// CascadeMerge makes Merge merge the relationship's objects with
	// their parent (the tag's cascade:merge, part of all). The name
	// leaves Merge to the function.
	CascadeMerge = Cascade(mapping.Merge)
)

// relationship is what a Relationship handle points at: its declaration,
// and what configuration resolves.
type relationship struct {
	field                  string
	tag                    string
	parentType, targetType reflect.Type
	// writeOnly: the field is a WriteOnly[C], never loaded; the mapper
	// keeps the relationship out of rels, which loaders and the unit of
	// work walk, in its writeOnly list.
	writeOnly bool

	// Set by configure.
	parent, target *mapper
	at             objptr.Field // the field in the parent struct
	many           bool
	kind           Kind
	lazy           Strategy
	cascade        Cascade
	passiveDeletes bool
	back           *relationship
	// local are columns of the parent's table; remote those they join,
	// of the target's table or, for a many-to-many, of secondary, whose
	// secondaryRemote columns join the target's targetColumns.
	local, remote []*core.ColumnDef
	// localPos and remotePos are the places of local among the parent's
	// mapped columns and of remote among the target's (nil for a
	// many-to-many): a flush compares them for every object it holds.
	localPos, remotePos            []int
	secondary                      *core.Table
	secondaryRemote, targetColumns []*core.ColumnDef
	orderBy                        []orderTerm
}

type orderTerm struct {
	col  *core.ColumnDef
	desc bool
}

func (r *relationship) name() string { return r.parentType.Name() + "." + r.field }
