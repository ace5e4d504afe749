-- Rows that leave out a column with a default get the default; a row may also set it.

-- postgres
INSERT INTO tag (name, source, weight) VALUES ($1, $2, $3), ($4, $5, $6)
-- args: ["jazz1", "manual", 1, "blues1", "import", 1]

-- sqlite
INSERT INTO tag (name, source, weight) VALUES (?, ?, ?), (?, ?, ?)
-- args: ["jazz1", "manual", 1, "blues1", "import", 1]

-- mysql
INSERT INTO tag (name, source, weight) VALUES (?, ?, ?), (?, ?, ?)
-- args: ["jazz1", "manual", 1, "blues1", "import", 1]

-- mariadb
INSERT INTO tag (name, source, weight) VALUES (?, ?, ?), (?, ?, ?)
-- args: ["jazz1", "manual", 1, "blues1", "import", 1]
