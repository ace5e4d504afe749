// orm/session.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync/atomic"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/objptr"
)

// closesResults is the engine's option for a caller that closes every
// Result itself, as a session does.
var closesResults = enginehook.ClosesResults.(engine.TxOption)

// Errors of the Session, tested with errors.Is; the errors returned wrap
// them with what is involved.
var (
	// ErrConcurrentUse: a Session was used from two goroutines at once.
	// A Session belongs to one goroutine at a time; the message names
	// both operations.
	ErrConcurrentUse = errors.New("retort: session used concurrently")
	// ErrStaleData: an UPDATE or DELETE of an object with a version
	// column matched no row: another transaction changed or deleted it
	// since it was loaded.
	ErrStaleData = errors.New("retort: stale data")
	// ErrNeedsRollback: a flush failed, so the transaction was rolled
	// back, or, inside a nested transaction, the savepoint was; the
	// Session refuses work until Rollback (or Close), or RollbackNested
	// for a savepoint, says the program has seen it, as SQLAlchemy
	// does.
	ErrNeedsRollback = errors.New("retort: the session's transaction was rolled back after an error")
	// ErrReadOnly: a read-only Session was asked to write.
	ErrReadOnly = errors.New("retort: read-only session")
	// ErrNil: a nil was passed where a value is needed (a session, a
	// statement, an object, an object in a collection). The message
	// names the operation and where the nil was: "retort: Add:
	// User.Orders[0] is nil".
	ErrNil = errors.New("retort: nil input")
	// ErrDetached: Add was given an object the session let go whose
	// identity another object of the session now holds (Merge copies
	// its changes onto that one), or a write-only collection's Remove
	// an object the session does not hold.
	ErrDetached = errors.New("retort: detached object")
	// ErrNotNullable: a flush was asked to write NULL where a column
	// cannot hold it: a many-to-one set to nil whose foreign key is not
	// nullable, on an object no delete-orphan cascade deletes. The
	// message names the relationship, the object and the column; nothing
	// was sent.
	ErrNotNullable = errors.New("retort: not nullable")
	// ErrNoTransaction: a session made WithAutobegin(false) was asked to
	// send a statement outside a transaction Begin started.
	ErrNoTransaction = errors.New("retort: no transaction begun")
	// ErrNoRows: a query for one object found none.
	ErrNoRows = engine.ErrNoRows
	// ErrMultipleRows: a query for one object found more.
	ErrMultipleRows = engine.ErrMultipleRows
)

// SessionFactory makes Sessions on one engine with the same settings:
// SQLAlchemy's sessionmaker. Make one per program and share it.
type SessionFactory struct {
	eng  *engine.Engine
	opts sessionOptions
}

type sessionOptions struct {
	expireOnCommit bool
	autoflush      bool
	readOnly       bool
	autocommit     bool
	inList         int
	attempts       int  // Retry
	noAutobegin    bool // WithAutobegin(false)
	// hooks are WithHook's, by type; events the session events. Both
	// nil without any, so that a flush pays a nil check for them.
	hooks  map[reflect.Type]*hookSet
	events *sessionEvents
	// criteria are WithGlobalCriteria's; nil without any, so that a
	// query pays a nil check for them.
	criteria *globalCriteria
	// afterLoad: some type has an AfterLoad function in hooks, which a
	// query then looks up for the types it loads.
	afterLoad bool
}

// SessionOption configures a SessionFactory, or one Session made by
// SessionFactory.New.
type SessionOption func(*sessionOptions)

// WithExpireOnCommit(true) makes Commit expire every object: the next query that
// returns one overwrites its fields from the database. It is off by
// default, unlike SQLAlchemy: Go cannot intercept a field read, so an
// expired object cannot reload itself when read, and would go on showing
// its old values while marked expired. With it off, objects keep the
// values they were committed with, which is what a Go program reading
// them after Commit expects.
func WithExpireOnCommit(on bool) SessionOption {
	return func(o *sessionOptions) { o.expireOnCommit = on }
}

// WithInListSize sets how many keys one select-in statement lists where the
// dialect has no array parameters (SQLite, MySQL): 512 by default, within
// every backend's parameter limit. Lists are padded to a power of two, so
// that a few statement shapes serve any number of keys. On PostgreSQL one
// array parameter holds every key, and the size does not apply. A size
// below 1 counts as 1.
func WithInListSize(n int) SessionOption {
	return func(o *sessionOptions) { o.inList = max(n, 1) }
}

