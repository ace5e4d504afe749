-- A named subquery joined to album; its columns are reached with Of (by expression) and ColumnOf (by name).

-- postgres
SELECT album.title, per_album.n_tracks FROM album JOIN (SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id) AS per_album ON per_album.album_id = album.album_id WHERE per_album.n_tracks > $1
-- args: [1]

-- sqlite
SELECT album.title, per_album.n_tracks FROM album JOIN (SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id) AS per_album ON per_album.album_id = album.album_id WHERE per_album.n_tracks > ?
-- args: [1]

-- mysql
SELECT album.title, per_album.n_tracks FROM album JOIN (SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id) AS per_album ON per_album.album_id = album.album_id WHERE per_album.n_tracks > ?
-- args: [1]

-- mariadb
SELECT album.title, per_album.n_tracks FROM album JOIN (SELECT track.album_id, count(*) AS n_tracks FROM track GROUP BY track.album_id) AS per_album ON per_album.album_id = album.album_id WHERE per_album.n_tracks > ?
-- args: [1]
