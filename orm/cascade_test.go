package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
	"github.com/retortdb/retort/retorttest"
)

// musicShop adds, committed, an artist with one album of two tracks, a
// genre and a media type, and a customer with one invoice of two lines.
func musicShop(t *testing.T, w *world) {
	t.Helper()
	err := w.f.Transaction(t.Context(), func(s *orm.Session) error {
		return s.AddAll(
			&chinook.Genre{GenreID: 1, Name: ptr("Rock")}, &chinook.Genre{GenreID: 2, Name: ptr("Jazz")},
			&chinook.MediaType{MediaTypeID: 1},
			&chinook.Artist{ArtistID: 1, Name: ptr("artist"), Albums: []*chinook.Album{{AlbumID: 1, Title: "album", Tracks: []*chinook.Track{
				{TrackID: 1, Name: "one", MediaTypeID: 1, GenreID: ptr(int32(1)), Milliseconds: 1, UnitPrice: 1},
				{TrackID: 2, Name: "two", MediaTypeID: 1, GenreID: ptr(int32(1)), Milliseconds: 1, UnitPrice: 1},
			}}}},
			&chinook.Customer{CustomerID: 1, FirstName: "a", LastName: "b", Email: "c", Invoices: []*chinook.Invoice{{
				InvoiceID: 1, InvoiceDate: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Total: 2, Lines: []*chinook.InvoiceLine{
					{InvoiceLineID: 1, TrackID: 1, UnitPrice: 1, Quantity: 1},
					{InvoiceLineID: 2, TrackID: 2, UnitPrice: 1, Quantity: 1},
				}}}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// trackRows returns each track's id, album and genre, NULL as "-".
func (w *world) trackRows(t *testing.T) string {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), "SELECT track_id, COALESCE(album_id, -1), COALESCE(genre_id, -1) FROM track ORDER BY track_id")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "/"))
	}
	return strings.Join(out, " ")
}

// updates counts the UPDATE statements recorded.
func (w *world) updates() int {
	n := 0
	for _, sql := range w.rec.SQL() {
		if strings.HasPrefix(sql, "UPDATE") {
			n++
		}
	}
	return n
}

// TestManyToOneSetToNil: a many-to-one set to nil after it was loaded (or
// flushed) sets the foreign key to NULL at the flush, as SQLAlchemy does;
// the old target's loaded collection lets the object go. A nil nobody
// loaded, or a target a loader's criteria left out, changes nothing, and
// a foreign key the program wrote itself wins over the nil.
func TestManyToOneSetToNil(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		musicShop(t, w)

		// Loaded by select-in and joined loading, then cleared.
		s := w.f.New()
		defer s.Close()
		tr, err := orm.Get[chinook.Track](ctx, s, int32(1))
		if err != nil {
			t.Fatal(err)
		}
		if err := orm.Load(ctx, s, []*chinook.Track{tr}, chinook.Tracks.Genre); err != nil {
			t.Fatal(err)
		}
		album, err := orm.One(ctx, s, orm.Select[chinook.Album]().Options(orm.SelectInLoad(chinook.Albums.Tracks)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := orm.All(ctx, s, orm.Select[chinook.Track]().Options(orm.JoinedLoad(chinook.Tracks.Album))); err != nil {
			t.Fatal(err)
		}
		if tr.Genre == nil || tr.Album != album || len(album.Tracks) != 2 {
			t.Fatalf("loaded genre %v, album %p (want %p) with %d tracks", tr.Genre, tr.Album, album, len(album.Tracks))
		}
		tr.Genre, tr.Album = nil, nil
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if got, want := w.trackRows(t), "1/-1/-1 2/1/1"; got != want {
			t.Errorf("tracks (id/album/genre) %q, want %q", got, want)
		}
		if len(album.Tracks) != 1 || album.Tracks[0].TrackID != 2 {
			t.Errorf("the album's loaded tracks %d, want only track 2", len(album.Tracks))
		}

		// Set and flushed in the session, then cleared.
		tr.Genre = &chinook.Genre{GenreID: 3, Name: ptr("Blues")}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		tr.Genre = nil
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if got, want := w.trackRows(t), "1/-1/-1 2/1/1"; got != want {
			t.Errorf("after a genre set, flushed and cleared: tracks %q, want %q", got, want)
		}

		// Nobody loaded the genre, or the loader's criteria left it out:
		// nothing is written. A key the program set wins over the nil.
		s2 := w.f.New()
		defer s2.Close()
		two, err := orm.Get[chinook.Track](ctx, s2, int32(2))
		if err != nil {
			t.Fatal(err)
		}
		filtered, err := orm.One(ctx, s2, orm.Select[chinook.Album]().Options(orm.SelectInLoad(chinook.Albums.Artist.And(chinook.Artists.Name.Eq("nobody")))))
		if err != nil {
			t.Fatal(err)
		}
		if two.Genre != nil || filtered.Artist != nil {
			t.Fatalf("genre %v and artist %v, want both left nil", two.Genre, filtered.Artist)
		}
		w.rec.Reset()
		if err := s2.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.updates(); n != 0 {
			t.Errorf("%d UPDATEs for relationships nobody loaded or changed, want 0: %q", n, w.rec.SQL())
		}
		if err := orm.Load(ctx, s2, []*chinook.Track{two}, chinook.Tracks.Genre); err != nil {
			t.Fatal(err)
		}
		two.Genre, two.GenreID = nil, ptr(int32(2))
		if err := s2.Commit(); err != nil {
			t.Fatal(err)
		}
		if got, want := w.trackRows(t), "1/-1/-1 2/1/2"; got != want {
			t.Errorf("after a key written with the relationship cleared: tracks %q, want %q", got, want)
		}
	})
}

