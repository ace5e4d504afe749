-- CREATE TABLE of an alias: the table itself is what exists.

-- postgres
-- error: retort: invalid statement: CREATE TABLE of alias a: use the table itself

-- sqlite
-- error: retort: invalid statement: CREATE TABLE of alias a: use the table itself

-- mysql
-- error: retort: invalid statement: CREATE TABLE of alias a: use the table itself

-- mariadb
-- error: retort: invalid statement: CREATE TABLE of alias a: use the table itself
