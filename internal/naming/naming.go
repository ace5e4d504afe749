// internal/naming/naming.go

// Package naming holds the one rule that turns Go names into SQL names, so
// that engine.ScanAll's column labels and the ORM's column and table names
// agree.
package naming

import (
	"strings"
	"unicode"
)

// Snake turns a Go name into its column name: UserID → user_id,
// HTTPStatus → http_status, Address2 → address2.
func Snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 {
				prev := rs[i-1]
				nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
