-- The classic top-1-per-group: rank in a subquery, filter on the rank outside.

-- postgres
SELECT customer.email, ranked.total FROM customer JOIN (SELECT invoice.customer_id, invoice.total, row_number() OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date DESC) AS rn FROM invoice) AS ranked ON (ranked.customer_id = customer.customer_id AND ranked.rn = $1)
-- args: [1]

-- sqlite
SELECT customer.email, ranked.total FROM customer JOIN (SELECT invoice.customer_id, invoice.total, row_number() OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date DESC) AS rn FROM invoice) AS ranked ON (ranked.customer_id = customer.customer_id AND ranked.rn = ?)
-- args: [1]

-- mysql
SELECT customer.email, ranked.total FROM customer JOIN (SELECT invoice.customer_id, invoice.total, row_number() OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date DESC) AS rn FROM invoice) AS ranked ON (ranked.customer_id = customer.customer_id AND ranked.rn = ?)
-- args: [1]

-- mariadb
SELECT customer.email, ranked.total FROM customer JOIN (SELECT invoice.customer_id, invoice.total, row_number() OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date DESC) AS rn FROM invoice) AS ranked ON (ranked.customer_id = customer.customer_id AND ranked.rn = ?)
-- args: [1]
