// internal/enginehook/nullable.go

package enginehook

// Nullable is a scan destination for a column that may be NULL although
// Dest cannot hold NULL (a *string, an *int64): the value of the columns
// an outer join found nothing for, as package orm's joined loading reads
// them. Scan sets Null, and leaves Dest alone when the value is NULL;
// otherwise it scans the value into Dest as it would have unwrapped.
//
// It costs nothing per row on PostgreSQL, where the driver sees the NULL
// before converting anything: what a **string would cost, an allocation
// per non-NULL value, is spared. On SQLite and MySQL the value goes
// through a temporary of the destination's type.
//
//	name := enginehook.Nullable{Dest: &p.Name}
//	err := res.Scan(&u.ID, &name) // name.Null for a user without a profile
type Nullable struct {
	Dest any
	Null bool
}
