-- A subquery that states its FROM keeps it; the outer table is still correlated.

-- postgres
SELECT customer.email, (SELECT count(*) FROM invoice WHERE invoice.customer_id = customer.customer_id) AS n_invoices FROM customer WHERE customer.support_rep_id = $1
-- args: [1]

-- sqlite
SELECT customer.email, (SELECT count(*) FROM invoice WHERE invoice.customer_id = customer.customer_id) AS n_invoices FROM customer WHERE customer.support_rep_id = ?
-- args: [1]

-- mysql
SELECT customer.email, (SELECT count(*) FROM invoice WHERE invoice.customer_id = customer.customer_id) AS n_invoices FROM customer WHERE customer.support_rep_id = ?
-- args: [1]

-- mariadb
SELECT customer.email, (SELECT count(*) FROM invoice WHERE invoice.customer_id = customer.customer_id) AS n_invoices FROM customer WHERE customer.support_rep_id = ?
-- args: [1]
