-- An integer enum with a value twice is refused where a table uses it.

-- postgres
-- error: retort: invalid statement: enum type priority has the value 0 twice

-- sqlite
-- error: retort: invalid statement: enum type priority has the value 0 twice

-- mysql
-- error: retort: invalid statement: enum type priority has the value 0 twice

-- mariadb
-- error: retort: invalid statement: enum type priority has the value 0 twice
