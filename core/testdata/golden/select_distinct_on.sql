-- DISTINCT ON: the longest track of each album. PostgreSQL only.

-- postgres
SELECT DISTINCT ON (track.album_id) track.album_id, track.name, track.milliseconds FROM track WHERE track.genre_id = $1 ORDER BY track.album_id ASC, track.milliseconds DESC
-- args: [1]

-- sqlite
-- error: retort: unsupported by dialect: DISTINCT ON is not supported by sqlite

-- mysql
-- error: retort: unsupported by dialect: DISTINCT ON is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: DISTINCT ON is not supported by mariadb
