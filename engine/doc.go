// engine/doc.go

// Package engine runs statements of package core on a real database. It
// owns what SQLAlchemy's Engine and Connection own: opening a database from
// a DSN, the connection pool, explicit transactions and savepoints, and
// results that stream.
//
// # Opening
//
// Each database runs on a backend, a package of its own that the program
// imports, as database/sql drivers are imported, so that a program links
// only the drivers it uses (a PostgreSQL service, no SQLite):
//
//	import (
//		"github.com/retortdb/retort/engine"
//		_ "github.com/retortdb/retort/engine/pgx" // postgres://
//	)
//
//	eng, err := engine.Open(ctx, "postgres://app@db:5432/shop?sslmode=disable")
//
// [Open] chooses the backend and the dialect by the DSN's scheme:
// postgres:// and postgresql:// are engine/pgx's, on pgx natively (pgxpool
// and the binary protocol, not database/sql); sqlite: is engine/sqlite's,
// on modernc.org/sqlite, and mysql:// engine/mysql's, on
// go-sql-driver/mysql, both through database/sql. A DSN whose backend is
// not imported fails with an error naming the import. A MySQL-protocol
// server is told apart as MariaDB or MySQL by its VERSION().
//
// A program that has a pool already hands it to its backend's New:
// engine/pgx.New takes a *pgxpool.Pool, engine/sqlite.New and
// engine/mysql.New a *sql.DB. The engine then leaves the pool's settings
// alone and does not close it, unless told to by [WithOwnPool].
//
// Inside a transaction, [Tx.Raw] reaches the driver's own connection for
// what the engine does not wrap (COPY, LISTEN and NOTIFY, pgx batches);
// the backends' Conn functions give it typed: engine/pgx.Conn a *pgx.Conn,
// the others a *sql.Conn.
//
// The backends implement the small interface of package engine/driver
// (which is to this package what database/sql/driver is to database/sql)
// and register with [Register]; nothing in this package knows which
// driver runs.
//
// On PostgreSQL values are scanned by pgx's codecs, with three of the
// engine's own where pgx's are slow: a nullable column into a *T; a
// numeric into a float64, which pgx reads through a big.Int and a string
// (about 260 ns and four allocations a value) and the engine reads from the
// wire's base-10000 digits in a few nanoseconds, to the same float64, the
// one nearest the decimal; and a numeric into a shopspring
// decimal.Decimal, read from those digits exactly (about 40 ns and two
// allocations for a money amount, where pgx's own path takes about 540 ns
// and eleven), and bound as a binary numeric.
//
// # Decimals
//
// A decimal.Decimal (github.com/shopspring/decimal) is exact on every
// backend: PostgreSQL's numeric and MySQL's DECIMAL keep it as given.
// SQLite keeps a NUMERIC column's values as 8-byte floats or integers, so
// the engine binds a decimal there as that number, and refuses (with
// [ErrUnsupportedValue], before sending anything) one of more than 15
// significant digits, or beyond a float's range, which SQLite would keep
// as another number; a decimal reads back from the float's shortest text,
// which is what was written. A NaN or infinite numeric has no decimal and
// fails to scan into one.
//
// The pool is the driver's own, configured from a [Config] with
// SQLAlchemy's settings (pool size, max overflow, pre-ping, recycle,
// timeout, plus idle timeout); Config's documentation has the table of how
// each maps onto pgxpool and database/sql, and where they fall short.
// Exhausting the pool for longer than [Config.PoolTimeout] fails with
// [ErrPoolTimeout], whose message gives the pool's figures; [Engine.Stats]
// reports them at any time.
//
// # Times
//
// A time.Time is an instant, whatever its location: the engine binds it so
// that the database keeps that instant, and reads times back in UTC, so a
// time written in any zone reads back Equal to it, and a comparison with a
// stored time matches whatever the zone of the value bound (t, t.UTC(),
// t.In(loc)). Per backend:
//
//   - PostgreSQL: a time.Time column is TIMESTAMP WITH TIME ZONE (core's
//     default), which stores the instant; it reads in UTC, where pgx alone
//     would give time.Local. A TIMESTAMP without time zone column (SQLType
//     core.Timestamp, or a schema made elsewhere) gets the instant's UTC
//     wall clock, where pgx alone would write the wall clock in the time's
//     own location and drop its offset, and reads that wall clock as UTC.
//     Sessions run with TimeZone UTC, unless the DSN sets timezone (or
//     PGTZ), so that CURRENT_TIMESTAMP and casts between the two types
//     agree with that rule.
//   - MariaDB and MySQL: columns are DATETIME(6), without zone; the driver
//     writes the UTC wall clock and reads it as UTC (its loc parameter,
//     UTC by default). Sessions run with time_zone '+00:00', unless the
//     DSN sets time_zone or a loc other than UTC, so that NOW() and
//     CURRENT_TIMESTAMP give the same wall clock and a TIMESTAMP column
//     converts from and to UTC.
//   - SQLite has no time type and compares times as text. A time is bound
//     as SQLite's own date functions write times, in UTC ("2009-01-01
//     00:00:00", with fractional seconds when there are any), so that it
//     compares correctly with CURRENT_TIMESTAMP and with times stored that
//     way; a column declared TIMESTAMP, DATETIME or DATE reads it back as
//     the same instant, in UTC.
//
// TIMESTAMP WITH TIME ZONE and DATETIME(6) keep microseconds, SQLite's
// text nanoseconds.
//
// # Transactions
//
// Nothing autocommits: every statement runs in a [Tx], begun by
// [Engine.Begin] and finished by [Tx.Commit] or [Tx.Rollback] (which does
// nothing after Commit, so it can be deferred). [Engine.Transaction] runs a
// function in a transaction, committing if it returns nil and rolling back
// on an error or a panic. [Tx.Begin] nests a transaction as a SAVEPOINT.
//
// # SQLite and concurrent writers
//
// SQLite has one write lock per database file, and a transaction that
// has read cannot take it while another writer holds it: it fails at once
// with SQLITE_BUSY, whatever the busy timeout, and two such transactions
// that read then write fail each other under load. So that a server with
// a transaction per request works on a SQLite file out of the box, the
// engine sets these rules; the DSN may override each setting by naming it
// (_journal_mode or _pragma=journal_mode(...), _synchronous, _txlock,
// _busy_timeout or _pragma=busy_timeout(...)):
//
//   - A database in a file runs in WAL mode (journal_mode=WAL) with
//     synchronous=NORMAL: readers never wait for the writer nor the writer
//     for readers, each reader seeing the database as its transaction
//     first read it, and a commit does not wait for the disk. The database
//     stays consistent through a power loss, which may lose the last
//     transactions committed before it; a crash of the process loses none.
//     Set _synchronous=FULL if every commit must survive a power loss too.
//     WAL keeps two files beside the database (its name with -wal and
//     -shm appended), which a copy of a database in use must include, and
//     needs a local file system: on a network one set _journal_mode=DELETE.
//   - A transaction that may write, which is every transaction begun
//     without [WithReadOnly] or [WithAutocommit], begins with BEGIN IMMEDIATE: it
//     takes the write lock at its start, and so never fails for want of
//     it later. [WithReadOnly] transactions begin deferred, and [WithAutocommit]
//     ones run each statement on its own; neither takes the write lock
//     nor waits for it. SQLite does not enforce ReadOnly: a read-only or
//     autocommit transaction that writes takes the lock at that statement,
//     waiting for it at most the busy timeout (5s).
//   - The writers of one engine take turns, in the order they called
//     Begin: a writer waits in Go, holding no connection, until the one
//     before it commits or rolls back, or its context ends (database/sql
//     then rolls it back). SQLite's own busy handler, which sleeps and
//     retries, is not fair, and under load one writer may lose every race
//     until its busy timeout runs out. The wait counts against
//     [Config.PoolTimeout] as a wait for a connection does. An in-memory
//     database has one connection, which serialises its transactions
//     already.
//   - A writer that does not get its turn in time, and a statement that
//     meets a lock past the busy timeout (SQLITE_BUSY or SQLITE_LOCKED),
//     fail with [ErrBusy], whose message says what waited for what.
//
// What this asks of the code: keep transactions that may write short,
// and read through ReadOnly or Autocommit transactions (in package orm,
// sessions of factories made with orm.WithReadOnly or orm.WithAutocommit), which
// never wait for a writer. A goroutine that holds a transaction that may
// write and begins a second one on the same engine waits for itself,
// until its context or the pool timeout ends the wait with ErrBusy: end
// the first, or make the second read-only. The queue is the engine's: the
// writers of another engine or process on the same file, or of an
// override to _txlock=deferred, contend in SQLite's busy handler and may
// meet ErrBusy; open one engine per database file in a process.
//
// # Results
//
// [Tx.Query] returns a [Result] that streams: each row is read from the
// connection when [Result.Next] asks for it. [Result.All], [Result.One],
// [Result.OneOrNone], [Result.First], [Result.Mappings], [Scalars] and
// [ScanAll] (rows into structs by column label) read it whole;
// [Result.Partitions] and [ScanPartitions] read it in batches through Go
// iterators. Every one of them closes the Result, on every path.
//
// # Bulk insert
//
// [Tx.InsertMany] inserts many rows of plain values into a table:
// tx.InsertMany(ctx, Items, []string{"id", "name"}, rows), rows being
// [][]any, one value per column. The values go as data, never SQL text.
// On PostgreSQL it is one COPY ... FROM STDIN in the binary format
// (pgx's CopyFrom), several times faster than INSERTs for large loads;
// on SQLite and MySQL/MariaDB it is multi-row INSERTs, each as large as
// the dialect's bind parameter limit allows (core.Dialect.MaxParameters).
// It reads back no generated key (COPY returns none), fails as an INSERT
// would, with the same classified errors, and stops when its context
// ends. Tracers see the COPY as one statement of [KindCopy].
//
// # Failures and cancellation
//
// Every failure comes back as an error, never a panic, and a statement's
// error wraps the driver's (a *pgconn.PgError with its SQLSTATE, a
// *mysql.MySQLError, a *sqlite.Error, a context error) in a
// [StatementError] naming the SQL. A failed statement leaves its Tx able
// to roll back and its connection fit for the next transaction, or out of
// the pool. RELIABILITY.md, at the repository's root, lists what survives
// what, and the tests that check it.
//
// Errors of the database that a program branches on are the same on every
// backend: [ErrUniqueViolation], [ErrForeignKeyViolation],
// [ErrNotNullViolation], [ErrCheckViolation], [ErrSerializationFailure],
// [ErrDeadlock], [ErrLockNotAvailable], [ErrQueryCanceled] and
// [ErrConnectionLost], tested with errors.Is. errors.As with a
// *[DatabaseError] gives the server's code and the constraint, table and
// column it names, and still reaches the driver's error below:
//
//	err := eng.Transaction(ctx, signUp)
//	var de *engine.DatabaseError
//	if errors.As(err, &de) && de.Kind == engine.ErrUniqueViolation {
//		return fmt.Errorf("%s is taken (%s)", email, de.Constraint)
//	}
//
// A serialization failure or a deadlock rolls the whole transaction back,
// and running it again may succeed ([IsRetryable]): [WithRetry] makes
// [Engine.Transaction] do so, with a bound and a growing random wait,
// never after [ErrCommitOutcomeUnknown]. [ErrNoRows] matches sql.ErrNoRows
// too.
//
// Every call that touches the database takes a context, and returns within
// about 50 ms of the context's end, whatever the network does (a stalled
// network, a server gone). On PostgreSQL a context that ends during a
// statement sends the server a cancel request, so the backend stops
// working on the statement instead of running on after the client has
// gone; the call waits 50 ms for the server's answer, and otherwise gives
// up the connection and leaves the cancel request to finish in the
// background. On SQLite the driver interrupts the statement. On MySQL the
// driver closes the connection, and the engine sends the server KILL QUERY
// for it, on a connection of its own, in the background; without it the
// server would run the statement on, holding its locks, until it next
// wrote to the closed socket. [Config.StatementTimeout]
// gives a deadline to statements whose context has none; by default there
// is none.
//
// A connection that failed (lost, cancelled, left in a transaction by a
// failed COMMIT or ROLLBACK) leaves the pool at once and is never handed
// out again; the pool opens another when one is needed. A PostgreSQL
// connection idle for over a second (every one with PrePing) is pinged
// before it is handed out.
//
// [Tx.Commit] fails with [ErrCommitOutcomeUnknown] when COMMIT was sent and
// its answer lost: the only failure after which the transaction may have
// been committed. Every other failure of Commit means it was not. A
// [Result] cut short by Commit or Rollback says so in [Result.Err]
// ([ErrTxDone]). An argument the database would store as another value
// without an error (NaN on SQLite, NaN and ±Inf on MySQL) is refused with
// [ErrUnsupportedValue] before anything is sent. Every checkout that
// outlasts [Config.PoolTimeout] fails with [ErrPoolTimeout].
//
// # Events and echo
//
// A [Tracer], registered with [WithTracer] at Open or [Engine.AddTracer]
// later, observes every statement: [Tracer.StatementStart] before it goes
// to the driver (the final SQL in the driver's placeholder style, and the
// arguments) and [Tracer.StatementEnd] after (duration, rows affected or
// read, error). A query ends when its [Result] is closed, since only then
// is its row count known. A tracer that also implements [TxTracer] sees
// BEGIN, COMMIT, ROLLBACK and the savepoints; one that implements
// [PoolTracer] sees connects (PostgreSQL and MySQL), checkouts and
// checkins. Tracers observe; they cannot rewrite a statement. A
// transaction's tracers are fixed when it begins, and with none registered
// the statement path runs no event code at all.
//
// [WithLogger] is SQLAlchemy's echo through log/slog, built as a tracer:
// at Info each statement's SQL, duration and row count, and BEGIN, COMMIT
// and ROLLBACK; at Debug the parameters too, long lists truncated. Package
// retorttest's Recorder, for users' tests, captures statements the same
// way.
//
// # Streaming large results
//
// [Tx.Stream] (and [Tx.StreamSQL]) is SQLAlchemy's stream_results with
// yield_per: tx.Stream(ctx, 2000, stmt) returns a [Result] that reads like
// any other, fetched 2,000 rows at a time. On PostgreSQL it declares a
// server-side cursor in the transaction (DECLARE "retort_cur_1" NO SCROLL
// CURSOR FOR ..., then FETCH FORWARD 2000 per batch and CLOSE), so the
// server, the driver and the application each hold at most one batch. Each
// batch is read off the connection whole, so between FETCHes the
// connection is free and other statements may run on the transaction while
// the streamed Result is open. On SQLite and MySQL/MariaDB Stream is
// [Tx.Query]: database/sql already streams (go-sql-driver/mysql reads each
// row from the socket when Next asks for it; modernc.org/sqlite steps the
// statement), and the connection is busy until the Result is closed.
//
// A cursor is worth it for a huge result read by a slow consumer (a batch
// job writing each batch elsewhere). It is not for small results: each
// batch costs a round trip, plus DECLARE and CLOSE. Without it pgx still
// reads rows as they arrive, never the whole result at once, but the
// server runs the query to the end and the socket's buffers fill while the
// consumer lags, holding the backend's work and the snapshot open.
//
// # Leaks
//
// A [Result] that becomes garbage while still open is reported (a warning
// through log/slog giving its SQL); its transaction still counts it open
// until the Result's rows are closed by Commit or Rollback. A transaction
// open longer than [Config.LongTransaction] (default one minute) is
// reported once.
//
// With [Config.CallSites] (or WithCallSites(true)) the reports also name
// the file:line that opened the Result or began the transaction: the first
// caller outside packages engine and orm. Recording a stack at every Begin
// costs over a third of a short query's own work, so it is off by
// default, and the reports then carry a hint saying how to turn it on:
// turn it on in development and tests, or in production while hunting a
// warning. Off, the engine records no stack at all.
package engine
