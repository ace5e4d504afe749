-- An UPDATE's SET is checked as an INSERT's value.

-- postgres
-- error: retort: invalid statement: column task.priority of enum type priority: 3 is not one of its values [0 1 2]

-- sqlite
-- error: retort: invalid statement: column task.priority of enum type priority: 3 is not one of its values [0 1 2]

-- mysql
-- error: retort: invalid statement: column task.priority of enum type priority: 3 is not one of its values [0 1 2]

-- mariadb
-- error: retort: invalid statement: column task.priority of enum type priority: 3 is not one of its values [0 1 2]
