package orm_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/orm"
)

// A memo of a tenant that is soft-deleted: both filters apply to one
// entity, from two sources (the session's criteria, the mapping's
// soft_delete), and each must hold whatever the other does.
type tenMemo struct {
	ID       int64
	TenantID int64
	Text     string
	Gone     *time.Time `retort:"soft_delete"`
}

var tenMemos = func() (t struct {
	*core.Table
	ID, TenantID core.Column[int64]
	Text         core.Column[string]
	Gone         core.Column[time.Time]
}) {
	t.Table = core.NewTable("ten_memo")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.TenantID = core.NewColumn[int64](t.Table, "tenant_id")
	t.Text = core.NewColumn[string](t.Table, "text")
	t.Gone = core.NewColumn[time.Time](t.Table, "gone", core.Nullable())
	return t
}()

func init() { orm.Map[tenMemo](tenMemos.Table) }

// TestGlobalCriteriaWithSoftDelete: a tenant's session sees its live
// rows only; IncludeDeleted brings back its own deleted rows and never
// another tenant's; lifting the criteria leaves soft delete in force; a
// soft delete is an UPDATE carrying both the key and the criteria, and
// one of another tenant's row is refused with nothing sent.
func TestGlobalCriteriaWithSoftDelete(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, tenMemos.Table); err != nil {
			t.Fatal(err)
		}
		gone := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			for _, m := range []*tenMemo{
				{ID: 1, TenantID: 1, Text: "live"},
				{ID: 2, TenantID: 1, Text: "deleted", Gone: &gone},
				{ID: 3, TenantID: 2, Text: "other live"},
				{ID: 4, TenantID: 2, Text: "other deleted", Gone: &gone},
			} {
				if err := s.Add(m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		ids := func(t *testing.T, s *orm.Session, opts ...orm.QueryOption) []int64 {
			t.Helper()
			memos, err := orm.All(ctx, s, orm.Select[tenMemo]().OrderBy(tenMemos.ID.Asc()).Options(opts...))
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, m := range memos {
				out = append(out, m.ID)
			}
			return out
		}
		s := w.f.New(orm.WithGlobalCriteria[tenMemo](tenMemos.TenantID.Eq(1)))
		defer s.Close()
		if got := ids(t, s); !slices.Equal(got, []int64{1}) {
			t.Errorf("tenant 1's live memos: %v, want [1]", got)
		}
		if got := ids(t, s, orm.IncludeDeleted()); !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("tenant 1's memos with the deleted: %v, want [1 2]", got)
		}
		if got := ids(t, s, orm.WithoutGlobalCriteria[tenMemo]()); !slices.Equal(got, []int64{1, 3}) {
			t.Errorf("every tenant's live memos: %v, want [1 3]", got)
		}
		if _, err := orm.Get[tenMemo](ctx, s, int64(2)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of tenant 1's deleted memo: %v, want ErrNoRows", err)
		}

		// A soft delete of its own live row: an UPDATE whose WHERE
		// holds the key and the tenant.
		live, err := orm.Get[tenMemo](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(live); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		updates := w.statements("UPDATE")
		if len(updates) != 1 || !strings.Contains(updates[0].SQL, "tenant_id") || len(w.statements("DELETE")) != 0 {
			t.Errorf("the soft delete sent %v, want one UPDATE naming tenant_id and no DELETE", w.rec.Statements())
		}
		if n := w.count(t, "ten_memo"); n != 4 {
			t.Errorf("%d rows, want the 4 kept", n)
		}

		// Another tenant's row, read by lifting the criteria, cannot
		// be soft-deleted: refused before anything is sent.
		s2 := w.f.New(orm.WithGlobalCriteria[tenMemo](tenMemos.TenantID.Eq(1)))
		defer s2.Close()
		other, err := orm.One(ctx, s2, orm.Select[tenMemo]().Where(tenMemos.ID.Eq(3)).Options(orm.WithoutGlobalCriteria[tenMemo]()))
		if err != nil {
			t.Fatal(err)
		}
		if err := s2.Delete(other); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s2.Flush(ctx); !errors.Is(err, orm.ErrOutsideCriteria) {
			t.Errorf("soft delete of another tenant's memo: %v, want ErrOutsideCriteria", err)
		}
		if got := w.statements("UPDATE"); len(got) != 0 {
			t.Errorf("UPDATEs sent: %v", got)
		}
		if err := s2.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT id FROM ten_memo WHERE gone IS NULL ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0][0] != "3" {
			t.Errorf("live rows at the end: %v, want memo 3 alone", rows)
		}
	})
}
