package orm_test

import (
	"slices"
	"testing"
)

// TestBackReferences: changing one side of a relationship through Append,
// Remove or Set changes the other side in memory, as back_populates does
// in SQLAlchemy.
func TestBackReferences(t *testing.T) {
	r := configured(t)
	userDept, userOrders, userProf, orderUser := r.userDept, r.userOrders, r.userProf, r.orderUser
	orderTags, empManager, empReports := r.orderTags, r.empManager, r.empReports

	ann, bob := &user{ID: 1}, &user{ID: 2}
	o1, o2 := &order{ID: 10}, &order{ID: 11}
	userOrders.Append(ann, o1, o2)
	if !slices.Equal(ann.Orders, []*order{o1, o2}) || o1.User != ann || o2.User != ann {
		t.Fatalf("after Append: ann.Orders=%v, o1.User=%v, o2.User=%v", ann.Orders, o1.User, o2.User)
	}
	userOrders.Append(ann, o1) // already there: not twice
	if len(ann.Orders) != 2 {
		t.Errorf("appending a child twice: %d orders", len(ann.Orders))
	}

	// Moving an order to another user takes it out of the first one's.
	orderUser.Set(o1, bob)
	if !slices.Equal(ann.Orders, []*order{o2}) || !slices.Equal(bob.Orders, []*order{o1}) || o1.User != bob {
		t.Errorf("after Set(o1, bob): ann.Orders=%v bob.Orders=%v", ann.Orders, bob.Orders)
	}
	userOrders.Append(bob, o2)
	if len(ann.Orders) != 0 || !slices.Equal(bob.Orders, []*order{o1, o2}) {
		t.Errorf("after Append(bob, o2): ann.Orders=%v bob.Orders=%v", ann.Orders, bob.Orders)
	}
	userOrders.Remove(bob, o1)
	if o1.User != nil || !slices.Equal(bob.Orders, []*order{o2}) {
		t.Errorf("after Remove(bob, o1): o1.User=%v bob.Orders=%v", o1.User, bob.Orders)
	}
	orderUser.Set(o2, nil)
	if len(bob.Orders) != 0 || o2.User != nil {
		t.Errorf("after Set(o2, nil): bob.Orders=%v o2.User=%v", bob.Orders, o2.User)
	}

	// No back-reference: only the one side changes.
	p := &profile{ID: 5}
	userProf.Set(ann, p)
	if ann.Prof != p {
		t.Error("Set without a back-reference did not set the field")
	}
	tg := &tag{ID: 7}
	orderTags.Append(o1, tg)
	if !slices.Equal(o1.Tags, []*tag{tg}) {
		t.Errorf("many-to-many Append: %v", o1.Tags)
	}

	// Self-referential: a report's manager and the manager's reports.
	boss, mid, dev := &employee{ID: 1}, &employee{ID: 2}, &employee{ID: 3}
	empReports.Append(boss, mid)
	empManager.Set(dev, mid)
	if mid.Manager != boss || !slices.Equal(mid.Reports, []*employee{dev}) || !slices.Equal(boss.Reports, []*employee{mid}) {
		t.Errorf("tree: mid.Manager=%v mid.Reports=%v boss.Reports=%v", mid.Manager, mid.Reports, boss.Reports)
	}
	empManager.Set(dev, boss)
	if len(mid.Reports) != 0 || !slices.Equal(boss.Reports, []*employee{mid, dev}) {
		t.Errorf("after moving dev: mid.Reports=%v boss.Reports=%v", mid.Reports, boss.Reports)
	}

	defer func() {
		if recover() == nil {
			t.Error("Append on a single-object relationship did not panic")
		}
	}()
	userDept.Append(ann, &dept{})
}
