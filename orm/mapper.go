// orm/mapper.go

package orm

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/mapping"
	"github.com/retortdb/retort/internal/objptr"
)

// ConfigError is a mistake in a mapping, found by Configure (or by retort
// gen, with the file and line). Its message names the struct, the field
// and what is wrong. Configure joins several; find one with errors.As.
type ConfigError = mapping.ConfigError

// Mapping says how values of the struct T map onto a table. Code that
// retort gen writes fills one in for each tagged struct and passes it to
// Register from an init function; Map builds one by reflection for a
// struct mapped onto an existing table.
type Mapping[T any] struct {
	// Table is the mapped table.
	Table *core.Table
	// Fields names, for each of Table's columns in order, the field of
	// T that holds it, or "" when T holds none.
	Fields []string
	// Addr returns a pointer to the field that holds Table's column i,
	// or nil when none does: where a row's value is scanned.
	Addr func(obj *T, i int) any
	// Value returns the value of that field: what a write binds.
	Value func(obj *T, i int) any
	// Version names the column that counts an object's versions for
	// optimistic locking, or is empty.
	Version string
	// Deferred names the columns queries leave out unless they Undefer
	// them: large values a page rarely shows.
	Deferred []string
	// SoftDelete names the column that marks a row deleted (a nullable
	// time, NULL until then, or a bool), or is empty: Session.Delete
	// sets it rather than deleting the row, and queries leave out the
	// rows it marks (see Soft delete in the package documentation).
	SoftDelete string
	// Relationships are T's relationship fields.
	Relationships []AnyRelationship
}

// mapper is a Mapping with its type erased, as the registry, the
// relationships and the unit of work hold it.
type mapper struct {
	typ     reflect.Type
	table   *core.Table
	cols    []*core.ColumnDef
	fields  []string
	version int // the version column's position, or -1
	pk      []int
	// mapped counts the columns mapped to fields: a row with fewer
	// loaded a partial object.
	mapped int
	// slot numbers the mapper among all made, for the identity map's
	// per-mapper indexes (perMapper).
	slot int
	rels []*relationship
	// writeOnly are the write-only collections, kept out of rels:
	// nothing loads them, and the flush writes their pending changes
	// (writeonly.go). allRels is rels and writeOnly, for configuration
	// and the deletes that cascade by key; rels itself when there is no
	// write-only one.
	writeOnly, allRels []*relationship
	addr               func(obj objptr.Ptr, i int) any
	value              func(obj objptr.Ptr, i int) any
	err                error
	// columns are the table's columns, untyped, for the statements
	// the unit of work builds.
	columns []core.Column[any]
	// intKey: the primary key is one column of a signed integer type,
	// kept in the identity map's integer map. keyField is its field
	// when keyDirect, when that is an int64 in the struct itself: keyOf,
	// which runs for every row loaded, then reads it directly.
	intKey    bool
	keyDirect bool
	keyField  objptr.Field
	// autoinc is the position of the column the database generates, or
	// -1.
	autoinc int
	// alloc returns a new zero T; weak a weak pointer to a *T, for the
	// sessions' sets of detached objects.
	alloc func() objptr.Ptr
	weak  func(obj objptr.Ptr) weakObj
	// zero sets a T to its zero value, for a scanned object to be reused.
	zero func(obj objptr.Ptr)
	// clone returns a shallow copy of an object, for snapshots; deep
	// lists the columns whose fields share memory with their copy
	// (pointers, byte slices), which a snapshot copies further.
	clone    func(obj objptr.Ptr) objptr.Ptr
	deep     []int
	deepOnce sync.Once
	eqs      columnEqs // change detection's comparisons (changes.go)
	// deferred are the positions of the columns queries leave out by
	// default (Mapping.Deferred).
	deferred []int
	// defaults are the columns a query loads unless told otherwise:
	// the mapped ones not deferred, shared, never to be written to.
	defaults []int
	// hooks are those T's methods give (BeforeInserter...), or nil.
	hooks *hookSet
	// softDelete is the position of the soft_delete column, or -1.
	// live is, with one, the condition of the rows it does not mark
	// deleted (deleted_at IS NULL, NOT deleted) as a one-element list
	// that every query shares; nil without one, which is all an entity
	// without soft delete costs a query.
	softDelete int
	live       []core.Condition
	liveExpr   core.Bool
	// computed are T's computed fields (computed.go), nil for most
	// mappers: a query loads field k at position len(cols)+k, which
	// addr reaches; colAddr is addr before they were added.
	computed []*computed
	colAddr  func(obj objptr.Ptr, i int) any
	// inh places the mapper in a hierarchy of Polymorphic, or is nil.
	inh *inheritance
	// key is the mapper whose objects' identities this one's share: its
	// hierarchy's base, else itself (see identityKey).
	key *mapper
}

