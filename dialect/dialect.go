// dialect/dialect.go

// Package dialect holds what the database dialects share. Each database has
// its own package (dialect/postgres, dialect/sqlite, dialect/mysql) that
// declares a *core.Dialect: its quoting, placeholders, type names, reserved
// words and capabilities. The compiler itself is in core and consults those
// declarations; nothing branches on a dialect's name.
package dialect

import "strings"

// Words turns a space-separated list of reserved words into the set a
// core.Dialect wants.
func Words(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[strings.ToLower(w)] = true
	}
	return m
}
