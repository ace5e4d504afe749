-- A row that sets a column the first row did not set is refused.

-- postgres
-- error: retort: invalid statement: INSERT into artist: row 2 sets column artist_id, which the first row does not

-- sqlite
-- error: retort: invalid statement: INSERT into artist: row 2 sets column artist_id, which the first row does not

-- mysql
-- error: retort: invalid statement: INSERT into artist: row 2 sets column artist_id, which the first row does not

-- mariadb
-- error: retort: invalid statement: INSERT into artist: row 2 sets column artist_id, which the first row does not
