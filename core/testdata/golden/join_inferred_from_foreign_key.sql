-- Join without ON, inferred from the one foreign key between album and artist.

-- postgres
SELECT album.title, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id = $1
-- args: [1]

-- sqlite
SELECT album.title, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id = ?
-- args: [1]

-- mysql
SELECT album.title, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id = ?
-- args: [1]

-- mariadb
SELECT album.title, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id = ?
-- args: [1]
