package core_test

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/internal/testdb"
)

// fuzzSeeds are the strings that typically break SQL builders, used as
// identifiers and as values: quote characters of every dialect and their
// doubled forms, backslashes, NUL, statement separators, comment markers,
// placeholder syntax, LIKE wildcards, keywords, PostgreSQL system columns,
// unicode (combining, RTL, emoji, BOM, line separators), invalid UTF-8 and
// names around PostgreSQL's 63-byte identifier limit.
var fuzzSeeds = []string{
	"", "x", "id", "ID", "Id",
	`"`, `""`, `"""`, `a"b`, `"; DROP TABLE x; --`, `"); DROP TABLE sentinel; --`,
	`\`, `\\`, `\"`, `a\`, `\'`,
	"\x00", "a\x00b", "\x00\"; DROP TABLE sentinel; --",
	"/*", "*/", "/* x */", "a/*", "--", "-- x\n", "#", "# x\n", ";", "a;b",
	"'", "''", "'; DROP TABLE sentinel; --", "' OR '1'='1", "E'\\''", "$$", "$q$x$q$",
	"$1", "$2", "?", "?1", ":a", "@a", "%s", "%", "_", "a%b_c",
	"`", "``", "a`b", "`; DROP TABLE sentinel; --", "[a]",
	" ", " a ", "a b", "\t", "\n", "\r\n", "a.b", ".", "U&\"\\0041\"",
	"select", "order", "user", "table", "between", "values", "portion", "xmin", "ctid", "rowid", "oid",
	"sqlite_master", "1a", "_1", "é", "Ünïcødé", "ǅ", "ß", "İ", "K", "\u0301", "e\u0301",
	"\u202eevil\u202c", "שלום", "مرحبا", "日本語", "😀", "👨\u200d👩\u200d👧", "\ufeff", "\u00a0", "\u2028",
	"\ufffd", "\xff", "\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\x80",
	strings.Repeat("a", 61), strings.Repeat("a", 62), strings.Repeat("a", 63), strings.Repeat("a", 64),
	strings.Repeat("é", 30) + "a", strings.Repeat("é", 31), strings.Repeat("é", 32), "a" + strings.Repeat("é", 32),
	strings.Repeat("😀", 16), strings.Repeat(`"`, 70), strings.Repeat("x", 300),
}

// fuzzNames are the names one input gives to the objects its statements use.
type fuzzNames struct{ table, id, col, alias, label string }

// namesFor derives the names from the fuzzed identifier: the table is
// "t_"+ident, so the identifier is also tried after other characters, and the
// column is ident itself, so it is tried at the start of a name. Inputs share
// one database per backend, one input at a time, and each drops its table
// before the next starts (the namespace check would report a leftover), so
// the table name is unique among the tables that exist at once. It is
// derived from the input alone, not from a counter, so that running an input
// again (as the fuzzer does to confirm and minimize it) runs the same SQL.
// The id column must not collide with the identifier: SQLite folds ASCII
// case even in quoted names, so "ID" would clash with "id".
func namesFor(ident string) fuzzNames {
	n := fuzzNames{table: "t_" + ident, id: "id", col: ident, alias: "a_" + ident, label: ident}
	if strings.EqualFold(ident, "id") {
		n.id = "pk"
	}
	return n
}

// templateNames are plain identifiers that no dialect quotes and that occur
// nowhere else in the statements' SQL, so a template compiled with them can
// have each one replaced by a real name's quoted form.
func templateNames(real fuzzNames) fuzzNames {
	return fuzzNames{table: "tpl_table", id: real.id, col: "tpl_col", alias: "tpl_alias", label: "tpl_label"}
}

const (
	tplValue = "tpl value"
	tplOther = "tpl other"
)

