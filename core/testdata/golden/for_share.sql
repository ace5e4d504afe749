-- FOR SHARE; MariaDB spells it LOCK IN SHARE MODE.

-- postgres
SELECT invoice.invoice_id FROM invoice WHERE invoice.customer_id = $1 FOR SHARE
-- args: [1]

-- sqlite
-- error: retort: unsupported by dialect: FOR UPDATE / FOR SHARE is not supported by sqlite

-- mysql
SELECT invoice.invoice_id FROM invoice WHERE invoice.customer_id = ? FOR SHARE
-- args: [1]

-- mariadb
SELECT invoice.invoice_id FROM invoice WHERE invoice.customer_id = ? LOCK IN SHARE MODE
-- args: [1]
