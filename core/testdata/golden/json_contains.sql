-- JSON containment, the value encoded as JSON and bound: PostgreSQL's @>, MySQL's JSON_CONTAINS; SQLite has none.

-- postgres
SELECT doc.id FROM doc WHERE (doc.data @> CAST($1 AS JSONB))
-- args: ["{\"plan\":\"pro\",\"seats\":1}"]

-- sqlite
-- error: retort: unsupported by dialect: JSONContains is not supported by sqlite

-- mysql
SELECT doc.id FROM doc WHERE JSON_CONTAINS(doc.data, ?)
-- args: ["{\"plan\":\"pro\",\"seats\":1}"]

-- mariadb
SELECT doc.id FROM doc WHERE JSON_CONTAINS(doc.data, ?)
-- args: ["{\"plan\":\"pro\",\"seats\":1}"]
