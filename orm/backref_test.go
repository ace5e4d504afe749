package orm_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestBackReferences: changing one side of a relationship through Append,
// Remove or Set changes the other side in memory, as back_populates does
// in SQLAlchemy.
func TestBackReferences(t *testing.T) {
	r := configured(t)
	userDept, userOrders, userProf, orderUser := r.userDept, r.userOrders, r.userProf, r.orderUser
	orderTags, empManager, empReports := r.orderTags, r.empManager, r.empReports

	ann, bob := &user{ID: 1}, &user{ID: 2}
	o1, o2 := &order{ID: 10}, &order{ID: 11}
	userOrders.Append(ann, o1, o2)
	if !slices.Equal(ann.Orders, []*order{o1, o2}) || o1.User != ann || o2.User != ann {
		t.Fatalf("after Append: ann.Orders=%v, o1.User=%v, o2.User=%v", ann.Orders, o1.User, o2.User)
	}
	userOrders.Append(ann, o1) // already there: not twice
	if len(ann.Orders) != 2 {
		t.Errorf("appending a child twice: %d orders", len(ann.Orders))
	}

	// Moving an order to another user takes it out of the first one's.
	orderUser.Set(o1, bob)
	if !slices.Equal(ann.Orders, []*order{o2}) || !slices.Equal(bob.Orders, []*order{o1}) || o1.User != bob {
		t.Errorf("after Set(o1, bob): ann.Orders=%v bob.Orders=%v", ann.Orders, bob.Orders)
	}
	userOrders.Append(bob, o2)
	if len(ann.Orders) != 0 || !slices.Equal(bob.Orders, []*order{o1, o2}) {
		t.Errorf("after Append(bob, o2): ann.Orders=%v bob.Orders=%v", ann.Orders, bob.Orders)
	}
	userOrders.Remove(bob, o1)
	if o1.User != nil || !slices.Equal(bob.Orders, []*order{o2}) {
		t.Errorf("after Remove(bob, o1): o1.User=%v bob.Orders=%v", o1.User, bob.Orders)
	}
	orderUser.Set(o2, nil)
	if len(bob.Orders) != 0 || o2.User != nil {
		t.Errorf("after Set(o2, nil): bob.Orders=%v o2.User=%v", bob.Orders, o2.User)
	}

	// No back-reference: only the one side changes.
	p := &profile{ID: 5}
	userProf.Set(ann, p)
	if ann.Prof != p {
		t.Error("Set without a back-reference did not set the field")
	}
	tg := &tag{ID: 7}
	orderTags.Append(o1, tg)
	if !slices.Equal(o1.Tags, []*tag{tg}) {
		t.Errorf("many-to-many Append: %v", o1.Tags)
	}

	// Self-referential: a report's manager and the manager's reports.
	boss, mid, dev := &employee{ID: 1}, &employee{ID: 2}, &employee{ID: 3}
	empReports.Append(boss, mid)
	empManager.Set(dev, mid)
	if mid.Manager != boss || !slices.Equal(mid.Reports, []*employee{dev}) || !slices.Equal(boss.Reports, []*employee{mid}) {
		t.Errorf("tree: mid.Manager=%v mid.Reports=%v boss.Reports=%v", mid.Manager, mid.Reports, boss.Reports)
	}
	empManager.Set(dev, boss)
	if len(mid.Reports) != 0 || !slices.Equal(boss.Reports, []*employee{mid, dev}) {
		t.Errorf("after moving dev: mid.Reports=%v boss.Reports=%v", mid.Reports, boss.Reports)
	}

	defer func() {
		if recover() == nil {
			t.Error("Append on a single-object relationship did not panic")
		}
	}()
	userDept.Append(ann, &dept{})
}

