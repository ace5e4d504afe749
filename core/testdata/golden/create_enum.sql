-- CREATE TYPE ... AS ENUM, only where an enum is a type of its own (PostgreSQL).

-- postgres
CREATE TYPE signal_colour AS ENUM ('red', 'amber', 'green', 'it''s \ odd')
-- args: []

-- sqlite
-- error: retort: unsupported by dialect: CREATE TYPE for an enum (its enums are column types) is not supported by sqlite

-- mysql
-- error: retort: unsupported by dialect: CREATE TYPE for an enum (its enums are column types) is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: CREATE TYPE for an enum (its enums are column types) is not supported by mariadb
