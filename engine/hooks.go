// engine/hooks.go

package engine

import "github.com/retortdb/retort/internal/enginehook"

// The hooks package orm runs faster by: kept out of this package's API,
// and reached through internal/enginehook, whose documentation says what
// each does.
func init() {
	enginehook.ClosesResults = TxOption(func(o txOptions) txOptions { o.closes = true; return o })
	enginehook.StreamHoldsConnection = func(tx any) bool { return !tx.(*Tx).cursorsOn() }
	enginehook.RetryTransaction = retryTransaction
}
