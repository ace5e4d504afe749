// core/compiler.go

package core

import (
	"strconv"
)

// Compiled is a statement compiled for one dialect: SQL text in the
// dialect's placeholder style and the arguments, in placeholder order.
type Compiled struct {
	SQL  string
	Args []any
}

// Compile turns stmt into SQL for this dialect.
//
// The compiled text is cached by the statement's shape (everything but its
// bound values): compiling the same query again with other values costs one
// walk of the tree to collect the values and a map lookup, not a new
// rendering. Errors name what is wrong: ErrUnsupported for a construct the
// database lacks, ErrCartesianProduct for unconnected FROM items,
// ErrInvalidStatement or ErrNoJoinPath for a mistake in the statement,
// ErrTooManyParameters for more bound values than the database takes.
func (d *Dialect) Compile(stmt Statement) (Compiled, error) {
	if stmt == nil {
		return Compiled{}, errorf(ErrInvalidStatement, "nil statement")
	}
	root := stmt.statementNode()
	k := getKeyer(d)
	defer putKeyer(k)
	root.key(k)
	if k.err != nil {
		return Compiled{}, k.err
	}
	cache := d.stmtCache()
	if e := cache.get(k.buf); e != nil {
		return Compiled{SQL: e.sql, Args: e.args(k.args)}, nil
	}
	c := &compiler{d: d, binds: make(map[node]int, len(k.owners))}
	for i, o := range k.owners {
		c.binds[o] = k.starts[i] // each owner once: the keyer marks reuse
	}
	c.top(root)
	if c.err != nil {
		return Compiled{}, c.err
	}
	// Checked here, on a cache miss only: the number of parameters is part
	// of the shape, and a shape over the limit is never cached.
	if d.MaxParameters > 0 && len(c.order) > d.MaxParameters {
		return Compiled{}, errorf(ErrTooManyParameters, "the statement has %d bind parameters; %s allows %d",
			len(c.order), d.Name, d.MaxParameters)
	}
	e := &cacheEntry{sql: string(c.buf), order: c.order, identity: len(c.order) == len(k.args)}
	for i, o := range c.order {
		if o != i {
			e.identity = false
		}
	}
	cache.put(string(k.buf), e)
	return Compiled{SQL: e.sql, Args: e.args(k.args)}, nil
}

// compiler renders one statement. It is used once, on a cache miss.
type compiler struct {
	d   *Dialect
	buf []byte
	err error

	// binds maps each node that owns bound values to the index of its first
	// value in the canonical order the keyer collected them; order records,
	// for each placeholder written, which canonical value it takes.
	binds map[node]int
	order []int

	// names holds the generated names of anonymous aliases and subqueries.
	names    map[any]string
	counters map[string]int
	taken    map[string]bool // names given by the statement itself, and generated ones

	scopes      []*scope
	bareColumns bool // column references without their table (SET targets, compound ORDER BY)
	// adapts are the adaptations (Adapt) of the expressions being
	// rendered, innermost last.
	adapts []adaptation
}

// scope is one SELECT (or DML statement) being rendered: its FROM members,
// which nested subqueries correlate to, and its select list.
type scope struct {
	members []fromNode
	items   []node
}

func (c *compiler) write(s string) { c.buf = append(c.buf, s...) }

func (c *compiler) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// ident writes the name of a schema, table, column, CTE, index or
// constraint; alias writes an alias, whose length limit may differ
// (Dialect.MaxAliasLength).
func (c *compiler) ident(name string) { c.name(name, false) }
func (c *compiler) alias(name string) { c.name(name, true) }

func (c *compiler) name(name string, alias bool) {
	if c.check(name, alias) {
		c.buf = appendIdent(c.buf, c.d, name)
	}
}

// quoted returns name as written in SQL, after checking it.
func (c *compiler) quoted(name string, alias bool) string {
	if !c.check(name, alias) {
		return ""
	}
	return string(appendIdent(nil, c.d, name))
}

// check reports whether name can be written: not empty, without NUL, and
// no longer than the dialect keeps.
func (c *compiler) check(name string, alias bool) bool {
	err := checkIdent(name)
	if err == nil {
		err = checkLength(c.d, name, alias)
	}
	if err != nil {
		c.fail(err)
		return false
	}
	return true
}

