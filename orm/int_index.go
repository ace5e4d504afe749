package orm

// intIndex maps the integer primary keys of one mapper to the session's
// objects. Rows mostly arrive in key order (ORDER BY id; select-in's
// ORDER BY foreign key, id), so keys greater than every key before go to
// a sorted run, appended without hashing and found by binary search; only
// the others go to a hash table (intTable). Loading 20,000 rows in key
// order then costs 20,000 appends instead of 20,000 hash inserts and the
// rehashing of a growing table (BENCHMARKS.md). The run is kept in chunks, so that it grows without
// copying what it holds. A key is in the run or in the table, never both.
type intIndex[V comparable] struct {
	// chunks are the run: keys ascending across them, every chunk
	// full but the last, none empty.
	chunks [][]intEntry[V]
	// spare are emptied chunks, for the next batch of a stream.
	spare [][]intEntry[V]
	// n counts the run's entries; dead those deleted, which keep their
	// key, with a zero value, until compact.
	n, dead int
	m       intTable[V]
	// lastK is the key get was last asked for, and lastV its value now
	// (zero: absent), which put, delete and clear keep true: a joined
	// parent's key comes back row after row, and one whose key is out
	// of order would otherwise cost a search of the run and a table
	// lookup each time.
	lastK int64
	lastV V
	// lastPast: lastK is in neither the run nor the table, and greater
	// than every key of the run, so that putting it, what a get that
	// found nothing is mostly followed by, is an append.
	lastPast bool
	// lastTable: lastK is not in the run and will not go on it (a key
	// below the run's end, or one the table holds), so that the put
	// that follows a get that found nothing goes to the table without
	// a second search of the run: an out-of-order joined child's.
	lastTable bool
}

type intEntry[V comparable] struct {
	k int64
	v V
}

// runChunk is the length of a full chunk. The first chunk grows to it as
// a slice does, so that a small query allocates little; past it, a run
// allocates what it holds rounded up to a chunk (1 KiB), where a slice
// grown by doubling allocates twice what it holds. (At 512, W6's 255 rows
// allocated 8 KiB of index, a sixth of the query's bytes.)
const runChunk = 64

// where is a place in the run: a chunk and a position in it.
type where struct{ c, i int }

// inRun returns the place of k in the run and whether it is there; when it
// is not, the place is past the run's end only if k is greater than every
// key of the run.
func (x *intIndex[V]) inRun(k int64) (where, bool) {
	nc := len(x.chunks)
	if nc == 0 {
		return where{0, 0}, false
	}
	last := x.chunks[nc-1]
	switch lk := last[len(last)-1].k; {
	case k > lk:
		return where{nc, 0}, false
	case k == lk:
		// The last key again: the parent of a joined collection, row
		// after row.
		return where{nc - 1, len(last) - 1}, true
	}
	// sort.Search, written out, twice: the first chunk whose last key is
	// not below k, then the first entry in it not below k. A closure
	// per probe would cost more than the probe.
	lo, hi := 0, nc-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c := x.chunks[mid]; c[len(c)-1].k < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	c := x.chunks[lo]
	i, j := 0, len(c)-1
	for i < j {
		mid := int(uint(i+j) >> 1)
		if c[mid].k < k {
			i = mid + 1
		} else {
			j = mid
		}
	}
	return where{lo, i}, c[i].k == k
}

func (x *intIndex[V]) at(w where) *intEntry[V] { return &x.chunks[w.c][w.i] }

// get returns the value of k, or the zero value.
func (x *intIndex[V]) get(k int64) V {
	if k == x.lastK {
		return x.lastV
	}
	var v V
	w, ok := x.inRun(k)
	if ok {
		v = x.at(w).v
	} else if x.m.n > 0 { // mostly empty: the test spares a call
		v = x.m.get(k)
	}
	var zero V
	x.lastK, x.lastV = k, v
	x.lastPast = !ok && w.c == len(x.chunks) && v == zero
	x.lastTable = !ok && !x.lastPast
	return v
}

// put sets the value of k.
func (x *intIndex[V]) put(k int64, v V) {
	if k == x.lastK {
		x.lastV = v
		if x.lastPast {
			x.lastPast = false
			x.push(intEntry[V]{k, v})
			return
		}
		if x.lastTable {
			x.m.put(k, v)
			return
		}
	}
	// Another key: pushing it may put the run's end past lastK. (A key
	// for the table stays one: the run grows only past its end.)
	x.lastPast = false
	w, ok := x.inRun(k)
	if ok {
		var zero V
		e := x.at(w)
		if e.v == zero {
			x.dead--
		}
		e.v = v
		return
	}
	// Past the run's end, k goes on the run, unless the table holds it
	// (a compact dropped the keys after it); anywhere else, in the table.
	var zero V
	if w.c == len(x.chunks) && (x.m.n == 0 || x.m.get(k) == zero) {
		x.push(intEntry[V]{k, v})
		return
	}
	x.m.put(k, v)
}

// push appends e, whose key is greater than every key of the run.
func (x *intIndex[V]) push(e intEntry[V]) {
	nc := len(x.chunks)
	if nc == 0 || len(x.chunks[nc-1]) == runChunk {
		var c []intEntry[V]
		if n := len(x.spare); n > 0 {
			c, x.spare = x.spare[n-1], x.spare[:n-1]
		} else if nc > 0 {
			c = make([]intEntry[V], 0, runChunk)
		}
		x.chunks = append(x.chunks, c)
		nc++
	}
	x.chunks[nc-1] = append(x.chunks[nc-1], e)
	x.n++
}

// delete removes k.
func (x *intIndex[V]) delete(k int64) {
	var zero V
	if k == x.lastK {
		x.lastV = zero
	}
	x.lastPast, x.lastTable = false, false
	w, ok := x.inRun(k)
	if !ok {
		x.m.delete(k)
		return
	}
	e := x.at(w)
	if e.v == zero {
		return
	}
	e.v = zero
	x.dead++
	if x.dead > x.n/2 {
		x.compact()
	}
}

// compact drops the run's deleted entries, so that deleting keys one by
// one (a stream's release) keeps the run bounded by what it holds.
func (x *intIndex[V]) compact() {
	var zero V
	old := x.chunks
	x.chunks, x.n, x.dead = nil, 0, 0
	for _, c := range old {
		for _, e := range c {
			if e.v != zero {
				x.push(e)
			}
		}
	}
}

// len counts the keys held.
func (x *intIndex[V]) len() int { return x.n - x.dead + x.m.n }

// clear removes every key, keeping the chunks for the next batch of a
// stream.
func (x *intIndex[V]) clear() {
	for _, c := range x.chunks {
		clear(c)
		if cap(c) == runChunk {
			x.spare = append(x.spare, c[:0])
		}
	}
	clear(x.chunks)
	x.chunks, x.n, x.dead = x.chunks[:0], 0, 0
	x.m.clear()
	var zero V
	x.lastV, x.lastPast, x.lastTable = zero, false, false
}

// each calls fn for every value held.
func (x *intIndex[V]) each(fn func(V)) {
	var zero V
	for _, c := range x.chunks {
		for _, e := range c {
			if e.v != zero {
				fn(e.v)
			}
		}
	}
	x.m.each(fn)
}
