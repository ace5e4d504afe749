package engine_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/testdb"
)

// TestMain fails the package's tests if a goroutine outlives them: a pgx
// or database/sql goroutine left behind means an engine, Tx or Result was
// not closed. No driver goroutine needs ignoring: pgxpool's health checker
// and database/sql's connection opener and cleaner all stop at Close, and
// modernc.org/sqlite and go-sql-driver/mysql start none that outlive a
// connection.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// backend is one database the engine tests run on.
type backend struct {
	name   string // testdb.SQLite, testdb.Postgres or testdb.MySQL
	flavor string // as testdb.DB.Flavor
	dsn    string
}

// each runs fn once per backend, as subtests, with an engine opened on a
// fresh namespace. When fn returns, the engine must have no connection in
// use; then it is closed.
func each(t *testing.T, fn func(t *testing.T, b backend, eng *engine.Engine), opts ...engine.Option) {
	t.Helper()
	for _, name := range []string{testdb.SQLite, testdb.Postgres, testdb.MySQL} {
		t.Run(name, func(t *testing.T) {
			b := backend{name: name}
			b.dsn, b.flavor = testdb.EngineDSN(t, name)
			eng := open(t, b.dsn, opts...)
			fn(t, b, eng)
		})
	}
}

// open opens an engine that is checked for connections left in use and
// closed when t ends.
func open(t *testing.T, dsn string, opts ...engine.Option) *engine.Engine {
	t.Helper()
	eng, err := engine.Open(t.Context(), dsn, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", dsn, err)
	}
	t.Cleanup(func() {
		// database/sql returns a connection on another goroutine when a
		// context ends mid-statement: allow it a moment.
		deadline := time.Now().Add(time.Second)
		for eng.Stats().InUse > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if n := eng.Stats().InUse; n > 0 {
			t.Errorf("%d connection(s) still in use after the test: a Tx or Result was not finished", n)
			go eng.Close() // pgxpool's Close would wait for it forever
			return
		}
		if err := eng.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return eng
}

// Items is the table the tests use, created by hand-written DDL.
var Items = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
	Qty  core.Column[int64]
	Note core.Column[string]
}) {
	t.Table = core.NewTable("items")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name")
	t.Qty = core.NewColumn[int64](t.Table, "qty")
	t.Note = core.NewColumn[string](t.Table, "note", core.Nullable())
	return t
}()

const itemsDDL = `CREATE TABLE items (
	id   BIGINT PRIMARY KEY,
	name VARCHAR(100) NOT NULL,
	qty  BIGINT NOT NULL,
	note VARCHAR(100) NULL
)`

// createItems creates the items table and inserts n rows: id i, name
// "item-i", qty i*10, note "even" for even ids and NULL for odd ones.
func createItems(t *testing.T, eng *engine.Engine, n int) {
	t.Helper()
	ctx := t.Context()
	// DDL in a transaction of its own: MySQL commits it implicitly.
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		_, err := tx.ExecSQL(ctx, itemsDDL)
		return err
	})
	if err != nil {
		t.Fatalf("create table: %v", err)
	}
	if n == 0 {
		return
	}
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		ins := core.Insert(Items)
		for i := 1; i <= n; i++ {
			note := Items.Note.SetNull()
			if i%2 == 0 {
				note = Items.Note.Set("even")
			}
			ins = ins.Values(Items.ID.Set(int64(i)), Items.Name.Set(fmt.Sprintf("item-%d", i)), Items.Qty.Set(int64(i*10)), note)
		}
		got, err := tx.Exec(ctx, ins)
		if err == nil && got != int64(n) {
			err = fmt.Errorf("insert affected %d rows, want %d", got, n)
		}
		return err
	})
	if err != nil {
		t.Fatalf("insert: %v", err)
	}
}

// begin begins a transaction that is rolled back when t ends, if still
// open.
func begin(t *testing.T, eng *engine.Engine, opts ...engine.TxOption) *engine.Tx {
	t.Helper()
	tx, err := eng.Begin(t.Context(), opts...)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	return tx
}

// countItems counts the rows of items in a read-only transaction of its
// own, which on SQLite does not wait for a writer's transaction open.
func countItems(t *testing.T, eng *engine.Engine) int64 {
	t.Helper()
	tx := begin(t, eng, engine.WithReadOnly(true))
	defer tx.Rollback(t.Context())
	return count(t, tx)
}

// count counts the rows of items in tx.
func count(t *testing.T, tx *engine.Tx) int64 {
	t.Helper()
	res, err := tx.Query(t.Context(), core.Select(core.CountAll()).From(Items))
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	n, err := engine.Scalars[int64](res)
	if err != nil || len(n) != 1 {
		t.Fatalf("count: %v %v", n, err)
	}
	return n[0]
}