// TestManyToOneSetToNilOrphan: a many-to-one set to nil makes its object
// an orphan when the other side's collection has the delete-orphan
// cascade (Invoice.Lines): the flush deletes it, loaded collection or
// not. Where the key cannot be NULL and nothing deletes the object
// (Album.Artist), the flush refuses with ErrNotNullable before sending
// anything.
func TestManyToOneSetToNilOrphan(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		musicShop(t, w)
		s := w.f.New()
		defer s.Close()
		lines, err := orm.All(ctx, s, orm.Select[chinook.InvoiceLine]().OrderBy(chinook.InvoiceLines.InvoiceLineID.Asc()).
			Options(orm.JoinedLoad(chinook.InvoiceLines.Invoice)))
		if err != nil || len(lines) != 2 || lines[0].Invoice == nil {
			t.Fatalf("lines %v (%v), want two with their invoice", lines, err)
		}
		lines[0].Invoice = nil
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "invoice_line"); n != 1 {
			t.Errorf("%d invoice lines, want 1: the orphan is deleted", n)
		}
		if st := inspect(t, s, lines[0]); st != orm.Detached {
			t.Errorf("the orphan is %v after the commit, want detached", st)
		}

		album, err := orm.One(ctx, s, orm.Select[chinook.Album]().Options(orm.JoinedLoad(chinook.Albums.Artist)))
		if err != nil {
			t.Fatal(err)
		}
		album.Artist = nil
		w.rec.Reset()
		err = s.Flush(ctx)
		if !errors.Is(err, orm.ErrNotNullable) || !strings.Contains(err.Error(), "Album.Artist of chinook.Album [1]") ||
			!strings.Contains(err.Error(), "album.artist_id cannot be NULL") {
			t.Errorf("flush of a non-nullable key set to nil: %v, want ErrNotNullable naming Album.Artist and album.artist_id", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent by the refused flush: %q", n, w.rec.SQL())
		}
	})
}

// statements returns the recorded statements whose SQL starts with prefix.
func (w *world) statements(prefix string) []retorttest.Statement {
	var out []retorttest.Statement
	for _, st := range w.rec.Statements() {
		if strings.HasPrefix(st.SQL, prefix) {
			out = append(out, st)
		}
	}
	return out
}

// TestManyToManyBothSides: links made with Append, which keeps both sides
// of the back-reference in memory (product.Tags and tag.Products), are
// one association row each, inserted once, all in one multi-row INSERT;
// links taken out with Remove are deleted once each.
func TestManyToManyBothSides(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		s := w.f.New()
		defer s.Close()
		cat := &shop.Category{Name: "c"}
		var tags []*shop.Tag
		for i := range 15 {
			tags = append(tags, &shop.Tag{Name: fmt.Sprintf("tag %d", i)})
		}
		var products []*shop.Product
		for i := range 20 {
			p := &shop.Product{Name: fmt.Sprintf("product %d", i), Price: 1, Category: cat}
			shop.Products.Tags.Append(p, tags...)
			products = append(products, p)
		}
		if len(tags[0].Products) != 20 {
			t.Fatalf("a tag's products: %d, want 20 (the back-reference)", len(tags[0].Products))
		}
		for _, p := range products {
			if err := s.Add(p); err != nil {
				t.Fatal(err)
			}
		}
		w.rec.Reset()
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "product_tags"); n != 300 {
			t.Errorf("%d association rows, want 300", n)
		}
		if ins := w.statements("INSERT INTO product_tags"); len(ins) != 1 || ins[0].Rows != 300 {
			t.Errorf("%d INSERTs into product_tags, want one of 300 rows", len(ins))
		}

		for _, p := range products[:5] {
			shop.Products.Tags.Remove(p, tags[0])
		}
		w.rec.Reset()
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "product_tags"); n != 295 {
			t.Errorf("%d association rows after removing 5, want 295", n)
		}
		if del := w.statements("DELETE FROM product_tags"); len(del) != 5 {
			t.Errorf("%d DELETEs from product_tags for 5 links taken out, want 5", len(del))
		}
	})
}
