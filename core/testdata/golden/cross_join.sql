-- CrossJoin: a Cartesian product stated on purpose.

-- postgres
SELECT genre.name, album.title FROM genre CROSS JOIN album WHERE album.album_id < $1
-- args: [1]

-- sqlite
SELECT genre.name, album.title FROM genre CROSS JOIN album WHERE album.album_id < ?
-- args: [1]

-- mysql
SELECT genre.name, album.title FROM genre CROSS JOIN album WHERE album.album_id < ?
-- args: [1]

-- mariadb
SELECT genre.name, album.title FROM genre CROSS JOIN album WHERE album.album_id < ?
-- args: [1]
