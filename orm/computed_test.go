package orm_test

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/orm"
)

// cpShelf holds cpBooks, each with pages: a book's Doubled is a
// ColumnProperty of its own row (price * 2), its PageCount one of a
// correlated count of its pages, and its Weight a field only queries fill
// (WithExpression): here the price less a given amount.
type cpShelf struct {
	ID    int64
	Name  string
	Books []*cpBook
}

type cpBook struct {
	ID        int64
	ShelfID   int64
	Title     string
	Price     int64
	Shelf     *cpShelf
	Pages     []*cpPage
	Doubled   int64  `retort:"computed"`
	PageCount int64  `retort:"computed"`
	Weight    *int64 `retort:"computed"`
}

type cpPage struct {
	ID, BookID int64
}

var cpShelves = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("cp_shelf")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var cpBooks = func() (t struct {
	*core.Table
	ID, ShelfID core.Column[int64]
	Title       core.Column[string]
	Price       core.Column[int64]
}) {
	t.Table = core.NewTable("cp_book")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.ShelfID = core.NewColumn[int64](t.Table, "shelf_id", core.References(cpShelves.ID))
	t.Title = core.NewColumn[string](t.Table, "title")
	t.Price = core.NewColumn[int64](t.Table, "price")
	return t
}()

var cpPages = func() (t struct {
	*core.Table
	ID, BookID core.Column[int64]
}) {
	t.Table = core.NewTable("cp_page")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.BookID = core.NewColumn[int64](t.Table, "book_id", core.References(cpBooks.ID))
	return t
}()

var (
	cpShelfBooks = orm.NewRelationship[cpShelf, cpBook]("Books", "order_by:id")
	cpBookShelf  = orm.NewRelationship[cpBook, cpShelf]("Shelf", "")
	cpBookPages  = orm.NewRelationship[cpBook, cpPage]("Pages", "order_by:id")

	cpDoubled   = orm.ColumnProperty[cpBook]("Doubled", cpBooks.Price.Mul(2))
	cpPageCount = orm.ColumnProperty[cpBook]("PageCount",
		core.Scalar[int64](core.Select(core.CountAll()).From(cpPages).Where(cpPages.BookID.EqCol(cpBooks.ID))))
)

func init() {
	orm.Map[cpShelf](cpShelves.Table, cpShelfBooks)
	orm.Map[cpBook](cpBooks.Table, cpBookShelf, cpBookPages)
	orm.Map[cpPage](cpPages.Table)
}

// cpSeed makes shelf 1 "oak" with books 1 "ant" (price 3, 2 pages) and 2
// "bee" (price 5, no page), and shelf 2 "elm" with book 3 "cat" (price 7,
// 1 page).
func cpSeed(t *testing.T, w *world) {
	t.Helper()
	ctx := t.Context()
	if err := orm.CreateAll(ctx, w.eng, cpShelves.Table, cpBooks.Table, cpPages.Table); err != nil {
		t.Fatal(err)
	}
	err := w.f.Transaction(ctx, func(s *orm.Session) error {
		return s.AddAll(&cpShelf{Name: "oak"}, &cpShelf{Name: "elm"},
			&cpBook{ShelfID: 1, Title: "ant", Price: 3}, &cpBook{ShelfID: 1, Title: "bee", Price: 5}, &cpBook{ShelfID: 2, Title: "cat", Price: 7},
			&cpPage{BookID: 1}, &cpPage{BookID: 1}, &cpPage{BookID: 3})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.rec.Reset()
}

var cpPlaceholder = regexp.MustCompile(`\$\d+`)

// cpSQL is the statements sent since the recorder's reset, with
// PostgreSQL's placeholders spelled as the others' (?).
func cpSQL(w *world) []string {
	var out []string
	for _, s := range w.rec.SQL() {
		out = append(out, cpPlaceholder.ReplaceAllString(s, "?"))
	}
	return out
}

// cpWantSQL checks that the statements sent since the recorder's reset
// are want, and resets it.
func cpWantSQL(t *testing.T, w *world, want ...string) {
	t.Helper()
	got := cpSQL(w)
	if len(got) != len(want) {
		t.Fatalf("statements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d:\n%s\nwant:\n%s", i+1, got[i], want[i])
		}
	}
	w.rec.Reset()
}

// cpBooksOf formats books as title:doubled/pages, for comparisons.
func cpBooksOf(bs []*cpBook) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Title+":"+strconv.FormatInt(b.Doubled, 10)+"/"+strconv.FormatInt(b.PageCount, 10))
	}
	return strings.Join(parts, " ")
}

