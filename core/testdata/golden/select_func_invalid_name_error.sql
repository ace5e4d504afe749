-- A function name that is not a plain identifier is refused: Func is no way to inject SQL.

-- postgres
-- error: retort: invalid identifier: function name "count(*); DROP TABLE track; --": only letters, digits, '_' and '.' are allowed

-- sqlite
-- error: retort: invalid identifier: function name "count(*); DROP TABLE track; --": only letters, digits, '_' and '.' are allowed

-- mysql
-- error: retort: invalid identifier: function name "count(*); DROP TABLE track; --": only letters, digits, '_' and '.' are allowed

-- mariadb
-- error: retort: invalid identifier: function name "count(*); DROP TABLE track; --": only letters, digits, '_' and '.' are allowed
