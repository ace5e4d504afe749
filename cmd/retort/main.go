// cmd/retort/main.go

// Command retort is Retort's command-line tool.
//
// Usage:
//
//	retort <command> [flags]
//
// The commands are:
//
//	demo    run the canonical query patterns and loading strategies on a small shop
//	gen     write the typed descriptors of a package's tagged structs
//	schema  print the DDL of a package's mapped structs
//
// "retort demo" opens an in-memory SQLite database with package engine (or
// the database -dsn names), creates the shop's tables with orm.CreateAll
// and fills them with a small deterministic shop (departments, users,
// orders and items, a tree of categories), then runs each pattern, built
// with package core, in a transaction of its own, printing its SQL, its
// arguments and the first rows it returns. Then it loads one graph (users,
// their department, orders and items) with each loading strategy and
// prints, side by side, the round trips, rows, time and objects each cost,
// and each one's SQL; at the end, how many statements each step issued.
// It needs no server, and prints the same output on every run but for the
// strategies' times. With -echo the engine also logs every statement to
// stderr (engine.WithLogger).
//
// "retort gen [dir]", run by go generate, reads the package's structs with
// retort:"..." tags and writes retort_gen.go beside them: typed descriptors,
// reflection-free field accessors and the registration of each mapping
// (package orm documents the tags). "retort schema -dialect postgres [dir]"
// prints the DDL orm.CreateAll runs for them. Both read the source only.
//
// "retort gen -from-db dsn [-package name] [-tables t1,t2] [dir]" first
// writes the package's structs from the schema of a live PostgreSQL,
// SQLite or MariaDB/MySQL database (dir/models.go: a struct per table,
// with its keys, indexes, enum types and relationships from the foreign
// keys), then the descriptors. "retort gen -h" gives the naming rules and
// the table of which SQL type becomes which Go type on each database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
)

const usage = `Retort is a SQLAlchemy-style data-access library for Go. This is its command.

Usage:

	retort <command> [flags]

The commands are:

	demo    run the canonical query patterns and loading strategies on a small shop
	gen     write the typed descriptors of a package's tagged structs (or the
	        structs too, from a database's schema, with -from-db)
	schema  print the DDL of a package's mapped structs

Use "retort <command> -h" for more about a command.
`

const demoUsage = `Usage: retort demo [-echo] [-dsn url]

Demo opens an in-memory SQLite database with the engine, creates a small
deterministic shop in it with orm.CreateAll (5 departments, 50 users, 500
orders, 1500 items, 31 categories), then runs the canonical query patterns,
built with package core, and prints, for each one, its SQL, its arguments and
its first rows. Then it loads the first 10 users with their department, orders
and items by each loading strategy (select-in, joined, both, explicit
orm.Load, and one query per object) and prints the round trips, rows, time
and objects of each, side by side, and their SQL; at the end, how many
statements each step issued.

	-echo       log every statement the engine runs to stderr (engine.WithLogger)
	-dsn url    run on this database instead, e.g. postgres://postgres@127.0.0.1:5432/test
	            or mysql://root@127.0.0.1:3306/test. The demo DROPS and recreates the
	            shop's tables there (departments, users, profiles, orders, items,
	            categories, products, tags, product_tags): use a scratch database.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args (without the program name) and returns
// the exit status: 0 on success, 1 when the command failed, 2 for a usage
// mistake.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "demo":
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		fs.SetOutput(stderr)
		fs.Usage = func() { fmt.Fprint(stderr, demoUsage) }
		echo := fs.Bool("echo", false, "log every statement to stderr")
		dsn := fs.String("dsn", "", "the database to run on (its shop tables are dropped and recreated)")
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "retort demo: unexpected argument %q\n", fs.Arg(0))
			fs.Usage()
			return 2
		}
		var logger *slog.Logger
		if *echo {
			logger = slog.New(slog.NewTextHandler(stderr, nil))
		}
		if err := runDemo(ctx, stdout, logger, *dsn); err != nil {
			fmt.Fprintf(stderr, "retort demo: %v\n", err)
			return 1
		}
		return 0
	case "gen":
		return runGen(args[1:], stdout, stderr)
	case "schema":
		return runSchema(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "retort: unknown command %q\n\n", args[0])
		fmt.Fprint(stderr, usage)
		return 2
	}
}
