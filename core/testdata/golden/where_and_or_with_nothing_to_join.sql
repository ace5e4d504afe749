-- And() with no conditions is TRUE, Or() is FALSE; a single condition needs no parentheses.

-- postgres
SELECT track.name FROM track WHERE TRUE AND track.track_id = $1 AND FALSE
-- args: [1]

-- sqlite
SELECT track.name FROM track WHERE TRUE AND track.track_id = ? AND FALSE
-- args: [1]

-- mysql
SELECT track.name FROM track WHERE TRUE AND track.track_id = ? AND FALSE
-- args: [1]

-- mariadb
SELECT track.name FROM track WHERE TRUE AND track.track_id = ? AND FALSE
-- args: [1]
