-- Standalone values in a select list: PostgreSQL cannot infer a parameter's type there, so they are
-- cast; the others bind them bare. A value compared with a column is never cast.

-- postgres
SELECT CAST($1 AS BIGINT) AS an_int, CAST($2 AS TEXT) AS a_text, CAST($3 AS BOOLEAN) AS a_bool, CAST($4 AS DOUBLE PRECISION) AS a_float, CAST($5 AS INTEGER) AS an_int32, CAST($6 AS TIMESTAMP WITH TIME ZONE) AS a_time FROM track WHERE track.track_id = $7
-- args: [1, "text1", false, 1.25, int32(1), time(2024-01-01T12:00:00Z), 1]

-- sqlite
SELECT ? AS an_int, ? AS a_text, ? AS a_bool, ? AS a_float, ? AS an_int32, ? AS a_time FROM track WHERE track.track_id = ?
-- args: [1, "text1", false, 1.25, int32(1), time(2024-01-01T12:00:00Z), 1]

-- mysql
SELECT ? AS an_int, ? AS a_text, ? AS a_bool, ? AS a_float, ? AS an_int32, ? AS a_time FROM track WHERE track.track_id = ?
-- args: [1, "text1", false, 1.25, int32(1), time(2024-01-01T12:00:00Z), 1]

-- mariadb
SELECT ? AS an_int, ? AS a_text, ? AS a_bool, ? AS a_float, ? AS an_int32, ? AS a_time FROM track WHERE track.track_id = ?
-- args: [1, "text1", false, 1.25, int32(1), time(2024-01-01T12:00:00Z), 1]
