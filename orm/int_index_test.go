package orm

import (
	"math/rand/v2"
	"testing"
)

// TestIntIndexAgreesWithMap runs random operations, in key order, in
// random order and in mixed runs, on an intIndex and on a Go map, and
// checks after each that both hold the same keys and values.
func TestIntIndexAgreesWithMap(t *testing.T) {
	orders := map[string]func(r *rand.Rand, i int) int64{
		"ascending":  func(_ *rand.Rand, i int) int64 { return int64(i) },
		"descending": func(_ *rand.Rand, i int) int64 { return int64(10_000 - i) },
		"random":     func(r *rand.Rand, _ int) int64 { return r.Int64N(500) },
		"runs":       func(r *rand.Rand, i int) int64 { return int64(i%97) + r.Int64N(3)*100 },
	}
	for name, next := range orders {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var x intIndex[*int]
			want := map[int64]*int{}
			var keys []int64
			for i := range 20_000 {
				k := next(r, i)
				v := new(int)
				switch op := r.IntN(10); {
				case op < 6:
					// Half the puts follow a get of their key, as a
					// query's do (the get may leave an append ready).
					if r.IntN(2) == 0 && x.get(k) != want[k] {
						t.Fatalf("get(%d) before its put differs", k)
					}
					x.put(k, v)
					want[k] = v
				case op < 8 && len(keys) > 0:
					d := keys[r.IntN(len(keys))]
					x.delete(d)
					delete(want, d)
				case op < 9:
					if len(keys) > 0 && r.IntN(2) == 0 {
						k = keys[r.IntN(len(keys))]
					}
					// Twice: the second is answered by the last-key
					// cache, which puts and deletes since must have kept.
					for range 2 {
						if got := x.get(k); got != want[k] {
							t.Fatalf("get(%d) = %p, want %p", k, got, want[k])
						}
					}
				default:
					if r.IntN(200) == 0 {
						x.clear()
						clear(want)
					}
				}
				keys = append(keys, k)
				if x.len() != len(want) {
					t.Fatalf("step %d: len %d, want %d", i, x.len(), len(want))
				}
			}
			seen := 0
			x.each(func(v *int) {
				seen++
				found := false
				for _, w := range want {
					found = found || w == v
				}
				if !found {
					t.Fatalf("each gave a value not held")
				}
			})
			if seen != len(want) {
				t.Fatalf("each gave %d values, want %d", seen, len(want))
			}
			for k, v := range want {
				if x.get(k) != v {
					t.Fatalf("get(%d) differs at the end", k)
				}
			}
			// A key is in the run or in the table, never both: a put
			// after a get must have gone where the get looked last.
			for _, c := range x.chunks {
				for _, e := range c {
					if e.v != nil && x.m.get(e.k) != nil {
						t.Fatalf("key %d is in both the run and the table", e.k)
					}
				}
			}
		})
	}
}

// TestIntIndexDeletesKeepTheRunBounded deletes keys one by one as a
// stream's release does: the run must not keep every key ever added.
func TestIntIndexDeletesKeepTheRunBounded(t *testing.T) {
	var x intIndex[*int]
	for k := range int64(100_000) {
		x.put(k, new(int))
		if k >= 10 {
			x.delete(k - 10)
		}
	}
	if x.len() != 10 || x.n > 40 {
		t.Fatalf("len %d, run of %d entries: want 10 held in a run of at most 40", x.len(), x.n)
	}
}

