// Package shopdb maps the tables of a database. retort gen -from-db wrote
// this file from the database's schema; it is the package's source now,
// to edit as any other.
package shopdb

import (
	"time"

	"github.com/shopspring/decimal"
)

//go:generate go run ../../../cmd/retort gen

// Category maps the table categories.
type Category struct {
	_        struct{} `retort:"table:categories"`
	ID       int64    `retort:"pk"`
	ParentID *int64   `retort:"references:categories.id; index"`
	Name     string
	Parent   *Category   `retort:"back:Children"`
	Children []*Category `retort:"back:Parent"`
	Products []*Product  `retort:"back:Category"`
}

// Department maps the table departments.
type Department struct {
	_     struct{} `retort:"table:departments"`
	ID    int64    `retort:"pk"`
	Name  string
	Users []*User `retort:"back:Department"`
}

// Item maps the table items.
type Item struct {
	_         struct{} `retort:"table:items"`
	ID        int64    `retort:"pk"`
	OrderID   int64    `retort:"references:orders.id; index"`
	ProductID int64    `retort:"references:products.id; index"`
	Sku       string
	Quantity  int32
	Price     decimal.Decimal `retort:"type:numeric(10, 2)"`
	Order     *Order          `retort:"back:Items"`
	Product   *Product        `retort:"back:Items"`
}

// Order maps the table orders.
type Order struct {
	_         struct{} `retort:"table:orders; index:(user_id, created_at)"`
	ID        int64    `retort:"pk"`
	UserID    int64    `retort:"references:users.id"`
	CreatedAt time.Time
	Total     decimal.Decimal `retort:"type:numeric(12, 2)"`
	Status    string
	User      *User   `retort:"back:Orders"`
	Items     []*Item `retort:"back:Order"`
}

// ProductTag maps the association table product_tags.
type ProductTag struct {
	_         struct{} `retort:"table:product_tags"`
	ProductID int64    `retort:"pk; references:products.id"`
	TagID     int64    `retort:"pk; references:tags.id; index"`
}

// Product maps the table products.
type Product struct {
	_          struct{} `retort:"table:products; check:(price >= 0)"`
	ID         int64    `retort:"pk"`
	CategoryID int64    `retort:"references:categories.id; index"`
	Name       string
	Price      decimal.Decimal `retort:"type:numeric(10, 2)"`
	Category   *Category       `retort:"back:Products"`
	Items      []*Item         `retort:"back:Product"`
	Tags       []*Tag          `retort:"secondary:product_tags; back:Products"`
}

// Profile maps the table profiles.
type Profile struct {
	_         struct{} `retort:"table:profiles"`
	ID        int64    `retort:"pk"`
	UserID    int64    `retort:"references:users.id; ondelete:cascade; unique"`
	Bio       string
	AvatarURL *string
	User      *User `retort:"back:Profile"`
}

// Tag maps the table tags.
type Tag struct {
	_        struct{}   `retort:"table:tags"`
	ID       int64      `retort:"pk"`
	Name     string     `retort:"unique"`
	Products []*Product `retort:"secondary:product_tags; back:Tags"`
}

// User maps the table users.
type User struct {
	_            struct{} `retort:"table:users"`
	ID           int64    `retort:"pk"`
	Email        string   `retort:"unique"`
	DepartmentID int64    `retort:"references:departments.id; index"`
	IsActive     bool
	CreatedAt    time.Time
	Department   *Department `retort:"back:Users"`
	Orders       []*Order    `retort:"back:User"`
	Profile      *Profile    `retort:"back:User"`
}
