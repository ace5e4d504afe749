-- GROUP BY a whole table stands for all its columns.

-- postgres
SELECT album.album_id, album.title, album.artist_id, count(*) AS n_tracks FROM album JOIN track ON track.album_id = album.album_id GROUP BY album.album_id, album.title, album.artist_id HAVING count(*) >= $1
-- args: [1]

-- sqlite
SELECT album.album_id, album.title, album.artist_id, count(*) AS n_tracks FROM album JOIN track ON track.album_id = album.album_id GROUP BY album.album_id, album.title, album.artist_id HAVING count(*) >= ?
-- args: [1]

-- mysql
SELECT album.album_id, album.title, album.artist_id, count(*) AS n_tracks FROM album JOIN track ON track.album_id = album.album_id GROUP BY album.album_id, album.title, album.artist_id HAVING count(*) >= ?
-- args: [1]

-- mariadb
SELECT album.album_id, album.title, album.artist_id, count(*) AS n_tracks FROM album JOIN track ON track.album_id = album.album_id GROUP BY album.album_id, album.title, album.artist_id HAVING count(*) >= ?
-- args: [1]
