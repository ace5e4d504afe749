// internal/mapping/embedded.go

package mapping

// Embedded structs: a mapped struct's columns are its own fields and those
// of the structs it embeds (by value or by pointer, at any depth), as GORM's
// gorm.Model and ent's mixins share fields between tables. Which field a
// name means follows Go's selector rule, so that the generated code's o.ID
// and the mapping agree: the shallowest field of a name wins, and two of
// the same name at that depth are ambiguous, a mistake to report rather
// than a column to drop.

// Promoted is one field of a struct or of a struct it embeds, as the
// generator and orm.Map list them: depth first, in source order, each
// embedded field before the fields it promotes.
type Promoted struct {
	Name  string
	Depth int // 0 for the struct's own fields, 1 for those of a struct it embeds, ...
}

// Visible applies Go's selector rule to fields. visible[i] reports
// whether fields[i] is the one its name selects; a field shadowed by a
// shallower one of its name is not. clash[i] is, for a field whose name
// occurs more than once at its shallowest depth, the first such field
// when that is another, else -1: the name is ambiguous, and its later
// fields are where to report it.
func Visible(fields []Promoted) (visible []bool, clash []int) {
	first := map[string]int{} // name → index of its shallowest first field
	for i, f := range fields {
		if j, ok := first[f.Name]; !ok || f.Depth < fields[j].Depth {
			first[f.Name] = i
		}
	}
	visible, clash = make([]bool, len(fields)), make([]int, len(fields))
	for i, f := range fields {
		j := first[f.Name]
		clash[i] = -1
		switch {
		case f.Depth != fields[j].Depth:
			// shadowed
		case i == j:
			visible[i] = true
		default:
			clash[i] = j
		}
	}
	// A name with a clash selects no field at all.
	for _, j := range clash {
		if j >= 0 {
			visible[j] = false
		}
	}
	return visible, clash
}
