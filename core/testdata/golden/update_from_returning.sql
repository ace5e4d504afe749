-- UPDATE ... FROM ... RETURNING: the returned columns are qualified, since a bare name (name) could be
-- in both tables. (SQLite's RETURNING may not name the FROM tables' columns at all.)

-- postgres
UPDATE track SET name = $1 FROM genre WHERE track.genre_id = genre.genre_id AND genre.genre_id = $2 RETURNING track.track_id, track.name
-- args: ["renamed1", 1]

-- sqlite
UPDATE track SET name = ? FROM genre WHERE track.genre_id = genre.genre_id AND genre.genre_id = ? RETURNING track.track_id, track.name
-- args: ["renamed1", 1]

-- mysql
-- error: retort: unsupported by dialect: RETURNING on UPDATE is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: RETURNING on UPDATE is not supported by mariadb
