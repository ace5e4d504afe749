-- Count, CountAll, CountDistinct, Sum, Avg, Min and Max per album.

-- postgres
SELECT track.album_id, count(track.composer) AS n_composed, count(*) AS n_tracks, count(DISTINCT track.genre_id) AS n_genres, sum(track.milliseconds) AS total_ms, avg(track.unit_price) AS avg_price, min(track.milliseconds) AS shortest, max(track.milliseconds) AS longest FROM track WHERE track.album_id < $1 GROUP BY track.album_id
-- args: [1]

-- sqlite
SELECT track.album_id, count(track.composer) AS n_composed, count(*) AS n_tracks, count(DISTINCT track.genre_id) AS n_genres, sum(track.milliseconds) AS total_ms, avg(track.unit_price) AS avg_price, min(track.milliseconds) AS shortest, max(track.milliseconds) AS longest FROM track WHERE track.album_id < ? GROUP BY track.album_id
-- args: [1]

-- mysql
SELECT track.album_id, count(track.composer) AS n_composed, count(*) AS n_tracks, count(DISTINCT track.genre_id) AS n_genres, sum(track.milliseconds) AS total_ms, avg(track.unit_price) AS avg_price, min(track.milliseconds) AS shortest, max(track.milliseconds) AS longest FROM track WHERE track.album_id < ? GROUP BY track.album_id
-- args: [1]

-- mariadb
SELECT track.album_id, count(track.composer) AS n_composed, count(*) AS n_tracks, count(DISTINCT track.genre_id) AS n_genres, sum(track.milliseconds) AS total_ms, avg(track.unit_price) AS avg_price, min(track.milliseconds) AS shortest, max(track.milliseconds) AS longest FROM track WHERE track.album_id < ? GROUP BY track.album_id
-- args: [1]
