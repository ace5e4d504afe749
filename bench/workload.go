package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Tally counts the objects of one kind that a workload loaded, and sums
// their ids: two implementations that load the same rows into the same
// places agree on both, and one that drops, repeats or misplaces a row
// almost never does.
type Tally struct {
	Count int
	IDSum int64
}

// add counts one object.
func (t *Tally) add(id int64) {
	t.Count++
	t.IDSum += id
}

// Checksum is what a workload loaded, kind by kind. A related object is
// counted once per parent that holds it (20,000 users in 10 departments
// count 20,000 departments), so a library that shares one object between
// parents, through an identity map, and one that copies it per row agree.
// Checksums are comparable with ==.
type Checksum struct {
	Users, Orders, Items, Profiles, Departments, Categories Tally
	// Ranks sums ROW_NUMBER() values instead of ids (workload 4).
	Ranks Tally
}

// String lists the kinds that were loaded.
func (c Checksum) String() string {
	var b strings.Builder
	for _, k := range []struct {
		name string
		t    Tally
	}{
		{"users", c.Users}, {"orders", c.Orders}, {"items", c.Items}, {"profiles", c.Profiles},
		{"departments", c.Departments}, {"categories", c.Categories}, {"ranks", c.Ranks},
	} {
		if k.t.Count > 0 {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %d (Σ %d)", k.name, k.t.Count, k.t.IDSum)
		}
	}
	return b.String()
}

// ErrUnsupported is returned by an implementation for a workload its
// library cannot express at all, not even through raw SQL without
// giving up the strategy the workload measures (a joined load of a
// collection, for GORM and bun).
var ErrUnsupported = errors.New("bench: the library cannot express this workload")

// Impl is one library's implementation of the workloads. Each method
// loads what its workload describes into that library's objects and
// returns the checksum of what it loaded.
type Impl interface {
	// NestedSelectIn loads the first n users by id, their orders (newest
	// first) and the orders' items (by id), one query per level
	// (workloads 1 and 8).
	NestedSelectIn(ctx context.Context, n int) (Checksum, error)
	// NestedJoined loads the same graph as NestedSelectIn in one query
	// that joins the three tables (workload 1, joined).
	NestedJoined(ctx context.Context, n int) (Checksum, error)
	// Scalar loads every user with its profile (if any) and its
	// department, joined in one query (workload 2).
	Scalar(ctx context.Context) (Checksum, error)
	// Latest loads every user with its latest order (by created_at, then
	// id), through a LATERAL subquery (workload 3).
	Latest(ctx context.Context) (Checksum, error)
	// Ranked loads the active users, each with its ROW_NUMBER() within its
	// department by sign-up time and its department, one row per user
	// (workload 4).
	Ranked(ctx context.Context) (Checksum, error)
	// Descendants loads every category below root, through a recursive
	// CTE (workload 6).
	Descendants(ctx context.Context, root int64) (Checksum, error)
	// StreamItems reads the items whose id is at most maxID, by id, in
	// batches of batch rows, holding no more than about one batch at a
	// time (workload 5).
	StreamItems(ctx context.Context, batch int, maxID int64) (Checksum, error)
	// RawSQL names the workloads (Workload.Name) that this
	// implementation runs through its library's raw-SQL escape hatch,
	// so that the results say so.
	RawSQL() []string
	// Close releases the implementation's connections.
	Close() error
}

// Config says how an implementation connects.
type Config struct {
	// DSN is the database's URL.
	DSN string
	// RoundTrips counts every statement the implementation sends, BEGIN
	// and COMMIT included.
	RoundTrips *RoundTrips
	// MaxConns bounds the implementation's pool of connections; 0 leaves
	// the library's default.
	MaxConns int
}

// Library is a registered implementation.
type Library struct {
	Name string
	// Open connects as cfg says.
	Open func(ctx context.Context, cfg Config) (Impl, error)
}

// Libraries are the implementations, in the order results list them:
// hand-written pgx, the floor every ratio is taken to, first.
var Libraries = []Library{
	{"pgx", openPgx},
	{"retort", openRetort},
	{"retort-uow", openRetortUnitOfWork},
	{"gorm", openGorm},
	{"bun", openBun},
	{"ent", openEnt},
}

// Workload is one task that every implementation performs.
type Workload struct {
	// Name names it in test and benchmark names and in Impl.RawSQL.
	Name string
	// Run performs it once.
	Run func(ctx context.Context, impl Impl) (Checksum, error)
	// Like names the workload whose expectedFailures this one shares,
	// when it is a variant of it.
	Like string
}

// Stream is workload 5 over the items whose id is at most maxID, in
// batches of 2,000.
func Stream(maxID int64) Workload {
	return Workload{Name: fmt.Sprintf("W5_stream_%dk_items", maxID/1000), Run: func(ctx context.Context, i Impl) (Checksum, error) {
		return i.StreamItems(ctx, 2000, maxID)
	}}
}

// Workloads are the workloads, in the numbering. W1 comes in two
// strategies; W8 is W1's select-in with enough users that the orders'
// keys number past PostgreSQL's limit of 65,535 bind parameters.
var Workloads = []Workload{
	{Name: "W1_nested_selectin", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.NestedSelectIn(ctx, 1000) }},
	{Name: "W1_nested_joined", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.NestedJoined(ctx, 1000) }},
	{Name: "W2_scalar_joined", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.Scalar(ctx) }},
	{Name: "W3_latest_lateral", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.Latest(ctx) }},
	{Name: "W4_ranked_window", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.Ranked(ctx) }},
	Stream(1_000_000),
	// Category 2 is the root of one half of the tree: 254 categories.
	{Name: "W6_descendants_cte", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.Descendants(ctx, 2) }},
	{Name: "W8_nested_selectin_5000", Run: func(ctx context.Context, i Impl) (Checksum, error) { return i.NestedSelectIn(ctx, 5000) }},
}

// expectedFailures are the workloads a library fails, by workload and
// library, with the error it fails with. A run that fails otherwise, or
// succeeds where failure is claimed, fails the test: the claims the
// results make must stay true.
var expectedFailures = map[[2]string]error{
	{"W1_nested_joined", "gorm"}: ErrUnsupported,
	{"W1_nested_joined", "bun"}:  ErrUnsupported,
	{"W1_nested_joined", "ent"}:  ErrUnsupported,
	// GORM and ent bind one parameter per key, and 5,000 users have
	// 79,368 orders, whose items they cannot then ask for.
	{"W8_nested_selectin_5000", "gorm"}: errParameterLimit,
	{"W8_nested_selectin_5000", "ent"}:  errParameterLimit,
}

// errParameterLimit matches pgx's refusal of a statement with more than
// 65,535 bind parameters, the most PostgreSQL's protocol can number.
var errParameterLimit = errors.New("extended protocol limited to 65535 parameters")

// claim returns the failure expectedFailures claims for w on lib.
func (w Workload) claim(lib string) (error, bool) {
	name := w.Name
	if w.Like != "" {
		name = w.Like
	}
	err, ok := expectedFailures[[2]string{name, lib}]
	return err, ok
}

// failsAsExpected reports whether err is the failure expectedFailures
// claims for workload w on library lib.
func failsAsExpected(w Workload, lib string, err error) bool {
	want, ok := w.claim(lib)
	if !ok || err == nil {
		return false
	}
	return errors.Is(err, want) || strings.Contains(err.Error(), want.Error())
}
