-- The three longest tracks of each album, through LATERAL joined ON TRUE. Not on SQLite or MariaDB.

-- postgres
SELECT album.title, top_tracks.name, top_tracks.milliseconds FROM album JOIN LATERAL (SELECT track.name, track.milliseconds FROM track WHERE track.album_id = album.album_id ORDER BY track.milliseconds DESC LIMIT $1) AS top_tracks ON TRUE WHERE album.artist_id = $2 ORDER BY album.title ASC, top_tracks.milliseconds DESC
-- args: [3, 1]

-- sqlite
-- error: retort: unsupported by dialect: LATERAL is not supported by sqlite

-- mysql
SELECT album.title, top_tracks.name, top_tracks.milliseconds FROM album JOIN LATERAL (SELECT track.name, track.milliseconds FROM track WHERE track.album_id = album.album_id ORDER BY track.milliseconds DESC LIMIT ?) AS top_tracks ON TRUE WHERE album.artist_id = ? ORDER BY album.title ASC, top_tracks.milliseconds DESC
-- args: [3, 1]

-- mariadb
-- error: retort: unsupported by dialect: LATERAL is not supported by mariadb
