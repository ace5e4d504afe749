// internal/enginehook/enginehook.go

// Package enginehook holds what package engine offers the other packages
// of this module, and no program: the hooks by which package orm runs
// faster than engine's public API would let it, and the engine's backends
// share. Keeping them here keeps engine's exported API the one a program
// needs.
//
// Two kinds of hook live here:
//
//   - Scan destinations, [Group] and [Nullable], which engine.Result.Scan
//     passes to the driver like any other; the module's backends
//     (engine/pgx, and engine/sqlite and engine/mysql through
//     engine/internal/sqldb) recognise them. A backend outside the module
//     cannot name them, so the ORM's joined loading, which passes them,
//     needs one of the module's backends.
//   - Functions that need engine's unexported state: [ClosesResults],
//     [StreamHoldsConnection] and [RetryTransaction]. Package engine,
//     which imports this package (so this one cannot import it), sets
//     them in its init, as the standard library's packages set the
//     function variables of their internal packages. They are nil in a
//     program that does not import engine, and package orm imports it.
package enginehook

import "context"

// Set by package engine's init.
var (
	// ClosesResults is an engine.TxOption, typed any since this package
	// cannot import engine: it declares that the caller closes every
	// Result of the transaction itself, as package orm's sessions do, so
	// that the engine need not watch them for leaks. The engine then
	// registers no cleanup for each Result (nor records a call site,
	// under engine.Config.CallSites), which would cost a weak pointer and
	// a cleanup per statement. A Result left open still ends with the
	// transaction, which is watched as any other (see
	// engine.Config.LongTransaction).
	ClosesResults any

	// StreamHoldsConnection reports whether a Result of tx.Stream, tx
	// being an *engine.Tx, keeps tx's connection busy until it is
	// closed: true on SQLite and MySQL, which stream through the driver,
	// and under engine.WithAutocommit; false on PostgreSQL, whose cursor
	// leaves the connection free between FETCHes. The ORM, which must
	// run statements between batches to load relationships, pages by key
	// where it is true.
	StreamHoldsConnection func(tx any) bool

	// RetryTransaction calls run until it succeeds, returns an error
	// engine.IsRetryable rejects, or has run attempts times, with the
	// waits of engine.WithRetry in between: WithRetry's loop, for orm's
	// SessionFactory.Transaction.
	RetryTransaction func(ctx context.Context, attempts int, run func() error) error
)
