-- The latest invoice of each customer (or none), through LEFT OUTER JOIN LATERAL.

-- postgres
SELECT c.customer_id, c.email, latest.invoice_date, latest.total FROM customer AS c LEFT OUTER JOIN LATERAL (SELECT invoice.invoice_date, invoice.total FROM invoice WHERE invoice.customer_id = c.customer_id ORDER BY invoice.invoice_date DESC LIMIT $1) AS latest ON TRUE WHERE c.support_rep_id = $2
-- args: [1, 1]

-- sqlite
-- error: retort: unsupported by dialect: LATERAL is not supported by sqlite

-- mysql
SELECT c.customer_id, c.email, latest.invoice_date, latest.total FROM customer AS c LEFT OUTER JOIN LATERAL (SELECT invoice.invoice_date, invoice.total FROM invoice WHERE invoice.customer_id = c.customer_id ORDER BY invoice.invoice_date DESC LIMIT ?) AS latest ON TRUE WHERE c.support_rep_id = ?
-- args: [1, 1]

-- mariadb
-- error: retort: unsupported by dialect: LATERAL is not supported by mariadb
