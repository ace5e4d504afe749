-- Searched CASE with ELSE; the branch values are typed binds (cast on PostgreSQL).

-- postgres
SELECT track.name, CASE WHEN track.milliseconds < $1 THEN CAST($2 AS TEXT) WHEN track.milliseconds < $3 THEN CAST($4 AS TEXT) ELSE CAST($5 AS TEXT) END AS length FROM track
-- args: [1000, "short", 300000, "medium", "long"]

-- sqlite
SELECT track.name, CASE WHEN track.milliseconds < ? THEN ? WHEN track.milliseconds < ? THEN ? ELSE ? END AS length FROM track
-- args: [1000, "short", 300000, "medium", "long"]

-- mysql
SELECT track.name, CASE WHEN track.milliseconds < ? THEN ? WHEN track.milliseconds < ? THEN ? ELSE ? END AS length FROM track
-- args: [1000, "short", 300000, "medium", "long"]

-- mariadb
SELECT track.name, CASE WHEN track.milliseconds < ? THEN ? WHEN track.milliseconds < ? THEN ? ELSE ? END AS length FROM track
-- args: [1000, "short", 300000, "medium", "long"]