func TestOpen(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		want := map[string]*core.Dialect{testdb.SQLite: sqlite.Dialect, testdb.Postgres: postgres.Dialect, testdb.MariaDB: mysql.MariaDB, "mysql": mysql.MySQL}[b.flavor]
		if eng.Dialect() != want {
			t.Errorf("Dialect() = %v, want %v (flavor %s)", eng.Dialect(), want, b.flavor)
		}
		if b.name == testdb.Postgres {
			// postgresql:// is the same driver.
			e2 := open(t, "postgresql"+strings.TrimPrefix(b.dsn, "postgres"))
			if e2.Dialect() != postgres.Dialect {
				t.Errorf("postgresql://: Dialect() = %v", e2.Dialect())
			}
		}
		switch b.name {
		case testdb.SQLite:
			// synchronous 1 is NORMAL.
			for pragma, want := range map[string]int64{"foreign_keys": 1, "busy_timeout": 5000, "synchronous": 1} {
				if got := scalar(t, eng, "PRAGMA "+pragma); got != want {
					t.Errorf("PRAGMA %s = %d, want %d", pragma, got, want)
				}
			}
			if got := scalarString(t, eng, "PRAGMA journal_mode"); got != "wal" {
				t.Errorf("journal_mode = %q, want wal", got)
			}
			// Parameters after '?' reach the driver, and win over the
			// engine's defaults (synchronous 2 is FULL).
			e2 := open(t, b.dsn+"?_busy_timeout=250&_pragma=synchronous(FULL)")
			for pragma, want := range map[string]int64{"foreign_keys": 1, "busy_timeout": 250, "synchronous": 2} {
				if got := scalar(t, e2, "PRAGMA "+pragma); got != want {
					t.Errorf("with parameters: PRAGMA %s = %d, want %d", pragma, got, want)
				}
			}
		case testdb.MySQL:
			// The driver's parameters pass through; a session variable
			// too.
			e2 := open(t, b.dsn+"?timeout=5s&charset=utf8mb4&sql_select_limit=7")
			if got := scalar(t, e2, "SELECT @@SESSION.sql_select_limit"); got != 7 {
				t.Errorf("sql_select_limit = %d, want 7", got)
			}
		}
		s := eng.Stats()
		if s.MaxOpen != 15 || s.InUse != 0 {
			t.Errorf("Stats() = %+v, want MaxOpen 15 (5+10), InUse 0", s)
		}
	})
}

func TestOpenMemory(t *testing.T) {
	eng := open(t, "sqlite::memory:")
	createItems(t, eng, 3)
	// One database for the whole pool: the table is seen by the next
	// transaction, whichever connection it would have used.
	if n := countItems(t, eng); n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
	if s := eng.Stats(); s.MaxOpen != 1 {
		t.Errorf("MaxOpen = %d, want 1 for an in-memory database", s.MaxOpen)
	}
	// No write-ahead log without a file.
	if got := scalarString(t, eng, "PRAGMA journal_mode"); got != "memory" {
		t.Errorf("journal_mode = %q, want memory", got)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct{ dsn, want string }{
		{"", "no scheme"},
		{"nonsense", "no scheme"},
		{"oracle://scott:tiger@db/x", `unknown scheme "oracle"`},
		{"sqlite:", "no database path"},
		{"sqlite:x.db?%zz", "parameters"},
		{"mysql://", "no host"},
		{"mysql://root:secret@127.0.0.1:1/x", "open mysql"},
		{"postgres://postgres:secret@127.0.0.1:1/x?connect_timeout=2", "open postgres"},
		{"postgres://h/x?sslmode=bogus", "open postgres"},
		{"sqlite:/nonexistent-dir/sub/x.db", "open sqlite"},
	} {
		eng, err := engine.Open(ctx, tc.dsn, engine.WithPoolTimeout(time.Second))
		if err == nil {
			eng.Close()
			t.Errorf("Open(%q) succeeded", tc.dsn)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%q) = %v, want it to mention %q", tc.dsn, err, tc.want)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q): the error shows the password: %v", tc.dsn, err)
		}
	}
	for _, opt := range []engine.Option{engine.WithPoolSize(0), engine.WithMaxOverflow(-1), engine.WithPoolTimeout(-time.Second)} {
		if eng, err := engine.Open(ctx, "sqlite::memory:", opt); err == nil {
			eng.Close()
			t.Errorf("Open with an invalid option succeeded")
		}
	}
}

// item is scanned from items: name through its tag, the others by their
// snake_case names; Note may be NULL.
type item struct {
	ID    int64
	Label string `db:"name"`
	Qty   int64
	Note  *string
	Skip  string `db:"-"`
}

