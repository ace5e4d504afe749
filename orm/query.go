// orm/query.go

package orm

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// QueryOption changes how a query loads objects: PopulateExisting, or a
// loader option such as SelectInLoad.
type QueryOption interface{ applyQuery(*queryOptions) }

type queryOptions struct {
	populateExisting bool
	loads            []LoadPath
}

type optionFunc func(*queryOptions)

func (f optionFunc) applyQuery(o *queryOptions) { f(o) }

// PopulateExisting makes the query overwrite the fields of objects the
// session already holds with the rows it reads, discarding unflushed
// changes to them; by default such an object is returned as it is.
func PopulateExisting() QueryOption {
	return optionFunc(func(o *queryOptions) { o.populateExisting = true })
}

// All runs stmt, a SELECT of T's table's columns (core.Select(Users.Table)
// or a subset that includes the primary key), in the session's
// transaction, and returns an object per row. A row whose object the
// session already holds gives that object, unchanged (see
// PopulateExisting). Pending changes are flushed first when autoflush is
// on.
func All[T any](ctx context.Context, s *Session, stmt core.Statement, opts ...QueryOption) ([]*T, error) {
	leave, err := s.enter("All")
	defer leave()
	if err != nil {
		return nil, err
	}
	var objs []*T
	err = s.load(ctx, reflect.TypeFor[T](), stmt, opts, func(p unsafe.Pointer) { objs = append(objs, (*T)(p)) })
	return objs, err
}

// One is All for a query that must return exactly one object: none is
// ErrNoRows, more ErrMultipleRows.
func One[T any](ctx context.Context, s *Session, stmt core.Statement, opts ...QueryOption) (*T, error) {
	objs, err := All[T](ctx, s, stmt, opts...)
	switch {
	case err != nil:
		return nil, err
	case len(objs) == 0:
		return nil, ErrNoRows
	case len(objs) > 1:
		return nil, ErrMultipleRows
	}
	return objs[0], nil
}

// Get returns the object of T with primary key pk (one value per key
// column, in order): the session's own without any SQL when it holds it,
// else loaded by one SELECT. A missing row is ErrNoRows.
func Get[T any](ctx context.Context, s *Session, pk ...any) (*T, error) {
	m, err := mapperFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if len(pk) != len(m.pk) {
		return nil, fmt.Errorf("retort: Get(%s) takes %d primary-key values, not %d", m.typ, len(m.pk), len(pk))
	}
	key := identityKey{m: m}
	for i, v := range pk {
		key.k[i] = deref(v)
	}
	if m.intKey {
		id := reflect.ValueOf(key.k[0])
		if !id.CanInt() {
			return nil, fmt.Errorf("retort: Get(%s): the key is an integer, not %T", m.typ, pk[0])
		}
		key = identityKey{m: m, id: id.Int()}
	}
	if p := s.idmap.roGet(key); p != nil {
		return (*T)(p), nil
	}
	if inst := s.idmap.get(key); inst != nil && !inst.expired && !inst.deletePending {
		return (*T)(inst.obj), nil
	}
	return One[T](ctx, s, m.byKey(pk))
}

// byKey is SELECT of the mapper's columns for one primary key.
func (m *mapper) byKey(pk []any) *core.SelectStmt {
	conds := make([]core.Condition, len(m.pk))
	for i, c := range m.pk {
		conds[i] = m.columns[c].Eq(pk[i])
	}
	return core.Select(m.table).Where(conds...)
}

// load runs stmt and hands yield each row's object, through the identity
// map.
func (s *Session) load(ctx context.Context, rt reflect.Type, stmt core.Statement, opts []QueryOption, yield func(unsafe.Pointer)) error {
	var o queryOptions
	for _, opt := range opts {
		opt.applyQuery(&o)
	}
	m, err := mapperFor(rt)
	if err != nil {
		return err
	}
	tree, err := loadTree(m, o.loads)
	if err != nil {
		return err
	}
	if s.opts.autoflush {
		if err := s.flush(ctx); err != nil {
			return err
		}
	}
	tx, err := s.transaction(ctx)
	if err != nil {
		return err
	}
	joined, err := joinedRels(m, tree)
	if err != nil {
		return err
	}
	var parts []joinedPart
	if len(joined) > 0 {
		if stmt, parts, err = joinStatement(m, stmt, joined); err != nil {
			return err
		}
	}
	res, err := tx.Query(ctx, stmt)
	if err != nil {
		return err
	}
	var objs []unsafe.Pointer
	if len(parts) > 0 {
		objs, err = s.readJoinedRows(m, res, parts, o)
	} else {
		objs, err = s.readRows(m, res, o)
	}
	if err != nil {
		return err
	}
	// The related objects are loaded once the parents' result is
	// closed: SQLite and MySQL run one statement at a time.
	if err := s.eagerLoad(ctx, m, objs, tree, nil, o, joined...); err != nil {
		return err
	}
	for _, p := range objs {
		yield(p)
	}
	return nil
}

// readRows reads and closes res, returning its objects in row order.
func (s *Session) readRows(m *mapper, res *engine.Result, o queryOptions) (objs []unsafe.Pointer, err error) {
	defer func() {
		if cerr := res.Close(); err == nil {
			err = cerr
		}
	}()
	sc, err := newRowScanner(m, res.Columns())
	if err != nil {
		return nil, err
	}
	for res.Next() {
		p, _, _, err := s.loadRow(m, sc, res, o)
		if err != nil {
			return nil, err
		}
		objs = append(objs, p)
	}
	return objs, res.Err()
}

// rowScanner scans rows into objects of a mapper.
type rowScanner struct {
	m    *mapper
	cols []int // per result column, the table column's position
	dest []any
	// extra, when set, receives a first result column that is not the
	// mapper's: the parent key of a many-to-many row.
	extra any
}

func newRowScanner(m *mapper, names []string) (*rowScanner, error) {
	sc := &rowScanner{m: m, cols: make([]int, len(names)), dest: make([]any, len(names))}
	for i, name := range names {
		j := slices.IndexFunc(m.cols, func(c *core.ColumnDef) bool { return c.Name == name })
		if j < 0 || m.fields[j] == "" {
			return nil, fmt.Errorf("retort: column %q of the result is not a mapped column of %s", name, m.typ)
		}
		sc.cols[i] = j
	}
	for _, pk := range m.pk {
		if !slices.Contains(sc.cols, pk) {
			return nil, fmt.Errorf("retort: the query does not select %s's primary key column %s", m.typ, m.cols[pk].Name)
		}
	}
	return sc, nil
}

func (sc *rowScanner) scan(r *engine.Result, obj unsafe.Pointer) error {
	dest := sc.dest
	if sc.extra != nil {
		dest = dest[1:]
	}
	for i, c := range sc.cols {
		dest[i] = sc.m.addr(obj, c)
	}
	if sc.extra != nil {
		sc.dest[0] = sc.extra
	}
	return r.Scan(sc.dest...)
}

// copyColumns copies the scanned columns' fields of src onto dst, leaving
// its relationships as they are.
func (sc *rowScanner) copyColumns(dst, src unsafe.Pointer) {
	for _, c := range sc.cols {
		d := reflect.ValueOf(sc.m.addr(dst, c)).Elem()
		d.Set(reflect.ValueOf(sc.m.addr(src, c)).Elem())
	}
}
