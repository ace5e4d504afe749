// Command setup creates the benchmark database (bench.DSN: retort_bench on
// the local server, or $RETORT_BENCH_DSN) if it is missing, and loads the
// shop dataset into it, unless every table holds the dataset's rows
// already. Loading drops and recreates the dataset's tables in that
// database only.
//
//	go run ./cmd/setup [-dataset path/to/shop_postgresql.sql]
//
// By default the dataset is the repository's
// internal/testdb/testdata/shop/shop_postgresql.sql, found in the nearest
// directory above the working directory that has it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/retortdb/retort/bench"
)

func main() {
	dataset := flag.String("dataset", "", "the shop dataset's SQL script (default: internal/testdb/testdata/shop/shop_postgresql.sql above the working directory)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("setup: ")
	if err := run(context.Background(), bench.DSN(), *dataset); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dsn, dataset string) error {
	if err := createDatabase(ctx, dsn); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if err := bench.CheckDataset(ctx, conn); err == nil {
		log.Print("the shop dataset is loaded already")
		return nil
	}
	if dataset == "" {
		if dataset, err = findDataset(); err != nil {
			return err
		}
	}
	script, err := os.ReadFile(dataset)
	if err != nil {
		return err
	}
	log.Printf("loading %s", dataset)
	start := time.Now()
	// Without arguments pgx sends the script by the simple protocol,
	// which runs its many statements in one go.
	if _, err := conn.Exec(ctx, string(script)); err != nil {
		return err
	}
	// Every benchmark then reads all-visible pages with fresh statistics,
	// whatever ran before it: hint bits set and the visibility map full.
	if _, err := conn.Exec(ctx, "VACUUM (FREEZE, ANALYZE)"); err != nil {
		return err
	}
	if err := bench.CheckDataset(ctx, conn); err != nil {
		return fmt.Errorf("after loading: %w", err)
	}
	log.Printf("loaded in %s", time.Since(start).Round(time.Second))
	return nil
}

// createDatabase creates the database dsn names, connecting to the
// server's postgres database to do so, unless it exists.
func createDatabase(ctx context.Context, dsn string) error {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return err
	}
	name := cfg.Database
	if name == "" {
		return errors.New("the DSN names no database")
	}
	u, err := url.Parse(dsn)
	if err != nil || !strings.HasPrefix(u.Scheme, "postgres") {
		return fmt.Errorf("want a postgres:// URL, not %q", dsn)
	}
	u.Path = "/postgres"
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	log.Printf("creating database %s", name)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}

// findDataset looks for the repository's shop dataset in the
// working directory and each directory above it.
func findDataset() (string, error) {
	datasetPath := filepath.Join("internal", "testdb", "testdata", "shop", "shop_postgresql.sql")
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		f := filepath.Join(dir, datasetPath)
		if _, err := os.Stat(f); err == nil {
			return f, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no " + datasetPath + " above the working directory: give -dataset")
		}
		dir = parent
	}
}
