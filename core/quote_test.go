package core_test

import (
	"errors"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
)

// TestQuoteIdentifier checks how each dialect writes names: plain lower-case
// words as they are, everything else quoted with the quote character doubled
// inside. The columns are postgres, sqlite, mysql, mariadb.
func TestQuoteIdentifier(t *testing.T) {
	dialects := []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MySQL, mysql.MariaDB}
	tests := []struct {
		name string
		want [4]string
	}{
		// Plain identifiers stay as they are.
		{"track", [4]string{"track", "track", "track", "track"}},
		{"unit_price", [4]string{"unit_price", "unit_price", "unit_price", "unit_price"}},
		{"_x1", [4]string{"_x1", "_x1", "_x1", "_x1"}},
		// Reserved everywhere.
		{"order", [4]string{`"order"`, `"order"`, "`order`", "`order`"}},
		{"select", [4]string{`"select"`, `"select"`, "`select`", "`select`"}},
		{"group", [4]string{`"group"`, `"group"`, "`group`", "`group`"}},
		// Reserved in some dialects only.
		{"user", [4]string{`"user"`, "user", "user", "user"}},
		{"rank", [4]string{"rank", "rank", "`rank`", "`rank`"}},
		{"values", [4]string{"values", `"values"`, "`values`", "`values`"}},
		// Case is kept by quoting: unquoted, PostgreSQL would fold it.
		{"UserName", [4]string{`"UserName"`, `"UserName"`, "`UserName`", "`UserName`"}},
		{"ORDER", [4]string{`"ORDER"`, `"ORDER"`, "`ORDER`", "`ORDER`"}},
		// A leading digit, a space, punctuation.
		{"1st", [4]string{`"1st"`, `"1st"`, "`1st`", "`1st`"}},
		{"a b", [4]string{`"a b"`, `"a b"`, "`a b`", "`a b`"}},
		{"a.b", [4]string{`"a.b"`, `"a.b"`, "`a.b`", "`a.b`"}},
		{"a;b--", [4]string{`"a;b--"`, `"a;b--"`, "`a;b--`", "`a;b--`"}},
		// The dialect's own quote is doubled; the other one is plain text.
		{`a"b`, [4]string{`"a""b"`, `"a""b"`, "`a\"b`", "`a\"b`"}},
		{`"`, [4]string{`""""`, `""""`, "`\"`", "`\"`"}},
		{"a`b", [4]string{"\"a`b\"", "\"a`b\"", "`a``b`", "`a``b`"}},
		{"`", [4]string{"\"`\"", "\"`\"", "````", "````"}},
		{"x\"`\"`y", [4]string{"\"x\"\"`\"\"`y\"", "\"x\"\"`\"\"`y\"", "`x\"``\"``y`", "`x\"``\"``y`"}},
		// Backslashes and single quotes are plain text inside identifiers.
		{`a\b'c`, [4]string{`"a\b'c"`, `"a\b'c"`, "`a\\b'c`", "`a\\b'c`"}},
		// Unicode is quoted, byte for byte.
		{"prénom", [4]string{`"prénom"`, `"prénom"`, "`prénom`", "`prénom`"}},
		{"名前", [4]string{`"名前"`, `"名前"`, "`名前`", "`名前`"}},
	}
	for _, tt := range tests {
		for i, d := range dialects {
			got, err := d.QuoteIdentifier(tt.name)
			if err != nil {
				t.Errorf("%s.QuoteIdentifier(%q): %v", d.Name, tt.name, err)
				continue
			}
			if got != tt.want[i] {
				t.Errorf("%s.QuoteIdentifier(%q) = %s, want %s", d.Name, tt.name, got, tt.want[i])
			}
		}
	}
}

