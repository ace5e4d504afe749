-- A set operation ordered by a label of its first SELECT: ORDER BY names the result column.

-- postgres
SELECT lower(artist.name) AS lower_name FROM artist WHERE artist.artist_id < $1 UNION SELECT lower(genre.name) AS lower_name FROM genre ORDER BY lower_name DESC
-- args: [1]

-- sqlite
SELECT lower(artist.name) AS lower_name FROM artist WHERE artist.artist_id < ? UNION SELECT lower(genre.name) AS lower_name FROM genre ORDER BY lower_name DESC
-- args: [1]

-- mysql
SELECT lower(artist.name) AS lower_name FROM artist WHERE artist.artist_id < ? UNION SELECT lower(genre.name) AS lower_name FROM genre ORDER BY lower_name DESC
-- args: [1]

-- mariadb
SELECT lower(artist.name) AS lower_name FROM artist WHERE artist.artist_id < ? UNION SELECT lower(genre.name) AS lower_name FROM genre ORDER BY lower_name DESC
-- args: [1]
