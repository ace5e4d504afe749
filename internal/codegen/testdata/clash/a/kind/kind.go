// Package kind shares its name with clash/b/kind.
package kind

// Colour is a named string.
type Colour string
