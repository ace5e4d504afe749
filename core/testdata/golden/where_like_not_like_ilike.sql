-- Like, NotLike, and ILike: native ILIKE on PostgreSQL, lower() LIKE lower() elsewhere.

-- postgres
SELECT track.name FROM track WHERE track.name LIKE $1 AND track.composer NOT LIKE $2 AND track.name ILIKE $3
-- args: ["A%1", "%Bach%1", "%love%1"]

-- sqlite
SELECT track.name FROM track WHERE track.name LIKE ? AND track.composer NOT LIKE ? AND lower(track.name) LIKE lower(?)
-- args: ["A%1", "%Bach%1", "%love%1"]

-- mysql
SELECT track.name FROM track WHERE track.name LIKE ? AND track.composer NOT LIKE ? AND lower(track.name) LIKE lower(?)
-- args: ["A%1", "%Bach%1", "%love%1"]

-- mariadb
SELECT track.name FROM track WHERE track.name LIKE ? AND track.composer NOT LIKE ? AND lower(track.name) LIKE lower(?)
-- args: ["A%1", "%Bach%1", "%love%1"]
