-- EXCEPT: tracks never sold.

-- postgres
SELECT track.track_id FROM track WHERE track.album_id = $1 EXCEPT SELECT invoice_line.track_id FROM invoice_line ORDER BY track_id ASC LIMIT $2
-- args: [1, 5]

-- sqlite
SELECT track.track_id FROM track WHERE track.album_id = ? EXCEPT SELECT invoice_line.track_id FROM invoice_line ORDER BY track_id ASC LIMIT ?
-- args: [1, 5]

-- mysql
SELECT track.track_id FROM track WHERE track.album_id = ? EXCEPT SELECT invoice_line.track_id FROM invoice_line ORDER BY track_id ASC LIMIT ?
-- args: [1, 5]

-- mariadb
SELECT track.track_id FROM track WHERE track.album_id = ? EXCEPT SELECT invoice_line.track_id FROM invoice_line ORDER BY track_id ASC LIMIT ?
-- args: [1, 5]
