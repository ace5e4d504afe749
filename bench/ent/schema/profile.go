package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Profile maps the table profiles.
type Profile struct{ ent.Schema }

func (Profile) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "profiles"}}
}

func (Profile) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id"),
		field.Int64("user_id").Unique(),
		field.String("bio"),
		field.String("avatar_url").Optional().Nillable(),
	}
}

func (Profile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("profile").Field("user_id").Unique().Required(),
	}
}