// fuzzStatements are the statements run for one input, in order. value and
// other are bound; row 1 holds value, row 2 starts with other.
func fuzzStatements(n fuzzNames, value, other string) []core.Statement {
	t := core.NewTable(n.table)
	id := core.NewColumn[int64](t, n.id, core.PrimaryKey())
	col := core.NewColumn[string](t, n.col)
	a := core.Alias(t, n.alias)
	return []core.Statement{
		core.Insert(t).Values(id.Set(2), col.Set(other)),
		core.Insert(t).Values(id.Set(1), col.Set(value)),
		core.Select(id, col).Where(col.Eq(value)),
		core.Update(t).Set(col.Set(value)).Where(id.Eq(2)),
		core.Select(id.Of(a), col.Of(a).Label(n.label)).Where(col.Of(a).Eq(value)).OrderBy(id.Of(a)),
		core.Delete(t).Where(col.Eq(value), id.Eq(1)),
		core.Select(id, col).OrderBy(id),
	}
}

var placeholderRE = map[string]*regexp.Regexp{
	"postgres": regexp.MustCompile(`\$[0-9]+`),
	"sqlite":   regexp.MustCompile(`\?`),
}

// compileChecked compiles the statements for names and values and checks
// oracles (1) and (2): an invalid identifier fails every compile with
// ErrInvalidIdentifier, one too long for the dialect with
// ErrIdentifierTooLong, and any other compiles to exactly the SQL of a
// template built from plain names, with only each name replaced by its
// QuoteIdentifier form, and to the template's arguments with only the values
// replaced. It returns nil if the identifier is refused.
func compileChecked(t *testing.T, d *core.Dialect, n fuzzNames, value, other string) []core.Compiled {
	t.Helper()
	invalid := n.col == "" || strings.IndexByte(n.col, 0) >= 0
	stmts := fuzzStatements(n, value, other)
	if invalid {
		if _, err := d.QuoteIdentifier(n.col); !errors.Is(err, core.ErrInvalidIdentifier) {
			t.Fatalf("%s: QuoteIdentifier(%q): err = %v, want ErrInvalidIdentifier", d, n.col, err)
		}
		for i, s := range stmts {
			c, err := d.Compile(s)
			if !errors.Is(err, core.ErrInvalidIdentifier) {
				t.Fatalf("%s: statement %d with identifier %q: Compile = %q, %v; want ErrInvalidIdentifier", d, i, n.col, c.SQL, err)
			}
		}
		return nil
	}
	// Every statement names the table, the longest of the names that
	// count against MaxIdentifierLength; the alias, as long, and the label
	// count against MaxAliasLength, which is no shorter. The error names
	// the first too long name the statement writes: the table, or the
	// alias where the statement selects through it.
	if tooLong(d, n.table) {
		for i, s := range stmts {
			c, err := d.Compile(s)
			if !errors.Is(err, core.ErrIdentifierTooLong) ||
				!strings.Contains(err.Error(), strconv.Quote(n.table)) && !strings.Contains(err.Error(), strconv.Quote(n.alias)) {
				t.Fatalf("%s: statement %d with table %q: Compile = %q, %v; want ErrIdentifierTooLong naming it", d, i, n.table, c.SQL, err)
			}
		}
		return nil
	}

	quote := func(name string) string {
		q, err := d.QuoteIdentifier(name)
		if err != nil {
			t.Fatalf("%s: QuoteIdentifier(%q): %v", d, name, err)
		}
		return q
	}
	tn := templateNames(n)
	subst := strings.NewReplacer(
		tn.table, quote(n.table), tn.col, quote(n.col), tn.alias, quote(n.alias), tn.label, quote(n.label))
	templates := fuzzStatements(tn, tplValue, tplOther)
	out := make([]core.Compiled, len(stmts))
	for i := range stmts {
		tpl, err := d.Compile(templates[i])
		if err != nil {
			t.Fatalf("%s: template %d: %v", d, i, err)
		}
		if got := len(placeholderRE[d.Name].FindAllString(tpl.SQL, -1)); got != len(tpl.Args) {
			t.Fatalf("%s: template %d %q has %d placeholders for %d args", d, i, tpl.SQL, got, len(tpl.Args))
		}
		c, err := d.Compile(stmts[i])
		if err != nil {
			t.Fatalf("%s: statement %d with identifier %q, value %q: %v", d, i, n.col, value, err)
		}
		if want := subst.Replace(tpl.SQL); c.SQL != want {
			t.Fatalf("%s: statement %d with identifier %q changed shape:\n got %q\nwant %q", d, i, n.col, c.SQL, want)
		}
		var wantArgs []any // nil, like Compiled.Args, when there are none
		for _, a := range tpl.Args {
			switch a {
			case tplValue:
				a = value
			case tplOther:
				a = other
			}
			wantArgs = append(wantArgs, a)
		}
		if !reflect.DeepEqual(c.Args, wantArgs) {
			t.Fatalf("%s: statement %d with value %q: args %#v, want %#v", d, i, value, c.Args, wantArgs)
		}
		out[i] = c
	}
	return out
}

