-- LIMIT and OFFSET, bound as parameters.

-- postgres
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT $1 OFFSET $2
-- args: [10, 20]

-- sqlite
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT ? OFFSET ?
-- args: [10, 20]

-- mysql
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT ? OFFSET ?
-- args: [10, 20]

-- mariadb
SELECT track.name FROM track ORDER BY track.track_id ASC LIMIT ? OFFSET ?
-- args: [10, 20]
