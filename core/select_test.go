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
