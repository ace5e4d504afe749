package core_test

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/internal/testdb"
)

var rawDialects = []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MySQL, mysql.MariaDB}

// TestRawPlaceholders checks which "?" of a Raw are placeholders on each
// dialect: none inside string literals, quoted names or comments, as each
// database lexes them. The columns are postgres, sqlite, mysql (and
// mariadb, which lexes as MySQL does); "error" means Compile must refuse
// the text with ErrInvalidStatement.
func TestRawPlaceholders(t *testing.T) {
	tests := []struct {
		raw  string
		args int
		want [3]string
	}{
		{"? + ?", 2, [3]string{"$1 + $2", "? + ?", "? + ?"}},
		{"'it''s ?' = ?", 1, [3]string{"'it''s ?' = $1", "'it''s ?' = ?", "'it''s ?' = ?"}},
		{`"a?b" = ?`, 1, [3]string{`"a?b" = $1`, `"a?b" = ?`, `"a?b" = ?`}},
		{"`a?b` = ?", 1, [3]string{"`a?b` = $1", "`a?b` = ?", "`a?b` = ?"}},
		{"? -- ?\n+ ?", 2, [3]string{"$1 -- ?\n+ $2", "? -- ?\n+ ?", "? -- ?\n+ ?"}},
		{"? /* ? */ + ?", 2, [3]string{"$1 /* ? */ + $2", "? /* ? */ + ?", "? /* ? */ + ?"}},
		{"E'\\'?' = ?", 1, [3]string{"E'\\'?' = $1", "E'\\'?' = ?", "E'\\'?' = ?"}},
		{"some'x' = ?", 1, [3]string{"some'x' = $1", "some'x' = ?", "some'x' = ?"}},
		// "??" is one literal "?": PostgreSQL's jsonb operators.
		{"doc ?? ? AND doc ??| ?", 2, [3]string{"doc ? $1 AND doc ?| $2", "doc ? ? AND doc ?| ?", "doc ? ? AND doc ?| ?"}},
		{"'??' = ?", 1, [3]string{"'??' = $1", "'??' = ?", "'??' = ?"}},
		// A backslash escapes a quote on MySQL only: elsewhere 'a\' ends
		// there and the ? after it is a placeholder.
		{`'a\' = ?`, 1, [3]string{`'a\' = $1`, `'a\' = ?`, "error"}},
		{`'a\'?' = ?`, 1, [3]string{"error", "error", `'a\'?' = ?`}},
		{`"\"?" = ?`, 1, [3]string{"error", "error", `"\"?" = ?`}},
		// Nested comments on PostgreSQL only.
		{"/* /* ? */ ? */ ?", 1, [3]string{"/* /* ? */ ? */ $1", "error", "error"}},
		{"/* /* */ ? */", 1, [3]string{"error", "/* /* */ ? */", "/* /* */ ? */"}},
		// Dollar quotes on PostgreSQL only; a $ inside a name is no quote.
		{"$$?$$ || $t$ ? $$ ? $t$ || ?", 1, [3]string{"$$?$$ || $t$ ? $$ ? $t$ || $1", "error", "error"}},
		{"a$b$ + ? + a$1", 1, [3]string{"a$b$ + $1 + a$1", "a$b$ + ? + a$1", "a$b$ + ? + a$1"}},
		// # comments on MySQL only; elsewhere # is an operator.
		{"? # ?\n", 1, [3]string{"error", "error", "? # ?\n"}},
		{"? # ?", 2, [3]string{"$1 # $2", "? # ?", "error"}},
		// Mistakes the database would read otherwise than Raw.
		{"'?", 0, [3]string{"error", "error", "error"}},
		{"/* ?", 0, [3]string{"error", "error", "error"}},
		{"$q$ ?", 1, [3]string{"error", "$q$ ?", "$q$ ?"}},
		{"?1", 1, [3]string{"error", "error", "error"}},
		{"x = $1", 0, [3]string{"error", "x = $1", "x = $1"}},
		{"? = ?", 1, [3]string{"error", "error", "error"}},
		{"?", 2, [3]string{"error", "error", "error"}},
	}
	for _, tt := range tests {
		for i, d := range rawDialects {
			want := tt.want[min(i, 2)]
			args := make([]any, tt.args)
			for j := range args {
				args[j] = j
			}
			c, err := d.Compile(core.Select(core.Raw[int64](tt.raw, args...)))
			if want == "error" {
				if !errors.Is(err, core.ErrInvalidStatement) {
					t.Errorf("%s: Raw(%q) with %d args compiled to %q, %v; want ErrInvalidStatement", d, tt.raw, tt.args, c.SQL, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: Raw(%q) with %d args: %v", d, tt.raw, tt.args, err)
				continue
			}
			if c.SQL != "SELECT "+want || len(c.Args) != tt.args {
				t.Errorf("%s: Raw(%q) compiled to %q with %d args, want %q", d, tt.raw, c.SQL, len(c.Args), "SELECT "+want)
			}
		}
	}
}

// rawRef is the fuzz target's reference for Raw: it lexes the text with one
// regular expression per kind of token, apart from PostgreSQL's nested
// comments, where it counts /* and */. It returns the text as Compile should
// write it, with count placeholders, or ok=false where Raw must refuse it.
type rawRef struct {
	d                    *core.Dialect
	str, dquote, estr    *regexp.Regexp
	word, dollar, bquote *regexp.Regexp
	flat                 *regexp.Regexp // a comment that does not nest
}

func newRawRef(d *core.Dialect) *rawRef {
	str, dquote := `^'(?:[^']|'')*'`, `^"(?:[^"]|"")*"`
	if d.Has(core.FeatureBackslashEscapes) {
		str, dquote = `^'(?:[^'\\]|''|\\(?s:.))*'`, `^"(?:[^"\\]|""|\\(?s:.))*"`
	}
	return &rawRef{
		d:      d,
		str:    regexp.MustCompile(str),
		dquote: regexp.MustCompile(dquote),
		estr:   regexp.MustCompile(`^[eE]'(?:[^'\\]|''|\\(?s:.))*'`),
		bquote: regexp.MustCompile("^`(?:[^`]|``)*`"),
		word:   regexp.MustCompile(`^(?:[A-Za-z0-9_$]|[^\x00-\x7f])+`),
		dollar: regexp.MustCompile(`^\$(?:(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_]|[^\x00-\x7f])*)?\$`),
		flat:   regexp.MustCompile(`^/\*(?s:.*?)\*/`),
	}
}

func (r *rawRef) lex(s string) (out string, count int, ok bool) {
	var b strings.Builder
	for len(s) > 0 {
		tok := ""
		switch {
		case r.d.Has(core.FeatureDollarQuotes) && r.dollar.MatchString(s):
			tag := r.dollar.FindString(s)
			end := strings.Index(s[len(tag):], tag)
			if end < 0 {
				return "", 0, false
			}
			tok = s[:len(tag)+end+len(tag)]
		case strings.HasPrefix(s, "e'") || strings.HasPrefix(s, "E'"):
			if tok = r.estr.FindString(s); tok == "" {
				return "", 0, false
			}
		case r.word.MatchString(s):
			tok = r.word.FindString(s)
			if r.d.Placeholder == core.Dollar && len(tok) > 1 && tok[0] == '$' && tok[1] >= '0' && tok[1] <= '9' {
				return "", 0, false
			}
		case strings.HasPrefix(s, "--"), r.d.Has(core.FeatureHashComments) && s[0] == '#':
			tok = s
			if nl := strings.IndexByte(s, '\n'); nl >= 0 {
				tok = s[:nl+1]
			}
		case strings.HasPrefix(s, "/*") && r.d.Has(core.FeatureNestedComments):
			depth, j := 0, 0
			for {
				open, close := strings.Index(s[j:], "/*"), strings.Index(s[j:], "*/")
				switch {
				case close < 0:
					return "", 0, false
				case open >= 0 && open < close:
					depth++
					j += open + 2
				default:
					depth--
					j += close + 2
				}
				if depth == 0 {
					break
				}
			}
			tok = s[:j]
		case strings.HasPrefix(s, "/*"):
			if tok = r.flat.FindString(s); tok == "" {
				return "", 0, false
			}
		case s[0] == '\'' || s[0] == '"' || s[0] == '`':
			re := map[byte]*regexp.Regexp{'\'': r.str, '"': r.dquote, '`': r.bquote}[s[0]]
			if tok = re.FindString(s); tok == "" {
				return "", 0, false
			}
		case strings.HasPrefix(s, "??"):
			b.WriteByte('?')
			s = s[2:]
			continue
		case len(s) > 1 && s[0] == '?' && s[1] >= '0' && s[1] <= '9':
			return "", 0, false
		case s[0] == '?':
			count++
			if r.d.Placeholder == core.Dollar {
				b.WriteString("$" + strconv.Itoa(count))
			} else {
				b.WriteByte('?')
			}
			s = s[1:]
			continue
		default:
			tok = s[:1]
		}
		b.WriteString(tok)
		s = s[len(tok):]
	}
	return b.String(), count, true
}

// rawSeeds are texts that lexers get wrong: every kind of quote and comment,
// with "?" inside and around them, unterminated, nested and escaped.
var rawSeeds = []string{
	"", "?", "??", "???", "? ?", "?1", "x?", "'?'", "'it''s ?' = ?", `'a\' = ?`, `'a\'?' = ?`, `'\\' ?`,
	`"a?b" = ?`, `"a""?" ?`, `"\"?" ?`, "`a?b` = ?", "`a``?` ?", "E'\\'?' = ?", "e'?'", "SOME'?' ?", "U&'?' ?",
	"-- ?", "-- ?\n?", "--?", "# ?\n?", "#?", "/* ? */ ?", "/* /* ? */ ? */ ?", "/* /* */ ? */", "/*/ ? */", "/* ?",
	"/**/?", "*/ ?", "$$?$$ ?", "$t$ ? $$ ? $t$ ?", "$t$ ?", "$$", "$1", "x = $1", "a$1", "a$b$ ? $b$",
	"$é$?$é$ ?", "$1$ ?", "doc ?? ? AND doc ??| ? AND doc ??& ?", "'?", "\"?", "`?", "E'?", "'\xff?' ?",
	"\x00?", "é?", "?é", "'it''s ?' || $$?$$ || E'\\'?' || /* ? */ ? -- ?\n",
}

// FuzzRawPlaceholders checks Raw's placeholders against rawRef on every
// dialect: Compile never panics; text the reference refuses is refused with
// ErrInvalidStatement; otherwise Raw with as many arguments as the reference
// counts compiles to the reference's text, and with one more argument is
// refused.
func FuzzRawPlaceholders(f *testing.F) {
	for _, s := range rawSeeds {
		f.Add(s)
	}
	refs := make([]*rawRef, len(rawDialects))
	for i, d := range rawDialects {
		refs[i] = newRawRef(d)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, d := range rawDialects {
			want, n, ok := refs[i].lex(s)
			args := make([]any, n)
			for j := range args {
				args[j] = j
			}
			c, err := d.Compile(core.Select(core.Raw[int64](s, args...)))
			if !ok {
				if !errors.Is(err, core.ErrInvalidStatement) {
					t.Fatalf("%s: Raw(%q) compiled to %q, %v; the reference refuses it", d, s, c.SQL, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: Raw(%q) with %d args: %v", d, s, n, err)
			}
			if c.SQL != "SELECT "+want || len(c.Args) != n {
				t.Fatalf("%s: Raw(%q) compiled to %q with %d args; the reference writes %q with %d",
					d, s, c.SQL, len(c.Args), "SELECT "+want, n)
			}
			c, err = d.Compile(core.Select(core.Raw[int64](s, append(args, n)...)))
			if !errors.Is(err, core.ErrInvalidStatement) {
				t.Fatalf("%s: Raw(%q) with %d args, one too many: %q, %v; want ErrInvalidStatement", d, s, n+1, c.SQL, err)
			}
		}
	})
}

// TestExecRawLiteralPlaceholders runs Raw texts holding "?" in literals,
// names and comments, and one real argument each, on every backend: the
// statement runs with that one argument bound, and the literals come back
// unchanged.
func TestExecRawLiteralPlaceholders(t *testing.T) {
	t.Parallel()
	type rawCase struct {
		raw  string
		arg  any
		want string
	}
	common := []rawCase{
		{"CASE WHEN 'it''s ?' = ? THEN 1 ELSE 0 END", "it's ?", "1"},
		{"/* ? */ ? + 1 -- ?\n", 41, "42"},
	}
	own := map[string][]rawCase{
		testdb.Postgres: {
			{`$$?$$ || $t$ ? $$ $t$ || E'\'?' || (SELECT "a?b" FROM (SELECT 'x' AS "a?b") AS s) || ?`, "!", "? ? $$ '?x!"},
			{"/* /* ? */ ? */ length(?)", "abc", "3"},
			{`CASE WHEN '{"a?": 1}'::jsonb ?? ? THEN 1 ELSE 0 END`, "a?", "1"},
		},
		testdb.SQLite: {
			{"'?' || (SELECT `a?b` || \"c?d\" FROM (SELECT 'x' AS `a?b`, 'y' AS \"c?d\")) || ?", "!", "?xy!"},
			{`'a\' || ?`, "?", `a\?`},
		},
		testdb.MySQL: {
			{"CONCAT('\\'?', \"\\\"?\", (SELECT `a?b` FROM (SELECT 'x' AS `a?b`) AS s), ?)", "!", `'?"?x!`},
			{"? # ?\n + 1", 41, "42"},
		},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		for _, rc := range append(common, own[db.Name]...) {
			stmt := core.Select(core.Raw[string](rc.raw, rc.arg).Label("v"))
			c := execCompile(t, db, stmt)
			if len(c.Args) != 1 {
				t.Errorf("%s: Raw(%q) bound %d arguments, want 1: %s", db.Name, rc.raw, len(c.Args), c.SQL)
			}
			execAssertRows(t, rc.raw, execQuery(t, db, stmt), [][]string{{rc.want}})
		}
	})
}

// TestInvalid: a statement holding an Invalid expression fails to compile
// with its error, wherever the expression is, and so does a nil error.
func TestInvalid(t *testing.T) {
	mistake := errors.New("a mistake found by a builder")
	for _, d := range rawDialects {
		stmt := core.Select(core.Raw[int64]("1")).Where(core.Raw[bool]("TRUE"), core.Invalid[bool](mistake))
		if _, err := d.Compile(stmt); !errors.Is(err, mistake) {
			t.Errorf("%s: compiled with %v, want the builder's error", d, err)
		}
		if _, err := d.Compile(core.Select(core.Invalid[int64](nil))); !errors.Is(err, core.ErrInvalidStatement) {
			t.Errorf("%s: Invalid(nil) compiled with %v, want ErrInvalidStatement", d, err)
		}
	}
}