// WithAutoflush sets whether a query first flushes the session's pending
// changes, so that it sees them. On by default, as in SQLAlchemy.
func WithAutoflush(on bool) SessionOption { return func(o *sessionOptions) { o.autoflush = on } }

// WithReadOnly(true) makes sessions that only read: they keep no snapshot
// of the objects they load, so loading costs less, and Add, Delete and
// Flush fail with ErrReadOnly. Their transactions are READ ONLY too.
// WithReadOnly(false) undoes WithAutocommit(true) as well, which implies it.
func WithReadOnly(on bool) SessionOption {
	return func(o *sessionOptions) { o.readOnly, o.autocommit = on, o.autocommit && on }
}

// WithAutocommit(true) makes read-only sessions (it implies WithReadOnly) that run
// without a transaction: each statement commits as it ends, and nothing
// is sent for BEGIN or COMMIT (engine.WithAutocommit). At READ COMMITTED, the
// default on PostgreSQL, each statement takes its own snapshot whether or
// not a transaction encloses it, so a read path gives up nothing and saves
// the COMMIT's round trip: on a request that loads a graph by select-in
// over a network, one round trip in four. Savepoints (BeginNested) fail
// with engine.ErrAutocommit, and streaming pages by key where select-in
// loaders run between batches, as on SQLite and MySQL.
func WithAutocommit(on bool) SessionOption {
	return func(o *sessionOptions) {
		o.autocommit = on
		o.readOnly = o.readOnly || on
	}
}

// WithAutobegin(false) makes sessions that begin no transaction by
// themselves: a query, a flush or a Commit with changes to write, run
// before Begin or after the last Commit or Rollback, fails with
// ErrNoTransaction instead of beginning one, as SQLAlchemy's
// Session(autobegin=False) does. Use it where every transaction must
// start at a place the code names (a request's middleware, a job's
// step), so that work outside one is found rather than given a
// transaction of its own. SessionFactory.Transaction begins its own, and
// works either way. Autobegin is on by default.
func WithAutobegin(on bool) SessionOption { return func(o *sessionOptions) { o.noAutobegin = !on } }

// WithRetry makes the factory's Transaction run fn again, in a new Session
// and transaction, up to attempts runs in all, while it fails with a
// serialization failure or a deadlock (engine.IsRetryable), waiting as
// engine.WithRetry does in between. The Session of a failed run is closed with
// its objects: fn must build its work afresh from the Session it is given,
// and what it does outside the database must bear repeating. An unknown
// commit outcome is never retried.
func WithRetry(attempts int) SessionOption { return func(o *sessionOptions) { o.attempts = attempts } }

// NewSessionFactory returns a factory of Sessions on eng. The defaults are
// autoflush on and expire-on-commit off (see WithExpireOnCommit). Options
// are named With and the setting, and take its value, a switch its bool
// (orm.WithReadOnly(true)), as engine's are.
func NewSessionFactory(eng *engine.Engine, opts ...SessionOption) *SessionFactory {
	f := &SessionFactory{eng: eng, opts: sessionOptions{autoflush: true, inList: 512}}
	for _, o := range opts {
		o(&f.opts)
	}
	return f
}

// New returns a Session. It holds no connection until its first use, and
// must be closed. opts apply to this session alone, after the factory's:
// a request's tenant (WithGlobalCriteria), a read-only session of a
// factory of writers (WithReadOnly(true)).
func (f *SessionFactory) New(opts ...SessionOption) *Session {
	s := &Session{f: f, idmap: newIdentityMap()}
	if f != nil {
		// A nil factory's session fails when it begins (see begin).
		s.opts = f.opts
	}
	for _, o := range opts {
		o(&s.opts)
	}
	return s
}

// Transaction runs fn in a new Session's transaction, and commits it if fn
// returns nil; an error or a panic rolls it back (the panic goes on).
// The Session is closed afterwards. With WithRetry, a serialization failure or
// a deadlock runs fn again in a new Session.
func (f *SessionFactory) Transaction(ctx context.Context, fn func(s *Session) error) (err error) {
	if fn == nil {
		return &nilError{op: "Transaction", what: "the function"}
	}
	if f != nil && f.opts.attempts > 1 {
		return enginehook.RetryTransaction(ctx, f.opts.attempts, func() error { return f.transaction(ctx, fn) })
	}
	return f.transaction(ctx, fn)
}

