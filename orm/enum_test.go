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

// chorePriority and choreLevel are integer enums: the integers are kept,
// with a CHECK of their values. choreLevel starts at iota + 1, so its zero
// value is not one of them.
type (
	chorePriority int
	choreLevel    int8
)

const (
	priorityLow chorePriority = iota
	priorityMedium
	priorityHigh
)

const (
	levelDebug choreLevel = iota + 1
	levelInfo
	levelWarn
)

type chore struct {
	ID       int64
	Priority chorePriority
	Level    choreLevel
	Prev     *chorePriority
}

var chores = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	Priority core.Column[chorePriority]
	Level    core.Column[choreLevel]
	Prev     core.Column[*chorePriority]
}) {
	priorities := core.IntEnum("chore_priority", priorityLow, priorityMedium, priorityHigh)
	t.Table = core.NewTable("chore")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Priority = core.NewColumn[chorePriority](t.Table, "priority", core.SQLType(priorities))
	t.Level = core.NewColumn[choreLevel](t.Table, "level", core.SQLType(core.IntEnum("chore_level", levelDebug, levelInfo, levelWarn)))
	t.Prev = core.NewColumn[*chorePriority](t.Table, "prev", core.SQLType(priorities), core.Nullable())
	return t
}()

func init() { orm.Map[chore](chores.Table) }

// TestIntEnum: an integer enum column is the integer of its Go type's
// width with a CHECK named ck_chore_<column> on every database, and no
// type of its own on PostgreSQL. Its values round-trip, NULL too, and
// sort as integers; a value outside it, the zero value of a type that
// starts at iota + 1 included, is refused before anything is sent, by the
// unit of work's INSERT and UPDATE and by InsertMany (COPY on
// PostgreSQL); and the database's CHECK refuses one that hand-written SQL
// sends.
func TestIntEnum(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, chores.Table); err != nil {
			t.Fatal(err)
		}
		if w.backend != "sqlite" {
			q := map[string]string{
				"postgres": "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'chore' ORDER BY ordinal_position",
				"mysql":    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = database() AND table_name = 'chore' ORDER BY ordinal_position",
			}[w.backend]
			rows, err := w.db.QueryStrings(ctx, q)
			if got := fmt.Sprint(rows); err != nil || got != "[[id bigint] [priority bigint] [level smallint] [prev bigint]]" {
				t.Errorf("column types: %s, %v", got, err)
			}
		}
		if w.backend == "postgres" {
			rows, err := w.db.QueryStrings(ctx, "SELECT count(*) FROM pg_type WHERE typname IN ('chore_priority', 'chore_level')")
			if err != nil || rows[0][0] != "0" {
				t.Errorf("types made for integer enums: %v, %v", rows, err)
			}
		}
		medium := priorityMedium
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&chore{ID: 1, Priority: priorityHigh, Level: levelWarn, Prev: &medium},
				&chore{ID: 2, Priority: priorityLow, Level: levelDebug}, &chore{ID: 3, Priority: priorityMedium, Level: levelInfo})
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		all, err := orm.All(ctx, s, orm.Select[chore]().OrderBy(chores.Priority.Desc()))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range all {
			prev := "NULL"
			if c.Prev != nil {
				prev = fmt.Sprint(*c.Prev)
			}
			got = append(got, fmt.Sprintf("%d:%d:%d:%s", c.ID, c.Priority, c.Level, prev))
		}
		if want := "[1:2:3:1 3:1:2:NULL 2:0:1:NULL]"; fmt.Sprint(got) != want {
			t.Errorf("by priority: %v, want %s", got, want)
		}
		low, err := orm.All(ctx, s, orm.Select[chore]().Where(chores.Priority.Eq(priorityLow)))
		if err != nil || len(low) != 1 || low[0].ID != 2 {
			t.Errorf("where priority is the zero value: %v, %v", low, err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}

		// Outside the enum: refused before anything is sent.
		w.rec.Reset()
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&chore{ID: 5, Priority: priorityHigh + 1, Level: levelInfo})
		})
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "chore.priority of enum type chore_priority: 3 is not one of its values [0 1 2]") {
			t.Errorf("insert of a value outside the enum: %v", err)
		}
		err = w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(&chore{ID: 6, Priority: priorityLow}) })
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "chore.level of enum type chore_level: 0 is not one of its values [1 2 3]") {
			t.Errorf("insert of a level left unset: %v", err)
		}
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			c, err := orm.Get[chore](ctx, s, int64(1))
			if err != nil {
				return err
			}
			bad := chorePriority(-1)
			c.Prev = &bad
			return nil
		})
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "chore.prev of enum type chore_priority: -1 is not") {
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
				rows[i] = []any{int64(100 + i), priorityMedium, int64(2)}
			}
			rows[150][2] = int64(0)
			_, err := tx.InsertMany(ctx, chores.Table, []string{"id", "priority", "level"}, rows)
			return err
		})
		if !errors.Is(err, core.ErrInvalidStatement) || !strings.Contains(err.Error(), "row 151") || !strings.Contains(err.Error(), "0 is not one of its values [1 2 3]") {
			t.Errorf("InsertMany of a value outside the enum: %v", err)
		}
		if n := w.count(t, "chore"); n != 3 {
			t.Errorf("%d chores, want the 3 first", n)
		}

		// The database's CHECK, by its name, refuses one too.
		for _, sql := range []string{
			"INSERT INTO chore (id, priority, level) VALUES (9, 3, 1)",
			"INSERT INTO chore (id, priority, level) VALUES (9, 0, 0)",
		} {
			err = w.eng.Transaction(ctx, func(tx *engine.Tx) error {
				_, err := tx.ExecSQL(ctx, sql)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "ck_chore_") {
				t.Errorf("%s: %v, want the CHECK's refusal", sql, err)
			}
		}

		if err := orm.DropAll(ctx, w.eng, chores.Table); err != nil {
			t.Fatal(err)
		}
	})
}
