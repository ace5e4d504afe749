-- INSERT of three rows, columns in any order per row.

-- postgres
INSERT INTO artist (artist_id, name) VALUES ($1, $2), ($3, $4), ($5, $6)
-- args: [1, "a1", 2, "b1", 3, "c1"]

-- sqlite
INSERT INTO artist (artist_id, name) VALUES (?, ?), (?, ?), (?, ?)
-- args: [1, "a1", 2, "b1", 3, "c1"]

-- mysql
INSERT INTO artist (artist_id, name) VALUES (?, ?), (?, ?), (?, ?)
-- args: [1, "a1", 2, "b1", 3, "c1"]

-- mariadb
INSERT INTO artist (artist_id, name) VALUES (?, ?), (?, ?), (?, ?)
-- args: [1, "a1", 2, "b1", 3, "c1"]
