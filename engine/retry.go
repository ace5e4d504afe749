// engine/retry.go

package engine

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Retry makes [Engine.Transaction] run the whole transaction again, up to
// attempts runs in all, while it fails with an error [IsRetryable]
// reports: a serialization failure or a deadlock, after which the server
// has rolled the transaction back. fn runs again from the start in a new
// transaction, so what it does outside the transaction must bear
// repeating. Between runs it waits a random time around 10 ms, doubling
// each run up to 1 s, and stops with the last error joined to ctx's when
// ctx ends. An unknown commit outcome is never retried: the first run may
// have been committed. Begin ignores the option.
//
//	err := eng.Transaction(ctx, transfer, engine.WithIsolation(engine.Serializable), engine.WithRetry(5))
func WithRetry(attempts int) TxOption {
	return func(o txOptions) txOptions { o.attempts = attempts; return o }
}

// retryTransaction calls run until it succeeds, returns an error
// IsRetryable rejects, or has run attempts times, with WithRetry's waits
// in between: the loop of WithRetry, which orm's SessionFactory.Transaction
// reaches as enginehook.RetryTransaction.
func retryTransaction(ctx context.Context, attempts int, run func() error) error {
	for n := 1; ; n++ {
		err := run()
		if err == nil || n >= attempts || !IsRetryable(err) {
			return err
		}
		if werr := backoff(ctx, n); werr != nil {
			return errors.Join(err, werr)
		}
	}
}

// backoff waits before run n+1: half of 10 ms·2ⁿ⁻¹ (at most 1 s) plus a
// random part as large, so that transactions that collided once do not
// collide again in step.
func backoff(ctx context.Context, n int) error {
	d := min(10*time.Millisecond<<(n-1), time.Second)
	t := time.NewTimer(d/2 + rand.N(d/2+1))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
