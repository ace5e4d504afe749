-- OrderBy: orderings and plain expressions (ascending).

-- postgres
SELECT track.name FROM track WHERE track.album_id = $1 ORDER BY track.milliseconds DESC, track.name ASC, track.track_id ASC
-- args: [1]

-- sqlite
SELECT track.name FROM track WHERE track.album_id = ? ORDER BY track.milliseconds DESC, track.name ASC, track.track_id ASC
-- args: [1]

-- mysql
SELECT track.name FROM track WHERE track.album_id = ? ORDER BY track.milliseconds DESC, track.name ASC, track.track_id ASC
-- args: [1]

-- mariadb
SELECT track.name FROM track WHERE track.album_id = ? ORDER BY track.milliseconds DESC, track.name ASC, track.track_id ASC
-- args: [1]
