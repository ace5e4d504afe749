// Package base is another package's mixin, as gorm.Model is: the
// embedded package's structs embed it.
package base

import "time"

// Model holds the columns every table has.
type Model struct {
	ID        int64 `retort:"pk"`
	CreatedAt time.Time
	audit     // unexported, by value: its exported fields are promoted
}

type audit struct {
	UpdatedAt time.Time `retort:"index"`
}
