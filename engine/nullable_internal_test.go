package engine

import "testing"

// TestUnwrapper: the same destinations row after row are unwrapped by
// their Nullables' places alone; new destinations, or ones that are not
// pointers (and may not be comparable), are taken afresh, as is a slice
// whose destinations changed in place.
func TestUnwrapper(t *testing.T) {
	var id int64
	var name, other string
	n := &Nullable{Dest: &name}
	dest := []any{&id, n}
	var u unwrapper
	check := func(row [][]byte, want []any, null bool) {
		t.Helper()
		out, ok := u.unwrap(dest, row)
		if !ok || len(out) != len(want) || n.Null != null {
			t.Fatalf("unwrap: %v, %v, null %v", out, ok, n.Null)
		}
		for i := range want {
			if out[i] != want[i] {
				t.Fatalf("place %d: %v, want %v", i, out[i], want[i])
			}
		}
	}
	check([][]byte{{1}, {'a'}}, []any{&id, &name}, false)
	check([][]byte{{1}, nil}, []any{&id, nil}, true)
	check([][]byte{{1}, {'b'}}, []any{&id, &name}, false)
	n.Dest = &other
	check([][]byte{{1}, {'b'}}, []any{&id, &other}, false)
	dest = []any{n, &id}
	check([][]byte{nil, {1}}, []any{nil, &id}, true)
	// The same slice, a destination changed in place.
	var id2 int64
	dest[1] = &id2
	check([][]byte{{'c'}, {1}}, []any{&other, &id2}, false)
	// A map is not comparable: holds must not compare it.
	dest = []any{map[string]int{}, n}
	if out, ok := u.unwrap(dest, [][]byte{{1}, {'c'}}); !ok || out[1] != &other {
		t.Fatalf("unwrap with a map destination: %v, %v", out, ok)
	}
	if _, ok := u.unwrap([]any{&id}, [][]byte{{1}}); ok {
		t.Fatal("unwrap without a Nullable reported one")
	}
}
