-- And, Or and Not nested: every list is parenthesised, so precedence never depends on the reader.

-- postgres
SELECT track.name FROM track WHERE ((track.genre_id = $1 AND NOT (track.composer IS NULL)) OR (track.genre_id = $2 AND (track.milliseconds < $3 OR track.milliseconds > $4)) OR NOT ((track.name LIKE $5 OR track.name LIKE $6)))
-- args: [1, 2, 60000, 600000, "%a%", "%e%"]

-- sqlite
SELECT track.name FROM track WHERE ((track.genre_id = ? AND NOT (track.composer IS NULL)) OR (track.genre_id = ? AND (track.milliseconds < ? OR track.milliseconds > ?)) OR NOT ((track.name LIKE ? OR track.name LIKE ?)))
-- args: [1, 2, 60000, 600000, "%a%", "%e%"]

-- mysql
SELECT track.name FROM track WHERE ((track.genre_id = ? AND NOT (track.composer IS NULL)) OR (track.genre_id = ? AND (track.milliseconds < ? OR track.milliseconds > ?)) OR NOT ((track.name LIKE ? OR track.name LIKE ?)))
-- args: [1, 2, 60000, 600000, "%a%", "%e%"]

-- mariadb
SELECT track.name FROM track WHERE ((track.genre_id = ? AND NOT (track.composer IS NULL)) OR (track.genre_id = ? AND (track.milliseconds < ? OR track.milliseconds > ?)) OR NOT ((track.name LIKE ? OR track.name LIKE ?)))
-- args: [1, 2, 60000, 600000, "%a%", "%e%"]
