// cmd/retort/gen.go

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/codegen"
	"github.com/retortdb/retort/internal/introspect"
	"github.com/retortdb/retort/orm"
)

const genUsage = `Usage: retort gen [dir]
       retort gen -from-db dsn [-package name] [-tables t1,t2] [dir]

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

With -from-db, gen first writes the structs themselves, from the schema of
a live database (engine.Open's DSN: postgres://..., sqlite:file.db,
mysql://...): dir/models.go gets a tagged struct per table (PostgreSQL's
current schema, MariaDB's current database, SQLite's main database), then
retort_gen.go is written as above. models.go is the package's source from
then on, to edit and commit; running -from-db again overwrites it.

	-package name   the package's name (by default dir's base name)
	-tables t1,t2   only these tables (by default all)

Structs are named after their table in the singular (departments →
Department, with table:departments), fields after their column (artist_id →
ArtistID); a nullable column is a pointer. The primary key, unique
constraints and indexes become pk, unique, index (and composite unique: and
index: on the table), foreign keys references: with their ON DELETE, server
defaults server_default:, CHECK constraints check: (on PostgreSQL and
MariaDB, as the database prints them but for PostgreSQL's casts of
literals, (0)::numeric or 'a'::text, dropped; SQLite's are not read). A
composite foreign key, which tags cannot declare, is left to a comment in
the struct, without a relationship, as is an index on an expression,
partial or with a descending column; and on MariaDB, the index the server
makes for a foreign key (named as the key) is not written. Each foreign key
gives a many-to-one on the child (artist_id → Artist; a key not named *_id
→ its table's struct, or Parent when the table refers to itself) and,
paired by back:, the children on the parent (Albums; Children for a
self-reference; a *T when the key is unique: one-to-one); two keys to one
table are told apart with fk: and the key's name (OriginFlights). A table
whose two foreign keys are its whole primary key and all its columns is an
association table: the two tables get a many-to-many through it
(secondary:).

Column types (a type: tag is written where the Go type's own differs):

	PostgreSQL         SQLite               MariaDB/MySQL         Go
	smallint           -                    smallint, tinyint     int16
	integer            -                    int, mediumint        int32
	bigint             any integer          bigint                int64
	boolean            BOOLEAN              boolean (tinyint(1))  bool
	real               -                    float                 float32
	double precision   REAL, DOUBLE         double                float64
	numeric            NUMERIC              -                     decimal.Decimal
	numeric(p, s)      NUMERIC(p, s)        decimal(p, s)         decimal.Decimal, type:numeric(p, s)
	text, varchar      TEXT                 longtext, text        string
	varchar(n)         VARCHAR(n)           varchar(n)            string, type:varchar(n)
	bytea              BLOB                 longblob, blob        []byte
	date               DATE                 date                  time.Time, type:date
	timestamp          -                    -                     time.Time, type:timestamp
	timestamptz        TIMESTAMP, DATETIME  datetime, timestamp   time.Time
	json, jsonb        JSON                 json (1)              map[string]any
	uuid               UUID                 char(36)              [16]byte
	an enum type       TEXT CHECK (c IN ..) enum(...)             a string type with constants
	T[] (2)            -                    -                     a slice of T's Go type ([]string)

(1) MariaDB's JSON is a longtext with CHECK (json_valid(c)); MySQL's is
JSON. (2) An array of any type above but json and an enum, with the
element's type: tag and [] where the element would have one
(type:varchar(4)[], type:numeric(8, 2)[]); an array declared with several
dimensions (integer[][]) is unmapped, and a row whose array has a NULL
element fails to load, with an error. Where retort keeps a slice as JSON
text (a JSON column on MariaDB, TEXT on SQLite), the column reads as a map
or a string: the schema does not say, so change the field's type by hand.

SQLite keeps integers in 64 bits whatever their declaration (and retort
declares them all INTEGER), so every integer column is an int64 there;
SQLite and MariaDB have no enum types: an ENUM column of MariaDB, and a
TEXT column of SQLite with CHECK (c IN ('a', 'b')) (as retort makes an enum
there), become a type named after the table and column (order_status). A
column of any other type is an error: leave its table out with -tables, or
map it by hand.
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
	fromDB := fs.String("from-db", "", "write the structs from this database's schema first")
	pkgName := fs.String("package", "", "with -from-db, the package's name (by default the directory's)")
	tables := fs.String("tables", "", "with -from-db, the tables to map, comma-separated (by default all)")
	dir, status := packageDir(fs, args, stderr)
	if status >= 0 {
		return status
	}
	if *fromDB != "" {
		return runGenFromDB(*fromDB, *pkgName, *tables, dir, stdout, stderr)
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

// runGenFromDB is retort gen -from-db.
func runGenFromDB(dsn, name, tables, dir string, stdout, stderr io.Writer) int {
	ctx := context.Background()
	if name == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			fmt.Fprintf(stderr, "retort gen: %v\n", err)
			return 1
		}
		name = strings.ToLower(strings.Map(func(r rune) rune {
			if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, filepath.Base(abs)))
	}
	var only []string
	for t := range strings.SplitSeq(tables, ",") {
		if t = strings.TrimSpace(t); t != "" {
			only = append(only, t)
		}
	}
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "retort gen: %v\n", err)
		return 1
	}
	defer eng.Close()
	pkg, err := introspect.Generate(ctx, eng, dir, only, introspect.Options{Package: name})
	if err != nil {
		fmt.Fprintf(stderr, "retort gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "retort gen: wrote %s and %s (%d mapped structs)\n",
		filepath.Join(dir, introspect.ModelsFile), filepath.Join(dir, codegen.FileName), len(pkg.Structs))
	return 0
}
