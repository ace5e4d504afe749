// Package far has a struct whose embedded pointer is out of reach of
// another package's generated code.
package far

// Outer reaches Deep through an unexported field.
type Outer struct {
	inner
}

type inner struct {
	*Deep
}

// Deep is the struct behind the pointer.
type Deep struct {
	X int64
}
