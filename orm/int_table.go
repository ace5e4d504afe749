package orm

import "math/bits"

// intTable is a hash table of int64 keys, for the keys an intIndex cannot
// append to its run: those that arrive out of order, as a joined
// collection's do (a user's orders by date, their items by id). It is
// open addressing with linear probing, and a zero value marks an empty
// slot (an index never holds one). Where a Go map cost 600 instructions
// a key to insert, growth included, and 120 to miss, this costs a few
// dozen (BENCHMARKS.md).
type intTable[V comparable] struct {
	slots []intEntry[V] // a power of two of them, or none
	n     int
	shift uint8 // 64 - log2(len(slots))
}

// home is k's first slot. The key is mixed (murmur3's finalizer) before
// its top bits are taken: a multiplication alone is linear, and keys of
// the form a + b*step, a user's orders numbered round-robin, then fall
// on a lattice of the slots and probe thousands deep.
func (t *intTable[V]) home(k int64) int {
	x := uint64(k)
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return int(x >> t.shift)
}

// get returns the value of k, or the zero value.
func (t *intTable[V]) get(k int64) V {
	var zero V
	if t.n == 0 {
		return zero
	}
	mask := len(t.slots) - 1
	for i := t.home(k); ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.v == zero || e.k == k {
			return e.v
		}
	}
}

// put sets the value of k, which is not the zero value.
func (t *intTable[V]) put(k int64, v V) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	var zero V
	mask := len(t.slots) - 1
	for i := t.home(k); ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.v == zero {
			*e = intEntry[V]{k, v}
			t.n++
			return
		}
		if e.k == k {
			e.v = v
			return
		}
	}
}

// grow doubles the slots (to 16 at first), placing every key again.
func (t *intTable[V]) grow() {
	old := t.slots
	size := max(16, 2*len(old))
	t.slots, t.n = make([]intEntry[V], size), 0
	t.shift = uint8(65 - bits.Len(uint(size))) // 64 - log2(size)
	var zero V
	for _, e := range old {
		if e.v != zero {
			t.put(e.k, e.v)
		}
	}
}

// delete removes k. The keys after it in its probe sequence move back
// into the gap, so that no lookup stops short at an emptied slot.
func (t *intTable[V]) delete(k int64) {
	var zero V
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	i := t.home(k)
	for ; t.slots[i].k != k; i = (i + 1) & mask {
		if t.slots[i].v == zero {
			return
		}
	}
	if t.slots[i].v == zero {
		return
	}
	for j := (i + 1) & mask; t.slots[j].v != zero; j = (j + 1) & mask {
		// The key at j may fill the gap at i unless its home lies
		// cyclically after i, up to j: it would then be found before
		// the gap.
		if h := t.home(t.slots[j].k); (j-h)&mask >= (j-i)&mask {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = intEntry[V]{}
	t.n--
}

// clear removes every key, keeping the slots.
func (t *intTable[V]) clear() {
	clear(t.slots)
	t.n = 0
}

// each calls fn for every value held.
func (t *intTable[V]) each(fn func(V)) {
	var zero V
	for _, e := range t.slots {
		if e.v != zero {
			fn(e.v)
		}
	}
}
