-- DROP TYPE IF EXISTS for an enum, only where it is a type of its own (PostgreSQL).

-- postgres
DROP TYPE IF EXISTS signal_colour
-- args: []

-- sqlite
-- error: retort: unsupported by dialect: DROP TYPE for an enum (its enums are column types) is not supported by sqlite

-- mysql
-- error: retort: unsupported by dialect: DROP TYPE for an enum (its enums are column types) is not supported by mysql

-- mariadb
-- error: retort: unsupported by dialect: DROP TYPE for an enum (its enums are column types) is not supported by mariadb
