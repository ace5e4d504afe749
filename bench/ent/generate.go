// Package ent is the code that ent generates from the schemas in
// ./schema, which map the shop dataset's existing tables: go generate
// ./ent regenerates it. It is never used to migrate: the tables exist.
package ent

//go:generate go run -mod=mod entgo.io/ent/cmd/ent generate --feature sql/modifier,sql/execquery ./schema
