// engine/group.go

package engine

// Group stands, among the destinations of a [Result.Scan], for as many
// columns as it has Dests: the columns that follow the destinations before
// it. Scan calls Skip, which may read every destination before the Group
// that is not itself in a Group; if Skip reports true, the Group's
// columns need not be read.
//
// It is for a caller that needs only some columns of a row to decide
// whether it needs the rest, as an identity map does: an object it holds
// already is not read again. On PostgreSQL, Scan calls Skip as it reaches
// the Group, and a skipped column costs nothing, not even its decoding:
// Dests keep what they held. Through database/sql (SQLite, MySQL) the
// driver has converted the whole row before Scan sees it, so Scan reads
// the Group's columns into Dests as any others, and then calls Skip.
//
//	rest := &engine.Group{Dests: []any{&u.Email, &u.Name}, Skip: func() bool { return seen[u.ID] }}
//	err := res.Scan(&u.ID, rest)
//
// A Group cannot hold another Group.
type Group struct {
	Dests []any
	Skip  func() bool
}
