// engine/echo.go

package engine

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Echo: SQLAlchemy's echo=True, through log/slog, as a tracer on the same
// seam as any other.

// Echo's truncation of long parameter lists and values, after SQLAlchemy's
// "... 400 parameters truncated ..." and "... (300 characters truncated)
// ...".
const (
	echoMaxParams   = 10  // more are shown as the first 8 and the last 2
	echoHeadParams  = 8   // shown before the truncation mark
	echoMaxParamLen = 300 // longer values are cut, in bytes
)

// WithLogger echoes the engine's work to l, as SQLAlchemy's echo does: at
// Info, each statement (the message is its SQL) with its duration and row
// count (and its error if it failed), and BEGIN, COMMIT and ROLLBACK
// (savepoints appear as their statements); at Debug, each statement's
// parameters too. A statement is logged when it ends, so a query is logged
// when its [Result] is closed. Lists of more than 10 parameters are
// truncated ("... 390 parameters truncated ..."), and so are values longer
// than 300 bytes.
//
// The levels are asked of l's handler, so the handler's level chooses
// between SQL only and SQL with parameters. WithLogger registers a
// [Tracer]; it may be combined with others.
//
// The engine's warnings (a Result dropped without Close, a transaction open
// longer than Config.LongTransaction) go to l as well, at Warn; without
// WithLogger they go to slog.Default().
func WithLogger(l *slog.Logger) Option {
	if l == nil {
		return func(*Config) {}
	}
	echoes := WithTracer(&echo{l: l})
	return func(c *Config) {
		echoes(c)
		c.diagLogger = l
	}
}

// echo is the Tracer of WithLogger.
type echo struct {
	l *slog.Logger
}

func (e *echo) StatementStart(ctx context.Context, _ StatementStartData) context.Context {
	return ctx
}

func (e *echo) StatementEnd(ctx context.Context, d StatementEndData) {
	if !e.l.Enabled(ctx, slog.LevelInfo) {
		return
	}
	attrs := make([]slog.Attr, 0, 5)
	attrs = append(attrs, slog.String("kind", d.Kind.String()),
		slog.Duration("duration", d.Duration), slog.Int64("rows", d.Rows))
	if e.l.Enabled(ctx, slog.LevelDebug) {
		attrs = append(attrs, slog.String("params", echoParams(d.Args)))
	}
	if d.Err != nil {
		attrs = append(attrs, slog.Any("err", d.Err))
	}
	e.l.LogAttrs(ctx, slog.LevelInfo, d.SQL, attrs...)
}

func (e *echo) TxEvent(ctx context.Context, d TxEventData) {
	switch d.Op {
	case TxBegin, TxCommit, TxRollback:
	default:
		return // logged as statements
	}
	if d.Autocommit || !e.l.Enabled(ctx, slog.LevelInfo) {
		return // an Autocommit Tx sends no BEGIN, COMMIT or ROLLBACK
	}
	attrs := []slog.Attr{slog.Duration("duration", d.Duration)}
	if d.Err != nil {
		attrs = append(attrs, slog.Any("err", d.Err))
	}
	e.l.LogAttrs(ctx, slog.LevelInfo, d.Op.String(), attrs...)
}

// echoParams renders a statement's parameters for the log:
// (1, 'apple', NULL), with long lists and long values truncated.
func echoParams(args []any) string {
	var b strings.Builder
	b.WriteByte('(')
	write := func(i int, v any) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(echoValue(v))
	}
	if len(args) <= echoMaxParams {
		for i, v := range args {
			write(i, v)
		}
	} else {
		tail := echoMaxParams - echoHeadParams
		for i, v := range args[:echoHeadParams] {
			write(i, v)
		}
		fmt.Fprintf(&b, " ... %d parameters truncated ... ", len(args)-echoMaxParams)
		for i, v := range args[len(args)-tail:] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(echoValue(v))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// echoValue renders one parameter: strings quoted, NULL for nil, byte
// slices by their length.
func echoValue(v any) string {
	var s string
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		s = v
		if len(s) > echoMaxParamLen {
			return strconv.Quote(s[:echoMaxParamLen]) + fmt.Sprintf(" ... (%d characters truncated)", len(v)-echoMaxParamLen)
		}
		return strconv.Quote(s)
	case []byte:
		return fmt.Sprintf("<%d bytes>", len(v))
	case time.Time:
		s = v.Format(time.RFC3339Nano)
	default:
		s = fmt.Sprint(v)
	}
	if len(s) > echoMaxParamLen {
		s = s[:echoMaxParamLen] + fmt.Sprintf(" ... (%d characters truncated)", len(s)-echoMaxParamLen)
	}
	return s
}
