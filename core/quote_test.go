package core_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// identLimits are the identifier limits each dialect must enforce, from the
// databases' manuals and measured on the servers (see TestExecLongNames):
// names of schemas, tables, columns, CTEs, indexes and constraints, and
// aliases (of tables and subqueries, and select-list labels), in bytes or
// characters; 0 is no limit.
var identLimits = map[string]struct {
	name, alias int
	chars       bool
}{
	"postgres": {63, 63, false},
	"sqlite":   {0, 0, false},
	"mysql":    {64, 256, true},
	"mariadb":  {64, 255, true},
}

// TestIdentifierTooLong checks that Compile refuses every kind of name the
// program gives when it is longer than the dialect keeps, with
// ErrIdentifierTooLong naming it, its length and the limit, and accepts it
// at exactly the limit. Characters are "é" on the dialects that count them,
// so that a name at the limit is twice as long in bytes.
func TestIdentifierTooLong(t *testing.T) {
	kinds := []struct {
		what  string
		alias bool
		build func(name string) core.Statement
	}{
		{"table", false, func(n string) core.Statement {
			tb := core.NewTable(n)
			return core.Select(core.NewColumn[int64](tb, "id"))
		}},
		{"schema", false, func(n string) core.Statement {
			tb := core.NewTable("t", core.Schema(n))
			return core.Select(core.NewColumn[int64](tb, "id"))
		}},
		{"column", false, func(n string) core.Statement {
			return core.Select(core.NewColumn[int64](core.NewTable("t"), n))
		}},
		{"CTE", false, func(n string) core.Statement {
			tb := core.NewTable("t")
			id := core.NewColumn[int64](tb, "id")
			return core.Select(core.ColumnOf[int64](core.Select(id).CTE(n), "id"))
		}},
		{"index", false, func(n string) core.Statement {
			tb := core.NewTable("t")
			id := core.NewColumn[int64](tb, "id")
			return core.CreateIndex(tb, core.Index{Name: n, Columns: []*core.ColumnDef{id.Def()}})
		}},
		{"unique constraint", false, func(n string) core.Statement {
			tb := core.NewTable("t")
			id := core.NewColumn[int64](tb, "id")
			tb.AddIndex(n, true, id)
			return core.CreateTable(tb)
		}},
		{"table alias", true, func(n string) core.Statement {
			tb := core.NewTable("t")
			id := core.NewColumn[int64](tb, "id")
			return core.Select(id.Of(core.Alias(tb, n)))
		}},
		{"subquery", true, func(n string) core.Statement {
			tb := core.NewTable("t")
			id := core.NewColumn[int64](tb, "id")
			return core.Select(core.ColumnOf[int64](core.Select(id).Subquery(n), "id"))
		}},
		{"label", true, func(n string) core.Statement {
			tb := core.NewTable("t")
			return core.Select(core.NewColumn[int64](tb, "id").Label(n))
		}},
		{"subquery column", true, func(n string) core.Statement {
			tb := core.NewTable("t")
			sub := core.Select(core.NewColumn[int64](tb, "id").Label(n)).Subquery("s")
			return core.Select(core.ColumnOf[int64](sub, n))
		}},
	}
	for _, d := range rawDialects {
		lim := identLimits[d.Name]
		unit, unitName := "a", "bytes"
		if lim.chars {
			unit, unitName = "é", "characters"
		}
		for _, k := range kinds {
			limit := lim.name
			if k.alias {
				limit = lim.alias
			}
			if limit == 0 {
				long := strings.Repeat(unit, 1000)
				if c, err := d.Compile(k.build(long)); err != nil {
					t.Errorf("%s: %s of 1000 bytes: %v (no limit)", d, k.what, err)
				} else if !strings.Contains(c.SQL, long) {
					t.Errorf("%s: %s of 1000 bytes is not in %s", d, k.what, c.SQL)
				}
				continue
			}
			at, over := strings.Repeat(unit, limit), strings.Repeat(unit, limit+1)
			if c, err := d.Compile(k.build(at)); err != nil || !strings.Contains(c.SQL, at) {
				t.Errorf("%s: %s of %d %s: %q, %v; want it compiled as it is", d, k.what, limit, unitName, c.SQL, err)
			}
			c, err := d.Compile(k.build(over))
			if !errors.Is(err, core.ErrIdentifierTooLong) {
				t.Errorf("%s: %s of %d %s: %q, %v; want ErrIdentifierTooLong", d, k.what, limit+1, unitName, c.SQL, err)
				continue
			}
			for _, part := range []string{strconv.Quote(over), fmt.Sprintf("is %d %s, over the %d %s allows", limit+1, unitName, limit, d)} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("%s: %s: error %q does not say %s", d, k.what, err, part)
				}
			}
		}
	}
	// PostgreSQL counts bytes: 32 "é" are 64 of them.
	if _, err := postgres.Dialect.Compile(kinds[0].build(strings.Repeat("é", 32))); !errors.Is(err, core.ErrIdentifierTooLong) {
		t.Errorf("postgres: a table of 32 é (64 bytes): %v; want ErrIdentifierTooLong", err)
	}
}
