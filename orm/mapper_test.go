package orm_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/orm"
)

// The structs of the configuration tests, mapped imperatively onto tables
// that each test defines afresh.
type (
	dept struct {
		ID    int64
		Name  string
		Users []*user
	}
	user struct {
		ID     int64
		DeptID int64
		Email  sql.Null[string]
		Dept   *dept
		Orders []*order
		Prof   *profile
	}
	profile struct {
		ID     int64
		UserID int64
	}
	order struct {
		ID     int64
		UserID int64
		Total  float64
		User   *user
		Tags   []*tag
	}
	tag struct {
		ID   int64
		Name string
	}
	orderTag struct {
		OrderID int64
		TagID   int64
	}
	employee struct {
		ID        int64
		ReportsTo *int64
		Manager   *employee
		Reports   []*employee
	}
	customer struct {
		ID           int64
		SupportRepID int64
		BackupRepID  int64
		Rep          *employee
	}
)

// schema is a fresh set of tables for one test.
type schema struct {
	depts, users, profiles, orders, tags, orderTags, employees, customers *core.Table
}

func newSchema() schema {
	var s schema
	s.depts = core.NewTable("dept")
	dID := core.NewColumn[int64](s.depts, "id", core.PrimaryKey())
	core.NewColumn[string](s.depts, "name")

	s.users = core.NewTable("users")
	uID := core.NewColumn[int64](s.users, "id", core.PrimaryKey())
	core.NewColumn[int64](s.users, "dept_id", core.References(dID))
	core.NewColumn[string](s.users, "email", core.Nullable())

	s.profiles = core.NewTable("profile")
	core.NewColumn[int64](s.profiles, "id", core.PrimaryKey())
	core.NewColumn[int64](s.profiles, "user_id", core.References(uID), core.Unique())

	s.orders = core.NewTable("orders")
	oID := core.NewColumn[int64](s.orders, "id", core.PrimaryKey())
	core.NewColumn[int64](s.orders, "user_id", core.References(uID))
	core.NewColumn[float64](s.orders, "total")

	s.tags = core.NewTable("tag")
	tID := core.NewColumn[int64](s.tags, "id", core.PrimaryKey())
	core.NewColumn[string](s.tags, "name")

	s.orderTags = core.NewTable("order_tag")
	core.NewColumn[int64](s.orderTags, "order_id", core.PrimaryKey(), core.References(oID))
	core.NewColumn[int64](s.orderTags, "tag_id", core.PrimaryKey(), core.References(tID))

	s.employees = core.NewTable("employee")
	eID := core.NewColumn[int64](s.employees, "id", core.PrimaryKey())
	core.NewColumn[*int64](s.employees, "reports_to", core.References(eID))

	s.customers = core.NewTable("customer")
	core.NewColumn[int64](s.customers, "id", core.PrimaryKey())
	core.NewColumn[int64](s.customers, "support_rep_id", core.References(eID))
	core.NewColumn[int64](s.customers, "backup_rep_id", core.References(eID))
	return s
}

// relationships are the relationships of the test schema, configured.
type relationships struct {
	deptUsers   orm.Relationship[dept, user]
	userDept    orm.Relationship[user, dept]
	userOrders  orm.Relationship[user, order]
	userProf    orm.Relationship[user, profile]
	orderUser   orm.Relationship[order, user]
	orderTags   orm.Relationship[order, tag]
	empManager  orm.Relationship[employee, employee]
	empReports  orm.Relationship[employee, employee]
	customerRep orm.Relationship[customer, employee]
}

