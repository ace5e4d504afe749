-- A value outside an integer enum is refused by Compile, before anything is sent.

-- postgres
-- error: retort: invalid statement: column task.priority of enum type priority: 7 is not one of its values [0 1 2]

-- sqlite
-- error: retort: invalid statement: column task.priority of enum type priority: 7 is not one of its values [0 1 2]

-- mysql
-- error: retort: invalid statement: column task.priority of enum type priority: 7 is not one of its values [0 1 2]

-- mariadb
-- error: retort: invalid statement: column task.priority of enum type priority: 7 is not one of its values [0 1 2]
