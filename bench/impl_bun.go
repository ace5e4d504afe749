package bench

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// bunImpl runs the workloads as bun's documentation shows: Relation for
// every relationship (a query of its own for a has-many, a JOIN for a
// belongs-to or has-one), SQL fragments where its builder takes them.
type bunImpl struct{ db *bun.DB }

// openBun opens bun on pgx's database/sql driver, which bun supports
// beside its own pgdriver, given a pgx config that counts round trips:
// the same wire code as the other implementations, so that what differs
// is bun itself.
func openBun(_ context.Context, c Config) (Impl, error) {
	sqlDB, err := openDB(c)
	if err != nil {
		return nil, err
	}
	return &bunImpl{bun.NewDB(sqlDB, pgdialect.New())}, nil
}

// RawSQL lists what bun's builder cannot express: it has no LATERAL.
func (*bunImpl) RawSQL() []string { return []string{"W3_latest_lateral"} }

func (b *bunImpl) Close() error { return b.db.Close() }

type bunUser struct {
	bun.BaseModel `bun:"table:users"`
	ID            int64 `bun:",pk"`
	Email         string
	DepartmentID  int64
	IsActive      bool
	CreatedAt     time.Time
	Orders        []*bunOrder    `bun:"rel:has-many,join:id=user_id"`
	Profile       *bunProfile    `bun:"rel:has-one,join:id=user_id"`
	Department    *bunDepartment `bun:"rel:belongs-to,join:department_id=id"`
}

type bunOrder struct {
	bun.BaseModel `bun:"table:orders"`
	ID            int64 `bun:",pk"`
	UserID        int64
	CreatedAt     time.Time
	Total         float64
	Status        string
	Items         []*bunItem `bun:"rel:has-many,join:id=order_id"`
}

type bunItem struct {
	bun.BaseModel `bun:"table:items"`
	ID            int64 `bun:",pk"`
	OrderID       int64
	ProductID     int64
	SKU           string `bun:"sku"`
	Quantity      int32
	Price         float64
}

type bunProfile struct {
	bun.BaseModel `bun:"table:profiles"`
	ID            int64 `bun:",pk"`
	UserID        int64
	Bio           string
	AvatarURL     *string
}

type bunDepartment struct {
	bun.BaseModel `bun:"table:departments"`
	ID            int64 `bun:",pk"`
	Name          string
}

type bunCategory struct {
	bun.BaseModel `bun:"table:categories"`
	ID            int64 `bun:",pk"`
	ParentID      *int64
	Name          string
}

// NestedSelectIn loads each has-many level by a query of its own. bun
// writes the parents' keys into the SQL text as literals rather than
// binding them, so it has no parameter limit (workload 8).
func (b *bunImpl) NestedSelectIn(ctx context.Context, n int) (Checksum, error) {
	var users []*bunUser
	err := b.db.NewSelect().Model(&users).
		Relation("Orders", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("created_at DESC", "id") }).
		Relation("Orders.Items", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("id") }).
		Order("id").Limit(int64(n)).Scan(ctx)
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

// NestedJoined is beyond bun: a has-many relation is always loaded by a
// query of its own.
func (*bunImpl) NestedJoined(context.Context, int) (Checksum, error) {
	return Checksum{}, ErrUnsupported
}

func (b *bunImpl) Scalar(ctx context.Context) (Checksum, error) {
	var users []*bunUser
	err := b.db.NewSelect().Model(&users).Relation("Profile").Relation("Department").
		OrderExpr("?TableAlias.id").Scan(ctx)
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

// bunLatestRow is a row of workload 3: a user and its latest order, the
// order's columns prefixed.
type bunLatestRow struct {
	bunUser `bun:",extend"`
	Latest  bunOrder `bun:"embed:latest_"`
}

func (b *bunImpl) Latest(ctx context.Context) (Checksum, error) {
	var rows []*bunLatestRow
	err := b.db.NewRaw(`SELECT u.*,
			latest.id AS latest_id, latest.user_id AS latest_user_id, latest.created_at AS latest_created_at,
			latest.total AS latest_total, latest.status AS latest_status
		FROM users u
		LEFT JOIN LATERAL (
			SELECT id, user_id, created_at, total, status FROM orders
			WHERE orders.user_id = u.id ORDER BY created_at DESC, id LIMIT 1) latest ON true
		ORDER BY u.id`).Scan(ctx, &rows)
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, r := range rows {
		c.Users.add(r.ID)
		// bun scans the NULLs of a user without orders as zeros; no
		// order has id 0.
		if r.Latest.ID != 0 {
			c.Orders.add(r.Latest.ID)
		}
	}
	return c, nil
}

// bunRankedUser is a user with its rank, which bun only reads.
type bunRankedUser struct {
	bunUser `bun:",extend"`
	Rank    int64 `bun:",scanonly"`
}

// Ranked adds the window function to the model's columns as an SQL
// fragment, and joins the department as bun joins any belongs-to.
func (b *bunImpl) Ranked(ctx context.Context) (Checksum, error) {
	var users []*bunRankedUser
	err := b.db.NewSelect().Model(&users).
		ColumnExpr("?TableAlias.*").
		ColumnExpr("row_number() OVER (PARTITION BY ?TableAlias.department_id ORDER BY ?TableAlias.created_at, ?TableAlias.id) AS rank").
		Relation("Department").Where("?TableAlias.is_active").OrderExpr("?TableAlias.id").Scan(ctx)
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, u := range users {
		c.Users.add(u.ID)
		c.Ranks.add(u.Rank)
		c.Departments.add(u.Department.ID)
	}
	return c, nil
}

// Descendants builds the recursive CTE with bun's WithRecursive and
// UnionAll, the recursive step joining the CTE by an SQL fragment.
func (b *bunImpl) Descendants(ctx context.Context, root int64) (Checksum, error) {
	start := b.db.NewSelect().Model((*bunCategory)(nil)).Where("?TableAlias.id = ?", root)
	step := b.db.NewSelect().Model((*bunCategory)(nil)).Join("JOIN tree ON tree.id = ?TableAlias.parent_id")
	var cats []*bunCategory
	err := b.db.NewSelect().WithRecursive("tree", start.UnionAll(step)).
		Model(&cats).ModelTableExpr("tree AS ?TableAlias").
		Where("?TableAlias.id <> ?", root).OrderExpr("?TableAlias.id").Scan(ctx)
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, x := range cats {
		c.Categories.add(x.ID)
	}
	return c, nil
}

// StreamItems reads one result through database/sql's rows, scanning each
// row with ScanRow into a batch that is reused once counted: bun has no
// batch iterator of its own.
func (b *bunImpl) StreamItems(ctx context.Context, batch int, maxID int64) (Checksum, error) {
	rows, err := b.db.NewSelect().Model((*bunItem)(nil)).Where("id <= ?", maxID).Order("id").Rows(ctx)
	if err != nil {
		return Checksum{}, err
	}
	defer rows.Close()
	var c Checksum
	buf := make([]bunItem, 0, batch)
	count := func() {
		for i := range buf {
			c.Items.add(buf[i].ID)
		}
		buf = buf[:0]
	}
	for rows.Next() {
		buf = append(buf, bunItem{})
		if err := b.db.ScanRow(ctx, rows, &buf[len(buf)-1]); err != nil {
			return Checksum{}, err
		}
		if len(buf) == batch {
			count()
		}
	}
	count()
	return c, rows.Err()
}
