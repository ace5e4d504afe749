-- Between with two bound values.

-- postgres
SELECT invoice.invoice_id FROM invoice WHERE invoice.invoice_date BETWEEN $1 AND $2
-- args: [time(2021-01-01T00:00:00Z), time(2021-12-31T00:00:00Z)]

-- sqlite
SELECT invoice.invoice_id FROM invoice WHERE invoice.invoice_date BETWEEN ? AND ?
-- args: [time(2021-01-01T00:00:00Z), time(2021-12-31T00:00:00Z)]

-- mysql
SELECT invoice.invoice_id FROM invoice WHERE invoice.invoice_date BETWEEN ? AND ?
-- args: [time(2021-01-01T00:00:00Z), time(2021-12-31T00:00:00Z)]

-- mariadb
SELECT invoice.invoice_id FROM invoice WHERE invoice.invoice_date BETWEEN ? AND ?
-- args: [time(2021-01-01T00:00:00Z), time(2021-12-31T00:00:00Z)]
