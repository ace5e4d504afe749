-- INSERT ... SELECT.

-- postgres
INSERT INTO playlist_track (playlist_id, track_id) SELECT CAST($1 AS BIGINT), track.track_id FROM track WHERE track.genre_id = $2
-- args: [1, 2]

-- sqlite
INSERT INTO playlist_track (playlist_id, track_id) SELECT ?, track.track_id FROM track WHERE track.genre_id = ?
-- args: [1, 2]

-- mysql
INSERT INTO playlist_track (playlist_id, track_id) SELECT ?, track.track_id FROM track WHERE track.genre_id = ?
-- args: [1, 2]

-- mariadb
INSERT INTO playlist_track (playlist_id, track_id) SELECT ?, track.track_id FROM track WHERE track.genre_id = ?
-- args: [1, 2]
