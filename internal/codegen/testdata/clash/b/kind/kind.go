// Package kind shares its name with clash/a/kind.
package kind

// Size is a named int32.
type Size int32