// fuzzBackend is one database the fuzz target runs on, opened once for all
// inputs.
type fuzzBackend struct {
	name string // testdb.SQLite or testdb.Postgres
	d    *core.Dialect
	conn fuzzConn
	// idType is the DDL type of the id column.
	idType string
	// tablesSQL lists the namespace's tables; columnsSQL the columns of the
	// table named by its one parameter, in order.
	tablesSQL, columnsSQL string
}

// fuzzConn runs SQL on one backend: testdb.DB itself for SQLite, and one
// PostgreSQL connection held for the whole target (see pgFuzzConn).
type fuzzConn interface {
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) ([][]any, error)
}

// pgFuzzConn is one connection of testdb's pool, held so that a session
// setting sticks. Only bigint and text come back, which pgx already returns
// as testdb.DB.Query would (int64, string).
type pgFuzzConn struct{ c *pgxpool.Conn }

func (p pgFuzzConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := p.c.Exec(ctx, query, args...)
	return tag.RowsAffected(), err
}

func (p pgFuzzConn) Query(ctx context.Context, query string, args ...any) ([][]any, error) {
	rows, err := p.c.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// openFuzzBackends opens SQLite and PostgreSQL for the whole fuzz target,
// each with a sentinel table holding one row. Every input does DDL and a few
// writes; both databases would sync each commit to disk, which would
// dominate the run, so durability is switched off for the test's own
// connection (a crash loses nothing a test needs).
func openFuzzBackends(f *testing.F) []*fuzzBackend {
	ctx := f.Context()
	lite := testdb.Open(f, testdb.SQLite)
	pg := testdb.Open(f, testdb.Postgres)

	// PRAGMA synchronous is per connection: keep database/sql to one.
	lite.SQL().SetMaxOpenConns(1)
	pgc, err := pg.Pool().Acquire(ctx)
	if err != nil {
		f.Fatalf("postgres: acquire: %v", err)
	}
	// Registered after testdb.Open's cleanups, so it runs before them:
	// the connection is back before testdb checks for leaks.
	f.Cleanup(pgc.Release)

	backends := []*fuzzBackend{
		{
			name: testdb.SQLite, d: sqlite.Dialect, conn: lite, idType: "INTEGER",
			tablesSQL:  "SELECT name FROM sqlite_schema WHERE type = 'table'",
			columnsSQL: "SELECT name FROM pragma_table_info(?) ORDER BY cid",
		},
		{
			name: testdb.Postgres, d: postgres.Dialect, conn: pgFuzzConn{pgc}, idType: "BIGINT",
			tablesSQL: "SELECT relname::text FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'",
			columnsSQL: `SELECT attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
				WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped
				ORDER BY a.attnum`,
		},
	}
	setup := map[string][]string{
		testdb.SQLite:   {"PRAGMA synchronous = OFF", "PRAGMA journal_mode = MEMORY"},
		testdb.Postgres: {"SET synchronous_commit = off"},
	}
	for _, b := range backends {
		for _, s := range append(setup[b.name], "CREATE TABLE sentinel (v TEXT NOT NULL)", "INSERT INTO sentinel (v) VALUES ('intact')") {
			if _, err := b.conn.Exec(ctx, s); err != nil {
				f.Fatalf("%s: %s: %v", b.name, s, err)
			}
		}
	}
	return backends
}

// sqlState returns the SQLSTATE of a PostgreSQL error, or "".
func sqlState(err error) string {
	var e interface{ SQLState() string }
	if errors.As(err, &e) {
		return e.SQLState()
	}
	return ""
}

// PostgreSQL error codes the oracle expects.
const (
	// pgCharacterNotInRepertoire: NUL in text, or bytes that are not UTF-8
	// (in a value, or anywhere in the statement's text).
	pgCharacterNotInRepertoire = "22021"
	// pgDuplicateColumn: a column named like a system column.
	pgDuplicateColumn = "42701"
)

// pgSystemColumns cannot be used as column names on PostgreSQL.
var pgSystemColumns = map[string]bool{"tableoid": true, "cmax": true, "xmax": true, "cmin": true, "xmin": true, "ctid": true}

// tooLong reports whether name is longer than d's MaxIdentifierLength, which
// PostgreSQL (63 bytes) would silently truncate it to.
func tooLong(d *core.Dialect, name string) bool {
	n := len(name)
	if d.IdentifierLengthInChars {
		n = utf8.RuneCountInString(name)
	}
	return d.MaxIdentifierLength > 0 && n > d.MaxIdentifierLength
}

// storable reports whether the database can hold s in a text column. SQLite
// stores any bytes, NUL and invalid UTF-8 included, and returns them as they
// were; PostgreSQL's text is valid UTF-8 without NUL.
func (b *fuzzBackend) storable(s string) bool {
	if b.name == testdb.Postgres {
		return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
	}
	return true
}

// expectEncodingError checks that err is the database's own refusal of a
// value or name it cannot store, and nothing else.
func (b *fuzzBackend) expectEncodingError(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: %s succeeded; want the encoding error %s", b.d, what, pgCharacterNotInRepertoire)
	}
	if b.name != testdb.Postgres || sqlState(err) != pgCharacterNotInRepertoire {
		t.Fatalf("%s: %s: %v; want only the encoding error %s", b.d, what, err, pgCharacterNotInRepertoire)
	}
}

