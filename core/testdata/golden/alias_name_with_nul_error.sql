-- An alias name holding a NUL byte is refused.

-- postgres
-- error: retort: invalid identifier: name "a\x00b" contains a NUL byte

-- sqlite
-- error: retort: invalid identifier: name "a\x00b" contains a NUL byte

-- mysql
-- error: retort: invalid identifier: name "a\x00b" contains a NUL byte

-- mariadb
-- error: retort: invalid identifier: name "a\x00b" contains a NUL byte
