-- A CASE with no WHEN is refused.

-- postgres
-- error: retort: invalid statement: CASE without WHEN

-- sqlite
-- error: retort: invalid statement: CASE without WHEN

-- mysql
-- error: retort: invalid statement: CASE without WHEN

-- mariadb
-- error: retort: invalid statement: CASE without WHEN