const cpBookCols = "cp_book.id, cp_book.shelf_id, cp_book.title, cp_book.price, (cp_book.price * ?) AS doubled, " +
	"(SELECT count(*) FROM cp_page WHERE cp_page.book_id = cp_book.id) AS page_count"

// TestColumnPropertySelect: a query of the entity selects each property's
// expression, labelled, and fills the fields; so does Get.
func TestColumnPropertySelect(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		cpSeed(t, w)
		s := w.f.New()
		defer func() { s.Close() }()
		books, err := orm.All(ctx, s, orm.Select[cpBook]().OrderBy(cpBooks.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT "+cpBookCols+" FROM cp_book ORDER BY cp_book.id ASC")
		if got := cpBooksOf(books); got != "ant:6/2 bee:10/0 cat:14/1" {
			t.Errorf("books %s", got)
		}

		// The property is its expression: a query filters and orders by it.
		s.Close()
		s = w.f.New()
		books, err = orm.All(ctx, s, orm.Select[cpBook]().Where(cpPageCount.Gt(0)).OrderBy(cpDoubled.Desc()))
		if err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT "+cpBookCols+" FROM cp_book WHERE (SELECT count(*) FROM cp_page WHERE cp_page.book_id = cp_book.id) > ? ORDER BY (cp_book.price * ?) DESC")
		if got := cpBooksOf(books); got != "cat:14/1 ant:6/2" {
			t.Errorf("books with pages, by price: %s", got)
		}

		// Get selects them too.
		s.Close()
		s = w.f.New()
		b, err := orm.Get[cpBook](ctx, s, int64(2))
		if err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT "+cpBookCols+" FROM cp_book WHERE cp_book.id = ?")
		if b.Doubled != 10 || b.PageCount != 0 || b.Weight != nil {
			t.Errorf("Get: %+v", b)
		}
	})
}

