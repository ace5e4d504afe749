package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// A single-table hierarchy: staff of a team, each a Staffer, a
// StaffManager (with a budget) or a StaffEngineer (with a language), all
// rows of st_staff told apart by its kind column. The base is exported, as
// a subtype must embed it.
type Staffer struct {
	ID     int64
	Name   string
	Kind   string
	TeamID *int64
}

type StaffManager struct {
	Staffer
	Budget *int64
}

type StaffEngineer struct {
	Staffer
	Language *string
}

type stTeam struct {
	ID      int64
	Name    string
	Members []*Staffer
}

var Staffers = func() (t struct {
	*core.Table
	ID, TeamID, Budget   core.Column[int64]
	Name, Kind, Language core.Column[string]
}) {
	t.Table = core.NewTable("st_staff")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Name = core.NewColumn[string](t.Table, "name")
	t.Kind = core.NewColumn[string](t.Table, "kind", core.SQLType(core.Varchar(20)))
	t.TeamID = core.NewColumn[int64](t.Table, "team_id", core.Nullable(), core.References(stTeams.ID))
	t.Budget = core.NewColumn[int64](t.Table, "budget", core.Nullable())
	t.Language = core.NewColumn[string](t.Table, "language", core.Nullable())
	return t
}()

var stTeams = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("st_team")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var stTeamMembers = orm.NewRelationship[stTeam, Staffer]("Members", "")

func init() {
	orm.Map[stTeam](stTeams.Table, stTeamMembers)
	orm.Map[Staffer](Staffers.Table)
	orm.Map[StaffManager](Staffers.Table)
	orm.Map[StaffEngineer](Staffers.Table)
	orm.Polymorphic[Staffer](Staffers.Kind,
		orm.Subtype[Staffer]("employee"), orm.Subtype[StaffManager]("manager"), orm.Subtype[StaffEngineer]("engineer"))
}

// sqlSince returns the statements recorded since the last reset, with ?
// for parameters and PostgreSQL's = ANY(?) (one array) written IN (?),
// and resets the recorder.
func sqlSince(w *world) []string {
	var out []string
	for _, s := range w.rec.SQL() {
		out = append(out, strings.ReplaceAll(placeholders(s), " = ANY(?)", " IN (?)"))
	}
	w.rec.Reset()
	return out
}

// staffRows is st_staff, a row a line: id name kind budget language.
func staffRows(t *testing.T, w *world) string {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), "SELECT id, name, kind, budget, language FROM st_staff ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintln(&b, strings.Join(r, " "))
	}
	return b.String()
}

// describe names obj's type and fields, through Concrete.
func describe(s *orm.Session, e *Staffer) string {
	if e == nil {
		return "nil"
	}
	switch x := orm.Concrete(s, e).(type) {
	case *StaffManager:
		return fmt.Sprintf("manager %d %s %d", x.ID, x.Name, *x.Budget)
	case *StaffEngineer:
		return fmt.Sprintf("engineer %d %s %s", x.ID, x.Name, *x.Language)
	case *Staffer:
		return fmt.Sprintf("employee %d %s", x.ID, x.Name)
	}
	return "?"
}

func describeAll(s *orm.Session, es []*Staffer) string {
	var out []string
	for _, e := range es {
		out = append(out, describe(s, e))
	}
	return strings.Join(out, "; ")
}

