package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Department maps the table departments.
type Department struct{ ent.Schema }

func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "departments"}}
}

func (Department) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id"),
		field.String("name"),
	}
}

func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("users", User.Type),
	}
}
