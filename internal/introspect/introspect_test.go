package introspect_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/introspect"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

var update = flag.Bool("update", false, "rewrite internal/models/chinookdb and shopdb from PostgreSQL")

// goldens are the packages generated on PostgreSQL from the tables the
// hand-written models make: Chinook's and the shop's. Their generate
// lines run the command of this module.
var goldens = []struct {
	dir    string
	tables []*core.Table
	opts   introspect.Options
}{
	{"../models/chinookdb", chinook.MappedTables, introspect.Options{Package: "chinookdb", Generate: "go run ../../../cmd/retort gen"}},
	{"../models/shopdb", shop.MappedTables, introspect.Options{Package: "shopdb", Generate: "go run ../../../cmd/retort gen"}},
}

// open creates the tables of the hand-written models on backend in a
// fresh namespace, and returns an engine on it.
func open(t *testing.T, backend string, tables ...[]*core.Table) *engine.Engine {
	t.Helper()
	dsn, _ := testdb.EngineDSN(t, backend)
	eng, err := engine.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	var all []*core.Table
	for _, ts := range tables {
		all = append(all, ts...)
	}
	if err := orm.CreateAll(t.Context(), eng, all...); err != nil {
		t.Fatal(err)
	}
	return eng
}

// TestGolden: Chinook's and the shop's tables, made on PostgreSQL from the
// hand-written models, give internal/models/chinookdb's and shopdb's
// models.go byte for byte; -update writes the packages again (models.go
// and retort_gen.go), and codegen.TestGeneratedUpToDate checks their
// retort_gen.go.
func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.opts.Package, func(t *testing.T) {
			eng := open(t, testdb.Postgres, g.tables)
			if *update {
				if _, err := introspect.Generate(t.Context(), eng, g.dir, nil, g.opts); err != nil {
					t.Fatal(err)
				}
			}
			s, err := introspect.Read(t.Context(), eng, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := introspect.Write(s, g.opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(g.dir, introspect.ModelsFile))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s/models.go is stale (go test -update rewrites it):\n%s", g.dir, diff(string(got), string(want)))
			}
		})
	}
}

// diff returns the first line where got and want differ.
func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, g[i], w[i])
		}
	}
	return "lengths differ"
}

// TestBackendsAgree: the shop's and Chinook's tables, made from the
// hand-written models, give a package that compiles on each backend, and
// the same structs on SQLite and MariaDB as on PostgreSQL, but for the differences the command documents: SQLite's
// integers are all int64; column types (type: tags) are each database's
// own, MariaDB's text of a unique column is a varchar(255); CHECK
// constraints (check: tags) are each database's text, and SQLite's are
// not read.
func TestBackendsAgree(t *testing.T) {
	var pg []byte
	for _, backend := range []string{testdb.Postgres, testdb.SQLite, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			eng := open(t, backend, shop.MappedTables, chinook.MappedTables)
			src, _ := generate(t, eng, "models")
			if backend == testdb.Postgres {
				pg = src
				// The shop's relationships are the hand-written
				// models' (some of their names differ).
				for _, want := range shopWant {
					if !strings.Contains(squeeze(string(src)), squeeze(want)) {
						t.Errorf("models.go has no %q", want)
					}
				}
				if t.Failed() {
					t.Logf("models.go:\n%s", src)
				}
				return
			}
			if pg == nil {
				t.Skip("no PostgreSQL to compare with")
			}
			sqlite := backend == testdb.SQLite
			if got, want := outline(t, src, sqlite), outline(t, pg, sqlite); got != want {
				t.Errorf("the structs differ from PostgreSQL's:\n%s", diff(got, want))
			}
		})
	}
}

// shopWant are lines of the shop's structs read on PostgreSQL.
var shopWant = []string{
	"Users []*User `retort:\"back:Department\"`",
	"Department *Department `retort:\"back:Users\"`",
	"UserID int64 `retort:\"references:users.id; ondelete:cascade; unique\"`",
	"Profile *Profile `retort:\"back:User\"`", // one-to-one: the key is unique
	"_ struct{} `retort:\"table:orders; index:(user_id, created_at)\"`",
	"Parent *Category `retort:\"back:Children\"`",
	"Children []*Category `retort:\"back:Parent\"`",
	"Tags []*Tag `retort:\"secondary:product_tags; back:Products\"`",
	"Products []*Product `retort:\"secondary:product_tags; back:Tags\"`",
	"_ struct{} `retort:\"table:products; check:(price >= 0)\"`",
	"Email string `retort:\"unique\"`",
}

// outline lists the fields of src's structs, one a line, as Struct.Field
// Type `tags`, without type: and check: tags, and with every integer an int64 when
// the outline is compared with SQLite's.
func outline(t *testing.T, src []byte, sqlite bool) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "models.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		for _, fd := range st.Fields.List {
			typ := string(src[fd.Type.Pos()-1 : fd.Type.End()-1])
			if sqlite {
				typ = strings.NewReplacer("int32", "int64", "int16", "int64").Replace(typ)
			}
			var tags []string
			if fd.Tag != nil {
				tag, _ := strconv.Unquote(fd.Tag.Value)
				tag = reflect.StructTag(tag).Get("retort")
				for o := range strings.SplitSeq(tag, "; ") {
					if !strings.HasPrefix(o, "type:") && !strings.HasPrefix(o, "check:") {
						tags = append(tags, o)
					}
				}
			}
			fmt.Fprintf(&b, "%s.%s %s %q\n", ts.Name.Name, fd.Names[0].Name, typ, tags)
		}
		return false
	})
	return b.String()
}
