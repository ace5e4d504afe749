package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{[]string{"gen", "../../internal/codegen/testdata/mistakes"}, 1, "models.go:15: NoKey: no primary key"},
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