// configured maps a fresh test schema with every kind of relationship and
// configures it.
func configured(t *testing.T) relationships {
	t.Helper()
	s := newSchema()
	r := relationships{
		deptUsers:   orm.NewRelationship[dept, user]("Users", "back:Dept; order_by:email desc, id"),
		userDept:    orm.NewRelationship[user, dept]("Dept", "back:Users; lazy:joined"),
		userOrders:  orm.NewRelationship[user, order]("Orders", "back:User; cascade:all, delete-orphan; lazy:selectin"),
		userProf:    orm.NewRelationship[user, profile]("Prof", ""),
		orderUser:   orm.NewRelationship[order, user]("User", "back:Orders"),
		orderTags:   orm.NewRelationship[order, tag]("Tags", "secondary:order_tag"),
		empManager:  orm.NewRelationship[employee, employee]("Manager", "back:Reports"),
		empReports:  orm.NewRelationship[employee, employee]("Reports", "back:Manager"),
		customerRep: orm.NewRelationship[customer, employee]("Rep", "fk:support_rep_id"),
	}
	err := orm.Check(
		orm.Imperative[dept](s.depts, r.deptUsers),
		orm.Imperative[user](s.users, r.userDept, r.userOrders, r.userProf),
		orm.Imperative[profile](s.profiles),
		orm.Imperative[order](s.orders, r.orderUser, r.orderTags),
		orm.Imperative[tag](s.tags),
		orm.Imperative[orderTag](s.orderTags),
		orm.Imperative[employee](s.employees, r.empManager, r.empReports),
		orm.Imperative[customer](s.customers, r.customerRep),
	)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestConfigure checks what configuration resolved for each kind of
// relationship.
func TestConfigure(t *testing.T) {
	r := configured(t)
	deptUsers, userDept, userOrders, userProf, orderUser := r.deptUsers, r.userDept, r.userOrders, r.userProf, r.orderUser
	orderTags, empManager, empReports, customerRep := r.orderTags, r.empManager, r.empReports, r.customerRep
	for _, tc := range []struct {
		rel      interface{ Kind() orm.Kind }
		kind     orm.Kind
		strategy orm.Strategy
		joins    string
	}{
		{deptUsers, orm.OneToMany, orm.LazyRaise, "dept.id = users.dept_id order by email desc, id"},
		{userDept, orm.ManyToOne, orm.LazyJoined, "users.dept_id = dept.id"},
		{userOrders, orm.OneToMany, orm.LazySelectIn, "users.id = orders.user_id"},
		{userProf, orm.OneToOne, orm.LazyRaise, "users.id = profile.user_id"},
		{orderUser, orm.ManyToOne, orm.LazyRaise, "orders.user_id = users.id"},
		{orderTags, orm.ManyToMany, orm.LazyRaise, "orders.id = order_tag.order_id, order_tag.tag_id = tag.id"},
		{empManager, orm.ManyToOne, orm.LazyRaise, "employee.reports_to = employee.id"},
		{empReports, orm.OneToMany, orm.LazyRaise, "employee.id = employee.reports_to"},
		{customerRep, orm.ManyToOne, orm.LazyRaise, "customer.support_rep_id = employee.id"},
	} {
		name := tc.rel.(interface{ Name() string }).Name()
		if got := tc.rel.Kind(); got != tc.kind {
			t.Errorf("%s: kind %v, want %v", name, got, tc.kind)
		}
		if got := tc.rel.(interface{ Strategy() orm.Strategy }).Strategy(); got != tc.strategy {
			t.Errorf("%s: strategy %v, want %v", name, got, tc.strategy)
		}
		if got := orm.Joins(tc.rel.(orm.AnyRelationship)); got != tc.joins {
			t.Errorf("%s joins on %q, want %q", name, got, tc.joins)
		}
	}
	if got, want := orm.Back(userOrders), "order.User"; got != want {
		t.Errorf("User.Orders back = %s, want %s", got, want)
	}
}

// TestConfigErrors: each mistake fails configuration with a message that
// names the struct, the field and what is wrong.
func TestConfigErrors(t *testing.T) {
	type noKey struct{ Name string }
	type Left struct{ Name string }
	type Right struct{ Name string }
	type ambiguous struct {
		ID int64
		Left
		Right
	}
	type Level string
	type embedsLevel struct {
		ID   int64
		Name string
		Level
	}
	type hidden struct{ Name string }
	type hiddenPtr struct {
		ID int64
		*hidden
	}
	type twice struct {
		ID int64
		Left
		Title string `retort:"column:name"`
	}
	type Linked struct{ Dept *dept }
	type linkedUser struct {
		ID     int64
		DeptID int64
		Email  sql.Null[string]
		Linked
	}
	type badShape struct {
		ID   int64
		Dept string
	}
	type stray struct {
		ID    int64
		Extra string
	}
	type lonely struct {
		ID   int64
		Name string
		Tags []*tag
	}
	type wrongSide struct {
		ID     int64
		DeptID int64
		Email  sql.Null[string]
		Depts  []*dept
	}
	type versioned struct {
		ID  int64
		Rev string
	}
	for _, tc := range []struct {
		name  string
		build func(s schema) []*orm.Mapper
		want  string
	}{
		{"no primary key", func(s schema) []*orm.Mapper {
			t := core.NewTable("nokey")
			core.NewColumn[string](t, "name")
			return []*orm.Mapper{orm.Imperative[noKey](t)}
		}, "orm_test.noKey: no primary key"},
		{"no foreign-key path", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[lonely](s.depts, orm.NewRelationship[lonely, tag]("Tags", "")),
				orm.Imperative[tag](s.tags),
			}
		}, "orm_test.lonely.Tags: no foreign key links dept and tag"},
		{"two foreign keys", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[employee](s.employees),
				orm.Imperative[customer](s.customers, orm.NewRelationship[customer, employee]("Rep", "")),
			}
		}, "orm_test.customer.Rep: 2 foreign keys link customer and employee: (support_rep_id), (backup_rep_id): choose one with fk:"},
		{"fk that is not a key", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[employee](s.employees),
				orm.Imperative[customer](s.customers, orm.NewRelationship[customer, employee]("Rep", "fk:id")),
			}
		}, "orm_test.customer.Rep: fk:id is not a foreign key between customer and employee"},
		{"foreign key of another type", func(s schema) []*orm.Mapper {
			users := core.NewTable("users")
			id := core.NewColumn[int64](users, "id", core.PrimaryKey())
			core.NewColumn[string](users, "name")
			ords := core.NewTable("orders")
			core.NewColumn[int64](ords, "id", core.PrimaryKey())
			core.NewColumn[int32](ords, "user_id", core.References(id))
			core.NewColumn[float64](ords, "total")
			return []*orm.Mapper{orm.Imperative[tag](users), orm.Imperative[order](ords)}
		}, "orm_test.order: foreign key user_id is int32 but users.id, which it references, is int64"},
		{"unknown column in order_by", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[user](s.users, orm.NewRelationship[user, order]("Orders", "order_by:created_at desc")),
				orm.Imperative[order](s.orders),
			}
		}, `orm_test.user.Orders: order_by names unknown column "created_at" (orders has id, user_id, total)`},
		{"field of the wrong shape", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[dept](s.depts),
				orm.Imperative[badShape](s.employees, orm.NewRelationship[badShape, dept]("Dept", "")),
			}
		}, "orm_test.badShape.Dept: a relationship to orm_test.dept must be a *orm_test.dept, a []*orm_test.dept or an orm.WriteOnly[dept] field, not string"},
		{"target not mapped", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[user](s.users, orm.NewRelationship[user, dept]("Dept", ""))}
		}, "orm_test.user.Dept: orm_test.dept is not mapped"},
		{"field without a column", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[stray](s.tags)}
		}, `orm_test.stray: field Extra: tag has no column "extra"`},
		{"unknown relationship option", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[dept](s.depts),
				orm.Imperative[user](s.users, orm.NewRelationship[user, dept]("Dept", "orderby:id")),
			}
		}, `orm_test.user.Dept: unknown option "orderby" for a relationship (did you mean "order_by"?)`},
		{"back to nothing", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[dept](s.depts),
				orm.Imperative[user](s.users, orm.NewRelationship[user, dept]("Dept", "back:Members")),
			}
		}, "orm_test.user.Dept: back:Members: orm_test.dept has no relationship Members"},
		{"collection over a many-to-one key", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[wrongSide](s.users, orm.NewRelationship[wrongSide, dept]("Depts", "")),
				orm.Imperative[dept](s.depts),
			}
		}, "orm_test.wrongSide.Depts: a slice needs a foreign key from dept to users; users's key to dept makes this a many-to-one: use *orm_test.dept"},
		{"unmapped secondary", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[order](s.orders, orm.NewRelationship[order, tag]("Tags", "secondary:order_tag")),
				orm.Imperative[tag](s.tags),
			}
		}, "orm_test.order.Tags: secondary:order_tag is not a mapped table"},
		{"version column not an integer", func(s schema) []*orm.Mapper {
			t := core.NewTable("v")
			core.NewColumn[int64](t, "id", core.PrimaryKey())
			core.NewColumn[string](t, "rev")
			return []*orm.Mapper{orm.NewMapper(orm.Mapping[versioned]{
				Table: t, Fields: []string{"ID", "Rev"}, Version: "rev",
				Addr:  func(*versioned, int) any { return nil },
				Value: func(*versioned, int) any { return nil },
			})}
		}, "orm_test.versioned.Rev: a version column must be an integer, not string"},
		{"ambiguous embedded fields", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[ambiguous](s.tags)}
		}, "orm_test.ambiguous: fields Left.Name and Right.Name are both ambiguous.Name, which Go leaves ambiguous"},
		{"embedded non-struct", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[embedsLevel](s.tags)}
		}, "orm_test.embedsLevel: field Level: an embedded orm_test.Level is not mapped"},
		{"embedded unexported pointer", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[hiddenPtr](s.tags)}
		}, "orm_test.hiddenPtr: field hidden: an embedded pointer must be exported"},
		{"column held twice through an embedded struct", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[twice](s.tags)}
		}, `orm_test.twice: fields Left.Name and Title both hold column "name"`},
		{"relationship in an embedded struct", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{
				orm.Imperative[dept](s.depts),
				orm.Imperative[linkedUser](s.users, orm.NewRelationship[linkedUser, dept]("Dept", "")),
			}
		}, "orm_test.linkedUser.Dept: a relationship cannot be in an embedded struct: declare Dept on orm_test.linkedUser"},
		{"mapped twice", func(s schema) []*orm.Mapper {
			return []*orm.Mapper{orm.Imperative[tag](s.tags), orm.Imperative[tag](s.tags)}
		}, "orm_test.tag: mapped twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := orm.Check(tc.build(newSchema())...)
			if err == nil {
				t.Fatalf("configured without error, want %q", tc.want)
			}
			var ce *orm.ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not a *orm.ConfigError: %v", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
		})
	}
}
