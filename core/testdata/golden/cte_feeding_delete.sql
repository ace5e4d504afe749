-- A CTE read by a DELETE's WHERE.

-- postgres
WITH stale AS (SELECT invoice.invoice_id FROM invoice WHERE invoice.total < $1) DELETE FROM invoice_line WHERE invoice_line.invoice_id IN (SELECT stale.invoice_id FROM stale)
-- args: [1]

-- sqlite
WITH stale AS (SELECT invoice.invoice_id FROM invoice WHERE invoice.total < ?) DELETE FROM invoice_line WHERE invoice_line.invoice_id IN (SELECT stale.invoice_id FROM stale)
-- args: [1]

-- mysql
WITH stale AS (SELECT invoice.invoice_id FROM invoice WHERE invoice.total < ?) DELETE FROM invoice_line WHERE invoice_line.invoice_id IN (SELECT stale.invoice_id FROM stale)
-- args: [1]

-- mariadb
-- error: retort: unsupported by dialect: WITH on UPDATE or DELETE is not supported by mariadb
