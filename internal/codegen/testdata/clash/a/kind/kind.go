// Package kind shares its name with clash/b/kind.
package kind

// Colour is a named string.
type Colour string

// The colours: constants of another package's type make an enum too.
const (
	Red   Colour = "red"
	Green Colour = "green"
)

// Rank is a named integer.
type Rank uint8

// The ranks: another package's integer constants make an enum too.
const (
	First Rank = iota
	Second
)
