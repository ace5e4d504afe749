-- An index over a column of another table.

-- postgres
-- error: retort: invalid statement: CREATE INDEX on tag: column name is of table artist

-- sqlite
-- error: retort: invalid statement: CREATE INDEX on tag: column name is of table artist

-- mysql
-- error: retort: invalid statement: CREATE INDEX on tag: column name is of table artist

-- mariadb
-- error: retort: invalid statement: CREATE INDEX on tag: column name is of table artist
