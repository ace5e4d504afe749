-- In with no values matches nothing: 1 <> 1 where values are expanded.

-- postgres
SELECT track.name FROM track WHERE track.genre_id = ANY($1) AND track.album_id = $2
-- args: [[]int64{}, 1]

-- sqlite
SELECT track.name FROM track WHERE 1 <> 1 AND track.album_id = ?
-- args: [1]

-- mysql
SELECT track.name FROM track WHERE 1 <> 1 AND track.album_id = ?
-- args: [1]

-- mariadb
SELECT track.name FROM track WHERE 1 <> 1 AND track.album_id = ?
-- args: [1]