func TestQuery(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 10)
		ctx := t.Context()
		tx := begin(t, eng)
		query := func(stmt core.Statement) *engine.Result {
			t.Helper()
			res, err := tx.Query(ctx, stmt)
			if err != nil {
				t.Fatalf("Query: %v", err)
			}
			return res
		}
		all := core.Select(Items.ID, Items.Name, Items.Qty, Items.Note).From(Items).OrderBy(Items.ID.Asc())

		// Next/Scan/Columns.
		res := query(all.Where(Items.ID.Le(2)))
		if cols := res.Columns(); !slices.Equal(cols, []string{"id", "name", "qty", "note"}) {
			t.Errorf("Columns() = %v", cols)
		}
		var ids []int64
		for res.Next() {
			var id, qty int64
			var name string
			var note *string
			if err := res.Scan(&id, &name, &qty, &note); err != nil {
				t.Fatal(err)
			}
			if name != fmt.Sprintf("item-%d", id) || qty != id*10 || (note != nil) != (id%2 == 0) {
				t.Errorf("row %d: %q %d %v", id, name, qty, note)
			}
			ids = append(ids, id)
		}
		if err := res.Err(); err != nil || !slices.Equal(ids, []int64{1, 2}) {
			t.Errorf("Next/Scan: ids %v, err %v", ids, err)
		}

		// All.
		rows, err := query(all.Where(Items.ID.Le(2))).All()
		if err != nil {
			t.Fatal(err)
		}
		want := []engine.Row{{int64(1), "item-1", int64(10), nil}, {int64(2), "item-2", int64(20), "even"}}
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("All() = %v, want %v", rows, want)
		}

		// One / OneOrNone / First.
		row, err := query(all.Where(Items.ID.Eq(3))).One()
		if err != nil || row[1] != "item-3" {
			t.Errorf("One() = %v, %v", row, err)
		}
		if _, err := query(all.Where(Items.ID.Eq(99))).One(); !errors.Is(err, engine.ErrNoRows) || !strings.Contains(err.Error(), "items") {
			t.Errorf("One() on no rows: %v, want ErrNoRows naming the statement", err)
		}
		if _, err := query(all).One(); !errors.Is(err, engine.ErrMultipleRows) {
			t.Errorf("One() on many rows: %v, want ErrMultipleRows", err)
		}
		if row, err := query(all.Where(Items.ID.Eq(99))).OneOrNone(); row != nil || err != nil {
			t.Errorf("OneOrNone() on no rows = %v, %v", row, err)
		}
		if row, err := query(all.Where(Items.ID.Eq(4))).OneOrNone(); err != nil || row[0] != int64(4) {
			t.Errorf("OneOrNone() = %v, %v", row, err)
		}
		if _, err := query(all).OneOrNone(); !errors.Is(err, engine.ErrMultipleRows) {
			t.Errorf("OneOrNone() on many rows: %v, want ErrMultipleRows", err)
		}
		if row, err := query(all).First(); err != nil || row[0] != int64(1) {
			t.Errorf("First() = %v, %v", row, err)
		}
		if row, err := query(all.Where(Items.ID.Eq(99))).First(); row != nil || err != nil {
			t.Errorf("First() on no rows = %v, %v", row, err)
		}

		// Scalars.
		qtys, err := engine.Scalars[int64](query(core.Select(Items.Qty).From(Items).OrderBy(Items.ID.Asc())))
		if err != nil || len(qtys) != 10 || qtys[9] != 100 {
			t.Errorf("Scalars = %v, %v", qtys, err)
		}

		// ScanAll.
		items, err := engine.ScanAll[item](query(all))
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 10 {
			t.Fatalf("ScanAll: %d items", len(items))
		}
		if it := items[0]; it.ID != 1 || it.Label != "item-1" || it.Qty != 10 || it.Note != nil {
			t.Errorf("ScanAll[0] = %+v", it)
		}
		if it := items[1]; it.Note == nil || *it.Note != "even" {
			t.Errorf("ScanAll[1].Note = %v, want even", it.Note)
		}
		// AppendAll keeps what dst holds and adds the rows after it.
		appended, err := engine.AppendAll([]item{{ID: -1}}, query(all))
		if err != nil || len(appended) != 11 || appended[0].ID != -1 || appended[1] != items[0] || appended[10].ID != 10 {
			t.Errorf("AppendAll = %d items %+v, %v", len(appended), appended, err)
		}
		extra := core.Select(Items.ID, Items.Qty.Add(1).Label("qty_plus_one")).From(Items)
		if _, err := engine.ScanAll[item](query(extra)); err == nil || !strings.Contains(err.Error(), "qty_plus_one") {
			t.Errorf("ScanAll with an unknown column: %v, want an error naming it", err)
		}

		// Mappings.
		maps, err := query(all.Where(Items.ID.Eq(2))).Mappings()
		if err != nil || len(maps) != 1 || maps[0]["name"] != "item-2" || maps[0]["note"] != "even" || maps[0]["qty"] != int64(20) {
			t.Errorf("Mappings() = %v, %v", maps, err)
		}

		// Partitions: 10 rows in fours.
		var sizes []int
		for batch, err := range query(all).Partitions(4) {
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(batch))
		}
		if !slices.Equal(sizes, []int{4, 4, 2}) {
			t.Errorf("Partitions(4) sizes = %v, want [4 4 2]", sizes)
		}
		var got []int64
		for batch, err := range engine.ScanPartitions[item](query(all), 3) {
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range batch {
				got = append(got, it.ID)
			}
			if len(got) >= 6 {
				break // closes the Result
			}
		}
		if !slices.Equal(got, []int64{1, 2, 3, 4, 5, 6}) {
			t.Errorf("ScanPartitions then break: %v", got)
		}

		// A Result left open blocks the next statement, until closed.
		res = query(all)
		if _, err := tx.Query(ctx, all); !errors.Is(err, engine.ErrResultOpen) {
			t.Errorf("second Query with a Result open: %v, want ErrResultOpen", err)
		}
		res.Close()
		res.Close() // twice is fine
		if n := count(t, tx); n != 10 {
			t.Errorf("count = %d", n)
		}

		// A database error names the statement and unwraps to the driver's.
		_, err = tx.ExecSQL(ctx, "SELECT no_such_column FROM items")
		var se *engine.StatementError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "no_such_column") {
			t.Errorf("bad SQL: %v, want a StatementError", err)
		}
		if err := tx.Commit(ctx); err != nil && b.name != testdb.Postgres {
			// PostgreSQL aborts the transaction on the error above, and
			// its COMMIT then rolls back; the others commit.
			t.Errorf("Commit: %v", err)
		}
	})
}

