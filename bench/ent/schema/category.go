package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Category maps the table categories, a tree.
type Category struct{ ent.Schema }

func (Category) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "categories"}}
}

func (Category) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id"),
		field.Int64("parent_id").Optional().Nillable(),
		field.String("name"),
	}
}

func (Category) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Category.Type).From("parent").Field("parent_id").Unique(),
	}
}
