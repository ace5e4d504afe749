// core/cache.go

package core

import (
	"encoding/binary"
	"sync"
)

// keyer walks a statement on every Compile. It writes the statement's shape
// (its structure, names and anything else that changes the SQL text) into
// buf, and collects the bound values in a canonical order into args. Two
// statements with equal keys compile to equal SQL, so buf keys the cache.
type keyer struct {
	d    *Dialect
	buf  []byte
	args []any
	// owners and starts record, for each node that bound values, where its
	// values start in args; a cache miss maps placeholders through them.
	owners []node
	starts []int
	// seen lists the FROM items written so far: a second reference writes
	// only its position, which also tells anonymous aliases apart.
	seen []any
	err  error
}

var keyerPool = sync.Pool{New: func() any { return &keyer{buf: make([]byte, 0, 256)} }}

func getKeyer(d *Dialect) *keyer {
	k := keyerPool.Get().(*keyer)
	k.d = d
	return k
}

func putKeyer(k *keyer) {
	if cap(k.buf) > 64<<10 {
		return // do not keep a huge statement's buffers alive
	}
	clear(k.args)
	clear(k.owners)
	clear(k.seen)
	k.buf, k.args, k.owners, k.starts, k.seen = k.buf[:0], k.args[:0], k.owners[:0], k.starts[:0], k.seen[:0]
	k.d, k.err = nil, nil
	keyerPool.Put(k)
}

func (k *keyer) op(b byte)   { k.buf = append(k.buf, b) }
func (k *keyer) byte(b byte) { k.buf = append(k.buf, b) }
func (k *keyer) int(n int)   { k.buf = binary.AppendVarint(k.buf, int64(n)) }

func (k *keyer) str(s string) {
	k.buf = binary.AppendUvarint(k.buf, uint64(len(s)))
	k.buf = append(k.buf, s...)
}

func (k *keyer) fail(err error) {
	if k.err == nil {
		k.err = err
	}
}

// bind collects one value owned by owner.
func (k *keyer) bind(owner node, v any) {
	k.owners = append(k.owners, owner)
	k.starts = append(k.starts, len(k.args))
	k.args = append(k.args, v)
}

// bindList collects the values that appendTo adds, all owned by owner; their
// count is part of the shape.
func (k *keyer) bindList(owner node, appendTo func([]any) []any) {
	start := len(k.args)
	k.owners = append(k.owners, owner)
	k.starts = append(k.starts, start)
	k.args = appendTo(k.args)
	k.int(len(k.args) - start)
}

func (k *keyer) nodes(ns []node) {
	k.int(len(ns))
	for _, n := range ns {
		n.key(k)
	}
}

func (k *keyer) optional(n node) {
	if n == nil {
		k.byte(0)
		return
	}
	k.byte(1)
	n.key(k)
}

// seenFrom reports whether the FROM item f was keyed already, writing a back
// reference if so, or marking it as seen if not.
func (k *keyer) seenFrom(f any) bool {
	for i, s := range k.seen {
		if s == f {
			k.op('R')
			k.int(i)
			return true
		}
	}
	k.seen = append(k.seen, f)
	return false
}

// cacheEntry is a compiled statement shape.
type cacheEntry struct {
	sql string
	// order maps placeholders to canonical values; identity says it is
	// 0, 1, 2, ... so the values are used as collected.
	order    []int
	identity bool
}

func (e *cacheEntry) args(collected []any) []any {
	if len(e.order) == 0 {
		return nil
	}
	out := make([]any, len(e.order))
	if e.identity {
		copy(out, collected)
		return out
	}
	for i, o := range e.order {
		out[i] = collected[o]
	}
	return out
}

// stmtCache maps statement shapes to compiled SQL. It is bounded; when full
// it drops an arbitrary entry, which keeps it cheap, and a statement that
// falls out is simply compiled again.
type stmtCache struct {
	mu      sync.RWMutex
	entries map[string]*cacheEntry // guarded by mu
	max     int
}

func newStmtCache(max int) *stmtCache {
	return &stmtCache{entries: make(map[string]*cacheEntry), max: max}
}

func (c *stmtCache) get(key []byte) *cacheEntry {
	c.mu.RLock()
	e := c.entries[string(key)] // no allocation: the compiler spots the conversion
	c.mu.RUnlock()
	return e
}

func (c *stmtCache) put(key string, e *cacheEntry) {
	c.mu.Lock()
	if len(c.entries) >= c.max {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = e
	c.mu.Unlock()
}

// CacheLen reports how many statement shapes the dialect has compiled and
// cached, for tests and diagnostics.
func (d *Dialect) CacheLen() int {
	c := d.stmtCache()
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
