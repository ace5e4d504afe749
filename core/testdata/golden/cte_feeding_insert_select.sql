-- A CTE feeding INSERT ... SELECT: WITH leads on PostgreSQL and SQLite; MySQL puts it before the SELECT.

-- postgres
WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > $1) INSERT INTO playlist_track (playlist_id, track_id) SELECT CAST($2 AS BIGINT), long_tracks.track_id FROM long_tracks
-- args: [1, 2]

-- sqlite
WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > ?) INSERT INTO playlist_track (playlist_id, track_id) SELECT ?, long_tracks.track_id FROM long_tracks
-- args: [1, 2]

-- mysql
INSERT INTO playlist_track (playlist_id, track_id) WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > ?) SELECT ?, long_tracks.track_id FROM long_tracks
-- args: [1, 2]

-- mariadb
INSERT INTO playlist_track (playlist_id, track_id) WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > ?) SELECT ?, long_tracks.track_id FROM long_tracks
-- args: [1, 2]
