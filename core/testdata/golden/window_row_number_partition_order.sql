-- row_number() OVER (PARTITION BY ... ORDER BY ...).

-- postgres
SELECT track.name, track.album_id, row_number() OVER (PARTITION BY track.album_id ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.genre_id = $1
-- args: [1]

-- sqlite
SELECT track.name, track.album_id, row_number() OVER (PARTITION BY track.album_id ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.genre_id = ?
-- args: [1]

-- mysql
SELECT track.name, track.album_id, row_number() OVER (PARTITION BY track.album_id ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.genre_id = ?
-- args: [1]

-- mariadb
SELECT track.name, track.album_id, row_number() OVER (PARTITION BY track.album_id ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.genre_id = ?
-- args: [1]