// TestColumnPropertyLoaders: the objects a loader loads come with their
// properties: by select-in from their table, by a join on its alias (the
// correlated subquery correlated to the alias), through a wrapped
// query's subquery, from ContainsEager's join, by Stream's batches and by
// Refresh.
func TestColumnPropertyLoaders(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		cpSeed(t, w)
		shelves := orm.Select[cpShelf]().OrderBy(cpShelves.ID.Asc())
		for _, tc := range []struct {
			name string
			opt  orm.LoadPath
			sql  string // what the statement that loads the books holds
		}{
			{"select-in", orm.SelectInLoad(cpShelfBooks), cpBookCols + " FROM cp_book WHERE cp_book.shelf_id "},
			{"joined", orm.JoinedLoad(cpShelfBooks), "(cp_book_1.price * ?) AS doubled, (SELECT count(*) FROM cp_page WHERE cp_page.book_id = cp_book_1.id) AS page_count FROM cp_shelf LEFT OUTER JOIN cp_book AS cp_book_1 ON cp_book_1.shelf_id = cp_shelf.id"},
		} {
			s := w.f.New()
			got, err := orm.All(ctx, s, shelves.Options(tc.opt))
			if err != nil {
				t.Fatal(tc.name, err)
			}
			sql := cpSQL(w)
			if !strings.Contains(sql[len(sql)-1], tc.sql) {
				t.Errorf("%s: %s, want it to hold %s", tc.name, sql[len(sql)-1], tc.sql)
			}
			if len(got) != 2 || cpBooksOf(got[0].Books) != "ant:6/2 bee:10/0" || cpBooksOf(got[1].Books) != "cat:14/1" {
				t.Errorf("%s: shelves %+v", tc.name, got)
			}
			s.Close()
			w.rec.Reset()
		}

		// A limited query that joins a collection reads its entity from
		// a subquery: the properties are selected inside, by label outside.
		s := w.f.New()
		books, err := orm.All(ctx, s, orm.Select[cpBook]().OrderBy(cpBooks.ID.Asc()).Limit(2).Options(orm.JoinedLoad(cpBookPages)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := cpSQL(w); len(sql) != 1 || !strings.Contains(sql[0], "anon_1.doubled, anon_1.page_count, cp_page_1.id") || !strings.Contains(sql[0], cpBookCols+" FROM cp_book ORDER BY") {
			t.Errorf("wrapped: %q", sql)
		}
		if cpBooksOf(books) != "ant:6/2 bee:10/0" || len(books[0].Pages) != 2 {
			t.Errorf("wrapped: books %s, %d pages", cpBooksOf(books), len(books[0].Pages))
		}
		s.Close()
		w.rec.Reset()

		// ContainsEager reads them from the query's own join.
		s = w.f.New()
		got, err := orm.All(ctx, s, orm.Select[cpShelf]().Join(cpShelfBooks).Where(cpBooks.Price.Gt(4)).OrderBy(cpShelves.ID.Asc()).
			Options(orm.ContainsEager(cpShelfBooks)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || cpBooksOf(got[0].Books) != "bee:10/0" || cpBooksOf(got[1].Books) != "cat:14/1" {
			t.Errorf("ContainsEager: %+v", got)
		}
		s.Close()
		w.rec.Reset()

		// Stream loads them batch by batch.
		s = w.f.New()
		var streamed []*cpBook
		for b, err := range orm.Stream(ctx, s, orm.Select[cpBook]().YieldPer(2)) {
			if err != nil {
				t.Fatal(err)
			}
			streamed = append(streamed, b)
		}
		slices.SortFunc(streamed, func(a, b *cpBook) int { return int(a.ID - b.ID) })
		if got := cpBooksOf(streamed); got != "ant:6/2 bee:10/0 cat:14/1" {
			t.Errorf("streamed %s", got)
		}
		s.Close()

		// Refresh reads them again, with the columns.
		s = w.f.New()
		defer s.Close()
		b, err := orm.Get[cpBook](ctx, s, int64(2))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddAll(&cpPage{BookID: 2}); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		if err := s.Refresh(ctx, b); err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT "+cpBookCols+" FROM cp_book WHERE cp_book.id = ?")
		if b.PageCount != 1 || b.Doubled != 10 {
			t.Errorf("refreshed %+v, want 1 page", b)
		}
	})
}

// TestColumnPropertyNotWritten: the flush neither writes a property's
// field nor counts a change to it as one: an INSERT and an UPDATE leave
// it out, and an object changed there alone is not dirty.
func TestColumnPropertyNotWritten(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		cpSeed(t, w)
		s := w.f.New()
		defer s.Close()
		b := &cpBook{ShelfID: 2, Title: "dog", Price: 9, Doubled: 99, PageCount: 5}
		if err := s.Add(b); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		for _, sql := range cpSQL(w) {
			if strings.HasPrefix(sql, "INSERT") && (strings.Contains(sql, "doubled") || strings.Contains(sql, "page_count") || !strings.Contains(sql, "price")) {
				t.Errorf("insert: %s", sql)
			}
		}
		if b.Doubled != 99 {
			t.Errorf("a new object's property %d, want the 99 it was given until a query reads it", b.Doubled)
		}
		w.rec.Reset()

		got, err := orm.Get[cpBook](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		got.Doubled, got.PageCount = 1, 1
		if mod, err := s.IsModified(got); err != nil || mod {
			t.Errorf("IsModified after a property's field changed: %t, %v", mod, err)
		}
		if d, err := s.Dirty(); err != nil || len(d) != 0 {
			t.Errorf("Dirty after a property's field changed: %v, %v", d, err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements for a change to properties alone: %q", n, w.rec.SQL())
		}
		got.Title = "ants"
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "UPDATE cp_book SET title = ? WHERE cp_book.id = ?")
	})
}

// TestColumnPropertyDefer: Defer leaves a property out of the query, its
// field zero, and a later query completes it; LoadOnly leaves out the
// properties it does not name; a loader path narrows them too.
func TestColumnPropertyDefer(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		cpSeed(t, w)
		s := w.f.New()
		defer func() { s.Close() }()
		first := orm.Select[cpBook]().Where(cpBooks.ID.Eq(1))
		b, err := orm.One(ctx, s, first.Options(orm.Defer(cpPageCount)))
		if err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT cp_book.id, cp_book.shelf_id, cp_book.title, cp_book.price, (cp_book.price * ?) AS doubled FROM cp_book WHERE cp_book.id = ?")
		if b.Doubled != 6 || b.PageCount != 0 {
			t.Errorf("deferred: %+v", b)
		}
		if _, err := orm.One(ctx, s, first); err != nil {
			t.Fatal(err)
		}
		if b.PageCount != 2 {
			t.Errorf("a later query left the deferred property at %d, want it completed (2)", b.PageCount)
		}
		w.rec.Reset()

		s.Close()
		s = w.f.New()
		b, err = orm.One(ctx, s, first.Options(orm.LoadOnly(cpBooks.Title, cpDoubled)))
		if err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT cp_book.id, cp_book.title, (cp_book.price * ?) AS doubled FROM cp_book WHERE cp_book.id = ?")
		if b.Doubled != 6 || b.PageCount != 0 || b.Price != 0 {
			t.Errorf("LoadOnly: %+v", b)
		}

		s.Close()
		s = w.f.New()
		shelves, err := orm.All(ctx, s, orm.Select[cpShelf]().Where(cpShelves.ID.Eq(2)).Options(orm.SelectInLoad(cpShelfBooks).Defer(cpDoubled)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := cpSQL(w); len(sql) != 2 || strings.Contains(sql[1], "doubled") || !strings.Contains(sql[1], "AS page_count") {
			t.Errorf("select-in deferring doubled: %q", sql)
		}
		if got := cpBooksOf(shelves[0].Books); got != "cat:0/1" {
			t.Errorf("select-in deferring doubled: %s", got)
		}
		w.rec.Reset()

		// A property of another entity fails, naming it.
		_, err = orm.All(ctx, s, orm.Select[cpShelf]().Options(orm.Defer(cpDoubled)))
		if err == nil || !strings.Contains(err.Error(), "Defer of cpBook.Doubled: the query selects no cpBook") {
			t.Errorf("Defer of another entity's property: %v", err)
		}
	})
}

// TestWithExpression: a query fills a computed field from its expression
// (zero without one); an object the session holds keeps its value unless
// the query has PopulateExisting, which also clears it when the query
// gives none.
func TestWithExpression(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		cpSeed(t, w)
		s := w.f.New()
		defer func() { s.Close() }()
		weight := cpBooks.Price.Sub(4)
		books, err := orm.All(ctx, s, orm.Select[cpBook]().Where(weight.Gt(0)).OrderBy(weight.Desc()).
			Options(orm.WithExpression[cpBook]("Weight", weight)))
		if err != nil {
			t.Fatal(err)
		}
		cpWantSQL(t, w, "SELECT "+cpBookCols+", (cp_book.price - ?) AS weight FROM cp_book WHERE (cp_book.price - ?) > ? ORDER BY (cp_book.price - ?) DESC")
		weights := func(bs ...*cpBook) string {
			var out []string
			for _, b := range bs {
				if b.Weight == nil {
					out = append(out, b.Title+":nil")
				} else {
					out = append(out, b.Title+":"+strconv.FormatInt(*b.Weight, 10))
				}
			}
			return strings.Join(out, " ")
		}
		if got := weights(books...); got != "cat:3 bee:1" {
			t.Errorf("weights %s", got)
		}
		ant, err := orm.Get[cpBook](ctx, s, int64(1))
		if err != nil {
			t.Fatal(err)
		}
		if ant.Weight != nil {
			t.Errorf("a query without WithExpression gave %d", *ant.Weight)
		}

		// Held objects keep their value...
		all := orm.Select[cpBook]().OrderBy(cpBooks.ID.Asc())
		double := orm.WithExpression[cpBook]("Weight", cpBooks.Price.Mul(10))
		books, err = orm.All(ctx, s, all.Options(double))
		if err != nil {
			t.Fatal(err)
		}
		if got := weights(books...); got != "ant:nil bee:1 cat:3" {
			t.Errorf("held objects: %s, want their values kept", got)
		}
		// ...unless the query populates them.
		books, err = orm.All(ctx, s, all.Options(double, orm.PopulateExisting()))
		if err != nil {
			t.Fatal(err)
		}
		if got := weights(books...); got != "ant:30 bee:50 cat:70" {
			t.Errorf("PopulateExisting: %s", got)
		}
		books, err = orm.All(ctx, s, all.Options(orm.PopulateExisting()))
		if err != nil {
			t.Fatal(err)
		}
		if got := weights(books...); got != "ant:nil bee:nil cat:nil" {
			t.Errorf("PopulateExisting without the expression: %s, want the fields cleared", got)
		}

		// From an alias, the expression reads the alias.
		b := core.Aliased(cpBooks, "b")
		s.Close()
		s = w.f.New()
		w.rec.Reset()
		books, err = orm.All(ctx, s, orm.SelectFrom[cpBook](b).Where(b.ID.Eq(3)).Options(orm.WithExpression[cpBook]("Weight", weight)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := cpSQL(w); len(sql) != 1 || !strings.Contains(sql[0], "(b.price - ?) AS weight FROM cp_book AS b") || !strings.Contains(sql[0], "(b.price * ?) AS doubled") {
			t.Errorf("from an alias: %q", sql)
		}
		if got := weights(books...); got != "cat:3" {
			t.Errorf("from an alias: %s", got)
		}
	})
}

// TestComputedConfigErrors: each mistake in a property fails
// configuration with a *ConfigError naming the struct and the field.
func TestComputedConfigErrors(t *testing.T) {
	type cpBad struct {
		ID      int64
		Name    string
		Count   int64  `retort:"computed"`
		Label   string `retort:"computed"`
		Skipped int64  `retort:"-"`
	}
	type cpBadLabel struct {
		ID    int64
		Price int64 `retort:"computed"`
	}
	type cpUnmapped struct {
		N int64 `retort:"computed"`
	}
	table := core.NewTable("cp_bad")
	id := core.NewColumn[int64](table, "id", core.PrimaryKey())
	name := core.NewColumn[string](table, "name")
	labelled := core.NewTable("cp_bad_label")
	labelledID := core.NewColumn[int64](labelled, "id", core.PrimaryKey())
	core.NewColumn[int64](labelled, "price")
	count := core.Scalar[int64](core.Select(core.CountAll()).From(cpPages).Where(cpPages.BookID.EqCol(id)))
	for _, tc := range []struct {
		name  string
		props []any
		field string
		want  string
	}{
		{"unknown field", []any{orm.NewProperty[cpBad]("Nope", count)}, "Nope", "ColumnProperty of a field orm_test.cpBad does not have"},
		{"not tagged", []any{orm.NewProperty[cpBad]("Skipped", count)}, "Skipped", "not tagged `retort:\"computed\"`"},
		{"a column's field", []any{orm.NewProperty[cpBad]("Name", name)}, "Name", "not tagged `retort:\"computed\"`"},
		{"wrong type", []any{orm.NewProperty[cpBad]("Label", count)}, "Label", "a string field cannot hold the expression's int64 values"},
		{"another table", []any{orm.NewProperty[cpBad]("Count", cpPages.ID.Add(1))}, "Count", "the expression reads cp_page, not only cp_bad"},
		{"label of a column", []any{orm.NewProperty[cpBadLabel]("Price", labelledID)}, "Price", "its label price is a column of cp_bad_label"},
		{"twice", []any{orm.NewProperty[cpBad]("Count", count), orm.NewProperty[cpBad]("Count", count)}, "Count", "two ColumnProperty declarations"},
		{"nil expression", []any{orm.NewProperty[cpBad, int64]("Count", nil)}, "Count", "the expression is nil"},
		{"unmapped struct", []any{orm.NewProperty[cpUnmapped]("N", count)}, "N", "ColumnProperty of a struct that is not mapped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var props []orm.AnyProperty
			for _, p := range tc.props {
				props = append(props, p.(orm.AnyProperty))
			}
			m := orm.Imperative[cpBad](table)
			if tc.field == "Price" {
				m = orm.Imperative[cpBadLabel](labelled)
			}
			err := orm.CheckProperties(props, m)
			var ce *orm.ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v (%T), want a *ConfigError of field %s saying %q", err, err, tc.field, tc.want)
			}
		})
	}
}

