-- Two whole tables: artist.artist_id clashes with album.artist_id and becomes artist_id_1.

-- postgres
SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE album.album_id = $1
-- args: [1]

-- sqlite
SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE album.album_id = ?
-- args: [1]

-- mysql
SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE album.album_id = ?
-- args: [1]

-- mariadb
SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE album.album_id = ?
-- args: [1]