// bind writes the placeholder for the i-th value of owner.
func (c *compiler) bind(owner node, i int) {
	start, ok := c.binds[owner]
	if !ok {
		c.fail(errorf(ErrInvalidStatement, "internal: bound value not collected"))
		return
	}
	c.order = append(c.order, start+i)
	if c.d.Placeholder == Dollar {
		c.buf = append(c.buf, '$')
		c.buf = strconv.AppendInt(c.buf, int64(len(c.order)), 10)
	} else {
		c.buf = append(c.buf, '?')
	}
}

func (c *compiler) list(ns []node) {
	for i, n := range ns {
		if i > 0 {
			c.write(", ")
		}
		n.render(c)
	}
}

// qualifier is the name that qualifies a FROM item's columns.
func (c *compiler) qualifier(f fromNode) string {
	switch f := f.(type) {
	case *Table:
		if f.base == nil {
			if f.schema == "" {
				return c.quoted(f.name, false)
			}
			if !c.check(f.schema, false) || !c.check(f.name, false) {
				return ""
			}
			q := append(appendIdent(nil, c.d, f.schema), '.')
			return string(appendIdent(q, c.d, f.name))
		}
		if f.alias != "" {
			return c.quoted(f.alias, true)
		}
		return c.anonName(f, f.name)
	case *Subquery:
		if f.name != "" {
			return c.quoted(f.name, true)
		}
		return c.anonName(f, "anon")
	case *CTE:
		return c.quoted(f.name, false)
	}
	c.fail(errorf(ErrInvalidStatement, "column of %s", f.displayName()))
	return ""
}

// anonName names an anonymous alias base_1, base_2, ... in order of first
// appearance, which makes the output deterministic; a long one is shortened
// as generatedName says.
func (c *compiler) anonName(key any, base string) string {
	if n, ok := c.names[key]; ok {
		return n
	}
	if c.names == nil {
		c.names = map[any]string{}
		c.counters = map[string]int{}
	}
	if c.taken == nil {
		c.taken = map[string]bool{}
	}
	var name string
	for {
		c.counters[base]++
		name = generatedName(base + "_" + strconv.Itoa(c.counters[base]))
		if !c.taken[name] {
			break
		}
	}
	c.taken[name] = true // a shortened name cannot be given twice either
	n := string(appendIdent(nil, c.d, name))
	c.names[key] = n
	return n
}

// takeNames records the names the statement gives its aliases, subqueries
// and CTEs, so that a generated name never collides with one of them.
func (c *compiler) takeNames(root node) {
	walkRefs(root, func(x node) bool {
		name := ""
		switch x := x.(type) {
		case *Table:
			name = x.alias
		case *Subquery:
			name = x.name
		case *CTE:
			name = x.name
		}
		if name != "" {
			if c.taken == nil {
				c.taken = map[string]bool{}
			}
			c.taken[name] = true
		}
		return true
	})
}

// nested renders a subquery. A correlated one (scalar, EXISTS, IN, LATERAL)
// sees the enclosing statements' FROM items; a derived table or CTE body
// does not.
func (c *compiler) nested(q queryNodeT, correlate bool) {
	if correlate {
		q.render(c)
		return
	}
	// A derived table sees nothing of the enclosing query: neither its
	// FROM items nor an adaptation of its columns.
	saved, adapts := c.scopes, c.adapts
	c.scopes, c.adapts = nil, nil
	q.render(c)
	c.scopes, c.adapts = saved, adapts
}

// inSelectList reports whether a label belongs to the current select list,
// so that ORDER BY may name it.
func (c *compiler) inSelectList(l *labelNode) bool {
	if len(c.scopes) == 0 {
		return false
	}
	for _, it := range c.scopes[len(c.scopes)-1].items {
		if it == l {
			return true
		}
	}
	return false
}

// correlated reports whether f is a FROM item of an enclosing statement.
func (c *compiler) correlated(f fromNode) bool {
	if len(c.adapts) > 0 {
		f = c.adaptedFrom(f)
	}
	id := f.identity()
	for _, s := range c.scopes {
		for _, m := range s.members {
			if m.identity() == id {
				return true
			}
		}
	}
	return false
}

