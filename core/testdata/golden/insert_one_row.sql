-- INSERT of one row; columns with a Go default (source, weight) are filled in.

-- postgres
INSERT INTO tag (name, weight, source) VALUES ($1, $2, $3)
-- args: ["rock1", 1, "manual"]

-- sqlite
INSERT INTO tag (name, weight, source) VALUES (?, ?, ?)
-- args: ["rock1", 1, "manual"]

-- mysql
INSERT INTO tag (name, weight, source) VALUES (?, ?, ?)
-- args: ["rock1", 1, "manual"]

-- mariadb
INSERT INTO tag (name, weight, source) VALUES (?, ?, ?)
-- args: ["rock1", 1, "manual"]
