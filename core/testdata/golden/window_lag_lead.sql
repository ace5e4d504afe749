-- lag() and lead() with bound offsets, in invoice order per customer.

-- postgres
SELECT invoice.invoice_id, lag(invoice.total, $1) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS previous_total, lead(invoice.total, $2) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS next_total FROM invoice
-- args: [int(1), int(2)]

-- sqlite
SELECT invoice.invoice_id, lag(invoice.total, ?) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS previous_total, lead(invoice.total, ?) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS next_total FROM invoice
-- args: [int(1), int(2)]

-- mysql
SELECT invoice.invoice_id, lag(invoice.total, ?) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS previous_total, lead(invoice.total, ?) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS next_total FROM invoice
-- args: [int(1), int(2)]

-- mariadb
SELECT invoice.invoice_id, lag(invoice.total, ?) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS previous_total, lead(invoice.total, ?) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC) AS next_total FROM invoice
-- args: [int(1), int(2)]
