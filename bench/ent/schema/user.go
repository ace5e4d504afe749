package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// User maps the table users.
type User struct{ ent.Schema }

func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "users"}}
}

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id"),
		field.String("email").Unique(),
		field.Int64("department_id"),
		field.Bool("is_active"),
		field.Time("created_at"),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("department", Department.Type).Ref("users").Field("department_id").Unique().Required(),
		edge.To("orders", Order.Type),
		edge.To("profile", Profile.Type).Unique(),
	}
}
