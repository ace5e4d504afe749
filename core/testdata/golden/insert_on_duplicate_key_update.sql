-- ON DUPLICATE KEY UPDATE with VALUES(col): MySQL and MariaDB.

-- postgres
-- error: retort: unsupported by dialect: ON DUPLICATE KEY UPDATE (use OnConflict) is not supported by postgres

-- sqlite
-- error: retort: unsupported by dialect: ON DUPLICATE KEY UPDATE (use OnConflict) is not supported by sqlite

-- mysql
INSERT INTO tag (name, weight, source) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE weight = (tag.weight + VALUES(weight)), source = ?
-- args: ["rock1", 1, "manual", "upsert1"]

-- mariadb
INSERT INTO tag (name, weight, source) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE weight = (tag.weight + VALUES(weight)), source = ?
-- args: ["rock1", 1, "manual", "upsert1"]
