package bench

import (
	"context"
	stdsql "database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/retortdb/retort/bench/ent"
	"github.com/retortdb/retort/bench/ent/category"
	"github.com/retortdb/retort/bench/ent/item"
	"github.com/retortdb/retort/bench/ent/order"
	"github.com/retortdb/retort/bench/ent/user"
)

// entImpl runs the workloads as ent's documentation shows: the code ent
// generates from the schemas in ent/schema (which map the existing
// tables; ent never migrates them), eager loading by With<Edge> for every
// relationship, each a query of its own whose IN list binds one parameter
// per key, and SQL modifiers (the sql/modifier feature) where its
// builder lacks a clause.
type entImpl struct{ client *ent.Client }

// openEnt opens ent's SQL driver on pgx's database/sql driver, given a
// pgx config that counts round trips, as ent's documentation shows for
// pgx.
func openEnt(_ context.Context, c Config) (Impl, error) {
	db, err := openDB(c)
	if err != nil {
		return nil, err
	}
	drv := sql.OpenDB(dialect.Postgres, db)
	return &entImpl{ent.NewClient(ent.Driver(drv))}, nil
}

// RawSQL lists what ent's builder cannot express: it has no LATERAL.
func (*entImpl) RawSQL() []string { return []string{"W3_latest_lateral"} }

func (e *entImpl) Close() error { return e.client.Close() }

// entChecksum counts users, their orders and the orders' items.
func entChecksum(users []*ent.User) Checksum {
	var c Checksum
	for _, u := range users {
		c.Users.add(u.ID)
		for _, o := range u.Edges.Orders {
			c.Orders.add(o.ID)
			for _, it := range o.Edges.Items {
				c.Items.add(it.ID)
			}
		}
	}
	return c
}

// NestedSelectIn eager-loads each level with a query of its own, whose IN
// list binds one parameter per key: PostgreSQL limits a statement to
// 65,535, past which (workload 8) the items' query fails.
func (e *entImpl) NestedSelectIn(ctx context.Context, n int) (Checksum, error) {
	users, err := e.client.User.Query().
		WithOrders(func(q *ent.OrderQuery) {
			q.Order(order.ByCreatedAt(sql.OrderDesc()), order.ByID()).
				WithItems(func(q *ent.ItemQuery) { q.Order(item.ByID()) })
		}).
		Order(user.ByID()).Limit(n).All(ctx)
	if err != nil {
		return Checksum{}, err
	}
	return entChecksum(users), nil
}

// NestedJoined is beyond ent: every edge is eager-loaded by a query of its
// own, and ent has no joined loading.
func (*entImpl) NestedJoined(context.Context, int) (Checksum, error) {
	return Checksum{}, ErrUnsupported
}

// Scalar eager-loads the profile and the department as ent loads any
// edge, each by a query of its own, not joined: ent has no other way.
func (e *entImpl) Scalar(ctx context.Context) (Checksum, error) {
	users, err := e.client.User.Query().WithProfile().WithDepartment().Order(user.ByID()).All(ctx)
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, u := range users {
		c.Users.add(u.ID)
		if u.Edges.Profile != nil {
			c.Profiles.add(u.Edges.Profile.ID)
		}
		c.Departments.add(u.Edges.Department.ID)
	}
	return c, nil
}