func TestTransactions(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 0)
		ctx := t.Context()
		insert := func(tx *engine.Tx, id int64) {
			t.Helper()
			_, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(id), Items.Name.Set("x"), Items.Qty.Set(1), Items.Note.SetNull()))
			if err != nil {
				t.Fatalf("insert %d: %v", id, err)
			}
		}

		// Nothing autocommits: another transaction does not see an
		// uncommitted insert, and Rollback discards it.
		tx := begin(t, eng)
		insert(tx, 1)
		if n := count(t, tx); n != 1 {
			t.Errorf("own insert: count %d, want 1", n)
		}
		if n := countItems(t, eng); n != 0 {
			t.Errorf("uncommitted insert seen by another transaction: count %d", n)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countItems(t, eng); n != 0 {
			t.Errorf("after Rollback: count %d, want 0", n)
		}

		// Commit persists; afterwards the Tx is done. A Result left
		// open is closed by the Commit.
		tx = begin(t, eng)
		insert(tx, 1)
		pending, err := tx.Query(ctx, core.Select(Items.ID).From(Items))
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countItems(t, eng); n != 1 {
			t.Errorf("after Commit: count %d, want 1", n)
		}
		if pending.Next() {
			t.Errorf("a Result of a committed transaction still reads rows")
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Errorf("Rollback after Commit = %v, want nil", err)
		}
		if err := tx.Commit(ctx); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("Commit after Commit = %v, want ErrTxDone", err)
		}
		if _, err := tx.Query(ctx, core.Select(Items.ID).From(Items)); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("Query after Commit = %v, want ErrTxDone", err)
		}
		if _, err := tx.Begin(ctx); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("Begin after Commit = %v, want ErrTxDone", err)
		}

		// Savepoints: rolling one back keeps the outer work, releasing
		// one keeps its own.
		tx = begin(t, eng)
		insert(tx, 2)
		sp, err := tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert(sp, 3)
		if err := sp.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := sp.ExecSQL(ctx, "SELECT 1"); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("statement on a rolled-back savepoint: %v, want ErrTxDone", err)
		}
		err = tx.Savepoint(ctx, func(sp *engine.Tx) error {
			insert(sp, 4)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sp, err = tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert(sp, 5) // left open: the outer commit includes it
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := sp.Commit(ctx); !errors.Is(err, engine.ErrTxDone) {
			t.Errorf("savepoint Commit after the transaction's: %v, want ErrTxDone", err)
		}
		ids := idsOf(t, eng)
		if !slices.Equal(ids, []int64{1, 2, 4, 5}) {
			t.Errorf("after savepoints: ids %v, want [1 2 4 5]", ids)
		}

		// Transaction: commit on nil, rollback on error, rollback and
		// re-panic on panic.
		if err := eng.Transaction(ctx, func(tx *engine.Tx) error { insert(tx, 6); return nil }); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		if err := eng.Transaction(ctx, func(tx *engine.Tx) error { insert(tx, 7); return boom }); !errors.Is(err, boom) {
			t.Errorf("Transaction returned %v, want boom", err)
		}
		func() {
			defer func() {
				if p := recover(); p != "panic in fn" {
					t.Errorf("recovered %v, want the panic from fn", p)
				}
			}()
			_ = eng.Transaction(ctx, func(tx *engine.Tx) error {
				insert(tx, 8)
				panic("panic in fn")
			})
		}()
		if ids := idsOf(t, eng); !slices.Equal(ids, []int64{1, 2, 4, 5, 6}) {
			t.Errorf("after Transaction: ids %v, want [1 2 4 5 6]", ids)
		}

		// Isolation level and read-only options.
		if b.name != testdb.SQLite {
			ro := begin(t, eng, engine.WithReadOnly(true), engine.WithIsolation(engine.RepeatableRead))
			if _, err := ro.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(9), Items.Name.Set("x"), Items.Qty.Set(1), Items.Note.SetNull())); err == nil {
				t.Errorf("insert in a read-only transaction succeeded")
			}
			ro.Rollback(ctx)
		}
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			count(t, tx)
			return nil
		}, engine.WithIsolation(engine.Serializable))
		if err != nil {
			t.Errorf("serializable transaction: %v", err)
		}
	})
}

// idsOf returns the ids in items, in order.
func idsOf(t *testing.T, eng *engine.Engine) []int64 {
	t.Helper()
	var ids []int64
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.Query(t.Context(), core.Select(Items.ID).From(Items).OrderBy(Items.ID.Asc()))
		if err != nil {
			return err
		}
		ids, err = engine.Scalars[int64](res)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestPoolTimeout exhausts a pool of one connection. The transactions are
// read-only, so that on SQLite they wait for the connection, not for a
// writer's turn (TestSQLiteWriterTimeout).
func TestPoolTimeout(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		held := begin(t, eng, engine.WithReadOnly(true))
		defer held.Rollback(t.Context())

		start := time.Now()
		tx, err := eng.Begin(t.Context(), engine.WithReadOnly(true))
		elapsed := time.Since(start)
		if err == nil {
			tx.Rollback(t.Context())
			t.Fatal("Begin on an exhausted pool succeeded")
		}
		if !errors.Is(err, engine.ErrPoolTimeout) {
			t.Fatalf("Begin: %v, want ErrPoolTimeout", err)
		}
		if elapsed < 200*time.Millisecond {
			t.Errorf("timed out after %v, before the 200ms PoolTimeout", elapsed)
		}
		for _, want := range []string{"size 1", "overflow 0", "timeout 200ms", "1 in use", "1 waiting"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
		if s := eng.Stats(); s.InUse != 1 || s.Waiting != 0 || s.Acquires != 1 || s.MaxOpen != 1 {
			t.Errorf("Stats() = %+v, want 1 in use, none waiting, 1 acquire", s)
		}

		// The caller's own deadline is not a pool timeout.
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		if _, err := eng.Begin(ctx, engine.WithReadOnly(true)); errors.Is(err, engine.ErrPoolTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Begin under the caller's deadline: %v, want DeadlineExceeded, not ErrPoolTimeout", err)
		}

		// Once the connection is back, Begin works again.
		held.Rollback(ctx)
		tx = begin(t, eng)
		tx.Rollback(ctx)
		// database/sql counts the waits that timed out; pgxpool only
		// those that ended with a connection.
		if s := eng.Stats(); b.name != testdb.Postgres && (s.WaitCount < 1 || s.WaitDuration < 200*time.Millisecond) {
			t.Errorf("Stats() = %+v, want the timed-out wait counted", s)
		}
	}, engine.WithPoolSize(1), engine.WithMaxOverflow(0), engine.WithPoolTimeout(200*time.Millisecond))
}

