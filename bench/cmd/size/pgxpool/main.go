// Command pgxpool is the smallest PostgreSQL program on pgxpool alone,
// the baseline of BENCHMARKS.md's binary sizes: the ten first users of the
// shop dataset, by hand-written SQL.
//
//	go build -o /tmp/size-pgxpool ./cmd/size/pgxpool
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, "SELECT id, email FROM users ORDER BY id LIMIT 10")
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			log.Fatal(err)
		}
		fmt.Println(id, email)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
}
