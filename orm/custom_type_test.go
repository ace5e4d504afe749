package orm_test

import (
	"errors"
	"net/netip"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// venue maps PostgreSQL types Retort does not know, through core.Custom:
// citext (an extension), int4range and inet, into Go types pgx knows.
type venue struct {
	ID     int64
	Name   string
	Seats  pgtype.Range[pgtype.Int4]
	Subnet netip.Prefix
}

var venues = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	Name   core.Column[string]
	Seats  core.Column[pgtype.Range[pgtype.Int4]]
	Subnet core.Column[netip.Prefix]
}) {
	t.Table = core.NewTable("venue")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name", core.SQLType(core.Custom("public.citext")))
	t.Seats = core.NewColumn[pgtype.Range[pgtype.Int4]](t.Table, "seats", core.SQLType(core.Custom("int4range")))
	t.Subnet = core.NewColumn[netip.Prefix](t.Table, "subnet", core.SQLType(core.Custom("inet")))
	return t
}()

func init() { orm.Map[venue](venues.Table) }

// TestCustomTypes: on PostgreSQL, columns of types Retort does not know
// are created as spelt, written and read through the unit of work, and
// compared by the database's own rules (citext's case-insensitive
// equality); a change to one is written. A spelling that could carry
// other SQL is refused before anything is sent.
func TestCustomTypes(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		bad := core.NewTable("bad")
		core.NewColumn[int64](bad, "id", core.PrimaryKey())
		core.NewColumn[string](bad, "x", core.SQLType(core.Custom("text); DROP TABLE venue; --")))
		if err := orm.CreateAll(ctx, w.eng, bad); !errors.Is(err, core.ErrInvalidStatement) {
			t.Errorf("a custom type spelt with a semicolon: %v, want ErrInvalidStatement", err)
		}
		if w.backend != "postgres" {
			return // citext, int4range and inet are PostgreSQL's
		}
		if _, err := w.db.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS citext SCHEMA public"); err != nil {
			t.Fatalf("citext: %v", err)
		}
		// An extension's operators live in its schema, public, which
		// the test's own schema would otherwise hide.
		u, err := url.Parse(w.dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", q.Get("search_path")+",public")
		u.RawQuery = q.Encode()
		eng, err := engine.Open(ctx, u.String())
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		w.f = orm.NewSessionFactory(eng)
		if err := orm.CreateAll(ctx, eng, venues.Table); err != nil {
			t.Fatal(err)
		}
		seats := pgtype.Range[pgtype.Int4]{Lower: pgtype.Int4{Int32: 10, Valid: true}, Upper: pgtype.Int4{Int32: 500, Valid: true},
			LowerType: pgtype.Inclusive, UpperType: pgtype.Exclusive, Valid: true}
		hall := &venue{ID: 1, Name: "The Hall", Seats: seats, Subnet: netip.MustParsePrefix("10.1.0.0/16")}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(hall) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		got, err := orm.One(ctx, s, orm.Select[venue]().Where(venues.Name.Eq("THE HALL")))
		if err != nil {
			t.Fatalf("by a citext name in other case: %v", err)
		}
		if got.Name != "The Hall" || got.Seats != seats || got.Subnet != hall.Subnet {
			t.Errorf("read back %+v, want %+v", got, hall)
		}
		got.Subnet = netip.MustParsePrefix("10.2.0.0/16")
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT subnet::text, upper(seats)::text FROM venue")
		if err != nil || rows[0][0] != "10.2.0.0/16" || rows[0][1] != "500" {
			t.Errorf("stored: %v, %v", rows, err)
		}
	})
}
