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
	"github.com/retortdb/retort/retorttest"
)

// An account with write-only collections: entries (delete-orphan, a
// foreign key that cannot be NULL, a back-reference), notes (a nullable
// key: removal and the account's deletion set it to NULL) and tags (a
// many-to-many).
type woAccount struct {
	ID      int64
	Name    string
	Entries orm.WriteOnly[woEntry]
	Notes   orm.WriteOnly[woNote]
	Tags    orm.WriteOnly[woTag]
	Holds   orm.WriteOnly[woHold]
}

type woHold struct {
	ID        int64
	AccountID int64
}

type woEntry struct {
	ID        int64
	AccountID int64
	Amount    int64
	Account   *woAccount
}

type woNote struct {
	ID        int64
	AccountID *int64
	Text      string
}

type woTag struct {
	ID   int64
	Name string
}

type woAccountTag struct {
	AccountID, TagID int64
}

var woAccounts = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("wo_account")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var woEntries = func() (t struct {
	*core.Table
	ID, AccountID, Amount core.Column[int64]
}) {
	t.Table = core.NewTable("wo_entry")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.AccountID = core.NewColumn[int64](t.Table, "account_id", core.References(woAccounts.ID))
	t.Amount = core.NewColumn[int64](t.Table, "amount")
	return t
}()

var woNotes = func() (t struct {
	*core.Table
	ID, AccountID core.Column[int64]
	Text          core.Column[string]
}) {
	t.Table = core.NewTable("wo_note")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.AccountID = core.NewColumn[int64](t.Table, "account_id", core.Nullable(), core.References(woAccounts.ID))
	t.Text = core.NewColumn[string](t.Table, "text")
	return t
}()

var woHolds = func() (t struct {
	*core.Table
	ID, AccountID core.Column[int64]
}) {
	t.Table = core.NewTable("wo_hold")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.AccountID = core.NewColumn[int64](t.Table, "account_id", core.References(woAccounts.ID))
	return t
}()

var woTags = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("wo_tag")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var woAccountTags = func() (t struct {
	*core.Table
	AccountID, TagID core.Column[int64]
}) {
	t.Table = core.NewTable("wo_account_tag")
	t.AccountID = core.NewColumn[int64](t.Table, "account_id", core.PrimaryKey(), core.References(woAccounts.ID))
	t.TagID = core.NewColumn[int64](t.Table, "tag_id", core.PrimaryKey(), core.References(woTags.ID))
	return t
}()

var (
	woAccountEntries = orm.NewRelationship[woAccount, woEntry]("Entries", "cascade:all, delete-orphan; back:Account; order_by:id")
	woAccountNotes   = orm.NewRelationship[woAccount, woNote]("Notes", "order_by:id")
	woAccountTagsRel = orm.NewRelationship[woAccount, woTag]("Tags", "secondary:wo_account_tag; order_by:name")
	woAccountHolds   = orm.NewRelationship[woAccount, woHold]("Holds", "")
	woEntryAccount   = orm.NewRelationship[woEntry, woAccount]("Account", "back:Entries")
)

func init() {
	orm.Map[woAccount](woAccounts.Table, woAccountEntries, woAccountNotes, woAccountTagsRel, woAccountHolds)
	orm.Map[woHold](woHolds.Table)
	orm.Map[woEntry](woEntries.Table, woEntryAccount)
	orm.Map[woNote](woNotes.Table)
	orm.Map[woTag](woTags.Table)
	orm.Map[woAccountTag](woAccountTags.Table)
}

// woWorld creates the write-only tables in w.
func woWorld(t *testing.T, w *world) {
	t.Helper()
	if err := orm.CreateAll(t.Context(), w.eng, woAccounts.Table, woEntries.Table, woNotes.Table, woTags.Table, woAccountTags.Table, woHolds.Table); err != nil {
		t.Fatal(err)
	}
}

// woRows returns the rows of a query of two integer columns as "a/b ...".
func woRows(t *testing.T, w *world, query string) string {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "/"))
	}
	return strings.Join(out, " ")
}

// woTouching returns the recorded statements that name table.
func woTouching(w *world, table string) []string {
	var out []string
	for _, sql := range w.rec.SQL() {
		if strings.Contains(sql, table) {
			out = append(out, sql)
		}
	}
	return out
}

// woAccountWith commits an account with n entries, ids from woFirst up
// (far above those the database generates), and returns its id.
const woFirst = 1_000_000

