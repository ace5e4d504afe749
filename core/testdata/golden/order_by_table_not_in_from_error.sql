-- ORDER BY adds no FROM item; ordering by a table the query does not select from is refused.

-- postgres
-- error: retort: invalid statement: ORDER BY refers to artist, which is not in the FROM clause; join it or select from it

-- sqlite
-- error: retort: invalid statement: ORDER BY refers to artist, which is not in the FROM clause; join it or select from it

-- mysql
-- error: retort: invalid statement: ORDER BY refers to artist, which is not in the FROM clause; join it or select from it

-- mariadb
-- error: retort: invalid statement: ORDER BY refers to artist, which is not in the FROM clause; join it or select from it