// TestSingleTableInheritance: each type's INSERT writes its discriminator
// and its own columns; a query of the base returns each row as its type,
// one of a subtype filters on the discriminator; Get finds an object
// whichever type asks, and the identity map holds one object per row; an
// UPDATE writes a subtype's column, a DELETE removes its row; a select-in
// load of a relationship to the base returns the subtypes.
func TestSingleTableInheritance(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, stTeams.Table, Staffers.Table); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		team := &stTeam{Name: "core"}
		ann := &Staffer{Name: "ann"}
		bob := &StaffManager{Staffer: Staffer{Name: "bob"}, Budget: ptr(int64(100))}
		cy := &StaffEngineer{Staffer: Staffer{Name: "cy"}, Language: ptr("go")}
		team.Members = []*Staffer{ann, &bob.Staffer}
		if err := s.AddAll(team, ann, bob, cy); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if bob.Kind != "manager" || cy.Kind != "engineer" || ann.Kind != "employee" {
			t.Errorf("kinds after the flush: %q %q %q", ann.Kind, bob.Kind, cy.Kind)
		}
		const rows = "1 ann employee NULL NULL\n2 bob manager 100 NULL\n3 cy engineer NULL go\n"
		if got := staffRows(t, w); got != rows {
			t.Errorf("rows\n%s\nwant\n%s", got, rows)
		}
		inserts := slices.DeleteFunc(sqlSince(w), func(q string) bool { return !strings.HasPrefix(q, "INSERT INTO st_staff") })
		want := []string{ // a statement per type: each reads its fields its own way
			"INSERT INTO st_staff (name, kind, team_id) VALUES (?, ?, ?)",
			"INSERT INTO st_staff (name, kind, team_id, budget) VALUES (?, ?, ?, ?)",
			"INSERT INTO st_staff (name, kind, team_id, language) VALUES (?, ?, ?, ?)",
		}
		if len(inserts) != len(want) {
			t.Fatalf("inserts %q, want %q", inserts, want)
		}
		for i := range want {
			if !strings.HasPrefix(inserts[i], want[i]) {
				t.Errorf("insert %d: %s, want %s", i, inserts[i], want[i])
			}
		}

		// The base: every row, each as its type.
		s2 := w.f.New()
		defer s2.Close()
		all, err := orm.All(ctx, s2, orm.Select[Staffer]().OrderBy(Staffers.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := describeAll(s2, all), "employee 1 ann; manager 2 bob 100; engineer 3 cy go"; got != want {
			t.Errorf("Select of the base: %s, want %s", got, want)
		}
		if got := sqlSince(w); len(got) != 1 || got[0] != "SELECT st_staff.id, st_staff.name, st_staff.kind, st_staff.team_id, st_staff.budget, st_staff.language FROM st_staff ORDER BY st_staff.id ASC" {
			t.Errorf("Select of the base: SQL %q", got)
		}

		// A subtype: its rows alone, the objects the session holds.
		managers, err := orm.All(ctx, s2, orm.Select[StaffManager]())
		if err != nil {
			t.Fatal(err)
		}
		if len(managers) != 1 || orm.Concrete(s2, all[1]) != any(managers[0]) {
			t.Fatalf("Select of a subtype: %v, want the manager loaded before", managers)
		}
		if got := sqlSince(w); len(got) != 1 || got[0] != "SELECT st_staff.id, st_staff.name, st_staff.kind, st_staff.team_id, st_staff.budget FROM st_staff WHERE st_staff.kind IN (?)" {
			t.Errorf("Select of a subtype: SQL %q", got)
		}

		// Get: the same object as any type of its hierarchy above it,
		// none as another.
		e, err := orm.Get[Staffer](ctx, s2, int64(2))
		if err != nil || e != &managers[0].Staffer {
			t.Errorf("Get of the base for a manager: %p, %v; want %p", e, err, &managers[0].Staffer)
		}
		if m, err := orm.Get[StaffManager](ctx, s2, int64(2)); err != nil || m != managers[0] {
			t.Errorf("Get of the subtype: %p, %v", m, err)
		}
		if _, err := orm.Get[StaffEngineer](ctx, s2, int64(2)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of another subtype, held: %v, want ErrNoRows", err)
		}
		if n := len(sqlSince(w)); n != 0 {
			t.Errorf("Gets of held objects ran %d statements", n)
		}

		// An UPDATE of a subtype's column.
		managers[0].Budget = ptr(int64(250))
		if err := s2.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := sqlSince(w); len(got) != 1 || got[0] != "UPDATE st_staff SET budget = ? WHERE st_staff.id = ?" {
			t.Errorf("update: SQL %q", got)
		}
		s2.Close()

		s3 := w.f.New()
		defer s3.Close()
		if _, err := orm.Get[StaffEngineer](ctx, s3, int64(2)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of another subtype: %v, want ErrNoRows", err)
		}
		if got := sqlSince(w); len(got) != 1 || !strings.HasSuffix(got[0], "FROM st_staff WHERE st_staff.id = ? AND st_staff.kind IN (?)") {
			t.Errorf("Get of a subtype: SQL %q", got)
		}
		got, err := orm.Get[Staffer](ctx, s3, int64(3))
		if err != nil || describe(s3, got) != "engineer 3 cy go" {
			t.Errorf("Get of the base for an engineer: %v, %v", describe(s3, got), err)
		}
		s3.Close()

		// Relationships to the base load the subtypes.
		s4 := w.f.New()
		defer s4.Close()
		teams, err := orm.All(ctx, s4, orm.Select[stTeam]().Options(orm.SelectInLoad(stTeamMembers)))
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(teams[0].Members, func(a, b *Staffer) int { return int(a.ID - b.ID) })
		if got, want := describeAll(s4, teams[0].Members), "employee 1 ann; manager 2 bob 250"; got != want {
			t.Errorf("select-in of the base: %s, want %s", got, want)
		}
		s5 := orm.NewSessionFactory(w.eng, orm.WithReadOnly(true)).New() // SQLite: s4 holds the write lock
		joined, err := orm.All(ctx, s5, orm.Select[stTeam]().Options(orm.JoinedLoad(stTeamMembers)))
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(joined[0].Members, func(a, b *Staffer) int { return int(a.ID - b.ID) })
		if got, want := describeAll(s5, joined[0].Members), "employee 1 ann; manager 2 bob 250"; got != want {
			t.Errorf("joined load of the base: %s, want %s", got, want)
		}
		s5.Close()

		// A DELETE of a subtype's object, and of a base's through the
		// base part of a subtype's.
		cyAgain, err := orm.Get[StaffEngineer](ctx, s4, int64(3))
		if err != nil {
			t.Fatal(err)
		}
		if err := s4.Delete(teams[0].Members[1]); err != nil {
			t.Fatal(err)
		}
		if err := s4.Delete(cyAgain); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s4.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := sqlSince(w); len(got) != 2 || got[0] != "DELETE FROM st_staff WHERE st_staff.id IN (?)" || got[1] != got[0] {
			t.Errorf("delete: SQL %q", got)
		}
		if got := staffRows(t, w); got != "1 ann employee NULL NULL\n" {
			t.Errorf("rows after the deletes\n%s", got)
		}
	})
}

