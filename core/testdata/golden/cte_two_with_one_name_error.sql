-- Two different CTEs with the same name in one statement are refused rather than both emitted.

-- postgres
-- error: retort: invalid statement: two different CTEs are named "picked" in one statement

-- sqlite
-- error: retort: invalid statement: two different CTEs are named "picked" in one statement

-- mysql
-- error: retort: invalid statement: two different CTEs are named "picked" in one statement

-- mariadb
-- error: retort: invalid statement: two different CTEs are named "picked" in one statement
