// internal/corehook/corehook.go

// Package corehook holds what package core offers the other packages of
// this module, and no program: a look inside conditions, which package
// orm needs to test a session's global criteria against an object in Go
// and to check what they name. Keeping it here keeps core's exported API
// the one a program needs. Package core, which imports this package (so
// this one cannot import it), sets the functions in its init; they are
// nil in a program that does not import core, and package orm imports
// it.
package corehook

// Op is what a Pred tests.
type Op uint8

// The operations a Pred can be. Unknown stands for any condition that
// Go cannot evaluate (a function, an order comparison, a subquery).
const (
	Unknown   Op = iota
	And          // every one of Items
	Or           // any one of Items
	Not          // not Items[0]
	Const        // Values[0], a bool: TRUE or FALSE
	Eq           // Column = Values[0]
	Ne           // Column <> Values[0]
	In           // Column IN Values
	NotIn        // Column NOT IN Values
	IsNull       // Column IS NULL
	IsNotNull    // Column IS NOT NULL
)

// Column is a column of a table: Table is its *core.Table (an alias is
// a table of its own), typed any since this package cannot import core.
type Column struct {
	Table any
	Name  string
}

// Pred is a condition as far as Go can evaluate it.
type Pred struct {
	Op     Op
	Column Column
	Values []any
	Items  []Pred
}

// Set by package core's init.
var (
	// Inspect returns cond, a core.Condition, as a Pred.
	Inspect func(cond any) Pred

	// Columns returns the columns that e, a core.Expression or
	// core.Projection, names
	// outside its subqueries (whose columns are of their own FROM, or
	// correlated to the enclosing statement's).
	Columns func(e any) []Column
)