// TestInheritanceUnknownDiscriminator: a row whose discriminator no type
// was declared with fails the load with ErrNoSubtype naming the value.
func TestInheritanceUnknownDiscriminator(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, stTeams.Table, Staffers.Table); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Exec(ctx, "INSERT INTO st_staff (id, name, kind) VALUES (1, 'dee', 'intern')"); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		_, err := orm.All(ctx, s, orm.Select[Staffer]())
		if !errors.Is(err, orm.ErrNoSubtype) || !strings.Contains(err.Error(), "st_staff.kind is intern") {
			t.Errorf("load of an unknown kind: %v, want ErrNoSubtype naming intern", err)
		}
		if _, err := orm.Get[Staffer](ctx, s, int64(1)); !errors.Is(err, orm.ErrNoSubtype) {
			t.Errorf("Get of an unknown kind: %v, want ErrNoSubtype", err)
		}
		// A query of a subtype does not read the row.
		if ms, err := orm.All(ctx, s, orm.Select[StaffManager]()); err != nil || len(ms) != 0 {
			t.Errorf("managers: %v, %v", ms, err)
		}
	})
}

// Types for hierarchies that Configure refuses.
type (
	badBase struct {
		ID   int64
		Kind string
	}
	badLater struct { // embeds the base, but not first
		Extra string
		badBase
	}
	badOther struct{ ID int64 }
	badHid   struct { // embeds the base, unexported: reflection cannot take its address
		badBase
		Note *string
	}
	BadBase struct {
		ID   int64
		Kind string
	}
	badSub struct {
		BadBase
		Note *string
	}
	badSub2 struct {
		BadBase
		Other *string
	}
)

