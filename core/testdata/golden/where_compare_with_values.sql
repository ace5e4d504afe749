-- Every comparison with a bound value; several Where conditions are joined with AND.

-- postgres
SELECT track.track_id FROM track WHERE track.milliseconds = $1 AND track.milliseconds <> $2 AND track.milliseconds < $3 AND track.milliseconds <= $4 AND track.milliseconds > $5 AND track.milliseconds >= $6
-- args: [1, 2, 3, 4, 5, 6]

-- sqlite
SELECT track.track_id FROM track WHERE track.milliseconds = ? AND track.milliseconds <> ? AND track.milliseconds < ? AND track.milliseconds <= ? AND track.milliseconds > ? AND track.milliseconds >= ?
-- args: [1, 2, 3, 4, 5, 6]

-- mysql
SELECT track.track_id FROM track WHERE track.milliseconds = ? AND track.milliseconds <> ? AND track.milliseconds < ? AND track.milliseconds <= ? AND track.milliseconds > ? AND track.milliseconds >= ?
-- args: [1, 2, 3, 4, 5, 6]

-- mariadb
SELECT track.track_id FROM track WHERE track.milliseconds = ? AND track.milliseconds <> ? AND track.milliseconds < ? AND track.milliseconds <= ? AND track.milliseconds > ? AND track.milliseconds >= ?
-- args: [1, 2, 3, 4, 5, 6]
