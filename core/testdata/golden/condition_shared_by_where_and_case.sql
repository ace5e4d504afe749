-- One condition value used twice in a statement (Where and a CASE): both placeholders take its value.

-- postgres
SELECT track.name, CASE WHEN track.milliseconds > $1 THEN CAST($2 AS TEXT) ELSE CAST($3 AS TEXT) END AS kind FROM track WHERE track.milliseconds > $4
-- args: [1, "long", "short", 1]

-- sqlite
SELECT track.name, CASE WHEN track.milliseconds > ? THEN ? ELSE ? END AS kind FROM track WHERE track.milliseconds > ?
-- args: [1, "long", "short", 1]

-- mysql
SELECT track.name, CASE WHEN track.milliseconds > ? THEN ? ELSE ? END AS kind FROM track WHERE track.milliseconds > ?
-- args: [1, "long", "short", 1]

-- mariadb
SELECT track.name, CASE WHEN track.milliseconds > ? THEN ? ELSE ? END AS kind FROM track WHERE track.milliseconds > ?
-- args: [1, "long", "short", 1]
