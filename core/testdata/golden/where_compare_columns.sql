-- Every comparison between two columns.

-- postgres
SELECT invoice_line.invoice_line_id FROM invoice_line JOIN track ON invoice_line.track_id = track.track_id WHERE (invoice_line.unit_price = track.unit_price OR invoice_line.unit_price <> track.unit_price OR invoice_line.unit_price < track.unit_price OR invoice_line.unit_price <= track.unit_price OR invoice_line.unit_price > track.unit_price OR invoice_line.unit_price >= track.unit_price) AND invoice_line.invoice_id = $1
-- args: [1]

-- sqlite
SELECT invoice_line.invoice_line_id FROM invoice_line JOIN track ON invoice_line.track_id = track.track_id WHERE (invoice_line.unit_price = track.unit_price OR invoice_line.unit_price <> track.unit_price OR invoice_line.unit_price < track.unit_price OR invoice_line.unit_price <= track.unit_price OR invoice_line.unit_price > track.unit_price OR invoice_line.unit_price >= track.unit_price) AND invoice_line.invoice_id = ?
-- args: [1]

-- mysql
SELECT invoice_line.invoice_line_id FROM invoice_line JOIN track ON invoice_line.track_id = track.track_id WHERE (invoice_line.unit_price = track.unit_price OR invoice_line.unit_price <> track.unit_price OR invoice_line.unit_price < track.unit_price OR invoice_line.unit_price <= track.unit_price OR invoice_line.unit_price > track.unit_price OR invoice_line.unit_price >= track.unit_price) AND invoice_line.invoice_id = ?
-- args: [1]

-- mariadb
SELECT invoice_line.invoice_line_id FROM invoice_line JOIN track ON invoice_line.track_id = track.track_id WHERE (invoice_line.unit_price = track.unit_price OR invoice_line.unit_price <> track.unit_price OR invoice_line.unit_price < track.unit_price OR invoice_line.unit_price <= track.unit_price OR invoice_line.unit_price > track.unit_price OR invoice_line.unit_price >= track.unit_price) AND invoice_line.invoice_id = ?
-- args: [1]
