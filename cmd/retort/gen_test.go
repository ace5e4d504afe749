package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestSchema prints the DDL of the shop model on each dialect, and of the
// generator's every-option package on those that have its cross-schema
// foreign key (not SQLite), and compares it with the golden files (go test
// -update rewrites them).
func TestSchema(t *testing.T) {
	for _, pkg := range []struct {
		name, dir string
		dialects  []string
	}{
		{"shop", "../../internal/models/shop", []string{"postgres", "sqlite", "mysql"}},
		{"everything", "../../internal/codegen/testdata/everything", []string{"postgres", "mysql"}},
	} {
		for _, d := range pkg.dialects {
			t.Run(pkg.name+"/"+d, func(t *testing.T) {
				var out, errb bytes.Buffer
				if code := run(t.Context(), []string{"schema", "-dialect", d, pkg.dir}, &out, &errb); code != 0 {
					t.Fatalf("exit %d: %s", code, errb.String())
				}
				golden := filepath.Join("testdata", "schema_"+pkg.name+"_"+d+".sql")
				if *update {
					if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if out.String() != string(want) {
					t.Errorf("retort schema -dialect %s printed\n%s\nwant (%s)\n%s", d, out.String(), golden, want)
				}
			})
		}
	}
}

// TestGenAndSchemaErrors: mistakes and bad usage exit non-zero with a
// message; a package with mapping mistakes gets no file.
func TestGenAndSchemaErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"gen", "../../internal/codegen/testdata/mistakes"}, 1, "models.go:16: NoKey: no primary key"},
		{[]string{"schema", "../../internal/codegen/testdata/cycle"}, 1, "foreign key cycle"},
		{[]string{"schema", "-dialect", "oracle", "."}, 2, `unknown dialect "oracle"`},
		{[]string{"gen", "a", "b"}, 2, "one package directory at most"},
		{[]string{"gen", "testdata/nothing-here"}, 1, "retort gen:"},
	} {
		var out, errb bytes.Buffer
		code := run(t.Context(), tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("retort %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errb.String(), tc.code, tc.want)
		}
	}
	if _, err := os.Stat("../../internal/codegen/testdata/mistakes/retort_gen.go"); err == nil {
		t.Error("retort gen wrote a file for a package with mistakes")
	}
}

// TestGenFromDB: retort gen -from-db writes models.go and retort_gen.go
// from a SQLite database's tables (those -tables names), in a package
// named after the directory, and refuses a table the database lacks.
func TestGenFromDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	eng, err := engine.Open(t.Context(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		for _, stmt := range []string{
			`CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL)`,
			`CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT NOT NULL)`,
			`CREATE TABLE unrelated (id INTEGER PRIMARY KEY)`,
		} {
			if _, err := tx.ExecSQL(t.Context(), stmt); err != nil {
				return err
			}
		}
		return nil
	})
	eng.Close()
	if err != nil {
		t.Fatal(err)
	}
	// retort gen loads the package, which must be inside the module.
	dir, err := os.MkdirTemp("testdata", "fromdb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var out, errb bytes.Buffer
	args := []string{"gen", "-from-db", "sqlite:" + path, "-tables", "authors, books", dir}
	if code := run(t.Context(), args, &out, &errb); code != 0 {
		t.Fatalf("retort %v: exit %d: %s", args, code, errb.String())
	}
	if !strings.Contains(out.String(), "(2 mapped structs)") {
		t.Errorf("retort gen printed %q", out.String())
	}
	src, err := os.ReadFile(filepath.Join(dir, "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"package " + filepath.Base(dir) + "\n", "//go:generate go tool retort gen", "type Author struct", "type Book struct",
		"Books []*Book `retort:\"back:Author\"`", "Author *Author `retort:\"back:Books\"`",
	} {
		// Fields, so that gofmt's alignment does not matter.
		if !strings.Contains(strings.Join(strings.Fields(string(src)), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("models.go has no %q:\n%s", want, src)
		}
	}
	if strings.Contains(string(src), "Unrelated") {
		t.Errorf("models.go maps a table -tables left out:\n%s", src)
	}
	if _, err := os.Stat(filepath.Join(dir, "retort_gen.go")); err != nil {
		t.Error(err)
	}

	// A key to a table left out is a comment, not a references: tag
	// retort gen would refuse.
	out.Reset()
	args = []string{"gen", "-from-db", "sqlite:" + path, "-tables", "books", dir}
	if code := run(t.Context(), args, &out, &errb); code != 0 {
		t.Fatalf("retort %v: exit %d: %s", args, code, errb.String())
	}
	if src, err = os.ReadFile(filepath.Join(dir, "models.go")); err != nil {
		t.Fatal(err)
	}
	if want := "// (author_id) references authors (id), a table left out."; !strings.Contains(string(src), want) {
		t.Errorf("models.go has no %q:\n%s", want, src)
	}

	errb.Reset()
	args = []string{"gen", "-from-db", "sqlite:" + path, "-tables", "nosuch", dir}
	if code := run(t.Context(), args, &out, &errb); code != 1 || !strings.Contains(errb.String(), `no table "nosuch"`) {
		t.Errorf("retort %v: exit %d, stderr %q", args, code, errb.String())
	}
}