func woAccountWith(t *testing.T, w *world, n int) int64 {
	t.Helper()
	a := &woAccount{Name: "big"}
	for i := range n {
		a.Entries.Add(&woEntry{ID: woFirst + int64(i), Amount: int64(i)})
	}
	if err := w.f.Transaction(t.Context(), func(s *orm.Session) error { return s.Add(a) }); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// TestWriteOnlyAdd: adding three entries to an account of 10,000 sends
// their INSERT and nothing else: no statement reads the collection.
func TestWriteOnlyAdd(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		id := woAccountWith(t, w, 10_000)
		if n := w.count(t, "wo_entry"); n != 10_000 {
			t.Fatalf("%d entries, want 10000", n)
		}
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		a, err := orm.Get[woAccount](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		added := []*woEntry{{Amount: -1}, {Amount: -2}, {Amount: -3}}
		a.Entries.Add(added...)
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		for _, sql := range woTouching(w, "wo_entry") {
			if !strings.HasPrefix(sql, "INSERT") {
				t.Errorf("statement on wo_entry other than the INSERT: %s", sql)
			}
		}
		if got := len(woTouching(w, "wo_entry")); got != 1 {
			t.Errorf("%d statements on wo_entry, want one INSERT: %q", got, w.rec.SQL())
		}
		for _, e := range added {
			if e.AccountID != id || e.ID == 0 || e.Account != a {
				t.Errorf("added entry: id %d, account_id %d, Account %p; want a key, %d and the account", e.ID, e.AccountID, e.Account, id)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		got := woRows(t, w, fmt.Sprintf("SELECT COUNT(*), SUM(amount) FROM wo_entry WHERE account_id = %d AND amount < 0", id))
		if got != "3/-6" {
			t.Errorf("entries added: %s, want 3/-6", got)
		}
		if n := w.count(t, "wo_entry"); n != 10_003 {
			t.Errorf("%d entries, want 10003", n)
		}
	})
}

// TestWriteOnlyRemove: a removal deletes a delete-orphan child, sets a
// nullable key to NULL and deletes an association row; a child not in
// the collection, or added and removed before the flush, is left alone;
// one the session does not hold fails the flush with ErrDetached.
func TestWriteOnlyRemove(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		a, other := &woAccount{Name: "a"}, &woAccount{Name: "other"}
		tags := []*woTag{{Name: "x"}, {Name: "y"}}
		a.Entries.Add(&woEntry{Amount: 1}, &woEntry{Amount: 2})
		a.Notes.Add(&woNote{Text: "n1"}, &woNote{Text: "n2"})
		a.Tags.Add(tags...)
		other.Notes.Add(&woNote{Text: "other's"})
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(a, other) }); err != nil {
			t.Fatal(err)
		}

		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := orm.All(ctx, s, woAccountEntries.Select(a))
		if err != nil {
			t.Fatal(err)
		}
		notes, err := orm.All(ctx, s, woAccountNotes.Select(a))
		if err != nil {
			t.Fatal(err)
		}
		ts, err := orm.All(ctx, s, woAccountTagsRel.Select(a))
		if err != nil {
			t.Fatal(err)
		}
		othersNote, err := orm.One(ctx, s, orm.Select[woNote]().Where(woNotes.Text.Eq("other's")))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || len(notes) != 2 || len(ts) != 2 || ts[0].Name != "x" {
			t.Fatalf("Select: %d entries, %d notes, tags %v; want 2, 2, x and y", len(entries), len(notes), ts)
		}
		a.Entries.Remove(entries[0])
		a.Notes.Remove(notes[0], othersNote) // the other's note is not in a's collection
		a.Tags.Remove(ts[0])
		fresh := &woNote{Text: "fresh"}
		a.Notes.Add(fresh)
		a.Notes.Remove(fresh) // cancelled before the flush: never written
		w.rec.Reset()
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, sql := range w.rec.SQL() {
			f := strings.Fields(sql)
			kinds = append(kinds, f[0]+" "+strings.Trim(f[1]+" "+f[2], "`\""))
		}
		slices.Sort(kinds)
		want := []string{"DELETE FROM wo_account_tag", "DELETE FROM wo_entry", "UPDATE wo_note SET"}
		if !slices.Equal(kinds, want) {
			t.Errorf("statements %q, want %q", kinds, want)
		}
		if st := inspect(t, s, entries[0]); st != orm.Deleted {
			t.Errorf("removed delete-orphan entry: %v, want deleted", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := w.count(t, "wo_entry"); got != 1 {
			t.Errorf("%d entries, want 1", got)
		}
		if got := woRows(t, w, "SELECT text, COALESCE(account_id, -1) FROM wo_note ORDER BY id"); got != fmt.Sprintf("n1/-1 n2/%d other's/%d", a.ID, other.ID) {
			t.Errorf("notes %s", got)
		}
		if got := woRows(t, w, "SELECT tag_id FROM wo_account_tag"); got != fmt.Sprint(tags[1].ID) {
			t.Errorf("association rows %s, want tag %d", got, tags[1].ID)
		}

		s2 := w.f.New()
		defer s2.Close()
		a2, err := orm.Get[woAccount](ctx, s2, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		a2.Notes.Remove(&woNote{ID: notes[1].ID})
		if err := s2.Flush(ctx); !errors.Is(err, orm.ErrDetached) || !strings.Contains(err.Error(), "woAccount.Notes") {
			t.Errorf("flush of a removal of an object the session does not hold: %v, want ErrDetached naming woAccount.Notes", err)
		}
		a2.Notes = orm.WriteOnly[woNote]{}
		a2.Entries.Add(nil)
		if err := s2.Flush(ctx); !errors.Is(err, orm.ErrNil) || !strings.Contains(err.Error(), "woAccount.Entries") {
			t.Errorf("flush of a nil added: %v, want ErrNil naming woAccount.Entries", err)
		}
	})
}

// TestWriteOnlySelect pages through a collection with Limit and Offset,
// by keyset, and by Stream and Partitions, each page a query by the
// parent's key.
func TestWriteOnlySelect(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		id := woAccountWith(t, w, 250)
		woAccountWith(t, w, 0)
		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		q := woAccountEntries.Select(a)
		w.rec.Reset()
		page, err := orm.All(ctx, s, q.OrderBy(woEntries.ID.Asc()).Limit(10).Offset(200))
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 10 || page[0].ID != woFirst+200 || page[9].ID != woFirst+209 {
			t.Errorf("page at offset 200: %d entries from %v", len(page), page)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], "WHERE wo_entry.account_id = ") {
			t.Errorf("the page's SQL %q, want one SELECT by the account's key", sql)
		}
		var seen []int64
		last := int64(0)
		for {
			page, err := orm.All(ctx, s, q.Where(woEntries.ID.Gt(last)).Limit(100))
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				seen = append(seen, e.ID)
			}
			last = page[len(page)-1].ID
		}
		if len(seen) != 250 || !slices.IsSorted(seen) {
			t.Errorf("keyset pages: %d entries, sorted %v; want 250 in order", len(seen), slices.IsSorted(seen))
		}
		n := 0
		for e, err := range orm.Stream(ctx, s, q.YieldPer(64)) {
			if err != nil {
				t.Fatal(err)
			}
			if e.AccountID != id {
				t.Fatalf("streamed entry of account %d", e.AccountID)
			}
			n++
		}
		if n != 250 {
			t.Errorf("Stream: %d entries, want 250", n)
		}
		parts := 0
		for part, err := range orm.Partitions(ctx, s, q, 100) {
			if err != nil {
				t.Fatal(err)
			}
			parts++
			_ = part
		}
		if parts != 3 {
			t.Errorf("Partitions: %d, want 3", parts)
		}

		pending := &woAccount{Name: "new"}
		if _, err := orm.All(ctx, s, woAccountEntries.Select(pending)); err == nil || !strings.Contains(err.Error(), "no key yet") {
			t.Errorf("Select of a parent without a key: %v", err)
		}
		if _, err := orm.All(ctx, s, woAccountEntries.Select(nil)); !errors.Is(err, orm.ErrNil) {
			t.Errorf("Select of a nil parent: %v, want ErrNil", err)
		}
		if _, err := orm.All(ctx, s, woEntryAccount.Select(page[0])); err == nil || !strings.Contains(err.Error(), "not a collection") {
			t.Errorf("Select of a many-to-one: %v", err)
		}
	})
}

