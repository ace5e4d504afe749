// engine/doc.go

// Package engine runs statements of package core on a real database. It
// owns what SQLAlchemy's Engine and Connection own: opening a database from
// a DSN, the connection pool, explicit transactions and savepoints, and
// results that stream.
//
// # Opening
//
// [Open] chooses the driver and the dialect by the DSN's scheme:
// postgres:// and postgresql:// run on pgx natively (pgxpool and the binary
// protocol, not database/sql); sqlite: runs on modernc.org/sqlite and
// mysql:// on go-sql-driver/mysql, both through database/sql. A small
// internal interface (driver.go) hides the difference; nothing outside the
// driver files knows which driver runs. A MySQL-protocol server is told
// apart as MariaDB or MySQL by its VERSION().
//
// The pool is the driver's own, configured from a [Config] with
// SQLAlchemy's settings (pool size, max overflow, pre-ping, recycle,
// timeout, plus idle timeout); Config's documentation has the table of how
// each maps onto pgxpool and database/sql, and where they fall short.
// Exhausting the pool for longer than [Config.PoolTimeout] fails with
// [ErrPoolTimeout], whose message gives the pool's figures; [Engine.Stats]
// reports them at any time.
//
// # Transactions
//
// Nothing autocommits: every statement runs in a [Tx], begun by
// [Engine.Begin] and finished by [Tx.Commit] or [Tx.Rollback] (which does
// nothing after Commit, so it can be deferred). [Engine.Transaction] runs a
// function in a transaction, committing if it returns nil and rolling back
// on an error or a panic. [Tx.Begin] nests a transaction as a SAVEPOINT.
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
// # Cancellation
//
// Every call that touches the database takes a context. On PostgreSQL a
// context that ends during a statement sends the server a cancel request
// (pgconn's CancelRequestContextWatcherHandler), so the backend stops
// working on the statement instead of running on after the client has gone.
// On SQLite the driver interrupts the statement. On MySQL the driver closes
// the connection (which the pool then discards); no KILL QUERY is sent, so
// the server may run on until it next writes to the closed socket.
//
// # Not yet
//
// Server-side cursors (StreamResults), execution events and slog echo,
// checkout/checkin hooks, reporting of long-open transactions and of
// Results never closed are to come. The seams for them: every statement
// of the caller's runs through Tx.ExecSQL or Tx.QuerySQL, transaction
// control through Tx.execControl and Tx.Commit/Rollback, and every checkout
// through Engine.acquire.
package engine
