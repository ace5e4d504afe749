-- DO UPDATE needs a conflict target.

-- postgres
-- error: retort: invalid statement: ON CONFLICT DO UPDATE on tag needs a conflict target and at least one assignment

-- sqlite
-- error: retort: invalid statement: ON CONFLICT DO UPDATE on tag needs a conflict target and at least one assignment

-- mysql
-- error: retort: invalid statement: ON CONFLICT DO UPDATE on tag needs a conflict target and at least one assignment

-- mariadb
-- error: retort: invalid statement: ON CONFLICT DO UPDATE on tag needs a conflict target and at least one assignment
