// Package cycle has two tables whose foreign keys reference each other.
package cycle

// Egg comes from a chicken.
type Egg struct { // want "foreign key cycle"
	ID        int64 `retort:"pk"`
	ChickenID int64 `retort:"references:chicken.id"`
}

// Chicken hatched from an egg.
type Chicken struct {
	ID    int64 `retort:"pk"`
	EggID int64 `retort:"references:egg.id"`
}