// mapperSlots counts the mappers made, numbering them (mapper.slot).
var mapperSlots atomic.Int64

// registry holds every mapping. Configure checks and resolves them once;
// a later Register makes the next Configure run again.
var registry struct {
	sync.Mutex
	mappers     []*mapper
	hierarchies []*hierarchy
	configured  bool
	err         error
	byType      map[reflect.Type]*mapper
}

// Register adds T's mapping. Generated code calls it from init; call Map
// instead to map a struct by hand. Mistakes are reported by Configure.
func Register[T any](m Mapping[T]) { register(newMapper(m)) }

func newMapper[T any](m Mapping[T]) *mapper {
	mp := &mapper{
		typ: reflect.TypeFor[T](), table: m.Table, fields: m.Fields, version: -1, autoinc: -1, softDelete: -1,
		slot:  int(mapperSlots.Add(1) - 1),
		addr:  func(obj objptr.Ptr, i int) any { return m.Addr(objptr.To[T](obj), i) },
		value: func(obj objptr.Ptr, i int) any { return m.Value(objptr.To[T](obj), i) },
		alloc: func() objptr.Ptr { return objptr.Of(new(T)) },
		zero:  func(obj objptr.Ptr) { *objptr.To[T](obj) = *new(T) },
		clone: func(obj objptr.Ptr) objptr.Ptr { c := *objptr.To[T](obj); return objptr.Of(&c) },
		weak:  func(obj objptr.Ptr) weakObj { return weakRef[T]{weak.Make(objptr.To[T](obj))} },
		hooks: methodHooks[T](),
	}
	mp.key = mp
	if ptrs := embeddedPointers(mp.typ); ptrs != nil {
		clone := mp.clone
		mp.clone = func(obj objptr.Ptr) objptr.Ptr {
			c := clone(obj)
			ptrs.unshare(reflect.ValueOf(objptr.To[T](c)).Elem())
			return c
		}
		mp.zero = func(obj objptr.Ptr) { ptrs.zero(reflect.ValueOf(objptr.To[T](obj)).Elem()) }
	}
	if m.Table == nil || m.Addr == nil || m.Value == nil {
		mp.err = fmt.Errorf("a Mapping needs a Table, Addr and Value")
	} else {
		mp.cols = m.Table.Columns()
		for _, c := range mp.cols {
			mp.columns = append(mp.columns, core.ColumnOf[any](m.Table, c.Name))
		}
		if len(m.Fields) != len(mp.cols) {
			mp.err = fmt.Errorf("Mapping.Fields has %d names for the %d columns of %s", len(m.Fields), len(mp.cols), m.Table.Name())
		}
	}
	for _, f := range m.Fields {
		if f != "" {
			mp.mapped++
		}
	}
	for i, c := range mp.cols {
		if c.Name == m.Version && m.Version != "" {
			mp.version = i
		}
		if c.Name == m.SoftDelete && m.SoftDelete != "" {
			mp.softDelete = i
		}
		if c.PrimaryKey {
			mp.pk = append(mp.pk, i)
		}
		if c.AutoIncrement {
			mp.autoinc = i
		}
	}
	if len(mp.pk) == 1 {
		switch k := valueKind(mp.cols[mp.pk[0]].GoType); k {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			mp.intKey = true
		}
	}
	if mp.intKey && mp.err == nil {
		mp.keyField, mp.keyDirect = fieldOfKind(mp, mp.pk[0], reflect.Int64)
	}
	for _, name := range m.Deferred {
		i := slices.IndexFunc(mp.cols, func(c *core.ColumnDef) bool { return c.Name == name })
		if i < 0 && mp.err == nil {
			mp.err = fmt.Errorf("deferred column %q is not a column of %s", name, m.Table.Name())
		}
		if i >= 0 {
			mp.deferred = append(mp.deferred, i)
		}
	}
	if m.Version != "" && mp.version < 0 && mp.err == nil {
		mp.err = fmt.Errorf("version column %q is not a column of %s", m.Version, m.Table.Name())
	}
	if m.SoftDelete != "" && mp.softDelete < 0 && mp.err == nil {
		mp.err = fmt.Errorf("soft_delete column %q is not a column of %s", m.SoftDelete, m.Table.Name())
	}
	if mp.softDelete >= 0 {
		// Configure checks the type: a bool, or a nullable time.
		if valueKind(mp.cols[mp.softDelete].GoType) == reflect.Bool {
			mp.liveExpr = core.Not(core.ColumnOf[bool](m.Table, m.SoftDelete).IsTrue())
		} else {
			mp.liveExpr = core.ColumnOf[any](m.Table, m.SoftDelete).IsNull()
		}
		mp.live = []core.Condition{mp.liveExpr}
	}
	for i := range mp.cols {
		if mp.fields[i] != "" && !slices.Contains(mp.deferred, i) {
			mp.defaults = append(mp.defaults, i)
		}
	}
	mp.defaults = slices.Clip(mp.defaults)
	for _, r := range m.Relationships {
		if rel := r.relationship(); rel.writeOnly {
			mp.writeOnly = append(mp.writeOnly, rel)
		} else {
			mp.rels = append(mp.rels, rel)
		}
	}
	mp.allRels = mp.rels
	if mp.writeOnly != nil {
		mp.allRels = slices.Concat(mp.rels, mp.writeOnly)
	}
	return mp
}

