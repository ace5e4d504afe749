package retorttest_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocComments fails for every exported name of package retorttest
// without a doc comment, as engine's TestDocComments does for engine.
func TestDocComments(t *testing.T) {
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("found no source files")
	}
	pkg, err := doc.NewFromFiles(fset, files, "github.com/retortdb/retort/retorttest")
	if err != nil {
		t.Fatal(err)
	}
	check := func(kind, name, text string) {
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s %s has no doc comment", kind, name)
		}
	}
	values := func(kind string, vs []*doc.Value) {
		for _, v := range vs {
			check(kind, strings.Join(v.Names, ", "), v.Doc)
		}
	}
	check("package", pkg.Name, pkg.Doc)
	values("const", pkg.Consts)
	values("var", pkg.Vars)
	for _, f := range pkg.Funcs {
		check("func", f.Name, f.Doc)
	}
	for _, typ := range pkg.Types {
		check("type", typ.Name, typ.Doc)
		values("const", typ.Consts)
		values("var", typ.Vars)
		for _, f := range typ.Funcs {
			check("func", f.Name, f.Doc)
		}
		for _, m := range typ.Methods {
			check("method", typ.Name+"."+m.Name, m.Doc)
		}
	}
}
