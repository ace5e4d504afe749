// Package mistakes holds one mapping mistake per struct, for the
// generator's error test: each line marked want must be reported, with
// its file and line, and the message.
package mistakes

// NoKey has no primary key.
type NoKey struct { // want "NoKey: no primary key"
	Name string `retort:"column:name"`
}

// Parent's children have no foreign key to it.
type Parent struct {
	ID   int64    `retort:"pk"`
	Kids []*Child // want "Parent.Kids: no foreign key links parent and child"
}

// Child is a child without a key to its parent.
type Child struct {
	ID int64 `retort:"pk"`
}

// Rep is referenced twice by Client.
type Rep struct {
	ID int64 `retort:"pk"`
}

// Client has two foreign keys to rep and does not say which one Rep uses.
type Client struct {
	ID    int64 `retort:"pk"`
	RepA  int64 `retort:"references:rep.id"`
	RepB  int64 `retort:"references:rep.id"`
	Rep   *Rep  // want "Client.Rep: 2 foreign keys link client and rep: (rep_a), (rep_b): choose one with fk:"
	Other *Rep  `retort:"fk:rep_c"` // want "Client.Other: fk:rep_c is not a foreign key between client and rep"
}

// Narrow's foreign key is narrower than the key it references.
type Narrow struct {
	ID    int64 `retort:"pk"`
	RepID int32 `retort:"references:rep.id"` // want "Narrow.RepID: foreign key rep_id is int32 but rep.id, which it references, is int64"
}

// Sorted orders a collection by a column its target lacks.
type Sorted struct {
	ID    int64         `retort:"pk"`
	Items []*SortedItem `retort:"order_by:position"` // want "Sorted.Items: order_by names unknown column \"position\" (sorted_item has id, sorted_id)"
}

// SortedItem belongs to Sorted.
type SortedItem struct {
	ID       int64 `retort:"pk"`
	SortedID int64 `retort:"references:sorted.id"`
}

// Misspelt has a tag option that does not exist.
type Misspelt struct {
	ID int64 `retort:"pk; primary_key"` // want "Misspelt.ID: unknown option \"primary_key\" for a column"
}

// Untyped has a field with no SQL type.
type Untyped struct {
	ID   int64          `retort:"pk"`
	Data map[string]int // want "Untyped.Data: no SQL type for map[string]int: give one with type:"
}

// Plain is a struct with no retort tags.
type Plain struct{ Name string }

// Lost points at a struct that is not mapped.
type Lost struct {
	ID    int64  `retort:"pk"`
	Plain *Plain // want "Lost.Plain: Plain is not mapped"
}

// Dangling references a table that no struct maps.
type Dangling struct {
	ID int64 `retort:"pk"`
	X  int64 `retort:"references:nowhere.id"` // want "Dangling.X: references unknown table \"nowhere\""
}

// Versioned counts versions in a string.
type Versioned struct {
	ID  int64  `retort:"pk"`
	Rev string `retort:"version"` // want "Versioned.Rev: a version column must be an integer, not string"
}

// BadCascade asks for orphans to be deleted without delete.
type BadCascade struct {
	ID       int64           `retort:"pk"`
	Children []*CascadeChild `retort:"cascade:delete-orphan"` // want "BadCascade.Children: cascade delete-orphan needs delete too"
}

// CascadeChild belongs to BadCascade.
type CascadeChild struct {
	ID           int64 `retort:"pk"`
	BadCascadeID int64 `retort:"references:bad_cascade.id"`
}

// DeferredKey defers its key, which every query needs.
type DeferredKey struct {
	ID int64 `retort:"pk; deferred"` // want "DeferredKey.ID: a primary key column cannot be deferred"
}

// Shade is an enum: its constants are its values.
type Shade string

// The shades.
const (
	Light Shade = "light"
	Dark  Shade = "dark"
)

// Painted defaults to a shade the enum does not have.
type Painted struct {
	ID    int64 `retort:"pk"`
	Shade Shade `retort:"default:grey"` // want "Painted.Shade: default \"grey\" is not one of enum shade's values [\"light\" \"dark\"]"
}
