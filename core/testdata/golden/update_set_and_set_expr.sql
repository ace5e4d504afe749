-- UPDATE with a value and an expression.

-- postgres
UPDATE track SET unit_price = (track.unit_price * $1), composer = $2 WHERE track.album_id = $3
-- args: [1.1, "anon1", 1]

-- sqlite
UPDATE track SET unit_price = (track.unit_price * ?), composer = ? WHERE track.album_id = ?
-- args: [1.1, "anon1", 1]

-- mysql
UPDATE track SET unit_price = (track.unit_price * ?), composer = ? WHERE track.album_id = ?
-- args: [1.1, "anon1", 1]

-- mariadb
UPDATE track SET unit_price = (track.unit_price * ?), composer = ? WHERE track.album_id = ?
-- args: [1.1, "anon1", 1]
