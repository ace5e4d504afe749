package orm_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/mixins"
	"github.com/retortdb/retort/orm"
)

// TestEmbeddedGenerated: structs whose columns come from embedded structs
// (mixins.Post embeds Base by value, mixins.Comment by pointer; Base
// embeds Audit by value, which embeds *Signature) insert, load, update
// and delete on every backend, through the code retort gen wrote. A nil
// embedded pointer is written as its struct's zero value and comes back
// allocated; loaded objects share no embedded struct with each other or
// with their snapshots, so that a change made through one is flushed.
func TestEmbeddedGenerated(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, mixins.MappedTables...); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		post := &mixins.Post{Title: "hello", Base: mixins.Base{CreatedAt: at, Audit: mixins.Audit{
			UpdatedAt: ptr(at.Add(time.Hour)), Signature: &mixins.Signature{SignedBy: "ann", Remark: sql.Null[string]{V: "first", Valid: true}},
		}}}
		signed := &mixins.Comment{Body: "signed", Post: post, Base: &mixins.Base{CreatedAt: at, Audit: mixins.Audit{
			Signature: &mixins.Signature{SignedBy: "bob"},
		}}}
		bare := &mixins.Comment{Body: "bare", Post: post} // no Base at all
		err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(post, signed, bare) })
		if err != nil {
			t.Fatal(err)
		}
		if post.ID == 0 || signed.ID == 0 || bare.Base == nil || bare.ID == 0 {
			t.Fatalf("keys not set: post %d, signed %d, bare %+v", post.ID, signed.ID, bare.Base)
		}

		s := w.f.New()
		defer s.Close()
		comments, err := orm.All(ctx, s, orm.Select[mixins.Comment]().OrderBy(mixins.Comments.ID.Asc()).
			Options(orm.JoinedLoad(mixins.Comments.Post)))
		if err != nil {
			t.Fatal(err)
		}
		if len(comments) != 2 {
			t.Fatalf("%d comments, want 2", len(comments))
		}
		c1, c2 := comments[0], comments[1]
		if c1.Base == c2.Base || c1.Signature == c2.Signature {
			t.Fatal("two loaded comments share an embedded struct")
		}
		if c1.ID != signed.ID || c1.Body != "signed" || c1.SignedBy != "bob" || c1.Remark.Valid || !c1.CreatedAt.Equal(at) || c1.UpdatedAt != nil {
			t.Errorf("signed comment loaded as %+v %+v %+v", c1, c1.Base, c1.Signature)
		}
		// The nil pointers were written as zero structs: they load
		// allocated and empty.
		if c2.ID != bare.ID || c2.Body != "bare" || c2.Signature == nil || c2.SignedBy != "" || c2.Remark.Valid || !c2.CreatedAt.IsZero() {
			t.Errorf("bare comment loaded as %+v %+v %+v", c2, c2.Base, c2.Signature)
		}
		p := c1.Post
		if p == nil || p != c2.Post || p.Title != "hello" || p.SignedBy != "ann" || p.Remark.V != "first" ||
			!p.UpdatedAt.Equal(at.Add(time.Hour)) {
			t.Fatalf("post loaded as %+v", p)
		}
		// The relationship joins on a key held in an embedded struct.
		got, err := orm.Get[mixins.Post](ctx, s, post.ID)
		if err != nil || got != p {
			t.Fatalf("Get gave %p, %v; want the loaded %p", got, err, p)
		}

		// Changes made through embedded structs, at each level, are
		// flushed; so is a nil pointer set to a struct.
		c1.Body = "edited"
		c1.SignedBy = "carol"
		c1.Remark = sql.Null[string]{V: "second", Valid: true}
		p.UpdatedAt = nil
		p.Remark.Valid = false
		c2.Signature = &mixins.Signature{SignedBy: "dave"}
		c2.Base.Audit.Signature.Remark.V, c2.Remark.Valid = "d", true
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s2 := w.f.New()
		defer s2.Close()
		comments, err = orm.All(ctx, s2, orm.Select[mixins.Comment]().OrderBy(mixins.Comments.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if c := comments[0]; c.Body != "edited" || c.SignedBy != "carol" || c.Remark.V != "second" {
			t.Errorf("edited comment reloaded as %+v %+v", c, c.Signature)
		}
		if c := comments[1]; c.SignedBy != "dave" || c.Remark.V != "d" {
			t.Errorf("re-signed comment reloaded as %+v", c.Signature)
		}
		p, err = orm.Get[mixins.Post](ctx, s2, post.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Remark.Valid || p.UpdatedAt != nil {
			t.Errorf("post reloaded with remark %v, updated_at %v", p.Remark, p.UpdatedAt)
		}
		if err := orm.Load(ctx, s2, []*mixins.Post{p}, mixins.Posts.Comments); err != nil {
			t.Fatal(err)
		}
		if len(p.Comments) != 2 || p.Comments[0] != comments[0] {
			t.Fatalf("post's comments %v, want the 2 loaded", p.Comments)
		}

		// Delete, by the key in the embedded struct.
		if err := s2.Delete(comments[1]); err != nil {
			t.Fatal(err)
		}
		if err := s2.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT body FROM comments ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0][0] != "edited" {
			t.Errorf("comments left: %v", rows)
		}
	})
}

