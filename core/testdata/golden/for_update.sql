-- FOR UPDATE: not on SQLite, which locks whole databases.

-- postgres
SELECT invoice.invoice_id, invoice.total FROM invoice WHERE invoice.customer_id = $1 FOR UPDATE
-- args: [1]

-- sqlite
-- error: retort: unsupported by dialect: FOR UPDATE / FOR SHARE is not supported by sqlite

-- mysql
SELECT invoice.invoice_id, invoice.total FROM invoice WHERE invoice.customer_id = ? FOR UPDATE
-- args: [1]

-- mariadb
SELECT invoice.invoice_id, invoice.total FROM invoice WHERE invoice.customer_id = ? FOR UPDATE
-- args: [1]
