package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Item maps the table items. Its product is a plain column: no workload
// loads products.
type Item struct{ ent.Schema }

func (Item) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "items"}}
}

func (Item) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id"),
		field.Int64("order_id"),
		field.Int64("product_id"),
		field.String("sku"),
		field.Int32("quantity"),
		field.Float("price").SchemaType(map[string]string{dialect.Postgres: "numeric(10,2)"}),
	}
}

func (Item) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("items").Field("order_id").Unique().Required(),
	}
}
