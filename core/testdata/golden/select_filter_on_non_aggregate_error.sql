-- Filter applies to an aggregate call only.

-- postgres
-- error: retort: invalid statement: Filter applies to an aggregate function call

-- sqlite
-- error: retort: invalid statement: Filter applies to an aggregate function call

-- mysql
-- error: retort: invalid statement: Filter applies to an aggregate function call

-- mariadb
-- error: retort: invalid statement: Filter applies to an aggregate function call
