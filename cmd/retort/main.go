// cmd/retort/main.go

// Command retort is Retort's command-line tool.
//
// Usage:
//
//	retort <command> [flags]
//
// The commands are:
//
//	demo    run the canonical query patterns on an in-memory SQLite database
//
// "retort demo" builds a small deterministic shop (departments, users,
// orders, a tree of categories) with database/sql and modernc.org/sqlite,
// then compiles each pattern with package core and prints its SQL, its
// arguments and the first rows it returns. It needs no server and prints
// the same output on every run.
//
// More commands (gen, bench) and "demo --dsn" for a real server come with
// the engine and the ORM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `Retort is a SQLAlchemy-style data-access library for Go. This is its command.

Usage:

	retort <command> [flags]

The commands are:

	demo    run the canonical query patterns on an in-memory SQLite database

Use "retort <command> -h" for more about a command.
`

const demoUsage = `Usage: retort demo

Demo creates a small deterministic shop (5 departments, 50 users, 500 orders,
31 categories) in an in-memory SQLite database, then compiles the canonical
query patterns with package core and prints, for each one, its SQL, its
arguments and its first rows. It takes no flags yet.
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
		if err := runDemo(ctx, stdout); err != nil {
			fmt.Fprintf(stderr, "retort demo: %v\n", err)
			return 1
		}
		return 0
	default:
		fmt.Fprintf(stderr, "retort: unknown command %q\n\n", args[0])
		fmt.Fprint(stderr, usage)
		return 2
	}
}