func (f *SessionFactory) transaction(ctx context.Context, fn func(s *Session) error) error {
	s := f.New()
	defer s.Close()
	if err := s.Begin(ctx); err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			s.Rollback(ctx)
		}
	}()
	if err := fn(s); err != nil {
		done = true
		return errors.Join(err, s.Rollback(ctx))
	}
	done = true
	return s.Commit(ctx)
}

// Session tracks the objects a unit of work loads and changes: one object
// per row (its identity map), the changes to write (Add, Delete, changed
// fields), and the transaction they are written in. A Session belongs to
// one goroutine at a time; use from two at once returns ErrConcurrentUse.
type Session struct {
	f     *SessionFactory
	opts  sessionOptions
	tx    *engine.Tx
	saves []*savepoint
	idmap *identityMap
	// loaded marks the relationships loaded, per object; raised those a
	// query left unloaded with RaiseLoad against their mapping's default.
	loaded, raised relSet
	// unrecorded are the collections loaded whose contents the flush has
	// not been told yet (recordLoaded).
	unrecorded []loadedKey
	// partial holds, for an object loaded with LoadOnly or Defer, the
	// mapped columns it lacks.
	partial map[objptr.Ptr][]int
	// streamed, while a streaming batch's relationships load, collects
	// the objects new to the session, to be released with the batch.
	streamed *[]tracked
	// toLoad are the objects loaded since the operation began whose
	// AfterLoad hooks it calls as it ends (afterLoad); loadSeen those of
	// them a PopulateExisting query noted.
	toLoad   []tracked
	loadSeen map[objptr.Ptr]struct{}
	// failed is why the transaction was rolled back by a failed flush.
	failed error
	// flushing is set while a flush runs, its events included: their
	// queries do not flush, and a Flush from them fails.
	flushing bool
	// busy holds the operation running, to detect a second goroutine.
	busy atomic.Uint32
}

// operation names a Session method for ErrConcurrentUse. It is a number,
// not the method's name, so that entering the session allocates nothing.
type operation uint32

const (
	opNone operation = iota
	opAdd
	opAddAll
	opAll
	opBegin
	opBeginNested
	opClose
	opCommit
	opCommitNested
	opDelete
	opExpire
	opExpunge
	opExpungeAll
	opFirst
	opFlagModified
	opFlush
	opGet
	opInspect
	opIsLoaded
	opLoad
	opMerge
	opPartitions
	opRefresh
	opRelated
	opRollback
	opRollbackNested
	opTx
	opNew
	opDirty
	opDeleted
	opIsModified
	opChanges
)

var operationNames = [...]string{
	opNone: "another operation", opAdd: "Add", opAddAll: "AddAll", opAll: "All",
	opBegin: "Begin", opBeginNested: "BeginNested", opClose: "Close", opCommit: "Commit",
	opCommitNested: "CommitNested", opDelete: "Delete", opExpire: "Expire", opExpunge: "Expunge",
	opExpungeAll: "ExpungeAll", opFirst: "First", opFlagModified: "FlagModified", opFlush: "Flush", opGet: "Get",
	opInspect: "Inspect", opIsLoaded: "IsLoaded", opLoad: "Load", opMerge: "Merge",
	opPartitions: "Partitions", opRefresh: "Refresh", opRelated: "Related", opRollback: "Rollback",
	opRollbackNested: "RollbackNested", opTx: "Tx", opNew: "New", opDirty: "Dirty", opDeleted: "Deleted",
	opIsModified: "IsModified", opChanges: "Changes",
}

func (op operation) String() string { return operationNames[op] }

// enter marks op as running, or reports that another goroutine is inside
// the session. On success the caller defers leave. Every exported
// function that reads or writes the session's state enters it first:
// the identity map and the records beside it are plain maps, which two
// goroutines must not touch at once (a read during a write is a fatal
// error, which no recover catches).
func (s *Session) enter(op operation) error {
	if s == nil {
		return &nilError{op: op.String(), what: "the session"}
	}
	if !s.busy.CompareAndSwap(uint32(opNone), uint32(op)) {
		return fmt.Errorf("%w: %s called while %s is running in another goroutine", ErrConcurrentUse, op, operation(s.busy.Load()))
	}
	return nil
}

// leave ends the operation enter began.
func (s *Session) leave() { s.busy.Store(uint32(opNone)) }

// nilError is ErrNil, saying which operation met the nil and where.
type nilError struct{ op, what string }

func (e *nilError) Error() string        { return "retort: " + e.op + ": " + e.what + " is nil" }
func (e *nilError) Is(target error) bool { return target == ErrNil }

