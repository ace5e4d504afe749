// core/errors.go

package core

import (
	"errors"
	"fmt"
)

// Sentinel errors, tested with errors.Is. The errors Compile returns wrap them
// with a message that names the table, column or construct involved.
var (
	// ErrCartesianProduct: a SELECT has FROM elements that are not connected
	// by a join or by a WHERE condition, so every row of one would pair with
	// every row of the other. Connect them, or say CrossJoin if you mean it.
	ErrCartesianProduct = errors.New("cartesian product")
	// ErrUnsupported: the dialect cannot express a construct.
	ErrUnsupported = errors.New("unsupported by dialect")
	// ErrInvalidStatement: a statement was built wrongly (a nil expression,
	// an unknown column of a subquery, rows of different shapes, ...).
	ErrInvalidStatement = errors.New("invalid statement")
	// ErrNoJoinPath: a join without ON found no foreign key, or more than
	// one, between the two sides.
	ErrNoJoinPath = errors.New("cannot infer join condition")
	// ErrInvalidIdentifier: a name cannot be used as an SQL identifier (it
	// holds a NUL byte, or is empty).
	ErrInvalidIdentifier = errors.New("invalid identifier")
	// ErrForeignKeyCycle: SortTables found tables whose foreign keys
	// reference each other in a cycle, so no order creates each after the
	// tables it references. Core has no ALTER TABLE ... ADD CONSTRAINT to
	// add one of the keys afterwards, so the cycle must be broken in the
	// table definitions.
	ErrForeignKeyCycle = errors.New("foreign key cycle")
	// ErrIdentifierTooLong: a name is longer than the dialect keeps
	// (Dialect.MaxIdentifierLength): PostgreSQL would cut it to 63 bytes,
	// so that it could collide with another name; MySQL would refuse it.
	// The message names the identifier, its length and the limit. Names
	// the compiler makes up itself (anonymous aliases, repeated result
	// columns, constraint names) are shortened instead, never refused.
	ErrIdentifierTooLong = errors.New("identifier too long")
	// ErrTooManyParameters: a statement binds more values than the
	// database accepts in one statement (Dialect.MaxParameters), usually
	// through a long In list or a many-row INSERT. Split the values over
	// several statements, or load them into a table and use InSelect.
	ErrTooManyParameters = errors.New("too many bind parameters")
)

func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("retort: %w: "+format, append([]any{sentinel}, args...)...)
}

func unsupported(d *Dialect, construct string) error {
	return errorf(ErrUnsupported, "%s is not supported by %s", construct, d.Name)
}
