-- Cast to each SQL type: each dialect spells the target type its own way (MySQL: SIGNED, CHAR, ...).

-- postgres
SELECT CAST(track.milliseconds AS TEXT) AS as_text, CAST(track.track_id AS VARCHAR(10)) AS as_varchar, CAST(track.milliseconds AS NUMERIC(12, 3)) AS as_numeric, CAST(track.milliseconds AS DOUBLE PRECISION) AS as_double, CAST(track.unit_price AS BIGINT) AS as_bigint, CAST(track.bytes AS BOOLEAN) AS as_bool, CAST(invoice.invoice_date AS DATE) AS as_date FROM track JOIN invoice_line ON invoice_line.track_id = track.track_id JOIN invoice ON invoice_line.invoice_id = invoice.invoice_id WHERE track.track_id = $1
-- args: [1]

-- sqlite
SELECT CAST(track.milliseconds AS TEXT) AS as_text, CAST(track.track_id AS TEXT) AS as_varchar, CAST(track.milliseconds AS NUMERIC) AS as_numeric, CAST(track.milliseconds AS REAL) AS as_double, CAST(track.unit_price AS INTEGER) AS as_bigint, CAST(track.bytes AS INTEGER) AS as_bool, CAST(invoice.invoice_date AS TEXT) AS as_date FROM track JOIN invoice_line ON invoice_line.track_id = track.track_id JOIN invoice ON invoice_line.invoice_id = invoice.invoice_id WHERE track.track_id = ?
-- args: [1]

-- mysql
SELECT CAST(track.milliseconds AS CHAR) AS as_text, CAST(track.track_id AS CHAR) AS as_varchar, CAST(track.milliseconds AS DECIMAL(12, 3)) AS as_numeric, CAST(track.milliseconds AS DOUBLE) AS as_double, CAST(track.unit_price AS SIGNED) AS as_bigint, CAST(track.bytes AS SIGNED) AS as_bool, CAST(invoice.invoice_date AS DATE) AS as_date FROM track JOIN invoice_line ON invoice_line.track_id = track.track_id JOIN invoice ON invoice_line.invoice_id = invoice.invoice_id WHERE track.track_id = ?
-- args: [1]

-- mariadb
SELECT CAST(track.milliseconds AS CHAR) AS as_text, CAST(track.track_id AS CHAR) AS as_varchar, CAST(track.milliseconds AS DECIMAL(12, 3)) AS as_numeric, CAST(track.milliseconds AS DOUBLE) AS as_double, CAST(track.unit_price AS SIGNED) AS as_bigint, CAST(track.bytes AS SIGNED) AS as_bool, CAST(invoice.invoice_date AS DATE) AS as_date FROM track JOIN invoice_line ON invoice_line.track_id = track.track_id JOIN invoice ON invoice_line.invoice_id = invoice.invoice_id WHERE track.track_id = ?
-- args: [1]
