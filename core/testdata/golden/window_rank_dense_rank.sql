-- rank() and dense_rank(), partitioned by two columns and ordered by two.

-- postgres
SELECT track.name, rank() OVER (PARTITION BY track.genre_id, track.media_type_id ORDER BY track.unit_price DESC, track.name ASC) AS price_rank, dense_rank() OVER (ORDER BY track.milliseconds ASC) AS length_rank FROM track WHERE track.album_id = $1
-- args: [1]

-- sqlite
SELECT track.name, rank() OVER (PARTITION BY track.genre_id, track.media_type_id ORDER BY track.unit_price DESC, track.name ASC) AS price_rank, dense_rank() OVER (ORDER BY track.milliseconds ASC) AS length_rank FROM track WHERE track.album_id = ?
-- args: [1]

-- mysql
SELECT track.name, rank() OVER (PARTITION BY track.genre_id, track.media_type_id ORDER BY track.unit_price DESC, track.name ASC) AS price_rank, dense_rank() OVER (ORDER BY track.milliseconds ASC) AS length_rank FROM track WHERE track.album_id = ?
-- args: [1]

-- mariadb
SELECT track.name, rank() OVER (PARTITION BY track.genre_id, track.media_type_id ORDER BY track.unit_price DESC, track.name ASC) AS price_rank, dense_rank() OVER (ORDER BY track.milliseconds ASC) AS length_rank FROM track WHERE track.album_id = ?
-- args: [1]
