-- LIMIT alone.

-- postgres
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT $1
-- args: [1]

-- sqlite
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT ?
-- args: [1]

-- mysql
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT ?
-- args: [1]

-- mariadb
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT ?
-- args: [1]