// TestPolymorphicConfigErrors: Configure refuses a hierarchy with a
// ConfigError naming the type and what is wrong.
func TestPolymorphicConfigErrors(t *testing.T) {
	table := func(name string) (*core.Table, core.Column[string]) {
		tb := core.NewTable(name)
		core.NewColumn[int64](tb, "id", core.PrimaryKey())
		kind := core.NewColumn[string](tb, "kind")
		core.NewColumn[string](tb, "note", core.Nullable())
		core.NewColumn[string](tb, "other", core.Nullable())
		core.NewColumn[string](tb, "extra", core.Nullable())
		return tb, kind
	}
	tb, kind := table("bad")
	other, _ := table("bad_other")
	for _, tc := range []struct {
		name  string
		err   error
		wants []string
	}{
		{"not embedded first", orm.CheckPolymorphic[badBase](kind, []orm.Identity{orm.Subtype[badLater]("later")},
			orm.Imperative[badBase](tb), orm.Imperative[badLater](tb)),
			[]string{"orm_test.badLater", "must embed orm_test.badBase", "first field"}},
		{"embedded unexported", orm.CheckPolymorphic[badBase](kind, []orm.Identity{orm.Subtype[badHid]("hid")},
			orm.Imperative[badBase](tb), orm.Imperative[badHid](tb)),
			[]string{"orm_test.badHid", "exported"}},
		{"not embedding at all", orm.CheckPolymorphic[badBase](kind, []orm.Identity{orm.Subtype[badOther]("other")},
			orm.Imperative[badBase](tb), orm.Imperative[badOther](tb)),
			[]string{"orm_test.badOther", "must embed"}},
		{"a value declared twice", orm.CheckPolymorphic[BadBase](kind, []orm.Identity{orm.Subtype[badSub]("x"), orm.Subtype[badSub2]("x")},
			orm.Imperative[BadBase](tb), orm.Imperative[badSub](tb), orm.Imperative[badSub2](tb)),
			[]string{"orm_test.badSub2", "discriminator value x is declared for orm_test.badSub and orm_test.badSub2"}},
		{"value of the wrong type", orm.CheckPolymorphic[BadBase](kind, []orm.Identity{orm.Subtype[badSub](7)},
			orm.Imperative[BadBase](tb), orm.Imperative[badSub](tb)),
			[]string{"orm_test.badSub", "discriminator value of orm_test.badSub is int, not a string"}},
		{"discriminator not a column", orm.CheckPolymorphic[BadBase](Staffers.Kind, []orm.Identity{orm.Subtype[badSub]("s")},
			orm.Imperative[BadBase](tb), orm.Imperative[badSub](tb)),
			[]string{"orm_test.BadBase", "discriminator must be a column of bad"}},
		{"subtype not mapped", orm.CheckPolymorphic[BadBase](kind, []orm.Identity{orm.Subtype[badSub]("s")},
			orm.Imperative[BadBase](tb)),
			[]string{"orm_test.badSub is not mapped"}},
		{"another table", orm.CheckPolymorphic[BadBase](kind, []orm.Identity{orm.Subtype[badSub]("s")},
			orm.Imperative[BadBase](tb), orm.Imperative[badSub](other)),
			[]string{"orm_test.badSub maps table bad_other"}},
	} {
		var ce *orm.ConfigError
		if !errors.As(tc.err, &ce) {
			t.Errorf("%s: %v, want a ConfigError", tc.name, tc.err)
			continue
		}
		for _, want := range tc.wants {
			if !strings.Contains(tc.err.Error(), want) {
				t.Errorf("%s: %v, want it to say %q", tc.name, tc.err, want)
			}
		}
	}
	// A good one passes.
	if err := orm.CheckPolymorphic[BadBase](kind, []orm.Identity{orm.Subtype[badSub]("s"), orm.Subtype[badSub2]("t")},
		orm.Imperative[BadBase](tb), orm.Imperative[badSub](tb), orm.Imperative[badSub2](tb)); err != nil {
		t.Errorf("a good hierarchy: %v", err)
	}
}

