-- A scalar subquery in VALUES reads the table being inserted into: it keeps its own FROM
-- (VALUES cannot refer to the target's columns). MariaDB runs it; MySQL may refuse it (error 1093).

-- postgres
INSERT INTO artist (artist_id, name) VALUES ((SELECT (coalesce(max(artist.artist_id), CAST($1 AS BIGINT)) + $2) FROM artist), $3)
-- args: [1, 1, "new1"]

-- sqlite
INSERT INTO artist (artist_id, name) VALUES ((SELECT (coalesce(max(artist.artist_id), ?) + ?) FROM artist), ?)
-- args: [1, 1, "new1"]

-- mysql
INSERT INTO artist (artist_id, name) VALUES ((SELECT (coalesce(max(artist.artist_id), ?) + ?) FROM artist), ?)
-- args: [1, 1, "new1"]

-- mariadb
INSERT INTO artist (artist_id, name) VALUES ((SELECT (coalesce(max(artist.artist_id), ?) + ?) FROM artist), ?)
-- args: [1, 1, "new1"]