// TestWriteOnlyManyToMany: tags added to a pending and to a persistent
// account, one twice, insert one association row each; a removal
// deletes its row; Select joins the association table.
func TestWriteOnlyManyToMany(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		x, y, z := &woTag{Name: "x"}, &woTag{Name: "y"}, &woTag{Name: "z"}
		a, b := &woAccount{Name: "a"}, &woAccount{Name: "b"}
		a.Tags.Add(x, y, x)
		b.Tags.Add(y)
		w.rec.Reset()
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(a, b) }); err != nil {
			t.Fatal(err)
		}
		if got := len(woTouching(w, "wo_account_tag")); got != 1 {
			t.Errorf("%d statements on wo_account_tag, want one multi-row INSERT", got)
		}
		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Tags.Add(z, z)
		w.rec.Reset()
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		for _, sql := range woTouching(w, "wo_account_tag") {
			if !strings.HasPrefix(sql, "INSERT") {
				t.Errorf("statement %s, want only the INSERT", sql)
			}
		}
		tags, err := orm.All(ctx, s, woAccountTagsRel.Select(a))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tg := range tags {
			names = append(names, tg.Name)
		}
		if strings.Join(names, " ") != "x y z" {
			t.Errorf("a's tags %q, want x y z", names)
		}
		a.Tags.Remove(tags[1])
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%d/%d %d/%d %d/%d", a.ID, x.ID, a.ID, z.ID, b.ID, y.ID)
		if got := woRows(t, w, "SELECT account_id, tag_id FROM wo_account_tag ORDER BY account_id, tag_id"); got != want {
			t.Errorf("association rows %s, want %s", got, want)
		}
	})
}