// A single-table hierarchy: a query of the base returns each row as its
// type, which Concrete recovers for a type switch; a query of a subtype
// reads its rows alone.
func ExamplePolymorphic() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	if err := orm.CreateAll(ctx, eng, stTeams.Table, Staffers.Table); err != nil {
		log.Fatal(err)
	}
	// In the program: orm.Map each type onto Staffers.Table, then
	// orm.Polymorphic[Staffer](Staffers.Kind, orm.Subtype[Staffer]("employee"),
	//	orm.Subtype[StaffManager]("manager"), orm.Subtype[StaffEngineer]("engineer"))
	f := orm.NewSessionFactory(eng)
	err = f.Transaction(ctx, func(s *orm.Session) error {
		return s.AddAll(
			&Staffer{Name: "ann"},
			&StaffManager{Staffer: Staffer{Name: "bob"}, Budget: ptr(int64(100))},
			&StaffEngineer{Staffer: Staffer{Name: "cy"}, Language: ptr("go")})
	})
	if err != nil {
		log.Fatal(err)
	}
	s := f.New()
	defer s.Close()
	staff, err := orm.All(ctx, s, orm.Select[Staffer]().OrderBy(Staffers.ID.Asc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range staff {
		switch x := orm.Concrete(s, e).(type) {
		case *StaffManager:
			fmt.Println(x.Name, "manages a budget of", *x.Budget)
		case *StaffEngineer:
			fmt.Println(x.Name, "writes", *x.Language)
		default:
			fmt.Println(e.Name, "has kind", e.Kind)
		}
	}
	managers, err := orm.All(ctx, s, orm.Select[StaffManager]())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(managers), "manager:", managers[0].Name)
	// Output:
	// ann has kind employee
	// bob manages a budget of 100
	// cy writes go
	// 1 manager: bob
}

// TestInheritanceQueryPaths: a polymorphic query narrowed by LoadOnly
// reads the discriminator with the key, and the subtypes' objects come
// partly loaded; a stream's batches (while the session holds them) and
// Unique return the subtypes too;
// Inspect and Delete take a subtype's object by its base.
func TestInheritanceQueryPaths(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, stTeams.Table, Staffers.Table); err != nil {
			t.Fatal(err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for i := range 3 {
				if err := s.AddAll(
					&Staffer{Name: fmt.Sprint("e", i)},
					&StaffManager{Staffer: Staffer{Name: fmt.Sprint("m", i)}, Budget: ptr(int64(i))},
					&StaffEngineer{Staffer: Staffer{Name: fmt.Sprint("g", i)}, Language: ptr("go")}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		byID := orm.Select[Staffer]().OrderBy(Staffers.ID.Asc())
		kinds := func(s *orm.Session, es []*Staffer) string {
			var b strings.Builder
			for _, e := range es {
				fmt.Fprintf(&b, "%T ", orm.Concrete(s, e))
			}
			return b.String()
		}
		// The flush inserts a type's rows together: ids 1-3, 4-6, 7-9.
		want := strings.Repeat("*orm_test.Staffer ", 3) + strings.Repeat("*orm_test.StaffManager ", 3) + strings.Repeat("*orm_test.StaffEngineer ", 3)

		s := w.f.New()
		w.rec.Reset()
		narrow, err := orm.All(ctx, s, byID.Options(orm.LoadOnly(Staffers.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(s, narrow); got != want {
			t.Errorf("LoadOnly: %s", got)
		}
		if m, ok := orm.Concrete(s, narrow[3]).(*StaffManager); !ok || m.Budget != nil || m.Name != "m0" {
			t.Errorf("LoadOnly: a manager's budget was loaded, or its name not: %+v", m)
		}
		if got := sqlSince(w); len(got) != 1 || got[0] != "SELECT st_staff.id, st_staff.name, st_staff.kind FROM st_staff ORDER BY st_staff.id ASC" {
			t.Errorf("LoadOnly: SQL %q", got)
		}
		if st := inspect(t, s, narrow[3]); st != orm.Persistent {
			t.Errorf("Inspect of a manager's base: %v", st)
		}
		s.Close()

		s = w.f.New()
		// Each batch's objects are the session's until the next batch
		// is read: Concrete finds them there.
		var streamed string
		for batch, err := range orm.Partitions(ctx, s, byID, 2) {
			if err != nil {
				t.Fatal(err)
			}
			streamed += kinds(s, batch)
		}
		if got := streamed; got != want {
			t.Errorf("Partitions: %s", got)
		}
		s.Close()

		s = w.f.New()
		defer s.Close()
		unique, err := orm.All(ctx, s, byID.Unique())
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(s, unique); got != want {
			t.Errorf("Unique: %s", got)
		}
	})
}
