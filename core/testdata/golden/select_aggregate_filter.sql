-- FILTER (WHERE ...) on aggregates: PostgreSQL and SQLite have it; MySQL and MariaDB do not.

-- postgres
SELECT track.album_id, count(*) FILTER (WHERE track.milliseconds > $1) AS n_long, sum(track.bytes) FILTER (WHERE track.genre_id = $2) AS rock_bytes FROM track GROUP BY track.album_id
-- args: [1, 2]

-- sqlite
SELECT track.album_id, count(*) FILTER (WHERE track.milliseconds > ?) AS n_long, sum(track.bytes) FILTER (WHERE track.genre_id = ?) AS rock_bytes FROM track GROUP BY track.album_id
-- args: [1, 2]

-- mysql
-- error: retort: unsupported by dialect: FILTER is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: FILTER is not supported by mariadb
