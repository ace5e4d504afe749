package testdb

import "testing"

func TestDSNAddr(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://u:pw@db.example:6543/test?sslmode=disable": "db.example:6543",
		"postgresql://u@db.example/test":                       "db.example:5432",
		"mysql://root@127.0.0.1:3307/x":                        "127.0.0.1:3307",
		"mysql://root@[::1]/x":                                 "[::1]:3306",
		"root:pw@tcp(10.0.0.1:3307)/test":                      "10.0.0.1:3307",
	} {
		addr, with, err := dsnAddr(dsn)
		if err != nil || addr != want {
			t.Errorf("dsnAddr(%q) = %q, %v; want %q", dsn, addr, err, want)
			continue
		}
		if got := with(addr); got == "" {
			t.Errorf("dsnAddr(%q): rewriting gave an empty DSN", dsn)
		}
	}
	for _, dsn := range []string{
		"host=127.0.0.1 port=5432 user=postgres", // libpq key=value: not supported
		"postgres:///test?host=/var/run/postgresql",
		"postgres://a:5432,b:5432/test",
		"root@unix(/run/mysqld/mysqld.sock)/test",
	} {
		if addr, _, err := dsnAddr(dsn); err == nil {
			t.Errorf("dsnAddr(%q) = %q, want an error", dsn, addr)
		}
	}
}