// TestIntIndexLastKeyFollowsChanges: the key get was last asked for is
// answered from a cache, in the run (5) or the table (3, out of order); a
// put, a delete and a clear of it must each show at the next get.
func TestIntIndexLastKeyFollowsChanges(t *testing.T) {
	var x intIndex[*int]
	a, b := new(int), new(int)
	for _, k := range []int64{5, 3} {
		x.put(k, a)
		if got := x.get(k); got != a {
			t.Fatalf("get(%d) after put = %p, want %p", k, got, a)
		}
		x.put(k, b)
		if got := x.get(k); got != b {
			t.Fatalf("get(%d) after a second put = %p, want %p", k, got, b)
		}
		x.delete(k)
		if got := x.get(k); got != nil {
			t.Fatalf("get(%d) after delete = %p, want nil", k, got)
		}
		x.put(k, a)
		x.get(k)
		x.clear()
		if got := x.get(k); got != nil {
			t.Fatalf("get(%d) after clear = %p, want nil", k, got)
		}
		x.put(5, a) // for 3, out of order again
	}
}

// TestIntIndexPutAfterGet: a get that finds nothing past the run's end
// leaves the put of that key an append, which any change in between must
// cancel, or the run would fall out of order.
func TestIntIndexPutAfterGet(t *testing.T) {
	var x intIndex[*int]
	a, b, c := new(int), new(int), new(int)
	x.put(1, a)
	if x.get(10) != nil {
		t.Fatal("get(10) of an empty key")
	}
	x.put(20, b) // the run is now past 10
	x.put(10, c)
	for k, want := range map[int64]*int{1: a, 10: c, 20: b} {
		x.lastK = -1 // past the last-key cache, into the run and table
		if got := x.get(k); got != want {
			t.Fatalf("get(%d) = %p, want %p", k, got, want)
		}
	}
	for i := range x.chunks {
		for j := 1; j < len(x.chunks[i]); j++ {
			if x.chunks[i][j-1].k >= x.chunks[i][j].k {
				t.Fatalf("the run is out of order: %v", x.chunks)
			}
		}
	}
}

// TestIntTableAgreesWithMap runs random puts, gets and deletes on an
// intTable and a Go map over few keys, so that probe sequences collide,
// wrap around the slots and are cut by deletes, and checks every key
// after each step.
func TestIntTableAgreesWithMap(t *testing.T) {
	for _, keys := range []int64{8, 100, 5000} {
		r := rand.New(rand.NewPCG(3, uint64(keys)))
		var x intTable[*int]
		want := map[int64]*int{}
		for step := range 20_000 {
			k := r.Int64N(keys) - keys/2 // negative keys and 0 too
			switch r.IntN(3) {
			case 0, 1:
				v := new(int)
				x.put(k, v)
				want[k] = v
			default:
				x.delete(k)
				delete(want, k)
			}
			if x.n != len(want) {
				t.Fatalf("%d keys, step %d: n %d, want %d", keys, step, x.n, len(want))
			}
			if keys <= 100 || step%500 == 0 {
				for k := -keys / 2; k < keys-keys/2; k++ {
					if got := x.get(k); got != want[k] {
						t.Fatalf("%d keys, step %d: get(%d) = %p, want %p", keys, step, k, got, want[k])
					}
				}
			}
		}
		n := 0
		x.each(func(*int) { n++ })
		if n != len(want) {
			t.Fatalf("each gave %d values, want %d", n, len(want))
		}
	}
}

// TestIntTableSpreadsKeysAlikeUnderAProduct: the shop dataset gives an
// order to a user by a multiplicative hash of the order's id (Knuth's),
// so one user's orders are ids whose products with 2^32/φ fall close
// together. A table hashed by that same multiplication alone put them in
// neighbouring slots, and lookups probed thousands of slots deep; its
// keys must be mixed first.
func TestIntTableSpreadsKeysAlikeUnderAProduct(t *testing.T) {
	var x intTable[*int]
	for g := range int64(400_000) {
		if uint32(g*2654435761) < 1<<32/100 {
			x.put(g, new(int))
		}
	}
	mask := len(x.slots) - 1
	worst := 0
	for i, e := range x.slots {
		if e.v != nil {
			worst = max(worst, (i-x.home(e.k))&mask)
		}
	}
	if worst > 64 {
		t.Errorf("%d keys: one sits %d slots past its home", x.n, worst)
	}
}
