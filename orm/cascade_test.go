package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
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
		if err := s.Commit(ctx); err != nil {
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
		if err := s.Commit(ctx); err != nil {
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
		if err := s2.Commit(ctx); err != nil {
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
		if err := s.Commit(ctx); err != nil {
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
		if err := s.Commit(t.Context()); err != nil {
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
		if err := s.Commit(t.Context()); err != nil {
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

// TestCascadeDeleteUnloaded: deleting an artist whose albums nobody
// loaded deletes them too (Artist.Albums and Album.Tracks cascade
// delete), with the tracks' playlist_track rows, set-based: one DELETE
// per table by the parents' keys, children first, whatever the number of
// rows. Tracks and an album the session held on their own become
// deleted, then detached at the commit.
func TestCascadeDeleteUnloaded(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		musicShop(t, w)
		doomed := newArtist("doomed")
		doomed.ArtistID = 2
		pl := &chinook.Playlist{PlaylistID: 1, Name: ptr("mix")}
		for i, al := range doomed.Albums {
			al.AlbumID = int32(10 + i)
			for j, tr := range al.Tracks {
				tr.TrackID = int32(100 + 10*i + j)
				pl.Tracks = append(pl.Tracks, tr)
			}
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error {
			one, err := orm.Get[chinook.Track](ctx, s, int32(1))
			if err != nil {
				return err
			}
			pl.Tracks = append(pl.Tracks, one)
			return s.AddAll(doomed, pl)
		}); err != nil {
			t.Fatal(err)
		}

		s := w.f.New()
		defer s.Close()
		heldTrack, err := orm.Get[chinook.Track](ctx, s, int32(111))
		if err != nil {
			t.Fatal(err)
		}
		heldAlbum, err := orm.Get[chinook.Album](ctx, s, int32(10))
		if err != nil {
			t.Fatal(err)
		}
		art, err := orm.Get[chinook.Artist](ctx, s, int32(2))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(art); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Flush(ctx); err != nil {
			t.Fatalf("flush of an artist with unloaded albums: %v", err)
		}
		var deletes []string
		for _, sql := range w.rec.SQL() {
			if strings.HasPrefix(sql, "DELETE") {
				deletes = append(deletes, strings.Fields(sql)[2])
			}
		}
		if got, want := strings.Join(deletes, " "), "playlist_track track album artist"; got != want {
			t.Errorf("DELETEs from %q, want %q", got, want)
		}
		for _, c := range []struct {
			name string
			obj  any
		}{{"the artist", art}, {"an album held alone", heldAlbum}, {"a track held alone", heldTrack}} {
			if st := inspect(t, s, c.obj); st != orm.Deleted {
				t.Errorf("%s after the flush: %v, want deleted", c.name, st)
			}
		}
		if _, err := orm.Get[chinook.Track](ctx, s, int32(111)); !errors.Is(err, orm.ErrNoRows) {
			t.Errorf("Get of a track deleted with its artist: %v, want ErrNoRows", err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, heldTrack); st != orm.Detached {
			t.Errorf("a track deleted with its artist, after the commit: %v, want detached", st)
		}
		for table, want := range map[string]int{"artist": 1, "album": 1, "track": 2, "playlist_track": 1, "playlist": 1} {
			if n := w.count(t, table); n != want {
				t.Errorf("%d rows in %s, want %d", n, table, want)
			}
		}
	})
}

// A tree of folders whose children cascade delete, and boxes whose
// things the database deletes (passive_deletes, ON DELETE CASCADE).
type folder struct {
	ID       int64
	ParentID *int64
	Name     string
	Children []*folder
}

type box struct {
	ID     int64
	Things []*thing
}

type thing struct {
	ID    int64
	BoxID int64
}

var folders = func() (t struct {
	*core.Table
	ID, ParentID core.Column[int64]
	Name         core.Column[string]
}) {
	t.Table = core.NewTable("folder")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.ParentID = core.NewColumn[int64](t.Table, "parent_id", core.Nullable(), core.References(t.ID))
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var boxes = func() (t struct {
	*core.Table
	ID core.Column[int64]
}) {
	t.Table = core.NewTable("box")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	return t
}()

var things = func() (t struct {
	*core.Table
	ID, BoxID core.Column[int64]
}) {
	t.Table = core.NewTable("thing")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.BoxID = core.NewColumn[int64](t.Table, "box_id", core.References(boxes.ID, core.OnDelete(core.FKCascade)))
	return t
}()

var (
	folderChildren = orm.NewRelationship[folder, folder]("Children", "cascade:all")
	boxThings      = orm.NewRelationship[box, thing]("Things", "cascade:all; passive_deletes")
)

func init() {
	orm.Map[folder](folders.Table, folderChildren)
	orm.Map[box](boxes.Table, boxThings)
	orm.Map[thing](things.Table)
}

// TestCascadeDeleteUnloadedTree: deleting the root of a tree nobody
// loaded deletes every level below it, reading each level's keys to reach
// the next, deepest first; passive_deletes sends nothing for the
// children and leaves them to the database's ON DELETE CASCADE.
func TestCascadeDeleteUnloadedTree(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, folders.Table, boxes.Table, things.Table); err != nil {
			t.Fatal(err)
		}
		// Two trees of four levels, each folder with two children.
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			next := int64(1)
			var grow func(f *folder, depth int)
			grow = func(f *folder, depth int) {
				f.ID = next
				next++
				if depth == 0 {
					return
				}
				for range 2 {
					c := &folder{Name: "f"}
					f.Children = append(f.Children, c)
					grow(c, depth-1)
				}
			}
			for range 2 {
				root := &folder{Name: "root"}
				grow(root, 3)
				if err := s.Add(root); err != nil {
					return err
				}
			}
			return s.Add(&box{ID: 1, Things: []*thing{{ID: 1}, {ID: 2}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "folder"); n != 30 {
			t.Fatalf("%d folders, want 30", n)
		}

		s := w.f.New()
		defer s.Close()
		root, err := orm.Get[folder](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		b, err := orm.Get[box](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(root); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(b); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("commit of a deleted root: %v", err)
		}
		if n := w.count(t, "folder"); n != 15 {
			t.Errorf("%d folders left, want the other tree's 15", n)
		}
		var thingStmts int
		for _, sql := range w.rec.SQL() {
			if strings.Contains(sql, "thing") {
				thingStmts++
			}
		}
		if thingStmts != 0 {
			t.Errorf("%d statements on thing, want none: passive_deletes leaves them to the database", thingStmts)
		}
		if n := w.count(t, "thing"); n != 0 {
			t.Errorf("%d things left, want 0 (ON DELETE CASCADE)", n)
		}
	})
}