// The structs of TestEmbeddedMap, mapped by orm.Map: embNote embeds
// *EmbBase, which embeds EmbStamp by value, which embeds *EmbSig.
type (
	embNote struct {
		*EmbBase
		Text string
	}
	EmbBase struct {
		ID int64
		EmbStamp
	}
	EmbStamp struct {
		CreatedAt time.Time
		*EmbSig
	}
	EmbSig struct {
		SignedBy string
		Remark   *string
	}
)

var embNotes = func() (t struct {
	*core.Table
	ID        core.Column[int64]
	CreatedAt core.Column[time.Time]
	SignedBy  core.Column[string]
	Remark    core.Column[string]
	Text      core.Column[string]
}) {
	t.Table = core.NewTable("notes")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
	t.SignedBy = core.NewColumn[string](t.Table, "signed_by")
	t.Remark = core.NewColumn[string](t.Table, "remark", core.Nullable())
	t.Text = core.NewColumn[string](t.Table, "text")
	return t
}()

func init() { orm.Map[embNote](embNotes.Table) }

// TestEmbeddedMap: orm.Map maps the fields of embedded structs, by value
// and by pointer, three levels deep, and the objects insert, load, update
// and delete on every backend.
func TestEmbeddedMap(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, embNotes.Table); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		full := &embNote{Text: "full", EmbBase: &EmbBase{EmbStamp: EmbStamp{CreatedAt: at, EmbSig: &EmbSig{SignedBy: "ann", Remark: ptr("r")}}}}
		bare := &embNote{Text: "bare"}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(full, bare) }); err != nil {
			t.Fatal(err)
		}
		// The key's field was allocated to take the generated key.
		if full.ID == 0 || bare.EmbBase == nil || bare.ID == 0 {
			t.Fatalf("after insert: full %d, bare %d %+v", full.ID, bare.ID, bare.EmbBase)
		}
		s := w.f.New()
		defer s.Close()
		all, err := orm.All(ctx, s, orm.Select[embNote]().OrderBy(embNotes.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Fatalf("%d notes, want 2", len(all))
		}
		f, b := all[0], all[1]
		if f.EmbBase == b.EmbBase || f.EmbSig == b.EmbSig {
			t.Fatal("two loaded notes share an embedded struct")
		}
		if f.Text != "full" || !f.CreatedAt.Equal(at) || f.SignedBy != "ann" || f.Remark == nil || *f.Remark != "r" {
			t.Errorf("full embNote loaded as %+v %+v", f.EmbBase, f.EmbSig)
		}
		if b.Text != "bare" || b.EmbSig == nil || b.SignedBy != "" || b.Remark != nil || !b.CreatedAt.IsZero() {
			t.Errorf("bare embNote loaded as %+v %+v", b.EmbBase, b.EmbSig)
		}
		f.SignedBy, b.Remark = "bob", ptr("added")
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT signed_by, COALESCE(remark, '-') FROM notes ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0][0] != "bob" || rows[1][1] != "added" {
			t.Errorf("rows after update: %v", rows)
		}
		if err := s.Delete(f); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := orm.All(ctx, s, orm.Select[embNote]()); err != nil || len(n) != 1 {
			t.Errorf("after delete: %d notes, %v", len(n), err)
		}
	})
}
