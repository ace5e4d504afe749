-- SET from a scalar subquery correlated to the updated table.

-- postgres
UPDATE invoice SET total = (SELECT sum(invoice_line.unit_price) FROM invoice_line WHERE invoice_line.invoice_id = invoice.invoice_id) WHERE invoice.invoice_id = $1
-- args: [1]

-- sqlite
UPDATE invoice SET total = (SELECT sum(invoice_line.unit_price) FROM invoice_line WHERE invoice_line.invoice_id = invoice.invoice_id) WHERE invoice.invoice_id = ?
-- args: [1]

-- mysql
UPDATE invoice SET total = (SELECT sum(invoice_line.unit_price) FROM invoice_line WHERE invoice_line.invoice_id = invoice.invoice_id) WHERE invoice.invoice_id = ?
-- args: [1]

-- mariadb
UPDATE invoice SET total = (SELECT sum(invoice_line.unit_price) FROM invoice_line WHERE invoice_line.invoice_id = invoice.invoice_id) WHERE invoice.invoice_id = ?
-- args: [1]