// Begin starts the session's transaction explicitly. A session also
// begins one by itself on first use (autobegin); Begin while one is open
// is an error.
func (s *Session) Begin(ctx context.Context) error {
	if err := s.enter(opBegin); err != nil {
		return err
	}
	defer s.leave()
	if s.tx != nil {
		return errors.New("retort: a transaction is already begun on this session")
	}
	return s.begin(ctx)
}

func (s *Session) begin(ctx context.Context) error {
	if s.f == nil || s.f.eng == nil {
		return &nilError{op: "Begin", what: "the session factory's engine"}
	}
	if g := s.opts.criteria; g != nil && g.err != nil {
		return g.err
	}
	// The session closes every Result it opens (a stream's, on an early
	// break too); one left by a panic ends with the transaction, which
	// the engine still watches.
	opts := []engine.TxOption{closesResults}
	switch {
	case s.opts.autocommit:
		opts = append(opts, engine.WithAutocommit(true))
	case s.opts.readOnly:
		opts = append(opts, engine.WithReadOnly(true))
	}
	tx, err := s.f.eng.Begin(ctx, opts...)
	if err != nil {
		return err
	}
	s.tx = tx
	return nil
}

// transaction returns the open transaction, beginning one if needed.
func (s *Session) transaction(ctx context.Context) (*engine.Tx, error) {
	if s.failed != nil {
		return nil, s.needsRollback()
	}
	if s.tx == nil {
		if s.opts.noAutobegin {
			return nil, fmt.Errorf("%w: the session was made WithAutobegin(false): call Begin first", ErrNoTransaction)
		}
		if err := s.begin(ctx); err != nil {
			return nil, err
		}
	}
	if len(s.saves) > 0 {
		return s.saves[len(s.saves)-1].tx, nil
	}
	return s.tx, nil
}

// flushFailed rolls back what a failed flush may have half written: the
// innermost nested transaction's work when one is open (ROLLBACK TO
// SAVEPOINT; the enclosing transaction goes on, as in SQLAlchemy), else
// the whole transaction. The session then refuses work until
// RollbackNested, or Rollback, which also set its objects back.
func (s *Session) flushFailed(ctx context.Context, err error) error {
	s.failed = err
	if n := len(s.saves); n > 0 && s.saves[n-1].tx.Rollback(ctx) == nil {
		// The savepoint stays on the stack, finished: RollbackNested
		// pops it and undoes the session's record of its work.
		return nil
	}
	// No savepoint, or it is gone with the transaction (a MySQL
	// deadlock rolls back the whole transaction) or the connection.
	if s.tx != nil {
		s.tx.Rollback(ctx)
		s.tx = nil
		s.saves = nil
		return s.rolledBack(ctx)
	}
	return nil
}

// rolledBack calls the after-rollback events: the transaction has ended
// rolled back.
func (s *Session) rolledBack(ctx context.Context) error {
	if s.opts.events == nil {
		return nil
	}
	if err := s.fire(ctx, s.opts.events.afterRollback); err != nil {
		return fmt.Errorf("retort: after-rollback event: %w", err)
	}
	return nil
}

// needsRollback is the error for work asked of a session whose flush
// failed: it says what was rolled back and which call ends it.
func (s *Session) needsRollback() error {
	if len(s.saves) > 0 {
		return fmt.Errorf("%w, to its innermost savepoint only: call RollbackNested, and the enclosing transaction goes on (the flush failed with: %v)", ErrNeedsRollback, s.failed)
	}
	return fmt.Errorf("%w: call Rollback (the flush failed with: %v)", ErrNeedsRollback, s.failed)
}

// Commit flushes the pending changes and commits the transaction, both
// under ctx. Objects deleted in it become detached; with ExpireOnCommit
// every object is expired. Commit without a transaction does nothing.
//
// When COMMIT fails, the session takes the transaction as rolled back, as
// the database has: objects added in it are transient again. The one
// exception is an error that wraps [engine.ErrCommitOutcomeUnknown]:
// COMMIT was sent and its answer lost (the connection reset or timed out
// after it left), so the database may hold the transaction's work after
// all. Do not simply add the objects again and retry, which may write
// them twice: look for what the transaction wrote first (by a key the
// application chose), or make the work safe to repeat.
func (s *Session) Commit(ctx context.Context) error {
	if err := s.enter(opCommit); err != nil {
		return err
	}
	defer s.leave()
	if s.failed != nil {
		return s.needsRollback()
	}
	// Pending work without a transaction begins the one it is flushed in.
	if err := s.flush(ctx); err != nil || s.tx == nil {
		return err
	}
	for len(s.saves) > 0 {
		if err := s.saves[len(s.saves)-1].tx.Commit(ctx); err != nil {
			return err
		}
		s.saves = s.saves[:len(s.saves)-1]
	}
	tx := s.tx
	s.tx = nil
	if err := tx.Commit(ctx); err != nil {
		s.idmap.afterRollback(nil)
		return errors.Join(err, s.rolledBack(ctx))
	}
	s.idmap.afterCommit(s.opts.expireOnCommit)
	if s.opts.events != nil {
		if err := s.fire(ctx, s.opts.events.afterCommit); err != nil {
			return fmt.Errorf("retort: after-commit event (the transaction is committed): %w", err)
		}
	}
	return nil
}

