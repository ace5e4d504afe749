-- A scalar subquery in the select list, correlated to album automatically.

-- postgres
SELECT album.title, (SELECT count(*) FROM track WHERE track.album_id = album.album_id) AS n_tracks FROM album WHERE album.artist_id = $1
-- args: [1]

-- sqlite
SELECT album.title, (SELECT count(*) FROM track WHERE track.album_id = album.album_id) AS n_tracks FROM album WHERE album.artist_id = ?
-- args: [1]

-- mysql
SELECT album.title, (SELECT count(*) FROM track WHERE track.album_id = album.album_id) AS n_tracks FROM album WHERE album.artist_id = ?
-- args: [1]

-- mariadb
SELECT album.title, (SELECT count(*) FROM track WHERE track.album_id = album.album_id) AS n_tracks FROM album WHERE album.artist_id = ?
-- args: [1]
