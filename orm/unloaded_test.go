package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// updatesSent lists the UPDATEs the recorder saw as "table column ...".
func updatesSent(w *world) string {
	var out []string
	for _, sql := range w.rec.SQL() {
		if f := strings.Fields(sql); len(f) > 3 && f[0] == "UPDATE" {
			set := sql[strings.Index(sql, " SET ")+5 : strings.Index(sql, " WHERE ")]
			var cols []string
			for a := range strings.SplitSeq(set, ", ") {
				cols = append(cols, strings.Fields(a)[0])
			}
			out = append(out, f[1]+" "+strings.Join(cols, " "))
		}
	}
	return strings.Join(out, "; ")
}

// TestUnloadedColumnWrites: a field that LoadOnly left unloaded is written
// when it is set to anything but its zero value, and, marked with
// FlagModified, when it is set to its zero value (LoadOnly(email), then
// is_active = false: the row kept TRUE, with nothing sent). A later query
// that completes the object keeps what was written instead of overwriting
// it with the row's value, and the flush still sends it; an overwrite
// from the database (PopulateExisting) discards it with the other
// unflushed changes.
func TestUnloadedColumnWrites(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
		byEmail := func(email string) *orm.SelectStmt[*shop.User] {
			return orm.Select[shop.User]().Where(shop.Users.Email.Eq(email)).Options(orm.NoLoad(shop.Users.Orders))
		}
		row := func(email string) string {
			t.Helper()
			rows, err := w.db.QueryStrings(ctx, `SELECT CASE WHEN is_active THEN 'active' ELSE 'inactive' END, created_at FROM users WHERE email = '`+email+`'`)
			if err != nil {
				t.Fatal(err)
			}
			return rows[0][0] + " " + rows[0][1]
		}

		s := w.f.New()
		defer s.Close()
		a, err := orm.One(ctx, s, byEmail("a@x").Options(orm.LoadOnly(shop.Users.Email)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := orm.One(ctx, s, byEmail("b@x").Options(orm.LoadOnly(shop.Users.Email)))
		if err != nil {
			t.Fatal(err)
		}
		a.IsActive = false // its zero value: needs FlagModified
		if err := orm.FlagModified(s, a, shop.Users.IsActive); err != nil {
			t.Fatal(err)
		}
		b.CreatedAt = at // not zero: seen as it is
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := updatesSent(w); got != "users is_active; users created_at" && got != "users created_at; users is_active" {
			t.Errorf("UPDATEs %q, want is_active of a@x and created_at of b@x", got)
		}
		if got := row("a@x"); !strings.HasPrefix(got, "inactive 2024-01-01") {
			t.Errorf("a@x: %s, want inactive, created as before", got)
		}
		if got := row("b@x"); got != "active "+at.String() {
			t.Errorf("b@x: %s, want active, created at %s", got, at)
		}

		// Without autoflush, a full query of the row completes the
		// object before the flush: the written fields stay written.
		s2 := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New()
		defer s2.Close()
		b, err = orm.One(ctx, s2, byEmail("b@x").Options(orm.LoadOnly(shop.Users.Email)))
		if err != nil {
			t.Fatal(err)
		}
		later := at.AddDate(0, 1, 0)
		b.CreatedAt, b.IsActive = later, false
		if err := orm.FlagModified(s2, b, shop.Users.IsActive); err != nil {
			t.Fatal(err)
		}
		full, err := orm.One(ctx, s2, byEmail("b@x"))
		if err != nil || full != b {
			t.Fatalf("full query: %v", err)
		}
		if !b.CreatedAt.Equal(later) || b.IsActive || b.DepartmentID == 0 {
			t.Errorf("completed: created %v, active %v, department %d; want the written values and the loaded department", b.CreatedAt, b.IsActive, b.DepartmentID)
		}
		w.rec.Reset()
		if err := s2.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := updatesSent(w); got != "users is_active created_at" {
			t.Errorf("UPDATEs %q, want is_active and created_at", got)
		}
		if got := row("b@x"); got != "inactive "+later.String() {
			t.Errorf("b@x: %s, want inactive, created at %s", got, later)
		}

		// PopulateExisting discards unflushed changes, those to unloaded
		// fields too: the object does not show a value the row lacks.
		s3 := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New()
		defer s3.Close()
		c, err := orm.One(ctx, s3, byEmail("c@x").Options(orm.LoadOnly(shop.Users.Email)))
		if err != nil {
			t.Fatal(err)
		}
		c.CreatedAt = later
		if _, err := orm.One(ctx, s3, byEmail("c@x").Options(orm.LoadOnly(shop.Users.Email), orm.PopulateExisting())); err != nil {
			t.Fatal(err)
		}
		if !c.CreatedAt.IsZero() {
			t.Errorf("after PopulateExisting: created %v, want zero (unloaded)", c.CreatedAt)
		}
		w.rec.Reset()
		if err := s3.Commit(ctx); err != nil || w.rec.Count() != 0 {
			t.Errorf("commit: %v, sent %q; want nothing", err, w.rec.SQL())
		}
	})
}

