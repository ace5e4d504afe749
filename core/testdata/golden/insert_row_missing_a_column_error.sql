-- A row that leaves out a column (without a default) the first row set is refused.

-- postgres
-- error: retort: invalid statement: INSERT into artist: row 2 does not set column artist_id, which the first row sets

-- sqlite
-- error: retort: invalid statement: INSERT into artist: row 2 does not set column artist_id, which the first row sets

-- mysql
-- error: retort: invalid statement: INSERT into artist: row 2 does not set column artist_id, which the first row sets

-- mariadb
-- error: retort: invalid statement: INSERT into artist: row 2 does not set column artist_id, which the first row sets
