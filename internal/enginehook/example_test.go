// internal/enginehook/example_test.go

package enginehook_test

import (
	"context"
	"fmt"

	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/sqlite" // sqlite: DSNs
	"github.com/retortdb/retort/internal/enginehook"
)

// An outer join leaves the right side's columns NULL where it found
// nothing: Nullable scans them into plain fields and says which were NULL.
func ExampleNullable() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, sql := range []string{
			`CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL)`,
			`CREATE TABLE profiles (user_id BIGINT PRIMARY KEY, bio VARCHAR(100) NOT NULL)`,
			`INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'bob@example.com')`,
			`INSERT INTO profiles VALUES (1, 'likes tea')`,
		} {
			if _, err := tx.ExecSQL(ctx, sql); err != nil {
				return err
			}
		}
		res, err := tx.QuerySQL(ctx, `SELECT u.email, p.bio FROM users u LEFT JOIN profiles p ON p.user_id = u.id ORDER BY u.id`)
		if err != nil {
			return err
		}
		defer res.Close()
		for res.Next() {
			var email, bio string
			nb := enginehook.Nullable{Dest: &bio}
			if err := res.Scan(&email, &nb); err != nil {
				return err
			}
			fmt.Printf("%s: %q (no profile: %v)\n", email, bio, nb.Null)
		}
		return res.Err()
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// ann@example.com: "likes tea" (no profile: false)
	// bob@example.com: "" (no profile: true)
}

// A join repeats the one side's columns on every row of the many side: a
// Group lets a row skip the columns of a department already read, which on
// PostgreSQL are then not even decoded.
func ExampleGroup() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, sql := range []string{
			`CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)`,
			`CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, department_id BIGINT NOT NULL)`,
			`INSERT INTO departments VALUES (1, 'Sales'), (2, 'Ops')`,
			`INSERT INTO users VALUES (1, 'ann@example.com', 1), (2, 'bob@example.com', 2), (3, 'cy@example.com', 1)`,
		} {
			if _, err := tx.ExecSQL(ctx, sql); err != nil {
				return err
			}
		}
		res, err := tx.QuerySQL(ctx, `SELECT u.email, d.id, d.name FROM users u JOIN departments d ON d.id = u.department_id ORDER BY u.id`)
		if err != nil {
			return err
		}
		defer res.Close()
		names := map[int64]string{}
		var email, name string
		var dept int64
		rest := &enginehook.Group{Dests: []any{&name}, Skip: func() bool {
			_, seen := names[dept]
			return seen
		}}
		for res.Next() {
			if err := res.Scan(&email, &dept, rest); err != nil {
				return err
			}
			if _, seen := names[dept]; !seen {
				names[dept] = name
			}
			fmt.Println(email, names[dept])
		}
		return res.Err()
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// ann@example.com Sales
	// bob@example.com Ops
	// cy@example.com Sales
}
