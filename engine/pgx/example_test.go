package pgx_test

import (
	"context"
	"log"

	pgxv5 "github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/pgx"
)

// An engine on the program's own pool, which it configures for the
// engine after setting its own AfterConnect, and keeps: closing the engine
// leaves it open.
func ExampleNew() {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig("postgres://app@127.0.0.1:5432/shop")
	if err != nil {
		log.Fatal(err)
	}
	cfg.AfterConnect = func(ctx context.Context, c *pgxv5.Conn) error {
		_, err := c.Exec(ctx, "SET application_name = 'shop'")
		return err
	}
	pgx.Configure(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	eng, err := pgx.New(pool)
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
}

// COPY inside a transaction, through the pgx connection it runs on.
func ExampleConn() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "postgres://app@127.0.0.1:5432/shop")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	rows := [][]any{{int64(1), "ball"}, {int64(2), "kite"}}
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		conn, err := pgx.Conn(ctx, tx)
		if err != nil {
			return err
		}
		_, err = conn.CopyFrom(ctx, pgxv5.Identifier{"products"}, []string{"id", "name"}, pgxv5.CopyFromRows(rows))
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
}
