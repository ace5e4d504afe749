-- AutoIncrement on a text column is a mistake everywhere.

-- postgres
-- error: retort: invalid statement: AutoIncrement on text_auto.id, which is not an integer column

-- sqlite
-- error: retort: invalid statement: AutoIncrement on text_auto.id, which is not an integer column

-- mysql
-- error: retort: invalid statement: AutoIncrement on text_auto.id, which is not an integer column

-- mariadb
-- error: retort: invalid statement: AutoIncrement on text_auto.id, which is not an integer column
