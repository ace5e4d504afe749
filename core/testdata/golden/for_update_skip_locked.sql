-- FOR UPDATE SKIP LOCKED, the queue-worker idiom.

-- postgres
SELECT invoice.invoice_id FROM invoice WHERE invoice.total > $1 ORDER BY invoice.invoice_id ASC LIMIT $2 FOR UPDATE SKIP LOCKED
-- args: [1, 10]

-- sqlite
-- error: retort: unsupported by dialect: FOR UPDATE / FOR SHARE is not supported by sqlite

-- mysql
SELECT invoice.invoice_id FROM invoice WHERE invoice.total > ? ORDER BY invoice.invoice_id ASC LIMIT ? FOR UPDATE SKIP LOCKED
-- args: [1, 10]

-- mariadb
SELECT invoice.invoice_id FROM invoice WHERE invoice.total > ? ORDER BY invoice.invoice_id ASC LIMIT ? FOR UPDATE SKIP LOCKED
-- args: [1, 10]
