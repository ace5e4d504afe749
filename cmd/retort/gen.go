// cmd/retort/gen.go

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/internal/codegen"
	"github.com/retortdb/retort/orm"
)

const genUsage = `Usage: retort gen [dir]

Gen reads the structs with retort:"..." tags of the Go package in dir (by
default the current directory, as go generate runs it) and writes, beside
them, retort_gen.go: a typed descriptor per struct (Users.Email is a
core.Column[string], Users.Orders an orm.Relationship[User, Order]), the
field accessors that scan and write without reflection, the registration of
each mapping, and MappedTables. Mapping mistakes are reported with their file
and line, and then nothing is written. Record the command as a tool of your
module once, and put the go:generate line in the package:

	go get -tool github.com/retortdb/retort/cmd/retort@latest

	//go:generate go tool retort gen
`

const schemaUsage = `Usage: retort schema -dialect postgres|sqlite|mysql|mariadb [dir]

Schema prints the DDL that orm.CreateAll runs for the mapped structs of the
Go package in dir (by default the current directory): CREATE TABLE and
CREATE INDEX statements in foreign-key order, each ending with a semicolon,
for a migration tool (goose, Atlas, golang-migrate) to take over. It reads
the source as retort gen does; no code of the package runs.
`

var dialects = map[string]*core.Dialect{
	"postgres": postgres.Dialect, "sqlite": sqlite.Dialect, "mysql": mysql.MySQL, "mariadb": mysql.MariaDB,
}

// packageDir parses a command's flags and its one optional directory.
func packageDir(fs *flag.FlagSet, args []string, stderr io.Writer) (string, int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", 0
		}
		return "", 2
	}
	switch fs.NArg() {
	case 0:
		return ".", -1
	case 1:
		return fs.Arg(0), -1
	}
	fmt.Fprintf(stderr, "retort %s: one package directory at most, not %q\n", fs.Name(), fs.Args())
	fs.Usage()
	return "", 2
}

func runGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, genUsage) }
	dir, status := packageDir(fs, args, stderr)
	if status >= 0 {
		return status
	}
	pkg, err := codegen.Load(dir)
	if err != nil {
		fmt.Fprintf(stderr, "retort gen: %v\n", err)
		return 1
	}
	src, err := pkg.Generate()
	if err != nil {
		fmt.Fprintf(stderr, "retort gen: %v\n", err)
		return 1
	}
	path := filepath.Join(dir, codegen.FileName)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		fmt.Fprintf(stderr, "retort gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "retort gen: wrote %s (%d mapped structs)\n", path, len(pkg.Structs))
	return 0
}

func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, schemaUsage) }
	name := fs.String("dialect", "postgres", "the database: postgres, sqlite, mysql or mariadb")
	dir, status := packageDir(fs, args, stderr)
	if status >= 0 {
		return status
	}
	d := dialects[*name]
	if d == nil {
		fmt.Fprintf(stderr, "retort schema: unknown dialect %q (want postgres, sqlite, mysql or mariadb)\n", *name)
		return 2
	}
	pkg, err := codegen.Load(dir)
	if err != nil {
		fmt.Fprintf(stderr, "retort schema: %v\n", err)
		return 1
	}
	tables, err := pkg.CoreTables()
	if err != nil {
		fmt.Fprintf(stderr, "retort schema: %v\n", err)
		return 1
	}
	ddl, err := orm.DDL(d, tables...)
	if err != nil {
		fmt.Fprintf(stderr, "retort schema: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, strings.Join(ddl, ";\n")+";\n")
	return 0
}
