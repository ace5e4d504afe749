-- In: one array parameter on PostgreSQL (= ANY), one placeholder per value elsewhere.

-- postgres
SELECT track.name FROM track WHERE track.genre_id = ANY($1)
-- args: [[]int64{1, 2, 3}]

-- sqlite
SELECT track.name FROM track WHERE track.genre_id IN (?, ?, ?)
-- args: [1, 2, 3]

-- mysql
SELECT track.name FROM track WHERE track.genre_id IN (?, ?, ?)
-- args: [1, 2, 3]

-- mariadb
SELECT track.name FROM track WHERE track.genre_id IN (?, ?, ?)
-- args: [1, 2, 3]
