-- An UPDATE with nothing to set is refused.

-- postgres
-- error: retort: invalid statement: UPDATE track has no assignments

-- sqlite
-- error: retort: invalid statement: UPDATE track has no assignments

-- mysql
-- error: retort: invalid statement: UPDATE track has no assignments

-- mariadb
-- error: retort: invalid statement: UPDATE track has no assignments
