// engine/pgx/doc.go

// Package pgx is the engine's PostgreSQL backend, on pgx v5 natively
// (pgxpool and the binary protocol, not database/sql). Importing it
// registers the postgres:// and postgresql:// schemes with
// [engine.Open]:
//
//	import _ "github.com/retortdb/retort/engine/pgx"
//
//	eng, err := engine.Open(ctx, "postgres://app@db:5432/shop?sslmode=disable")
//
// A DSN takes pgx's parameters (pgxpool.ParseConfig's); any other
// parameter, such as search_path, is sent to the server as a run-time
// setting. Sessions run with TimeZone UTC unless the DSN sets timezone
// (see "Times" in package engine).
//
// A program that has a *pgxpool.Pool already opens the engine on it with
// [New]; [Configure] gives a pool the program builds the engine's own
// connection settings. [Conn] reaches, inside a transaction, the
// *pgx.Conn it runs on, for COPY, LISTEN/NOTIFY and batches:
//
//	cfg, _ := pgxpool.ParseConfig(dsn)
//	cfg.AfterConnect = registerMyTypes
//	pgx.Configure(cfg)
//	pool, _ := pgxpool.NewWithConfig(ctx, cfg)
//	eng, _ := pgx.New(pool) // Close leaves pool open
//
//	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
//		conn, err := pgx.Conn(ctx, tx)
//		if err != nil {
//			return err
//		}
//		_, err = conn.CopyFrom(ctx, pgxv5.Identifier{"items"}, cols, pgxv5.CopyFromRows(rows))
//		return err
//	})
//
// # Exec modes
//
// pgx's default_query_exec_mode DSN parameter chooses how statements are
// sent, and the engine runs under each of the five: cache_statement (the
// default: named prepared statements, cached per connection),
// cache_describe, describe_exec, exec and simple_protocol. The engine
// behaves the same under all of them, with two rules that hold in every
// mode although the modes reach them differently:
//
//   - A transaction's first statement goes with its BEGIN in one round
//     trip. If the server refuses that statement, the transaction has
//     failed, as after any failed statement: the statements after it get
//     SQLSTATE 25P02 and Commit rolls back. (In the cache modes and
//     describe_exec pgx has the statement prepared before anything runs,
//     so the server never ran BEGIN; the engine then gives 25P02 itself,
//     and sends nothing more until Rollback or Commit.)
//   - A NUL byte in a text argument is refused, never cut off, with
//     SQLSTATE 22021. simple_protocol writes arguments into the SQL text,
//     which cannot hold a NUL: the engine refuses such an argument before
//     sending, with the error the server gives in the other modes.
//
// describe_exec costs a round trip more per statement (the description);
// exec and simple_protocol send argument types pgx infers from Go types.
//
// # PgBouncer
//
// Behind PgBouncer in transaction pooling mode, each transaction may run
// on another server connection, so nothing may outlive a transaction on
// the server. Use default_query_exec_mode=exec or simple_protocol, which
// prepare no named statement (the unnamed one lasts for one statement);
// cache_describe works too, but keeps descriptions that a change of
// schema makes stale. The cache_statement default does not work:
// statements it prepared on one server connection are missing on the
// next, or already there under the same name ("prepared statement
// ... already exists"). The engine keeps to the rest of the rule: it
// sends BEGIN with a transaction's first statement, in the same round
// trip, and its streams read through cursors declared inside their
// transaction. A program must keep to it as well: no LISTEN (a
// notification reaches the server connection, not the client), no
// session-level SET (use SET LOCAL, or a DSN parameter, which PgBouncer
// accepts only for the few it tracks such as TimeZone; search_path is
// not one), no cursor WITH HOLD or advisory lock held across
// transactions, and no prepared statements of its own across them.
// Statements under [engine.WithAutocommit] each run on whichever server
// connection is free; describe_exec, which describes a statement and
// runs it in two round trips, can lose it in between there.
//
// These rules are tested against Debian's PgBouncer 1.18 in transaction
// pooling mode (the TestPgBouncer tests of engine and orm).
//
// # Numeric columns
//
// A numeric (NUMERIC, DECIMAL) column reads exactly into a
// github.com/shopspring/decimal Decimal, in every exec mode, from the
// binary or text form, without pgx's detour through a pgtype.Numeric and
// its text: a money amount in about 50 ns and two allocations, against
// pgx's 550 ns and eleven. The decimal's exponent is the column's scale
// negated, so 12.50 in a NUMERIC(10, 2) is 1250 × 10⁻², as
// decimal.NewFromString reads the server's text "12.50"; String prints
// 12.5 (12.50 under decimal.TrimTrailingZeros false), and Equal compares
// values, not exponents. NULL is an error in a Decimal, nil in a
// *Decimal and Valid false in a NullDecimal. NaN, Infinity and -Infinity,
// which a numeric holds and a decimal cannot, are errors naming the value
// and the destination; read such a column into a float64 or a string.
//
// A Decimal, *Decimal or NullDecimal argument is sent as a binary numeric
// of its value and the scale of its String (trailing zeros after the
// point dropped, unless decimal.TrimTrailingZeros is false): what pgx
// would send as the text, at a fortieth of the cost. A []decimal.Decimal
// is a numeric[], for an In over decimals, also under exec and
// simple_protocol.
//
// A numeric into a float64 is the float64 nearest the decimal, as the
// server's cast to float8 gives, read from the base-10000 digits.
//
// This package's name is pgx's own: a program that uses both imports one
// under another name.
package pgx
