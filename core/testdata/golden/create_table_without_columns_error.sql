-- A table without columns.

-- postgres
-- error: retort: invalid statement: CREATE TABLE empty: the table has no columns

-- sqlite
-- error: retort: invalid statement: CREATE TABLE empty: the table has no columns

-- mysql
-- error: retort: invalid statement: CREATE TABLE empty: the table has no columns

-- mariadb
-- error: retort: invalid statement: CREATE TABLE empty: the table has no columns
