// Package clash maps field types from packages whose names clash: one
// named core, as retort's is, and two named kind. The generated file must
// import each under a name of its own.
package clash

import (
	akind "github.com/retortdb/retort/internal/codegen/testdata/clash/a/kind"
	bkind "github.com/retortdb/retort/internal/codegen/testdata/clash/b/kind"
	"github.com/retortdb/retort/internal/codegen/testdata/clash/core"
)

// kind2 is declared here, so the generated file cannot name an import so.
const kind2 = 0

// Item's fields come from all three packages.
type Item struct {
	_      struct{} `retort:"table:items"`
	ID     int64    `retort:"pk"`
	Price  core.Cents
	Colour akind.Colour
	Size   bkind.Size
	Rank   akind.Rank
}
