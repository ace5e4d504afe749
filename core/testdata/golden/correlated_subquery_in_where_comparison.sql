-- Tracks longer than their album's average: a scalar subquery correlated through the outer track's album.

-- postgres
SELECT track.name FROM track WHERE CAST(track.milliseconds AS DOUBLE PRECISION) > (SELECT avg(track_1.milliseconds) FROM track AS track_1 WHERE track_1.album_id = track.album_id) AND track.genre_id = $1
-- args: [1]

-- sqlite
SELECT track.name FROM track WHERE CAST(track.milliseconds AS REAL) > (SELECT avg(track_1.milliseconds) FROM track AS track_1 WHERE track_1.album_id = track.album_id) AND track.genre_id = ?
-- args: [1]

-- mysql
SELECT track.name FROM track WHERE CAST(track.milliseconds AS DOUBLE) > (SELECT avg(track_1.milliseconds) FROM track AS track_1 WHERE track_1.album_id = track.album_id) AND track.genre_id = ?
-- args: [1]

-- mariadb
SELECT track.name FROM track WHERE CAST(track.milliseconds AS DOUBLE) > (SELECT avg(track_1.milliseconds) FROM track AS track_1 WHERE track_1.album_id = track.album_id) AND track.genre_id = ?
-- args: [1]
