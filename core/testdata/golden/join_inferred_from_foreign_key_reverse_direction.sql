-- The foreign key may point either way: artist joined to album, and then track to album.

-- postgres
SELECT artist.name, track.name AS name_1 FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id WHERE artist.artist_id = $1
-- args: [1]

-- sqlite
SELECT artist.name, track.name AS name_1 FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id WHERE artist.artist_id = ?
-- args: [1]

-- mysql
SELECT artist.name, track.name AS name_1 FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id WHERE artist.artist_id = ?
-- args: [1]

-- mariadb
SELECT artist.name, track.name AS name_1 FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id WHERE artist.artist_id = ?
-- args: [1]