// TestBackReferencesFilledOnLoad: loading a one-to-many by select-in or
// joined loading (Album.Tracks, Employee.Reports), or a one-to-one
// (User.Profile), points each loaded object's many-to-one back-reference
// (Track.Album, Employee.Manager, Profile.User) at the parent, marked
// loaded, without a statement: the pair that back: declares is consistent
// after a load, as in SQLAlchemy. The objects are not dirty for it: a
// flush sends nothing. The other way, loading a many-to-one does not fill
// the target's collection, which would hold only the objects loaded. A
// back-reference the program set before the load, on an object the
// session held, is kept; a parent expunged after the load is not brought
// back by its children's back-references, and one set to nil after the
// load clears the key. They were left nil before.
func TestBackReferencesFilledOnLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		// flushesNothing checks that a flush of s sends no statement.
		flushesNothing := func(t *testing.T, s *orm.Session) {
			t.Helper()
			w.rec.Reset()
			if err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if sql := w.rec.SQL(); len(sql) != 0 {
				t.Errorf("a flush after loading sent %q", sql)
			}
		}
		for _, tc := range []struct {
			name       string
			opt        orm.QueryOption
			statements int
		}{
			{"selectin", orm.SelectInLoad(chinook.Albums.Tracks), 2},
			{"joined", orm.JoinedLoad(chinook.Albums.Tracks), 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := w.f.New()
				defer s.Close()
				w.rec.Reset()
				albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Le(20)).Options(tc.opt))
				if err != nil {
					t.Fatal(err)
				}
				if n := w.rec.Count(); n != tc.statements {
					t.Errorf("%d statements, want %d", n, tc.statements)
				}
				tracks := 0
				for _, a := range albums {
					for _, tr := range a.Tracks {
						if tr.Album != a || !isLoaded(t, s, tr, chinook.Tracks.Album) {
							t.Fatalf("album %d: track %d's album is %p (loaded: %v), want %p", a.AlbumID, tr.TrackID, tr.Album, isLoaded(t, s, tr, chinook.Tracks.Album), a)
						}
						tracks++
					}
				}
				if len(albums) != 20 || tracks < 100 {
					t.Fatalf("%d albums, %d tracks", len(albums), tracks)
				}
				// Loading the back-reference as well finds it loaded.
				w.rec.Reset()
				if err := orm.Load(ctx, s, albums[0].Tracks, chinook.Tracks.Album); err != nil {
					t.Fatal(err)
				}
				if n := w.rec.Count(); n != 0 {
					t.Errorf("loading Track.Album after it was filled sent %d statements", n)
				}
				flushesNothing(t, s)
				// A parent let go stays so: the filled back-references
				// do not bring it back at the next flush.
				if err := s.Expunge(albums[0]); err != nil {
					t.Fatal(err)
				}
				flushesNothing(t, s)
				if st := inspect(t, s, albums[0]); st != orm.Detached {
					t.Errorf("an expunged album is %v after a flush, want detached", st)
				}
			})
		}

		t.Run("self-referential", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			emps, err := orm.All(ctx, s, orm.Select[chinook.Employee]().Options(orm.SelectInLoad(chinook.Employees.Reports)))
			if err != nil {
				t.Fatal(err)
			}
			reports := 0
			for _, e := range emps {
				for _, r := range e.Reports {
					if r.Manager != e {
						t.Errorf("employee %d reports to %d, whose Manager is %p, want %p", r.EmployeeID, e.EmployeeID, r.Manager, e)
					}
					reports++
				}
			}
			if reports != len(emps)-1 {
				t.Errorf("%d reports among %d employees", reports, len(emps))
			}
			flushesNothing(t, s)
		})

		t.Run("many-to-one", func(t *testing.T) {
			s := w.f.New()
			defer s.Close()
			tracks, err := orm.All(ctx, s, orm.Select[chinook.Track]().Where(chinook.Tracks.TrackID.Le(3)).Options(orm.SelectInLoad(chinook.Tracks.Album)))
			if err != nil {
				t.Fatal(err)
			}
			a := tracks[0].Album
			if a == nil || a.Tracks != nil || isLoaded(t, s, a, chinook.Albums.Tracks) {
				t.Errorf("loading Track.Album filled the album's tracks: %v", a)
			}
		})

		t.Run("set to nil", func(t *testing.T) {
			// A filled back-reference counts as loaded: set to nil, it
			// clears the key, as a loaded many-to-one does.
			s := w.f.New()
			defer s.Close()
			albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Eq(1)).Options(orm.SelectInLoad(chinook.Albums.Tracks)))
			if err != nil {
				t.Fatal(err)
			}
			tr := albums[0].Tracks[0]
			tr.Album = nil
			w.rec.Reset()
			if err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if sql := w.rec.SQL(); len(sql) != 1 || !strings.HasPrefix(sql[0], "UPDATE track SET album_id") || slices.Contains(albums[0].Tracks, tr) {
				t.Errorf("Track.Album set to nil after the load: the flush sent %q", sql)
			}
			if err := s.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("kept", func(t *testing.T) {
			s := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New()
			defer s.Close()
			tr, err := orm.Get[chinook.Track](ctx, s, int32(1))
			if err != nil {
				t.Fatal(err)
			}
			other, err := orm.Get[chinook.Album](ctx, s, int32(2))
			if err != nil {
				t.Fatal(err)
			}
			tr.Album = other // not flushed: track 1 is still album 1's in the database
			albums, err := orm.All(ctx, s, orm.Select[chinook.Album]().Where(chinook.Albums.AlbumID.Eq(1)).Options(orm.SelectInLoad(chinook.Albums.Tracks)))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(albums[0].Tracks, tr) || tr.Album != other {
				t.Errorf("the program's Track.Album was replaced by the load: %p, want %p", tr.Album, other)
			}
		})
	})

	t.Run("one-to-one", func(t *testing.T) {
		eachWorld(t, func(t *testing.T, w *world) {
			ctx := t.Context()
			dept := &shop.Department{Name: "ops"}
			var users []*shop.User
			for i := range 3 {
				u := &shop.User{Email: fmt.Sprintf("u%d@example.com", i), Department: dept}
				if i < 2 {
					u.Profile = &shop.Profile{Bio: fmt.Sprint("bio ", i)}
				}
				users = append(users, u)
			}
			if err := w.f.Transaction(ctx, func(s *orm.Session) error {
				for _, u := range users {
					if err := s.Add(u); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for _, opt := range []orm.LoadPath{orm.SelectInLoad(shop.Users.Profile), orm.JoinedLoad(shop.Users.Profile)} {
				s := w.f.New()
				loaded, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(opt, orm.NoLoad(shop.Users.Orders)))
				if err != nil {
					t.Fatal(err)
				}
				for i, u := range loaded {
					if (u.Profile == nil) != (i == 2) || u.Profile != nil && (u.Profile.User != u || !isLoaded(t, s, u.Profile, shop.Profiles.User)) {
						t.Errorf("%v: user %d: profile %+v", opt, u.ID, u.Profile)
					}
				}
				w.rec.Reset()
				if err := s.Flush(ctx); err != nil {
					t.Fatal(err)
				}
				if sql := w.rec.SQL(); len(sql) != 0 {
					t.Errorf("a flush after loading sent %q", sql)
				}
				s.Close()
			}
		})
	})
}
