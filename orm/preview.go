// orm/preview.go

package orm

import (
	"reflect"
	"slices"
	"strings"

	"github.com/retortdb/retort/core"
)

// SQLPreview is the SQL a query sends, as Preview finds it without
// running the query. Its String prints the statements one a line, each
// load after a comment naming its path, for a log or a test.
type SQLPreview struct {
	// Query is the query's own statement, with the joins of its joined
	// loads.
	Query PreviewStatement
	// Loads are the statements that load relationships after the query,
	// in the order they run.
	Loads []PreviewStatement
}

// PreviewStatement is one statement of an SQLPreview: the statement,
// for a program that runs it itself (EXPLAIN), and its SQL and arguments
// in the session's dialect.
type PreviewStatement struct {
	// Path is the loader path whose objects the statement loads, from the
	// query's entity: "Artist.Albums.Tracks". Empty for the query.
	Path string
	// Strategy is how the statement loads the path's last relationship:
	// LazySelectIn, or RecursiveLoad's (which prints as "recursive").
	// LazyRaise, the zero value, for the query.
	Strategy Strategy
	// Stmt is the statement; Compiled its SQL and arguments in the
	// session's dialect.
	Stmt core.Statement
	core.Compiled
}

// String prints the query's SQL, then each load's after a line
// "-- Path (strategy)".
func (p SQLPreview) String() string {
	var b strings.Builder
	b.WriteString(p.Query.SQL)
	for _, l := range p.Loads {
		b.WriteString("\n-- " + l.Path + " (" + l.Strategy.String() + ")\n")
		b.WriteString(l.SQL)
	}
	return b.String()
}

// Preview returns the SQL that All would send for q in session s,
// without sending anything: the query's statement with the joins of its
// joined loads, then each select-in and recursive load's statement in the
// order they would run, each with its loader path. Joined loads below a
// select-in are in that select-in's statement, as they run.
//
// The parents' keys are not known before the query runs, so a load's
// statement is shown for one parent, its key the zero value of the key's
// type: on PostgreSQL it is the statement sent whatever the number of
// parents (key = ANY($1), one array parameter); elsewhere its IN list
// holds one key, where a run sends lists padded to 2, 4, 8 ... up to
// InListSize keys (a composite key's tuples likewise), one statement per
// full list. A run leaves out a load that has nothing to do: no parent
// came, every parent has the relationship loaded already, or the session
// holds every many-to-one target. A relationship that a mapping's default
// loads again below itself (a self-referential lazy:selectin) is shown
// once, where a run loads level after level while objects come.
//
// Preview reads nothing the session holds and needs no transaction. A
// query that All would refuse (conflicting options, a cartesian join)
// fails here with the same error.
func Preview[R any](s *Session, q *SelectStmt[R]) (SQLPreview, error) {
	if s == nil || q == nil {
		return SQLPreview{}, &nilError{op: "Preview", what: "the session or the query"}
	}
	c, stmt, _, err := s.prepare(&q.p, 0)
	if err != nil {
		return SQLPreview{}, err
	}
	pv := previewer{d: s.f.eng.Dialect(), o: c.o}
	out := SQLPreview{}
	if out.Query, err = pv.compile("", LazyRaise, stmt); err != nil {
		return SQLPreview{}, err
	}
	var done []*mapper
	for _, e := range q.p.elems {
		if e.m == nil || slices.Contains(done, e.m) {
			continue
		}
		done = append(done, e.m)
		if err := pv.walk(e.m, c.trees.of(e.m), nil, e.m.typ.Name(), nil); err != nil {
			return SQLPreview{}, err
		}
	}
	out.Loads = pv.loads
	return out, nil
}

// previewer walks a query's trees of loaders as eagerLoad does, building
// each load's statement with the builders a run uses.
type previewer struct {
	d     *core.Dialect
	o     queryOptions
	loads []PreviewStatement
}

func (pv *previewer) compile(path string, st Strategy, stmt core.Statement) (PreviewStatement, error) {
	comp, err := pv.d.Compile(stmt)
	if err != nil {
		return PreviewStatement{}, err
	}
	return PreviewStatement{Path: path, Strategy: st, Stmt: stmt, Compiled: comp}, nil
}

// walk adds the statements that load the relationships of m's objects at
// node, reached by via along path, and those below. byDefault lists the
// relationships on the path loaded by their mapping's default, which
// stop the walk when they come again.
func (pv *previewer) walk(m *mapper, node *loadNode, via *relationship, path string, byDefault []*relationship) error {
	for _, r := range m.rels {
		st, child := node.strategyFor(r)
		if walksBack(r, child, via) {
			continue
		}
		next := node.below(child)
		at := path + "." + r.field
		if child != nil && child.joined {
			if err := pv.walk(r.target, next, r, at, byDefault); err != nil {
				return err
			}
			continue
		}
		if child == nil {
			if slices.Contains(byDefault, r) {
				continue
			}
			byDefault = append(byDefault[:len(byDefault):len(byDefault)], r)
		}
		spec := specAt(r, next, pv.o)
		var stmt core.Statement
		switch st {
		case recursiveLoad:
			if err := recursiveRefused(r, spec); err != nil {
				return err
			}
			stmt = recursiveStmt(r, []any{previewKey(r.parent, r.local[0])}, spec, recursiveBound(spec))
		case LazySelectIn, LazyJoined:
			st = LazySelectIn
			var err error
			if stmt, err = pv.selectIn(r, spec, next); err != nil {
				return err
			}
		default:
			continue
		}
		ps, err := pv.compile(at, st, stmt)
		if err != nil {
			return err
		}
		pv.loads = append(pv.loads, ps)
		if err := pv.walk(r.target, next, r, at, byDefault); err != nil {
			return err
		}
	}
	return nil
}

// selectIn is the statement of a select-in of r for one parent, with the
// joins planned below it at next, as Session.selectIn builds it.
func (pv *previewer) selectIn(r *relationship, spec loadSpec, next *loadNode) (core.Statement, error) {
	if err := selectInRefused(r, spec); err != nil {
		return nil, err
	}
	parts, err := planJoins(r.target, next, r, pv.o)
	if err != nil {
		return nil, err
	}
	switch {
	case r.kind == ManyToMany:
		return selectInSecondaryStmt(r, []any{previewKey(r.parent, r.local[0])}, spec, parts), nil
	case len(r.local) != 1:
		var k tupleKey
		for j, c := range r.local {
			k[j] = previewKey(r.parent, c)
		}
		return selectInCompositeStmt(r, []tupleKey{k}, spec, parts), nil
	}
	return selectInStmt(r, []any{previewKey(r.parent, r.local[0])}, spec, parts), nil
}

// previewKey is the key a preview binds for m's column col: the zero
// value of its field's type (of the pointed-to type for a nullable one).
func previewKey(m *mapper, col *core.ColumnDef) any {
	v := reflect.ValueOf(m.addr(m.alloc(), m.position(col))).Elem()
	if v.Kind() == reflect.Pointer {
		return reflect.Zero(v.Type().Elem()).Interface()
	}
	return v.Interface()
}
