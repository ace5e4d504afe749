-- SELECT DISTINCT.

-- postgres
SELECT DISTINCT track.composer FROM track WHERE track.album_id = $1
-- args: [1]

-- sqlite
SELECT DISTINCT track.composer FROM track WHERE track.album_id = ?
-- args: [1]

-- mysql
SELECT DISTINCT track.composer FROM track WHERE track.album_id = ?
-- args: [1]

-- mariadb
SELECT DISTINCT track.composer FROM track WHERE track.album_id = ?
-- args: [1]
