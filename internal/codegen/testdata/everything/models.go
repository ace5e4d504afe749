// Package everything uses every mapping option, for the generator's golden
// test.
package everything

import (
	"database/sql"
	"time"

	"github.com/retortdb/retort/orm"
	"github.com/shopspring/decimal"
)

// Limits is a JSON document, not a mapped struct.
type Limits struct {
	Daily, Monthly int64
}

// Token is a [16]byte: a UUID column without a type: tag.
type Token [16]byte

// Status is a named string type with typed constants: an enum.
type Status string

// The statuses, in the order the enum sorts them.
const (
	StatusNew    Status = "new"
	StatusActive Status = "active"
	StatusClosed Status = "closed"
)

// Priority is a named integer type whose constants run from iota: an
// integer enum, a BIGINT with a CHECK of 0, 1 and 2.
type Priority int

// The priorities.
const (
	PriorityLow Priority = iota
	PriorityMedium
	PriorityHigh
)

// Level's constants start at iota + 1: a SMALLINT enum of 1, 2 and 3, which
// refuses the zero value.
type Level int8

// The levels.
const (
	LevelDebug Level = iota + 1
	LevelInfo
	LevelWarn
	LevelWarning = LevelWarn // a second name of one value
)

// Perm's constants are flags, which combine: a plain SMALLINT.
type Perm uint8

// The permissions.
const (
	PermRead Perm = 1 << iota
	PermWrite
	PermExec
)

// Quota has one constant, a sentinel: a plain BIGINT.
type Quota int64

// Unlimited is the quota without a limit.
const Unlimited Quota = -1

// Account uses the column options.
type Account struct {
	_        struct{}         `retort:"table:accounts; schema:billing; descriptor:AccountTable; index:(owner, status); unique:uq_owner_nick(owner, nickname); check:balance >= 0"`
	ID       int64            `retort:"pk"`
	Owner    string           `retort:"type:varchar(80); index"`
	Nick     sql.Null[string] `retort:"column:nickname"`
	Status   Status           `retort:"default:new"`
	Priority Priority         `retort:"default:1"`
	Level    *Level
	Perms    Perm
	Quota    Quota
	Timeout  time.Duration
	Balance  float64    `retort:"type:numeric(12, 2); default:0"`
	Active   bool       `retort:"default:true"`
	Created  time.Time  `retort:"type:timestamptz; server_default:CURRENT_TIMESTAMP"`
	Photo    []byte     `retort:"deferred"`
	Rev      int32      `retort:"version"`
	Closed   *time.Time `retort:"soft_delete"`
	Note     *string
	Token    Token `retort:"unique"`
	Settings map[string]any
	Limits   *Limits `retort:"type:json"`
	Ignored  string  `retort:"-"`
	unmapped int
	Entries  []*Entry                `retort:"back:Account; order_by:posted desc, id; cascade:all, delete-orphan; passive_deletes; lazy:selectin"`
	Outgoing orm.WriteOnly[Transfer] `retort:"fk:from_id; order_by:id"`
}

// Entry has a composite key, foreign-key actions and a self-reference.
type Entry struct {
	_         struct{} `retort:"table:entries; schema:billing"`
	AccountID int64    `retort:"pk; references:accounts.id; ondelete:cascade; onupdate:cascade"`
	ID        int32    `retort:"pk"`
	Posted    time.Time
	Cleared   *time.Time `retort:"type:timestamp"`
	Amount    int64      `retort:"autoincrement:false"`
	Fee       decimal.Decimal
	Rate      *decimal.Decimal `retort:"type:numeric(8, 4)"`
	Tax       decimal.NullDecimal
	ParentID  *int32   `retort:"references:counter.id; ondelete:set null"`
	Account   *Account `retort:"back:Entries; lazy:joined"`
	Counter   *Counter
}

// Counter has an integer key the database does not generate.
type Counter struct {
	ID    int32 `retort:"pk; autoincrement:false"`
	Value int64
}

// Transfer has two foreign keys to the same table, each relationship
// choosing its own with fk:.
type Transfer struct {
	ID     int64    `retort:"pk"`
	FromID int64    `retort:"references:accounts.id"`
	ToID   int64    `retort:"references:accounts.id"`
	From   *Account `retort:"fk:from_id"`
	To     *Account `retort:"fk:to_id"`
}
