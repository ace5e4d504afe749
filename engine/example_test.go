package engine_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/sqlite" // sqlite: DSNs
)

func ExampleEngine_Transaction() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer eng.Close()

	// Commits: fn returned nil.
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.ExecSQL(ctx, `CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,
			qty BIGINT NOT NULL, note VARCHAR(100) NULL)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, core.Insert(Items).
			Values(Items.ID.Set(1), Items.Name.Set("apple"), Items.Qty.Set(3), Items.Note.SetNull()).
			Values(Items.ID.Set(2), Items.Name.Set("pear"), Items.Qty.Set(5), Items.Note.Set("ripe")))
		return err
	})
	fmt.Println("first:", err)

	// Rolls back: fn returned an error.
	errOutOfStock := errors.New("out of stock")
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, core.Update(Items).Set(Items.Qty.Set(0)).Where(Items.ID.Eq(1))); err != nil {
			return err
		}
		return errOutOfStock
	})
	fmt.Println("second:", err)

	type item struct {
		ID   int64
		Name string
		Qty  int64
		Note *string
	}
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.Query(ctx, core.Select(Items.ID, Items.Name, Items.Qty, Items.Note).From(Items).OrderBy(Items.ID.Asc()))
		if err != nil {
			return err
		}
		items, err := engine.ScanAll[item](res)
		for _, it := range items {
			note := "NULL"
			if it.Note != nil {
				note = *it.Note
			}
			fmt.Println(it.ID, it.Name, it.Qty, note)
		}
		return err
	}, engine.WithReadOnly(true))
	fmt.Println("third:", err)
	// Output:
	// first: <nil>
	// second: out of stock
	// 1 apple 3 NULL
	// 2 pear 5 ripe
	// third: <nil>
}

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
			nb := engine.Nullable{Dest: &bio}
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
		rest := &engine.Group{Dests: []any{&name}, Skip: func() bool {
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
