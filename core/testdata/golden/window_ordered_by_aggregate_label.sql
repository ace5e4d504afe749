-- A window ordered by an aggregate that is also selected under a label: inside OVER the expression
-- is written out, since no database lets a window refer to a select-list alias.

-- postgres
SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold, rank() OVER (ORDER BY sum(invoice_line.quantity) DESC) AS sales_rank FROM invoice_line WHERE invoice_line.invoice_id > $1 GROUP BY invoice_line.track_id ORDER BY sold DESC
-- args: [1]

-- sqlite
SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold, rank() OVER (ORDER BY sum(invoice_line.quantity) DESC) AS sales_rank FROM invoice_line WHERE invoice_line.invoice_id > ? GROUP BY invoice_line.track_id ORDER BY sold DESC
-- args: [1]

-- mysql
SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold, rank() OVER (ORDER BY sum(invoice_line.quantity) DESC) AS sales_rank FROM invoice_line WHERE invoice_line.invoice_id > ? GROUP BY invoice_line.track_id ORDER BY sold DESC
-- args: [1]

-- mariadb
SELECT invoice_line.track_id, sum(invoice_line.quantity) AS sold, rank() OVER (ORDER BY sum(invoice_line.quantity) DESC) AS sales_rank FROM invoice_line WHERE invoice_line.invoice_id > ? GROUP BY invoice_line.track_id ORDER BY sold DESC
-- args: [1]