// TestWithExpressionErrors: a WithExpression that names no computed field
// of an entity the query selects, or gives it an expression of a type it
// cannot hold, fails the query with ErrComputedField naming it.
func TestWithExpressionErrors(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		cpSeed(t, w)
		s := w.f.New()
		defer s.Close()
		for _, tc := range []struct {
			opt  orm.QueryOption
			want string
		}{
			{orm.WithExpression[cpBook]("Nope", cpBooks.Price), "WithExpression(orm_test.cpBook.Nope): orm_test.cpBook has no field Nope tagged `retort:\"computed\"`"},
			{orm.WithExpression[cpBook]("Title", cpBooks.Title), "cpBook has no field Title tagged"},
			{orm.WithExpression[cpBook]("Doubled", cpBooks.Price), "the field is a ColumnProperty"},
			{orm.WithExpression[cpBook]("Weight", cpBooks.Title), "a *int64 field cannot hold the expression's string values"},
			{orm.WithExpression[cpShelf]("Weight", cpBooks.Price), "WithExpression(orm_test.cpShelf.Weight): the query selects no orm_test.cpShelf"},
		} {
			_, err := orm.All(ctx, s, orm.Select[cpBook]().Options(tc.opt))
			if !errors.Is(err, orm.ErrComputedField) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want ErrComputedField saying %q", err, tc.want)
			}
		}
		_, err := orm.All(ctx, s, orm.Select[cpBook]().Options(orm.WithExpression[cpBook, int64]("Weight", nil)))
		if !errors.Is(err, orm.ErrNil) {
			t.Errorf("a nil expression: %v, want ErrNil", err)
		}
		_, err = orm.All(ctx, s, orm.Select[cpBook]().Options(orm.WithExpression[cpBook]("Weight", cpBooks.Price), orm.WithExpression[cpBook]("Weight", cpBooks.Price)))
		if !errors.Is(err, orm.ErrComputedField) || !strings.Contains(err.Error(), "given twice") {
			t.Errorf("twice: %v", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent for refused queries", n)
		}
	})
}

