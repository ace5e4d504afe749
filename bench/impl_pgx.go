package bench

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgxImpl is the floor: the SQL a careful engineer writes by hand on
// pgxpool, scanned into plain structs, children linked to their parents
// through maps. Its statements are the ones Retort compiles, so that the
// difference between the two is the library's own cost. It scans with
// pgx's own codecs, as hand-written code does: a numeric column (an
// order's total, an item's price) into a float64 through pgx's big.Int
// path, about 260 ns a value, which Retort's engine does in a few
// (engine/pgx/numeric.go). On the workloads that read prices, W1, W5, W7,
// W8 and W9, part of Retort's lead over this floor is that decoder.
type pgxImpl struct{ pool *pgxpool.Pool }

func openPgx(ctx context.Context, c Config) (Impl, error) {
	cfg, err := pgxpool.ParseConfig(c.DSN)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.Tracer = c.RoundTrips
	if c.MaxConns > 0 {
		cfg.MaxConns = int32(c.MaxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &pgxImpl{pool}, nil
}

// RawSQL is empty: hand-written SQL is what this implementation is, and
// every ratio is taken to it.
func (*pgxImpl) RawSQL() []string { return nil }

func (p *pgxImpl) Close() error { p.pool.Close(); return nil }

type pgxUser struct {
	ID, DepartmentID int64
	Email            string
	IsActive         bool
	CreatedAt        time.Time
	Orders           []*pgxOrder
	Profile          *pgxProfile
	Department       *pgxDepartment
}

type pgxOrder struct {
	ID, UserID int64
	CreatedAt  time.Time
	Total      float64
	Status     string
	Items      []*pgxItem
}

type pgxItem struct {
	ID, OrderID, ProductID int64
	SKU                    string
	Quantity               int32
	Price                  float64
}

type pgxProfile struct {
	ID, UserID int64
	Bio        string
	AvatarURL  *string
}

type pgxDepartment struct {
	ID   int64
	Name string
}

type pgxCategory struct {
	ID       int64
	ParentID *int64
	Name     string
}

// nestedChecksum counts users, their orders and the orders' items.
func nestedChecksum(users []*pgxUser) Checksum {
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
	return c
}

// NestedSelectIn runs its three queries on one connection checked out
// once, and outside a transaction: at PostgreSQL's default isolation, READ
// COMMITTED, each statement takes its own snapshot anyway, so BEGIN and
// COMMIT would cost two round trips for nothing. Each level's keys go in
// one array parameter, so there is no limit on their number.
func (p *pgxImpl) NestedSelectIn(ctx context.Context, n int) (Checksum, error) {
	tx, err := p.pool.Acquire(ctx)
	if err != nil {
		return Checksum{}, err
	}
	defer tx.Release()
	rows, err := tx.Query(ctx, `SELECT id, email, department_id, is_active, created_at
		FROM users ORDER BY id LIMIT $1`, n)
	if err != nil {
		return Checksum{}, err
	}
	var users []*pgxUser
	byID := map[int64]*pgxUser{}
	var ids []int64
	for rows.Next() {
		u := new(pgxUser)
		if err := rows.Scan(&u.ID, &u.Email, &u.DepartmentID, &u.IsActive, &u.CreatedAt); err != nil {
			return Checksum{}, err
		}
		users = append(users, u)
		byID[u.ID] = u
		ids = append(ids, u.ID)
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	rows, err = tx.Query(ctx, `SELECT id, user_id, created_at, total, status
		FROM orders WHERE user_id = ANY($1) ORDER BY created_at DESC, id`, ids)
	if err != nil {
		return Checksum{}, err
	}
	orders := map[int64]*pgxOrder{}
	var orderIDs []int64
	for rows.Next() {
		o := new(pgxOrder)
		if err := rows.Scan(&o.ID, &o.UserID, &o.CreatedAt, &o.Total, &o.Status); err != nil {
			return Checksum{}, err
		}
		u := byID[o.UserID]
		u.Orders = append(u.Orders, o)
		orders[o.ID] = o
		orderIDs = append(orderIDs, o.ID)
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	rows, err = tx.Query(ctx, `SELECT id, order_id, product_id, sku, quantity, price
		FROM items WHERE order_id = ANY($1) ORDER BY id`, orderIDs)
	if err != nil {
		return Checksum{}, err
	}
	for rows.Next() {
		it := new(pgxItem)
		if err := rows.Scan(&it.ID, &it.OrderID, &it.ProductID, &it.SKU, &it.Quantity, &it.Price); err != nil {
			return Checksum{}, err
		}
		o := orders[it.OrderID]
		o.Items = append(o.Items, it)
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	return nestedChecksum(users), nil
}

// NestedJoined reads one row per item (or per order without items, or
// user without orders), the limit applied to users in a subquery, and
// starts a new user or order when its id changes: the rows come ordered
// by user, then order. Each row is scanned into the same variables, the
// nullable columns of the outer joins into pgtype values, so that only
// the objects kept are allocated.
func (p *pgxImpl) NestedJoined(ctx context.Context, n int) (Checksum, error) {
	rows, err := p.pool.Query(ctx, `SELECT u.id, u.email, u.department_id, u.is_active, u.created_at,
			o.id, o.user_id, o.created_at, o.total, o.status,
			i.id, i.order_id, i.product_id, i.sku, i.quantity, i.price
		FROM (SELECT id, email, department_id, is_active, created_at FROM users ORDER BY id LIMIT $1) u
		LEFT JOIN orders o ON o.user_id = u.id
		LEFT JOIN items i ON i.order_id = o.id
		ORDER BY u.id, o.created_at DESC, o.id, i.id`, n)
	if err != nil {
		return Checksum{}, err
	}
	defer rows.Close()
	var (
		users                  []*pgxUser
		u                      *pgxUser
		o                      *pgxOrder
		row                    pgxUser
		oID, oUserID           pgtype.Int8
		oCreated               pgtype.Timestamptz
		oTotal                 pgtype.Float8
		oStatus                pgtype.Text
		iID, iOrderID, iProdID pgtype.Int8
		iSKU                   pgtype.Text
		iQuantity              pgtype.Int4
		iPrice                 pgtype.Float8
	)
	for rows.Next() {
		if err := rows.Scan(&row.ID, &row.Email, &row.DepartmentID, &row.IsActive, &row.CreatedAt,
			&oID, &oUserID, &oCreated, &oTotal, &oStatus,
			&iID, &iOrderID, &iProdID, &iSKU, &iQuantity, &iPrice); err != nil {
			return Checksum{}, err
		}
		if u == nil || u.ID != row.ID {
			u = new(pgxUser)
			*u = row
			users = append(users, u)
			o = nil
		}
		if !oID.Valid {
			continue
		}
		if o == nil || o.ID != oID.Int64 {
			o = &pgxOrder{ID: oID.Int64, UserID: oUserID.Int64, CreatedAt: oCreated.Time,
				Total: oTotal.Float64, Status: oStatus.String}
			u.Orders = append(u.Orders, o)
		}
		if iID.Valid {
			o.Items = append(o.Items, &pgxItem{ID: iID.Int64, OrderID: iOrderID.Int64, ProductID: iProdID.Int64,
				SKU: iSKU.String, Quantity: iQuantity.Int32, Price: iPrice.Float64})
		}
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	return nestedChecksum(users), nil
}

func (p *pgxImpl) Scalar(ctx context.Context) (Checksum, error) {
	rows, err := p.pool.Query(ctx, `SELECT u.id, u.email, u.department_id, u.is_active, u.created_at,
			p.id, p.user_id, p.bio, p.avatar_url, d.id, d.name
		FROM users u
		LEFT JOIN profiles p ON p.user_id = u.id
		JOIN departments d ON d.id = u.department_id
		ORDER BY u.id`)
	if err != nil {
		return Checksum{}, err
	}
	defer rows.Close()
	var users []*pgxUser
	// One department object per department, as an engineer who cares
	// about memory would share them.
	depts := map[int64]*pgxDepartment{}
	// The profile's columns are NULL for a user without one.
	var pID, pUserID pgtype.Int8
	var pBio, pAvatar pgtype.Text
	for rows.Next() {
		u := new(pgxUser)
		var d pgxDepartment
		if err := rows.Scan(&u.ID, &u.Email, &u.DepartmentID, &u.IsActive, &u.CreatedAt,
			&pID, &pUserID, &pBio, &pAvatar, &d.ID, &d.Name); err != nil {
			return Checksum{}, err
		}
		if pID.Valid {
			u.Profile = &pgxProfile{ID: pID.Int64, UserID: pUserID.Int64, Bio: pBio.String}
			if pAvatar.Valid {
				avatar := pAvatar.String
				u.Profile.AvatarURL = &avatar
			}
		}
		if u.Department = depts[d.ID]; u.Department == nil {
			u.Department = &d
			depts[d.ID] = &d
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
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

func (p *pgxImpl) Latest(ctx context.Context) (Checksum, error) {
	rows, err := p.pool.Query(ctx, `SELECT u.id, u.email, u.department_id, u.is_active, u.created_at,
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
	var users []*pgxUser
	// The order's columns are NULL for a user without orders.
	var oID, oUserID pgtype.Int8
	var oCreated pgtype.Timestamptz
	var oTotal pgtype.Float8
	var oStatus pgtype.Text
	for rows.Next() {
		u := new(pgxUser)
		if err := rows.Scan(&u.ID, &u.Email, &u.DepartmentID, &u.IsActive, &u.CreatedAt,
			&oID, &oUserID, &oCreated, &oTotal, &oStatus); err != nil {
			return Checksum{}, err
		}
		if oID.Valid {
			u.Orders = []*pgxOrder{{ID: oID.Int64, UserID: oUserID.Int64, CreatedAt: oCreated.Time,
				Total: oTotal.Float64, Status: oStatus.String}}
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	return nestedChecksum(users), nil
}

func (p *pgxImpl) Ranked(ctx context.Context) (Checksum, error) {
	rows, err := p.pool.Query(ctx, `SELECT u.id, u.email, u.department_id, u.is_active, u.created_at,
			row_number() OVER (PARTITION BY u.department_id ORDER BY u.created_at, u.id) AS rank,
			d.id, d.name
		FROM users u JOIN departments d ON d.id = u.department_id
		WHERE u.is_active
		ORDER BY u.id`)
	if err != nil {
		return Checksum{}, err
	}
	defer rows.Close()
	type ranked struct {
		user *pgxUser
		rank int64
	}
	var out []ranked
	depts := map[int64]*pgxDepartment{}
	for rows.Next() {
		u := new(pgxUser)
		var d pgxDepartment
		var rank int64
		if err := rows.Scan(&u.ID, &u.Email, &u.DepartmentID, &u.IsActive, &u.CreatedAt, &rank, &d.ID, &d.Name); err != nil {
			return Checksum{}, err
		}
		if u.Department = depts[d.ID]; u.Department == nil {
			u.Department = &d
			depts[d.ID] = &d
		}
		out = append(out, ranked{u, rank})
	}
	if err := rows.Err(); err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, r := range out {
		c.Users.add(r.user.ID)
		c.Ranks.add(r.rank)
		c.Departments.add(r.user.Department.ID)
	}
	return c, nil
}

func (p *pgxImpl) Descendants(ctx context.Context, root int64) (Checksum, error) {
	rows, err := p.pool.Query(ctx, `WITH RECURSIVE tree(id, parent_id, name) AS (
			SELECT id, parent_id, name FROM categories WHERE id = $1
			UNION ALL
			SELECT c.id, c.parent_id, c.name FROM categories c JOIN tree ON c.parent_id = tree.id)
		SELECT id, parent_id, name FROM tree WHERE id <> $1 ORDER BY id`, root)
	if err != nil {
		return Checksum{}, err
	}
	cats, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*pgxCategory, error) {
		x := new(pgxCategory)
		return x, row.Scan(&x.ID, &x.ParentID, &x.Name)
	})
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, x := range cats {
		c.Categories.add(x.ID)
	}
	return c, nil
}

// StreamItems reads one result, row by row, into a batch of structs
// that is reused once counted: pgx reads rows off the connection as
// they are scanned, so only the batch and pgx's read buffer are held.
func (p *pgxImpl) StreamItems(ctx context.Context, batch int, maxID int64) (Checksum, error) {
	rows, err := p.pool.Query(ctx, `SELECT id, order_id, product_id, sku, quantity, price FROM items WHERE id <= $1 ORDER BY id`, maxID)
	if err != nil {
		return Checksum{}, err
	}
	defer rows.Close()
	var c Checksum
	buf := make([]pgxItem, 0, batch)
	count := func() {
		for i := range buf {
			c.Items.add(buf[i].ID)
		}
		buf = buf[:0]
	}
	for rows.Next() {
		buf = append(buf, pgxItem{})
		it := &buf[len(buf)-1]
		if err := rows.Scan(&it.ID, &it.OrderID, &it.ProductID, &it.SKU, &it.Quantity, &it.Price); err != nil {
			return Checksum{}, err
		}
		if len(buf) == batch {
			count()
		}
	}
	count()
	return c, rows.Err()
}