// orderLimit writes ORDER BY, LIMIT and OFFSET.
func (c *compiler) orderLimit(orderBy []node, limit, offset node) {
	if len(orderBy) > 0 {
		c.write(" ORDER BY ")
		c.list(orderBy)
	}
	if limit != nil {
		c.write(" LIMIT ")
		limit.render(c)
	} else if offset != nil && c.d.OffsetWithoutLimit != "" {
		c.write(" " + c.d.OffsetWithoutLimit)
	}
	if offset != nil {
		c.write(" OFFSET ")
		offset.render(c)
	}
}

// top renders a whole statement, WITH clause first.
func (c *compiler) top(root node) {
	c.takeNames(root)
	ctes := collectCTEs(root)
	for i, t := range ctes {
		for _, u := range ctes[:i] {
			if u.name == t.name {
				c.fail(errorf(ErrInvalidStatement, "two different CTEs are named %q in one statement", t.name))
			}
		}
	}
	if len(ctes) == 0 {
		root.render(c)
		return
	}
	switch root := root.(type) {
	case *InsertStmt:
		if !c.d.Has(FeatureCTEBeforeInsert) {
			// MySQL wants INSERT INTO t (cols) WITH ... SELECT ...
			root.renderWith(c, ctes)
			return
		}
	case *UpdateStmt, *DeleteStmt:
		if !c.d.Has(FeatureCTEOnDML) {
			c.fail(unsupported(c.d, "WITH on UPDATE or DELETE"))
			return
		}
	}
	c.with(ctes)
	root.render(c)
}

func (c *compiler) with(ctes []*CTE) {
	c.write("WITH ")
	for _, t := range ctes {
		if len(t.recursive) > 0 {
			c.write("RECURSIVE ")
			break
		}
	}
	for i, t := range ctes {
		if i > 0 {
			c.write(", ")
		}
		t.renderDefinition(c)
	}
	c.write(" ")
}

// collectCTEs finds the CTEs a statement uses, anywhere in it, each once in
// its latest version (the one with the most UNION parts), ordered so that a
// CTE comes after those it reads.
func collectCTEs(root node) []*CTE {
	latest := map[*cteFamily]*CTE{}
	var find func(n node)
	find = func(n node) {
		walkRefs(n, func(x node) bool {
			if t, ok := x.(*CTE); ok {
				if cur, seen := latest[t.family]; !seen || t.version > cur.version {
					latest[t.family] = t
					find(t.q)
					for _, r := range t.recursive {
						find(r)
					}
				}
			}
			return true
		})
	}
	find(root)
	if len(latest) == 0 {
		return nil
	}
	var out []*CTE
	state := map[*cteFamily]int{} // 1 visiting, 2 done
	var visit func(t *CTE)
	visit = func(t *CTE) {
		if state[t.family] != 0 {
			return
		}
		state[t.family] = 1
		deps := func(n node) {
			walkRefs(n, func(x node) bool {
				if d, ok := x.(*CTE); ok && d.family != t.family {
					visit(latest[d.family])
				}
				return true
			})
		}
		deps(t.q)
		for _, r := range t.recursive {
			deps(r)
		}
		state[t.family] = 2
		out = append(out, t)
	}
	// Visit in order of first appearance in the statement, for stable output.
	walkRefs(root, func(x node) bool {
		if t, ok := x.(*CTE); ok {
			visit(latest[t.family])
		}
		return true
	})
	for _, t := range sortedByName(latest) {
		visit(t)
	}
	return out
}

// sortedByName lists CTEs deterministically: a map's order is random.
func sortedByName(m map[*cteFamily]*CTE) []*CTE {
	out := make([]*CTE, 0, len(m))
	for _, t := range m {
		out = append(out, t)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].name < out[j-1].name; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// walkRefs walks n and, through column references, the subqueries and CTEs
// those columns come from: a FROM item may be reached only through the
// columns that use it, when the FROM clause is inferred.
func walkRefs(n node, fn func(node) bool) {
	n.walk(func(x node) bool {
		if c, ok := x.(*columnNode); ok {
			if _, isTable := c.from.(*Table); !isTable && c.from != nil {
				walkRefs(c.from, fn)
			}
		}
		return fn(x)
	})
}
