package testdb

import (
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func TestRedact(t *testing.T) {
	for _, dsn := range []string{
		"postgres://u:secret@h:5432/db?sslmode=disable",
		"postgresql://u@h/db?password=secret",
		"host=h user=u password=secret dbname=db",
		"host=h password='sec ret' dbname=db",
	} {
		got := redactPostgres(dsn)
		if strings.Contains(got, "secret") || strings.Contains(got, "sec ret") || !strings.Contains(got, "h") {
			t.Errorf("redactPostgres(%q) = %q", dsn, got)
		}
	}
	cfg, err := mysql.ParseDSN("root:secret@tcp(127.0.0.1:3306)/test")
	if err != nil {
		t.Fatal(err)
	}
	if got := redactMySQL(cfg); strings.Contains(got, "secret") || !strings.Contains(got, "127.0.0.1:3306") {
		t.Errorf("redactMySQL = %q", got)
	}
	if cfg.Passwd != "secret" {
		t.Errorf("redactMySQL changed its argument")
	}
}
