-- UNION of two SELECTs, ordered by a result column and limited.

-- postgres
SELECT artist.name FROM artist WHERE artist.artist_id < $1 UNION SELECT genre.name FROM genre WHERE genre.genre_id < $2 ORDER BY name DESC LIMIT $3 OFFSET $4
-- args: [1, 2, 3, 4]

-- sqlite
SELECT artist.name FROM artist WHERE artist.artist_id < ? UNION SELECT genre.name FROM genre WHERE genre.genre_id < ? ORDER BY name DESC LIMIT ? OFFSET ?
-- args: [1, 2, 3, 4]

-- mysql
SELECT artist.name FROM artist WHERE artist.artist_id < ? UNION SELECT genre.name FROM genre WHERE genre.genre_id < ? ORDER BY name DESC LIMIT ? OFFSET ?
-- args: [1, 2, 3, 4]

-- mariadb
SELECT artist.name FROM artist WHERE artist.artist_id < ? UNION SELECT genre.name FROM genre WHERE genre.genre_id < ? ORDER BY name DESC LIMIT ? OFFSET ?
-- args: [1, 2, 3, 4]
