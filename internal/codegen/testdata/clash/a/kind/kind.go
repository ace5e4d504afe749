// Package kind shares its name with clash/b/kind.
package kind

// Colour is a named string.
type Colour string

// The colours: constants of another package's type make an enum too.
const (
	Red   Colour = "red"
	Green Colour = "green"
)
