package orm_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// article has soft delete, GORM's way: a nil DeletedAt is a live row.
type article struct {
	ID        int64
	Title     string
	DeletedAt *time.Time `retort:"soft_delete"`
}

var articles = func() (t struct {
	*core.Table
	ID        core.Column[int64]
	Title     core.Column[string]
	DeletedAt core.Column[time.Time]
}) {
	t.Table = core.NewTable("article")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.Title = core.NewColumn[string](t.Table, "title")
	t.DeletedAt = core.NewColumn[time.Time](t.Table, "deleted_at", core.Nullable())
	return t
}()

func init() { orm.Map[article](articles.Table) }

// Delete of an object with a soft_delete column marks its row; queries
// leave the row out unless they IncludeDeleted, and HardDelete deletes it.
func ExampleIncludeDeleted() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	if err := orm.CreateAll(ctx, eng, articles.Table); err != nil {
		log.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)
	s := f.New()
	defer s.Close()
	draft, final := &article{Title: "draft"}, &article{Title: "final"}
	if err := s.AddAll(draft, final); err != nil {
		log.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		log.Fatal(err)
	}

	// An UPDATE of deleted_at: the row stays, marked.
	if err := s.Delete(draft); err != nil {
		log.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("draft marked:", draft.DeletedAt != nil)

	titles := func(opts ...orm.QueryOption) {
		all, err := orm.All(ctx, s, orm.Select[article]().OrderBy(articles.ID.Asc()).Options(opts...))
		if err != nil {
			log.Fatal(err)
		}
		for _, a := range all {
			fmt.Print(" ", a.Title)
		}
		fmt.Println()
	}
	fmt.Print("live:")
	titles()
	fmt.Print("with the deleted:")
	titles(orm.IncludeDeleted())

	// Read with IncludeDeleted, the row goes for real.
	gone, err := orm.One(ctx, s, orm.Select[article]().Where(articles.Title.Eq("draft")).Options(orm.IncludeDeleted()))
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Delete(gone, orm.HardDelete()); err != nil {
		log.Fatal(err)
	}
	if err := s.Commit(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Print("after HardDelete:")
	titles(orm.IncludeDeleted())
	// Output:
	// draft marked: true
	// live: final
	// with the deleted: draft final
	// after HardDelete: final
}
