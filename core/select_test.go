package core_test

import (
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
)

// TestJoinLeavesItsReceiver: a join added to a statement that has a FROM
// already (an earlier join) gives a new statement and leaves the one it
// extends as it was, so that two joins from one base query do not see
// each other. The join used to write its new FROM element into the array
// the receiver shares, which turned the base into the last join built.
func TestJoinLeavesItsReceiver(t *testing.T) {
	u, o, it, p := shop.Users, shop.Orders, shop.Items, shop.Profiles
	base := core.Select(u.ID).Join(o.Table)
	const baseSQL = "SELECT users.id FROM users JOIN orders ON orders.user_id = users.id"
	items := base.Join(it.Table)
	profiles := base.OuterJoin(p.Table, p.UserID.EqCol(u.ID))
	crossed := base.CrossJoin(p.Table)
	d := postgres.Dialect
	behaviourSQL(t, d, base, baseSQL)
	behaviourSQL(t, d, items, baseSQL+" JOIN items ON items.order_id = orders.id")
	behaviourSQL(t, d, profiles, baseSQL+" LEFT OUTER JOIN profiles ON profiles.user_id = users.id")
	behaviourSQL(t, d, crossed, baseSQL+" CROSS JOIN profiles")
	// From then a join: the join takes the FROM item, and the base keeps it.
	from := core.Select(u.ID).From(u.Table)
	joined := from.Join(o.Table)
	behaviourSQL(t, d, from, "SELECT users.id FROM users")
	behaviourSQL(t, d, joined, baseSQL)
}

// TestAndOn: AndOn ANDs conditions into the ON clause of the joins to one
// FROM item, an inferred ON or an explicit one, leaves a join to another
// alias of its table and a CROSS JOIN alone, and leaves its receiver as
// it was; FromItems tells joined items from those whose every row counts.
func TestAndOn(t *testing.T) {
	u, o, p := shop.Users, shop.Orders, shop.Profiles
	d := postgres.Dialect
	base := core.Select(u.ID).Join(o.Table).OuterJoin(p.Table, p.UserID.EqCol(u.ID), p.Bio.Ne(""))
	const baseSQL = "SELECT users.id FROM users JOIN orders ON orders.user_id = users.id " +
		"LEFT OUTER JOIN profiles ON (profiles.user_id = users.id AND profiles.bio <> $1)"
	paid, n := base.AndOn(o.Table, o.Status.Eq("paid"))
	if n != 1 {
		t.Errorf("AndOn(orders) matched %d joins, want 1", n)
	}
	behaviourSQL(t, d, paid, "SELECT users.id FROM users JOIN orders ON (orders.user_id = users.id AND orders.status = $1) "+
		"LEFT OUTER JOIN profiles ON (profiles.user_id = users.id AND profiles.bio <> $2)", "paid", "")
	withURL, n := base.AndOn(p.Table, p.AvatarURL.IsNotNull())
	if n != 1 {
		t.Errorf("AndOn(profiles) matched %d joins, want 1", n)
	}
	behaviourSQL(t, d, withURL, "SELECT users.id FROM users JOIN orders ON orders.user_id = users.id "+
		"LEFT OUTER JOIN profiles ON (profiles.user_id = users.id AND profiles.bio <> $1 AND profiles.avatar_url IS NOT NULL)", "")
	behaviourSQL(t, d, base, baseSQL, "")

	// Another alias of the table, a table not joined, a CROSS JOIN: none.
	o2 := core.Aliased(o, "o2")
	aliased := core.Select(u.ID).Join(o2.Table, o2.UserID.EqCol(u.ID)).CrossJoin(p.Table)
	for _, target := range []core.FromItem{o.Table, u.Table, p.Table} {
		if got, n := aliased.AndOn(target, o.Status.Eq("paid")); n != 0 || got != aliased {
			t.Errorf("AndOn(%v) changed %d joins of a query that joins none to it", target, n)
		}
	}
	items, joined := aliased.FromItems()
	if len(items) != 2 || items[0] != core.FromItem(u.Table) || items[1] != core.FromItem(p.Table) || len(joined) != 1 || joined[0] != core.FromItem(o2.Table) {
		t.Errorf("FromItems = %v, %v; want users and profiles, and o2 joined", items, joined)
	}
	if items, joined := core.Select(u.ID).FromItems(); items != nil || joined != nil {
		t.Errorf("FromItems of an inferred FROM = %v, %v; want none", items, joined)
	}
}
