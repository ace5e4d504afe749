-- Raw SQL: written verbatim, each ? becoming the dialect's next placeholder.

-- postgres
SELECT track.name, $1 * 2 + $2 AS calc FROM track WHERE track.milliseconds > $3 AND track.genre_id = $4
-- args: [1, 2, 1000, 3]

-- sqlite
SELECT track.name, ? * 2 + ? AS calc FROM track WHERE track.milliseconds > ? AND track.genre_id = ?
-- args: [1, 2, 1000, 3]

-- mysql
SELECT track.name, ? * 2 + ? AS calc FROM track WHERE track.milliseconds > ? AND track.genre_id = ?
-- args: [1, 2, 1000, 3]

-- mariadb
SELECT track.name, ? * 2 + ? AS calc FROM track WHERE track.milliseconds > ? AND track.genre_id = ?
-- args: [1, 2, 1000, 3]
