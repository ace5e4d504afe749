-- ORDER BY a window function's label: the statement orders by the bare label.

-- postgres
SELECT track.name, row_number() OVER (ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.album_id = $1 ORDER BY rn DESC
-- args: [1]

-- sqlite
SELECT track.name, row_number() OVER (ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.album_id = ? ORDER BY rn DESC
-- args: [1]

-- mysql
SELECT track.name, row_number() OVER (ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.album_id = ? ORDER BY rn DESC
-- args: [1]

-- mariadb
SELECT track.name, row_number() OVER (ORDER BY track.milliseconds DESC) AS rn FROM track WHERE track.album_id = ? ORDER BY rn DESC
-- args: [1]
