-- The same two tables linked by a WHERE condition: accepted.

-- postgres
SELECT album.title, artist.name FROM album, artist WHERE album.artist_id = artist.artist_id AND album.album_id = $1
-- args: [1]

-- sqlite
SELECT album.title, artist.name FROM album, artist WHERE album.artist_id = artist.artist_id AND album.album_id = ?
-- args: [1]

-- mysql
SELECT album.title, artist.name FROM album, artist WHERE album.artist_id = artist.artist_id AND album.album_id = ?
-- args: [1]

-- mariadb
SELECT album.title, artist.name FROM album, artist WHERE album.artist_id = artist.artist_id AND album.album_id = ?
-- args: [1]
