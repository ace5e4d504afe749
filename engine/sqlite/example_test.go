package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/sqlite"
)

// An engine on a *sql.DB the program opened, which the engine leaves open.
func ExampleNew() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection, one in-memory database
	eng, err := sqlite.New(db)
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(ctx, "SELECT 6 * 7")
		if err != nil {
			return err
		}
		n, err := engine.Scalars[int64](res)
		fmt.Println(n)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output: [42]
}
