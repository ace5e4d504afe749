-- The Go zero value of a type whose constants start at iota + 1 is refused as any other.

-- postgres
-- error: retort: invalid statement: column task.level of enum type level: 0 is not one of its values [1 2 3]

-- sqlite
-- error: retort: invalid statement: column task.level of enum type level: 0 is not one of its values [1 2 3]

-- mysql
-- error: retort: invalid statement: column task.level of enum type level: 0 is not one of its values [1 2 3]

-- mariadb
-- error: retort: invalid statement: column task.level of enum type level: 0 is not one of its values [1 2 3]
