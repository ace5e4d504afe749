-- Contains and JSONText of a nil expression fail Compile, naming the function.

-- postgres
-- error: retort: invalid statement: nil expression in Contains

-- sqlite
-- error: retort: invalid statement: nil expression in Contains

-- mysql
-- error: retort: invalid statement: nil expression in Contains

-- mariadb
-- error: retort: invalid statement: nil expression in Contains