// TestWriteOnlyPendingParent: entries added to an account not yet
// flushed get its key after its INSERT; Relationship.Append records an
// addition as Add does.
func TestWriteOnlyPendingParent(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		a := &woAccount{Name: "new"}
		e1, e2 := &woEntry{Amount: 1}, &woEntry{Amount: 2}
		a.Entries.Add(e1, e1)
		woAccountEntries.Append(a, e2)
		if e2.Account != a {
			t.Errorf("Append on a write-only collection left the back-reference unset")
		}
		s := w.f.New()
		defer s.Close()
		if err := s.Add(a); err != nil {
			t.Fatal(err)
		}
		if n := len(mustNew(t, s)); n != 3 {
			t.Errorf("New lists %d objects, want the account and its two entries", n)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("1/%d 2/%d", a.ID, a.ID)
		if got := woRows(t, w, "SELECT amount, account_id FROM wo_entry ORDER BY amount"); got != want {
			t.Errorf("entries %s, want %s", got, want)
		}
		if e1.Account != a || e2.Account != a {
			t.Errorf("entries' Account after the flush: %p %p, want %p", e1.Account, e2.Account, a)
		}
		// The changes were written: a second flush writes nothing.
		w.rec.Reset()
		if err := s.Add(a); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if sql := woTouching(w, "wo_entry"); len(sql) != 0 {
			t.Errorf("second flush: %q, want nothing", sql)
		}
	})
}