// cpNode is a tree whose nodes count their children in a property, a
// subquery of an alias of their own table.
type cpNode struct {
	ID       int64
	ParentID *int64
	Name     string
	Children []*cpNode
	Kids     int64 `retort:"computed"`
}

var cpNodes = func() (t struct {
	*core.Table
	ID, ParentID core.Column[int64]
	Name         core.Column[string]
}) {
	t.Table = core.NewTable("cp_node")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.ParentID = core.NewColumn[int64](t.Table, "parent_id", core.Nullable(), core.References(t.ID))
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var (
	cpNodeChildren = orm.NewRelationship[cpNode, cpNode]("Children", "order_by:id")
	cpKid          = core.Aliased(cpNodes, "kid")
	cpNodeKids     = orm.ColumnProperty[cpNode]("Kids",
		core.Scalar[int64](core.Select(core.CountAll()).From(cpKid).Where(cpKid.ParentID.EqCol(cpNodes.ID))))
)

func init() { orm.Map[cpNode](cpNodes.Table, cpNodeChildren) }

// TestColumnPropertyRecursive: RecursiveLoad's WITH RECURSIVE selects the
// property in both its parts, and the tree's objects have it.
func TestColumnPropertyRecursive(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, cpNodes.Table); err != nil {
			t.Fatal(err)
		}
		one, two := int64(1), int64(2)
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&cpNode{ID: 1, Name: "root"}, &cpNode{ID: 2, ParentID: &one, Name: "a"}, &cpNode{ID: 3, ParentID: &one, Name: "b"},
				&cpNode{ID: 4, ParentID: &two, Name: "a1"})
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		roots, err := orm.All(ctx, s, orm.Select[cpNode]().Where(cpNodes.ID.Eq(1)).Options(orm.RecursiveLoad(cpNodeChildren, orm.ToLeaves)))
		if err != nil {
			t.Fatal(err)
		}
		sql := cpSQL(w)
		kids := "(SELECT count(*) FROM cp_node AS kid WHERE kid.parent_id = cp_node.id) AS kids"
		if len(sql) != 2 || strings.Count(sql[1], kids) != 2 || !strings.Contains(sql[1], "retort_tree.kids") {
			t.Errorf("statements %q, want the recursive one to select %s in both parts", sql, kids)
		}
		var walk func(n *cpNode) string
		walk = func(n *cpNode) string {
			out := n.Name + ":" + strconv.FormatInt(n.Kids, 10)
			for _, c := range n.Children {
				out += " " + walk(c)
			}
			return out
		}
		if got := walk(roots[0]); got != "root:2 a:1 a1:0 b:0" {
			t.Errorf("tree %s", got)
		}
		parents, err := orm.All(ctx, s, orm.Select[cpNode]().Where(cpNodeKids.Gt(0)).OrderBy(cpNodes.ID.Asc()))
		if err != nil || len(parents) != 2 || parents[0].Name != "root" || parents[1].Name != "a" {
			t.Errorf("nodes with children: %v, %v; want root and a", parents, err)
		}
	})
}
