package orm

// intIndex maps the integer primary keys of one mapper to the session's
// objects. Rows mostly arrive in key order (ORDER BY id; select-in's
// ORDER BY foreign key, id), so keys greater than every key before go to
// a sorted run, appended without hashing and found by binary search; only
// the others go to a map. Loading 20,000 rows in key order then costs 20,000
// appends instead of 20,000 map inserts and the rehashing of a growing map:
// a fifth of the time of a joined query of 20,000 users (BENCHMARKS.md).
// A key is in the run or in the map, never both.
type intIndex[V comparable] struct {
	run []intEntry[V]
	// dead counts the run's deleted entries: each keeps its key, with
	// a zero value, until compact.
	dead int
	m    map[int64]V
}

type intEntry[V comparable] struct {
	k int64
	v V
}

// inRun returns the position of k in the run, and whether it is there.
func (x *intIndex[V]) inRun(k int64) (int, bool) {
	n := len(x.run)
	if n == 0 || k > x.run[n-1].k {
		return n, false
	}
	if x.run[n-1].k == k {
		// The last key again: the parent of a joined collection, row
		// after row.
		return n - 1, true
	}
	// sort.Search, written out: a closure per probe costs more than
	// the probe.
	lo, hi := 0, n-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if x.run[mid].k < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, x.run[lo].k == k
}

// get returns the value of k, or the zero value.
func (x *intIndex[V]) get(k int64) V {
	if i, ok := x.inRun(k); ok {
		return x.run[i].v
	}
	return x.m[k]
}

// put sets the value of k.
func (x *intIndex[V]) put(k int64, v V) {
	i, ok := x.inRun(k)
	if ok {
		var zero V
		if x.run[i].v == zero {
			x.dead--
		}
		x.run[i].v = v
		return
	}
	if _, inMap := x.m[k]; !inMap && i == len(x.run) {
		x.run = append(x.run, intEntry[V]{k, v})
		return
	}
	if x.m == nil {
		x.m = map[int64]V{}
	}
	x.m[k] = v
}

// delete removes k.
func (x *intIndex[V]) delete(k int64) {
	var zero V
	i, ok := x.inRun(k)
	if !ok {
		delete(x.m, k)
		return
	}
	if x.run[i].v == zero {
		return
	}
	x.run[i].v = zero
	x.dead++
	if x.dead > len(x.run)/2 {
		x.compact()
	}
}

// compact drops the run's deleted entries, so that deleting keys one by
// one (a stream's release) keeps the run bounded by what it holds.
func (x *intIndex[V]) compact() {
	var zero V
	kept := x.run[:0]
	for _, e := range x.run {
		if e.v != zero {
			kept = append(kept, e)
		}
	}
	clear(x.run[len(kept):])
	x.run, x.dead = kept, 0
}

// len counts the keys held.
func (x *intIndex[V]) len() int { return len(x.run) - x.dead + len(x.m) }

// clear removes every key, keeping the capacity for the next batch of a
// stream.
func (x *intIndex[V]) clear() {
	clear(x.run)
	x.run, x.dead = x.run[:0], 0
	clear(x.m)
}

// each calls fn for every value held.
func (x *intIndex[V]) each(fn func(V)) {
	var zero V
	for _, e := range x.run {
		if e.v != zero {
			fn(e.v)
		}
	}
	for _, v := range x.m {
		fn(v)
	}
}
