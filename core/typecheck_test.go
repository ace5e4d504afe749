// core/typecheck_test.go

package core_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestTypedColumnsRejectWrongTypes type-checks small programs against core,
// proving that what the typed API promises is enforced by the Go compiler.
func TestTypedColumnsRejectWrongTypes(t *testing.T) {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	check := func(body string) error {
		src := `package p
import "github.com/retortdb/retort/core"
var users = core.NewTable("users")
var id = core.NewColumn[int64](users, "id")
var email = core.NewColumn[string](users, "email")
var active = core.NewColumn[bool](users, "active")
func f() { ` + body + ` }`
		file, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		conf := types.Config{Importer: imp.(types.ImporterFrom)}
		_, err = conf.Check("p", fset, []*ast.File{file}, nil)
		return err
	}
	compiles := []string{
		`_ = id.Eq(42)`,
		`_ = core.Select(id).Where(email.Like("%x"), active, id.EqCol(id))`,
		`_ = core.Select(id).Where(core.Or(id.Gt(1), core.Not(active)))`,
	}
	for _, body := range compiles {
		if err := check(body); err != nil {
			t.Errorf("%s: should compile: %v", body, err)
		}
	}
	rejected := map[string]string{
		`_ = id.Eq("x")`:                       "cannot use",
		`_ = id.EqCol(email)`:                  "does not implement",
		`_ = core.Select(id).Where(id)`:        "does not implement",
		`_ = core.Select(id).Where(email)`:     "does not implement",
		`_ = core.And(id.Eq(1), email)`:        "does not implement",
		`_ = id.In("a", "b")`:                  "cannot use",
		`_ = email.SetExpr(id)`:                "does not implement",
		`_ = core.Coalesce[string](email, id)`: "does not implement",
	}
	for body, want := range rejected {
		err := check(body)
		if err == nil {
			t.Errorf("%s: compiled, but must not", body)
		} else if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q, want it to mention %q", body, err, want)
		}
	}
}
