package testdb

import (
	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
)

// Dialect returns the core dialect that compiles statements for db's
// server: PostgreSQL, SQLite, or for a MySQL-protocol server MariaDB or
// MySQL according to [DB.Flavor].
func (db *DB) Dialect() *core.Dialect {
	switch db.Name {
	case Postgres:
		return postgres.Dialect
	case SQLite:
		return sqlite.Dialect
	case MySQL:
		if db.Flavor == MariaDB {
			return mysql.MariaDB
		}
		return mysql.MySQL
	}
	panic("testdb: no dialect for backend " + db.Name)
}
