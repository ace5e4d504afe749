package engine_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// Events is a table of times: At is a time.Time column of the default
// type, Naive one declared TIMESTAMP (without time zone on PostgreSQL),
// Maybe a nullable one of the default type.
var Events = func() (t struct {
	*core.Table
	ID    core.Column[int64]
	At    core.Column[time.Time]
	Naive core.Column[time.Time]
	Maybe core.Column[*time.Time]
}) {
	t.Table = core.NewTable("events")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.At = core.NewColumn[time.Time](t.Table, "at")
	t.Naive = core.NewColumn[time.Time](t.Table, "naive", core.SQLType(core.Timestamp))
	t.Maybe = core.NewColumn[*time.Time](t.Table, "maybe")
	return t
}()

// india is +05:30, the offset of the example.
var india = time.FixedZone("+05:30", 5*3600+1800)

// TestTimes: a time.Time written in any location reads back as the same
// instant, in UTC, from a column of the default type and from one declared
// TIMESTAMP, on every backend; a comparison with the value in any zone
// matches the row; and the TIMESTAMP column holds the UTC wall clock. On
// PostgreSQL pgx alone stored 12:00+05:30 in both columns as 12:00 UTC
// (the default was TIMESTAMP, whose codec drops the offset) and read
// timestamptz in time.Local.
func TestTimes(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		v := time.Date(2024, 3, 1, 12, 0, 0, 123456000, india)
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			if _, err := tx.Exec(ctx, core.CreateTable(Events.Table)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, core.Insert(Events.Table).Values(
				Events.ID.Set(1), Events.At.Set(v), Events.Naive.Set(v), Events.Maybe.Set(&v)))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.Query(ctx, core.Select(Events.At, Events.Naive, Events.Maybe).From(Events.Table))
			if err != nil {
				return err
			}
			rows, err := engine.ScanAll[struct {
				At    time.Time
				Naive time.Time
				Maybe *time.Time
			}](res)
			if err != nil {
				return err
			}
			got := rows[0]
			for name, tm := range map[string]time.Time{"at": got.At, "naive": got.Naive, "maybe": *got.Maybe} {
				if !tm.Equal(v) || tm.Location() != time.UTC {
					t.Errorf("%s read back as %v, want the instant %v in UTC", name, tm, v)
				}
			}

			// The rows' values, as Result.All reads them, are UTC times too.
			res, err = tx.Query(ctx, core.Select(Events.At, Events.Naive).From(Events.Table))
			if err != nil {
				return err
			}
			all, err := res.All()
			if err != nil {
				return err
			}
			for i, val := range all[0] {
				if tm, ok := val.(time.Time); !ok || !tm.Equal(v) || tm.Location() != time.UTC {
					t.Errorf("All: column %d is %T %v, want the instant %v in UTC", i, val, val, v)
				}
			}

			for _, w := range []time.Time{v, v.UTC(), v.In(time.FixedZone("-07:00", -7*3600))} {
				for _, col := range []core.Column[time.Time]{Events.At, Events.Naive} {
					res, err := tx.Query(ctx, core.Select(Events.ID).From(Events.Table).Where(col.Eq(w)))
					if err != nil {
						return err
					}
					ids, err := engine.Scalars[int64](res)
					if err != nil {
						return err
					}
					if len(ids) != 1 {
						t.Errorf("WHERE %s = %v matched %d rows, want 1", col.Name(), w, len(ids))
					}
				}
			}

			// A TIMESTAMP (DATETIME on MariaDB, text on SQLite) column holds
			// the instant's UTC wall clock.
			text := "CAST(naive AS TEXT)"
			if b.name == testdb.MySQL {
				text = "CAST(naive AS CHAR)"
			}
			res, err = tx.QuerySQL(ctx, "SELECT "+text+" FROM events")
			if err != nil {
				return err
			}
			stored, err := engine.Scalars[string](res)
			if err != nil {
				return err
			}
			if want := "2024-03-01 06:30:00.123456"; stored[0] != want {
				t.Errorf("naive holds %q, want the UTC wall clock %q", stored[0], want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestTimesPostgresArrays: arrays of timestamptz read in UTC, and an array
// of times bound for timestamp compares as their UTC wall clocks.
func TestTimesPostgresArrays(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	ctx := t.Context()
	v := time.Date(2024, 3, 1, 12, 0, 0, 0, india)
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(ctx, "SELECT ARRAY[$1::timestamptz], $2::timestamp = ANY($3::timestamp[])", v, v.UTC(), []time.Time{v})
		if err != nil {
			return err
		}
		var times []time.Time
		var found bool
		for res.Next() {
			if err := res.Scan(&times, &found); err != nil {
				res.Close()
				return err
			}
		}
		if err := res.Close(); err != nil {
			return err
		}
		if len(times) != 1 || !times[0].Equal(v) || times[0].Location() != time.UTC {
			t.Errorf("timestamptz[] read back as %v, want [%v] in UTC", times, v)
		}
		if !found {
			t.Errorf("a time bound in a timestamp[] differs from the same instant bound alone")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTimesSession: the engine's sessions on PostgreSQL and MariaDB run in
// UTC, so that CURRENT_TIMESTAMP gives the UTC wall clock that TIMESTAMP
// and DATETIME columns hold. A time zone the DSN sets is kept, and a time
// still reads back as the same instant, in UTC.
func TestTimesSession(t *testing.T) {
	for _, tc := range []struct {
		backend, show, param, zone, want, placeholder string
	}{
		{testdb.Postgres, "SELECT current_setting('TimeZone')", "timezone", "Asia/Kolkata", "UTC", "$1"},
		{testdb.MySQL, "SELECT @@session.time_zone", "time_zone", "+05:30", "+00:00", "?"},
	} {
		t.Run(tc.backend, func(t *testing.T) {
			dsn, _ := testdb.EngineDSN(t, tc.backend)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			zone := tc.zone
			if tc.backend == testdb.MySQL {
				zone = "'" + zone + "'" // a session variable's value, as SQL
			}
			q.Set(tc.param, zone)
			u.RawQuery = q.Encode()
			for i, c := range []struct{ dsn, want string }{{dsn, tc.want}, {u.String(), tc.zone}} {
				eng := open(t, c.dsn)
				ctx := t.Context()
				table := fmt.Sprintf("ev%d", i)
				v := time.Date(2024, 3, 1, 12, 0, 0, 0, india)
				err := eng.Transaction(ctx, func(tx *engine.Tx) error {
					res, err := tx.QuerySQL(ctx, tc.show)
					if err != nil {
						return err
					}
					zone, err := engine.Scalars[string](res)
					if err != nil {
						return err
					}
					if zone[0] != c.want {
						t.Errorf("%s: session time zone %q, want %q", c.dsn, zone[0], c.want)
					}
					ddl := "CREATE TABLE " + table + " (at " + eng.Dialect().TypeName(core.TypeOf[time.Time](), false) + ")"
					if _, err := tx.ExecSQL(ctx, ddl); err != nil {
						return err
					}
					_, err = tx.ExecSQL(ctx, "INSERT INTO "+table+" VALUES ("+tc.placeholder+")", v)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				err = eng.Transaction(ctx, func(tx *engine.Tx) error {
					res, err := tx.QuerySQL(ctx, "SELECT at FROM "+table)
					if err != nil {
						return err
					}
					got, err := engine.Scalars[time.Time](res)
					if err != nil {
						return err
					}
					if !got[0].Equal(v) || got[0].Location() != time.UTC {
						t.Errorf("%s: read back %v, want the instant %v in UTC", c.dsn, got[0], v)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
