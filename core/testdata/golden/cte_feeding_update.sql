-- A CTE read by an UPDATE's WHERE.

-- postgres
WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > $1) UPDATE track SET unit_price = $2 WHERE track.track_id IN (SELECT long_tracks.track_id FROM long_tracks)
-- args: [1, 1.99]

-- sqlite
WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > ?) UPDATE track SET unit_price = ? WHERE track.track_id IN (SELECT long_tracks.track_id FROM long_tracks)
-- args: [1, 1.99]

-- mysql
WITH long_tracks AS (SELECT track.track_id FROM track WHERE track.milliseconds > ?) UPDATE track SET unit_price = ? WHERE track.track_id IN (SELECT long_tracks.track_id FROM long_tracks)
-- args: [1, 1.99]

-- mariadb
-- error: retort: unsupported by dialect: WITH on UPDATE or DELETE is not supported by mariadb
