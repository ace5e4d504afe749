-- A named alias; its columns are reached with Of.

-- postgres
SELECT a.title FROM album AS a WHERE a.artist_id = $1
-- args: [1]

-- sqlite
SELECT a.title FROM album AS a WHERE a.artist_id = ?
-- args: [1]

-- mysql
SELECT a.title FROM album AS a WHERE a.artist_id = ?
-- args: [1]

-- mariadb
SELECT a.title FROM album AS a WHERE a.artist_id = ?
-- args: [1]
