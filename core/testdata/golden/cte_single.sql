-- One CTE, selected from.

-- postgres
WITH long_tracks AS (SELECT track.track_id, track.name FROM track WHERE track.milliseconds > $1) SELECT long_tracks.name FROM long_tracks ORDER BY long_tracks.name ASC
-- args: [1]

-- sqlite
WITH long_tracks AS (SELECT track.track_id, track.name FROM track WHERE track.milliseconds > ?) SELECT long_tracks.name FROM long_tracks ORDER BY long_tracks.name ASC
-- args: [1]

-- mysql
WITH long_tracks AS (SELECT track.track_id, track.name FROM track WHERE track.milliseconds > ?) SELECT long_tracks.name FROM long_tracks ORDER BY long_tracks.name ASC
-- args: [1]

-- mariadb
WITH long_tracks AS (SELECT track.track_id, track.name FROM track WHERE track.milliseconds > ?) SELECT long_tracks.name FROM long_tracks ORDER BY long_tracks.name ASC
-- args: [1]
