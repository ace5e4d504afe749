-- From states the FROM item when nothing selected names it.

-- postgres
SELECT count(*) FROM track WHERE 1 = $1
-- args: [1]

-- sqlite
SELECT count(*) FROM track WHERE 1 = ?
-- args: [1]

-- mysql
SELECT count(*) FROM track WHERE 1 = ?
-- args: [1]

-- mariadb
SELECT count(*) FROM track WHERE 1 = ?
-- args: [1]
