-- UPDATE reading another table: UPDATE ... FROM on PostgreSQL and SQLite, UPDATE t, other on MySQL.

-- postgres
UPDATE track SET unit_price = $1 FROM genre WHERE track.genre_id = genre.genre_id AND genre.name = $2
-- args: [1.49, "Jazz1"]

-- sqlite
UPDATE track SET unit_price = ? FROM genre WHERE track.genre_id = genre.genre_id AND genre.name = ?
-- args: [1.49, "Jazz1"]

-- mysql
UPDATE track, genre SET track.unit_price = ? WHERE track.genre_id = genre.genre_id AND genre.name = ?
-- args: [1.49, "Jazz1"]

-- mariadb
UPDATE track, genre SET track.unit_price = ? WHERE track.genre_id = genre.genre_id AND genre.name = ?
-- args: [1.49, "Jazz1"]
