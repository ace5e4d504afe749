package bench

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// gormImpl runs the workloads as GORM's documentation shows: Preload for
// collections, Joins for single relationships, Raw for what its builder
// lacks.
type gormImpl struct {
	db  *gorm.DB
	sql *sql.DB
}

// openGorm opens GORM's postgres driver on pgx's database/sql driver, the
// driver it uses by default, given a pgx config that counts round trips.
// GORM's PrepareStmt stays off: pgx already prepares and caches each
// statement per connection, and a second cache would add Prepare round
// trips that the tracer cannot see. Its logger is off, as the default one
// writes every query slower than 200 ms to standard output.
func openGorm(_ context.Context, c Config) (Impl, error) {
	sqlDB, err := openDB(c)
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		sqlDB.Close()
		return nil, err
	}
	return &gormImpl{db, sqlDB}, nil
}

// RawSQL lists the workloads GORM's builder cannot express: it has no
// LATERAL and no WITH.
func (*gormImpl) RawSQL() []string { return []string{"W3_latest_lateral", "W6_descendants_cte"} }

func (g *gormImpl) Close() error { return g.sql.Close() }

// The GORM models name their foreign keys: GORM would otherwise derive
// them from the structs' names (GormUserID).
type gormUser struct {
	ID           int64
	Email        string
	DepartmentID int64
	IsActive     bool
	CreatedAt    time.Time
	Orders       []*gormOrder    `gorm:"foreignKey:UserID"`
	Profile      *gormProfile    `gorm:"foreignKey:UserID"`
	Department   *gormDepartment `gorm:"foreignKey:DepartmentID"`
}

func (gormUser) TableName() string { return "users" }

type gormOrder struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	Total     float64
	Status    string
	Items     []*gormItem `gorm:"foreignKey:OrderID"`
}

func (gormOrder) TableName() string { return "orders" }

type gormItem struct {
	ID        int64
	OrderID   int64
	ProductID int64
	SKU       string `gorm:"column:sku"`
	Quantity  int32
	Price     float64
}

func (gormItem) TableName() string { return "items" }

type gormProfile struct {
	ID        int64
	UserID    int64
	Bio       string
	AvatarURL *string
}

func (gormProfile) TableName() string { return "profiles" }

type gormDepartment struct {
	ID   int64
	Name string
}

func (gormDepartment) TableName() string { return "departments" }

type gormCategory struct {
	ID       int64
	ParentID *int64
	Name     string
}

func (gormCategory) TableName() string { return "categories" }

// gormChecksum counts users, their orders and the orders' items.
func gormChecksum(users []*gormUser) Checksum {
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

// NestedSelectIn preloads each level with an IN list of one bind
// parameter per key, which PostgreSQL limits to 65,535: past that many
// orders (workload 8) the items' query fails.
func (g *gormImpl) NestedSelectIn(ctx context.Context, n int) (Checksum, error) {
	var users []*gormUser
	err := g.db.WithContext(ctx).
		Preload("Orders", func(db *gorm.DB) *gorm.DB { return db.Order("created_at DESC, id") }).
		Preload("Orders.Items", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("id").Limit(n).Find(&users).Error
	if err != nil {
		return Checksum{}, err
	}
	return gormChecksum(users), nil
}

// NestedJoined is beyond GORM: its Joins loads one-to-one and many-to-one
// relationships only, and a collection is always preloaded by a query of
// its own.
func (*gormImpl) NestedJoined(context.Context, int) (Checksum, error) {
	return Checksum{}, ErrUnsupported
}

func (g *gormImpl) Scalar(ctx context.Context) (Checksum, error) {
	var users []*gormUser
	err := g.db.WithContext(ctx).Joins("Profile").InnerJoins("Department").Order("users.id").Find(&users).Error
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

// gormLatestRow is a row of workload 3: a user and its latest order, the
// order's columns prefixed.
type gormLatestRow struct {
	User   gormUser  `gorm:"embedded"`
	Latest gormOrder `gorm:"embedded;embeddedPrefix:latest_"`
}

func (g *gormImpl) Latest(ctx context.Context) (Checksum, error) {
	var rows []*gormLatestRow
	err := g.db.WithContext(ctx).Raw(`SELECT u.*,
			latest.id AS latest_id, latest.user_id AS latest_user_id, latest.created_at AS latest_created_at,
			latest.total AS latest_total, latest.status AS latest_status
		FROM users u
		LEFT JOIN LATERAL (
			SELECT id, user_id, created_at, total, status FROM orders
			WHERE orders.user_id = u.id ORDER BY created_at DESC, id LIMIT 1) latest ON true
		ORDER BY u.id`).Scan(&rows).Error
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, r := range rows {
		c.Users.add(r.User.ID)
		// GORM scans the NULLs of a user without orders as zeros; no
		// order has id 0.
		if r.Latest.ID != 0 {
			c.Orders.add(r.Latest.ID)
		}
	}
	return c, nil
}

// gormRankedUser is a user as workload 4 reads it: with its rank, which
// GORM only reads, and its department. It repeats gormUser's columns
// because GORM does not take relationships from an embedded struct.
type gormRankedUser struct {
	ID           int64
	Email        string
	DepartmentID int64
	IsActive     bool
	CreatedAt    time.Time
	Rank         int64           `gorm:"->"`
	Department   *gormDepartment `gorm:"foreignKey:DepartmentID"`
}

func (gormRankedUser) TableName() string { return "users" }

// Ranked selects the window function as a column beside the model's, and
// joins the department as GORM joins any many-to-one.
func (g *gormImpl) Ranked(ctx context.Context) (Checksum, error) {
	var users []*gormRankedUser
	err := g.db.WithContext(ctx).Model(&gormRankedUser{}).
		Select("users.*", "row_number() OVER (PARTITION BY users.department_id ORDER BY users.created_at, users.id) AS rank").
		InnerJoins("Department").Where("users.is_active").Order("users.id").Find(&users).Error
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

func (g *gormImpl) Descendants(ctx context.Context, root int64) (Checksum, error) {
	var cats []*gormCategory
	err := g.db.WithContext(ctx).Raw(`WITH RECURSIVE tree(id, parent_id, name) AS (
			SELECT id, parent_id, name FROM categories WHERE id = @root
			UNION ALL
			SELECT c.id, c.parent_id, c.name FROM categories c JOIN tree ON c.parent_id = tree.id)
		SELECT id, parent_id, name FROM tree WHERE id <> @root ORDER BY id`, sql.Named("root", root)).Scan(&cats).Error
	if err != nil {
		return Checksum{}, err
	}
	var c Checksum
	for _, x := range cats {
		c.Categories.add(x.ID)
	}
	return c, nil
}

// StreamItems uses FindInBatches, GORM's way to walk a table: a query
// per batch, each after the last batch's greatest id.
func (g *gormImpl) StreamItems(ctx context.Context, batch int, maxID int64) (Checksum, error) {
	var c Checksum
	var items []gormItem
	err := g.db.WithContext(ctx).Where("id <= ?", maxID).FindInBatches(&items, batch, func(*gorm.DB, int) error {
		for i := range items {
			c.Items.add(items[i].ID)
		}
		return nil
	}).Error
	return c, err
}