func TestQuoteIdentifierRejectsNULAndEmpty(t *testing.T) {
	for _, d := range []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MySQL, mysql.MariaDB} {
		for _, name := range []string{"", "\x00", "a\x00b", "order\x00", "\x00\"; DROP TABLE t; --"} {
			got, err := d.QuoteIdentifier(name)
			if !errors.Is(err, core.ErrInvalidIdentifier) {
				t.Errorf("%s.QuoteIdentifier(%q) = %q, %v; want ErrInvalidIdentifier", d.Name, name, got, err)
			}
			if got != "" {
				t.Errorf("%s.QuoteIdentifier(%q) returned %q with its error", d.Name, name, got)
			}
		}
	}
}

// TestQuotedNamesInStatements: the names a statement carries (table, column,
// alias, schema) are quoted as QuoteIdentifier quotes them, and a NUL in any
// of them fails the compile instead of reaching the SQL.
func TestQuotedNamesInStatements(t *testing.T) {
	odd := core.NewTable("we\"ird`tbl", core.Schema("My Schema"))
	col := core.NewColumn[int64](odd, "Sel\"ect`")
	alias := core.Alias(odd, "al`\"ias")
	stmt := core.Select(col, col.Of(alias)).From(odd).Join(alias, col.EqCol(col.Of(alias)))
	want := map[string]string{
		"postgres": `SELECT "My Schema"."we""ird` + "`" + `tbl"."Sel""ect` + "`" + `", "al` + "`" + `""ias"."Sel""ect` + "`" + `" AS "Sel""ect` + "`" + `_1" ` +
			`FROM "My Schema"."we""ird` + "`" + `tbl" JOIN "My Schema"."we""ird` + "`" + `tbl" AS "al` + "`" + `""ias" ` +
			`ON "My Schema"."we""ird` + "`" + `tbl"."Sel""ect` + "`" + `" = "al` + "`" + `""ias"."Sel""ect` + "`" + `"`,
		"mysql": "SELECT `My Schema`.`we\"ird``tbl`.`Sel\"ect```, `al``\"ias`.`Sel\"ect``` AS `Sel\"ect``_1` " +
			"FROM `My Schema`.`we\"ird``tbl` JOIN `My Schema`.`we\"ird``tbl` AS `al``\"ias` " +
			"ON `My Schema`.`we\"ird``tbl`.`Sel\"ect``` = `al``\"ias`.`Sel\"ect```",
	}
	for name, d := range map[string]*core.Dialect{"postgres": postgres.Dialect, "mysql": mysql.MySQL} {
		c, err := d.Compile(stmt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c.SQL != want[name] {
			t.Errorf("%s:\n got %s\nwant %s", name, c.SQL, want[name])
		}
	}

	nul := []struct {
		what string
		stmt core.Statement
	}{
		{"table", func() core.Statement {
			tb := core.NewTable("t\x00")
			return core.Select(core.NewColumn[int64](tb, "id"))
		}()},
		{"column", func() core.Statement {
			tb := core.NewTable("t")
			return core.Select(core.NewColumn[int64](tb, "i\x00d"))
		}()},
		{"schema", func() core.Statement {
			tb := core.NewTable("t", core.Schema("s\x00"))
			return core.Select(core.NewColumn[int64](tb, "id"))
		}()},
		{"alias", func() core.Statement {
			a := core.Alias(odd, "a\x00")
			return core.Select(col.Of(a))
		}()},
		{"subquery", func() core.Statement {
			sq := core.Select(col).Subquery("s\x00q")
			return core.Select(col.Of(sq))
		}()},
		{"label", core.Select(col.Label("l\x00")).From(odd)},
		{"cte", func() core.Statement {
			cte := core.Select(col).CTE("c\x00")
			return core.Select(col.Of(cte))
		}()},
	}
	for _, d := range []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MySQL, mysql.MariaDB} {
		for _, n := range nul {
			c, err := d.Compile(n.stmt)
			if !errors.Is(err, core.ErrInvalidIdentifier) {
				t.Errorf("%s: a NUL in a %s name: got %q, %v; want ErrInvalidIdentifier", d.Name, n.what, c.SQL, err)
			}
		}
	}
}