func TestPostgresCancel(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	watch := open(t, dsn) // a separate engine to watch pg_stat_activity
	tag := fmt.Sprintf("retort_cancel_%d", time.Now().UnixNano())

	tx := begin(t, eng)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := tx.ExecSQL(ctx, "SELECT pg_sleep(30) /* "+tag+" */")
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled pg_sleep: %v, want DeadlineExceeded", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("cancelled query took %v to return", elapsed)
	}
	tx.Rollback(ctx)

	// The backend stopped: pg_stat_activity no longer shows the query
	// running within a second.
	deadline := time.Now().Add(time.Second)
	for {
		var running []int64
		err := watch.Transaction(t.Context(), func(w *engine.Tx) error {
			res, err := w.QuerySQL(t.Context(),
				"SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()", tag)
			if err != nil {
				return err
			}
			running, err = engine.Scalars[int64](res)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(running) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cancelled query still runs on the server (pids %v) 1s later", running)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The connection is back in the pool within 100ms, and the engine
	// still works.
	deadline = time.Now().Add(100 * time.Millisecond)
	for eng.Stats().InUse > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("Stats().InUse = %d 100ms after the cancel", eng.Stats().InUse)
		}
		time.Sleep(5 * time.Millisecond)
	}
	err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(t.Context(), "SELECT 1")
		if err != nil {
			return err
		}
		_, err = res.One()
		return err
	})
	if err != nil {
		t.Errorf("query after the cancel: %v", err)
	}
}

// scalar runs sql in a transaction of its own and returns its one integer.
func scalar(t *testing.T, eng *engine.Engine, sql string) int64 {
	t.Helper()
	return scalarOf[int64](t, eng, sql)
}

// scalarString runs sql in a transaction of its own and returns its one
// text value.
func scalarString(t *testing.T, eng *engine.Engine, sql string) string {
	t.Helper()
	return scalarOf[string](t, eng, sql)
}

func scalarOf[T any](t *testing.T, eng *engine.Engine, sql string) T {
	t.Helper()
	var v []T
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(t.Context(), sql)
		if err != nil {
			return err
		}
		v, err = engine.Scalars[T](res)
		return err
	})
	if err != nil || len(v) != 1 {
		t.Fatalf("%s: %v, %v", sql, v, err)
	}
	return v[0]
}

// TestE04 checks E04: QueuePool's defaults (pool_size 5,
// max_overflow 10, pool_timeout 30s, no recycle, no pre-ping). The timeout
// message's wording is checked by TestPoolTimeout; reset on return (a
// ROLLBACK) holds because every Tx ends in COMMIT or ROLLBACK before its
// connection goes back.
func TestE04(t *testing.T) {
	got := engine.DefaultConfig()
	want := engine.Config{PoolSize: 5, MaxOverflow: 10, PoolTimeout: 30 * time.Second,
		LongTransaction: time.Minute} // retort's own: the long-transaction warning (leak.go)
	if got != want {
		t.Errorf("DefaultConfig() = %+v, want %+v", got, want)
	}
	eng := open(t, "sqlite:"+t.TempDir()+"/e04.db")
	if c := eng.Config(); c != want {
		t.Errorf("Config() = %+v, want the defaults", c)
	}
	if s := eng.Stats(); s.MaxOpen != 15 {
		t.Errorf("MaxOpen = %d, want 15", s.MaxOpen)
	}
}

