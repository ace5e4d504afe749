-- Parts with their own ORDER BY / LIMIT are wrapped in subqueries (SQLite refuses parenthesised parts).

-- postgres
SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds DESC LIMIT $1) AS anon_1 UNION ALL SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds ASC LIMIT $2) AS anon_2
-- args: [1, 2]

-- sqlite
SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds DESC LIMIT ?) AS anon_1 UNION ALL SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds ASC LIMIT ?) AS anon_2
-- args: [1, 2]

-- mysql
SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds DESC LIMIT ?) AS anon_1 UNION ALL SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds ASC LIMIT ?) AS anon_2
-- args: [1, 2]

-- mariadb
SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds DESC LIMIT ?) AS anon_1 UNION ALL SELECT * FROM (SELECT track.name FROM track ORDER BY track.milliseconds ASC LIMIT ?) AS anon_2
-- args: [1, 2]
