// Package mistakes holds one mapping mistake per struct, for the
// generator's error test: each line marked want must be reported, with
// its file and line, and the message.
package mistakes

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/retortdb/retort/internal/codegen/testdata/mistakes/far"
	"github.com/retortdb/retort/orm"
)

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
	ID   int64      `retort:"pk"`
	Data complex128 // want "Untyped.Data: no SQL type for complex128: give one with type:"
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

// Left and Right both have a Name.
type Left struct{ Name string }

// Right is Left's twin.
type Right struct{ Name string }

// Both embeds two structs with a field of the same name at one depth.
type Both struct {
	ID int64 `retort:"pk"`
	Left
	Right // want "Both.Right.Name: Left.Name and Right.Name are both Both.Name, which Go leaves ambiguous"
}

// Stamps has a created_at column.
type Stamps struct {
	CreatedAt time.Time
}

// Twice maps created_at twice, once through an embedded struct.
type Twice struct {
	ID int64 `retort:"pk"`
	Stamps
	Created time.Time `retort:"column:created_at"` // want "Twice.Created: column \"created_at\" is mapped by Stamps.CreatedAt too"
}

// Level is a named string.
type Level string

// NotStructs embeds what has no fields to map.
type NotStructs struct {
	ID             int64 `retort:"pk"`
	Level                // want "NotStructs.Level: an embedded Level is not mapped"
	fmt.Stringer         // want "NotStructs.Stringer: an embedded fmt.Stringer is not mapped"
	time.Time            // want "NotStructs.Time: an embedded time.Time is not mapped"
	sql.NullString       // want "NotStructs.NullString: an embedded sql.NullString is not mapped"
}

type hidden struct{ Secret string }

// HiddenPointer embeds an unexported struct by pointer.
type HiddenPointer struct {
	ID      int64 `retort:"pk"`
	*hidden       // want "HiddenPointer.hidden: an embedded pointer must be exported"
}

// Linked is a mixin with a relationship.
type Linked struct {
	RepID int64 `retort:"references:rep.id"`
	Rep   *Rep  // want "WithLink.Linked.Rep: a relationship cannot be in an embedded struct: declare Rep on WithLink"
}

// WithLink embeds Linked.
type WithLink struct {
	ID int64 `retort:"pk"`
	Linked
}

// Tagged embeds a struct with a column tag.
type Tagged struct {
	ID     int64                   `retort:"pk"`
	Stamps `retort:"column:stamp"` // want "Tagged.Stamps: an embedded struct takes no tag but \"-\""
}

// Tabled is a mixin with a table tag.
type Tabled struct {
	_    struct{} `retort:"table:tabled"` // want "WithTable.Tabled._: a table tag in an embedded struct names no table"
	Note string
}

// WithTable embeds Tabled.
type WithTable struct {
	ID int64 `retort:"pk"`
	Tabled
}

// Far embeds a struct of another package whose pointer it cannot reach.
type Far struct {
	ID        int64 `retort:"pk"`
	far.Outer       // want "Far.Outer.inner.Deep.X: the embedded pointer Outer.inner.Deep is reached through inner, which package far does not export"
}

// Trashed has soft_delete columns of the wrong kinds, and two of them.
type Trashed struct {
	ID      int64      `retort:"pk; soft_delete"` // want "Trashed.ID: a primary key column cannot be soft_delete"
	Gone    time.Time  `retort:"soft_delete"`     // want "Trashed.Gone: a soft_delete time must be nullable"
	Removed *time.Time `retort:"soft_delete"`     // want "Trashed.Removed: a second soft_delete column: ID is one already"
	Hidden  *bool      `retort:"soft_delete"`     // want "Trashed.Hidden: a soft_delete bool cannot be nullable"
	Reason  string     `retort:"soft_delete"`     // want "Trashed.Reason: a soft_delete column must be a nullable time (*time.Time) or a bool, not string"
}

// Ledger has a write-only collection with a loading strategy.
type Ledger struct {
	ID    int64                     `retort:"pk"`
	Lines orm.WriteOnly[LedgerLine] `retort:"lazy:selectin"` // want "Ledger.Lines: lazy:selectin on a write-only collection"
}

// LedgerLine is a line of a Ledger.
type LedgerLine struct {
	ID       int64 `retort:"pk"`
	LedgerID int64 `retort:"references:ledger.id"`
}
