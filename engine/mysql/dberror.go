// engine/mysql/dberror.go

package mysql

import (
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/retortdb/retort/engine"
	edriver "github.com/retortdb/retort/engine/driver"
)

// classify returns err as an *engine.DatabaseError when classifyMySQL
// recognises it, and err itself otherwise, or when it is nil, classified
// already or an unknown commit outcome.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var de *engine.DatabaseError
	if errors.As(err, &de) || errors.Is(err, edriver.ErrCommitOutcomeUnknown) {
		return err
	}
	if de := classifyMySQL(err); de != nil {
		de.Err = err
		return de
	}
	return err
}

// between returns the text of s after the first open and before the next
// close, or "" when either is missing.
func between(s, open, close string) string {
	_, rest, ok := strings.Cut(s, open)
	if !ok {
		return ""
	}
	inner, _, ok := strings.Cut(rest, close)
	if !ok {
		return ""
	}
	return inner
}

// classifyMySQL recognises MySQL's and MariaDB's errors by number, takes
// the constraint, table and column from the message where it names them,
// and go-sql-driver/mysql's words for a connection that is gone.
func classifyMySQL(err error) *engine.DatabaseError {
	var myErr *mysql.MySQLError
	if !errors.As(err, &myErr) {
		if errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) {
			return &engine.DatabaseError{Kind: engine.ErrConnectionLost}
		}
		return nil
	}
	de := &engine.DatabaseError{Code: strconv.Itoa(int(myErr.Number))}
	msg := myErr.Message
	switch myErr.Number {
	case 1062, 1586: // ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME
		// "Duplicate entry 'x' for key 'users.email'" (MySQL 8 puts the
		// table first) or "... for key 'email'" (MariaDB).
		de.Kind = engine.ErrUniqueViolation
		key := msg[strings.LastIndex(msg, " for key ")+1:]
		key = strings.Trim(strings.TrimPrefix(key, "for key "), "'")
		if table, name, ok := strings.Cut(key, "."); ok {
			de.Table, key = table, name
		}
		de.Constraint = key
	case 1451, 1452: // ER_ROW_IS_REFERENCED_2, ER_NO_REFERENCED_ROW_2
		// "... a foreign key constraint fails (`db`.`orders`, CONSTRAINT
		// `fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`))"
		de.Kind = engine.ErrForeignKeyViolation
		if t := between(msg, "fails (", ","); t != "" {
			if _, name, ok := strings.Cut(t, "`.`"); ok {
				de.Table = strings.Trim(name, "`")
			}
		}
		de.Constraint = between(msg, "CONSTRAINT `", "`")
		de.Column = between(msg, "FOREIGN KEY (`", "`")
	case 1048: // ER_BAD_NULL_ERROR: "Column 'email' cannot be null"
		de.Kind = engine.ErrNotNullViolation
		de.Column = between(msg, "Column '", "'")
	case 1364: // ER_NO_DEFAULT_FOR_FIELD: "Field 'email' doesn't have a default value"
		de.Kind = engine.ErrNotNullViolation
		de.Column = between(msg, "Field '", "'")
	case 3819: // MySQL: "Check constraint 'c' is violated."
		de.Kind = engine.ErrCheckViolation
		de.Constraint = between(msg, "constraint '", "'")
	case 4025: // MariaDB: "CONSTRAINT `c` failed for `db`.`t`"
		de.Kind = engine.ErrCheckViolation
		de.Constraint = between(msg, "CONSTRAINT `", "`")
		if _, t, ok := strings.Cut(msg, "`.`"); ok {
			de.Table = strings.TrimSuffix(t, "`")
		}
	case 1213: // ER_LOCK_DEADLOCK; the transaction is rolled back
		de.Kind = engine.ErrDeadlock
	case 1205, 3572: // ER_LOCK_WAIT_TIMEOUT, ER_LOCK_NOWAIT
		de.Kind = engine.ErrLockNotAvailable
	case 1317, 3024, 1969: // interrupted (KILL QUERY), MySQL's and MariaDB's statement time limits
		de.Kind = engine.ErrQueryCanceled
	case 1053, 1927: // ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED
		de.Kind = engine.ErrConnectionLost
	default:
		return nil
	}
	return de
}