// TestSQLiteTimes: SQLite has no time type and compares times as text, so
// a bound time must be written as SQLite writes them itself. A time in any
// zone matches the stored text of the same instant, a time with
// nanoseconds reads back equal, and CURRENT_TIMESTAMP compares with a
// bound time.
func TestSQLiteTimes(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	eng := open(t, dsn)
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		ctx := t.Context()
		if _, err := tx.ExecSQL(ctx, "CREATE TABLE ev (id INTEGER PRIMARY KEY, at DATETIME)"); err != nil {
			return err
		}
		if _, err := tx.ExecSQL(ctx, "INSERT INTO ev VALUES (1, '2009-01-01 00:00:00'), (2, '2009-01-02 10:30:00')"); err != nil {
			return err
		}
		paris := time.FixedZone("CET", 3600)
		midnight := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC)
		count := func(sql string, args ...any) int64 {
			t.Helper()
			res, err := tx.QuerySQL(ctx, sql, args...)
			if err != nil {
				t.Fatal(err)
			}
			n, err := engine.Scalars[int64](res)
			if err != nil {
				t.Fatal(err)
			}
			return n[0]
		}
		for _, tc := range []struct {
			sql  string
			args []any
			want int64
		}{
			{"SELECT count(*) FROM ev WHERE at = ?", []any{midnight}, 1},
			{"SELECT count(*) FROM ev WHERE at >= ?", []any{midnight}, 2},
			{"SELECT count(*) FROM ev WHERE at = ?", []any{midnight.In(paris)}, 1},
			{"SELECT count(*) FROM ev WHERE at = ?", []any{&midnight}, 1},
			{"SELECT count(*) FROM ev WHERE at > ?", []any{sql.NullTime{Time: midnight, Valid: true}}, 1},
			{"SELECT count(*) FROM ev WHERE at > ? AND at < ?", []any{midnight, time.Date(2009, 1, 2, 11, 30, 0, 0, paris)}, 0},
			{"SELECT count(*) FROM ev WHERE CURRENT_TIMESTAMP > ?", []any{time.Now().Add(-time.Hour)}, 2},
		} {
			if got := count(tc.sql, tc.args...); got != tc.want {
				t.Errorf("%s %v: count %d, want %d", tc.sql, tc.args, got, tc.want)
			}
		}
		precise := time.Date(2024, 2, 29, 23, 59, 58, 123456789, paris)
		if _, err := tx.ExecSQL(ctx, "INSERT INTO ev VALUES (3, ?)", precise); err != nil {
			return err
		}
		res, err := tx.QuerySQL(ctx, "SELECT at FROM ev WHERE id = 3")
		if err != nil {
			return err
		}
		got, err := engine.Scalars[time.Time](res)
		if err != nil {
			return err
		}
		if !got[0].Equal(precise) {
			t.Errorf("read back %v, want the instant %v", got[0], precise)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPostgresDeferredBegin: on PostgreSQL a transaction's BEGIN goes
// with its first statement, in one round trip, with the transaction's
// options in force for that statement; a transaction that runs nothing
// costs no round trip; a first statement that fails leaves a transaction
// that rolls back, and a connection fit for the next one.
func TestPostgresDeferredBegin(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	proxied, roundTrips := testdb.RoundTrips(t, dsn)
	var log deferLog
	eng := open(t, proxied, engine.WithTracer(&log))
	ctx := t.Context()
	show := func(tx *engine.Tx, setting string) string {
		t.Helper()
		res, err := tx.QuerySQL(ctx, "SHOW "+setting)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		var v string
		if !res.Next() {
			t.Fatalf("SHOW %s: no row: %v", setting, res.Err())
		}
		if err := res.Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Warm up: pgx prepares each new SQL text, BEGIN's included, in a
	// round trip of its own.
	tx := begin(t, eng, engine.WithIsolation(engine.Serializable), engine.WithReadOnly(true))
	show(tx, "transaction_isolation")
	show(tx, "transaction_read_only")
	tx.Commit(ctx)

	log.deferred = nil
	before := roundTrips()
	tx = begin(t, eng, engine.WithIsolation(engine.Serializable), engine.WithReadOnly(true))
	if got := show(tx, "transaction_isolation"); got != "serializable" {
		t.Errorf("the first statement runs at %s isolation, want serializable", got)
	}
	if got := show(tx, "transaction_read_only"); got != "on" {
		t.Errorf("transaction_read_only = %s for the first statement, want on", got)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	// describe_exec has each statement described first, in a round trip
	// of its own.
	want := int64(3)
	if testdb.PostgresExecMode() == "describe_exec" {
		want = 5
	}
	if n := roundTrips() - before; n != want {
		t.Errorf("BEGIN, two statements and COMMIT took %d round trips, want %d", n, want)
	}
	if !slices.Equal(log.deferred, []bool{true, false}) {
		t.Errorf("Deferred of BEGIN and COMMIT: %v, want [true false]", log.deferred)
	}

	log.deferred = nil
	before = roundTrips()
	tx = begin(t, eng)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	tx = begin(t, eng)
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if n := roundTrips() - before; n != 0 {
		t.Errorf("two transactions that ran nothing took %d round trips", n)
	}
	if !slices.Equal(log.deferred, []bool{true, true, true, true}) {
		t.Errorf("Deferred of two empty transactions' events: %v, want all true", log.deferred)
	}

	tx = begin(t, eng)
	if _, err := tx.ExecSQL(ctx, "SELECT 1/0"); err == nil || !strings.Contains(err.Error(), "division by zero") {
		t.Errorf("a failing first statement: %v", err)
	}
	if err := tx.Commit(ctx); err == nil {
		t.Error("Commit of a failed transaction succeeded")
	}
	tx = begin(t, eng)
	if _, err := tx.ExecSQL(ctx, "SELECT 1/0"); err == nil {
		t.Error("a failing first statement succeeded")
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Errorf("Rollback after a failing first statement: %v", err)
	}
	tx = begin(t, eng)
	if got := show(tx, "transaction_isolation"); got != "read committed" {
		t.Errorf("the next transaction runs at %s", got)
	}
	tx.Commit(ctx)

	// A first statement that the server refuses fails its transaction,
	// in every exec mode of pgx: the statements after it get 25P02, as
	// after any failed statement, none runs outside the transaction, and
	// COMMIT rolls back. (In the cache modes pgx has the statement
	// prepared before anything runs, so BEGIN never ran; under exec it
	// did, and the refusal aborted it.)
	createItems(t, eng, 0)
	for _, end := range []string{"rollback", "commit"} {
		tx = begin(t, eng)
		if _, err := tx.ExecSQL(ctx, "SELEC 1"); testdb.ErrorCode(err) != "42601" {
			t.Fatalf("a syntax error as the first statement: %v, want 42601", err)
		}
		_, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(1), Items.Name.Set("a"), Items.Qty.Set(1), Items.Note.SetNull()))
		if testdb.ErrorCode(err) != "25P02" {
			t.Errorf("an insert after the refused first statement: %v, want 25P02", err)
		}
		_, err = tx.InsertMany(ctx, Items.Table, []string{"id", "name", "qty"}, [][]any{{int64(2), "b", int64(1)}})
		if testdb.ErrorCode(err) != "25P02" {
			t.Errorf("a COPY after the refused first statement: %v, want 25P02", err)
		}
		if end == "rollback" {
			if err := tx.Rollback(ctx); err != nil {
				t.Errorf("Rollback: %v", err)
			}
		} else if err := tx.Commit(ctx); err == nil {
			t.Error("Commit after a refused first statement succeeded")
		}
		if n := countItems(t, eng); n != 0 {
			t.Errorf("%d rows after %s: the insert ran outside a transaction", n, end)
		}
	}
	tx = begin(t, eng)
	if got := show(tx, "transaction_isolation"); got != "read committed" {
		t.Errorf("the next transaction runs at %s", got)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Errorf("the next transaction: %v", err)
	}
}

// deferLog records the Deferred flag of every BEGIN, COMMIT and ROLLBACK.
type deferLog struct {
	eventLog
	deferred []bool
}

func (l *deferLog) TxEvent(_ context.Context, d engine.TxEventData) {
	l.deferred = append(l.deferred, d.Deferred)
}

// TestAutocommit: a Tx begun with Autocommit commits each statement as it
// ends (another connection sees the row before Commit, and Rollback
// undoes nothing), has no savepoints, and streams on its connection; on
// PostgreSQL its statements are its only round trips.
func TestAutocommit(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		createItems(t, eng, 0)
		tx := begin(t, eng, engine.WithAutocommit(true))
		if _, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(1), Items.Name.Set("a"), Items.Qty.Set(1), Items.Note.SetNull())); err != nil {
			t.Fatal(err)
		}
		if n := countItems(t, eng); n != 1 {
			t.Errorf("another connection sees %d rows before Commit, want 1", n)
		}
		if _, err := tx.Begin(ctx); !errors.Is(err, engine.ErrAutocommit) {
			t.Errorf("a savepoint in an Autocommit Tx: %v, want ErrAutocommit", err)
		}
		if !enginehook.StreamHoldsConnection(tx) {
			t.Error("an Autocommit Tx's stream does not hold its connection")
		}
		res, err := tx.Stream(ctx, 10, core.Select(Items.ID).From(Items))
		if err != nil {
			t.Fatal(err)
		}
		if ids, err := engine.Scalars[int64](res); err != nil || len(ids) != 1 {
			t.Errorf("streamed %v, %v", ids, err)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countItems(t, eng); n != 1 {
			t.Errorf("%d rows after Rollback, want 1: it undoes nothing", n)
		}
	})
	t.Run("round trips", func(t *testing.T) {
		dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
		proxied, roundTrips := testdb.RoundTrips(t, dsn)
		eng := open(t, proxied)
		ctx := t.Context()
		run := func() {
			tx := begin(t, eng, engine.WithAutocommit(true))
			for range 2 {
				if n, err := engine.Scalars[int64](must(tx.QuerySQL(ctx, "SELECT 1"))); err != nil || n[0] != 1 {
					t.Fatalf("SELECT 1: %v %v", n, err)
				}
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
		}
		run() // pgx prepares a new SQL text in a round trip of its own
		before := roundTrips()
		run()
		want := int64(2)
		if testdb.PostgresExecMode() == "describe_exec" {
			want = 4 // each statement is described first
		}
		if n := roundTrips() - before; n != want {
			t.Errorf("two statements under Autocommit took %d round trips, want %d", n, want)
		}
	})
}

