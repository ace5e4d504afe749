// Command retort is cmd/size/pgxpool's program on Retort's engine and ORM,
// PostgreSQL only, for BENCHMARKS.md's binary sizes: the ten first users
// of the shop dataset, as mapped objects.
//
//	go build -o /tmp/size-retort ./cmd/size/retort
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/pgx" // postgres:// only
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

func main() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	s := orm.NewSessionFactory(eng).New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Limit(10))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.ID, u.Email)
	}
}