// checkNamespace checks that the namespace holds the sentinel table, with
// its one row, and besides it exactly the tables in want (stored names).
func (b *fuzzBackend) checkNamespace(t *testing.T, when string, want ...string) {
	t.Helper()
	ctx := t.Context()
	rows, err := b.conn.Query(ctx, "SELECT v FROM sentinel")
	if err != nil || !reflect.DeepEqual(rows, [][]any{{"intact"}}) {
		t.Fatalf("%s: %s: sentinel table: %v, %v", b.d, when, rows, err)
	}
	rows, err = b.conn.Query(ctx, b.tablesSQL)
	if err != nil {
		t.Fatalf("%s: %s: list tables: %v", b.d, when, err)
	}
	got := []string{}
	for _, r := range rows {
		got = append(got, r[0].(string))
	}
	want = append([]string{"sentinel"}, want...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: %s: tables %q, want %q", b.d, when, got, want)
	}
}

// run executes one input on the backend and checks oracle (3): every
// statement does exactly what it says, and the value comes back unchanged.
func (b *fuzzBackend) run(t *testing.T, ident, value string) {
	ctx := t.Context()
	other := "' OR '1'='1"
	if value == other {
		other = "other"
	}
	n := namesFor(ident)
	compiled := compileChecked(t, b.d, n, value, other)
	if compiled == nil {
		return // an invalid or too long identifier: no SQL to run
	}
	q := func(name string) string { s, _ := b.d.QuoteIdentifier(name); return s }

	// The DDL is written here (core has none yet), from QuoteIdentifier.
	create := "CREATE TABLE " + q(n.table) + " (" + q(n.id) + " " + b.idType + " PRIMARY KEY, " + q(n.col) + " TEXT NOT NULL)"
	if _, err := b.conn.Exec(ctx, create); err != nil {
		switch {
		case b.name == testdb.Postgres && !utf8.ValidString(ident):
			// The whole statement's text must be UTF-8.
			b.expectEncodingError(t, "CREATE TABLE with a name that is not UTF-8", err)
		case b.name == testdb.Postgres && pgSystemColumns[ident] && sqlState(err) == pgDuplicateColumn:
		default:
			t.Fatalf("%s: %s: %v", b.d, create, err)
		}
		b.checkNamespace(t, "after a refused CREATE TABLE")
		return
	}
	if b.name == testdb.Postgres && (!utf8.ValidString(ident) || pgSystemColumns[ident]) {
		t.Fatalf("%s: %s succeeded; PostgreSQL should have refused the name", b.d, create)
	}
	dropped := false
	drop := "DROP TABLE " + q(n.table)
	t.Cleanup(func() {
		if !dropped {
			_, _ = b.conn.Exec(context.Background(), drop)
		}
	})

	table := n.table
	b.checkNamespace(t, "after CREATE TABLE", table)
	rows, err := b.conn.Query(ctx, b.columnsSQL, table)
	if err != nil {
		t.Fatalf("%s: columns of %q: %v", b.d, table, err)
	}
	if want := [][]any{{n.id}, {n.col}}; !reflect.DeepEqual(rows, want) {
		t.Fatalf("%s: columns of %q: %q, want %q", b.d, table, rows, want)
	}

	ok := b.storable(value)
	exec := func(i int, wantRows int64) {
		t.Helper()
		c := compiled[i]
		got, err := b.conn.Exec(ctx, c.SQL, c.Args...)
		switch {
		case !ok && i != 0:
			b.expectEncodingError(t, c.SQL, err)
		case err != nil:
			t.Fatalf("%s: %s %#v: %v", b.d, c.SQL, c.Args, err)
		case got != wantRows:
			t.Fatalf("%s: %s %#v affected %d rows, want %d", b.d, c.SQL, c.Args, got, wantRows)
		}
	}
	query := func(i int, want [][]any) {
		t.Helper()
		c := compiled[i]
		got, err := b.conn.Query(ctx, c.SQL, c.Args...)
		switch {
		case !ok && i != len(compiled)-1:
			b.expectEncodingError(t, c.SQL, err)
		case err != nil:
			t.Fatalf("%s: %s %#v: %v", b.d, c.SQL, c.Args, err)
		case !reflect.DeepEqual(got, want):
			t.Fatalf("%s: %s %#v\n got %#v\nwant %#v", b.d, c.SQL, c.Args, got, want)
		}
	}
	exec(0, 1)                                              // INSERT (2, other)
	exec(1, 1)                                              // INSERT (1, value)
	query(2, [][]any{{int64(1), value}})                    // SELECT WHERE col = value
	exec(3, 1)                                              // UPDATE SET col = value WHERE id = 2
	query(4, [][]any{{int64(1), value}, {int64(2), value}}) // SELECT through the alias
	exec(5, 1)                                              // DELETE WHERE col = value AND id = 1
	if ok {
		query(6, [][]any{{int64(2), value}}) // SELECT all
	} else {
		query(6, [][]any{{int64(2), other}})
	}
	b.checkNamespace(t, "after the statements", table)

	if _, err := b.conn.Exec(ctx, drop); err != nil {
		t.Fatalf("%s: %s: %v", b.d, drop, err)
	}
	dropped = true
	b.checkNamespace(t, "after DROP TABLE")
}

