-- INSERT ... RETURNING: PostgreSQL, SQLite, MariaDB; not MySQL.

-- postgres
INSERT INTO tag (name, source, weight) VALUES ($1, $2, $3) RETURNING tag_id, weight
-- args: ["rock1", "manual", 1]

-- sqlite
INSERT INTO tag (name, source, weight) VALUES (?, ?, ?) RETURNING tag_id, weight
-- args: ["rock1", "manual", 1]

-- mysql
-- error: retort: unsupported by dialect: RETURNING on INSERT is not supported by mysql

-- mariadb
INSERT INTO tag (name, source, weight) VALUES (?, ?, ?) RETURNING tag_id, weight
-- args: ["rock1", "manual", 1]
