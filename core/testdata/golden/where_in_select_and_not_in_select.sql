-- InSelect and NotInSelect with uncorrelated subqueries.

-- postgres
SELECT track.name FROM track WHERE track.album_id IN (SELECT album.album_id FROM album WHERE album.artist_id = $1) AND track.genre_id NOT IN (SELECT genre.genre_id FROM genre WHERE genre.name LIKE $2)
-- args: [1, "%rock1"]

-- sqlite
SELECT track.name FROM track WHERE track.album_id IN (SELECT album.album_id FROM album WHERE album.artist_id = ?) AND track.genre_id NOT IN (SELECT genre.genre_id FROM genre WHERE genre.name LIKE ?)
-- args: [1, "%rock1"]

-- mysql
SELECT track.name FROM track WHERE track.album_id IN (SELECT album.album_id FROM album WHERE album.artist_id = ?) AND track.genre_id NOT IN (SELECT genre.genre_id FROM genre WHERE genre.name LIKE ?)
-- args: [1, "%rock1"]

-- mariadb
SELECT track.name FROM track WHERE track.album_id IN (SELECT album.album_id FROM album WHERE album.artist_id = ?) AND track.genre_id NOT IN (SELECT genre.genre_id FROM genre WHERE genre.name LIKE ?)
-- args: [1, "%rock1"]