func mustNew(t *testing.T, s *orm.Session) []any {
	t.Helper()
	objs, err := s.New()
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// TestWriteOnlyLoadersRefused: every loader option, Load, Related and
// IsLoaded naming a write-only collection fails with ErrWriteOnly naming
// it, before any statement; a wildcard leaves it alone.
func TestWriteOnlyLoadersRefused(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		id := woAccountWith(t, w, 3)
		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		q := orm.Select[woAccount]()
		options := map[string]orm.LoadPath{
			"SelectInLoad":  orm.SelectInLoad(woAccountEntries),
			"JoinedLoad":    orm.JoinedLoad(woAccountTagsRel),
			"ContainsEager": orm.ContainsEager(woAccountEntries),
			"RecursiveLoad": orm.RecursiveLoad(woAccountNotes, 2),
			"NoLoad":        orm.NoLoad(woAccountEntries),
			"RaiseLoad":     orm.RaiseLoad(woAccountEntries),
			"DefaultLoad":   orm.DefaultLoad(woAccountEntries),
			"a later link":  orm.SelectInLoad(woEntryAccount).SelectInLoad(woAccountEntries),
		}
		w.rec.Reset()
		for name, opt := range options {
			qq := q
			if name == "a later link" {
				_, err := orm.All(ctx, s, orm.Select[woEntry]().Options(opt))
				if !errors.Is(err, orm.ErrWriteOnly) || !strings.Contains(err.Error(), "woAccount.Entries") {
					t.Errorf("%s: %v, want ErrWriteOnly naming woAccount.Entries", name, err)
				}
				continue
			}
			if name == "ContainsEager" {
				qq = q.Join(woAccountEntries)
			}
			if _, err := orm.All(ctx, s, qq.Options(opt)); !errors.Is(err, orm.ErrWriteOnly) || !strings.Contains(err.Error(), "woAccount.") || !strings.Contains(err.Error(), "orm."+name) {
				t.Errorf("%s: %v, want ErrWriteOnly naming the relationship and the option", name, err)
			}
		}
		if sql := w.rec.SQL(); len(sql) != 0 {
			t.Errorf("refused options sent %q", sql)
		}
		if err := orm.Load(ctx, s, []*woAccount{a}, woAccountEntries); !errors.Is(err, orm.ErrWriteOnly) {
			t.Errorf("Load: %v, want ErrWriteOnly", err)
		}
		if _, err := orm.Related(s, a, woAccountEntries); !errors.Is(err, orm.ErrWriteOnly) {
			t.Errorf("Related: %v, want ErrWriteOnly", err)
		}
		if _, err := orm.IsLoaded(s, a, woAccountTagsRel); !errors.Is(err, orm.ErrWriteOnly) {
			t.Errorf("IsLoaded: %v, want ErrWriteOnly", err)
		}
		// A join along it is no load: it works, and so does a wildcard.
		got, err := orm.All(ctx, s, q.Join(woAccountEntries).Where(woEntries.Amount.Eq(2)).Options(orm.SelectInLoad(orm.Wildcard)))
		if err != nil || len(got) != 1 || got[0] != a {
			t.Errorf("join along a write-only collection: %v, %v", got, err)
		}
	})
}

// TestWriteOnlyDeleteParent: deleting an account deletes its entries
// (cascade delete) and its association rows by its key, and sets its
// notes' key to NULL, without reading any of them.
func TestWriteOnlyDeleteParent(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		a, b := &woAccount{Name: "a"}, &woAccount{Name: "b"}
		tag := &woTag{Name: "t"}
		a.Entries.Add(&woEntry{Amount: 1}, &woEntry{Amount: 2})
		a.Notes.Add(&woNote{Text: "n"})
		a.Tags.Add(tag)
		b.Entries.Add(&woEntry{Amount: 3})
		b.Tags.Add(tag)
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(a, b) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(a); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		for _, sql := range w.rec.SQL() {
			if strings.HasPrefix(sql, "SELECT") {
				t.Errorf("the delete read rows: %s", sql)
			}
		}
		if got := woRows(t, w, "SELECT amount FROM wo_entry"); got != "3" {
			t.Errorf("entries left %s, want b's 3", got)
		}
		if got := woRows(t, w, "SELECT COALESCE(account_id, -1) FROM wo_note"); got != "-1" {
			t.Errorf("note's account_id %s, want NULL", got)
		}
		if got := woRows(t, w, "SELECT account_id FROM wo_account_tag"); got != fmt.Sprint(b.ID) {
			t.Errorf("association rows of %s, want b's only", got)
		}
	})
}

// TestWriteOnlyNotNullable: a hold removed from a collection without
// delete-orphan, whose key cannot be NULL, fails the flush before
// anything is sent, naming the relationship and the column.
func TestWriteOnlyNotNullable(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		a := &woAccount{Name: "a"}
		h := &woHold{}
		a.Holds.Add(h)
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(a) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		h, err = orm.Get[woHold](ctx, s, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Holds.Remove(h)
		w.rec.Reset()
		err = s.Flush(ctx)
		if !errors.Is(err, orm.ErrNotNullable) || !strings.Contains(err.Error(), "woAccount.Holds") || !strings.Contains(err.Error(), "wo_hold.account_id") {
			t.Errorf("flush: %v, want ErrNotNullable naming woAccount.Holds and wo_hold.account_id", err)
		}
		if sql := w.rec.SQL(); len(sql) != 0 {
			t.Errorf("the refused flush sent %q", sql)
		}
		if h.AccountID != a.ID {
			t.Errorf("the hold's key changed to %d", h.AccountID)
		}
	})
}