// Rollback rolls the transaction back. Objects added in it become
// transient again, objects deleted in it persistent, and every other
// object expired: the next query that returns it overwrites its fields.
// After a failed flush, Rollback is what makes the session usable again.
// Rollback sends ROLLBACK under ctx, and nothing if ctx is done already: the
// engine then closes the connection, which the server rolls back with
// (see [engine.Tx.Rollback]). Either way the session's objects are set back.
func (s *Session) Rollback(ctx context.Context) error {
	if err := s.enter(opRollback); err != nil {
		return err
	}
	defer s.leave()
	return s.rollback(ctx)
}

func (s *Session) rollback(ctx context.Context) error {
	s.failed = nil
	s.saves = nil
	if s.tx == nil {
		s.idmap.afterRollback(nil)
		return nil
	}
	tx := s.tx
	s.tx = nil
	err := tx.Rollback(ctx)
	s.idmap.afterRollback(nil)
	return errors.Join(err, s.rolledBack(ctx))
}

// Close rolls back whatever is open, releases the connection and
// detaches every object. It always releases the connection, whatever state
// the session is in; the Session can be used again afterwards. Close takes
// no context, so that it can be deferred as any io.Closer: its ROLLBACK is
// bounded by a few seconds, and not sent at all when the transaction's own
// context is done (the connection is closed instead). Roll back with
// Rollback(ctx) first where that must run under a context of the caller's.
func (s *Session) Close() error {
	if err := s.enter(opClose); err != nil {
		return err
	}
	defer s.leave()
	err := s.rollback(context.Background())
	s.idmap.expungeAll()
	s.loaded, s.raised, s.partial = nil, nil, nil
	return err
}

// savepoint is a nested transaction.
type savepoint struct {
	tx *engine.Tx
	// mark is where the identity map's journal stood when it began,
	// so rolling it back undoes what came after.
	mark int
}

// BeginNested flushes the pending changes and starts a nested
// transaction, a SAVEPOINT. End it with CommitNested or RollbackNested.
func (s *Session) BeginNested(ctx context.Context) error {
	if err := s.enter(opBeginNested); err != nil {
		return err
	}
	defer s.leave()
	if err := s.flush(ctx); err != nil {
		return err
	}
	parent, err := s.transaction(ctx)
	if err != nil {
		return err
	}
	tx, err := parent.Begin(ctx)
	if err != nil {
		return err
	}
	s.saves = append(s.saves, &savepoint{tx: tx, mark: s.idmap.journalMark()})
	return nil
}

// CommitNested flushes and releases the innermost nested transaction.
// When that fails the nested transaction stays open, its savepoint rolled
// back if the flush failed: end it with RollbackNested.
func (s *Session) CommitNested(ctx context.Context) error {
	if err := s.enter(opCommitNested); err != nil {
		return err
	}
	defer s.leave()
	if len(s.saves) == 0 {
		return errors.New("retort: no nested transaction to commit")
	}
	if err := s.flush(ctx); err != nil {
		return err
	}
	if err := s.saves[len(s.saves)-1].tx.Commit(ctx); err != nil {
		return err
	}
	s.saves = s.saves[:len(s.saves)-1]
	return nil
}

// RollbackNested rolls back to the innermost savepoint: objects added
// since become transient (those a flush inserted since too), objects
// deleted since persistent again, and every object is expired. The
// enclosing transaction goes on. After a flush failed inside the nested
// transaction, which already rolled back to its savepoint, it is what
// ends the nested transaction and lets the session work again.
func (s *Session) RollbackNested(ctx context.Context) error {
	if err := s.enter(opRollbackNested); err != nil {
		return err
	}
	defer s.leave()
	if len(s.saves) == 0 {
		return errors.New("retort: no nested transaction to roll back")
	}
	sp := s.saves[len(s.saves)-1]
	s.saves = s.saves[:len(s.saves)-1]
	err := sp.tx.Rollback(ctx)
	s.failed = nil
	s.idmap.afterRollback(&sp.mark)
	return err
}

