// Package retorttest helps users test code that runs on a Retort engine.
//
// Its [Recorder] captures the statements an engine runs, so that a test can
// assert what SQL a piece of code issues and how many statements — the
// check that catches an N+1 query or a lost batch:
//
//	rec := retorttest.NewRecorder()
//	eng, err := engine.Open(ctx, dsn, rec.Option())
//	...
//	rec.Reset()
//	loadOrders(ctx, eng)
//	if n := rec.Count(); n != 2 {
//		t.Errorf("loadOrders ran %d statements, want 2:\n%s", n, strings.Join(rec.SQL(), "\n"))
//	}
//
// It is built on the engine's execution events ([engine.Tracer]), as any
// user's tracer would be.
package retorttest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/retortdb/retort/engine"
)

// Statement is one statement a [Recorder] captured.
type Statement struct {
	// SQL is the statement's text as the driver received it, in its
	// placeholder style ($1 on PostgreSQL, ? elsewhere).
	SQL string
	// Args are a copy of the statement's arguments, in placeholder order.
	Args []any
	// Kind tells how it was run: an Exec, a Query, or a savepoint
	// statement of a nested transaction.
	Kind engine.StatementKind
	// Done reports whether the statement has ended: an Exec has ended
	// when it returns, a query when its Result is closed. Rows, Duration
	// and Err are set then.
	Done bool
	// Rows is the number of rows affected (Exec) or read (Query).
	Rows int64
	// Duration is how long the statement took (a query: until its Result
	// was closed).
	Duration time.Duration
	// Err is the statement's error, or nil.
	Err error
}

// Recorder captures the statements of the engines it is registered on,
// in the order they started, and their transactions' BEGIN, COMMIT and
// ROLLBACK. It is an [engine.Tracer] (and an [engine.TxTracer]): register it
// with [Recorder.Option] at Open or with [engine.Engine.AddTracer]. It is
// safe for concurrent use.
type Recorder struct {
	mu    sync.Mutex
	stmts []Statement
	ops   []engine.TxOp
	gen   int // incremented by Reset, so that ends of statements started before it are dropped
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Option returns the engine option that registers r: engine.WithTracer(r).
func (r *Recorder) Option() engine.Option { return engine.WithTracer(r) }

// recordKey is the context key under which StatementStart leaves the
// statement's index for StatementEnd.
type recordKey struct{}

type recordRef struct{ gen, index int }

// StatementStart records the statement. It implements [engine.Tracer].
func (r *Recorder) StatementStart(ctx context.Context, d engine.StatementStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stmts = append(r.stmts, Statement{SQL: d.SQL, Args: slices.Clone(d.Args), Kind: d.Kind})
	return context.WithValue(ctx, recordKey{}, recordRef{gen: r.gen, index: len(r.stmts) - 1})
}

// StatementEnd records the statement's outcome. It implements
// [engine.Tracer].
func (r *Recorder) StatementEnd(ctx context.Context, d engine.StatementEndData) {
	ref, ok := ctx.Value(recordKey{}).(recordRef)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ref.gen != r.gen || ref.index >= len(r.stmts) {
		return // started before a Reset
	}
	s := &r.stmts[ref.index]
	s.Done, s.Rows, s.Duration, s.Err = true, d.Rows, d.Duration, d.Err
}

// TxEvent records BEGIN, COMMIT and ROLLBACK, but not those of an
// engine.Autocommit Tx, which sends none. It implements
// [engine.TxTracer]. Savepoints are recorded as statements only.
func (r *Recorder) TxEvent(_ context.Context, d engine.TxEventData) {
	switch {
	case d.Autocommit:
		return
	case d.Op == engine.TxBegin, d.Op == engine.TxCommit, d.Op == engine.TxRollback:
	default:
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ops = append(r.ops, d.Op)
}

// Statements returns a copy of the statements captured since the last
// Reset, in the order they started.
func (r *Recorder) Statements() []Statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Statement, len(r.stmts))
	for i, s := range r.stmts {
		s.Args = slices.Clone(s.Args)
		out[i] = s
	}
	return out
}

// SQL returns the SQL of the statements captured since the last Reset, in
// the order they started.
func (r *Recorder) SQL() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.stmts))
	for i, s := range r.stmts {
		out[i] = s.SQL
	}
	return out
}

// Count returns how many statements were captured since the last Reset.
// BEGIN, COMMIT and ROLLBACK are not statements (see [Recorder.TxOps]);
// the SAVEPOINT statements of nested transactions are.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.stmts)
}

// TxOps returns the transaction operations (engine.TxBegin, TxCommit,
// TxRollback) captured since the last Reset, in order.
func (r *Recorder) TxOps() []engine.TxOp {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ops)
}

// Reset forgets everything captured so far. A query still open across
// Reset is not recorded when it ends.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stmts, r.ops = nil, nil
	r.gen++
}
