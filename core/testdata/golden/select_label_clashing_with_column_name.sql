-- A label equal to a column name already selected is made distinct (name_1).

-- postgres
SELECT track.name, upper(track.name) AS name_1 FROM track WHERE track.track_id = $1
-- args: [1]

-- sqlite
SELECT track.name, upper(track.name) AS name_1 FROM track WHERE track.track_id = ?
-- args: [1]

-- mysql
SELECT track.name, upper(track.name) AS name_1 FROM track WHERE track.track_id = ?
-- args: [1]

-- mariadb
SELECT track.name, upper(track.name) AS name_1 FROM track WHERE track.track_id = ?
-- args: [1]
