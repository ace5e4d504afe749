package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// ticketState is an enum: its values are declared once, in the column's
// type, in the order that sorts them.
type ticketState string

const (
	stateOpen    ticketState = "open"
	stateWaiting ticketState = "waiting"
	stateClosed  ticketState = "closed"
	stateQuoted  ticketState = `it's \ odd`
)

type ticket struct {
	ID    int64
	State ticketState
	Prev  *ticketState
}

var ticketStates = core.Enum("ticket_state", string(stateOpen), string(stateWaiting), string(stateClosed), string(stateQuoted))

var tickets = func() (t struct {
	*core.Table
	ID    core.Column[int64]
	State core.Column[ticketState]
	Prev  core.Column[*ticketState]
}) {
	t.Table = core.NewTable("ticket")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.State = core.NewColumn[ticketState](t.Table, "state", core.SQLType(ticketStates))
	t.Prev = core.NewColumn[*ticketState](t.Table, "prev", core.SQLType(ticketStates), core.Nullable())
	return t
}()

func init() { orm.Map[ticket](tickets.Table) }

// TestEnum: an enum column is a PostgreSQL type of its own (created
// before the table, dropped after it), an ENUM on MariaDB and a TEXT with
// a CHECK on SQLite. Its values round-trip (a quote and a backslash
// included), NULL too; it sorts in the declared order where the database
// has enums (by text on SQLite); a value outside it is refused before
// anything is sent, by the unit of work's INSERT and UPDATE and by
// InsertMany (COPY on PostgreSQL); and the database itself refuses one
// that hand-written SQL sends.
func TestEnum(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, tickets.Table); err != nil {
			t.Fatal(err)
		}
		waiting := stateWaiting
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&ticket{ID: 1, State: stateClosed, Prev: &waiting}, &ticket{ID: 2, State: stateOpen},
				&ticket{ID: 3, State: stateWaiting}, &ticket{ID: 4, State: stateQuoted})
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		all, err := orm.All(ctx, s, orm.Select[ticket]().OrderBy(tickets.State.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range all {
			prev := "NULL"
			if tk.Prev != nil {
				prev = string(*tk.Prev)
			}
			got = append(got, fmt.Sprintf("%d:%s:%s", tk.ID, tk.State, prev))
		}
		want := "[2:open:NULL 3:waiting:NULL 1:closed:waiting 4:it's \\ odd:NULL]" // declared order
		if w.backend == "sqlite" {
			want = "[1:closed:waiting 4:it's \\ odd:NULL 2:open:NULL 3:waiting:NULL]" // text order
		}
		if fmt.Sprint(got) != want {
			t.Errorf("by state: %v, want %s", got, want)
		}
		byState, err := orm.All(ctx, s, orm.Select[ticket]().Where(tickets.State.Eq(stateQuoted)))
		if err != nil || len(byState) != 1 || byState[0].ID != 4 {
			t.Errorf("where state is the quoted value: %v, %v", byState, err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}

		// Outside the enum: refused before anything is sent.
		w.rec.Reset()
		err = w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(&ticket{ID: 5, State: "reopened"}) })
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), `"reopened" is not one of its values`) {
			t.Errorf("insert of a value outside the enum: %v", err)
		}
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			tk, err := orm.Get[ticket](ctx, s, int64(1))
			if err != nil {
				return err
			}
			bad := ticketState("lost")
			tk.Prev = &bad
			return nil
		})
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), `ticket.prev of enum type ticket_state: "lost"`) {
			t.Errorf("update to a value outside the enum: %v", err)
		}
		if ins := w.statements("INSERT"); len(ins) != 0 {
			t.Errorf("sent %v", ins)
		}
		if upd := w.statements("UPDATE"); len(upd) != 0 {
			t.Errorf("sent %v", upd)
		}
		err = w.eng.Transaction(ctx, func(tx *engine.Tx) error {
			rows := make([][]any, 200)
			for i := range rows {
				rows[i] = []any{int64(100 + i), stateOpen}
			}
			rows[150][1] = "reopened"
			_, err := tx.InsertMany(ctx, tickets.Table, []string{"id", "state"}, rows)
			return err
		})
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "row 151") {
			t.Errorf("InsertMany of a value outside the enum: %v", err)
		}
		if n := w.count(t, "ticket"); n != 4 {
			t.Errorf("%d tickets, want the 4 first", n)
		}

		// The database refuses one too (MariaDB in its default strict mode).
		err = w.eng.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.ExecSQL(ctx, "INSERT INTO ticket (id, state) VALUES (9, 'reopened')")
			return err
		})
		if err == nil {
			t.Error("the database took a value outside the enum")
		}

		if w.backend == "postgres" {
			rows, err := w.db.QueryStrings(ctx, "SELECT count(*) FROM pg_type WHERE typname = 'ticket_state' AND typnamespace = current_schema()::regnamespace")
			if err != nil || rows[0][0] != "1" {
				t.Errorf("the enum type after CreateAll: %v, %v", rows, err)
			}
		}
		if err := orm.DropAll(ctx, w.eng, tickets.Table); err != nil {
			t.Fatal(err)
		}
		if w.backend == "postgres" {
			rows, err := w.db.QueryStrings(ctx, "SELECT count(*) FROM pg_type WHERE typname = 'ticket_state' AND typnamespace = current_schema()::regnamespace")
			if err != nil || rows[0][0] != "0" {
				t.Errorf("the enum type after DropAll: %v, %v", rows, err)
			}
		}
	})
}