// queryOrStream runs sql in tx: streamed three rows at a time (on
// PostgreSQL, a cursor's batches), or as one result.
func queryOrStream(t *testing.T, tx *engine.Tx, stream bool, sql string) *engine.Result {
	t.Helper()
	var res *engine.Result
	var err error
	if stream {
		res, err = tx.StreamSQL(t.Context(), 3, sql)
	} else {
		res, err = tx.QuerySQL(t.Context(), sql)
	}
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestNullable: a Nullable destination reports NULL and leaves its Dest
// alone, and scans a value into it otherwise, on every backend, through
// Query and through Stream (PostgreSQL's cursor batches).
func TestNullable(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 4)
		// Items 1 and 2 find item id+2 (3 and 4); 3 and 4 find nothing.
		sql := "SELECT i.id, n.name, n.qty FROM items i LEFT JOIN items n ON n.id = i.id + 2 ORDER BY i.id"
		tx := begin(t, eng)
		defer tx.Rollback(t.Context())
		for _, stream := range []bool{false, true} {
			res := queryOrStream(t, tx, stream, sql)
			var got []string
			name, qty := "unset", int64(-1)
			nn, nq := enginehook.Nullable{Dest: &name}, enginehook.Nullable{Dest: &qty}
			for res.Next() {
				var id int64
				if err := res.Scan(&id, &nn, &nq); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%d:%s/%v,%d/%v", id, name, nn.Null, qty, nq.Null))
			}
			if err := res.Close(); err != nil {
				t.Fatal(err)
			}
			want := "1:item-3/false,30/false 2:item-4/false,40/false 3:item-4/true,40/true 4:item-4/true,40/true"
			if g := strings.Join(got, " "); g != want {
				t.Errorf("stream=%v: %s\nwant %s", stream, g, want)
			}
		}
	})
}

