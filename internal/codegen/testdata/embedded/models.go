// Package embedded maps structs that embed others, for the generator's
// golden test: by value and by pointer, from this package and another,
// at several levels, with shadowing.
package embedded

import (
	"sync"

	"github.com/retortdb/retort/internal/codegen/testdata/embedded/base"
)

// Owned is a mixin of this package, which embeds another by pointer: it
// is part of the tables that embed it, not a table.
type Owned struct {
	OwnerID int64 `retort:"index"`
	*Note
}

// Note is two levels down, through a pointer.
type Note struct {
	Text *string `retort:"column:note"`
	Rank int32   `retort:"default:1"`
}

// Document embeds another package's struct by value and one of this
// package by pointer.
type Document struct {
	base.Model
	*Owned
	Title string
	Rank  int16 // shadows Note.Rank, as in Go
	Pages []*Page
	mu    sync.Mutex
}

// Page embeds another package's struct by pointer.
type Page struct {
	_ struct{} `retort:"table:pages"`
	*base.Model
	DocumentID int64 `retort:"references:document.id"`
	Document   *Document
	sync.Mutex // no exported fields: no columns
	Extra      `retort:"-"`
}

// Extra is left out of Page by its tag.
type Extra struct {
	Secret string
}