// Savepoint runs fn in a nested transaction of s (a SAVEPOINT), beginning
// the session's transaction first if needed: released if fn returns nil,
// rolled back on an error or a panic (the panic goes on). A flush that
// fails inside, in fn or at the release, rolls back to the savepoint
// only: Savepoint returns its error, and the session goes on in the
// enclosing transaction, with the work done before the savepoint, as
// SQLAlchemy's begin_nested does. For a transaction of its own, a
// session comes from [SessionFactory.Transaction].
func (s *Session) Savepoint(ctx context.Context, fn func() error) (err error) {
	if fn == nil {
		return &nilError{op: "Savepoint", what: "the function"}
	}
	if err := s.BeginNested(ctx); err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			s.RollbackNested(ctx)
		}
	}()
	if err := fn(); err != nil {
		done = true
		return errors.Join(err, s.RollbackNested(ctx))
	}
	done = true
	if err := s.CommitNested(ctx); err != nil {
		return errors.Join(err, s.RollbackNested(ctx))
	}
	return nil
}

// Tx returns the session's transaction, beginning it if needed, for
// running core statements in it beside the session's work, or for
// reaching the driver's own connection inside it (engine/pgx.Conn for
// COPY, LISTEN/NOTIFY and pgx batches; see [engine.Tx.Raw]). Flush first
// what the session holds pending if those statements must see it.
func (s *Session) Tx(ctx context.Context) (*engine.Tx, error) {
	if err := s.enter(opTx); err != nil {
		return nil, err
	}
	defer s.leave()
	return s.transaction(ctx)
}

// Expunge takes obj out of the session: it becomes detached, and the
// session forgets its pending changes.
func (s *Session) Expunge(obj any) error {
	if err := s.enter(opExpunge); err != nil {
		return err
	}
	defer s.leave()
	m, p, err := objectOf("Expunge", obj)
	if err != nil {
		return err
	}
	if inst := s.idmap.find(m, p); inst != nil {
		s.idmap.pending = slices.DeleteFunc(s.idmap.pending, func(i *instance) bool { return i == inst })
		s.idmap.detach(inst)
	}
	return nil
}

// ExpungeAll detaches every object of the session: the next query builds
// new ones.
func (s *Session) ExpungeAll() error {
	if err := s.enter(opExpungeAll); err != nil {
		return err
	}
	defer s.leave()
	s.idmap.expungeAll()
	s.loaded, s.raised, s.partial = nil, nil, nil
	return nil
}

// Expire marks obj's fields as no longer known to match the database: the
// next query that returns its row overwrites them. Go cannot reload it
// when a field is read; Refresh reloads it at once.
func (s *Session) Expire(obj any) error {
	if err := s.enter(opExpire); err != nil {
		return err
	}
	defer s.leave()
	m, p, err := objectOf("Expire", obj)
	if err != nil {
		return err
	}
	if inst := s.idmap.find(m, p); inst != nil {
		if inst.readOnly {
			// No record to mark: forgotten, the next query
			// builds it anew.
			s.idmap.forget(inst)
		}
		inst.expired = true
	}
	return nil
}

// Refresh reloads obj's columns from the database with one SELECT,
// those tagged deferred included, discarding its unflushed changes.
func (s *Session) Refresh(ctx context.Context, obj any) error {
	if err := s.enter(opRefresh); err != nil {
		return err
	}
	defer s.leave()
	m, p, err := objectOf("Refresh", obj)
	if err != nil {
		return err
	}
	inst := s.idmap.find(m, p)
	if inst == nil || inst.state != Persistent {
		return fmt.Errorf("retort: Refresh: the %T is not persistent in this session", obj)
	}
	inst.expired = true
	sel := m.byKey(inst.identity().values(), m.wholeRow()...).Where(s.globalOn(m)...)
	q := plan{raw: sel, keyed: true, elems: []elem{{m: m}}, opts: []QueryOption{PopulateExisting()}}
	c, err := s.open(ctx, &q, 0)
	if err != nil {
		return err
	}
	_, found, err := c.next(nil)
	if err = c.finish(ctx, err); err == nil && !found {
		err = fmt.Errorf("retort: Refresh: %w: the %T's row is gone", ErrNoRows, obj)
	}
	return err
}
