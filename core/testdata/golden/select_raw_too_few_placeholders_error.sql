-- Raw with more arguments than ? placeholders is refused.

-- postgres
-- error: retort: invalid statement: Raw("?") has 1 placeholders for 2 arguments

-- sqlite
-- error: retort: invalid statement: Raw("?") has 1 placeholders for 2 arguments

-- mysql
-- error: retort: invalid statement: Raw("?") has 1 placeholders for 2 arguments

-- mariadb
-- error: retort: invalid statement: Raw("?") has 1 placeholders for 2 arguments
