// internal/models/mixins

// Package mixins maps structs that share columns through embedded
// structs, as gorm.Model does: by value and by pointer, several levels
// deep. The orm tests insert, load, update and delete them on every
// backend. The descriptors in retort_gen.go are written by retort gen from
// these structs.
package mixins

//go:generate go run ../../../cmd/retort gen

import (
	"database/sql"
	"time"
)

// Base holds the key and the times every table keeps. The structs below
// embed it; it is part of their tables, not a table.
type Base struct {
	ID        int64 `retort:"pk"`
	CreatedAt time.Time
	Audit     // a second level, by value
}

// Audit says when a row changed last, and who signed it.
type Audit struct {
	UpdatedAt  *time.Time
	*Signature // a third level, by pointer
}

// Signature is who signed a row, behind a pointer: a row read with no
// signature gets an empty one, and a nil one is written as empty.
type Signature struct {
	SignedBy string `retort:"index"`
	// Remark is NULL while the pointer is nil. A sql.Null is no plain
	// field: a query's scan clears its stage between rows.
	Remark sql.Null[string]
}

// Post embeds Base by value.
type Post struct {
	_ struct{} `retort:"table:posts"`
	Base
	Title    string
	Comments []*Comment `retort:"back:Post; order_by:id"`
}

// Comment embeds Base by pointer.
type Comment struct {
	_ struct{} `retort:"table:comments"`
	*Base
	PostID int64 `retort:"references:posts.id"`
	Body   string
	Post   *Post `retort:"back:Comments"`
}
