-- A subquery selecting two whole tables: the outer query reaches the renamed artist_id_1 by name.

-- postgres
SELECT aa.title, aa.artist_id_1, aa.name FROM (SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id < $1) AS aa
-- args: [1]

-- sqlite
SELECT aa.title, aa.artist_id_1, aa.name FROM (SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id < ?) AS aa
-- args: [1]

-- mysql
SELECT aa.title, aa.artist_id_1, aa.name FROM (SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id < ?) AS aa
-- args: [1]

-- mariadb
SELECT aa.title, aa.artist_id_1, aa.name FROM (SELECT album.album_id, album.title, album.artist_id, artist.artist_id AS artist_id_1, artist.name FROM album JOIN artist ON album.artist_id = artist.artist_id WHERE artist.artist_id < ?) AS aa
-- args: [1]
