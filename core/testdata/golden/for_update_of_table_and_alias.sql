-- FOR UPDATE OF: only the invoice rows and the aliased customer's are locked. PostgreSQL and MySQL.

-- postgres
SELECT invoice.invoice_id, c.email FROM invoice JOIN customer AS c ON invoice.customer_id = c.customer_id JOIN invoice_line ON invoice_line.invoice_id = invoice.invoice_id WHERE invoice.invoice_id = $1 FOR UPDATE OF invoice, c NOWAIT
-- args: [1]

-- sqlite
-- error: retort: unsupported by dialect: FOR UPDATE / FOR SHARE is not supported by sqlite

-- mysql
SELECT invoice.invoice_id, c.email FROM invoice JOIN customer AS c ON invoice.customer_id = c.customer_id JOIN invoice_line ON invoice_line.invoice_id = invoice.invoice_id WHERE invoice.invoice_id = ? FOR UPDATE OF invoice, c NOWAIT
-- args: [1]

-- mariadb
-- error: retort: unsupported by dialect: FOR UPDATE OF is not supported by mariadb
