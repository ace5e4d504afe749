package orm

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/retortdb/retort/internal/objptr"
)

type jcParent struct {
	Name     string
	Children []*jcChild
}

type jcChild struct{ N int }

// jcRow is a joined row: a parent and its child (nil for a parent with
// none).
type jcRow struct {
	parent *jcParent
	child  *jcChild
}

// joinRows runs rows through a joinedCollections as placeJoined does, for
// one joined collection: an object is fresh in the first row that meets
// it unless held (the session had it before the query); a parent in kept,
// which must be held, had its collection loaded before, and keeps it.
// It returns how many appends add reported, and the state.
func joinRows(r *relationship, rows []jcRow, held map[any]bool, kept map[*jcParent]bool) (jc joinedCollections, added int) {
	jc = newJoinedCollections([]*relationship{r})
	met := map[any]bool{}
	fresh := func(o any) bool {
		f := !held[o] && !met[o]
		met[o] = true
		return f
	}
	for _, row := range rows {
		parent := objptr.Of(row.parent)
		parentFresh := fresh(row.parent)
		var child objptr.Ptr
		childFresh := false
		if row.child != nil {
			child, childFresh = objptr.Of(row.child), fresh(row.child)
		}
		jp := jc.part(0)
		if jc.enter(jp, parent, parentFresh) {
			k := kept[row.parent]
			if !k {
				r.at.SetPtrs(parent, nil)
			}
			jc.begin(jp, k)
		}
		if !child.IsNil() && jc.add(jp, child, childFresh) {
			added++
		}
	}
	return jc, added
}

// TestJoinedCollections: each collection is built once, with each of its
// children once, whatever the order of the rows (grouped by parent,
// interleaved, reversed), with a child's rows repeated by a collection
// joined below it, past smallCollection, with objects the session held
// before the query, and a collection loaded before it is kept as it was.
func TestJoinedCollections(t *testing.T) {
	r := &relationship{many: true, at: objptr.FieldOf(reflect.TypeFor[jcParent](), []int{1})}
	for _, size := range []int{3, smallCollection, 3 * smallCollection} {
		for _, order := range []string{"grouped", "interleaved", "reversed"} {
			for _, heldBefore := range []bool{false, true} {
				t.Run(fmt.Sprintf("%d/%s/held=%v", size, order, heldBefore), func(t *testing.T) {
					parents := make([]*jcParent, 4)
					want := map[*jcParent][]*jcChild{}
					for i := range parents {
						parents[i] = &jcParent{Name: fmt.Sprint("p", i)}
					}
					// p3 had its collection loaded before: it keeps it.
					old := []*jcChild{{N: -1}}
					parents[3].Children = old
					kept := map[*jcParent]bool{parents[3]: true}
					// p2 has no children: one row, with none.
					var grouped []jcRow
					for _, p := range parents[:2] {
						for n := range size {
							c := &jcChild{N: n}
							want[p] = append(want[p], c)
							for range 3 { // three rows per child
								grouped = append(grouped, jcRow{p, c})
							}
						}
					}
					grouped = append(grouped, jcRow{parents[2], nil})
					for n := range size {
						grouped = append(grouped, jcRow{parents[3], &jcChild{N: 100 + n}})
					}
					rows := slices.Clone(grouped)
					switch order {
					case "interleaved":
						// Round robin over the parents, a child's rows
						// apart.
						rows = rows[:0]
						by := map[*jcParent][]jcRow{}
						for _, row := range grouped {
							by[row.parent] = append(by[row.parent], row)
						}
						for i := 0; len(rows) < len(grouped); i++ {
							for _, p := range parents {
								if rs := by[p]; len(rs) > 0 {
									rows = append(rows, rs[(i*7)%len(rs)])
									by[p] = slices.Delete(rs, (i*7)%len(rs), (i*7)%len(rs)+1)
								}
							}
						}
					case "reversed":
						slices.Reverse(rows)
					}
					// A collection loaded before is of an object held.
					held := map[any]bool{parents[3]: true}
					if heldBefore {
						for _, p := range parents {
							held[p] = true
						}
						for _, c := range want[parents[0]] {
							held[c] = true
						}
					}
					if _, added := joinRows(r, rows, held, kept); added != 2*size {
						t.Errorf("add reported %d appends, want %d", added, 2*size)
					}
					for _, p := range parents[:2] {
						got := p.Children
						if len(got) != len(want[p]) {
							t.Fatalf("%s holds %d children, want %d", p.Name, len(got), len(want[p]))
						}
						for _, c := range want[p] {
							if !slices.Contains(got, c) {
								t.Fatalf("%s misses child %d", p.Name, c.N)
							}
						}
						if order == "grouped" && !slices.Equal(got, want[p]) {
							t.Errorf("%s: children out of the rows' order", p.Name)
						}
					}
					if parents[2].Children != nil {
						t.Errorf("p2 holds %d children, want none", len(parents[2].Children))
					}
					if !slices.Equal(parents[3].Children, old) {
						t.Errorf("p3's collection loaded before was changed: %d children", len(parents[3].Children))
					}
				})
			}
		}
	}
}

// TestJoinedRowsAbandon: after a failed statement the collections it
// began are no longer marked loaded, whether it met objects the session
// held or not (the list or the map of those begun); one it kept stays
// marked.
func TestJoinedRowsAbandon(t *testing.T) {
	r := &relationship{many: true, at: objptr.FieldOf(reflect.TypeFor[jcParent](), []int{1})}
	for _, heldBefore := range []bool{false, true} {
		t.Run(fmt.Sprintf("held=%v", heldBefore), func(t *testing.T) {
			p0, p1, p2 := &jcParent{Name: "p0"}, &jcParent{Name: "p1"}, &jcParent{Name: "p2"}
			p2.Children = []*jcChild{{N: -1}}
			held := map[any]bool{p2: true}
			if heldBefore {
				held[p0], held[p1] = true, true
			}
			rows := []jcRow{{p0, &jcChild{N: 1}}, {p1, &jcChild{N: 2}}, {p0, &jcChild{N: 4}}}
			if heldBefore {
				// Meeting p2, held, moves the collections begun into
				// the map.
				rows = append(rows, jcRow{p2, &jcChild{N: 3}})
			}
			jc, _ := joinRows(r, rows, held, map[*jcParent]bool{p2: true})
			s := &Session{}
			for _, p := range []*jcParent{p0, p1, p2} {
				s.loaded.mark(objptr.Of(p), r)
			}
			jr := joinedRows{joined: jc}
			jr.abandon(s)
			for _, p := range []*jcParent{p0, p1} {
				if s.loaded.has(objptr.Of(p), r) {
					t.Errorf("%s: still marked loaded", p.Name)
				}
			}
			if !s.loaded.has(objptr.Of(p2), r) || len(p2.Children) != 1 {
				t.Errorf("p2, kept: marked %v, %d children", s.loaded.has(objptr.Of(p2), r), len(p2.Children))
			}
		})
	}
}
