-- DELETE ... RETURNING: PostgreSQL, SQLite, MariaDB; not MySQL.

-- postgres
DELETE FROM invoice_line WHERE invoice_line.invoice_id = $1 RETURNING invoice_line_id, track_id
-- args: [1]

-- sqlite
DELETE FROM invoice_line WHERE invoice_line.invoice_id = ? RETURNING invoice_line_id, track_id
-- args: [1]

-- mysql
-- error: retort: unsupported by dialect: RETURNING on DELETE is not supported by mysql

-- mariadb
DELETE FROM invoice_line WHERE invoice_line.invoice_id = ? RETURNING invoice_line_id, track_id
-- args: [1]
