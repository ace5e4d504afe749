// engine/sqlite/dberror.go

package sqlite

import (
	"errors"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/retortdb/retort/engine"
)

// classify returns err as an *engine.DatabaseError when classifySQLite
// recognises it (a busy database as ErrBusy first, see sqliteBusy), and
// err itself otherwise or when it is nil or classified already.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var de *engine.DatabaseError
	if errors.As(err, &de) {
		return err
	}
	err = sqliteBusy(err)
	if de := classifySQLite(err); de != nil {
		de.Err = err
		return de
	}
	return err
}

// classifySQLite recognises SQLite's errors by extended result code, and
// takes the table and columns, or a CHECK's name, from the message.
func classifySQLite(err error) *engine.DatabaseError {
	var liteErr *sqlite.Error
	if !errors.As(err, &liteErr) {
		return nil
	}
	code := liteErr.Code()
	de := &engine.DatabaseError{Code: strconv.Itoa(code)}
	// The message ends "...: UNIQUE constraint failed: users.email (2067)".
	msg := liteErr.Error()
	detail := msg
	if i := strings.LastIndex(msg, "constraint failed: "); i >= 0 {
		detail = strings.TrimSuffix(msg[i+len("constraint failed: "):], " ("+strconv.Itoa(code)+")")
	}
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		de.Kind = engine.ErrUniqueViolation
		de.Table, de.Column = tableColumns(detail)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		de.Kind = engine.ErrForeignKeyViolation // SQLite names nothing
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		de.Kind = engine.ErrNotNullViolation
		de.Table, de.Column = tableColumns(detail)
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		de.Kind = engine.ErrCheckViolation
		de.Constraint = detail
	case sqlite3.SQLITE_BUSY_SNAPSHOT:
		// A write on a read snapshot that another connection's commit
		// has moved past: only running the transaction again helps.
		de.Kind = engine.ErrSerializationFailure
	default:
		switch code & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			de.Kind = engine.ErrLockNotAvailable
		case sqlite3.SQLITE_INTERRUPT:
			de.Kind = engine.ErrQueryCanceled
		default:
			return nil
		}
	}
	return de
}

// tableColumns splits SQLite's "users.a, users.b" into the table and the
// columns ("a, b").
func tableColumns(s string) (table, columns string) {
	var cols []string
	for _, tc := range strings.Split(s, ", ") {
		t, c, ok := strings.Cut(tc, ".")
		if !ok {
			return "", ""
		}
		table = t
		cols = append(cols, c)
	}
	return table, strings.Join(cols, ", ")
}
