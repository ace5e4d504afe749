// engine/pgx/doc.go

// Package pgx is the engine's PostgreSQL backend, on pgx v5 natively
// (pgxpool and the binary protocol, not database/sql). Importing it
// registers the postgres:// and postgresql:// schemes with
// [engine.Open]:
//
//	import _ "github.com/retortdb/retort/engine/pgx"
//
//	eng, err := engine.Open(ctx, "postgres://app@db:5432/shop?sslmode=disable")
//
// A DSN takes pgx's parameters (pgxpool.ParseConfig's); any other
// parameter, such as search_path, is sent to the server as a run-time
// setting. Sessions run with TimeZone UTC unless the DSN sets timezone
// (see "Times" in package engine).
//
// This package's name is pgx's own: a program that uses both imports one
// under another name.
package pgx
