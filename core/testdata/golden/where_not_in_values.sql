-- NotIn: <> ALL(array) on PostgreSQL, NOT IN elsewhere.

-- postgres
SELECT track.name FROM track WHERE track.name <> ALL($1)
-- args: [[]string{"a1", "b1"}]

-- sqlite
SELECT track.name FROM track WHERE track.name NOT IN (?, ?)
-- args: ["a1", "b1"]

-- mysql
SELECT track.name FROM track WHERE track.name NOT IN (?, ?)
-- args: ["a1", "b1"]

-- mariadb
SELECT track.name FROM track WHERE track.name NOT IN (?, ?)
-- args: ["a1", "b1"]
