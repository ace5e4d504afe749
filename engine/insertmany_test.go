package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// Bulk is InsertMany's table: a column of each kind of value, the
// nullable ones holding NULL in some rows.
var Bulk = func() (t struct {
	*core.Table
	ID    core.Column[int64]
	Name  core.Column[string]
	Price core.Column[*string]
	At    core.Column[time.Time]
	Maybe core.Column[*time.Time]
	Data  core.Column[[]byte]
	Kind  core.Column[string]
}) {
	t.Table = core.NewTable("bulk")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name")
	t.Price = core.NewColumn[*string](t.Table, "price", core.SQLType(core.Numeric(12, 2)))
	t.At = core.NewColumn[time.Time](t.Table, "at")
	t.Maybe = core.NewColumn[*time.Time](t.Table, "maybe")
	t.Data = core.NewColumn[[]byte](t.Table, "data", core.Nullable())
	t.Kind = core.NewColumn[string](t.Table, "kind", core.Default("plain"))
	return t
}()

var bulkColumns = []string{"id", "name", "price", "at", "maybe", "data"}

// bulkRow is row i of the rows bulkRows makes: the price, a decimal given
// as a *string, NULL in every third row.
func bulkRow(i int64) []any {
	at := time.Date(2024, 3, 1, 12, 0, 0, 123456000, india).Add(time.Duration(i) * time.Minute)
	price := fmt.Sprintf("%d.%02d", i, i%100)
	row := []any{i, fmt.Sprintf(`it's "%d"; --`, i), &price, at, nil, []byte{0, byte(i), 0xff}}
	if i%2 == 0 {
		row[4], row[5] = at, nil
	}
	if i%3 == 1 {
		// A typed nil first (row 1), then values of its type.
		row[2] = (*string)(nil)
	}
	return row
}

// bulkRows returns rows from..to of Bulk, each as bulkRow makes it.
func bulkRows(from, to int64) [][]any {
	rows := make([][]any, 0, to-from+1)
	for i := from; i <= to; i++ {
		rows = append(rows, bulkRow(i))
	}
	return rows
}

