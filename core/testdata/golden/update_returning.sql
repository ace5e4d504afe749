-- UPDATE ... RETURNING: PostgreSQL and SQLite; neither MySQL nor MariaDB.

-- postgres
UPDATE track SET milliseconds = (track.milliseconds + $1) WHERE track.track_id = $2 RETURNING track_id, milliseconds
-- args: [1, 2]

-- sqlite
UPDATE track SET milliseconds = (track.milliseconds + ?) WHERE track.track_id = ? RETURNING track_id, milliseconds
-- args: [1, 2]

-- mysql
-- error: retort: unsupported by dialect: RETURNING on UPDATE is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: RETURNING on UPDATE is not supported by mariadb