// TestGetDefers: Get leaves a column tagged deferred (memo's body) out of
// its SELECT, as Select does: the same columns either way, where Get
// loaded them all. A write to the unloaded field is sent.
func TestGetDefers(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		userID, _, _, _ := shopIDs(t, w)
		if err := orm.CreateAll(ctx, w.eng, memos.Table); err != nil {
			t.Fatal(err)
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&memo{ID: 1, UserID: userID, Title: "t", Body: "a long body"})
		}); err != nil {
			t.Fatal(err)
		}
		columns := func() string {
			sql := w.rec.SQL()[0]
			return sql[:strings.Index(sql, " FROM ")]
		}
		s2 := w.f.New()
		w.rec.Reset()
		if _, err := orm.One(ctx, s2, orm.Select[memo]().Where(memos.ID.Eq(1))); err != nil {
			t.Fatal(err)
		}
		sel := columns()
		s2.Close()
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		got, err := orm.Get[memo](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if get := columns(); got.Body != "" || get != sel {
			t.Errorf("Get: %s, body %q; want %s, the body left out", get, got.Body, sel)
		}
		got.Body = "short"
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if sent := updatesSent(w); sent != "memo body" {
			t.Errorf("UPDATEs %q, want memo body", sent)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT title, body FROM memo WHERE id = 1")
		if err != nil || fmt.Sprint(rows) != "[[t short]]" {
			t.Errorf("memo %v (%v), want t short", rows, err)
		}
	})
}

// TestFlagModifiedBadInput: FlagModified refuses a column of another
// entity, something not a column and a nil with typed errors, and an
// object the session does not hold.
func TestFlagModifiedBadInput(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := w.f.New()
		defer s.Close()
		u, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("a@x")))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			err  error
			is   error
			msg  string
		}{
			{"another entity's column", orm.FlagModified(s, u, shop.Orders.Status), orm.ErrWrongColumn,
				"FlagModified: status is not a mapped column of shop.User"},
			{"not a column", orm.FlagModified(s, u, core.Value(true)), orm.ErrWrongColumn, "FlagModified takes table columns"},
			{"nil column", orm.FlagModified(s, u, nil), orm.ErrNil, "retort: FlagModified: column [0] is nil"},
			{"nil object", orm.FlagModified(s, (*shop.User)(nil), shop.Users.Email), orm.ErrNil, "retort: FlagModified: the *shop.User is nil"},
			{"transient object", orm.FlagModified(s, &shop.User{ID: u.ID}, shop.Users.Email), nil, "FlagModified: the *shop.User is not persistent in this session"},
		}
		for _, c := range cases {
			if c.err == nil || c.is != nil && !errors.Is(c.err, c.is) || !strings.Contains(c.err.Error(), c.msg) {
				t.Errorf("%s: %v; want %v saying %q", c.name, c.err, c.is, c.msg)
			}
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil || w.rec.Count() != 0 {
			t.Errorf("commit after the refused marks: %v, sent %q", err, w.rec.SQL())
		}
	})
}
