-- NULLS FIRST / NULLS LAST: PostgreSQL and SQLite; refused on MySQL and MariaDB.

-- postgres
SELECT track.name FROM track WHERE track.album_id = $1 ORDER BY track.composer ASC NULLS FIRST, track.bytes DESC NULLS LAST
-- args: [1]

-- sqlite
SELECT track.name FROM track WHERE track.album_id = ? ORDER BY track.composer ASC NULLS FIRST, track.bytes DESC NULLS LAST
-- args: [1]

-- mysql
-- error: retort: unsupported by dialect: NULLS FIRST is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: NULLS FIRST is not supported by mariadb
