package orm_test

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

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// scribe has soft delete by time: a nil DeletedAt is a live row. Its
// folios have soft delete by flag, its stamps none; both go with it by
// the delete cascade.
type scribe struct {
	ID        int64
	Name      string
	DeletedAt *time.Time `retort:"soft_delete"`
	Folios    []*folio
	Stamps    []*stamp
}

// folio is a scribe's page, soft-deleted by its Removed flag.
type folio struct {
	ID       int64
	ScribeID int64
	Body     string
	Removed  bool `retort:"soft_delete"`
	Scribe   *scribe
}

// stamp is a scribe's mark, without soft delete.
type stamp struct {
	ID       int64
	ScribeID int64
	Label    string
}

var (
	scribes = func() (t struct {
		*core.Table
		ID        core.Column[int64]
		Name      core.Column[string]
		DeletedAt core.Column[time.Time]
	}) {
		t.Table = core.NewTable("scribe")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
		t.Name = core.NewColumn[string](t.Table, "name")
		t.DeletedAt = core.NewColumn[time.Time](t.Table, "deleted_at", core.Nullable())
		return t
	}()
	folios = func() (t struct {
		*core.Table
		ID       core.Column[int64]
		ScribeID core.Column[int64]
		Body     core.Column[string]
		Removed  core.Column[bool]
	}) {
		t.Table = core.NewTable("folio")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
		t.ScribeID = core.NewColumn[int64](t.Table, "scribe_id", core.References(scribes.ID))
		t.Body = core.NewColumn[string](t.Table, "body")
		t.Removed = core.NewColumn[bool](t.Table, "removed")
		return t
	}()
	stamps = func() (t struct {
		*core.Table
		ID       core.Column[int64]
		ScribeID core.Column[int64]
		Label    core.Column[string]
	}) {
		t.Table = core.NewTable("stamp")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
		t.ScribeID = core.NewColumn[int64](t.Table, "scribe_id", core.References(scribes.ID))
		t.Label = core.NewColumn[string](t.Table, "label")
		return t
	}()
	scribeFolios = orm.NewRelationship[scribe, folio]("Folios", "back:Scribe; cascade:all; order_by:id")
	scribeStamps = orm.NewRelationship[scribe, stamp]("Stamps", "cascade:all; order_by:id")
	folioScribe  = orm.NewRelationship[folio, scribe]("Scribe", "back:Folios")
)

// twig is a tree node with soft delete: a cut twig hides its subtree
// from a recursive load.
type twig struct {
	ID       int64
	ParentID *int64
	Name     string
	Cut      *time.Time `retort:"soft_delete"`
	Children []*twig
}

var (
	twigs = func() (t struct {
		*core.Table
		ID       core.Column[int64]
		ParentID core.Column[int64]
		Name     core.Column[string]
		Cut      core.Column[time.Time]
	}) {
		t.Table = core.NewTable("twig")
		t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
		t.ParentID = core.NewColumn[int64](t.Table, "parent_id", core.Nullable(), core.References(t.ID))
		t.Name = core.NewColumn[string](t.Table, "name")
		t.Cut = core.NewColumn[time.Time](t.Table, "cut", core.Nullable())
		return t
	}()
	twigChildren = orm.NewRelationship[twig, twig]("Children", "order_by:id; cascade:all")
)

// vellum has a version and soft delete by a sql.Null time, mapped by
// hand as retort gen would.
type vellum struct {
	ID     int64
	Body   string
	Rev    int64
	GoneAt sql.Null[time.Time]
}

var vellums = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	Body   core.Column[string]
	Rev    core.Column[int64]
	GoneAt core.Column[time.Time]
}) {
	t.Table = core.NewTable("vellum")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Body = core.NewColumn[string](t.Table, "body")
	t.Rev = core.NewColumn[int64](t.Table, "rev")
	t.GoneAt = core.NewColumn[time.Time](t.Table, "gone_at", core.Nullable())
	return t
}()

func init() {
	orm.Map[scribe](scribes.Table, scribeFolios, scribeStamps)
	orm.Map[folio](folios.Table, folioScribe)
	orm.Map[stamp](stamps.Table)
	orm.Map[twig](twigs.Table, twigChildren)
	orm.Register(orm.Mapping[vellum]{
		Table: vellums.Table, Fields: []string{"ID", "Body", "Rev", "GoneAt"}, Version: "rev", SoftDelete: "gone_at",
		Addr:  func(o *vellum, i int) any { return []any{&o.ID, &o.Body, &o.Rev, &o.GoneAt}[i] },
		Value: func(o *vellum, i int) any { return []any{o.ID, o.Body, o.Rev, o.GoneAt}[i] },
	})
}

