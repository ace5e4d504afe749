-- Array tests, values bound: as an array on PostgreSQL (@>, &&, = ANY), as JSON text elsewhere
-- (MySQL's JSON_CONTAINS and JSON_OVERLAPS, SQLite's json_each).

-- postgres
SELECT post.id FROM post WHERE (post.tags @> $1) AND (post.tags && $2) AND ($3 = ANY(post.scores))
-- args: [[]string{"go", "x1"}, []string{"sql"}, 1]

-- sqlite
SELECT post.id FROM post WHERE NOT EXISTS (SELECT 1 FROM json_each(?) AS v WHERE v.value NOT IN (SELECT value FROM json_each(post.tags))) AND EXISTS (SELECT 1 FROM json_each(post.tags) AS a, json_each(?) AS v WHERE a.value = v.value) AND EXISTS (SELECT 1 FROM json_each(post.scores) AS a, json_each(?) AS v WHERE a.value = v.value)
-- args: ["[\"go\",\"x1\"]", "[\"sql\"]", "[1]"]

-- mysql
SELECT post.id FROM post WHERE JSON_CONTAINS(post.tags, ?) AND JSON_OVERLAPS(post.tags, ?) AND JSON_CONTAINS(post.scores, ?)
-- args: ["[\"go\",\"x1\"]", "[\"sql\"]", "[1]"]

-- mariadb
SELECT post.id FROM post WHERE JSON_CONTAINS(post.tags, ?) AND JSON_OVERLAPS(post.tags, ?) AND JSON_CONTAINS(post.scores, ?)
-- args: ["[\"go\",\"x1\"]", "[\"sql\"]", "[1]"]
