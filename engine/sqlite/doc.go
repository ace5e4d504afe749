// engine/sqlite/doc.go

// Package sqlite is the engine's SQLite backend, on modernc.org/sqlite
// (pure Go, no cgo) through database/sql. Importing it registers the
// sqlite: scheme with [engine.Open]:
//
//	import _ "github.com/retortdb/retort/engine/sqlite"
//
//	eng, err := engine.Open(ctx, "sqlite:path/to/app.db")  // or "sqlite::memory:"
//
// A DSN may add modernc.org/sqlite's parameters after '?'. Foreign keys
// are always on, and unless the DSN sets them otherwise, a busy timeout of
// 5s, BEGIN IMMEDIATE for transactions that may write (_txlock=immediate),
// and for a database in a file the write-ahead log with
// synchronous=NORMAL (see "SQLite and concurrent writers" in package
// engine). An in-memory database has one connection.
//
// A program that has a *sql.DB on SQLite already opens the engine on it
// with [New]. [Conn] reaches, inside a transaction, the *sql.Conn it runs
// on.
package sqlite
