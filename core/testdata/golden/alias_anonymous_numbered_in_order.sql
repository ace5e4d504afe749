-- Anonymous aliases are named album_1, album_2 in order of first appearance.

-- postgres
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_1 JOIN album AS album_2 ON (album_1.artist_id = album_2.artist_id AND album_1.album_id < album_2.album_id) WHERE album_1.artist_id = $1
-- args: [1]

-- sqlite
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_1 JOIN album AS album_2 ON (album_1.artist_id = album_2.artist_id AND album_1.album_id < album_2.album_id) WHERE album_1.artist_id = ?
-- args: [1]

-- mysql
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_1 JOIN album AS album_2 ON (album_1.artist_id = album_2.artist_id AND album_1.album_id < album_2.album_id) WHERE album_1.artist_id = ?
-- args: [1]

-- mariadb
SELECT album_1.title, album_2.title AS title_1 FROM album AS album_1 JOIN album AS album_2 ON (album_1.artist_id = album_2.artist_id AND album_1.album_id < album_2.album_id) WHERE album_1.artist_id = ?
-- args: [1]
