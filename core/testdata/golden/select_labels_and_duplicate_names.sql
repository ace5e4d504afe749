-- Three columns called name (artist, track, genre): the later ones become name_1 and name_2;
-- labels name expressions.

-- postgres
SELECT artist.name, album.title, track.name AS name_1, genre.name AS name_2, (track.milliseconds / $1) AS seconds FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id JOIN genre ON track.genre_id = genre.genre_id WHERE artist.artist_id = $2
-- args: [1000, 1]

-- sqlite
SELECT artist.name, album.title, track.name AS name_1, genre.name AS name_2, (track.milliseconds / ?) AS seconds FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id JOIN genre ON track.genre_id = genre.genre_id WHERE artist.artist_id = ?
-- args: [1000, 1]

-- mysql
SELECT artist.name, album.title, track.name AS name_1, genre.name AS name_2, (track.milliseconds / ?) AS seconds FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id JOIN genre ON track.genre_id = genre.genre_id WHERE artist.artist_id = ?
-- args: [1000, 1]

-- mariadb
SELECT artist.name, album.title, track.name AS name_1, genre.name AS name_2, (track.milliseconds / ?) AS seconds FROM artist JOIN album ON album.artist_id = artist.artist_id JOIN track ON track.album_id = album.album_id JOIN genre ON track.genre_id = genre.genre_id WHERE artist.artist_id = ?
-- args: [1000, 1]
