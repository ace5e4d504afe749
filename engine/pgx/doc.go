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
// This package's name is pgx's own: a program that uses both imports one
// under another name.
package pgx
