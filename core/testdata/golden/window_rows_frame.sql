-- A running total: ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, and a moving window of offsets.

-- postgres
SELECT invoice.invoice_id, sum(invoice.total) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total, avg(invoice.total) OVER (ORDER BY invoice.invoice_date ASC ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS moving_avg FROM invoice WHERE invoice.customer_id = $1
-- args: [1]

-- sqlite
SELECT invoice.invoice_id, sum(invoice.total) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total, avg(invoice.total) OVER (ORDER BY invoice.invoice_date ASC ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS moving_avg FROM invoice WHERE invoice.customer_id = ?
-- args: [1]

-- mysql
SELECT invoice.invoice_id, sum(invoice.total) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total, avg(invoice.total) OVER (ORDER BY invoice.invoice_date ASC ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS moving_avg FROM invoice WHERE invoice.customer_id = ?
-- args: [1]

-- mariadb
SELECT invoice.invoice_id, sum(invoice.total) OVER (PARTITION BY invoice.customer_id ORDER BY invoice.invoice_date ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total, avg(invoice.total) OVER (ORDER BY invoice.invoice_date ASC ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS moving_avg FROM invoice WHERE invoice.customer_id = ?
-- args: [1]
