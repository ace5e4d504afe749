-- JSON functions, keys always bound: a path's text (PostgreSQL #>> with a text[]; MySQL's JSON_UNQUOTE of
-- JSON_EXTRACT and SQLite's ->> with a JSON path, each key quoted in it), a path's JSON, and a key's presence.

-- postgres
SELECT doc.id, (doc.data #> $1) FROM doc WHERE (doc.data #>> $2) = $3 AND (doc.data ? $4)
-- args: [[]string{"owner"}, []string{"owner", "\"na.me\""}, "ann1", "plan"]

-- sqlite
SELECT doc.id, (doc.data -> ?) FROM doc WHERE (doc.data ->> ?) = ? AND (json_type(doc.data, ?) IS NOT NULL)
-- args: ["$.\"owner\"", "$.\"owner\".\"\\\"na.me\\\"\"", "ann1", "$.\"plan\""]

-- mysql
SELECT doc.id, JSON_EXTRACT(doc.data, ?) FROM doc WHERE JSON_UNQUOTE(JSON_EXTRACT(doc.data, ?)) = ? AND JSON_CONTAINS_PATH(doc.data, 'one', ?)
-- args: ["$.\"owner\"", "$.\"owner\".\"\\\"na.me\\\"\"", "ann1", "$.\"plan\""]

-- mariadb
SELECT doc.id, JSON_EXTRACT(doc.data, ?) FROM doc WHERE JSON_UNQUOTE(JSON_EXTRACT(doc.data, ?)) = ? AND JSON_CONTAINS_PATH(doc.data, 'one', ?)
-- args: ["$.\"owner\"", "$.\"owner\".\"\\\"na.me\\\"\"", "ann1", "$.\"plan\""]