// FuzzIdentifierAndValue shows that identifiers and values, whatever they
// hold, never change the shape of the SQL core compiles, and that on real
// databases the statements run and return the value unchanged. For each
// input it defines a table named after the identifier ("t_"+ident), with an
// id column and a column named by the identifier, and checks:
//
//  1. An empty name or one holding NUL is rejected by QuoteIdentifier and by
//     every Compile with ErrInvalidIdentifier; a name longer than the
//     dialect keeps (63 bytes on PostgreSQL, which would truncate it) by
//     every Compile with ErrIdentifierTooLong; nothing else is ever
//     rejected by the compiler.
//  2. Every statement compiles to the SQL of the same statement built from
//     plain names, with only those names replaced by their QuoteIdentifier
//     form, and binds the same arguments with only the values replaced: the
//     input adds or removes no SQL token and no placeholder.
//  3. On SQLite and PostgreSQL the table is created as named, INSERT, SELECT (also through an
//     alias and a label named after the identifier), UPDATE and DELETE
//     affect exactly the rows they should and return the value unchanged,
//     and no other table is touched: a sentinel table keeps its row, and the
//     namespace holds no table but it and the input's own. What a database
//     cannot store fails with its own encoding error and nothing else:
//     PostgreSQL refuses NUL and invalid UTF-8 in text, and invalid UTF-8
//     anywhere in a statement, with SQLSTATE 22021; it also refuses its
//     system column names (xmin, ctid, ...) as column names (42701).
//
// One database per backend serves all inputs. A missing PostgreSQL server
// skips the whole target (and fails it under CI=true), as testdb decides.
func FuzzIdentifierAndValue(f *testing.F) {
	// Each seed both as the identifier and as the value, in one input where
	// both databases accept the name; apart where one refuses it, so that the
	// value is still stored and read back.
	for _, s := range fuzzSeeds {
		if s == "" || strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) || pgSystemColumns[s] {
			f.Add(s, "value")
			f.Add("col", s)
		} else {
			f.Add(s, s)
		}
	}
	f.Add(`"; DROP TABLE sentinel; --`, `'); DROP TABLE sentinel; --`)
	f.Add("\u202e😀", "\u202e😀")
	f.Add("\xff", "\x00")
	f.Add(`a"b`, `a"b`)

	backends := openFuzzBackends(f)

	f.Fuzz(func(t *testing.T, ident, value string) {
		for _, b := range backends {
			b.run(t, ident, value)
		}
	})
}

