-- Enum columns: PostgreSQL's type of its own, by its quoted name (create_enum makes it); MySQL's and
-- MariaDB's ENUM (a backslash doubled, as they read one in a literal); SQLite's TEXT with a CHECK.

-- postgres
CREATE TABLE signal (
    id BIGINT NOT NULL,
    colour signal_colour NOT NULL DEFAULT 'red',
    last signal_colour,
    CONSTRAINT pk_signal PRIMARY KEY (id)
)
-- args: []

-- sqlite
CREATE TABLE signal (
    id INTEGER NOT NULL,
    colour TEXT NOT NULL DEFAULT 'red' CHECK (colour IN ('red', 'amber', 'green', 'it''s \ odd')),
    "last" TEXT CHECK ("last" IN ('red', 'amber', 'green', 'it''s \ odd')),
    CONSTRAINT pk_signal PRIMARY KEY (id)
)
-- args: []

-- mysql
CREATE TABLE `signal` (
    id BIGINT NOT NULL,
    colour ENUM('red', 'amber', 'green', 'it''s \\ odd') NOT NULL DEFAULT 'red',
    last ENUM('red', 'amber', 'green', 'it''s \\ odd'),
    CONSTRAINT pk_signal PRIMARY KEY (id)
)
-- args: []

-- mariadb
CREATE TABLE `signal` (
    id BIGINT NOT NULL,
    colour ENUM('red', 'amber', 'green', 'it''s \\ odd') NOT NULL DEFAULT 'red',
    last ENUM('red', 'amber', 'green', 'it''s \\ odd'),
    CONSTRAINT pk_signal PRIMARY KEY (id)
)
-- args: []