// TestPointerDestinations: a pointer destination gets nil for NULL and a
// new value otherwise, row after row, never overwriting the value an
// earlier row left (which a caller's object may hold by then).
func TestPointerDestinations(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		createItems(t, eng, 3)
		// Item 1 finds item 2; 2 finds 3, whose note is NULL; 3 finds nothing.
		tx := begin(t, eng)
		defer tx.Rollback(ctx)
		res, err := tx.QuerySQL(ctx, "SELECT n.id, n.name, n.note FROM items i LEFT JOIN items n ON n.id = i.id + 1 ORDER BY i.id")
		if err != nil {
			t.Fatal(err)
		}
		var id *int64
		var name, note *string
		var rows []string
		var firstName *string
		for res.Next() {
			if err := res.Scan(&id, &name, &note); err != nil {
				t.Fatal(err)
			}
			show := func(p any) string {
				switch v := p.(type) {
				case *int64:
					if v != nil {
						return fmt.Sprint(*v)
					}
				case *string:
					if v != nil {
						return *v
					}
				}
				return "nil"
			}
			rows = append(rows, show(id)+"/"+show(name)+"/"+show(note))
			if firstName == nil {
				firstName = name
			}
		}
		if err := res.Close(); err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(rows, " "), "2/item-2/even 3/item-3/nil nil/nil/nil"; got != want {
			t.Errorf("rows %s, want %s", got, want)
		}
		if firstName == nil || *firstName != "item-2" {
			t.Errorf("the first row's name became %v: a later row wrote into it", firstName)
		}
	})
}

// TestGroup: Skip sees the columns before its Group; on PostgreSQL a
// skipped Group's columns are left alone, unconverted, and through
// database/sql, which converts whole rows, they are read all the same.
func TestGroup(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		skips := b.name == testdb.Postgres
		createItems(t, eng, 4)
		// Items 1 and 2 find item id+2 (3 and 4); 3 and 4 find nothing.
		sql := "SELECT i.id, i.name, n.id, n.name, n.qty FROM items i LEFT JOIN items n ON n.id = i.id + 2 ORDER BY i.id"
		tx := begin(t, eng)
		defer tx.Rollback(ctx)
		for _, stream := range []bool{false, true} {
			res := queryOrStream(t, tx, stream, sql)
			var id, nid, qty int64
			var name, nname string
			nn := enginehook.Nullable{Dest: &nid}
			var seen []int64
			// The item's name is wanted for odd items only; the joined
			// item's columns when it was found.
			own := &enginehook.Group{Dests: []any{&name}, Skip: func() bool { seen = append(seen, id); return id%2 == 0 }}
			joined := &enginehook.Group{Dests: []any{&enginehook.Nullable{Dest: &nname}, &enginehook.Nullable{Dest: &qty}}, Skip: func() bool { return nn.Null }}
			var got []string
			for res.Next() {
				name, nname, qty = "unset", "unset", -1
				if err := res.Scan(&id, own, &nn, joined); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%d:%s,%v:%s/%d", id, name, nn.Null, nname, qty))
			}
			if err := res.Close(); err != nil {
				t.Fatal(err)
			}
			want := "1:item-1,false:item-3/30 2:item-2,false:item-4/40 3:item-3,true:unset/-1 4:item-4,true:unset/-1"
			if skips {
				want = "1:item-1,false:item-3/30 2:unset,false:item-4/40 3:item-3,true:unset/-1 4:unset,true:unset/-1"
			}
			if g := strings.Join(got, " "); g != want {
				t.Errorf("stream=%v: %s\nwant %s", stream, g, want)
			}
			if fmt.Sprint(seen) != "[1 2 3 4]" {
				t.Errorf("stream=%v: Skip saw ids %v, want [1 2 3 4]", stream, seen)
			}
		}

		// On PostgreSQL a skipped column is not converted: a name into an
		// int64 fails only when the Group is read.
		for _, skip := range []bool{true, false} {
			var id, bad int64
			res, err := tx.QuerySQL(ctx, "SELECT id, name FROM items WHERE id = 1")
			if err != nil {
				t.Fatal(err)
			}
			res.Next()
			err = res.Scan(&id, &enginehook.Group{Dests: []any{&bad}, Skip: func() bool { return skip }})
			if fails := !skip || !skips; fails != (err != nil) {
				t.Errorf("skip=%v: a name scanned into an int64: %v", skip, err)
			}
			if err := res.Close(); err != nil && skip && skips {
				t.Fatal(err)
			}
		}

		// Destinations that do not match the columns, counting a Group's,
		// and a Group in a Group, are errors that end the Result (each
		// driver words the count its own way: 2 columns, 3 destinations).
		no := func() bool { return false }
		for _, tc := range []struct {
			dest []any
			want string
		}{
			{[]any{new(int64), &enginehook.Group{Dests: []any{new(string), new(string)}, Skip: no}}, `2\D+3`},
			{[]any{&enginehook.Group{Dests: []any{new(int64)}, Skip: no}}, `2\D+1`},
			{[]any{new(int64), &enginehook.Group{Dests: []any{&enginehook.Group{Dests: []any{new(string)}, Skip: no}}, Skip: no}}, "cannot hold another Group"},
		} {
			res, err := tx.QuerySQL(ctx, "SELECT id, name FROM items WHERE id = 1")
			if err != nil {
				t.Fatal(err)
			}
			res.Next()
			if err := res.Scan(tc.dest...); err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("Scan(%v): %v, want an error matching %s", tc.dest, err, tc.want)
			}
		}
	})
}
