// core/cache.go

package core

import (
	"encoding/binary"
	"slices"
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
	owners   []node
	starts   []int
	ownerIdx map[node]int // owners' positions, once there are many
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
	k.d, k.err, k.ownerIdx = nil, nil, nil
	keyerPool.Put(k)
}

func (k *keyer) op(b byte)   { k.buf = append(k.buf, b) }
func (k *keyer) byte(b byte) { k.buf = append(k.buf, b) }

// int and str write what binary.AppendVarint and AppendUvarint do, with one
// append for the small numbers that nearly all keys hold.
func (k *keyer) int(n int) {
	if uint(n) < 64 {
		k.buf = append(k.buf, byte(n)<<1)
		return
	}
	k.buf = binary.AppendVarint(k.buf, int64(n))
}

func (k *keyer) str(s string) {
	if len(s) < 0x80 {
		k.buf = append(append(k.buf, byte(len(s))), s...)
		return
	}
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
	if k.sharedBind(owner) {
		return
	}
	k.addOwner(owner)
	k.args = append(k.args, v)
}

// bindValue is bind for a bindNode, the owner of nearly every value, with
// sharedBind and addOwner inline while there are few owners.
func (k *keyer) bindValue(b *bindNode) {
	if k.ownerIdx == nil {
		for i, o := range k.owners {
			if o == b {
				k.op('r')
				k.int(i)
				return
			}
		}
		if len(k.owners) < linearOwners {
			k.owners = append(k.owners, b)
			k.starts = append(k.starts, len(k.args))
			k.args = append(k.args, b.value)
			return
		}
	}
	k.bind(b, b.value)
}

// bindList collects the values that appendTo adds, all owned by owner; their
// count is part of the shape.
func (k *keyer) bindList(owner node, appendTo func([]any) []any) {
	if k.sharedBind(owner) {
		return
	}
	start := len(k.args)
	k.addOwner(owner)
	k.args = appendTo(k.args)
	k.int(len(k.args) - start)
}

func (k *keyer) addOwner(owner node) {
	k.owners = append(k.owners, owner)
	k.starts = append(k.starts, len(k.args))
	switch {
	case k.ownerIdx != nil:
		k.ownerIdx[owner] = len(k.owners) - 1
	case len(k.owners) > linearOwners:
		k.ownerIdx = make(map[node]int, 2*len(k.owners))
		for i, o := range k.owners {
			if _, dup := k.ownerIdx[o]; !dup {
				k.ownerIdx[o] = i
			}
		}
	}
}

// linearOwners is how many bound nodes a statement may have before the keyer
// indexes them in a map rather than scanning a slice: most statements bind a
// handful of values, and a scan of a few pointers is cheaper than hashing.
const linearOwners = 32

// sharedBind reports whether owner's values were collected already, because
// one expression object is used twice in the statement, and if so writes a
// back reference. The key must tell "one expression in two places" from "two
// equal expressions": their placeholders take the same value in the first
// case and independent values in the second.
func (k *keyer) sharedBind(owner node) bool {
	i := -1
	if k.ownerIdx != nil {
		if j, ok := k.ownerIdx[owner]; ok {
			i = j
		}
	} else {
		i = indexOfNode(k.owners, owner)
	}
	if i < 0 {
		return false
	}
	k.op('r')
	k.int(i)
	return true
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
// reference if so, or marking it as seen if not. It is called for every
// column, so it compares pointers of f's type: comparing two interfaces would
// call into the runtime for each item of the same type.
func seenFrom[P *Table | *Subquery | *CTE](k *keyer, f P) bool {
	for i, s := range k.seen {
		if p, ok := s.(P); ok && p == f {
			k.op('R')
			k.int(i)
			return true
		}
	}
	k.seen = append(k.seen, f)
	return false
}

// indexOfNode is slices.Index(list, n), faster for the usual owner, a
// bindNode: comparing two interfaces calls into the runtime for each element
// of the same type, while comparing one with a pointer is inline.
func indexOfNode(list []node, n node) int {
	if b, ok := n.(*bindNode); ok {
		for i, o := range list {
			if o == b {
				return i
			}
		}
		return -1
	}
	return slices.Index(list, n)
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
