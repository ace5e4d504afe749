package main

// The command opens every backend: SQLite is its embedded default (the
// demo's database in memory), and -dsn may name a PostgreSQL or MySQL
// server.
import (
	_ "github.com/retortdb/retort/engine/mysql"
	_ "github.com/retortdb/retort/engine/pgx"
	_ "github.com/retortdb/retort/engine/sqlite"
)
