-- IsNull and IsNotNull.

-- postgres
SELECT track.name FROM track WHERE track.composer IS NULL AND track.genre_id IS NOT NULL AND track.track_id > $1
-- args: [1]

-- sqlite
SELECT track.name FROM track WHERE track.composer IS NULL AND track.genre_id IS NOT NULL AND track.track_id > ?
-- args: [1]

-- mysql
SELECT track.name FROM track WHERE track.composer IS NULL AND track.genre_id IS NOT NULL AND track.track_id > ?
-- args: [1]

-- mariadb
SELECT track.name FROM track WHERE track.composer IS NULL AND track.genre_id IS NOT NULL AND track.track_id > ?
-- args: [1]
