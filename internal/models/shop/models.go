// internal/models/shop/models.go

// Package shop maps the shop dataset (internal/testdb/testdata/shop):
// departments, users with a profile, orders and their items, a tree of
// categories, and products with tags through a many-to-many. The descriptors in
// retort_gen.go are written by retort gen from these structs.
package shop

import "time"

//go:generate go run ../../../cmd/retort gen

// Department is a department users belong to.
type Department struct {
	_     struct{} `retort:"table:departments"`
	ID    int64    `retort:"pk"`
	Name  string
	Users []*User `retort:"back:Department; order_by:id"`
}

// User is a customer account.
type User struct {
	_            struct{} `retort:"table:users"`
	ID           int64    `retort:"pk"`
	Email        string   `retort:"unique"`
	DepartmentID int64    `retort:"references:departments.id; index"`
	IsActive     bool
	CreatedAt    time.Time   `retort:"type:timestamptz"`
	Department   *Department `retort:"back:Users"`
	Profile      *Profile    `retort:"back:User"`
	Orders       []*Order    `retort:"back:User; order_by:created_at desc, id; cascade:all, delete-orphan; lazy:selectin"`
}

// Profile is a user's profile: one per user.
type Profile struct {
	_         struct{} `retort:"table:profiles"`
	ID        int64    `retort:"pk"`
	UserID    int64    `retort:"references:users.id; ondelete:cascade; unique"`
	Bio       string
	AvatarURL *string
	User      *User `retort:"back:Profile"`
}

// Order is a user's order.
type Order struct {
	_         struct{}  `retort:"table:orders; index:(user_id, created_at)"`
	ID        int64     `retort:"pk"`
	UserID    int64     `retort:"references:users.id"`
	CreatedAt time.Time `retort:"type:timestamptz"`
	Total     float64   `retort:"type:numeric(12, 2)"`
	Status    string
	User      *User   `retort:"back:Orders"`
	Items     []*Item `retort:"back:Order; order_by:id; cascade:all, delete-orphan"`
}

// Item is a line of an order: a quantity of one product.
type Item struct {
	_         struct{} `retort:"table:items"`
	ID        int64    `retort:"pk"`
	OrderID   int64    `retort:"references:orders.id; index"`
	ProductID int64    `retort:"references:products.id; index"`
	SKU       string
	Quantity  int32
	Price     float64 `retort:"type:numeric(10, 2)"`
	Order     *Order  `retort:"back:Items"`
	Product   *Product
}

// Category is a node of the category tree.
type Category struct {
	_        struct{} `retort:"table:categories; descriptor:Categories"`
	ID       int64    `retort:"pk"`
	ParentID *int64   `retort:"references:categories.id; index"`
	Name     string
	Parent   *Category   `retort:"back:Children"`
	Children []*Category `retort:"back:Parent; order_by:id"`
	Products []*Product  `retort:"back:Category"`
}

// Product is a product of a category, with tags.
type Product struct {
	_          struct{} `retort:"table:products; check:price >= 0"`
	ID         int64    `retort:"pk"`
	CategoryID int64    `retort:"references:categories.id; index"`
	Name       string
	Price      float64   `retort:"type:numeric(10, 2)"`
	Category   *Category `retort:"back:Products"`
	Tags       []*Tag    `retort:"secondary:product_tags; back:Products; order_by:name"`
}

// Tag labels products.
type Tag struct {
	_        struct{}   `retort:"table:tags"`
	ID       int64      `retort:"pk"`
	Name     string     `retort:"unique"`
	Products []*Product `retort:"secondary:product_tags; back:Tags"`
}

// ProductTag is the association of products and tags.
type ProductTag struct {
	_         struct{} `retort:"table:product_tags"`
	ProductID int64    `retort:"pk; references:products.id"`
	TagID     int64    `retort:"pk; references:tags.id; index"`
}
