// engine/mysql/doc.go

// Package mysql is the engine's MySQL and MariaDB backend, on
// github.com/go-sql-driver/mysql through database/sql. Importing it
// registers the mysql:// scheme with [engine.Open]:
//
//	import _ "github.com/retortdb/retort/engine/mysql"
//
//	eng, err := engine.Open(ctx, "mysql://app:secret@db:3306/shop")
//
// A DSN takes go-sql-driver/mysql's parameters as query parameters (tls,
// loc, timeout, charset...); parseTime and clientFoundRows are always on,
// sessions run with time_zone '+00:00' unless the DSN sets time_zone or a
// loc other than UTC, and the server's VERSION() decides between the
// MariaDB and MySQL dialects. A statement cut short by its context is
// stopped on the server with KILL QUERY, sent on a connection of its own.
//
// A program that has a *sql.DB already opens the engine on it with [New].
// [Conn] reaches, inside a transaction, the *sql.Conn it runs on.
package mysql