// sdParams matches a statement's parameters: PostgreSQL's $1, and the
// IN lists and = ANY arrays of keys, which differ by backend.
var sdParams = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\$\d+`), "?"},
	{regexp.MustCompile(`= ANY\(\?\)`), "IN (?)"},
	{regexp.MustCompile(`IN \(\?(, \?)*\)`), "IN (?)"},
}

// sqlOf returns the statements w's recorder holds, with ? for every
// parameter and IN (?) for a list of keys, and resets it.
func sqlOf(w *world) []string {
	out := w.rec.SQL()
	for i, s := range out {
		for _, p := range sdParams {
			s = p.re.ReplaceAllString(s, p.with)
		}
		out[i] = s
	}
	w.rec.Reset()
	return out
}

// wantSQL fails the test unless got is want, statement by statement.
func wantSQL(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s sent\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

var sdTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// sdData creates the soft-delete tables in w and adds ann (live, with
// folios a1 and a2, a2 removed, and stamp s1), bob (deleted, with live
// folio b1) and cid (live, with nothing).
func sdData(t *testing.T, w *world) (ann, bob, cid *scribe) {
	t.Helper()
	ctx := t.Context()
	if err := orm.CreateAll(ctx, w.eng, scribes.Table, folios.Table, stamps.Table, twigs.Table, vellums.Table); err != nil {
		t.Fatal(err)
	}
	ann = &scribe{Name: "ann", Folios: []*folio{{Body: "a1"}, {Body: "a2", Removed: true}}, Stamps: []*stamp{{Label: "s1"}}}
	bob = &scribe{Name: "bob", DeletedAt: &sdTime, Folios: []*folio{{Body: "b1"}}}
	cid = &scribe{Name: "cid"}
	if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(ann, bob, cid) }); err != nil {
		t.Fatal(err)
	}
	w.rec.Reset()
	return ann, bob, cid
}

// scribeList describes scribes and, when loaded, their folios: "ann[a1]
// cid[]".
func scribeList(t *testing.T, s *orm.Session, ss []*scribe) string {
	t.Helper()
	var parts []string
	for _, sc := range ss {
		p := sc.Name
		loaded, err := orm.IsLoaded(s, sc, scribeFolios)
		if err != nil {
			t.Fatal(err)
		}
		if loaded {
			var bodies []string
			for _, f := range sc.Folios {
				bodies = append(bodies, f.Body)
			}
			p += "[" + strings.Join(bodies, " ") + "]"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// rowsOf runs a query on w's database and returns its rows, each's
// values joined by spaces, the rows by commas.
func rowsOf(t *testing.T, w *world, query string) string {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, " "))
	}
	return strings.Join(out, ", ")
}

// TestSoftDeleteHidden: every way of loading scribes and folios leaves
// out the soft-deleted rows, in the FROM's WHERE, a join's ON or a
// loader's statement, and IncludeDeleted or IncludeDeletedOf brings them
// back.
func TestSoftDeleteHidden(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		ann, bob, _ := sdData(t, w)
		s := w.f.New()
		defer s.Close()
		byID := orm.Select[scribe]().OrderBy(scribes.ID.Asc())
		run := func(what string, q *orm.SelectStmt[*scribe], want string, wantStmts ...string) {
			t.Helper()
			s.ExpungeAll()
			w.rec.Reset()
			got, err := orm.All(ctx, s, q)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if list := scribeList(t, s, got); list != want {
				t.Errorf("%s loaded %q, want %q", what, list, want)
			}
			if wantStmts != nil {
				wantSQL(t, what, sqlOf(w), wantStmts...)
			}
		}
		const cols = "SELECT scribe.id, scribe.name, scribe.deleted_at FROM scribe "
		const folioCols = "SELECT folio.id, folio.scribe_id, folio.body, folio.removed FROM folio "
		run("Select", byID, "ann cid", cols+"WHERE scribe.deleted_at IS NULL ORDER BY scribe.id ASC")
		run("Select with Where", byID.Where(scribes.Name.Ne("cid")), "ann",
			cols+"WHERE scribe.name <> ? AND scribe.deleted_at IS NULL ORDER BY scribe.id ASC")
		run("SelectInLoad", byID.Options(orm.SelectInLoad(scribeFolios)), "ann[a1] cid[]",
			cols+"WHERE scribe.deleted_at IS NULL ORDER BY scribe.id ASC",
			folioCols+"WHERE folio.scribe_id IN (?) AND NOT (folio.removed) ORDER BY folio.id ASC")
		run("JoinedLoad", byID.Options(orm.JoinedLoad(scribeFolios)), "ann[a1] cid[]",
			"SELECT scribe.id, scribe.name, scribe.deleted_at, folio_1.id AS id_1, folio_1.scribe_id, folio_1.body, folio_1.removed FROM scribe "+
				"LEFT OUTER JOIN folio AS folio_1 ON (folio_1.scribe_id = scribe.id AND NOT (folio_1.removed)) "+
				"WHERE scribe.deleted_at IS NULL ORDER BY scribe.id ASC, folio_1.id ASC")
		run("Join of the relationship", byID.Join(scribeFolios), "ann",
			cols+"JOIN folio ON (folio.scribe_id = scribe.id AND NOT (folio.removed)) WHERE scribe.deleted_at IS NULL ORDER BY scribe.id ASC")
		run("OuterJoin with ContainsEager", byID.OuterJoin(scribeFolios).Options(orm.ContainsEager(scribeFolios)), "ann[a1] cid[]")
		run("Join of the table", byID.Join(folios, folios.ScribeID.EqCol(scribes.ID)).Where(folios.Body.Eq("a2")), "")
		run("Any", byID.Where(scribeFolios.Any()), "ann",
			cols+"WHERE EXISTS (SELECT 1 FROM folio WHERE scribe.id = folio.scribe_id AND NOT (folio.removed)) AND scribe.deleted_at IS NULL ORDER BY scribe.id ASC")
		run("Any, of a deleted folio", byID.Where(scribeFolios.Any(folios.Body.Eq("a2"))), "")
		sa := core.Aliased(scribes, "sa")
		run("SelectFrom an alias", orm.SelectFrom[scribe](sa).OrderBy(sa.ID.Asc()), "ann cid",
			"SELECT sa.id, sa.name, sa.deleted_at FROM scribe AS sa WHERE sa.deleted_at IS NULL ORDER BY sa.id ASC")
		run("IncludeDeleted", byID.Options(orm.SelectInLoad(scribeFolios), orm.IncludeDeleted()), "ann[a1 a2] bob[b1] cid[]",
			cols+"ORDER BY scribe.id ASC", folioCols+"WHERE folio.scribe_id IN (?) ORDER BY folio.id ASC")
		run("IncludeDeleted, joined", byID.Options(orm.JoinedLoad(scribeFolios), orm.IncludeDeleted()), "ann[a1 a2] bob[b1] cid[]")
		run("IncludeDeletedOf the folios", byID.Options(orm.JoinedLoad(scribeFolios), orm.IncludeDeletedOf[folio]()), "ann[a1 a2] cid[]")
		run("IncludeDeletedOf the scribes", byID.Options(orm.SelectInLoad(scribeFolios), orm.IncludeDeletedOf[scribe]()), "ann[a1] bob[b1] cid[]")
		if _, err := orm.All(ctx, s, byID.Options(orm.IncludeDeletedOf[stamp]())); err == nil || !strings.Contains(err.Error(), "stamp has no soft_delete column") {
			t.Errorf("IncludeDeletedOf[stamp]: %v, want an error saying it has no soft_delete column", err)
		}

		// An outer join keeps the scribe with no live folio; the
		// deleted scribe is not there.
		s.ExpungeAll()
		w.rec.Reset()
		pairs, err := orm.All(ctx, s, orm.Select2[*scribe, *folio](scribes, folios).OuterJoin(scribeFolios).OrderBy(scribes.ID.Asc(), folios.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pairs {
			f := "-"
			if p.V2 != nil {
				f = p.V2.Body
			}
			got = append(got, p.V1.Name+":"+f)
		}
		if strings.Join(got, " ") != "ann:a1 cid:-" {
			t.Errorf("outer join: %v, want ann:a1 cid:-", got)
		}
		wantSQL(t, "outer join", sqlOf(w), "SELECT scribe.id, scribe.name, scribe.deleted_at, folio.id AS id_1, folio.scribe_id, folio.body, folio.removed FROM scribe "+
			"LEFT OUTER JOIN folio ON (folio.scribe_id = scribe.id AND NOT (folio.removed)) WHERE scribe.deleted_at IS NULL ORDER BY scribe.id ASC, folio.id ASC")

		// Has: the folio whose scribe is live.
		if fs, err := orm.All(ctx, s, orm.Select[folio]().Where(folioScribe.Has())); err != nil || len(fs) != 1 || fs[0].Body != "a1" {
			t.Errorf("Has: %d folios, %v; want a1", len(fs), err)
		}

		// A folio's scribe, deleted, is nil, by a join or select-in;
		// an inner join drops the folio.
		for _, tc := range []struct {
			opt  orm.LoadPath
			want string
		}{
			{orm.JoinedLoad(folioScribe), "a1:ann b1:nil"},
			{orm.SelectInLoad(folioScribe), "a1:ann b1:nil"},
			{orm.JoinedLoad(folioScribe).InnerJoin(), "a1:ann"},
		} {
			s.ExpungeAll()
			fs, err := orm.All(ctx, s, orm.Select[folio]().OrderBy(folios.ID.Asc()).Options(tc.opt))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				owner := "nil"
				if f.Scribe != nil {
					owner = f.Scribe.Name
				}
				got = append(got, f.Body+":"+owner)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("folios with their scribes: %v, want %s", got, tc.want)
			}
		}

		// Get, Load and Stream.
		s.ExpungeAll()
		w.rec.Reset()
		if _, err := orm.Get[scribe](ctx, s, bob.ID); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of the deleted scribe: %v, want ErrNoRows", err)
		}
		wantSQL(t, "Get", sqlOf(w), cols+"WHERE scribe.id = ? AND scribe.deleted_at IS NULL")
		a, err := orm.Get[scribe](ctx, s, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := orm.Load(ctx, s, []*scribe{a}, scribeFolios); err != nil {
			t.Fatal(err)
		}
		if list := scribeList(t, s, []*scribe{a}); list != "ann[a1]" {
			t.Errorf("Load: %s, want ann[a1]", list)
		}
		wantSQL(t, "Load", sqlOf(w), folioCols+"WHERE folio.scribe_id IN (?) AND NOT (folio.removed) ORDER BY folio.id ASC")
		if fs, err := orm.Related(s, a, scribeFolios); err != nil || len(fs) != 1 {
			t.Errorf("Related: %d folios, %v; want a1", len(fs), err)
		}
		s.ExpungeAll()
		var streamed []string
		for sc, err := range orm.Stream(ctx, s, orm.Select[scribe]().Options(orm.SelectInLoad(scribeFolios)).YieldPer(1)) {
			if err != nil {
				t.Fatal(err)
			}
			streamed = append(streamed, scribeList(t, s, []*scribe{sc}))
		}
		if list := strings.Join(streamed, " "); list != "ann[a1] cid[]" {
			t.Errorf("Stream: %s, want ann[a1] cid[]", list)
		}

		// Get does not return a deleted object the session holds
		// because a query included it.
		s.ExpungeAll()
		if _, err := orm.All(ctx, s, byID.Options(orm.IncludeDeleted())); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if _, err := orm.Get[scribe](ctx, s, bob.ID); !errors.Is(err, orm.ErrNoRows) || w.rec.Count() != 0 {
			t.Errorf("Get of a held deleted scribe: %v after %d statements, want ErrNoRows and none", err, w.rec.Count())
		}
	})
}

// TestSoftDeleteRecursive: a recursive load leaves out a cut twig and,
// since it reaches them through it, its subtree.
func TestSoftDeleteRecursive(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		sdData(t, w)
		root := &twig{ID: 1, Name: "root", Children: []*twig{
			{ID: 2, Name: "x", Cut: &sdTime, Children: []*twig{{ID: 3, Name: "x1"}}},
			{ID: 4, Name: "y", Children: []*twig{{ID: 5, Name: "y1"}, {ID: 6, Name: "y2", Cut: &sdTime}}},
		}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(root) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		var tree func(*twig) string
		tree = func(n *twig) string {
			var kids []string
			for _, c := range n.Children {
				kids = append(kids, tree(c))
			}
			if kids == nil {
				return n.Name
			}
			return n.Name + "(" + strings.Join(kids, " ") + ")"
		}
		for _, opts := range [][]orm.QueryOption{nil, {orm.IncludeDeleted()}} {
			s.ExpungeAll()
			q := orm.Select[twig]().Where(twigs.ID.Eq(1)).Options(append(opts, orm.RecursiveLoad(twigChildren, orm.ToLeaves))...)
			got, err := orm.One(ctx, s, q)
			if err != nil {
				t.Fatal(err)
			}
			want := "root(y(y1))"
			if opts != nil {
				want = "root(x(x1) y(y1 y2))"
			}
			if tree(got) != want {
				t.Errorf("options %v: loaded %s, want %s", opts, tree(got), want)
			}
		}
	})
}

// TestSoftDeleteFlush: Delete of an object with soft delete sends an
// UPDATE and keeps the row; its delete cascade soft-deletes the children
// with soft delete, loaded or not, and leaves the others; HardDelete
// deletes them all for real; an object read with IncludeDeleted can be
// brought back by clearing its field.
func TestSoftDeleteFlush(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		ann, bob, cid := sdData(t, w)
		s := w.f.New()
		defer s.Close()

		// ann's relationships not loaded: her folios are marked by her
		// key, her stamp stays.
		a, err := orm.Get[scribe](ctx, s, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		before := time.Now().Add(-time.Second)
		if err := s.Delete(a); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		wantSQL(t, "soft delete", sqlOf(w), "UPDATE scribe SET deleted_at = ? WHERE scribe.id IN (?)",
			"UPDATE folio SET removed = ? WHERE folio.scribe_id IN (?) AND NOT (folio.removed)")
		if a.DeletedAt == nil || a.DeletedAt.Before(before) || a.DeletedAt.After(time.Now()) {
			t.Errorf("DeletedAt %v, want the flush's time", a.DeletedAt)
		}
		if st := inspect(t, s, a); st != orm.Deleted {
			t.Errorf("after the flush the scribe is %v, want Deleted", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, a); st != orm.Detached {
			t.Errorf("after Commit the scribe is %v, want Detached", st)
		}
		const scribeRows = "SELECT name, CASE WHEN deleted_at IS NULL THEN 'live' ELSE 'gone' END FROM scribe ORDER BY id"
		const folioRows = "SELECT body, CASE WHEN removed THEN 'gone' ELSE 'live' END FROM folio ORDER BY id"
		if got := rowsOf(t, w, scribeRows); got != "ann gone, bob gone, cid live" {
			t.Errorf("scribe rows: %s", got)
		}
		if got := rowsOf(t, w, folioRows); got != "a1 gone, a2 gone, b1 live" {
			t.Errorf("folio rows: %s", got)
		}
		if got := rowsOf(t, w, "SELECT label FROM stamp"); got != "s1" {
			t.Errorf("stamp rows: %s, want s1", got)
		}
		back, err := orm.One(ctx, s, orm.Select[scribe]().Where(scribes.ID.Eq(ann.ID)).Options(orm.IncludeDeleted()))
		if err != nil {
			t.Fatal(err)
		}
		if back.DeletedAt == nil || !back.DeletedAt.Equal(*a.DeletedAt) {
			t.Errorf("the row's deleted_at is %v, the object's %v", back.DeletedAt, a.DeletedAt)
		}

		// Deleting it again, as read with IncludeDeleted, sends nothing
		// and keeps its time.
		w.rec.Reset()
		if err := s.Delete(back); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantSQL(t, "a second soft delete", sqlOf(w))
		if !back.DeletedAt.Equal(*a.DeletedAt) {
			t.Errorf("a second soft delete moved deleted_at to %v", back.DeletedAt)
		}

		// cid, with folios and a stamp loaded: the folios are marked by
		// their keys, the stamp stays in the session.
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			c, err := orm.Get[scribe](ctx, s, cid.ID)
			if err != nil {
				return err
			}
			c.Folios = []*folio{{Body: "c1"}, {Body: "c2"}}
			c.Stamps = []*stamp{{Label: "t1"}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		c, err := orm.One(ctx, s, orm.Select[scribe]().Where(scribes.ID.Eq(cid.ID)).Options(orm.SelectInLoad(scribeFolios), orm.SelectInLoad(scribeStamps)))
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Delete(c); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		wantSQL(t, "soft delete with loaded children", sqlOf(w),
			"UPDATE folio SET removed = ? WHERE folio.id IN (?)", "UPDATE scribe SET deleted_at = ? WHERE scribe.id IN (?)")
		if !c.Folios[0].Removed || !c.Folios[1].Removed || inspect(t, s, c.Folios[0]) != orm.Deleted {
			t.Errorf("cid's folios: removed %t %t, %v; want removed, Deleted", c.Folios[0].Removed, c.Folios[1].Removed, inspect(t, s, c.Folios[0]))
		}
		if st := inspect(t, s, c.Stamps[0]); st != orm.Persistent {
			t.Errorf("cid's stamp is %v, want Persistent", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := rowsOf(t, w, "SELECT label FROM stamp ORDER BY id"); got != "s1, t1" {
			t.Errorf("stamp rows: %s, want s1, t1", got)
		}

		// bob, brought back: his field cleared and flushed.
		b, err := orm.One(ctx, s, orm.Select[scribe]().Where(scribes.ID.Eq(bob.ID)).Options(orm.IncludeDeleted()))
		if err != nil {
			t.Fatal(err)
		}
		b.DeletedAt = nil
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got, err := orm.Get[scribe](ctx, s, bob.ID); err != nil || got != b {
			t.Errorf("Get of bob brought back: %v, %v", got, err)
		}

		// HardDelete: ann, deleted, and bob, live, go for real with
		// every folio and stamp, loaded or not.
		a, err = orm.One(ctx, s, orm.Select[scribe]().Where(scribes.ID.Eq(ann.ID)).Options(orm.IncludeDeleted(), orm.SelectInLoad(scribeFolios)))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Folios) != 2 {
			t.Fatalf("ann has %d folios with IncludeDeleted, want a1 and a2", len(a.Folios))
		}
		w.rec.Reset()
		for _, sc := range []*scribe{a, b} {
			if err := s.Delete(sc, orm.HardDelete()); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		stmts := sqlOf(w)
		for _, stmt := range stmts {
			if strings.HasPrefix(stmt, "UPDATE") {
				t.Errorf("HardDelete sent %s", stmt)
			}
		}
		if !slices.Contains(stmts, "DELETE FROM folio WHERE folio.id IN (?)") || !slices.Contains(stmts, "DELETE FROM folio WHERE folio.scribe_id IN (?)") {
			t.Errorf("HardDelete sent\n%s\nwant the loaded folios deleted by key, the others by their scribe's", strings.Join(stmts, "\n"))
		}
		if st := inspect(t, s, a.Folios[0]); st != orm.Deleted {
			t.Errorf("ann's folio a1 is %v, want Deleted", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := rowsOf(t, w, scribeRows); got != "cid gone" {
			t.Errorf("scribe rows after HardDelete: %s, want cid gone", got)
		}
		if got := rowsOf(t, w, folioRows); got != "c1 gone, c2 gone" {
			t.Errorf("folio rows after HardDelete: %s", got)
		}
		if got := rowsOf(t, w, "SELECT label FROM stamp ORDER BY id"); got != "t1" {
			t.Errorf("stamp rows after HardDelete: %s, want t1", got)
		}
	})
}

// TestSoftDeleteVersion: a soft delete of a versioned object checks and
// bumps its version as an update does, and one whose row changed, or is
// gone, fails with ErrStaleData.
func TestSoftDeleteVersion(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		ann, _, cid := sdData(t, w)
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&vellum{ID: 1, Body: "one"}, &vellum{ID: 2, Body: "two"})
		}); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		v, err := orm.Get[vellum](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		rev := v.Rev
		w.rec.Reset()
		if err := s.Delete(v); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantSQL(t, "versioned soft delete", sqlOf(w), "UPDATE vellum SET gone_at = ?, rev = ? WHERE vellum.id = ? AND vellum.rev = ?")
		if v.Rev != rev+1 || !v.GoneAt.Valid {
			t.Errorf("after the soft delete: rev %d (was %d), gone_at %v", v.Rev, rev, v.GoneAt)
		}
		if got := rowsOf(t, w, "SELECT rev, CASE WHEN gone_at IS NULL THEN 'live' ELSE 'gone' END FROM vellum ORDER BY id"); got != fmt.Sprintf("%d gone, %d live", rev+1, rev) {
			t.Errorf("vellum rows: %s", got)
		}

		// Stale: another session changed vellum 2, or deleted ann's
		// row, since this one loaded it.
		s1 := w.f.New()
		defer s1.Close()
		v2, err := orm.Get[vellum](ctx, s1, int64(2))
		if err != nil {
			t.Fatal(err)
		}
		a, err := orm.Get[scribe](ctx, s1, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, err := orm.Get[scribe](ctx, s1, cid.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s1.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			v, err := orm.Get[vellum](ctx, s, int64(2))
			v.Body = "changed"
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Exec(ctx, fmt.Sprintf("DELETE FROM scribe WHERE id = %d", cid.ID)); err != nil {
			t.Fatal(err)
		}
		for _, obj := range []any{v2, c} {
			if err := s1.Delete(obj); err != nil {
				t.Fatal(err)
			}
			err := s1.Flush(ctx)
			if !errors.Is(err, orm.ErrStaleData) || !strings.Contains(err.Error(), "soft delete (UPDATE) of") {
				t.Errorf("soft delete of a stale %T: %v, want ErrStaleData", obj, err)
			}
			if err := s1.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if st := inspect(t, s1, a); st != orm.Persistent {
			t.Errorf("ann, untouched, is %v", st)
		}
	})
}

// TestSoftDeleteConfig: a soft_delete column of the wrong type, a second
// one, one on the key or one that is no column is a ConfigError naming
// the field.
func TestSoftDeleteConfig(t *testing.T) {
	type trashText struct {
		ID   int64
		Gone string `retort:"soft_delete"`
	}
	type trashTime struct {
		ID   int64
		Gone time.Time `retort:"soft_delete"`
	}
	type trashTwice struct {
		ID      int64
		Gone    *time.Time `retort:"soft_delete"`
		Removed bool       `retort:"soft_delete"`
	}
	type trashKey struct{ ID int64 }
	table := func(gone core.Type, nullable bool) *core.Table {
		t := core.NewTable("trash")
		core.NewColumn[int64](t, "id", core.PrimaryKey())
		opts := []core.ColumnOption{core.SQLType(gone)}
		if nullable {
			opts = append(opts, core.Nullable())
		}
		switch gone {
		case core.Text:
			core.NewColumn[string](t, "gone", opts...)
		default:
			core.NewColumn[time.Time](t, "gone", opts...)
		}
		return t
	}
	twice := core.NewTable("trash")
	core.NewColumn[int64](twice, "id", core.PrimaryKey())
	core.NewColumn[time.Time](twice, "gone", core.Nullable())
	core.NewColumn[bool](twice, "removed")
	keyed := core.NewTable("trash")
	core.NewColumn[int64](keyed, "id", core.PrimaryKey())
	for _, tc := range []struct {
		name string
		m    *orm.Mapper
		want string
	}{
		{"text", orm.Imperative[trashText](table(core.Text, false)), "trashText.Gone: a soft_delete column must be a nullable time (*time.Time) or a bool, not string"},
		{"time not nullable", orm.Imperative[trashTime](table(core.TimestampTZ, false)), "trashTime.Gone: a soft_delete time must be nullable"},
		{"two", orm.Imperative[trashTwice](twice), "field Removed: a second soft_delete column: Gone is one already"},
		{"key", orm.NewMapper(orm.Mapping[trashKey]{Table: keyed, Fields: []string{"ID"}, SoftDelete: "id",
			Addr: func(o *trashKey, _ int) any { return &o.ID }, Value: func(o *trashKey, _ int) any { return o.ID }}),
			"trashKey.ID: a primary key column cannot be soft_delete"},
		{"no column", orm.NewMapper(orm.Mapping[trashKey]{Table: keyed, Fields: []string{"ID"}, SoftDelete: "gone",
			Addr: func(o *trashKey, _ int) any { return &o.ID }, Value: func(o *trashKey, _ int) any { return o.ID }}),
			`soft_delete column "gone" is not a column of trash`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := orm.Check(tc.m)
			var ce *orm.ConfigError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Configure: %v, want a ConfigError containing %q", err, tc.want)
			}
		})
	}
}

// TestSoftDeleteHooks: a soft delete runs the delete hooks, the field
// set by the time AfterDelete runs, and not the update hooks.
func TestSoftDeleteHooks(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		ann, _, _ := sdData(t, w)
		var calls []string
		hook := func(event string) func(context.Context, *scribe) error {
			return func(_ context.Context, sc *scribe) error {
				calls = append(calls, fmt.Sprintf("%s %s deleted:%t", event, sc.Name, sc.DeletedAt != nil))
				return nil
			}
		}
		f := orm.NewSessionFactory(w.eng, orm.WithHook(orm.BeforeDelete, hook("BeforeDelete")),
			orm.WithHook(orm.AfterDelete, hook("AfterDelete")), orm.WithHook(orm.BeforeUpdate, hook("BeforeUpdate")))
		s := f.New()
		defer s.Close()
		a, err := orm.Get[scribe](ctx, s, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(a); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(calls, "; "); got != "BeforeDelete ann deleted:false; AfterDelete ann deleted:true" {
			t.Errorf("hooks: %s", got)
		}
	})
}

// TestSoftDeleteBelow: the delete cascade soft-deletes the rows below an
// object whose relationships nobody loaded, level by level, reading the
// keys it needs; the objects of those rows the session holds become
// deleted, their field set; a row deleted before keeps its time, and
// the descent stops there.
func TestSoftDeleteBelow(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		sdData(t, w)
		root := &twig{ID: 1, Name: "root", Children: []*twig{
			{ID: 2, Name: "x", Cut: &sdTime, Children: []*twig{{ID: 3, Name: "x1"}}},
			{ID: 4, Name: "y", Children: []*twig{{ID: 5, Name: "y1"}, {ID: 6, Name: "y2", Cut: &sdTime}}},
		}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(root) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		r, err := orm.Get[twig](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		y1, err := orm.Get[twig](ctx, s, int64(5))
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Delete(r); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		const below = "SELECT twig.id FROM twig WHERE twig.parent_id IN (?) AND twig.cut IS NULL"
		const mark = "UPDATE twig SET cut = ? WHERE twig.parent_id IN (?) AND twig.cut IS NULL"
		wantSQL(t, "soft delete of a tree", sqlOf(w), "UPDATE twig SET cut = ? WHERE twig.id IN (?)", below, below, below, mark, mark, mark)
		if y1.Cut == nil || !y1.Cut.Equal(*r.Cut) || inspect(t, s, y1) != orm.Deleted {
			t.Errorf("y1, held: cut %v, %v; want the root's time %v, Deleted", y1.Cut, inspect(t, s, y1), r.Cut)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		got := rowsOf(t, w, fmt.Sprintf("SELECT name, CASE WHEN cut IS NULL THEN 'live' WHEN cut = %s THEN 'before' ELSE 'now' END FROM twig ORDER BY id",
			map[bool]string{true: "'2026-01-02 03:04:05'", false: "TIMESTAMP '2026-01-02 03:04:05'"}[w.backend != testdb.Postgres]))
		if got != "root now, x before, x1 live, y now, y1 now, y2 before" {
			t.Errorf("twig rows: %s", got)
		}
	})
}

// TestSoftDeleteFails: a soft delete whose flush fails, on a cancelled
// context or a failing statement, leaves the object as it was once the
// session is rolled back: its field clear, persistent, its row live. A
// nil object is refused, HardDelete or not.
func TestSoftDeleteFails(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		ann, _, cid := sdData(t, w)
		for _, obj := range []any{nil, (*scribe)(nil)} {
			s := w.f.New()
			if err := s.Delete(obj, orm.HardDelete()); err == nil || !strings.Contains(err.Error(), "nil") {
				t.Errorf("Delete(%#v): %v, want an error naming the nil", obj, err)
			}
			s.Close()
		}
		check := func(s *orm.Session, sc *scribe, err error, want string) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("flush of %s: %v, want an error with %q", sc.Name, err, want)
			}
			if sc.DeletedAt != nil {
				t.Errorf("after the failed flush %s's DeletedAt is %v", sc.Name, sc.DeletedAt)
			}
			if err := s.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			if st := inspect(t, s, sc); st != orm.Persistent {
				t.Errorf("after Rollback %s is %v, want Persistent", sc.Name, st)
			}
			if got := rowsOf(t, w, fmt.Sprintf("SELECT CASE WHEN deleted_at IS NULL THEN 'live' ELSE 'gone' END FROM scribe WHERE id = %d", sc.ID)); got != "live" {
				t.Errorf("%s's row is %s", sc.Name, got)
			}
		}

		s := w.f.New()
		defer s.Close()
		c, err := orm.Get[scribe](ctx, s, cid.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(c); err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		check(s, c, s.Flush(cancelled), "context canceled")

		// The folios' UPDATE fails after the scribe's was sent.
		if _, err := w.db.Exec(ctx, "DROP TABLE folio"); err != nil {
			t.Fatal(err)
		}
		a, err := orm.Get[scribe](ctx, s, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(a); err != nil {
			t.Fatal(err)
		}
		check(s, a, s.Flush(ctx), "folio")
	})
}

// TrashShape is the base of a single-table hierarchy with soft delete,
// TrashCircle its subtype: a soft delete and its filter are the table's,
// whichever type asks.
type TrashShape struct {
	ID   int64
	Kind string
	Name string
	Gone *time.Time `retort:"soft_delete"`
}

type TrashCircle struct {
	TrashShape
	Radius *int64
}

var trashShapes = func() (t struct {
	*core.Table
	ID, Radius core.Column[int64]
	Kind, Name core.Column[string]
	Gone       core.Column[time.Time]
}) {
	t.Table = core.NewTable("trash_shape")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Kind = core.NewColumn[string](t.Table, "kind", core.SQLType(core.Varchar(20)))
	t.Name = core.NewColumn[string](t.Table, "name")
	t.Gone = core.NewColumn[time.Time](t.Table, "gone", core.Nullable())
	t.Radius = core.NewColumn[int64](t.Table, "radius", core.Nullable())
	return t
}()

func init() {
	orm.Map[TrashShape](trashShapes.Table)
	orm.Map[TrashCircle](trashShapes.Table)
	orm.Polymorphic[TrashShape](trashShapes.Kind, orm.Subtype[TrashShape]("shape"), orm.Subtype[TrashCircle]("circle"))
}

// TestSoftDeleteInheritance: a subtype's object is soft-deleted by an
// UPDATE of the shared table; queries of the base and of the subtype
// leave its row out, and IncludeDeletedOf either type brings it back.
func TestSoftDeleteInheritance(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, trashShapes.Table); err != nil {
			t.Fatal(err)
		}
		c := &TrashCircle{TrashShape: TrashShape{Name: "c"}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&TrashShape{Name: "a"}, c, &TrashCircle{TrashShape: TrashShape{Name: "d"}})
		}); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		got, err := orm.Get[TrashCircle](ctx, s, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Delete(got); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		wantSQL(t, "soft delete of a subtype", sqlOf(w), "UPDATE trash_shape SET gone = ? WHERE trash_shape.id IN (?)")
		names := func(q func() ([]string, error)) string {
			t.Helper()
			s.ExpungeAll()
			n, err := q()
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(n, " ")
		}
		shapes := func(opts ...orm.QueryOption) func() ([]string, error) {
			return func() ([]string, error) {
				all, err := orm.All(ctx, s, orm.Select[TrashShape]().OrderBy(trashShapes.ID.Asc()).Options(opts...))
				var out []string
				for _, sh := range all {
					out = append(out, sh.Name)
				}
				return out, err
			}
		}
		circles := func(opts ...orm.QueryOption) func() ([]string, error) {
			return func() ([]string, error) {
				all, err := orm.All(ctx, s, orm.Select[TrashCircle]().OrderBy(trashShapes.ID.Asc()).Options(opts...))
				var out []string
				for _, sh := range all {
					out = append(out, sh.Name)
				}
				return out, err
			}
		}
		for _, tc := range []struct {
			what, got, want string
		}{
			{"shapes", names(shapes()), "a d"},
			{"circles", names(circles()), "d"},
			{"shapes, IncludeDeletedOf[TrashCircle]", names(shapes(orm.IncludeDeletedOf[TrashCircle]())), "a c d"},
			{"circles, IncludeDeletedOf[TrashShape]", names(circles(orm.IncludeDeletedOf[TrashShape]())), "c d"},
		} {
			if tc.got != tc.want {
				t.Errorf("%s: %q, want %q", tc.what, tc.got, tc.want)
			}
		}
		if _, err := orm.Get[TrashShape](ctx, s, c.ID); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of the deleted circle as a shape: %v, want ErrNoRows", err)
		}
	})
}