func createBulk(t *testing.T, eng *engine.Engine) {
	t.Helper()
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		_, err := tx.Exec(t.Context(), core.CreateTable(Bulk.Table))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// countBulk returns the number of rows in Bulk.
func countBulk(t *testing.T, eng *engine.Engine) int64 {
	t.Helper()
	var n int64
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(t.Context(), "SELECT COUNT(*) FROM bulk")
		if err != nil {
			return err
		}
		ns, err := engine.Scalars[int64](res)
		if err == nil {
			n = ns[0]
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func number(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestInsertMany: 12,000 rows, more than one INSERT holds on SQLite and
// MySQL, go in as one COPY on PostgreSQL and as INSERTs of at most
// MaxParameters parameters elsewhere; every value reads back as written
// (NULLs, times in another zone, decimals, bytes with NULs, text with
// quotes), and the column left out gets its Default.
func TestInsertMany(t *testing.T) {
	log := &eventLog{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		createBulk(t, eng)
		log.take()
		const n = 12_000
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			got, err := tx.InsertMany(ctx, Bulk.Table, bulkColumns, bulkRows(1, n))
			if err == nil && got != n {
				err = fmt.Errorf("InsertMany returned %d, want %d", got, n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var stmts []engine.StatementEndData
		for _, e := range log.ends {
			if e.Kind != engine.KindSavepoint {
				stmts = append(stmts, e)
			}
		}
		limit := eng.Dialect().MaxParameters
		if b.name == testdb.Postgres {
			if len(stmts) != 1 || stmts[0].Kind != engine.KindCopy || stmts[0].Rows != n || stmts[0].Args != nil ||
				stmts[0].SQL != "COPY bulk (id, name, price, at, maybe, data, kind) FROM STDIN BINARY" {
				t.Errorf("statements: %+v, want one COPY of %d rows", stmts, n)
			}
		} else {
			per := limit / 7
			want := (n + per - 1) / per
			if len(stmts) != want {
				t.Errorf("%d statements, want %d INSERTs of at most %d rows", len(stmts), want, per)
			}
			for _, s := range stmts {
				if s.Kind != engine.KindExec || !strings.HasPrefix(s.SQL, "INSERT INTO bulk") || len(s.Args) > limit {
					t.Errorf("statement %s %.60s with %d args, want an INSERT within %d", s.Kind, s.SQL, len(s.Args), limit)
				}
			}
		}
		if got := countBulk(t, eng); got != n {
			t.Fatalf("%d rows in the table, want %d", got, n)
		}
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.Query(ctx, core.Select(Bulk.ID, Bulk.Name, Bulk.Price, Bulk.At, Bulk.Maybe, Bulk.Data, Bulk.Kind).
				From(Bulk.Table).Where(Bulk.ID.In(1, 2, 57, n)).OrderBy(Bulk.ID.Asc()))
			if err != nil {
				return err
			}
			rows, err := engine.ScanAll[struct {
				ID    int64
				Name  string
				Price *string
				At    time.Time
				Maybe *time.Time
				Data  []byte
				Kind  string
			}](res)
			if err != nil {
				return err
			}
			if len(rows) != 4 {
				return fmt.Errorf("%d rows read back, want 4", len(rows))
			}
			for _, r := range rows {
				want := bulkRow(r.ID)
				if r.Name != want[1] || !r.At.Equal(want[3].(time.Time)) || r.Kind != "plain" {
					t.Errorf("row %d: %q %v %q, want %q %v plain", r.ID, r.Name, r.At, r.Kind, want[1], want[3])
				}
				// Compared as numbers: SQLite keeps 12000.00 as the
				// REAL 12000.
				wp := want[2].(*string)
				if (r.Price == nil) != (wp == nil) || r.Price != nil && number(*r.Price) != number(*wp) {
					t.Errorf("row %d: price %v, want %v", r.ID, deref(r.Price), deref(wp))
				}
				if (r.Maybe == nil) != (want[4] == nil) || r.Maybe != nil && !r.Maybe.Equal(want[4].(time.Time)) {
					t.Errorf("row %d: maybe %v, want %v", r.ID, r.Maybe, want[4])
				}
				if wd, _ := want[5].([]byte); (r.Data == nil) != (wd == nil) || !bytes.Equal(r.Data, wd) {
					t.Errorf("row %d: data %v, want %v", r.ID, r.Data, wd)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}, engine.WithTracer(log))
}

// TestInsertManyFailures: a duplicate key mid-way fails with
// ErrUniqueViolation and commits nothing; a context cancelled before or
// during the load stops it with ErrQueryCanceled; rows of the wrong
// length and unknown columns fail before anything is sent; an empty set
// sends nothing; a NUL byte in text is refused on PostgreSQL as an
// INSERT's is, and stored elsewhere.
func TestInsertManyFailures(t *testing.T) {
	log := &eventLog{}
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		createBulk(t, eng)

		t.Run("duplicate key", func(t *testing.T) {
			rows := bulkRows(1, 12_000)
			rows[9000][0] = int64(17)
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				_, err := tx.InsertMany(ctx, Bulk.Table, bulkColumns, rows)
				return err
			})
			var de *engine.DatabaseError
			if !errors.Is(err, engine.ErrUniqueViolation) || !errors.As(err, &de) {
				t.Fatalf("err = %v, want a DatabaseError matching ErrUniqueViolation", err)
			}
			if got := countBulk(t, eng); got != 0 {
				t.Errorf("%d rows committed, want 0", got)
			}
		})

		t.Run("failed transaction", func(t *testing.T) {
			// As after a failed INSERT: on PostgreSQL the transaction
			// can only roll back; elsewhere it goes on.
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				if _, err := tx.InsertMany(ctx, Bulk.Table, bulkColumns, [][]any{bulkRow(1), bulkRow(1)}); !errors.Is(err, engine.ErrUniqueViolation) {
					return fmt.Errorf("InsertMany: %v, want ErrUniqueViolation", err)
				}
				_, err := tx.ExecSQL(ctx, "SELECT 1")
				if b.name == testdb.Postgres {
					var pgErr *pgconn.PgError
					if !errors.As(err, &pgErr) || pgErr.Code != "25P02" {
						return fmt.Errorf("the next statement: %v, want 25P02 (transaction aborted)", err)
					}
				} else if err != nil {
					return fmt.Errorf("the next statement: %v", err)
				}
				return errors.New("roll back")
			})
			if err == nil || err.Error() != "roll back" {
				t.Fatal(err)
			}
		})

		t.Run("cancelled before", func(t *testing.T) {
			log.take()
			cctx, cancel := context.WithCancel(ctx)
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				cancel()
				_, err := tx.InsertMany(cctx, Bulk.Table, bulkColumns, bulkRows(1, 10))
				return err
			})
			if !errors.Is(err, context.Canceled) || !errors.Is(err, engine.ErrQueryCanceled) {
				t.Fatalf("err = %v, want context.Canceled and ErrQueryCanceled", err)
			}
			if got := countBulk(t, eng); got != 0 {
				t.Errorf("%d rows committed, want 0", got)
			}
		})

		t.Run("cancelled during", func(t *testing.T) {
			rows := bulkRows(1, 200_000)
			cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				_, err := tx.InsertMany(cctx, Bulk.Table, bulkColumns, rows)
				return err
			})
			if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, engine.ErrQueryCanceled) {
				t.Fatalf("err = %v, want context.DeadlineExceeded and ErrQueryCanceled", err)
			}
			// One INSERT of a chunk may be on its way when the
			// deadline passes; nothing more is sent.
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("InsertMany returned %v after it began", d)
			}
			if got := countBulk(t, eng); got != 0 {
				t.Errorf("%d rows committed, want 0", got)
			}
		})

		t.Run("bad input", func(t *testing.T) {
			log.take()
			for name, call := range map[string]func(tx *engine.Tx) error{
				"short row": func(tx *engine.Tx) error {
					_, err := tx.InsertMany(ctx, Bulk.Table, bulkColumns, [][]any{bulkRow(1), {int64(2)}})
					return err
				},
				"unknown column": func(tx *engine.Tx) error {
					_, err := tx.InsertMany(ctx, Bulk.Table, []string{"id", "nope"}, [][]any{{int64(1), 2}})
					return err
				},
				"no columns": func(tx *engine.Tx) error {
					_, err := tx.InsertMany(ctx, Bulk.Table, nil, [][]any{{}})
					return err
				},
				"nil table": func(tx *engine.Tx) error {
					_, err := tx.InsertMany(ctx, nil, bulkColumns, nil)
					return err
				},
			} {
				err := eng.Transaction(ctx, call)
				if !errors.Is(err, core.ErrInvalidStatement) {
					t.Errorf("%s: err = %v, want core.ErrInvalidStatement", name, err)
				}
			}
			for _, l := range log.take() {
				if strings.HasPrefix(l, "start") {
					t.Errorf("sent for bad input: %s", l)
				}
			}
		})

		t.Run("empty", func(t *testing.T) {
			log.take()
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				n, err := tx.InsertMany(ctx, Bulk.Table, bulkColumns, nil)
				if err == nil && n != 0 {
					err = fmt.Errorf("InsertMany of nothing returned %d", n)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range log.take() {
				if strings.HasPrefix(l, "start") {
					t.Errorf("sent for no rows: %s", l)
				}
			}
		})

		t.Run("NUL in text", func(t *testing.T) {
			row := bulkRow(1)
			row[1] = "a\x00b"
			insert := func(many bool) error {
				return eng.Transaction(ctx, func(tx *engine.Tx) error {
					if many {
						_, err := tx.InsertMany(ctx, Bulk.Table, bulkColumns, [][]any{row})
						return err
					}
					_, err := tx.Exec(ctx, core.Insert(Bulk.Table).Values(Bulk.ID.Set(1), Bulk.Name.Set("a\x00b"),
						Bulk.Price.Set(nil), Bulk.At.Set(row[3].(time.Time)), Bulk.Maybe.Set(nil), Bulk.Data.Set(nil)))
					if err == nil {
						err = errors.New("roll back")
					}
					return err
				})
			}
			ierr := insert(false)
			err := insert(true)
			if b.name == testdb.Postgres {
				var pgErr, ipgErr *pgconn.PgError
				if !errors.As(err, &pgErr) || !errors.As(ierr, &ipgErr) || pgErr.Code != ipgErr.Code || pgErr.Code != "22021" {
					t.Fatalf("InsertMany: %v; INSERT: %v; want both refused with 22021", err, ierr)
				}
				return
			}
			if err != nil || ierr.Error() != "roll back" {
				t.Fatalf("InsertMany: %v; INSERT: %v; want both to store it", err, ierr)
			}
		})
	}, engine.WithTracer(log))
}

// TestInsertManyExecModes: COPY works under each of pgx's query exec
// modes, PgBouncer's exec and simple_protocol among them (pgx then
// describes the columns without a prepared statement it keeps).
func TestInsertManyExecModes(t *testing.T) {
	for _, mode := range []string{"cache_statement", "cache_describe", "describe_exec", "exec", "simple_protocol"} {
		t.Run(mode, func(t *testing.T) {
			dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			q.Set("default_query_exec_mode", mode)
			u.RawQuery = q.Encode()
			eng := open(t, u.String())
			createBulk(t, eng)
			for range 2 { // twice: the second normally on the connection that described the table
				err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
					_, err := tx.InsertMany(t.Context(), Bulk.Table, bulkColumns, bulkRows(1, 500))
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if got := countBulk(t, eng); got != 500 {
					t.Fatalf("%d rows, want 500", got)
				}
				err = eng.Transaction(t.Context(), func(tx *engine.Tx) error {
					_, err := tx.ExecSQL(t.Context(), "DELETE FROM bulk")
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