// fieldOfKind returns the field in m's struct of column c, found through
// the mapping's Addr, when it is of kind k; else false.
func fieldOfKind(m *mapper, c int, k reflect.Kind) (objptr.Field, bool) {
	probe := m.alloc()
	f, ok := objptr.FieldAt(m.typ, probe, m.addr(probe, c))
	if !ok || f.Type().Kind() != k {
		return objptr.Field{}, false
	}
	return f, true
}

func register(mp *mapper) {
	registry.Lock()
	defer registry.Unlock()
	registry.mappers = append(registry.mappers, mp)
	registry.configured = false
}

// Configure checks every registered mapping and resolves its
// relationships from the tables' foreign keys. It returns every mistake,
// each a *ConfigError naming the struct and field. It runs once, and again
// only after a new Register; the first query or session calls it, so
// calling it yourself (in main, or in a test) only reports mistakes
// sooner.
func Configure() error {
	registry.Lock()
	defer registry.Unlock()
	if !registry.configured {
		registry.byType, registry.err = configure(registry.mappers, properties, registry.hierarchies)
		registry.configured = true
		var soft []*mapper
		for _, m := range registry.byType {
			if m.softDelete >= 0 {
				soft = append(soft, m)
			}
		}
		softMappers.Store(&soft)
	}
	return registry.err
}

// softMappers lists, once Configure has run, the mappers with a
// soft_delete column: a query looks among them for the tables it joins.
// Read without the registry's lock, on every query.
var softMappers atomic.Pointer[[]*mapper]

// softMapperOf returns the mapper with soft delete of the table that f
// is or aliases, or nil.
func softMapperOf(soft []*mapper, f core.FromItem) *mapper {
	t := tableOf(f)
	if t == nil {
		return nil
	}
	for _, m := range soft {
		if m.table == t.Base() {
			return m
		}
	}
	return nil
}

// liveOn is the condition of m's rows not deleted, read from f: m's
// table or an alias of it.
func (m *mapper) liveOn(f core.FromItem) core.Condition {
	if tableOf(f) == m.table {
		return m.liveExpr
	}
	return core.Adapt(m.liveExpr, f)
}

// deleted reports whether obj, an object of m, which has soft delete, is
// marked deleted: its time set, or its flag true.
func (m *mapper) deleted(obj objptr.Ptr) bool {
	switch v := deref(m.value(obj, m.softDelete)).(type) {
	case nil:
		return false
	case bool:
		return v
	case driver.Valuer: // a sql.Null[time.Time]
		dv, err := v.Value()
		return err == nil && dv != nil
	}
	return true
}

