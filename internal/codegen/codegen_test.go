package codegen_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/internal/codegen"
	"github.com/retortdb/retort/internal/codegen/testdata/everything"
	"github.com/retortdb/retort/internal/mapping"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/mixins"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

var update = flag.Bool("update", false, "rewrite the retort_gen.go files of testdata")

// TestGeneratedUpToDate is the golden test of the committed descriptors:
// generating the model packages again must give their retort_gen.go byte
// for byte. It fails when a struct changed and go generate was not run.
func TestGeneratedUpToDate(t *testing.T) {
	for _, dir := range []string{"../models/shop", "../models/chinook", "../models/fixtures", "../models/mixins", "../models/chinookdb", "../models/shopdb"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			compareGenerated(t, dir, false)
		})
	}
}

// TestGenerateEverything generates a package that uses every mapping
// option, and one whose field types come from packages named core (as
// retort's) and twice kind, compares each with its golden file (-update
// rewrites them), and type-checks the package with the generated code.
func TestGenerateEverything(t *testing.T) {
	for _, dir := range []string{"testdata/everything", "testdata/clash", "testdata/embedded"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			compareGenerated(t, dir, *update)
			pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes, Dir: dir}, ".")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range pkgs[0].Errors {
				t.Errorf("generated code does not compile: %v", e)
			}
		})
	}
}

func compareGenerated(t *testing.T, dir string, rewrite bool) {
	t.Helper()
	pkg, err := codegen.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pkg.Generate()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, codegen.FileName)
	if rewrite {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go generate in %s (or go test -update for testdata)\n%s", path, dir, firstDiff(got, want))
	}
	again, err := pkg.Generate()
	if err != nil || !bytes.Equal(again, got) {
		t.Errorf("a second Generate gave other bytes (err %v)", err)
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  generated: " + g[i] + "\n  committed: " + w[i]
		}
	}
	return "lengths differ"
}

// TestGenerateErrors: the generator reports every mapping mistake of a
// package in one run, each with its file and line, struct and field, as
// the lines marked `// want "..."` in testdata/mistakes say.
func TestGenerateErrors(t *testing.T) {
	for _, dir := range []string{"testdata/mistakes", "testdata/cycle"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, err := codegen.Load(dir)
			if err == nil {
				t.Fatal("no error")
			}
			var msgs []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ce *mapping.ConfigError
				if !errors.As(e, &ce) {
					t.Errorf("%T is not a *mapping.ConfigError: %v", e, e)
				}
				msgs = append(msgs, e.Error())
			}
			wants := wanted(t, filepath.Join(dir, "models.go"))
			for _, w := range wants {
				if !slices.ContainsFunc(msgs, func(m string) bool { return strings.HasPrefix(m, w.pos) && strings.Contains(m, w.msg) }) {
					t.Errorf("no error %s ... %s in:\n%s", w.pos, w.msg, strings.Join(msgs, "\n"))
				}
			}
			if len(msgs) != len(wants) {
				t.Errorf("%d errors, want %d:\n%s", len(msgs), len(wants), strings.Join(msgs, "\n"))
			}
		})
	}
}

type want struct{ pos, msg string }

// wanted reads the `// want "message"` comments of a file.
func wanted(t *testing.T, path string) []want {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`// want (".*")$`)
	var out []want
	for i, line := range strings.Split(string(src), "\n") {
		if m := re.FindStringSubmatch(line); m != nil {
			msg, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
			out = append(out, want{"models.go:" + strconv.Itoa(i+1) + ": ", msg})
		}
	}
	return out
}

// TestSchemaMatchesDescriptors: the tables retort schema builds from the
// source give the same DDL, on every dialect, as the generated descriptors
// that orm.CreateAll runs.
func TestSchemaMatchesDescriptors(t *testing.T) {
	for dir, mapped := range map[string][]*core.Table{"../models/shop": shop.MappedTables, "../models/chinook": chinook.MappedTables,
		"../models/mixins": mixins.MappedTables} {
		pkg, err := codegen.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := pkg.CoreTables()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []*core.Dialect{postgres.Dialect, sqlite.Dialect, mysql.MySQL, mysql.MariaDB} {
			fromSource, err := orm.DDL(d, tables...)
			if err != nil {
				t.Fatal(err)
			}
			fromDescriptors, err := orm.DDL(d, mapped...)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(fromSource, fromDescriptors) {
				t.Errorf("%s on %s: retort schema gives\n%s\nCreateAll runs\n%s", dir, d,
					strings.Join(fromSource, ";\n"), strings.Join(fromDescriptors, ";\n"))
			}
		}
	}
}

// TestPlural: descriptor names.
func TestPlural(t *testing.T) {
	pkg, err := codegen.Load("../models/chinook")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range pkg.Structs {
		got = append(got, s.Name+"→"+s.Descriptor)
	}
	want := []string{"Artist→Artists", "Album→Albums", "Genre→Genres", "MediaType→MediaTypes", "Track→Tracks",
		"Playlist→Playlists", "PlaylistTrack→PlaylistTracks", "Employee→Employees", "Customer→Customers",
		"Invoice→Invoices", "InvoiceLine→InvoiceLines"}
	if !slices.Equal(got, want) {
		t.Errorf("descriptors %v, want %v", got, want)
	}
}

// TestEverythingConfigures: the generated mapping of every option is
// accepted at run time too, and resolves as the tags say.
func TestEverythingConfigures(t *testing.T) {
	if err := orm.Configure(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rel  interface{ Kind() orm.Kind }
		want orm.Kind
	}{
		{everything.AccountTable.Entries, orm.OneToMany},
		{everything.Entries.Account, orm.ManyToOne},
		{everything.Entries.Counter, orm.ManyToOne},
		{everything.Transfers.From, orm.ManyToOne},
		{everything.Transfers.To, orm.ManyToOne},
	} {
		if got := tc.rel.Kind(); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.rel, got, tc.want)
		}
	}
	if s := everything.AccountTable.Entries.Strategy(); s != orm.LazySelectIn {
		t.Errorf("Account.Entries strategy %v, want selectin", s)
	}
}
