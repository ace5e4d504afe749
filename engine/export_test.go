package engine

import "log/slog"

// WithDiagLogger sends an engine's leak reports to l: the tests' seam
// (leak.go).
func WithDiagLogger(l *slog.Logger) Option {
	return func(c *Config) { c.diagLogger = l }
}

// SiteRecorded tells whether tx recorded where it was begun (leak.go).
func SiteRecorded(tx *Tx) bool { return tx.conn.site.n > 0 }
