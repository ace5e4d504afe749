-- Array values: the slice on PostgreSQL, its JSON text elsewhere; a nil slice as an empty one.

-- postgres
INSERT INTO post (id, tags, scores) VALUES ($1, $2, $3)
-- args: [1, []string{"go", "it's"}, []int64{}]

-- sqlite
INSERT INTO post (id, tags, scores) VALUES (?, ?, ?)
-- args: [1, "[\"go\",\"it's\"]", "[]"]

-- mysql
INSERT INTO post (id, tags, scores) VALUES (?, ?, ?)
-- args: [1, "[\"go\",\"it's\"]", "[]"]

-- mariadb
INSERT INTO post (id, tags, scores) VALUES (?, ?, ?)
-- args: [1, "[\"go\",\"it's\"]", "[]"]