// FuzzQuoteIdentifier checks QuoteIdentifier on every dialect: a name it
// leaves unquoted is a plain lower-case word that is not reserved; a quoted
// one is the quote character, the name with every quote character doubled
// and nothing else escaped, and the quote character again; so unquoting
// gives the name back, and no quote character inside ends the identifier.
func FuzzQuoteIdentifier(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	plain := regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	dialects := []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MariaDB, mysql.MySQL}
	f.Fuzz(func(t *testing.T, name string) {
		for _, d := range dialects {
			out, err := d.QuoteIdentifier(name)
			if name == "" || strings.IndexByte(name, 0) >= 0 {
				if !errors.Is(err, core.ErrInvalidIdentifier) || out != "" {
					t.Fatalf("%s: QuoteIdentifier(%q) = %q, %v; want ErrInvalidIdentifier", d, name, out, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: QuoteIdentifier(%q): %v", d, name, err)
			}
			q := d.IdentifierQuote
			if len(out) == 0 || out[0] != q {
				if out != name || !plain.MatchString(out) || d.Reserved[out] {
					t.Fatalf("%s: QuoteIdentifier(%q) = %q, unquoted but not a plain unreserved word equal to the name", d, name, out)
				}
				continue
			}
			if len(out) < 2 || out[len(out)-1] != q {
				t.Fatalf("%s: QuoteIdentifier(%q) = %q: no closing quote", d, name, out)
			}
			inner := out[1 : len(out)-1]
			var unq []byte
			for i := 0; i < len(inner); i++ {
				if inner[i] == q {
					if i+1 == len(inner) || inner[i+1] != q {
						t.Fatalf("%s: QuoteIdentifier(%q) = %q: unescaped quote at %d", d, name, out, i+1)
					}
					i++
				}
				unq = append(unq, inner[i])
			}
			if string(unq) != name {
				t.Fatalf("%s: QuoteIdentifier(%q) = %q, which unquotes to %q", d, name, out, unq)
			}
		}
	})
}
