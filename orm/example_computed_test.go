package orm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// exampleBooks opens an in-memory SQLite database of two shelves and
// three books (see cpSeed), "ant" with two pages and "cat" with one.
func exampleBooks(ctx context.Context) (*engine.Engine, *orm.SessionFactory) {
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		log.Fatal(err)
	}
	if err := orm.CreateAll(ctx, eng, cpShelves.Table, cpBooks.Table, cpPages.Table); err != nil {
		log.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)
	err = f.Transaction(ctx, func(s *orm.Session) error {
		return s.AddAll(&cpShelf{Name: "oak"}, &cpShelf{Name: "elm"},
			&cpBook{ShelfID: 1, Title: "ant", Price: 3}, &cpBook{ShelfID: 1, Title: "bee", Price: 5}, &cpBook{ShelfID: 2, Title: "cat", Price: 7},
			&cpPage{BookID: 1}, &cpPage{BookID: 1}, &cpPage{BookID: 3})
	})
	if err != nil {
		log.Fatal(err)
	}
	return eng, f
}

// A book's page count is a correlated subquery, declared once with
// ColumnProperty (cpPageCount, beside the mapping) and loaded with every
// book, here by a select-in of each shelf's books; the property is also
// an expression to filter by.
func ExampleColumnProperty() {
	ctx := context.Background()
	eng, f := exampleBooks(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	// var cpPageCount = orm.ColumnProperty[cpBook]("PageCount",
	//	core.Scalar[int64](core.Select(core.CountAll()).From(cpPages).Where(cpPages.BookID.EqCol(cpBooks.ID))))
	shelves, err := orm.All(ctx, s, orm.Select[cpShelf]().OrderBy(cpShelves.ID.Asc()).Options(orm.SelectInLoad(cpShelfBooks)))
	if err != nil {
		log.Fatal(err)
	}
	for _, sh := range shelves {
		for _, b := range sh.Books {
			fmt.Printf("%s: %s, %d pages\n", sh.Name, b.Title, b.PageCount)
		}
	}
	paged, err := orm.All(ctx, s, orm.Select[cpBook]().Where(cpPageCount.Gt(0)).OrderBy(cpPageCount.Desc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range paged {
		fmt.Println("with pages:", b.Title)
	}
	// Output:
	// oak: ant, 2 pages
	// oak: bee, 0 pages
	// elm: cat, 1 pages
	// with pages: ant
	// with pages: cat
}

// A book's Weight (a field tagged computed that no property fills) is
// given by the query, which orders by the same expression.
func ExampleWithExpression() {
	ctx := context.Background()
	eng, f := exampleBooks(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	weight := core.Abs(cpBooks.Price.Sub(6))
	books, err := orm.All(ctx, s, orm.Select[cpBook]().OrderBy(weight.Asc(), cpBooks.ID.Asc()).
		Options(orm.WithExpression[cpBook]("Weight", weight)))
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range books {
		fmt.Println(b.Title, *b.Weight)
	}
	// Output:
	// bee 1
	// cat 1
	// ant 3
}
