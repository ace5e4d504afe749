package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The fresh module of TestGenAsModuleTool: mapped structs with the
// generate directive the README gives, and a program that uses what
// retort gen writes from them, on an in-memory SQLite database.
const (
	toolModels = `// Package models holds the application's mapped structs.
package models

//go:generate go tool retort gen

// User is a customer.
type User struct {
	ID     int64    ` + "`retort:\"pk\"`" + `
	Email  string   ` + "`retort:\"unique\"`" + `
	Orders []*Order ` + "`retort:\"back:User; cascade:all\"`" + `
}

// Order is one purchase of a user.
type Order struct {
	ID     int64 ` + "`retort:\"pk\"`" + `
	UserID int64 ` + "`retort:\"references:user.id; index\"`" + `
	User   *User ` + "`retort:\"back:Orders\"`" + `
	Total  int64
}
`
	toolMain = `package main

import (
	"context"
	"fmt"
	"log"

	"example.com/shopapp/models"
	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/sqlite" // sqlite:
	"github.com/retortdb/retort/orm"
)

func main() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	if err := orm.CreateAll(ctx, eng, models.MappedTables...); err != nil {
		log.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)
	err = f.Transaction(ctx, func(s *orm.Session) error {
		return s.Add(&models.User{Email: "ada@example.com", Orders: []*models.Order{{Total: 12}, {Total: 30}}})
	})
	if err != nil {
		log.Fatal(err)
	}
	s := f.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[models.User]().
		Where(models.Users.Email.Eq("ada@example.com")).
		Options(orm.SelectInLoad(models.Users.Orders)))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Printf("%s has %d orders\n", u.Email, len(u.Orders))
	}
}
`
)

// TestGenAsModuleTool does what the README tells a user to do in a module
// of their own: record cmd/retort as a tool in go.mod, run go generate
// (whose line runs go tool retort gen), then build and run a program on
// the generated descriptors. The module requires this checkout through a
// replace directive, where a user's go get -tool fetches a release; the
// rest is the same commands. It builds SQLite from scratch without the race
// detector, so it runs in CI's step of heavy tests.
func TestGenAsModuleTool(t *testing.T) {
	if raceOn {
		t.Skip("builds a module without -race; CI runs it in the heavy step")
	}
	if testing.Short() {
		t.Skip("builds a module of its own")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "go", args...)
		cmd.Dir = dir
		// The checkout's own settings (a -race in GOFLAGS, say) are not
		// the user's.
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("mod", "init", "example.com/shopapp")
	goCmd("mod", "edit",
		"-require=github.com/retortdb/retort@v0.0.0",
		"-replace=github.com/retortdb/retort="+root,
		"-tool=github.com/retortdb/retort/cmd/retort")
	write("models/models.go", toolModels)
	write("main.go", toolMain)
	goCmd("mod", "tidy")
	if out := goCmd("generate", "./..."); !strings.Contains(out, "retort gen: wrote retort_gen.go (2 mapped structs)") {
		t.Errorf("go generate printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "models", "retort_gen.go")); err != nil {
		t.Fatal(err)
	}
	goCmd("vet", "./...")
	if out := goCmd("run", "."); out != "ada@example.com has 2 orders\n" {
		t.Errorf("the program printed %q", out)
	}
}