// TestWriteOnlyFailedFlush: a flush that fails (its context cancelled,
// or a statement refused) keeps the recorded changes, which the next
// flush after Rollback writes.
func TestWriteOnlyFailedFlush(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		id := woAccountWith(t, w, 1)
		tag := &woTag{Name: "t"}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(tag) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		a, err := orm.Get[woAccount](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		tg, err := orm.Get[woTag](ctx, s, tag.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Entries.Add(&woEntry{Amount: 7})
		a.Tags.Add(tg)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Flush(cancelled); !errors.Is(err, context.Canceled) {
			t.Fatalf("flush with a cancelled context: %v, want context.Canceled", err)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("commit after the rollback: %v", err)
		}
		want := fmt.Sprintf("7/%d", id)
		if got := woRows(t, w, "SELECT amount, account_id FROM wo_entry WHERE amount = 7"); got != want {
			t.Errorf("entry %q, want %q", got, want)
		}
		if n := w.count(t, "wo_account_tag"); n != 1 {
			t.Errorf("%d association rows, want 1", n)
		}

		// The same link again: the association table refuses it.
		s2 := w.f.New()
		defer s2.Close()
		a, err = orm.Get[woAccount](ctx, s2, id)
		if err != nil {
			t.Fatal(err)
		}
		tg, err = orm.Get[woTag](ctx, s2, tag.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Tags.Add(tg)
		if err := s2.Flush(ctx); !errors.Is(err, engine.ErrUniqueViolation) {
			t.Errorf("flush of a link that exists: %v, want ErrUniqueViolation", err)
		}
	})
}

// TestWriteOnlyBackref: the many-to-one side of a write-only
// collection works as without it: Set moves an entry (the write-only side
// keeps nothing in memory), a loaded many-to-one set to nil makes the
// entry an orphan that delete-orphan deletes, and Relationship.Remove
// records a removal as WriteOnly.Remove does.
func TestWriteOnlyBackref(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		woWorld(t, w)
		a, b := &woAccount{Name: "a"}, &woAccount{Name: "b"}
		e1, e2, e3 := &woEntry{Amount: 1}, &woEntry{Amount: 2}, &woEntry{Amount: 3}
		a.Entries.Add(e1, e2, e3)
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(a, b) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		entries, err := orm.All(ctx, s, orm.Select[woEntry]().OrderBy(woEntries.Amount.Asc()).Options(orm.SelectInLoad(woEntryAccount)))
		if err != nil {
			t.Fatal(err)
		}
		bb, err := orm.Get[woAccount](ctx, s, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		woEntryAccount.Set(entries[0], bb)
		entries[1].Account = nil
		woAccountEntries.Remove(entries[2].Account, entries[2])
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("1/%d", b.ID)
		if got := woRows(t, w, "SELECT amount, account_id FROM wo_entry ORDER BY amount"); got != want {
			t.Errorf("entries %s, want %s: the moved one under b, the orphan and the removed one deleted", got, want)
		}
	})
}

// An account's entries, a collection too large to load: Add writes a new
// entry without reading the others, and Select pages through them by
// keyset.
func ExampleWriteOnly() {
	ctx := context.Background()
	rec := retorttest.NewRecorder()
	eng, err := engine.Open(ctx, "sqlite::memory:", rec.Option())
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	if err := orm.CreateAll(ctx, eng, woAccounts.Table, woEntries.Table, woNotes.Table, woTags.Table, woAccountTags.Table, woHolds.Table); err != nil {
		log.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)
	acct := &woAccount{Name: "main"}
	for i := range 5 {
		acct.Entries.Add(&woEntry{Amount: int64(10 * (i + 1))})
	}
	if err := f.Transaction(ctx, func(s *orm.Session) error { return s.Add(acct) }); err != nil {
		log.Fatal(err)
	}

	s := f.New()
	defer s.Close()
	a, err := orm.Get[woAccount](ctx, s, acct.ID)
	if err != nil {
		log.Fatal(err)
	}
	a.Entries.Add(&woEntry{Amount: 60})
	rec.Reset()
	if err := s.Flush(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.SQL()[len(rec.SQL())-1])
	last := int64(0)
	for {
		page, err := orm.All(ctx, s, woAccountEntries.Select(a).Where(woEntries.ID.Gt(last)).Limit(4))
		if err != nil {
			log.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		fmt.Print("page:")
		for _, e := range page {
			fmt.Print(" ", e.Amount)
		}
		fmt.Println()
		last = page[len(page)-1].ID
	}
	// Output:
	// INSERT INTO wo_entry (account_id, amount) VALUES (?, ?) RETURNING id
	// page: 10 20 30 40
	// page: 50 60
}
