-- OFFSET alone: SQLite and MySQL need a LIMIT before it (-1, 2^64-1).

-- postgres
SELECT track.name FROM track ORDER BY track.track_id ASC OFFSET $1
-- args: [1]

-- sqlite
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT -1 OFFSET ?
-- args: [1]

-- mysql
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT 18446744073709551615 OFFSET ?
-- args: [1]

-- mariadb
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT 18446744073709551615 OFFSET ?
-- args: [1]