// Latest runs its SQL through the client's QueryContext (the
// sql/execquery feature), scanning the rows into ent's entities by hand:
// ent's builder has no LATERAL join.
func (e *entImpl) Latest(ctx context.Context) (Checksum, error) {
	rows, err := e.client.QueryContext(ctx, `SELECT u.id, u.email, u.department_id, u.is_active, u.created_at,
			latest.id, latest.user_id, latest.created_at, latest.total, latest.status
		FROM users u
		LEFT JOIN LATERAL (
			SELECT id, user_id, created_at, total, status FROM orders
			WHERE orders.user_id = u.id ORDER BY created_at DESC, id LIMIT 1) latest ON true
		ORDER BY u.id`)
	if err != nil {
		return Checksum{}, err
	}
	defer rows.Close()
	var users []*ent.User
	// The order's columns are NULL for a user without orders.
	var oID, oUserID stdsql.NullInt64
	var oCreated stdsql.NullTime
	var oTotal stdsql.NullFloat64
	var oStatus stdsql.NullString
	for rows.Next() {
		u := new(ent.User)
		if err := rows.Scan(&u.ID, &u.Email, &u.DepartmentID, &u.IsActive, &u.CreatedAt,
			&oID, &oUserID, &oCreated, &oTotal, &oStatus); err != nil {
			return Checksum{}, err
		}
		if oID.Valid {
			u.Edges.Orders = []*ent.Order{{ID: oID.Int64, UserID: oUserID.Int64, CreatedAt: oCreated.Time,
				Total: oTotal.Float64, Status: oStatus.String}}
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	return entChecksum(users), nil
}

// Ranked appends the window function to the users' columns with a
// modifier, built by ent's own RowNumber, and reads it back with Value;
// the department is eager-loaded by a query of its own.
func (e *entImpl) Ranked(ctx context.Context) (Checksum, error) {
	const rank = "rank"
	users, err := e.client.User.Query().
		Where(user.IsActive(true)).
		WithDepartment().
		Order(user.ByID()).
		Modify(func(s *sql.Selector) {
			s.AppendSelectExprAs(sql.RowNumber().
				PartitionBy(s.C(user.FieldDepartmentID)).
				OrderBy(s.C(user.FieldCreatedAt), s.C(user.FieldID)), rank)
		}).
		All(ctx)
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, u := range users {
		v, err := u.Value(rank)
		if err != nil {
			return Checksum{}, err
		}
		r, ok := v.(int64)
		if !ok {
			return Checksum{}, fmt.Errorf("ent: rank of user %d is a %T", u.ID, v)
		}
		c.Users.add(u.ID)
		c.Ranks.add(r)
		c.Departments.add(u.Edges.Department.ID)
	}
	return c, nil
}

// Descendants builds the recursive CTE with ent's sql.WithRecursive and
// prefixes it to a category query by a modifier, which then reads the
// CTE under the table's name, so that the query's own predicate, order
// and columns apply to it.
func (e *entImpl) Descendants(ctx context.Context, root int64) (Checksum, error) {
	cats, err := e.client.Category.Query().
		Where(category.IDNEQ(root)).
		Order(category.ByID()).
		Modify(func(s *sql.Selector) {
			start, child, tree := sql.Table(category.Table), sql.Table(category.Table).As("c"), sql.Table("tree")
			with := sql.WithRecursive("tree", category.Columns...).As(
				sql.Select(start.Columns(category.Columns...)...).From(start).
					Where(sql.EQ(start.C(category.FieldID), root)).
					UnionAll(sql.Select(child.Columns(category.Columns...)...).From(child).
						Join(tree).On(child.C(category.FieldParentID), tree.C(category.FieldID))))
			s.Prefix(with).From(sql.Table(with.Name()).As(category.Table))
		}).
		All(ctx)
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, x := range cats {
		c.Categories.add(x.ID)
	}
	return c, nil
}

// StreamItems pages through the items by keyset, a query per batch after
// the last batch's greatest id, as ent, which has no cursor over a
// query's rows, has one read a large table: each batch is dropped once
// counted.
func (e *entImpl) StreamItems(ctx context.Context, batch int, maxID int64) (Checksum, error) {
	var c Checksum
	var last int64
	for {
		items, err := e.client.Item.Query().
			Where(item.IDGT(last), item.IDLTE(maxID)).
			Order(item.ByID()).Limit(batch).All(ctx)
		if err != nil {
			return Checksum{}, err
		}
		for _, it := range items {
			c.Items.add(it.ID)
		}
		if len(items) < batch {
			return c, nil
		}
		last = items[len(items)-1].ID
	}
}
