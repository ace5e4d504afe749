-- GROUP BY and HAVING (several HAVING conditions joined with AND).

-- postgres
SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id HAVING count(*) > $1 AND sum(track.milliseconds) < $2
-- args: [1, 100000]

-- sqlite
SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id HAVING count(*) > ? AND sum(track.milliseconds) < ?
-- args: [1, 100000]

-- mysql
SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id HAVING count(*) > ? AND sum(track.milliseconds) < ?
-- args: [1, 100000]

-- mariadb
SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id HAVING count(*) > ? AND sum(track.milliseconds) < ?
-- args: [1, 100000]
