package mysql_test

import (
	"testing"

	mysqldialect "github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine/internal/sqldbtest"
	"github.com/retortdb/retort/engine/mysql"
	"github.com/retortdb/retort/internal/testdb"
)

// TestNewSQLDB: an engine on a *sql.DB the program opened runs on it, as
// sqldbtest.New checks, with the dialect it was given, and refuses one
// not of MySQL's family.
func TestNewSQLDB(t *testing.T) {
	db := testdb.Open(t, testdb.MySQL)
	d := mysqldialect.MySQL
	if db.Flavor == testdb.MariaDB {
		d = mysqldialect.MariaDB
	}
	eng, err := mysql.New(db.SQL(), d)
	if err != nil {
		t.Fatal(err)
	}
	if eng.Dialect() != d {
		t.Errorf("Dialect() = %v, want %v", eng.Dialect(), d)
	}
	sqldbtest.New(t, db.SQL(), eng, mysql.Conn)
	if _, err := mysql.New(db.SQL(), postgres.Dialect); err == nil {
		t.Error("New with PostgreSQL's dialect: no error")
	}
}
