package testdb

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// ErrorCode is the code of the database's error that err wraps:
// PostgreSQL's SQLSTATE ("23505"), MySQL's error number ("1062"), SQLite's
// extended result code ("1555"); "" if it wraps none. One expectation per
// backend then fits every test of a failure.
func ErrorCode(err error) string {
	var pgErr *pgconn.PgError
	var myErr *mysql.MySQLError
	var liteErr *sqlite.Error
	switch {
	case errors.As(err, &pgErr):
		return pgErr.Code
	case errors.As(err, &myErr):
		return strconv.Itoa(int(myErr.Number))
	case errors.As(err, &liteErr):
		return strconv.Itoa(liteErr.Code())
	}
	return ""
}

// LostConnection reports whether err is the driver's word for a connection
// the server ended: PostgreSQL's FATAL 57P01 (terminated by an
// administrator) or pgx's closed connection, go-sql-driver/mysql's invalid
// (or bad) connection. During a COPY pgx may instead report its socket
// closed under its reader (net.ErrClosed), having closed it itself when a
// write to the killed connection failed.
func LostConnection(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "57P01"
	}
	return errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn)
}
