-- A document for a JSON column is bound as its JSON text.

-- postgres
INSERT INTO doc (id, data) VALUES ($1, $2)
-- args: [1, "{\"plan\":\"pro\",\"tags\":[\"a\"]}"]

-- sqlite
INSERT INTO doc (id, data) VALUES (?, ?)
-- args: [1, "{\"plan\":\"pro\",\"tags\":[\"a\"]}"]

-- mysql
INSERT INTO doc (id, data) VALUES (?, ?)
-- args: [1, "{\"plan\":\"pro\",\"tags\":[\"a\"]}"]

-- mariadb
INSERT INTO doc (id, data) VALUES (?, ?)
-- args: [1, "{\"plan\":\"pro\",\"tags\":[\"a\"]}"]
