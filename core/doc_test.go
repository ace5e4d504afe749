// core/doc_test.go

package core_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDocComments fails for every exported identifier of the module's
// public packages (all but internal/ and cmd/, and not the other modules
// in the tree, such as bench/) that has no doc comment:
// types, functions, methods of exported types, constants and variables. A
// constant or variable inside a parenthesised group is documented by the
// group's comment, as go doc shows it. It lives here, once, for them all.
func TestDocComments(t *testing.T) {
	var dirs []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		switch name := d.Name(); {
		case path != ".." && (strings.HasPrefix(name, ".") || name == "internal" || name == "cmd" || name == "testdata"):
			return filepath.SkipDir
		case path != ".." && exists(filepath.Join(path, "go.mod")):
			return filepath.SkipDir // another module (bench/), with generated code of its own
		}
		dirs = append(dirs, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			for _, missing := range undocumented(t, path) {
				t.Errorf("%s has no doc comment", missing)
			}
			checked++
		}
	}
	if checked < 30 {
		t.Fatalf("checked only %d files in %v; is the test running in core/?", checked, dirs)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// undocumented lists "file:line: name" for each exported identifier of the
// file at path that lacks a doc comment.
func undocumented(t *testing.T, path string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	report := func(pos token.Pos, kind, name string) {
		p := fset.Position(pos)
		out = append(out, p.Filename+":"+strconv.Itoa(p.Line)+": "+kind+" "+name)
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			name := d.Name.Name
			kind := "func"
			if d.Recv != nil && len(d.Recv.List) > 0 {
				recv := receiverName(d.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue // not part of the API
				}
				name = recv + "." + name
				kind = "method"
			}
			if d.Doc == nil {
				report(d.Pos(), kind, name)
			}
		case *ast.GenDecl:
			grouped := d.Lparen.IsValid()
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && s.Doc == nil && (grouped || d.Doc == nil) {
						report(s.Pos(), "type", s.Name.Name)
					}
				case *ast.ValueSpec:
					if s.Doc != nil || d.Doc != nil {
						continue
					}
					for _, n := range s.Names {
						if n.IsExported() {
							report(n.Pos(), d.Tok.String(), n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// receiverName is the type name of a method receiver: T for T, *T, T[P]
// and *T[P].
func receiverName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// TestUndocumented checks the checker on a file with known gaps.
func TestUndocumented(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.go")
	src := `package x

// Documented is documented.
type Documented struct{}

type Bare struct{}

func (Documented) M() {}

func (*Bare) N() {}

// G is documented.
func G[T any]() {}

type Gen[T any] struct{}

func (g Gen[T]) P() {}

type hidden struct{}

func (h *hidden) Q() {}

const C = 1

// Grouped constants share this comment.
const (
	A = 1
	B = 2
)

const (
	D = 1
	// E is documented.
	E = 2
)

var V, w int

func F() {}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range undocumented(t, path) {
		got = append(got, m[strings.Index(m, ": ")+2:])
	}
	want := []string{"type Bare", "method Documented.M", "method Bare.N", "type Gen", "method Gen.P",
		"const C", "const D", "var V", "func F"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("undocumented found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