// mapperFor returns T's configured mapper.
func mapperFor(rt reflect.Type) (*mapper, error) {
	if err := Configure(); err != nil {
		return nil, err
	}
	registry.Lock()
	defer registry.Unlock()
	if m := registry.byType[rt]; m != nil {
		return m, nil
	}
	return nil, fmt.Errorf("retort: %s is not mapped: run retort gen on its package, or map it with orm.Map", rt)
}

// configure checks mappers, binds their relationships, gives them the
// computed fields props declare and places them in their hierarchies,
// returning them by type.
func configure(mappers []*mapper, props []*computed, hierarchies []*hierarchy) (map[reflect.Type]*mapper, error) {
	errs := inherit(mappers, hierarchies)
	fail := func(m *mapper, field, format string, args ...any) {
		errs = append(errs, &ConfigError{Struct: m.typ.String(), Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	byType := map[reflect.Type]*mapper{}
	byTable := map[*core.Table]*mapper{}
	owner := map[*relationship]*mapper{}
	model := &mapping.Model{}
	rels := map[*mapping.Relationship]*relationship{}
	for _, m := range mappers {
		if m.err != nil {
			fail(m, "", "%v", m.err)
			continue
		}
		if byType[m.typ] != nil {
			fail(m, "", "mapped twice")
			continue
		}
		if prev := byTable[m.table]; prev != nil && !m.sharesTable() {
			fail(m, "", "table %s is mapped by %s too", m.table.Name(), prev.typ)
			continue
		}
		byType[m.typ] = m
		if !m.sharesTable() {
			byTable[m.table] = m
		}
		model.Tables = append(model.Tables, modelTable(m))
	}
	errs = append(errs, bindComputed(byType, props)...)
	for _, m := range mappers {
		if byType[m.typ] != m {
			continue
		}
		for _, r := range m.allRels {
			if prev := owner[r]; prev != nil || r.parentType != m.typ {
				fail(m, r.field, "the relationship %s is registered with %s", r.name(), m.typ)
				continue
			}
			owner[r] = m
			mr, err := modelRelationship(m, r)
			if err != nil {
				fail(m, r.field, "%v", err)
				continue
			}
			model.Relationships = append(model.Relationships, mr)
			rels[mr] = r
		}
	}
	if len(errs) == 0 {
		if err := model.Resolve(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	byName := map[string]*mapper{}
	for _, m := range byType {
		if !m.sharesTable() {
			byName[m.table.Name()] = m
		}
	}
	bound := map[string]*relationship{}
	for mr, r := range rels {
		if r.writeOnly {
			anyWriteOnly.Store(true)
		}
		bind(r, mr, byType, byName)
		bound[mr.Struct+"."+mr.Field] = r
	}
	for mr, r := range rels {
		if mr.Tag.Back != "" {
			r.back = bound[mr.Target+"."+mr.Tag.Back]
		}
	}
	return byType, nil
}

// modelTable describes m's table for mapping.Model.
func modelTable(m *mapper) *mapping.Table {
	t := &mapping.Table{Struct: m.typ.String(), Name: m.table.Name(), Shared: m.sharesTable()}
	for i, c := range m.cols {
		t.Columns = append(t.Columns, &mapping.Column{
			Field: m.fields[i], Name: c.Name, Type: valueTypeName(c.GoType), Nullable: c.Nullable,
			PK: c.PrimaryKey, Version: i == m.version, Deferred: slices.Contains(m.deferred, i), SoftDelete: i == m.softDelete,
		})
	}
	for _, fk := range m.table.ForeignKeys() {
		mf := &mapping.FK{RefTable: fk.RefTable.Name()}
		for i := range fk.Columns {
			mf.Columns = append(mf.Columns, fk.Columns[i].Name)
			mf.RefColumns = append(mf.RefColumns, fk.RefColumns[i].Name)
		}
		t.FKs = append(t.FKs, mf)
	}
	return t
}

// valueKind is the kind of a column's Go value type, pointers removed.
func valueKind(rt reflect.Type) reflect.Kind {
	if rt == nil {
		return reflect.Invalid
	}
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	return rt.Kind()
}

// valueTypeName names a column's Go value type as mapping compares them:
// pointers and sql.Null removed.
func valueTypeName(rt reflect.Type) string {
	if rt == nil {
		return ""
	}
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	if v, ok := nullValue(rt); ok {
		return valueTypeName(v)
	}
	return rt.String()
}

// nullValue returns V when rt is database/sql's Null[V], and
// decimal.Decimal when it is shopspring's decimal.NullDecimal.
func nullValue(rt reflect.Type) (reflect.Type, bool) {
	if rt.Kind() != reflect.Struct || rt.NumField() != 2 || rt.Field(1).Name != "Valid" {
		return nil, false
	}
	switch f := rt.Field(0); {
	case rt.PkgPath() == "database/sql" && f.Name == "V",
		rt.PkgPath() == "github.com/shopspring/decimal" && rt.Name() == "NullDecimal":
		return f.Type, true
	}
	return nil, false
}

// modelRelationship describes r, a relationship of m, for mapping.Model,
// after checking that its field has the shape its types say.
func modelRelationship(m *mapper, r *relationship) (*mapping.Relationship, error) {
	tag, err := mapping.ParseRelTag(r.tag)
	if err != nil {
		return nil, err
	}
	f, ok := m.typ.FieldByName(r.field)
	if !ok {
		return nil, fmt.Errorf("%s has no field %s", m.typ, r.field)
	}
	if len(f.Index) != 1 {
		return nil, fmt.Errorf("a relationship cannot be in an embedded struct: declare %s on %s", r.field, m.typ)
	}
	one, many := reflect.PointerTo(r.targetType), reflect.SliceOf(reflect.PointerTo(r.targetType))
	switch {
	case r.writeOnly, f.Type == many:
		r.many = true
	case f.Type == one:
	default:
		return nil, fmt.Errorf("a relationship to %s must be a %s, a %s or an orm.WriteOnly[%s] field, not %s",
			r.targetType, one, many, r.targetType.Name(), f.Type)
	}
	r.at = objptr.FieldOf(m.typ, f.Index)
	return &mapping.Relationship{
		Struct: m.typ.String(), Field: r.field, Target: r.targetType.String(), Many: r.many, WriteOnly: r.writeOnly, Tag: tag,
	}, nil
}

// bind sets what configuration resolved on r.
func bind(r *relationship, mr *mapping.Relationship, byType map[reflect.Type]*mapper, byName map[string]*mapper) {
	r.parent, r.target = byType[r.parentType], byType[r.targetType]
	r.kind = Kind(mr.Kind)
	r.lazy = strategyOf(mr.Tag.Lazy)
	r.cascade = Cascade(mr.Tag.Cascade)
	r.passiveDeletes = mr.Tag.PassiveDeletes
	r.local = columns(r.parent.table, mr.Local)
	far := r.target.table
	if mr.Tag.Secondary != "" {
		r.secondary = byName[mr.Tag.Secondary].table
		far = r.secondary
		r.secondaryRemote = columns(r.secondary, mr.SecondaryRemote)
		r.targetColumns = columns(r.target.table, mr.TargetColumns)
	}
	r.remote = columns(far, mr.Remote)
	r.localPos, r.remotePos = positions(r.parent, r.local), nil
	if r.secondary == nil {
		r.remotePos = positions(r.target, r.remote)
	}
	r.orderBy = nil
	for _, o := range mr.Tag.OrderBy {
		r.orderBy = append(r.orderBy, orderTerm{col: columns(r.target.table, []string{o.Column})[0], desc: o.Desc})
	}
}

// positions returns the places of cols among m's columns.
func positions(m *mapper, cols []*core.ColumnDef) []int {
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = m.position(c)
	}
	return out
}

// columns returns t's columns of the given names, which Resolve checked.
func columns(t *core.Table, names []string) []*core.ColumnDef {
	out := make([]*core.ColumnDef, len(names))
	for i, n := range names {
		j := slices.IndexFunc(t.Columns(), func(c *core.ColumnDef) bool { return c.Name == n })
		out[i] = t.Columns()[j]
	}
	return out
}
