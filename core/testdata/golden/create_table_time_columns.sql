-- time.Time columns are TIMESTAMP WITH TIME ZONE on PostgreSQL, which keeps the instant; SQLType(Timestamp)
-- is TIMESTAMP without time zone. MySQL and MariaDB (DATETIME(6)) and SQLite (TIMESTAMP, text) have one type
-- for both, holding the UTC wall clock.

-- postgres
CREATE TABLE stamp (
    id BIGINT NOT NULL,
    at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen TIMESTAMP WITH TIME ZONE,
    created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    naive TIMESTAMP NOT NULL,
    CONSTRAINT pk_stamp PRIMARY KEY (id)
)
-- args: []

-- sqlite
CREATE TABLE stamp (
    id INTEGER NOT NULL,
    at TIMESTAMP NOT NULL,
    seen TIMESTAMP,
    created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    naive TIMESTAMP NOT NULL,
    CONSTRAINT pk_stamp PRIMARY KEY (id)
)
-- args: []

-- mysql
CREATE TABLE stamp (
    id BIGINT NOT NULL,
    at DATETIME(6) NOT NULL,
    seen DATETIME(6),
    created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    naive DATETIME(6) NOT NULL,
    CONSTRAINT pk_stamp PRIMARY KEY (id)
)
-- args: []

-- mariadb
CREATE TABLE stamp (
    id BIGINT NOT NULL,
    at DATETIME(6) NOT NULL,
    seen DATETIME(6),
    created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    naive DATETIME(6) NOT NULL,
    CONSTRAINT pk_stamp PRIMARY KEY (id)
)
-- args: []
