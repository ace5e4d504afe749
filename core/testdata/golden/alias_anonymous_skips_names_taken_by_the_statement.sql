-- An anonymous alias never takes a name the statement gives another alias: album_1 is taken, so it is album_2.

-- postgres
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_2 JOIN album AS album_1 ON album_2.artist_id = album_1.artist_id WHERE album_2.album_id = $1
-- args: [1]

-- sqlite
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_2 JOIN album AS album_1 ON album_2.artist_id = album_1.artist_id WHERE album_2.album_id = ?
-- args: [1]

-- mysql
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_2 JOIN album AS album_1 ON album_2.artist_id = album_1.artist_id WHERE album_2.album_id = ?
-- args: [1]

-- mariadb
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_2 JOIN album AS album_1 ON album_2.artist_id = album_1.artist_id WHERE album_2.album_id = ?
-- args: [1]
