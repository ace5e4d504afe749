-- DELETE with WHERE.

-- postgres
DELETE FROM invoice_line WHERE invoice_line.invoice_id = $1 AND invoice_line.quantity < $2
-- args: [1, 2]

-- sqlite
DELETE FROM invoice_line WHERE invoice_line.invoice_id = ? AND invoice_line.quantity < ?
-- args: [1, 2]

-- mysql
DELETE FROM invoice_line WHERE invoice_line.invoice_id = ? AND invoice_line.quantity < ?
-- args: [1, 2]

-- mariadb
DELETE FROM invoice_line WHERE invoice_line.invoice_id = ? AND invoice_line.quantity < ?
-- args: [1, 2]
