-- LATERAL as a comma-separated FROM item: it reads the item before it, so they are not a Cartesian product.

-- postgres
SELECT album.title, cnt.n FROM album, LATERAL (SELECT count(*) AS n FROM track WHERE track.album_id = album.album_id AND track.milliseconds > $1) AS cnt
-- args: [1]

-- sqlite
-- error: retort: unsupported by dialect: LATERAL is not supported by sqlite

-- mysql
SELECT album.title, cnt.n FROM album, LATERAL (SELECT count(*) AS n FROM track WHERE track.album_id = album.album_id AND track.milliseconds > ?) AS cnt
-- args: [1]

-- mariadb
-- error: retort: unsupported by dialect: LATERAL is not supported by mariadb
