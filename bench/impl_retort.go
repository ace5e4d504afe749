package bench

import (
	"context"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/pgx" // the benchmarks run on PostgreSQL
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// retortImpl runs the workloads through Retort's ORM on the shop mapping,
// each in an Autocommit session: what a read path should use, since it
// takes no snapshots of the objects it loads and sends no BEGIN or
// COMMIT, which at READ COMMITTED would buy nothing (hand-written pgx
// sends none either). Registered as "retort-uow", it uses default
// sessions instead, as code that reads and then writes does: a
// transaction, and a snapshot of every object for the unit of work.
// Every query starts from
// RaiseLoad(Wildcard), so that a relationship the workload does not ask
// for (Users.Orders loads by select-in by default) is not loaded behind
// its back.
type retortImpl struct {
	eng *engine.Engine
	f   *orm.SessionFactory
}

func openRetort(ctx context.Context, c Config) (Impl, error) {
	return openRetortWith(ctx, c, orm.WithAutocommit(true))
}

func openRetortUnitOfWork(ctx context.Context, c Config) (Impl, error) {
	return openRetortWith(ctx, c)
}

// openRetortWith opens an engine as c says, with sessions made with
// opts.
func openRetortWith(ctx context.Context, c Config, opts ...orm.SessionOption) (Impl, error) {
	eopts := []engine.Option{engine.WithTracer(c.RoundTrips)}
	if c.MaxConns > 0 {
		eopts = append(eopts, engine.WithPoolSize(c.MaxConns), engine.WithMaxOverflow(0))
	}
	eng, err := engine.Open(ctx, c.DSN, eopts...)
	if err != nil {
		return nil, err
	}
	return &retortImpl{eng, orm.NewSessionFactory(eng, opts...)}, nil
}

// RawSQL is empty: Retort expresses every workload.
func (*retortImpl) RawSQL() []string { return nil }

func (r *retortImpl) Close() error { return r.eng.Close() }

// all runs q in a new session and commits it, as a request would.
func all[R any](ctx context.Context, f *orm.SessionFactory, q *orm.SelectStmt[R]) ([]R, error) {
	s := f.New()
	defer s.Close()
	rows, err := orm.All(ctx, s, q)
	if err != nil {
		return nil, err
	}
	return rows, s.Commit(ctx)
}

func (r *retortImpl) NestedSelectIn(ctx context.Context, n int) (Checksum, error) {
	return r.nested(ctx, n, orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items))
}

// NestedJoined joins the chain of collections in one query, one row per
// item, as the hand-written join does.
func (r *retortImpl) NestedJoined(ctx context.Context, n int) (Checksum, error) {
	return r.nested(ctx, n, orm.JoinedLoad(shop.Users.Orders).JoinedLoad(shop.Orders.Items))
}

// nested loads the first n users with their orders and items, by the
// options opts.
func (r *retortImpl) nested(ctx context.Context, n int, opts ...orm.QueryOption) (Checksum, error) {
	users, err := all(ctx, r.f, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Limit(int64(n)).
		Options(orm.RaiseLoad(orm.Wildcard)).Options(opts...))
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, u := range users {
		c.Users.add(u.ID)
		for _, o := range u.Orders {
			c.Orders.add(o.ID)
			for _, it := range o.Items {
				c.Items.add(it.ID)
			}
		}
	}
	return c, nil
}

func (r *retortImpl) Scalar(ctx context.Context) (Checksum, error) {
	users, err := all(ctx, r.f, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(
		orm.RaiseLoad(orm.Wildcard),
		orm.JoinedLoad(shop.Users.Profile),
		orm.JoinedLoad(shop.Users.Department).InnerJoin()))
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, u := range users {
		c.Users.add(u.ID)
		if u.Profile != nil {
			c.Profiles.add(u.Profile.ID)
		}
		c.Departments.add(u.Department.ID)
	}
	return c, nil
}

func (r *retortImpl) Latest(ctx context.Context) (Checksum, error) {
	u, o := shop.Users, shop.Orders
	latest := core.Select(o.Table).Where(o.UserID.EqCol(u.ID)).
		OrderBy(o.CreatedAt.Desc(), o.ID.Asc()).Limit(1).Lateral("latest")
	rows, err := all(ctx, r.f, orm.Select2[*shop.User, *shop.Order](u, latest).
		OuterJoin(latest, core.True()).OrderBy(u.ID.Asc()).
		Options(orm.RaiseLoad(orm.Wildcard)))
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, row := range rows {
		c.Users.add(row.V1.ID)
		if row.V2 != nil {
			c.Orders.add(row.V2.ID)
		}
	}
	return c, nil
}

func (r *retortImpl) Ranked(ctx context.Context) (Checksum, error) {
	u := shop.Users
	rank := core.RowNumber().Over(core.PartitionBy(u.DepartmentID), core.OrderBy(u.CreatedAt.Asc(), u.ID.Asc())).Label("rank")
	rows, err := all(ctx, r.f, orm.Select2[*shop.User, int64](u, rank).
		Where(u.IsActive.IsTrue()).OrderBy(u.ID.Asc()).
		Options(orm.RaiseLoad(orm.Wildcard), orm.JoinedLoad(u.Department).InnerJoin()))
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, row := range rows {
		c.Users.add(row.V1.ID)
		c.Ranks.add(row.V2)
		c.Departments.add(row.V1.Department.ID)
	}
	return c, nil
}

func (r *retortImpl) Descendants(ctx context.Context, root int64) (Checksum, error) {
	cat := shop.Categories
	tree := core.Select(cat.Table).Where(cat.ID.Eq(root)).CTE("tree")
	child := core.Aliased(cat, "child")
	tree = tree.UnionAll(core.Select(child.Table).Join(tree, child.ParentID.EqCol(cat.ID.Of(tree))))
	cats, err := all(ctx, r.f, orm.SelectFrom[shop.Category](tree).
		Where(cat.ID.Of(tree).Ne(root)).OrderBy(cat.ID.Of(tree).Asc()).
		Options(orm.RaiseLoad(orm.Wildcard)))
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, x := range cats {
		c.Categories.add(x.ID)
	}
	return c, nil
}

// StreamItems reads the items through Partitions, batch rows at a time;
// the session lets each batch go as the next is read. With no
// relationship to load between batches, and no transaction to hold a
// cursor, the rows stream on the connection as pgx's do.
func (r *retortImpl) StreamItems(ctx context.Context, batch int, maxID int64) (Checksum, error) {
	s := r.f.New()
	defer s.Close()
	var c Checksum
	q := orm.Select[shop.Item]().Where(shop.Items.ID.Le(maxID)).OrderBy(shop.Items.ID.Asc()).Options(orm.RaiseLoad(orm.Wildcard))
	for items, err := range orm.Partitions(ctx, s, q, batch) {
		if err != nil {
			return Checksum{}, err
		}
		for _, it := range items {
			c.Items.add(it.ID)
		}
	}
	return c, s.Commit(ctx)
}
