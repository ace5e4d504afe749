-- A label of 64 bytes: PostgreSQL keeps 63 and would cut it short, so Compile refuses it; MySQL
-- and MariaDB allow 256 and 255 characters in an alias, SQLite any length.

-- postgres
-- error: retort: identifier too long: alias "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" is 64 bytes, over the 63 postgres allows

-- sqlite
SELECT track.name AS xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx FROM track WHERE track.track_id = ?
-- args: [1]

-- mysql
SELECT track.name AS xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx FROM track WHERE track.track_id = ?
-- args: [1]

-- mariadb
SELECT track.name AS xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx FROM track WHERE track.track_id = ?
-- args: [1]
