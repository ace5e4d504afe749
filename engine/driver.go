// engine/driver.go

package engine

import "github.com/retortdb/retort/engine/driver"

// The engine talks to its backends through the interfaces of package
// engine/driver: a Pool, the Tx it begins, the Rows of a query. Only the
// backends (engine/pgx, engine/sqlite, engine/mysql) know which library
// runs; nothing in this package does.

// txOptions are a transaction's options: the driver's, and the engine's
// own.
type txOptions struct {
	d        driver.TxOptions
	closes   bool // enginehook.ClosesResults
	attempts int  // WithRetry, read by Engine.Transaction only
}
